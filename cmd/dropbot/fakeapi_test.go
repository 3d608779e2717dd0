package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeBotAPI is a Telegram Bot API server on 127.0.0.1 speaking the real
// JSON shapes: getMe, getUpdates (offset, limit, long-poll timeout),
// sendMessage, sendPhoto, sendDocument (multipart uploads and file_ids),
// getFile and file downloads, answerCallbackQuery, editMessageReplyMarkup,
// setMyCommands, deleteWebhook, and canned error answers (429, 403, 500…).
type fakeBotAPI struct {
	t     testing.TB
	srv   *httptest.Server
	token string

	mu         sync.Mutex
	updates    []json.RawMessage
	ids        []int
	lastUpdate int
	nextMsg    int
	nextFile   int
	sent       []sentMsg
	calls      map[string][]url.Values
	files      map[string]fakeFile // file_id → file
	uploads    map[string][]byte   // file_id handed out for an upload → its bytes
	canned     map[string][]cannedReply
	wake       chan struct{}
}

// sentMsg is one message the bot sent.
type sentMsg struct {
	Method    string
	Chat      int64
	ID        int // message_id the fake gave it
	Text      string
	Photo     []byte // the uploaded bytes (first upload) or the bytes of the reused file_id
	ReplyTo   int
	Buttons   []string // inline keyboard labels
	Callbacks []string // their callback data
}

type cannedReply struct {
	status int
	body   string
}

type fakeFile struct {
	path string
	data []byte
}

// tgUser is a person in the fake's updates.
type tgUser struct {
	ID        int64
	FirstName string
}

func (u tgUser) json() string {
	return fmt.Sprintf(`{"id":%d,"is_bot":false,"first_name":%q,"language_code":"id"}`, u.ID, u.FirstName)
}

func chatJSON(chat int64, title string) string {
	if chat < 0 {
		return fmt.Sprintf(`{"id":%d,"type":"supergroup","title":%q}`, chat, title)
	}
	return fmt.Sprintf(`{"id":%d,"type":"private","first_name":%q}`, chat, title)
}

func newFakeBotAPI(t testing.TB, token string) *fakeBotAPI {
	f := &fakeBotAPI{t: t, token: token, nextMsg: 1000, calls: map[string][]url.Values{}, files: map[string]fakeFile{},
		uploads: map[string][]byte{}, canned: map[string][]cannedReply{}, wake: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeBotAPI) URL() string { return f.srv.URL }

// push queues one update body (without update_id) and returns its id.
func (f *fakeBotAPI) push(body string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastUpdate++
	id := f.lastUpdate
	f.updates = append(f.updates, json.RawMessage(fmt.Sprintf(`{"update_id":%d,%s}`, id, body)))
	f.ids = append(f.ids, id)
	close(f.wake)
	f.wake = make(chan struct{})
	return id
}

func (f *fakeBotAPI) msgID() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextMsg++
	return f.nextMsg
}

// text is a person writing in a chat (a private chat is the person's id;
// a group is negative). replyTo quotes one of the bot's messages (0 = none).
func (f *fakeBotAPI) text(chat int64, from tgUser, text string, replyTo int) int {
	return f.push(fmt.Sprintf(`"message":{"message_id":%d,"from":%s,"chat":%s,"date":%d,"text":%q%s}`,
		f.msgID(), from.json(), chatJSON(chat, from.FirstName), time.Now().Unix(), text, quoted(chat, replyTo)))
}

// photo is a person sending a picture (quoting replyTo, 0 = none); its
// bytes are served by getFile and the download URL.
func (f *fakeBotAPI) photo(chat int64, from tgUser, data []byte, caption string, replyTo int) int {
	f.mu.Lock()
	f.nextFile++
	fileID := "AgACin" + strconv.Itoa(f.nextFile)
	f.files[fileID] = fakeFile{path: "photos/file_" + strconv.Itoa(f.nextFile) + ".jpg", data: data}
	f.mu.Unlock()
	return f.push(fmt.Sprintf(`"message":{"message_id":%d,"from":%s,"chat":%s,"date":%d,"caption":%q,`+
		`"photo":[{"file_id":"small-%s","file_unique_id":"s","width":90,"height":90,"file_size":900},`+
		`{"file_id":%q,"file_unique_id":"l","width":800,"height":800,"file_size":%d}]%s}`,
		f.msgID(), from.json(), chatJSON(chat, from.FirstName), time.Now().Unix(), caption, fileID, fileID, len(data), quoted(chat, replyTo)))
}

