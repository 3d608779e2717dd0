package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
)

const testToken = "123456:AAtest-Token_x"

// call is one Bot API request the fake received.
type call struct {
	Method string
	Form   url.Values
	Files  map[string][]byte // multipart file field → bytes
	Names  map[string]string // multipart file field → file name
}

// reply is a canned answer.
type reply struct {
	status int
	body   string
}

func errReply(code int, desc string) reply {
	return reply{status: code, body: fmt.Sprintf(`{"ok":false,"error_code":%d,"description":%q}`, code, desc)}
}

var tooMany = reply{status: 429, body: `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`}

type fakeFile struct {
	path string
	data []byte
	size int // reported by getFile; 0 = unknown
}

// fakeTG is a Bot API server speaking the real JSON shapes on 127.0.0.1.
type fakeTG struct {
	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	updates  []json.RawMessage
	ids      []int
	calls    []call
	fileHits []string
	files    map[string]fakeFile // file_id → file
	canned   map[string][]reply  // method → answers used before the normal one
	nextMsg  int
	nextFile int
	uploads  map[string]bool // file_ids handed out for uploaded photos
	// keepOld makes getUpdates return updates below the offset too, like a
	// broken server, so the adapter's own filter is what is tested.
	keepOld bool
	wake    chan struct{}
}

func newFake(t testing.TB) *fakeTG {
	t.Helper()
	f := &fakeTG{t: t, files: map[string]fakeFile{}, canned: map[string][]reply{}, uploads: map[string]bool{},
		nextMsg: 100, wake: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// push queues updates; each is a JSON object with an update_id.
func (f *fakeTG) push(raws ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range raws {
		var head struct {
			UpdateID int `json:"update_id"`
		}
		if err := json.Unmarshal([]byte(r), &head); err != nil {
			f.t.Fatalf("bad test update %s: %v", r, err)
		}
		f.updates = append(f.updates, json.RawMessage(r))
		f.ids = append(f.ids, head.UpdateID)
	}
	close(f.wake)
	f.wake = make(chan struct{})
}

func (f *fakeTG) can(method string, rs ...reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.canned[method] = append(f.canned[method], rs...)
}

func (f *fakeTG) addFile(id string, ff fakeFile) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[id] = ff
}

func (f *fakeTG) callsTo(method string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeTG) hits() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.fileHits...)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func ok(result string) string { return `{"ok":true,"result":` + result + `}` }

func (f *fakeTG) serve(w http.ResponseWriter, r *http.Request) {
	if rest, found := strings.CutPrefix(r.URL.Path, "/file/bot"+testToken+"/"); found {
		f.mu.Lock()
		f.fileHits = append(f.fileHits, r.URL.Path)
		var data []byte
		for _, ff := range f.files {
			if ff.path == rest {
				data = ff.data
			}
		}
		f.mu.Unlock()
		if data == nil {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
		return
	}
	method, found := strings.CutPrefix(r.URL.Path, "/bot"+testToken+"/")
	if !found {
		if strings.HasPrefix(r.URL.Path, "/bot") {
			writeJSON(w, 401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
			return
		}
		writeJSON(w, 404, `{"ok":false,"error_code":404,"description":"Not Found"}`)
		return
	}
	cl := call{Method: method, Files: map[string][]byte{}, Names: map[string]string{}}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad multipart"}`)
			return
		}
		for field, fhs := range r.MultipartForm.File {
			fh, _ := fhs[0].Open()
			b, _ := io.ReadAll(fh)
			fh.Close()
			cl.Files[field] = b
			cl.Names[field] = fhs[0].Filename
		}
	} else if err := r.ParseForm(); err != nil {
		writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad form"}`)
		return
	}
	cl.Form = r.PostForm
	if r.MultipartForm != nil {
		cl.Form = url.Values(r.MultipartForm.Value)
	}
	f.mu.Lock()
	f.calls = append(f.calls, cl)
	if rs := f.canned[method]; len(rs) > 0 {
		f.canned[method] = rs[1:]
		f.mu.Unlock()
		writeJSON(w, rs[0].status, rs[0].body)
		return
	}
	f.mu.Unlock()

	form := cl.Form
	switch method {
	case "getMe":
		writeJSON(w, 200, ok(`{"id":42,"is_bot":true,"first_name":"Toko","username":"toko_bot"}`))
	case "getUpdates":
		f.getUpdates(w, r, form)
	case "sendMessage":
		writeJSON(w, 200, ok(f.message(form, `"text":`+strconv.Quote(form.Get("text")))))
	case "sendPhoto":
		fileID := form.Get("photo")
		f.mu.Lock()
		if b, up := cl.Files["photo"]; up {
			if len(b) == 0 {
				f.mu.Unlock()
				writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: empty file"}`)
				return
			}
			f.nextFile++
			fileID = "AgACphoto" + strconv.Itoa(f.nextFile)
			f.uploads[fileID] = true
		}
		known := f.uploads[fileID]
		f.mu.Unlock()
		if !known {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: wrong file identifier/HTTP URL specified"}`)
			return
		}
		sizes := fmt.Sprintf(`"photo":[{"file_id":"small-%s","file_unique_id":"s","width":90,"height":90,"file_size":900},`+
			`{"file_id":%q,"file_unique_id":"l","width":800,"height":800,"file_size":60000}]`, fileID, fileID)
		if capt := form.Get("caption"); capt != "" {
			sizes += `,"caption":` + strconv.Quote(capt)
		}
		writeJSON(w, 200, ok(f.message(form, sizes)))
	case "sendDocument":
		fileID := form.Get("document")
		name := "file"
		f.mu.Lock()
		if b, up := cl.Files["document"]; up && len(b) > 0 {
			f.nextFile++
			fileID = "BQACdoc" + strconv.Itoa(f.nextFile)
			f.uploads[fileID] = true
			name = cl.Names["document"]
		}
		known := f.uploads[fileID]
		f.mu.Unlock()
		if !known {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: wrong file identifier/HTTP URL specified"}`)
			return
		}
		writeJSON(w, 200, ok(f.message(form, fmt.Sprintf(`"document":{"file_id":%q,"file_unique_id":"d","file_name":%q}`, fileID, name))))
	case "getFile":
		f.mu.Lock()
		ff, known := f.files[form.Get("file_id")]
		f.mu.Unlock()
		if !known {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: invalid file_id"}`)
			return
		}
		size := ""
		if ff.size > 0 {
			size = `,"file_size":` + strconv.Itoa(ff.size)
		}
		writeJSON(w, 200, ok(fmt.Sprintf(`{"file_id":%q,"file_unique_id":"u"%s,"file_path":%q}`, form.Get("file_id"), size, ff.path)))
	case "answerCallbackQuery", "editMessageReplyMarkup", "setMyCommands", "deleteWebhook", "setWebhook":
		writeJSON(w, 200, ok(`true`))
	default:
		writeJSON(w, 404, `{"ok":false,"error_code":404,"description":"Not Found: method not found"}`)
	}
}

