// Package telegramtest is a fake Telegram Bot API server on 127.0.0.1 for
// tests, speaking the real JSON shapes: getMe, getUpdates (offset, limit,
// long-poll timeout), sendMessage, sendPhoto and sendDocument (multipart
// uploads and reused file_ids), getFile and file downloads,
// answerCallbackQuery, editMessageReplyMarkup, setMyCommands and
// deleteMyCommands (with scopes), setWebhook,
// deleteWebhook, and canned answers (429, 403, 500, HTML…) queued per
// method. It records every call and every message the bot sent.
//
// It is shared by the adapter's own tests (bot/telegram) and the
// end-to-end tests of the binary (cmd/dropbot), so both test against the
// same server.
package telegramtest

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
	"unicode/utf16"
)

// BotID is the bot's own user id in getMe and in the "from" of the
// messages the server answers with and the quotes User.Quote builds.
const BotID = 42

// Call is one Bot API request the server received.
type Call struct {
	Method string
	Form   url.Values
	Files  map[string][]byte // multipart file field → bytes
	Names  map[string]string // multipart file field → file name
}

// Reply is a canned answer.
type Reply struct {
	Status int
	Body   string
}

// ErrReply is the Bot API's error shape.
func ErrReply(code int, desc string) Reply {
	return Reply{Status: code, Body: fmt.Sprintf(`{"ok":false,"error_code":%d,"description":%q}`, code, desc)}
}

// OK wraps a result in the Bot API's success shape.
func OK(result string) string { return `{"ok":true,"result":` + result + `}` }

// File is a file the server serves through getFile and its download URL.
type File struct {
	Path string
	Data []byte
	Size int // reported by getFile; 0 = not reported
}

// Sent is one message the bot sent.
type Sent struct {
	Method    string // sendMessage, sendPhoto or sendDocument
	Chat      int64
	ID        int // message_id the server gave it
	Text      string
	Photo     []byte // the uploaded bytes (first upload) or those of the reused file_id
	ReplyTo   int
	Buttons   []string // inline keyboard labels
	Callbacks []string // their callback data
	Entities  []Entity // entities or caption_entities
	ParseMode string   // parse_mode as sent (dropbot never sets it)
}

// Entity is a MessageEntity as the bot sent it: offsets and lengths in
// UTF-16 code units of Text.
type Entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
}

// Span is the text an entity covers in s, counted as Telegram counts
// (UTF-16 code units); "" when the entity lies outside s.
func (e Entity) Span(s string) string {
	u := utf16.Encode([]rune(s))
	if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > len(u) {
		return ""
	}
	return string(utf16.Decode(u[e.Offset : e.Offset+e.Length]))
}

// Menu is one setMyCommands call: the scope (its JSON type, and chat_id
// for a chat scope), the language and the commands in order.
type Menu struct {
	Scope    string // "default" when no scope was sent
	ChatID   int64
	Lang     string
	Commands []MenuCommand
}

// MenuCommand is one entry of a Menu.
type MenuCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// Server is the fake Bot API.
type Server struct {
	t     testing.TB
	srv   *httptest.Server
	token string

	mu         sync.Mutex
	updates    []json.RawMessage
	ids        []int
	lastUpdate int
	calls      []Call
	sent       []Sent
	menus      []Menu // setMyCommands that succeeded
	deleted    []Menu // deleteMyCommands that succeeded
	fileHits   []string
	files      map[string]File    // file_id → file
	uploads    map[string][]byte  // file_id handed out for an upload → its bytes
	canned     map[string][]Reply // method → answers used before the normal one
	nextMsg    int
	nextFile   int
	keepOld    bool
	wake       chan struct{}
}

