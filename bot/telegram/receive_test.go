package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
)

type tgPhoto = tgbotapi.PhotoSize

const (
	budi      = `{"id":5551,"is_bot":false,"first_name":"Budi","last_name":"Santoso","language_code":"id"}`
	budiChat  = `{"id":5551,"type":"private","first_name":"Budi","last_name":"Santoso"}`
	group     = `{"id":-1001234567890,"type":"supergroup","title":"Supplier Gamis"}`
	stamp     = 1700000000 // 2023-11-14T22:13:20Z
	stampTime = "2023-11-14T22:13:20Z"
)

func msgUpdate(id int, chat, body string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":%s,"chat":%s,"date":%d,%s}}`,
		id, id+1000, budi, chat, stamp, body)
}

func TestKindsMatchFlows(t *testing.T) {
	pairs := [][2]string{
		{kindPhoto, flows.MediaPhoto}, {kindVideo, flows.MediaVideo}, {kindDocument, flows.MediaDocument},
		{kindSticker, flows.MediaSticker}, {kindVoice, flows.MediaVoice}, {kindOther, flows.MediaOther},
	}
	for _, p := range pairs {
		if p[0] != p[1] {
			t.Errorf("adapter kind %q, flows kind %q", p[0], p[1])
		}
	}
}

func TestNew(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, func(cfg *Config) {
		cfg.Commands = []Command{{Name: "katalog", Description: "lihat katalog"}}
	})
	if c.Name() != "telegram" || c.Username() != "toko_bot" || c.BotID() != 42 {
		t.Errorf("Name %q Username %q BotID %d, want telegram / toko_bot / 42", c.Name(), c.Username(), c.BotID())
	}
	sc := f.Calls("setMyCommands")
	if len(sc) != 1 || sc[0].Form.Get("commands") != `[{"command":"katalog","description":"lihat katalog"}]` {
		t.Errorf("setMyCommands calls = %+v", sc)
	}
}

func TestNewSurvivesMissingSetMyCommands(t *testing.T) {
	for _, r := range []reply{
		{Status: 404, Body: `{"ok":false,"error_code":404,"description":"Not Found"}`},
		{Status: 500, Body: `<html>oops</html>`},
	} {
		f := newFake(t)
		f.Can("setMyCommands", r)
		c := newChannel(t, f, func(cfg *Config) { cfg.Commands = []Command{{Name: "start", Description: "mulai"}} })
		if c.Username() != "toko_bot" {
			t.Errorf("Username = %q", c.Username())
		}
		if n := len(f.Calls("setMyCommands")); n != 1 {
			t.Errorf("setMyCommands called %d times, want 1", n)
		}
	}
}

func TestNewErrors(t *testing.T) {
	f := newFake(t)
	dead := newFake(t)
	deadURL := dead.URL()
	dead.Close()
	tests := []struct {
		name string
		cfg  Config
		code string
	}{
		{"wrong token", Config{Token: "999:wrong", APIBase: f.URL()}, CodeTokenRejected},
		{"malformed token answered 404", Config{Token: testToken, APIBase: f.URL() + "/nothing"}, CodeTokenRejected},
		{"empty token", Config{APIBase: f.URL()}, CodeBadConfig},
		{"token with slash", Config{Token: "1:a/b", APIBase: f.URL()}, CodeBadConfig},
		{"base not http", Config{Token: testToken, APIBase: "ftp://example.com"}, CodeBadConfig},
		{"base without host", Config{Token: testToken, APIBase: "http://"}, CodeBadConfig},
		{"server down", Config{Token: testToken, APIBase: deadURL}, CodeUnreachable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Log = quietLog()
			_, err := New(context.Background(), tt.cfg)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("err = %v, want *Error with code %s", err, tt.code)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error text leaks the token: %v", err)
			}
		})
	}
}