func (f *fakeTG) message(form url.Values, extra string) string {
	f.mu.Lock()
	f.nextMsg++
	id := f.nextMsg
	f.mu.Unlock()
	return fmt.Sprintf(`{"message_id":%d,"date":1700000000,"chat":{"id":%s,"type":"private"},%s}`, id, form.Get("chat_id"), extra)
}

// getUpdates honours offset (dropping what it confirms, as Telegram does),
// limit and the long-poll timeout, and stops waiting when the client goes.
func (f *fakeTG) getUpdates(w http.ResponseWriter, r *http.Request, form url.Values) {
	offset, _ := strconv.Atoi(form.Get("offset"))
	timeout, _ := strconv.Atoi(form.Get("timeout"))
	limit, _ := strconv.Atoi(form.Get("limit"))
	if limit <= 0 {
		limit = 100
	}
	deadline := time.After(time.Duration(timeout) * time.Second)
	for {
		f.mu.Lock()
		if !f.keepOld {
			var ups []json.RawMessage
			var ids []int
			for i, id := range f.ids {
				if id >= offset {
					ups, ids = append(ups, f.updates[i]), append(ids, id)
				}
			}
			f.updates, f.ids = ups, ids
		}
		pending := append([]json.RawMessage(nil), f.updates...)
		wake := f.wake
		f.mu.Unlock()
		if len(pending) > limit {
			pending = pending[:limit]
		}
		if len(pending) > 0 || timeout == 0 {
			b, _ := json.Marshal(pending)
			if len(pending) == 0 {
				b = []byte("[]")
			}
			writeJSON(w, 200, ok(string(b)))
			return
		}
		select {
		case <-wake:
		case <-deadline:
			timeout = 0
		case <-r.Context().Done():
			return
		}
	}
}

// memOffsets is an in-memory OffsetStore recording every save.
type memOffsets struct {
	mu    sync.Mutex
	cur   int
	saves []int
}

func (m *memOffsets) LoadOffset(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cur, nil
}

func (m *memOffsets) SaveOffset(_ context.Context, o int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur = o
	m.saves = append(m.saves, o)
	return nil
}

func (m *memOffsets) get() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cur
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func testConfig(f *fakeTG) Config {
	return Config{Token: testToken, APIBase: f.srv.URL, Log: quietLog(), Offsets: &memOffsets{},
		PollTimeout: 1, Backoff: 5 * time.Millisecond}
}

func newChannel(t *testing.T, f *fakeTG, mod func(*Config)) *Channel {
	t.Helper()
	cfg := testConfig(f)
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// runner runs c.Run with a sink that records what it accepts.
type runner struct {
	got    chan bot.Inbound
	cancel context.CancelFunc
	done   chan error
}

func startRun(t *testing.T, c *Channel, sink Sink) *runner {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &runner{got: make(chan bot.Inbound, 100), cancel: cancel, done: make(chan error, 1)}
	if sink == nil {
		sink = func(_ context.Context, in bot.Inbound) error { r.got <- in; return nil }
	}
	go func() { r.done <- c.Run(ctx, sink) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(5 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	return r
}

func (r *runner) next(t *testing.T) bot.Inbound {
	t.Helper()
	select {
	case in := <-r.got:
		return in
	case <-time.After(5 * time.Second):
		t.Fatal("no inbound delivered within 5s")
		return bot.Inbound{}
	}
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// pngBytes is a real 2×2 PNG image.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
