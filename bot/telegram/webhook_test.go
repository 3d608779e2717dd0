package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/bot/telegram/telegramtest"
)

const hookURL = "https://toko.example.com/tg/hook"

// hook is a Webhook serving on 127.0.0.1 with a sink that records what it
// accepts.
type hook struct {
	w      *Webhook
	url    string // where the test posts: the listener plus the URL's path
	secret string // as given to setWebhook
	got    chan bot.Inbound
	cancel context.CancelFunc
	done   chan error
}

func startHook(t *testing.T, f *telegramtest.Server, c *Channel, sink Sink, mod func(*WebhookConfig)) *hook {
	t.Helper()
	wc := WebhookConfig{URL: hookURL, Listen: "127.0.0.1:0"}
	if mod != nil {
		mod(&wc)
	}
	w, err := c.StartWebhook(context.Background(), wc)
	if err != nil {
		t.Fatalf("StartWebhook: %v", err)
	}
	sw := f.Calls("setWebhook")
	if len(sw) == 0 {
		t.Fatal("StartWebhook did not call setWebhook")
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &hook{w: w, url: "http://" + w.Addr().String() + "/tg/hook", secret: sw[len(sw)-1].Form.Get("secret_token"),
		got: make(chan bot.Inbound, 100), cancel: cancel, done: make(chan error, 1)}
	if sink == nil {
		sink = func(_ context.Context, in bot.Inbound) error { h.got <- in; return nil }
	}
	go func() { h.done <- w.Serve(ctx, sink) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.done:
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after cancel")
		}
	})
	return h
}

// post sends body like Telegram does, with the given secret header ("" =
// none), and returns the status.
func (h *hook) post(t *testing.T, secret, body string) int {
	t.Helper()
	return h.do(t, http.MethodPost, h.url, secret, body)
}