func TestRunPrivateText(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	f.Push(msgUpdate(10, budiChat, `"text":"halo kak","reply_to_message":{"message_id":88,"date":1,"chat":`+budiChat+`}`))
	r := startRun(t, c, nil)
	got := r.next(t)
	want := bot.Inbound{
		Channel: "telegram", ChatID: "5551", Kind: bot.Private, SenderID: "5551", SenderName: "Budi Santoso",
		Text: "halo kak", ReplyTo: "88", MessageID: "10", Time: mustTime(t, stampTime),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("inbound\n got %+v\nwant %+v", got, want)
	}
	offs := c.offsets.(*memOffsets)
	waitFor(t, "offset 11", func() bool { return offs.get() == 11 }) // update 10 committed → next wanted is 11
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestRunGroupCommandKeepsSuffix(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	f.Push(msgUpdate(20, group, `"text":"/stok@toko_bot GMS-01 5","entities":[{"type":"bot_command","offset":0,"length":13}]`))
	got := startRun(t, c, nil).next(t)
	if got.Kind != bot.Group || got.ChatID != "-1001234567890" || got.Text != "/stok@toko_bot GMS-01 5" || got.SenderID != "5551" {
		t.Errorf("got %+v", got)
	}
}

func TestRunAnonymousAdminAndCaption(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	f.Push(fmt.Sprintf(`{"update_id":21,"message":{"message_id":5,"from":{"id":1087968824,"is_bot":true,"first_name":"Group"},`+
		`"sender_chat":%s,"chat":%s,"date":%d,"sticker":{"file_id":"st","file_unique_id":"u","width":512,"height":512,"file_size":3000}}}`,
		group, group, stamp))
	got := startRun(t, c, nil).next(t)
	want := &bot.InMedia{Kind: "sticker", MIME: "image/webp", Size: 3000}
	if got.SenderID != "-1001234567890" || got.SenderName != "Supplier Gamis" || !reflect.DeepEqual(got.Media, want) {
		t.Errorf("got %+v media %+v", got, got.Media)
	}
	if n := len(f.Calls("getFile")); n != 0 {
		t.Errorf("sticker downloaded (%d getFile calls)", n)
	}
}

func TestRunPhotoDownloadsLargestFromCustomBase(t *testing.T) {
	f := newFake(t)
	img := pngBytes(t)
	f.AddFile("p-large", fakeFile{Path: "photos/file_7.jpg", Data: img, Size: len(img)})
	f.AddFile("p-small", fakeFile{Path: "photos/file_6.jpg", Data: []byte("small"), Size: 5})
	c := newChannel(t, f, nil)
	f.Push(msgUpdate(30, budiChat, fmt.Sprintf(`"caption":"bukti transfer","photo":[`+
		`{"file_id":"p-small","file_unique_id":"a","width":90,"height":67,"file_size":5},`+
		`{"file_id":"p-large","file_unique_id":"b","width":1280,"height":960,"file_size":%d}]`, len(img))))
	got := startRun(t, c, nil).next(t)
	if got.Text != "bukti transfer" || got.Media == nil {
		t.Fatalf("got %+v", got)
	}
	want := &bot.InMedia{Kind: "photo", MIME: "image/jpeg", Size: int64(len(img)), Data: img}
	if !reflect.DeepEqual(got.Media, want) {
		t.Errorf("media = %+v, want %+v", got.Media, want)
	}
	gf := f.Calls("getFile")
	if len(gf) != 1 || gf[0].Form.Get("file_id") != "p-large" {
		t.Errorf("getFile calls = %+v, want one for p-large", gf)
	}
	if h := f.FileHits(); !reflect.DeepEqual(h, []string{"/file/bot" + testToken + "/photos/file_7.jpg"}) {
		t.Errorf("file hits on our server = %v", h)
	}
}

// A photo in a group the books do not link to a supplier is described but
// not downloaded; the same photo in a linked group and in a private chat is.
func TestRunGroupMediaOnlyWhenWanted(t *testing.T) {
	img := pngBytes(t)
	tests := []struct {
		name     string
		chat     string
		linked   bool
		getFiles int
	}{
		{"unlinked group", group, false, 0},
		{"linked group", group, true, 1},
		{"private chat, never asked", budiChat, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.AddFile("p1", fakeFile{Path: "photos/file_1.jpg", Data: img, Size: len(img)})
			var asked []string
			c := newChannel(t, f, func(cfg *Config) {
				cfg.WantMedia = func(_ context.Context, chat string) bool {
					asked = append(asked, chat)
					return tt.linked
				}
			})
			f.Push(msgUpdate(31, tt.chat, fmt.Sprintf(`"photo":[{"file_id":"p1","file_unique_id":"a","width":1280,"height":960,"file_size":%d}]`, len(img))))
			got := startRun(t, c, nil).next(t)
			if got.Media == nil || got.Media.Kind != "photo" || got.Media.Size != int64(len(img)) {
				t.Fatalf("media = %+v, want the photo described", got.Media)
			}
			if n := len(f.Calls("getFile")); n != tt.getFiles {
				t.Errorf("getFile calls = %d, want %d", n, tt.getFiles)
			}
			if (got.Media.Data != nil) != (tt.getFiles == 1) {
				t.Errorf("data downloaded = %v, want %v", got.Media.Data != nil, tt.getFiles == 1)
			}
			if tt.chat == budiChat && len(asked) != 0 {
				t.Errorf("WantMedia asked for a private chat: %v", asked)
			}
		})
	}
}

