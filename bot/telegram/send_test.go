package telegram

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dropbot/dropbot/bot"
)

func TestSendTextWithOptions(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	id, err := c.Send(context.Background(), bot.Outgoing{ChatID: "5551", Text: "Mau lihat apa, Kak? *promo*", Options: []string{"Katalog", "Keranjang"}})
	if err != nil {
		t.Fatal(err)
	}
	if id != "101" { // the fake numbers messages from 101
		t.Errorf("id = %q, want 101", id)
	}
	sm := f.Calls("sendMessage")
	if len(sm) != 1 {
		t.Fatalf("sendMessage calls = %d", len(sm))
	}
	form := sm[0].Form
	wantKB := `{"inline_keyboard":[[{"text":"1. Katalog","callback_data":"1"}],[{"text":"2. Keranjang","callback_data":"2"}]]}`
	if form.Get("chat_id") != "5551" || form.Get("text") != "Mau lihat apa, Kak? promo" || form.Get("reply_markup") != wantKB ||
		form.Get("entities") != `[{"type":"bold","offset":20,"length":5}]` {
		t.Errorf("form = %v", form)
	}
	if _, set := form["parse_mode"]; set {
		t.Errorf("parse_mode set: formatting must go out as entities")
	}
	if _, set := form["reply_to_message_id"]; set {
		t.Errorf("reply_to_message_id set without ReplyTo")
	}
}

func TestSendReplyTo(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	if _, err := c.Send(context.Background(), bot.Outgoing{ChatID: "-1001234567890", Text: "Resi?", ReplyTo: "55"}); err != nil {
		t.Fatal(err)
	}
	form := f.Calls("sendMessage")[0].Form
	if form.Get("reply_to_message_id") != "55" || form.Get("allow_sending_without_reply") != "true" || form.Get("chat_id") != "-1001234567890" {
		t.Errorf("form = %v", form)
	}
	if _, set := form["reply_markup"]; set {
		t.Errorf("keyboard without options")
	}
}

func TestSendOverflowOptions(t *testing.T) {
	opts := make([]string, 102)
	for i := range opts {
		opts[i] = "x"
	}
	kb, extra := keyboard(opts)
	if len(kb.InlineKeyboard) != 100 || *kb.InlineKeyboard[99][0].CallbackData != "100" {
		t.Errorf("keyboard rows = %d", len(kb.InlineKeyboard))
	}
	if want := []string{"101. x", "102. x"}; !reflect.DeepEqual(extra, want) {
		t.Errorf("overflow = %v, want %v", extra, want)
	}
	parts := plan(bot.Outgoing{Text: "Pilih:\n", Options: opts})
	if len(parts) != 1 || parts[0].text != "Pilih:\n\n101. x\n102. x" {
		t.Errorf("parts = %+v", parts)
	}
}

// TestKeyboardLabelsPlain: a button shows no formatting, so its label
// loses the markers that would format it in a text, and keeps the rest.
func TestKeyboardLabelsPlain(t *testing.T) {
	kb, _ := keyboard([]string{"*Transfer bank*", "Kaos_Polos *", "`QRIS`"})
	var got []string
	for _, row := range kb.InlineKeyboard {
		got = append(got, row[0].Text)
	}
	if want := []string{"1. Transfer bank", "2. Kaos_Polos *", "3. QRIS"}; !reflect.DeepEqual(got, want) {
		t.Errorf("labels = %q, want %q", got, want)
	}
}

func TestSendLongTextSplit(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	// 3000 + 1 + 3000 = 6001 characters: over 4096, cut after the line break.
	line1, line2 := strings.Repeat("a", 3000), strings.Repeat("é", 3000)
	text := line1 + "\n" + line2
	id, err := c.Send(context.Background(), bot.Outgoing{ChatID: "5551", Text: text, Options: []string{"Ya"}, ReplyTo: "9"})
	if err != nil {
		t.Fatal(err)
	}
	sm := f.Calls("sendMessage")
	if len(sm) != 2 {
		t.Fatalf("sendMessage calls = %d, want 2", len(sm))
	}
	if id != "102" {
		t.Errorf("id = %q, want 102 (the last part)", id)
	}
	if sm[0].Form.Get("text") != line1+"\n" || sm[1].Form.Get("text") != line2 {
		t.Errorf("parts cut elsewhere: %d and %d runes", utf8.RuneCountInString(sm[0].Form.Get("text")), utf8.RuneCountInString(sm[1].Form.Get("text")))
	}
	if sm[0].Form.Get("reply_markup") != "" || sm[1].Form.Get("reply_markup") == "" {
		t.Errorf("keyboard must be on the last part only")
	}
	if sm[0].Form.Get("reply_to_message_id") != "9" || sm[1].Form.Get("reply_to_message_id") != "" {
		t.Errorf("quote must be on the first part only")
	}
}