// quoted is the reply_to_message field quoting the bot's message id.
func quoted(chat int64, id int) string {
	if id == 0 {
		return ""
	}
	return fmt.Sprintf(`,"reply_to_message":{"message_id":%d,"date":1700000000,"chat":%s,"from":{"id":42,"is_bot":true,"first_name":"Toko"}}`,
		id, chatJSON(chat, "x"))
}

// press is a person pressing an inline button of the bot's message.
func (f *fakeBotAPI) press(chat int64, from tgUser, messageID int, data string) int {
	f.mu.Lock()
	f.nextFile++
	qid := "q" + strconv.Itoa(f.nextFile)
	f.mu.Unlock()
	return f.push(fmt.Sprintf(`"callback_query":{"id":%q,"from":%s,"chat_instance":"ci","data":%q,`+
		`"message":{"message_id":%d,"date":1700000000,"chat":%s,"from":{"id":42,"is_bot":true,"first_name":"Toko"},"text":"menu"}}`,
		qid, from.json(), data, messageID, chatJSON(chat, from.FirstName)))
}

// can queues error answers for a method, used before the normal answer.
func (f *fakeBotAPI) can(method string, status int, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.canned[method] = append(f.canned[method], cannedReply{status, body})
}

func (f *fakeBotAPI) allSent() []sentMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sentMsg(nil), f.sent...)
}

func (f *fakeBotAPI) callsTo(method string) []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.calls[method]...)
}

// pending is how many updates the bot has not confirmed yet.
func (f *fakeBotAPI) pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.updates)
}

// cursor remembers, per chat, how far a test has read the bot's messages.
type cursor map[int64]int