func TestRunDocuments(t *testing.T) {
	pdf := []byte("%PDF-1.4 katalog")
	tests := []struct {
		name     string
		max      int64
		file     fakeFile
		docSize  string // the file_size field in the update, or ""
		want     bot.InMedia
		getFiles int
	}{
		{"small document downloaded", 0, fakeFile{Path: "documents/k.pdf", Data: pdf, Size: len(pdf)},
			fmt.Sprintf(`,"file_size":%d`, len(pdf)),
			bot.InMedia{Kind: "document", MIME: "application/pdf", FileName: "katalog.pdf", Size: int64(len(pdf)), Data: pdf}, 1},
		// 30 MB > the 20 MB default: not even asked for.
		{"oversized document not downloaded", 0, fakeFile{Path: "documents/k.pdf", Data: pdf},
			`,"file_size":31457280`,
			bot.InMedia{Kind: "document", MIME: "application/pdf", FileName: "katalog.pdf", Size: 31457280}, 0},
		// Size unknown everywhere: the download stops at cap+1 = 11 bytes.
		{"unknown size over cap stops reading", 10, fakeFile{Path: "documents/k.pdf", Data: pdf},
			``,
			bot.InMedia{Kind: "document", MIME: "application/pdf", FileName: "katalog.pdf", Size: 11}, 1},
		// getFile says 16 bytes > cap 10: no download.
		{"getFile size over cap", 10, fakeFile{Path: "documents/k.pdf", Data: pdf, Size: len(pdf)},
			``,
			bot.InMedia{Kind: "document", MIME: "application/pdf", FileName: "katalog.pdf", Size: 16}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.AddFile("doc1", tt.file)
			c := newChannel(t, f, func(cfg *Config) { cfg.MaxDownload = tt.max })
			f.Push(msgUpdate(40, budiChat, `"document":{"file_id":"doc1","file_unique_id":"d","file_name":"katalog.pdf","mime_type":"application/pdf"`+tt.docSize+`}`))
			got := startRun(t, c, nil).next(t)
			if got.Media == nil || !reflect.DeepEqual(*got.Media, tt.want) {
				t.Errorf("media = %+v, want %+v", got.Media, tt.want)
			}
			if n := len(f.Calls("getFile")); n != tt.getFiles {
				t.Errorf("getFile calls = %d, want %d", n, tt.getFiles)
			}
		})
	}
}

func TestRunMediaKinds(t *testing.T) {
	tests := []struct {
		body string
		want bot.InMedia
	}{
		{`"voice":{"file_id":"v","file_unique_id":"u","duration":3,"mime_type":"audio/ogg","file_size":999}`,
			bot.InMedia{Kind: "voice", MIME: "audio/ogg", Size: 999}},
		{`"audio":{"file_id":"a","file_unique_id":"u","duration":3,"file_name":"lagu.mp3","file_size":5}`,
			bot.InMedia{Kind: "voice", MIME: "audio/mpeg", FileName: "lagu.mp3", Size: 5}},
		{`"location":{"latitude":-6.2,"longitude":106.8}`, bot.InMedia{Kind: "other"}},
		{`"contact":{"phone_number":"6281234","first_name":"Sari"}`, bot.InMedia{Kind: "other"}},
	}
	for _, tt := range tests {
		f := newFake(t)
		c := newChannel(t, f, nil)
		f.Push(msgUpdate(50, budiChat, tt.body))
		got := startRun(t, c, nil).next(t)
		if got.Media == nil || !reflect.DeepEqual(*got.Media, tt.want) {
			t.Errorf("%s: media = %+v, want %+v", tt.body, got.Media, tt.want)
		}
	}
}