func TestSendPartialRetryDoesNotRepeat(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	text := strings.Repeat("kata ", 1000) // 5000 characters: two parts
	f.Can("sendMessage", reply{Status: 200, Body: ok(`{"message_id":7,"date":1,"chat":{"id":5551,"type":"private"},"text":"x"}`)},
		errReply(500, "Internal Server Error"))
	m := bot.Outgoing{ChatID: "5551", Text: text, OutboxID: 31}
	if _, err := c.Send(context.Background(), m); err == nil || bot.IsPermanent(err) {
		t.Fatalf("first try err = %v, want a retryable error", err)
	}
	id, err := c.Send(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	sm := f.Calls("sendMessage")
	// Try 1: part 1 sent, part 2 failed. Try 2: part 2 only.
	if len(sm) != 3 || sm[1].Form.Get("text") != sm[2].Form.Get("text") || sm[0].Form.Get("text") == sm[2].Form.Get("text") {
		t.Fatalf("sendMessage calls = %d", len(sm))
	}
	if id != "101" {
		t.Errorf("id = %q, want 101", id)
	}
	if joined := sm[0].Form.Get("text") + sm[2].Form.Get("text"); joined != text {
		t.Errorf("parts do not join back to the text")
	}
}

func writePhoto(t *testing.T) (string, []byte) {
	t.Helper()
	img := pngBytes(t)
	path := filepath.Join(t.TempDir(), "ab", "abcdef.png")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, img, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, img
}

func TestSendPhotoUploadsOnceThenFileID(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	path, img := writePhoto(t)
	m := bot.Outgoing{ChatID: "5551", Text: "Gamis Aisyah\nRp150.000", PhotoPath: path, PhotoMIME: "image/png", Options: []string{"Pesan"}}
	if _, err := c.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	id, err := c.Send(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	sp := f.Calls("sendPhoto")
	if len(sp) != 2 {
		t.Fatalf("sendPhoto calls = %d", len(sp))
	}
	if !bytes.Equal(sp[0].Files["photo"], img) || sp[0].Names["photo"] != "abcdef.png" {
		t.Errorf("first send did not upload the file bytes as abcdef.png (name %q)", sp[0].Names["photo"])
	}
	if sp[0].Form.Get("caption") != m.Text || sp[0].Form.Get("reply_markup") == "" {
		t.Errorf("first form = %v", sp[0].Form)
	}
	if len(sp[1].Files) != 0 || sp[1].Form.Get("photo") != "AgACphoto1" {
		t.Errorf("second send: files %d, photo %q; want the file_id AgACphoto1", len(sp[1].Files), sp[1].Form.Get("photo"))
	}
	if id != "102" {
		t.Errorf("id = %q", id)
	}
	if n := len(f.Calls("sendMessage")); n != 0 {
		t.Errorf("sendMessage calls = %d, want 0 (caption fits)", n)
	}
}

func TestSendPhotoStaleFileIDUploadsAgain(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	path, img := writePhoto(t)
	c.cachePhoto(path, "AgACgone")
	if _, err := c.Send(context.Background(), bot.Outgoing{ChatID: "5551", Text: "x", PhotoPath: path}); err != nil {
		t.Fatal(err)
	}
	sp := f.Calls("sendPhoto")
	if len(sp) != 2 || sp[0].Form.Get("photo") != "AgACgone" || !bytes.Equal(sp[1].Files["photo"], img) {
		t.Errorf("sendPhoto calls = %+v", sp)
	}
	if got, _ := c.cachedPhoto(path); got != "AgACphoto1" {
		t.Errorf("cache = %q, want the new file_id", got)
	}
}

func TestSendLongCaption(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	path, _ := writePhoto(t)
	text := strings.Repeat("b", 1025) // one over the caption limit
	id, err := c.Send(context.Background(), bot.Outgoing{ChatID: "5551", Text: text, PhotoPath: path, Options: []string{"Pesan"}})
	if err != nil {
		t.Fatal(err)
	}
	sp, sm := f.Calls("sendPhoto"), f.Calls("sendMessage")
	if len(sp) != 1 || sp[0].Form.Get("caption") != "" || sp[0].Form.Get("reply_markup") != "" {
		t.Errorf("sendPhoto = %+v, want no caption and no keyboard", sp)
	}
	if len(sm) != 1 || sm[0].Form.Get("text") != text || sm[0].Form.Get("reply_markup") == "" {
		t.Errorf("sendMessage = %d calls", len(sm))
	}
	if id != "102" {
		t.Errorf("id = %q, want 102 (the text after the photo)", id)
	}
}

func TestSendErrors(t *testing.T) {
	path, _ := writePhoto(t)
	tests := []struct {
		name      string
		method    string
		reply     reply
		photo     bool
		retry     time.Duration // > 0: want a RetryAfterError
		permanent bool
	}{
		{"429", "sendMessage", tooMany, false, 7 * time.Second, false},
		// The library's upload path leaves the code at 0; the adapter still sees 429.
		{"429 on upload", "sendPhoto", tooMany, true, 7 * time.Second, false},
		{"429 without parameters", "sendMessage", errReply(429, "Too Many Requests: retry after 3"), false, 3 * time.Second, false},
		{"403 blocked", "sendMessage", errReply(403, "Forbidden: bot was blocked by the user"), false, 0, true},
		{"403 on upload", "sendPhoto", errReply(403, "Forbidden: bot was kicked from the group chat"), true, 0, true},
		{"400 chat not found", "sendMessage", errReply(400, "Bad Request: chat not found"), false, 0, true},
		{"500", "sendMessage", errReply(500, "Internal Server Error"), false, 0, false},
		{"502 html", "sendMessage", reply{Status: 502, Body: "<html>Bad Gateway</html>"}, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			c := newChannel(t, f, nil)
			f.Can(tt.method, tt.reply)
			m := bot.Outgoing{ChatID: "5551", Text: "halo"}
			if tt.photo {
				m.PhotoPath = path
			}
			_, err := c.Send(context.Background(), m)
			if err == nil {
				t.Fatal("no error")
			}
			var ra *bot.RetryAfterError
			isRetry := errors.As(err, &ra)
			if isRetry != (tt.retry > 0) || (isRetry && ra.After != tt.retry) {
				t.Errorf("err = %v; want retry after %v", err, tt.retry)
			}
			if bot.IsPermanent(err) != tt.permanent {
				t.Errorf("err = %v; permanent = %v, want %v", err, bot.IsPermanent(err), tt.permanent)
			}
		})
	}
}

func TestSendLocalFailures(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	tests := []struct {
		name string
		m    bot.Outgoing
	}{
		{"chat id not a number", bot.Outgoing{ChatID: "628123@s.whatsapp.net", Text: "x"}},
		{"nothing to send", bot.Outgoing{ChatID: "5551", Text: "  \n "}},
		{"photo file missing", bot.Outgoing{ChatID: "5551", Text: "x", PhotoPath: filepath.Join(t.TempDir(), "gone.jpg")}},
	}
	for _, tt := range tests {
		if _, err := c.Send(context.Background(), tt.m); !bot.IsPermanent(err) {
			t.Errorf("%s: err = %v, want permanent", tt.name, err)
		}
	}
	if n := len(f.Calls("sendMessage")) + len(f.Calls("sendPhoto")); n != 0 {
		t.Errorf("%d requests sent for messages that cannot go", n)
	}
}

func TestSendNetworkErrorHidesToken(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	f.Close()
	_, err := c.Send(context.Background(), bot.Outgoing{ChatID: "5551", Text: "x"})
	if err == nil || bot.IsPermanent(err) {
		t.Fatalf("err = %v, want a plain error", err)
	}
	var ra *bot.RetryAfterError
	if errors.As(err, &ra) {
		t.Errorf("network error reported as retry-after")
	}
	if strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "<token>") {
		t.Errorf("error text = %q: token not redacted", err)
	}
}