// NewServer starts a server for token, closed when the test ends. The
// messages it answers for are numbered from firstMessageID+1.
func NewServer(t testing.TB, token string, firstMessageID int) *Server {
	t.Helper()
	s := &Server{t: t, token: token, nextMsg: firstMessageID, files: map[string]File{},
		uploads: map[string][]byte{}, canned: map[string][]Reply{}, wake: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the API base to configure the adapter with.
func (s *Server) URL() string { return s.srv.URL }

// Close stops the server (a test of an unreachable API).
func (s *Server) Close() { s.srv.Close() }

// Push queues whole updates, each a JSON object with its update_id.
func (s *Server) Push(raws ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range raws {
		var head struct {
			UpdateID int `json:"update_id"`
		}
		if err := json.Unmarshal([]byte(r), &head); err != nil {
			s.t.Fatalf("bad test update %s: %v", r, err)
		}
		s.queue(json.RawMessage(r), head.UpdateID)
	}
}

// PushBody queues one update body (the fields after update_id), numbering
// it after the last one, and returns its id.
func (s *Server) PushBody(body string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.lastUpdate + 1
	s.queue(json.RawMessage(fmt.Sprintf(`{"update_id":%d,%s}`, id, body)), id)
	return id
}

// queue adds an update and wakes a waiting getUpdates; s.mu is held.
func (s *Server) queue(raw json.RawMessage, id int) {
	s.updates = append(s.updates, raw)
	s.ids = append(s.ids, id)
	if id > s.lastUpdate {
		s.lastUpdate = id
	}
	close(s.wake)
	s.wake = make(chan struct{})
}

// LastUpdate is the highest update_id queued so far.
func (s *Server) LastUpdate() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastUpdate
}

// Update returns the JSON of a queued update not yet confirmed, to post
// it to a webhook as Telegram would.
func (s *Server) Update(id int) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, uid := range s.ids {
		if uid == id {
			return string(s.updates[i]), true
		}
	}
	return "", false
}

// Pending is how many updates the bot has not confirmed yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// KeepOld makes getUpdates return updates below the offset too, like a
// broken server, so the adapter's own filter is what is tested.
func (s *Server) KeepOld() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keepOld = true
}

// NewMessageID hands out the next message id, for updates a test builds.
func (s *Server) NewMessageID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextMsg++
	return s.nextMsg
}

// NewFileID hands out a fresh file id with a prefix.
func (s *Server) NewFileID(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextFile++
	return prefix + strconv.Itoa(s.nextFile)
}

// Can queues answers for a method, used before the normal answer.
func (s *Server) Can(method string, rs ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.canned[method] = append(s.canned[method], rs...)
}

// AddFile serves a file under a file_id.
func (s *Server) AddFile(id string, f File) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[id] = f
}

// Calls lists the requests to one method, in order.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Menus lists the setMyCommands calls that succeeded, in order.
func (s *Server) Menus() []Menu {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Menu(nil), s.menus...)
}

// DeletedMenus lists the deleteMyCommands calls that succeeded, in order.
func (s *Server) DeletedMenus() []Menu {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Menu(nil), s.deleted...)
}

// menuOf reads a setMyCommands or deleteMyCommands form as Telegram does.
func menuOf(form url.Values) (Menu, error) {
	m := Menu{Scope: "default", Lang: form.Get("language_code")}
	if raw := form.Get("commands"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &m.Commands); err != nil {
			return Menu{}, fmt.Errorf("can't parse commands JSON object")
		}
	}
	if raw := form.Get("scope"); raw != "" && raw != "null" {
		var sc struct {
			Type   string `json:"type"`
			ChatID int64  `json:"chat_id"`
		}
		if err := json.Unmarshal([]byte(raw), &sc); err != nil {
			return Menu{}, fmt.Errorf("can't parse BotCommandScope JSON object")
		}
		switch sc.Type {
		case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		case "chat", "chat_administrators":
			if sc.ChatID == 0 {
				return Menu{}, fmt.Errorf("chat not found")
			}
		default:
			return Menu{}, fmt.Errorf("unsupported scope type %q", sc.Type)
		}
		m.Scope, m.ChatID = sc.Type, sc.ChatID
	}
	return m, nil
}

// FileHits lists the download paths requested, in order.
func (s *Server) FileHits() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.fileHits...)
}