func TestRunVideoDownloaded(t *testing.T) {
	f := newFake(t)
	vid := []byte("\x00\x00\x00\x18ftypmp42 video")
	f.AddFile("vn", fakeFile{Path: "video_notes/v.mp4", Data: vid, Size: len(vid)})
	c := newChannel(t, f, nil)
	f.Push(msgUpdate(51, budiChat, `"video_note":{"file_id":"vn","file_unique_id":"u","length":240,"duration":2}`))
	got := startRun(t, c, nil).next(t)
	want := bot.InMedia{Kind: "video", MIME: "video/mp4", Size: int64(len(vid)), Data: vid}
	if got.Media == nil || !reflect.DeepEqual(*got.Media, want) {
		t.Errorf("media = %+v", got.Media)
	}
}

func TestRunCallbackQuery(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	f.Push(fmt.Sprintf(`{"update_id":60,"callback_query":{"id":"4382bfdwdsb323b2d9","from":%s,"chat_instance":"-77",`+
		`"data":"2","message":{"message_id":77,"from":{"id":42,"is_bot":true,"first_name":"Toko"},"chat":%s,"date":%d,"text":"Pilih:",`+
		`"reply_markup":{"inline_keyboard":[[{"text":"1. Katalog","callback_data":"1"}],[{"text":"2. Keranjang","callback_data":"2"}]]}}}}`,
		budi, budiChat, stamp))
	got := startRun(t, c, nil).next(t)
	want := bot.Inbound{Channel: "telegram", ChatID: "5551", Kind: bot.Private, SenderID: "5551", SenderName: "Budi Santoso",
		Text: "2", ReplyTo: "77", MessageID: "cb4382bfdwdsb323b2d9"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("inbound\n got %+v\nwant %+v", got, want)
	}
	ans := f.Calls("answerCallbackQuery")
	if len(ans) != 1 || ans[0].Form.Get("callback_query_id") != "4382bfdwdsb323b2d9" {
		t.Errorf("answerCallbackQuery calls = %+v", ans)
	}
	ed := f.Calls("editMessageReplyMarkup")
	if len(ed) != 1 || ed[0].Form.Get("chat_id") != "5551" || ed[0].Form.Get("message_id") != "77" ||
		ed[0].Form.Get("reply_markup") != `{"inline_keyboard":[]}` {
		t.Errorf("editMessageReplyMarkup calls = %+v", ed)
	}
}

func TestRunCallbackSurvivesRefusedSideCalls(t *testing.T) {
	f := newFake(t)
	f.Can("answerCallbackQuery", errReply(400, "Bad Request: query is too old and response timeout expired or query ID is invalid"))
	f.Can("editMessageReplyMarkup", errReply(400, "Bad Request: message is not modified"))
	c := newChannel(t, f, nil)
	f.Push(fmt.Sprintf(`{"update_id":61,"callback_query":{"id":"q1","from":%s,"chat_instance":"1","data":"1",`+
		`"message":{"message_id":9,"chat":%s,"date":0}}}`, budi, budiChat))
	if got := startRun(t, c, nil).next(t); got.Text != "1" || got.ReplyTo != "9" {
		t.Errorf("got %+v", got)
	}
}

