package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"

	"github.com/dropbot/dropbot/bot"
)

func newSender(t *testing.T) (*Channel, *fakeClient) {
	t.Helper()
	fake := newFake()
	return NewWithClient(testConfig(), fake, fake.self), fake
}

func TestRenderText(t *testing.T) {
	tests := []struct {
		text    string
		options []string
		want    string
	}{
		{"Mau apa?", nil, "Mau apa?"},
		{"Mau apa?", []string{"Katalog", "Pesan"}, "Mau apa?\n\n1. Katalog\n2. Pesan"},
		{"Mau apa?\n", []string{"Katalog"}, "Mau apa?\n\n1. Katalog"}, // trailing newline not doubled
		{"", []string{"Ya", "Tidak"}, "1. Ya\n2. Tidak"},
		{"a", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, "a\n\n1. 1\n2. 2\n3. 3\n4. 4\n5. 5\n6. 6\n7. 7\n8. 8\n9. 9\n10. 10"},
	}
	for _, tt := range tests {
		if got := RenderText(tt.text, tt.options); got != tt.want {
			t.Errorf("RenderText(%q, %q) = %q, want %q", tt.text, tt.options, got, tt.want)
		}
	}
}

func TestSendTextWithOptions(t *testing.T) {
	ch, fake := newSender(t)
	id, err := ch.Send(context.Background(), bot.Outgoing{ChatID: budi, Text: "Mau apa?", Options: []string{"Katalog", "Pesan"}})
	if err != nil {
		t.Fatal(err)
	}
	sent := fake.sentCopy()
	if id != "OUT1" || len(sent) != 1 {
		t.Fatalf("id %q, %d sent; want OUT1, 1", id, len(sent))
	}
	if sent[0].to.String() != budi {
		t.Errorf("to = %s, want %s", sent[0].to, budi)
	}
	if got, want := sent[0].msg.GetConversation(), "Mau apa?\n\n1. Katalog\n2. Pesan"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

// TestSendKeepsMarkup: the neutral markup is WhatsApp's own, so it goes out
// byte for byte (Telegram is the adapter that turns it into entities).
func TestSendKeepsMarkup(t *testing.T) {
	ch, fake := newSender(t)
	text := "✅ Pesanan `K7QX2`\n*Total: `Rp317.305`*\nSilakan transfer `317305` ke BCA ```1234567890``` a.n. _Siti_Rahma_ ~lama~"
	if _, err := ch.Send(context.Background(), bot.Outgoing{ChatID: budi, Text: text}); err != nil {
		t.Fatal(err)
	}
	if got := fake.sentCopy()[0].msg.GetConversation(); got != text {
		t.Errorf("text = %q, want %q", got, text)
	}
}

func writePNG(t *testing.T, w, h int) (string, []byte) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "ab", "abcdef.png")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, b.Bytes()
}