func TestSendCancelled(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Send(ctx, bot.Outgoing{ChatID: "5551", Text: "x"}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestFailureOf(t *testing.T) {
	// Plain errors are not Bot API answers.
	if _, ok := failureOf(nil, errors.New("x")); ok {
		t.Error("plain error read as an API failure")
	}
}

func TestSendPDFAsDocument(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	pdf := []byte("%PDF-1.4 bukti transfer")
	path := filepath.Join(t.TempDir(), "9f86d081.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	m := bot.Outgoing{ChatID: "5551", Text: "Bukti transfer order K7QX2", PhotoPath: path, PhotoMIME: "application/pdf"}
	for range 2 {
		if _, err := c.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	sd := f.Calls("sendDocument")
	if len(sd) != 2 || len(f.Calls("sendPhoto")) != 0 {
		t.Fatalf("sendDocument calls = %d, sendPhoto = %d", len(sd), len(f.Calls("sendPhoto")))
	}
	if !bytes.Equal(sd[0].Files["document"], pdf) || sd[0].Names["document"] != "9f86d081.pdf" || sd[0].Form.Get("caption") != m.Text {
		t.Errorf("first sendDocument: name %q form %v", sd[0].Names["document"], sd[0].Form)
	}
	if sd[1].Form.Get("document") != "BQACdoc1" || len(sd[1].Files) != 0 {
		t.Errorf("second sendDocument did not reuse the file_id: %v", sd[1].Form)
	}
}