func TestRunIgnoresWhatIsNotAMessage(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	f.Push(
		fmt.Sprintf(`{"update_id":70,"edited_message":{"message_id":1,"from":%s,"chat":%s,"date":%d,"edit_date":%d,"text":"ubah"}}`, budi, budiChat, stamp, stamp),
		fmt.Sprintf(`{"update_id":71,"channel_post":{"message_id":1,"chat":{"id":-100999,"type":"channel","title":"Promo"},"date":%d,"text":"diskon"}}`, stamp),
		msgUpdate(72, group, `"new_chat_members":[{"id":9,"is_bot":false,"first_name":"Sari"}]`),
		// The old group's last word: it now lives on as a supergroup.
		fmt.Sprintf(`{"update_id":73,"message":{"message_id":3,"from":%s,"chat":{"id":-4001,"type":"group","title":"Supplier"},"date":%d,"migrate_to_chat_id":-1004001}}`, budi, stamp),
		fmt.Sprintf(`{"update_id":74,"message":{"message_id":1,"from":%s,"chat":{"id":-1004001,"type":"supergroup","title":"Supplier"},"date":%d,"migrate_from_chat_id":-4001}}`, budi, stamp),
		// A type the library cannot decode (message_id as a string) must not block the next one.
		fmt.Sprintf(`{"update_id":75,"message":{"message_id":"x","chat":%s,"date":%d,"text":"rusak"}}`, budiChat, stamp),
		msgUpdate(76, budiChat, `"text":"masih ada?"`),
	)
	r := startRun(t, c, nil)
	if got := r.next(t); got.MessageID != "76" || got.Text != "masih ada?" {
		t.Errorf("first delivered = %+v, want update 76", got)
	}
	offs := c.offsets.(*memOffsets)
	waitFor(t, "offset 77", func() bool { return offs.get() == 77 })
	select {
	case in := <-r.got:
		t.Errorf("unexpected delivery %+v", in)
	case <-time.After(50 * time.Millisecond):
	}
}

// Updates 1..3 of one chat; the sink fails the first time it sees 2. The
// stored offset must stay at 2 until 2 is committed, then reach 4; 3 is not
// delivered before 2, and nothing is lost.
func TestRunOffsetHoldsUntilCommitted(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	offs := c.offsets.(*memOffsets)
	f.Push(msgUpdate(1, budiChat, `"text":"a"`), msgUpdate(2, budiChat, `"text":"b"`), msgUpdate(3, budiChat, `"text":"c"`))

	var mu sync.Mutex
	var seen []string        // every sink call: id, with "!" when it failed
	var offsetsAtRetry []int // the stored offset each time 2 was offered
	failed := false
	sink := func(_ context.Context, in bot.Inbound) error {
		mu.Lock()
		defer mu.Unlock()
		if in.MessageID == "2" {
			offsetsAtRetry = append(offsetsAtRetry, offs.get())
			if !failed {
				failed = true
				seen = append(seen, "2!")
				return errors.New("database is locked")
			}
		}
		seen = append(seen, in.MessageID)
		return nil
	}
	startRun(t, c, sink)
	waitFor(t, "offset 4", func() bool { return offs.get() == 4 })
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"1", "2!", "2", "3"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("sink calls = %v, want %v", seen, want)
	}
	// First offer: nothing stored yet (0). Retry: 1 was committed → 2.
	if want := []int{0, 2}; !reflect.DeepEqual(offsetsAtRetry, want) {
		t.Errorf("stored offset when 2 was offered = %v, want %v", offsetsAtRetry, want)
	}
	offs.mu.Lock()
	defer offs.mu.Unlock()
	if want := []int{2, 4}; !reflect.DeepEqual(offs.saves, want) {
		t.Errorf("saved offsets = %v, want %v", offs.saves, want)
	}
}