func TestSendPhotoWithCaption(t *testing.T) {
	ch, fake := newSender(t)
	path, data := writePNG(t, 200, 100)
	id, err := ch.Send(context.Background(), bot.Outgoing{ChatID: group, Text: "Kaos polos Rp50.000", Options: []string{"Pesan"}, PhotoPath: path, PhotoMIME: "image/png"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fake.uploads) != 1 || !bytes.Equal(fake.uploads[0], data) {
		t.Fatalf("uploads = %d, want the file uploaded once", len(fake.uploads))
	}
	sent := fake.sentCopy()
	if id != "OUT1" || len(sent) != 1 {
		t.Fatalf("id %q, %d sent; want OUT1, 1 message", id, len(sent))
	}
	img := sent[0].msg.GetImageMessage()
	if img == nil {
		t.Fatal("no ImageMessage sent")
	}
	if got, want := img.GetCaption(), "Kaos polos Rp50.000\n\n1. Pesan"; got != want {
		t.Errorf("caption = %q, want %q", got, want)
	}
	if img.GetURL() != "https://mmg.test/1" || img.GetDirectPath() != "/v/t62/1" || !bytes.Equal(img.GetMediaKey(), []byte{1, 1}) ||
		!bytes.Equal(img.GetFileSHA256(), []byte{1, 3}) || !bytes.Equal(img.GetFileEncSHA256(), []byte{1, 2}) ||
		img.GetFileLength() != uint64(len(data)) || img.GetMimetype() != "image/png" {
		t.Errorf("image fields not copied from the upload: %v", img)
	}
	// 200×100 → thumbnail 72×36 (72*100/200 = 36).
	if img.GetWidth() != 200 || img.GetHeight() != 100 {
		t.Errorf("size = %d×%d, want 200×100", img.GetWidth(), img.GetHeight())
	}
	th, err := jpeg.DecodeConfig(bytes.NewReader(img.GetJPEGThumbnail()))
	if err != nil || th.Width != 72 || th.Height != 36 {
		t.Errorf("thumbnail = %+v %v, want a 72×36 JPEG", th, err)
	}
}

func TestSendPhotoMIMEDetected(t *testing.T) {
	ch, fake := newSender(t)
	path, _ := writePNG(t, 4, 4)
	if _, err := ch.Send(context.Background(), bot.Outgoing{ChatID: budi, PhotoPath: path}); err != nil {
		t.Fatal(err)
	}
	img := fake.sentCopy()[0].msg.GetImageMessage()
	if img.GetMimetype() != "image/png" || img.Caption != nil {
		t.Errorf("mimetype %q caption %v; want image/png and no caption", img.GetMimetype(), img.Caption)
	}
}

func TestSendLongCaptionSplits(t *testing.T) {
	path, _ := writePNG(t, 10, 10)
	fits := strings.Repeat("a", CaptionMax)
	tooLong := strings.Repeat("a", CaptionMax+1)
	emoji := strings.Repeat("😀", CaptionMax/2) + "a" // 512 emoji = 1024 UTF-16 units, +1 = 1025
	tests := []struct {
		name      string
		text      string
		wantMsgs  int
		wantID    string
		caption   string
		textAfter string
	}{
		{"exactly the limit stays a caption", fits, 1, "OUT1", fits, ""},
		{"one over the limit follows as text", tooLong, 2, "OUT2", "", tooLong},
		{"emoji count double", emoji, 2, "OUT2", "", emoji},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, fake := newSender(t)
			id, err := ch.Send(context.Background(), bot.Outgoing{ChatID: budi, Text: tt.text, PhotoPath: path, OutboxID: 7})
			if err != nil {
				t.Fatal(err)
			}
			sent := fake.sentCopy()
			if id != tt.wantID || len(sent) != tt.wantMsgs {
				t.Fatalf("id %q, %d messages; want %q, %d", id, len(sent), tt.wantID, tt.wantMsgs)
			}
			if got := sent[0].msg.GetImageMessage().GetCaption(); got != tt.caption {
				t.Errorf("caption has %d chars, want %d", len(got), len(tt.caption))
			}
			if tt.wantMsgs == 2 && sent[1].msg.GetConversation() != tt.textAfter {
				t.Errorf("second message is not the text")
			}
		})
	}
}