func (h *hook) do(t *testing.T, method, url, secret, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("%s %s: %v", method, url, err) // not Fatal: called from goroutines too
		return 0
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func (h *hook) next(t *testing.T) bot.Inbound {
	t.Helper()
	select {
	case in := <-h.got:
		return in
	case <-time.After(5 * time.Second):
		t.Fatal("no inbound delivered within 5s")
		return bot.Inbound{}
	}
}

func (h *hook) none(t *testing.T) {
	t.Helper()
	select {
	case in := <-h.got:
		t.Errorf("unexpected delivery %+v", in)
	case <-time.After(50 * time.Millisecond):
	}
}

var secretShape = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func TestWebhookSetsWebhook(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	h1 := startHook(t, f, c, nil, nil)
	h2 := startHook(t, f, c, nil, nil) // a second start (a restart)
	sw := f.Calls("setWebhook")
	if len(sw) != 2 {
		t.Fatalf("setWebhook calls = %d, want 2", len(sw))
	}
	form := sw[0].Form
	if form.Get("url") != hookURL || form.Get("allowed_updates") != `["message","callback_query"]` ||
		form.Get("drop_pending_updates") != "false" {
		t.Errorf("setWebhook form = %v, want url %s, allowed_updates [message callback_query], drop_pending_updates false", form, hookURL)
	}
	if !secretShape.MatchString(h1.secret) || len(h1.secret) < 32 {
		t.Errorf("secret_token %q: want ≥32 characters of [A-Za-z0-9_-]", h1.secret)
	}
	if h1.secret == h2.secret {
		t.Error("two starts used the same secret_token")
	}
	if n := len(f.Calls("getUpdates")); n != 0 {
		t.Errorf("getUpdates called %d times in webhook mode", n)
	}
	// The first start's secret is worthless to the second.
	if got := h2.post(t, h1.secret, msgUpdate(1, budiChat, `"text":"x"`)); got != http.StatusUnauthorized {
		t.Errorf("old secret: status %d, want 401", got)
	}
}

func TestWebhookDeliversPrivateText(t *testing.T) {
	f := newFake(t)
	h := startHook(t, f, newChannel(t, f, nil), nil, nil)
	status := h.post(t, h.secret, msgUpdate(10, budiChat, `"text":"halo kak","reply_to_message":{"message_id":88,"date":1,"chat":`+budiChat+`}`))
	if status != http.StatusOK {
		t.Fatalf("status %d, want 200", status)
	}
	want := bot.Inbound{
		Channel: "telegram", ChatID: "5551", Kind: bot.Private, SenderID: "5551", SenderName: "Budi Santoso",
		Text: "halo kak", ReplyTo: "88", MessageID: "10", Time: mustTime(t, stampTime),
	}
	if got := h.next(t); !reflect.DeepEqual(got, want) {
		t.Errorf("inbound\n got %+v\nwant %+v", got, want)
	}
}

// The same updates through polling and through the webhook give the same
// Inbound, downloads and callback answers included.
func TestWebhookSameAsPolling(t *testing.T) {
	img := pngBytes(t)
	doc := []byte("sku,name,supplier,cost\n")
	updates := []string{
		msgUpdate(20, group, `"text":"/stok@toko_bot GMS-01 5","entities":[{"type":"bot_command","offset":0,"length":13}]`),
		msgUpdate(30, budiChat, fmt.Sprintf(`"caption":"bukti transfer","photo":[`+
			`{"file_id":"p-small","file_unique_id":"a","width":90,"height":67,"file_size":5},`+
			`{"file_id":"p-large","file_unique_id":"b","width":1280,"height":960,"file_size":%d}]`, len(img))),
		msgUpdate(40, budiChat, fmt.Sprintf(`"document":{"file_id":"doc1","file_unique_id":"d","file_name":"katalog.csv","mime_type":"text/csv","file_size":%d}`, len(doc))),
		fmt.Sprintf(`{"update_id":60,"callback_query":{"id":"q60","from":%s,"chat_instance":"-77","data":"2",`+
			`"message":{"message_id":77,"chat":%s,"date":%d,"text":"Pilih:"}}}`, budi, budiChat, stamp),
	}
	setup := func(f *telegramtest.Server) {
		f.AddFile("p-large", fakeFile{Path: "photos/file_7.jpg", Data: img, Size: len(img)})
		f.AddFile("p-small", fakeFile{Path: "photos/file_6.jpg", Data: []byte("small"), Size: 5})
		f.AddFile("doc1", fakeFile{Path: "documents/k.csv", Data: doc, Size: len(doc)})
	}
	for _, raw := range updates {
		fp, fw := newFake(t), newFake(t)
		setup(fp)
		setup(fw)
		fp.Push(raw)
		polled := startRun(t, newChannel(t, fp, nil), nil).next(t)
		h := startHook(t, fw, newChannel(t, fw, nil), nil, nil)
		if status := h.post(t, h.secret, raw); status != http.StatusOK {
			t.Fatalf("status %d, want 200", status)
		}
		hooked := h.next(t)
		if !reflect.DeepEqual(hooked, polled) {
			t.Errorf("webhook inbound\n got %+v\npolled %+v", hooked, polled)
		}
		for _, m := range []string{"getFile", "answerCallbackQuery", "editMessageReplyMarkup"} {
			if p, w := len(fp.Calls(m)), len(fw.Calls(m)); p != w {
				t.Errorf("%s: %d calls when polling, %d by webhook", m, p, w)
			}
		}
		if p, w := fp.FileHits(), fw.FileHits(); !reflect.DeepEqual(p, w) {
			t.Errorf("downloads: polling %v, webhook %v", p, w)
		}
	}
}

func TestWebhookPhotoDownloaded(t *testing.T) {
	f := newFake(t)
	img := pngBytes(t)
	f.AddFile("p1", fakeFile{Path: "photos/file_1.jpg", Data: img, Size: len(img)})
	h := startHook(t, f, newChannel(t, f, nil), nil, nil)
	h.post(t, h.secret, msgUpdate(31, budiChat, fmt.Sprintf(`"photo":[{"file_id":"p1","file_unique_id":"a","width":10,"height":10,"file_size":%d}]`, len(img))))
	got := h.next(t)
	want := &bot.InMedia{Kind: "photo", MIME: "image/jpeg", Size: int64(len(img)), Data: img}
	if !reflect.DeepEqual(got.Media, want) {
		t.Errorf("media = %+v, want %+v", got.Media, want)
	}
	if hits := f.FileHits(); !reflect.DeepEqual(hits, []string{"/file/bot" + testToken + "/photos/file_1.jpg"}) {
		t.Errorf("downloads = %v", hits)
	}
}

func TestWebhookRefusesWrongSecret(t *testing.T) {
	f := newFake(t)
	calls := 0
	var mu sync.Mutex
	h := startHook(t, f, newChannel(t, f, nil), func(context.Context, bot.Inbound) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		return nil
	}, nil)
	body := msgUpdate(11, budiChat, `"text":"palsu"`)
	for _, secret := range []string{"", "wrong", h.secret[:len(h.secret)-1], h.secret + "x", strings.ToUpper(h.secret), testToken} {
		if got := h.post(t, secret, body); got != http.StatusUnauthorized {
			t.Errorf("secret %q: status %d, want 401", secret, got)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 0 {
		t.Errorf("sink called %d times for refused requests", calls)
	}
}

// A failing sink answers 500; Telegram's redelivery is then committed.
func TestWebhookSinkErrorIs500(t *testing.T) {
	f := newFake(t)
	var mu sync.Mutex
	var seen []string
	h := startHook(t, f, newChannel(t, f, nil), func(_ context.Context, in bot.Inbound) error {
		mu.Lock()
		defer mu.Unlock()
		if len(seen) == 0 {
			seen = append(seen, in.MessageID+"!")
			return errors.New("database is locked")
		}
		seen = append(seen, in.MessageID)
		return nil
	}, nil)
	body := msgUpdate(12, budiChat, `"text":"a"`)
	if got := h.post(t, h.secret, body); got != http.StatusInternalServerError {
		t.Errorf("first delivery: status %d, want 500", got)
	}
	if got := h.post(t, h.secret, body); got != http.StatusOK {
		t.Errorf("redelivery: status %d, want 200", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"12!", "12"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("sink calls = %v, want %v", seen, want)
	}
}

func TestWebhookBodyLimit(t *testing.T) {
	f := newFake(t)
	h := startHook(t, f, newChannel(t, f, nil), nil, nil)
	upd := msgUpdate(13, budiChat, `"text":"pas"`)
	// DefaultMaxBody = 1 MiB = 1048576 bytes: an update padded with JSON
	// whitespace to exactly that is accepted, one byte more is not.
	exact := upd + strings.Repeat(" ", DefaultMaxBody-len(upd))
	if got := h.post(t, h.secret, exact+" "); got != http.StatusRequestEntityTooLarge {
		t.Errorf("1048577 bytes: status %d, want 413", got)
	}
	h.none(t)
	if got := h.post(t, h.secret, exact); got != http.StatusOK {
		t.Errorf("1048576 bytes: status %d, want 200", got)
	}
	if got := h.next(t); got.Text != "pas" {
		t.Errorf("delivered %+v", got)
	}
}

func TestWebhookMethodsAndPaths(t *testing.T) {
	f := newFake(t)
	h := startHook(t, f, newChannel(t, f, nil), nil, nil)
	body := msgUpdate(14, budiChat, `"text":"x"`)
	base := "http://" + h.w.Addr().String()
	tests := []struct {
		method, url string
		want        int
	}{
		{http.MethodGet, h.url, http.StatusMethodNotAllowed},
		{http.MethodPut, h.url, http.StatusMethodNotAllowed},
		{http.MethodHead, h.url, http.StatusMethodNotAllowed},
		{http.MethodPost, base + "/", http.StatusNotFound},
		{http.MethodPost, base + "/tg/hook/", http.StatusNotFound},
		{http.MethodPost, base + "/tg", http.StatusNotFound},
	}
	for _, tt := range tests {
		if got := h.do(t, tt.method, tt.url, h.secret, body); got != tt.want {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.url, got, tt.want)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, h.url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if a := resp.Header.Get("Allow"); a != "POST" {
		t.Errorf("405 Allow header %q, want POST", a)
	}
	h.none(t)
}

// An update that cannot be decoded or is not delivered is answered 200 (or
// Telegram would send it again and again) and the next one goes through.
func TestWebhookBadUpdatesAnswered200(t *testing.T) {
	f := newFake(t)
	h := startHook(t, f, newChannel(t, f, nil), nil, nil)
	bad := []string{
		`not json`,
		`{"message":{"text":"no id"}}`,
		fmt.Sprintf(`{"update_id":75,"message":{"message_id":"x","chat":%s,"date":%d,"text":"rusak"}}`, budiChat, stamp),
		fmt.Sprintf(`{"update_id":70,"edited_message":{"message_id":1,"from":%s,"chat":%s,"date":%d,"edit_date":%d,"text":"ubah"}}`, budi, budiChat, stamp, stamp),
		`{"update_id":71,"poll":{"id":"p","question":"?","options":[],"total_voter_count":0,"is_closed":false,"is_anonymous":true,"type":"regular","allows_multiple_answers":false}}`,
		msgUpdate(72, group, `"new_chat_members":[{"id":9,"is_bot":false,"first_name":"Sari"}]`),
	}
	for _, b := range bad {
		if got := h.post(t, h.secret, b); got != http.StatusOK {
			t.Errorf("%s: status %d, want 200", b, got)
		}
	}
	h.none(t)
	if got := h.post(t, h.secret, msgUpdate(76, budiChat, `"text":"masih ada?"`)); got != http.StatusOK {
		t.Errorf("good update after bad ones: status %d", got)
	}
	if got := h.next(t); got.MessageID != "76" {
		t.Errorf("delivered %+v, want update 76", got)
	}
}

// Tries 1 and 2 of a failing download answer 500 (Telegram redelivers);
// try 3 delivers the photo without data, as polling does.
func TestWebhookMediaRetriesThenDegrades(t *testing.T) {
	f := newFake(t)
	img := pngBytes(t)
	f.AddFile("p1", fakeFile{Path: "photos/p1.jpg", Data: img, Size: len(img)})
	f.Can("getFile", errReply(502, "Bad Gateway"), errReply(502, "Bad Gateway"), errReply(502, "Bad Gateway"))
	h := startHook(t, f, newChannel(t, f, nil), nil, nil)
	body := msgUpdate(81, budiChat, fmt.Sprintf(`"photo":[{"file_id":"p1","file_unique_id":"a","width":10,"height":10,"file_size":%d}]`, len(img)))
	for i, want := range []int{500, 500, 200} {
		if got := h.post(t, h.secret, body); got != want {
			t.Errorf("delivery %d: status %d, want %d", i+1, got, want)
		}
	}
	got := h.next(t)
	if got.Media == nil || got.Media.Kind != "photo" || got.Media.Data != nil {
		t.Errorf("media = %+v, want a photo without data", got.Media)
	}
	if n := len(f.Calls("getFile")); n != mediaTries {
		t.Errorf("getFile calls = %d, want %d", n, mediaTries)
	}
}

// Two updates of one chat never reach the sink together; another chat is
// not held up meanwhile.
func TestWebhookOneChatAtATime(t *testing.T) {
	f := newFake(t)
	release := make(chan struct{})
	entered := make(chan string, 10)
	h := startHook(t, f, newChannel(t, f, nil), func(_ context.Context, in bot.Inbound) error {
		entered <- in.MessageID
		if in.MessageID == "1" {
			<-release
		}
		return nil
	}, nil)
	next := func() string {
		select {
		case id := <-entered:
			return id
		case <-time.After(5 * time.Second):
			t.Fatal("nothing entered the sink within 5s")
			return ""
		}
	}
	statuses := make(chan int, 2)
	go func() { statuses <- h.post(t, h.secret, msgUpdate(1, budiChat, `"text":"a"`)) }()
	if id := next(); id != "1" {
		t.Fatalf("first in the sink: %s", id)
	}
	go func() { statuses <- h.post(t, h.secret, msgUpdate(2, budiChat, `"text":"b"`)) }()
	time.Sleep(50 * time.Millisecond) // 2 is now waiting for 1
	if got := h.post(t, h.secret, msgUpdate(3, group, `"text":"c"`)); got != http.StatusOK {
		t.Errorf("other chat: status %d", got)
	}
	select {
	case id := <-entered:
		if id != "3" {
			t.Errorf("update %s entered the sink while 1 of the same chat is in it", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the other chat's update 3 held up behind 1")
	}
	select {
	case id := <-entered:
		t.Errorf("update %s entered the sink while 1 of the same chat is in it", id)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if id := next(); id != "2" {
		t.Errorf("after 1: %s, want 2", id)
	}
	for range 2 {
		if s := <-statuses; s != http.StatusOK {
			t.Errorf("status %d", s)
		}
	}
}

func TestWebhookShutdownIdle(t *testing.T) {
	f := newFake(t)
	h := startHook(t, f, newChannel(t, f, nil), nil, nil)
	h.post(t, h.secret, msgUpdate(15, budiChat, `"text":"x"`)) // a kept-alive connection
	start := time.Now()
	h.cancel()
	select {
	case err := <-h.done:
		h.done <- err
		if err != nil {
			t.Errorf("Serve = %v, want nil", err)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("Serve took %v to return", d)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve still running 3s after cancel")
	}
	if n := len(f.Calls("deleteWebhook")); n != 0 {
		t.Errorf("deleteWebhook called %d times: updates would not wait at Telegram", n)
	}
	if _, err := net.DialTimeout("tcp", h.w.Addr().String(), time.Second); err == nil {
		t.Error("still listening after Serve returned")
	}
}

// An update under way when the run ends may finish within the grace period.
func TestWebhookShutdownLetsUpdateFinish(t *testing.T) {
	f := newFake(t)
	release := make(chan struct{})
	entered := make(chan struct{})
	h := startHook(t, f, newChannel(t, f, nil), func(ctx context.Context, _ bot.Inbound) error {
		close(entered)
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}, func(wc *WebhookConfig) { wc.Grace = 2 * time.Second })
	status := make(chan int, 1)
	go func() { status <- h.post(t, h.secret, msgUpdate(16, budiChat, `"text":"x"`)) }()
	<-entered
	h.cancel()
	time.Sleep(50 * time.Millisecond)
	close(release)
	if s := <-status; s != http.StatusOK {
		t.Errorf("status %d, want 200 (committed within the grace)", s)
	}
	select {
	case err := <-h.done:
		h.done <- err
	case <-time.After(time.Second):
		t.Fatal("Serve did not return after the update finished")
	}
}

// An update that outlasts the grace period is cut short: 500, and Serve
// returns shortly after the grace.
func TestWebhookShutdownCutsAfterGrace(t *testing.T) {
	f := newFake(t)
	entered := make(chan struct{})
	sinkErr := make(chan error, 1)
	h := startHook(t, f, newChannel(t, f, nil), func(ctx context.Context, _ bot.Inbound) error {
		close(entered)
		<-ctx.Done()
		sinkErr <- ctx.Err()
		return ctx.Err()
	}, func(wc *WebhookConfig) { wc.Grace = 200 * time.Millisecond })
	posted := make(chan struct{})
	go func() {
		// The connection is closed under it: no status to check.
		defer close(posted)
		req, _ := http.NewRequest(http.MethodPost, h.url, strings.NewReader(msgUpdate(17, budiChat, `"text":"x"`)))
		req.Header.Set(SecretHeader, h.secret)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	start := time.Now()
	h.cancel()
	select {
	case err := <-h.done:
		h.done <- err
		// 200 ms of grace, then the cut: well under a second.
		if d := time.Since(start); d < 150*time.Millisecond || d > time.Second {
			t.Errorf("Serve returned after %v, want about the 200ms grace", d)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve still running 3s after cancel")
	}
	if err := <-sinkErr; !errors.Is(err, context.Canceled) {
		t.Errorf("sink context ended with %v, want canceled", err)
	}
	<-posted
}

func TestStartWebhookErrors(t *testing.T) {
	t.Run("bad url", func(t *testing.T) {
		f := newFake(t)
		c := newChannel(t, f, nil)
		for _, u := range []string{"", "toko.example.com/hook", "ftp://toko.example.com/hook", "https://", "https://u:p@toko.example.com/", "://x"} {
			_, err := c.StartWebhook(context.Background(), WebhookConfig{URL: u, Listen: "127.0.0.1:0"})
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeBadConfig {
				t.Errorf("%q: err = %v, want %s", u, err, CodeBadConfig)
			}
		}
		if n := len(f.Calls("setWebhook")); n != 0 {
			t.Errorf("setWebhook called %d times for bad URLs", n)
		}
	})
	t.Run("port taken", func(t *testing.T) {
		f := newFake(t)
		c := newChannel(t, f, nil)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		_, err = c.StartWebhook(context.Background(), WebhookConfig{URL: hookURL, Listen: ln.Addr().String()})
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeListen {
			t.Errorf("err = %v, want %s", err, CodeListen)
		}
	})
	t.Run("refused", func(t *testing.T) {
		f := newFake(t)
		f.Can("setWebhook", errReply(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"))
		c := newChannel(t, f, nil)
		addr := freeAddr(t)
		_, err := c.StartWebhook(context.Background(), WebhookConfig{URL: hookURL, Listen: addr})
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeWebhookRefused || !strings.Contains(err.Error(), "HTTPS URL must be provided") {
			t.Errorf("err = %v, want %s with Telegram's reason", err, CodeWebhookRefused)
		}
		if strings.Contains(err.Error(), testToken) {
			t.Errorf("error leaks the token: %v", err)
		}
		// Nothing is left listening: the address can be taken again.
		ln, lerr := net.Listen("tcp", addr)
		if lerr != nil {
			t.Errorf("address still taken after a refused setWebhook: %v", lerr)
		} else {
			ln.Close()
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		f := newFake(t)
		c := newChannel(t, f, nil)
		f.Close()
		_, err := c.StartWebhook(context.Background(), WebhookConfig{URL: hookURL, Listen: "127.0.0.1:0"})
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeUnreachable {
			t.Errorf("err = %v, want %s", err, CodeUnreachable)
		}
		if err != nil && strings.Contains(err.Error(), testToken) {
			t.Errorf("error leaks the token: %v", err)
		}
	})
}

func TestWebhookRootPath(t *testing.T) {
	f := newFake(t)
	h := startHook(t, f, newChannel(t, f, nil), nil, func(wc *WebhookConfig) { wc.URL = "https://toko.example.com" })
	if got := h.do(t, http.MethodPost, "http://"+h.w.Addr().String()+"/", h.secret, msgUpdate(18, budiChat, `"text":"x"`)); got != http.StatusOK {
		t.Errorf("status %d, want 200 on /", got)
	}
	if got := h.next(t); got.MessageID != "18" {
		t.Errorf("delivered %+v", got)
	}
}

// freeAddr is a 127.0.0.1 address nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// FuzzWebhookBody: whatever Telegram (or anyone holding the secret) posts
// is answered 200 when the sink accepts everything, so no body can make
// Telegram redeliver forever, and what reaches the sink carries what the
// engine requires (channel, chat, sender, message id).
func FuzzWebhookBody(f *testing.F) {
	f.Add(msgUpdate(10, budiChat, `"text":"halo kak","reply_to_message":{"message_id":88,"date":1,"chat":`+budiChat+`}`))
	f.Add(msgUpdate(20, group, `"text":"/stok@toko_bot GMS-01 5"`))
	f.Add(msgUpdate(30, budiChat, `"caption":"bukti","photo":[{"file_id":"nope","file_unique_id":"a","width":9,"height":9,"file_size":5}]`))
	f.Add(fmt.Sprintf(`{"update_id":60,"callback_query":{"id":"q","from":%s,"chat_instance":"1","data":"2","message":{"message_id":7,"chat":%s,"date":0}}}`, budi, budiChat))
	f.Add(fmt.Sprintf(`{"update_id":61,"callback_query":{"id":"q","from":%s,"chat_instance":"1","data":""}}`, budi))
	f.Add(fmt.Sprintf(`{"update_id":73,"message":{"message_id":3,"from":%s,"chat":{"id":-4001,"type":"group"},"date":1,"migrate_to_chat_id":-1004001}}`, budi))
	f.Add(`{"update_id":74,"message":{"message_id":1,"sender_chat":{"id":-100,"type":"channel"},"chat":{"id":-100,"type":"supergroup"},"date":1,"text":"x"}}`)
	f.Add(`{"update_id":75,"message":{"message_id":1,"chat":{"id":5,"type":"private"},"date":1,"text":"no sender"}}`)
	f.Add(`{"update_id":1}`)
	f.Add(`not json`)
	f.Add(``)
	fk := newFake(f)
	c, err := New(context.Background(), testConfig(fk))
	if err != nil {
		f.Fatal(err)
	}
	w, err := c.StartWebhook(context.Background(), WebhookConfig{URL: hookURL, Listen: "127.0.0.1:0"})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { w.Close() })
	f.Fuzz(func(t *testing.T, body string) {
		sink := func(_ context.Context, in bot.Inbound) error {
			if in.Channel != Name || in.ChatID == "" || in.SenderID == "" || in.MessageID == "" {
				t.Errorf("inbound the engine would refuse: %+v", in)
			}
			return nil
		}
		req := httptest.NewRequest(http.MethodPost, "/tg/hook", strings.NewReader(body))
		req.Header.Set(SecretHeader, w.secret)
		rec := httptest.NewRecorder()
		w.handler(sink).ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("status %d for %q, want 200", rec.Code, body)
		}
	})
}