// Across chats a failure holds the offset too; later updates of other chats
// may be offered twice (the engine drops the duplicate), none is lost.
func TestRunOffsetAcrossChats(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	offs := c.offsets.(*memOffsets)
	f.Push(msgUpdate(1, budiChat, `"text":"a"`), msgUpdate(2, group, `"text":"b"`), msgUpdate(3, budiChat, `"text":"c"`))
	var mu sync.Mutex
	committed := map[string]int{}
	fails := 0
	sink := func(_ context.Context, in bot.Inbound) error {
		mu.Lock()
		defer mu.Unlock()
		if in.MessageID == "2" && fails < 2 {
			fails++
			if got := offs.get(); got > 2 {
				t.Errorf("offset %d stored while update 2 is not committed", got)
			}
			return errors.New("busy")
		}
		committed[in.MessageID]++
		return nil
	}
	startRun(t, c, sink)
	waitFor(t, "offset 4", func() bool { return offs.get() == 4 })
	mu.Lock()
	defer mu.Unlock()
	for _, id := range []string{"1", "2", "3"} {
		if committed[id] == 0 {
			t.Errorf("update %s never committed", id)
		}
	}
	if committed["2"] != 1 {
		t.Errorf("update 2 committed %d times, want 1", committed["2"])
	}
}

func TestRunRestartDoesNotRedeliver(t *testing.T) {
	f := newFake(t)
	f.KeepOld() // a sloppy server: the adapter must filter by itself
	c := newChannel(t, f, nil)
	offs := c.offsets.(*memOffsets)
	offs.cur = 5 // stored by an earlier run: 3 and 4 were committed
	f.Push(msgUpdate(3, budiChat, `"text":"lama"`), msgUpdate(4, budiChat, `"text":"lama"`), msgUpdate(5, budiChat, `"text":"baru"`))
	r := startRun(t, c, nil)
	if got := r.next(t); got.MessageID != "5" {
		t.Errorf("first delivered = %s, want 5", got.MessageID)
	}
	if gu := f.Calls("getUpdates"); len(gu) == 0 || gu[0].Form.Get("offset") != "5" {
		t.Errorf("first getUpdates = %+v, want offset 5", gu)
	}
	select {
	case in := <-r.got:
		t.Errorf("redelivered %s", in.MessageID)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestRunMediaRetriesThenDegrades(t *testing.T) {
	img := pngBytes(t)
	photo := fmt.Sprintf(`"photo":[{"file_id":"p1","file_unique_id":"a","width":10,"height":10,"file_size":%d}]`, len(img))
	t.Run("passing failure", func(t *testing.T) {
		f := newFake(t)
		f.AddFile("p1", fakeFile{Path: "photos/p1.jpg", Data: img, Size: len(img)})
		f.Can("getFile", errReply(500, "Internal Server Error"))
		c := newChannel(t, f, nil)
		f.Push(msgUpdate(80, budiChat, photo))
		got := startRun(t, c, nil).next(t)
		if got.Media == nil || !bytes.Equal(got.Media.Data, img) {
			t.Errorf("media = %+v, want the photo after a retry", got.Media)
		}
		if n := len(f.Calls("getFile")); n != 2 {
			t.Errorf("getFile calls = %d, want 2", n)
		}
	})
	t.Run("lasting failure", func(t *testing.T) {
		f := newFake(t)
		f.AddFile("p1", fakeFile{Path: "photos/p1.jpg", Data: img, Size: len(img)})
		f.Can("getFile", errReply(502, "Bad Gateway"), errReply(502, "Bad Gateway"), errReply(502, "Bad Gateway"), errReply(502, "Bad Gateway"))
		c := newChannel(t, f, nil)
		f.Push(msgUpdate(81, budiChat, photo))
		got := startRun(t, c, nil).next(t)
		// Tries 1 and 2 hold the update back; try 3 delivers it without data.
		if got.Media == nil || got.Media.Data != nil || got.Media.Kind != "photo" {
			t.Errorf("media = %+v, want a photo without data", got.Media)
		}
		if n := len(f.Calls("getFile")); n != mediaTries {
			t.Errorf("getFile calls = %d, want %d", n, mediaTries)
		}
	})
	t.Run("file gone", func(t *testing.T) {
		f := newFake(t) // p1 unknown: getFile answers 400
		c := newChannel(t, f, nil)
		f.Push(msgUpdate(82, budiChat, photo))
		got := startRun(t, c, nil).next(t)
		if got.Media == nil || got.Media.Data != nil {
			t.Errorf("media = %+v, want no data", got.Media)
		}
		if n := len(f.Calls("getFile")); n != 1 {
			t.Errorf("getFile calls = %d, want 1 (a 400 is not retried)", n)
		}
	})
}

func TestRunRetriesPollErrorsAndDropsWebhook(t *testing.T) {
	f := newFake(t)
	f.Can("getUpdates",
		errReply(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"),
		reply{Status: 502, Body: "<html>bad gateway</html>"},
	)
	c := newChannel(t, f, nil)
	f.Push(msgUpdate(90, budiChat, `"text":"p"`))
	if got := startRun(t, c, nil).next(t); got.MessageID != "90" {
		t.Errorf("got %+v", got)
	}
	if n := len(f.Calls("deleteWebhook")); n != 1 {
		t.Errorf("deleteWebhook calls = %d, want 1", n)
	}
}

func TestRunHonoursRetryAfterOnPoll(t *testing.T) {
	f := newFake(t)
	f.Can("getUpdates", reply{Status: 429, Body: `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`})
	c := newChannel(t, f, nil)
	f.Push(msgUpdate(91, budiChat, `"text":"p"`))
	start := time.Now()
	startRun(t, c, nil).next(t)
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("second poll after %v, want ≥ 1s (retry_after)", d)
	}
}

func TestRunReturnsSoonAfterCancel(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, func(cfg *Config) { cfg.PollTimeout = 50 })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, func(context.Context, bot.Inbound) error { return nil }) }()
	waitFor(t, "a long poll", func() bool { return len(f.Calls("getUpdates")) == 1 })
	time.Sleep(20 * time.Millisecond) // the request is now parked in the server
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("Run took %v to return", d)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run still polling 3s after cancel (the request is not cancellable)")
	}
}