// Sent lists the messages the bot sent, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if rest, found := strings.CutPrefix(r.URL.Path, "/file/bot"+s.token+"/"); found {
		s.mu.Lock()
		s.fileHits = append(s.fileHits, r.URL.Path)
		var data []byte
		for _, f := range s.files {
			if f.Path == rest {
				data = f.Data
			}
		}
		s.mu.Unlock()
		if data == nil {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
		return
	}
	method, found := strings.CutPrefix(r.URL.Path, "/bot"+s.token+"/")
	if !found {
		if strings.HasPrefix(r.URL.Path, "/bot") {
			writeJSON(w, 401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
			return
		}
		writeJSON(w, 404, `{"ok":false,"error_code":404,"description":"Not Found"}`)
		return
	}
	c := Call{Method: method, Files: map[string][]byte{}, Names: map[string]string{}}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad multipart"}`)
			return
		}
		for field, fhs := range r.MultipartForm.File {
			fh, err := fhs[0].Open()
			if err != nil {
				writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad multipart"}`)
				return
			}
			b, _ := io.ReadAll(fh)
			fh.Close()
			c.Files[field] = b
			c.Names[field] = fhs[0].Filename
		}
	} else if err := r.ParseForm(); err != nil {
		writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad form"}`)
		return
	}
	c.Form = r.PostForm
	if r.MultipartForm != nil {
		c.Form = url.Values(r.MultipartForm.Value)
	}
	s.mu.Lock()
	s.calls = append(s.calls, c)
	if rs := s.canned[method]; len(rs) > 0 {
		s.canned[method] = rs[1:]
		s.mu.Unlock()
		writeJSON(w, rs[0].Status, rs[0].Body)
		return
	}
	s.mu.Unlock()

	form := c.Form
	switch method {
	case "getMe":
		writeJSON(w, 200, OK(fmt.Sprintf(`{"id":%d,"is_bot":true,"first_name":"Toko","username":"toko_bot"}`, BotID)))
	case "getUpdates":
		s.getUpdates(w, r, form)
	case "sendMessage", "sendPhoto", "sendDocument":
		s.send(w, c)
	case "getFile":
		s.mu.Lock()
		f, known := s.files[form.Get("file_id")]
		s.mu.Unlock()
		if !known {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: invalid file_id"}`)
			return
		}
		size := ""
		if f.Size > 0 {
			size = `,"file_size":` + strconv.Itoa(f.Size)
		}
		writeJSON(w, 200, OK(fmt.Sprintf(`{"file_id":%q,"file_unique_id":"u"%s,"file_path":%q}`, form.Get("file_id"), size, f.Path)))
	case "setMyCommands", "deleteMyCommands":
		m, err := menuOf(form)
		if err != nil {
			writeJSON(w, 400, fmt.Sprintf(`{"ok":false,"error_code":400,"description":%q}`, "Bad Request: "+err.Error()))
			return
		}
		s.mu.Lock()
		if method == "setMyCommands" {
			s.menus = append(s.menus, m)
		} else {
			s.deleted = append(s.deleted, m)
		}
		s.mu.Unlock()
		writeJSON(w, 200, OK(`true`))
	case "answerCallbackQuery", "editMessageReplyMarkup", "deleteWebhook", "setWebhook":
		writeJSON(w, 200, OK(`true`))
	default:
		writeJSON(w, 404, `{"ok":false,"error_code":404,"description":"Not Found: method not found"}`)
	}
}