// waitSent waits for the next message to chat (after those the cursor has
// passed) whose text contains want, and moves the cursor past it.
func (f *fakeBotAPI) waitSent(t testing.TB, cur cursor, chat int64, want string, within time.Duration) sentMsg {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		all := f.allSent()
		seen := 0
		for i, m := range all {
			if m.Chat != chat {
				continue
			}
			seen++
			if seen > cur[chat] && strings.Contains(m.Text, want) {
				cur[chat] = seen
				return all[i]
			}
		}
		if time.Now().After(deadline) {
			var to []string
			for _, m := range all {
				if m.Chat == chat {
					to = append(to, m.Text)
				}
			}
			t.Fatalf("no message to %d containing %q within %v; it got %q", chat, want, within, to)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sentTo lists the messages to chat.
func (f *fakeBotAPI) sentTo(chat int64) []sentMsg {
	var out []sentMsg
	for _, m := range f.allSent() {
		if m.Chat == chat {
			out = append(out, m)
		}
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func okJSON(result string) string { return `{"ok":true,"result":` + result + `}` }

func (f *fakeBotAPI) serve(w http.ResponseWriter, r *http.Request) {
	if rest, found := strings.CutPrefix(r.URL.Path, "/file/bot"+f.token+"/"); found {
		f.mu.Lock()
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
	method, found := strings.CutPrefix(r.URL.Path, "/bot"+f.token+"/")
	if !found {
		writeJSON(w, 401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	files := map[string][]byte{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad multipart"}`)
			return
		}
		for field, fhs := range r.MultipartForm.File {
			fh, _ := fhs[0].Open()
			b, _ := io.ReadAll(fh)
			fh.Close()
			files[field] = b
		}
	} else if err := r.ParseForm(); err != nil {
		writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad form"}`)
		return
	}
	form := r.PostForm
	if r.MultipartForm != nil {
		form = url.Values(r.MultipartForm.Value)
	}
	f.mu.Lock()
	f.calls[method] = append(f.calls[method], form)
	if rs := f.canned[method]; len(rs) > 0 {
		f.canned[method] = rs[1:]
		f.mu.Unlock()
		writeJSON(w, rs[0].status, rs[0].body)
		return
	}
	f.mu.Unlock()

	switch method {
	case "getMe":
		id, _, _ := strings.Cut(f.token, ":")
		writeJSON(w, 200, okJSON(`{"id":`+id+`,"is_bot":true,"first_name":"Toko","username":"toko_bot"}`))
	case "getUpdates":
		f.getUpdates(w, r, form)
	case "sendMessage", "sendPhoto", "sendDocument":
		f.send(w, method, form, files)
	case "getFile":
		f.mu.Lock()
		ff, known := f.files[form.Get("file_id")]
		f.mu.Unlock()
		if !known {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: invalid file_id"}`)
			return
		}
		writeJSON(w, 200, okJSON(fmt.Sprintf(`{"file_id":%q,"file_unique_id":"u","file_size":%d,"file_path":%q}`,
			form.Get("file_id"), len(ff.data), ff.path)))
	case "answerCallbackQuery", "editMessageReplyMarkup", "setMyCommands", "deleteWebhook":
		writeJSON(w, 200, okJSON(`true`))
	default:
		writeJSON(w, 404, `{"ok":false,"error_code":404,"description":"Not Found: method not found"}`)
	}
}

func (f *fakeBotAPI) send(w http.ResponseWriter, method string, form url.Values, files map[string][]byte) {
	chat, err := strconv.ParseInt(form.Get("chat_id"), 10, 64)
	if err != nil {
		writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`)
		return
	}
	m := sentMsg{Method: method, Chat: chat, Text: form.Get("text")}
	m.ReplyTo, _ = strconv.Atoi(form.Get("reply_to_message_id"))
	extra := `"text":` + strconv.Quote(m.Text)
	if method != "sendMessage" {
		field := "photo"
		if method == "sendDocument" {
			field = "document"
		}
		m.Text = form.Get("caption")
		f.mu.Lock()
		fileID := form.Get(field)
		if b, up := files[field]; up {
			f.nextFile++
			fileID = "AgACout" + strconv.Itoa(f.nextFile)
			f.uploads[fileID] = b
		}
		data, known := f.uploads[fileID]
		f.mu.Unlock()
		if !known {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: wrong file identifier/HTTP URL specified"}`)
			return
		}
		m.Photo = data
		if method == "sendPhoto" {
			extra = fmt.Sprintf(`"photo":[{"file_id":%q,"file_unique_id":"l","width":800,"height":800,"file_size":%d}],"caption":%q`,
				fileID, len(data), m.Text)
		} else {
			extra = fmt.Sprintf(`"document":{"file_id":%q,"file_unique_id":"d","file_name":"f"},"caption":%q`, fileID, m.Text)
		}
	}
	if kb := form.Get("reply_markup"); kb != "" {
		var markup struct {
			InlineKeyboard [][]struct {
				Text         string `json:"text"`
				CallbackData string `json:"callback_data"`
			} `json:"inline_keyboard"`
		}
		if err := json.Unmarshal([]byte(kb), &markup); err == nil {
			for _, row := range markup.InlineKeyboard {
				for _, b := range row {
					m.Buttons = append(m.Buttons, b.Text)
					m.Callbacks = append(m.Callbacks, b.CallbackData)
				}
			}
		}
	}
	m.ID = f.msgID()
	f.mu.Lock()
	f.sent = append(f.sent, m)
	f.mu.Unlock()
	writeJSON(w, 200, okJSON(fmt.Sprintf(`{"message_id":%d,"date":%d,"chat":%s,"from":{"id":42,"is_bot":true,"first_name":"Toko"},%s}`,
		m.ID, time.Now().Unix(), chatJSON(chat, "x"), extra)))
}

// getUpdates honours offset (forgetting what it confirms, as Telegram
// does), limit and the long-poll timeout, and stops when the client goes.
func (f *fakeBotAPI) getUpdates(w http.ResponseWriter, r *http.Request, form url.Values) {
	offset, _ := strconv.Atoi(form.Get("offset"))
	timeout, _ := strconv.Atoi(form.Get("timeout"))
	limit, _ := strconv.Atoi(form.Get("limit"))
	if limit <= 0 {
		limit = 100
	}
	deadline := time.After(time.Duration(timeout) * time.Second)
	for {
		f.mu.Lock()
		var ups []json.RawMessage
		var ids []int
		for i, id := range f.ids {
			if id >= offset {
				ups, ids = append(ups, f.updates[i]), append(ids, id)
			}
		}
		f.updates, f.ids = ups, ids
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
			writeJSON(w, 200, okJSON(string(b)))
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