type failingOffsets struct{ memOffsets }

func (*failingOffsets) LoadOffset(context.Context) (int, error) { return 0, errors.New("disk gone") }

func TestRunFailsWithoutOffset(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, func(cfg *Config) { cfg.Offsets = &failingOffsets{} })
	if err := c.Run(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Errorf("Run = %v, want the load error", err)
	}
}

func TestPickPhoto(t *testing.T) {
	s := func(id string, w, h, size int) tgPhoto {
		return tgPhoto{FileID: id, Width: w, Height: h, FileSize: size}
	}
	sizes := []tgPhoto{s("s", 90, 90, 1000), s("m", 320, 320, 20000), s("l", 1280, 1280, 200000)}
	tests := []struct {
		limit int64
		want  string
	}{
		{1 << 30, "l"},
		{200000, "l"}, // exactly at the cap still fits
		{199999, "m"},
		{999, "l"}, // nothing fits: the largest, which is then not downloaded
	}
	for _, tt := range tests {
		if got := pickPhoto(sizes, tt.limit).FileID; got != tt.want {
			t.Errorf("limit %d: picked %s, want %s", tt.limit, got, tt.want)
		}
	}
}

// TestRunDeepLinkPayload: https://t.me/toko_bot?start=PAYLOAD arrives as
// "/start PAYLOAD" (the Bot API's deep linking: up to 64 characters of
// A-Za-z0-9_-), in a private chat and, from ?startgroup=, in a group with
// the bot's name; the adapter passes the payload through byte for byte
// (routing it is the flows' job).
func TestRunDeepLinkPayload(t *testing.T) {
	long := strings.Repeat("Ab9_-", 12) + "Zz0_" // 64 characters, every kind allowed
	tests := []struct {
		chat, text string
	}{
		{budiChat, "/start " + long},
		{budiChat, "/start REF_budi-01"},
		{budiChat, "/start -_-"},
		{group, "/start@toko_bot " + long},
	}
	f := newFake(t)
	c := newChannel(t, f, nil)
	for i, tt := range tests {
		cmdLen := strings.Index(tt.text, " ")
		f.Push(msgUpdate(30+i, tt.chat, fmt.Sprintf(`"text":%q,"entities":[{"type":"bot_command","offset":0,"length":%d}]`, tt.text, cmdLen)))
	}
	r := startRun(t, c, nil)
	var got, want []string // chats are delivered side by side: compare as sets
	for _, tt := range tests {
		got = append(got, r.next(t).Text)
		want = append(want, tt.text)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("texts\n%q\nwant\n%q", got, want)
	}
}