// send answers sendMessage, sendPhoto and sendDocument like Telegram and
// records the message. An upload gets a new file_id; a file_id the server
// never handed out is refused, as Telegram does.
func (s *Server) send(w http.ResponseWriter, c Call) {
	form := c.Form
	chat, err := strconv.ParseInt(form.Get("chat_id"), 10, 64)
	if err != nil {
		writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`)
		return
	}
	m := Sent{Method: c.Method, Chat: chat, Text: form.Get("text")}
	m.ReplyTo, _ = strconv.Atoi(form.Get("reply_to_message_id"))
	extra := `"text":` + strconv.Quote(m.Text)
	if c.Method != "sendMessage" {
		field, prefix := "photo", "AgACphoto"
		if c.Method == "sendDocument" {
			field, prefix = "document", "BQACdoc"
		}
		m.Text = form.Get("caption")
		fileID, name := form.Get(field), "file"
		if b, up := c.Files[field]; up {
			if len(b) == 0 {
				writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: empty file"}`)
				return
			}
			fileID, name = s.NewFileID(prefix), c.Names[field]
			s.mu.Lock()
			s.uploads[fileID] = b
			s.mu.Unlock()
		}
		s.mu.Lock()
		data, known := s.uploads[fileID]
		s.mu.Unlock()
		if !known {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: wrong file identifier/HTTP URL specified"}`)
			return
		}
		m.Photo = data
		if c.Method == "sendPhoto" {
			extra = fmt.Sprintf(`"photo":[{"file_id":"small-%s","file_unique_id":"s","width":90,"height":90,"file_size":900},`+
				`{"file_id":%q,"file_unique_id":"l","width":800,"height":800,"file_size":%d}]`, fileID, fileID, len(data))
		} else {
			extra = fmt.Sprintf(`"document":{"file_id":%q,"file_unique_id":"d","file_name":%q}`, fileID, name)
		}
		if m.Text != "" {
			extra += `,"caption":` + strconv.Quote(m.Text)
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
	m.ParseMode = form.Get("parse_mode")
	ents := form.Get("entities")
	if c.Method != "sendMessage" {
		ents = form.Get("caption_entities")
	}
	if ents != "" && ents != "null" {
		if err := json.Unmarshal([]byte(ents), &m.Entities); err != nil {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities JSON object"}`)
			return
		}
	}
	// Telegram refuses entities outside the text (it counts UTF-16 units),
	// and code that shares characters with another entity.
	units := len(utf16.Encode([]rune(m.Text)))
	for i, e := range m.Entities {
		if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > units {
			writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: entity beyond the end of the text"}`)
			return
		}
		for _, o := range m.Entities[i+1:] {
			overlap := e.Offset < o.Offset+o.Length && o.Offset < e.Offset+e.Length
			if overlap && (e.Type == "code" || o.Type == "code") {
				writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: code can't be nested"}`)
				return
			}
		}
	}
	m.ID = s.NewMessageID()
	s.mu.Lock()
	s.sent = append(s.sent, m)
	s.mu.Unlock()
	writeJSON(w, 200, OK(fmt.Sprintf(`{"message_id":%d,"date":%d,"chat":%s,"from":{"id":%d,"is_bot":true,"first_name":"Toko"},%s}`,
		m.ID, time.Now().Unix(), ChatJSON(chat, "x"), BotID, extra)))
}

// getUpdates honours offset (forgetting what it confirms, as Telegram
// does), limit and the long-poll timeout, and stops when the client goes.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, form url.Values) {
	offset, _ := strconv.Atoi(form.Get("offset"))
	timeout, _ := strconv.Atoi(form.Get("timeout"))
	limit, _ := strconv.Atoi(form.Get("limit"))
	if limit <= 0 {
		limit = 100
	}
	deadline := time.After(time.Duration(timeout) * time.Second)
	for {
		s.mu.Lock()
		if !s.keepOld {
			var ups []json.RawMessage
			var ids []int
			for i, id := range s.ids {
				if id >= offset {
					ups, ids = append(ups, s.updates[i]), append(ids, id)
				}
			}
			s.updates, s.ids = ups, ids
		}
		pending := append([]json.RawMessage(nil), s.updates...)
		wake := s.wake
		s.mu.Unlock()
		if len(pending) > limit {
			pending = pending[:limit]
		}
		if len(pending) > 0 || timeout == 0 {
			b := []byte("[]")
			if len(pending) > 0 {
				b, _ = json.Marshal(pending)
			}
			writeJSON(w, 200, OK(string(b)))
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

// ChatJSON is a chat object: negative ids are supergroups, others private.
func ChatJSON(chat int64, title string) string {
	if chat < 0 {
		return fmt.Sprintf(`{"id":%d,"type":"supergroup","title":%q}`, chat, title)
	}
	return fmt.Sprintf(`{"id":%d,"type":"private","first_name":%q}`, chat, title)
}