func TestSendSplitRetryDoesNotResendPhoto(t *testing.T) {
	ch, fake := newSender(t)
	path, _ := writePNG(t, 10, 10)
	long := strings.Repeat("b", CaptionMax+10)
	fake.sendErrs = []error{nil, whatsmeow.ErrNotConnected} // photo goes, text fails
	out := bot.Outgoing{ChatID: budi, Text: long, PhotoPath: path, OutboxID: 42}
	if _, err := ch.Send(context.Background(), out); err == nil || bot.IsPermanent(err) {
		t.Fatalf("first Send = %v, want a retryable error", err)
	}
	id, err := ch.Send(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	sent := fake.sentCopy()
	if len(sent) != 2 || sent[0].msg.GetImageMessage() == nil || sent[1].msg.GetConversation() != long {
		t.Fatalf("sent %d messages, want photo then text (photo once)", len(sent))
	}
	if len(fake.uploads) != 1 {
		t.Errorf("uploads = %d, want 1", len(fake.uploads))
	}
	if id != "OUT2" {
		t.Errorf("id = %q, want OUT2 (the text)", id)
	}
	if len(ch.split) != 0 {
		t.Errorf("split bookkeeping not cleared: %v", ch.split)
	}
}

func TestSendQuotes(t *testing.T) {
	r := startRun(t, testConfig())
	ch, fake := r.ch, r.fake
	// A supplier writes in a lid-addressed group; the bot quotes them.
	e := msgEvent("3EBSUP", group, "123456789012345:7@lid", textMsg("stok habis"))
	e.Info.SenderAlt = jid("6281234567890@s.whatsapp.net")
	fake.emit(e)
	r.next(t)

	ctx := context.Background()
	if _, err := ch.Send(ctx, bot.Outgoing{ChatID: group, Text: "Baik", ReplyTo: "3EBSUP"}); err != nil {
		t.Fatal(err)
	}
	// Quoting the bot's own earlier message (OUT1) in the same chat.
	if _, err := ch.Send(ctx, bot.Outgoing{ChatID: group, Text: "Lagi", ReplyTo: "OUT1"}); err != nil {
		t.Fatal(err)
	}
	// Unknown quote, and a known id quoted from another chat: no quote.
	if _, err := ch.Send(ctx, bot.Outgoing{ChatID: group, Text: "Tanpa", ReplyTo: "NOPE"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ch.Send(ctx, bot.Outgoing{ChatID: budi, Text: "Lain", ReplyTo: "3EBSUP"}); err != nil {
		t.Fatal(err)
	}
	sent := fake.sentCopy()
	ci := sent[0].msg.GetExtendedTextMessage().GetContextInfo()
	if ci.GetStanzaID() != "3EBSUP" || ci.GetParticipant() != budiLID || ci.GetQuotedMessage().GetConversation() != "stok habis" ||
		sent[0].msg.GetExtendedTextMessage().GetText() != "Baik" {
		t.Errorf("quote of the supplier = %v, want stanza 3EBSUP from %s", sent[0].msg, budiLID)
	}
	ci = sent[1].msg.GetExtendedTextMessage().GetContextInfo()
	if ci.GetStanzaID() != "OUT1" || ci.GetParticipant() != fake.self.String() || ci.GetQuotedMessage().GetConversation() != "Baik" {
		t.Errorf("quote of own message = %v, want OUT1 from self", sent[1].msg)
	}
	for _, m := range sent[2:] {
		if m.msg.GetExtendedTextMessage() != nil || m.msg.GetConversation() == "" {
			t.Errorf("unknown quote should send plain text, got %v", m.msg)
		}
	}
}

func TestSendPhotoQuote(t *testing.T) {
	r := startRun(t, testConfig())
	r.fake.emit(msgEvent("3EBQ", budi, budi, textMsg("foto dong")))
	r.next(t)
	path, _ := writePNG(t, 5, 5)
	if _, err := r.ch.Send(context.Background(), bot.Outgoing{ChatID: budi, Text: "ini", PhotoPath: path, ReplyTo: "3EBQ"}); err != nil {
		t.Fatal(err)
	}
	ci := r.fake.sentCopy()[0].msg.GetImageMessage().GetContextInfo()
	if ci.GetStanzaID() != "3EBQ" || ci.GetParticipant() != budi {
		t.Errorf("photo quote = %v, want 3EBQ from %s", ci, budi)
	}
}

func TestSendErrors(t *testing.T) {
	rateErr := fmt.Errorf("failed to get group members: %w", whatsmeow.ErrIQRateOverLimit)
	tests := []struct {
		name      string
		out       bot.Outgoing
		sendErr   error
		uploadErr error
		permanent bool
		retryIn   time.Duration // >0: a RetryAfterError of that length
	}{
		{"rate limit waits a minute", bot.Outgoing{ChatID: group, Text: "x"}, rateErr, nil, false, time.Minute},
		{"rate limit on upload", bot.Outgoing{ChatID: group, Text: "x", PhotoPath: "PNG"}, nil, whatsmeow.ErrIQRateOverLimit, false, time.Minute},
		{"not logged in retries later", bot.Outgoing{ChatID: budi, Text: "x"}, whatsmeow.ErrNotLoggedIn, nil, false, 0},
		{"not connected retries later", bot.Outgoing{ChatID: budi, Text: "x"}, whatsmeow.ErrNotConnected, nil, false, 0},
		{"timeout retries later", bot.Outgoing{ChatID: budi, Text: "x"}, whatsmeow.ErrMessageTimedOut, nil, false, 0},
		{"removed from group", bot.Outgoing{ChatID: group, Text: "x"}, fmt.Errorf("failed to get group members: %w", whatsmeow.ErrNotInGroup), nil, true, 0},
		{"group gone", bot.Outgoing{ChatID: group, Text: "x"}, fmt.Errorf("failed to get group members: %w", whatsmeow.ErrGroupNotFound), nil, true, 0},
		{"number not on WhatsApp", bot.Outgoing{ChatID: "6289999999999@s.whatsapp.net", Text: "x"}, errors.New("no LID found for 6289999999999@s.whatsapp.net from server"), nil, true, 0},
		{"bad chat id", bot.Outgoing{ChatID: "telegram:123", Text: "x"}, nil, nil, true, 0},
		{"chat id with a device", bot.Outgoing{ChatID: "6281234567890:3@s.whatsapp.net", Text: "x"}, nil, nil, true, 0},
		{"chat id with letters", bot.Outgoing{ChatID: "budi@s.whatsapp.net", Text: "x"}, nil, nil, true, 0},
		{"chat id with two @", bot.Outgoing{ChatID: "62812@s.whatsapp.net@x", Text: "x"}, nil, nil, true, 0},
		{"empty text", bot.Outgoing{ChatID: budi, Text: "  "}, nil, nil, true, 0},
		{"missing photo file", bot.Outgoing{ChatID: budi, Text: "x", PhotoPath: "/nonexistent/dropbot/photo.png"}, nil, nil, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, fake := newSender(t)
			if tt.out.PhotoPath == "PNG" {
				tt.out.PhotoPath, _ = writePNG(t, 3, 3)
			}
			fake.sendErrs = []error{tt.sendErr}
			fake.uploadErr = tt.uploadErr
			_, err := ch.Send(context.Background(), tt.out)
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if got := bot.IsPermanent(err); got != tt.permanent {
				t.Errorf("permanent = %v, want %v (%v)", got, tt.permanent, err)
			}
			var ra *bot.RetryAfterError
			isRA := errors.As(err, &ra)
			if isRA != (tt.retryIn > 0) || (isRA && ra.After != tt.retryIn) {
				t.Errorf("retry-after = %v (%v), want %v", isRA, err, tt.retryIn)
			}
			if tt.sendErr != nil && !errors.Is(err, tt.sendErr) {
				t.Errorf("error %v does not wrap %v", err, tt.sendErr)
			}
		})
	}
}

func TestSendCanceled(t *testing.T) {
	ch, fake := newSender(t)
	fake.sendErrs = []error{context.Canceled}
	_, err := ch.Send(context.Background(), bot.Outgoing{ChatID: budi, Text: "x"})
	if !errors.Is(err, context.Canceled) || bot.IsPermanent(err) {
		t.Errorf("err = %v, want context.Canceled, not permanent", err)
	}
}

func TestSendPacing(t *testing.T) {
	cfg := testConfig()
	cfg.SendGap = 80 * time.Millisecond
	fake := newFake()
	ch := NewWithClient(cfg, fake, fake.self)
	for i := range 3 {
		if _, err := ch.Send(context.Background(), bot.Outgoing{ChatID: budi, Text: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	sent := fake.sentCopy()
	for i := 1; i < len(sent); i++ {
		// gap 80 ms + jitter in [0, 500 ms)
		if d := sent[i].at.Sub(sent[i-1].at); d < 80*time.Millisecond || d > 80*time.Millisecond+maxSendJitter+200*time.Millisecond {
			t.Errorf("gap %d = %v, want between 80ms and 80ms+jitter", i, d)
		}
	}
	// A canceled context stops the wait.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ch.Send(ctx, bot.Outgoing{ChatID: budi, Text: "x"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Send with canceled ctx while waiting = %v, want context.Canceled", err)
	}
}

func TestChatJID(t *testing.T) {
	for _, ok := range []string{budi, group, budiLID, "6281234567890-1600000000@g.us"} {
		if _, err := chatJID(ok); err != nil {
			t.Errorf("chatJID(%q) = %v, want ok", ok, err)
		}
	}
	for _, bad := range []string{"", "s.whatsapp.net", "@s.whatsapp.net", "status@broadcast", "1@newsletter", "62.0:1@s.whatsapp.net", "6281 23@s.whatsapp.net"} {
		if _, err := chatJID(bad); err == nil {
			t.Errorf("chatJID(%q) ok, want an error", bad)
		}
	}
}

func TestThumbnail(t *testing.T) {
	_, tall := writePNG(t, 30, 300)
	// 30×300 → 72*30/300 = 7 wide, 72 high
	th, w, h, ok := thumbnail(tall)
	if !ok || w != 30 || h != 300 {
		t.Fatalf("thumbnail ok=%v size %d×%d, want 30×300", ok, w, h)
	}
	c, err := jpeg.DecodeConfig(bytes.NewReader(th))
	if err != nil || c.Width != 7 || c.Height != 72 {
		t.Errorf("thumb %+v %v, want 7×72", c, err)
	}
	_, tiny := writePNG(t, 2, 1) // smaller than 72: kept at its size
	th, _, _, ok = thumbnail(tiny)
	if c, err := jpeg.DecodeConfig(bytes.NewReader(th)); !ok || err != nil || c.Width != 2 || c.Height != 1 {
		t.Errorf("tiny thumb %+v %v, want 2×1", c, err)
	}
	if _, _, _, ok := thumbnail([]byte("not an image")); ok {
		t.Error("thumbnail of garbage ok, want false")
	}
}

func TestQuoteCacheEvicts(t *testing.T) {
	q := newQuoteCache(3)
	for i := range 5 {
		q.put(fmt.Sprint(i), quoteRef{chat: "c", participant: "p", text: fmt.Sprint(i)})
	}
	// 5 puts into 3 slots: 0 and 1 are gone, 2..4 remain.
	for i := range 5 {
		_, ok := q.get("c", fmt.Sprint(i))
		if ok != (i >= 2) {
			t.Errorf("id %d present = %v, want %v", i, ok, i >= 2)
		}
	}
	if _, ok := q.get("other", "4"); ok {
		t.Error("a quote from another chat was returned")
	}
	long := strings.Repeat("é", 150) // 300 bytes → cut to 200 bytes = 100 runes
	q.put("L", quoteRef{chat: "c", participant: "p", text: long})
	if r, _ := q.get("c", "L"); r.text != strings.Repeat("é", 100) {
		t.Errorf("quote text has %d bytes, want 200", len(r.text))
	}
}

// TestSendFileAsDocument: an XLSX export or a backup is not a picture; it
// goes as a document with its name and caption, never as an image.
func TestSendFileAsDocument(t *testing.T) {
	ch, fake := newSender(t)
	path := filepath.Join(t.TempDir(), "ab12.xlsx")
	data := []byte("PK\x03\x04 not really a zip but not an image either")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	mime := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if _, err := ch.Send(context.Background(), bot.Outgoing{ChatID: group, Text: "Ekspor November", PhotoPath: path, PhotoMIME: mime}); err != nil {
		t.Fatal(err)
	}
	sent := fake.sentCopy()
	if len(sent) != 1 || sent[0].msg.GetImageMessage() != nil {
		t.Fatalf("sent %d messages, image=%v; want one document", len(sent), sent[0].msg.GetImageMessage() != nil)
	}
	doc := sent[0].msg.GetDocumentMessage()
	if doc == nil || doc.GetFileName() != "ab12.xlsx" || doc.GetMimetype() != mime || doc.GetCaption() != "Ekspor November" ||
		doc.GetFileLength() != uint64(len(data)) {
		t.Fatalf("document = %v", doc)
	}
}
