package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for thumbnails
	"image/jpeg"
	_ "image/png"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/dropbot/dropbot/bot"
)

// CaptionMax is the longest caption sent with a photo, in UTF-16 code
// units (WhatsApp's limit is 1024 characters); a longer text follows the
// photo as its own message.
const CaptionMax = 1024

// Thumbnail bounds: the preview shown before the photo is downloaded.
const (
	thumbSide      = 72
	thumbMaxPixels = 40 << 20 // refuse to decode bigger images for a thumbnail
)

// RateLimitWait is how long the dispatcher waits after WhatsApp answered
// "rate-overlimit".
const RateLimitWait = time.Minute

// Send delivers one message and returns the WhatsApp id of the last
// message it sent. Options become a numbered list under the text (WhatsApp
// has no reliable buttons for bots). A photo carries the text as caption;
// a text longer than CaptionMax follows the photo as a second message (if
// that second one fails, the retry does not send the photo again). A quote
// (ReplyTo) is added only when the quoted message is known to the adapter;
// otherwise the message goes without it.
//
// Text is written in the neutral markup (package bot/markup), which is
// WhatsApp's own syntax (*bold*, _italic_, ~strike~, `code`, ```code```):
// it goes out as it is and the WhatsApp apps format it. Nothing is escaped,
// because WhatsApp has no escape.
func (c *Channel) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	to, err := chatJID(m.ChatID)
	if err != nil {
		return "", &bot.PermanentError{Err: err}
	}
	text := RenderText(m.Text, m.Options)
	quote := c.quoteInfo(m.ChatID, m.ReplyTo)
	if m.PhotoPath == "" {
		if strings.TrimSpace(text) == "" {
			return "", &bot.PermanentError{Err: errors.New("whatsapp: empty message")}
		}
		return c.sendText(ctx, to, m.ChatID, text, quote)
	}

	caption, rest := text, ""
	if utf16Len(text) > CaptionMax {
		caption, rest = "", text
	}
	c.mu.Lock()
	photoID, photoSent := c.split[m.OutboxID]
	c.mu.Unlock()
	photoSent = photoSent && m.OutboxID != 0
	if !photoSent {
		photoID, err = c.sendPhoto(ctx, to, m, caption, quote)
		if err != nil {
			return "", err
		}
	}
	if rest == "" {
		return photoID, nil
	}
	if m.OutboxID != 0 {
		c.mu.Lock()
		if len(c.split) > 1024 { // only failed pairs linger; forget them
			clear(c.split)
		}
		c.split[m.OutboxID] = photoID
		c.mu.Unlock()
	}
	id, err := c.sendText(ctx, to, m.ChatID, rest, nil)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	delete(c.split, m.OutboxID)
	c.mu.Unlock()
	return id, nil
}

// RenderText appends the options as a numbered list:
// "Mau apa?" + [Katalog Pesan] → "Mau apa?\n\n1. Katalog\n2. Pesan".
func RenderText(text string, options []string) string {
	if len(options) == 0 {
		return text
	}
	var b strings.Builder
	b.WriteString(strings.TrimRight(text, " \t\r\n"))
	for i, o := range options {
		switch {
		case i > 0:
			b.WriteString("\n")
		case b.Len() > 0:
			b.WriteString("\n\n")
		}
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(". ")
		b.WriteString(o)
	}
	return b.String()
}

func (c *Channel) sendText(ctx context.Context, to types.JID, chat, text string, quote *waE2E.ContextInfo) (string, error) {
	msg := &waE2E.Message{Conversation: proto.String(text)}
	if quote != nil {
		msg = &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(text), ContextInfo: quote}}
	}
	return c.send(ctx, to, chat, text, msg)
}

func (c *Channel) sendPhoto(ctx context.Context, to types.JID, m bot.Outgoing, caption string, quote *waE2E.ContextInfo) (string, error) {
	data, err := os.ReadFile(m.PhotoPath)
	if errors.Is(err, fs.ErrNotExist) {
		return "", &bot.PermanentError{Err: fmt.Errorf("whatsapp photo: %w", err)}
	} else if err != nil {
		return "", fmt.Errorf("whatsapp photo: %w", err)
	}
	if len(data) == 0 {
		return "", &bot.PermanentError{Err: errors.New("whatsapp photo: empty file")}
	}
	mime := m.PhotoMIME
	if mime == "" {
		mime = http.DetectContentType(data)
	}
	if !strings.HasPrefix(mime, "image/") {
		// An export or a backup: WhatsApp shows it as a file to download.
		return c.sendDocument(ctx, to, m, data, mime, caption, quote)
	}
	up, err := c.client.Upload(ctx, data, whatsmeow.MediaImage)
	if err != nil {
		return "", classify("upload", err)
	}
	img := &waE2E.ImageMessage{
		URL:           proto.String(up.URL),
		DirectPath:    proto.String(up.DirectPath),
		MediaKey:      up.MediaKey,
		FileEncSHA256: up.FileEncSHA256,
		FileSHA256:    up.FileSHA256,
		FileLength:    proto.Uint64(up.FileLength),
		Mimetype:      proto.String(mime),
		ContextInfo:   quote,
	}
	if caption != "" {
		img.Caption = proto.String(caption)
	}
	if thumb, w, h, ok := thumbnail(data); ok {
		img.JPEGThumbnail, img.Width, img.Height = thumb, proto.Uint32(uint32(w)), proto.Uint32(uint32(h))
	}
	return c.send(ctx, to, m.ChatID, caption, &waE2E.Message{ImageMessage: img})
}

// send paces, sends, classifies the error and remembers the message so a
// later reply can quote it.
func (c *Channel) send(ctx context.Context, to types.JID, chat, text string, msg *waE2E.Message) (string, error) {
	if err := c.waitTurn(ctx); err != nil {
		return "", err
	}
	resp, err := c.client.SendMessage(ctx, to, msg)
	if err != nil {
		return "", classify("send", err)
	}
	sender := resp.Sender
	if sender.IsEmpty() {
		sender = c.self
	}
	c.quotes.put(resp.ID, quoteRef{chat: chat, participant: sender.ToNonAD().String(), text: text})
	return resp.ID, nil
}

// waitTurn keeps SendGap (+ jitter) between two sends of this channel.
func (c *Channel) waitTurn(ctx context.Context) error {
	if c.cfg.SendGap < 0 {
		return nil
	}
	c.pace.Lock()
	defer c.pace.Unlock()
	if d := time.Until(c.next); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	c.next = time.Now().Add(c.cfg.SendGap + rand.N(maxSendJitter))
	return nil
}

// quoteInfo builds the quote of message id in chat, or nil when the
// adapter does not know that message (then the reply goes unquoted).
func (c *Channel) quoteInfo(chat, id string) *waE2E.ContextInfo {
	if id == "" {
		return nil
	}
	r, ok := c.quotes.get(chat, id)
	if !ok {
		c.log.Debug("whatsapp quoted message unknown; sending without quote", "quoted", id)
		return nil
	}
	return &waE2E.ContextInfo{
		StanzaID:      proto.String(id),
		Participant:   proto.String(r.participant),
		QuotedMessage: &waE2E.Message{Conversation: proto.String(r.text)},
	}
}

// chatJID parses a ChatID the adapter reported: a person
// ("62…@s.whatsapp.net" or "…@lid") or a group ("…@g.us").
func chatJID(chat string) (types.JID, error) {
	j, err := types.ParseJID(chat)
	if err != nil {
		return types.JID{}, fmt.Errorf("whatsapp: bad chat id %q: %w", chat, err)
	}
	if j.User == "" || j.Device != 0 || j.RawAgent != 0 || j.String() != chat {
		return types.JID{}, fmt.Errorf("whatsapp: bad chat id %q", chat)
	}
	switch j.Server {
	case types.DefaultUserServer, types.HiddenUserServer:
		for _, r := range j.User {
			if r < '0' || r > '9' {
				return types.JID{}, fmt.Errorf("whatsapp: bad chat id %q", chat)
			}
		}
	case types.GroupServer:
	default:
		return types.JID{}, fmt.Errorf("whatsapp: chat id %q is not a person or a group", chat)
	}
	return j, nil
}

// classify sorts a whatsmeow error for the dispatcher: rate limits wait a
// minute, chats that cannot receive are permanent, the rest (not
// connected, not logged in yet, timeouts, server hiccups) retry later.
func classify(op string, err error) error {
	wrapped := fmt.Errorf("whatsapp %s: %w", op, err)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, whatsmeow.ErrIQRateOverLimit):
		return &bot.RetryAfterError{After: RateLimitWait, Err: wrapped}
	case errors.Is(err, whatsmeow.ErrNotInGroup),
		errors.Is(err, whatsmeow.ErrGroupNotFound),
		errors.Is(err, whatsmeow.ErrUnknownServer),
		errors.Is(err, whatsmeow.ErrRecipientADJID),
		errors.Is(err, whatsmeow.ErrBroadcastListUnsupported),
		// whatsmeow has no sentinel for a number that is not on WhatsApp;
		// SendMessage says "no LID found for … from server".
		strings.Contains(err.Error(), "no LID found for"):
		return &bot.PermanentError{Err: wrapped}
	default:
		return wrapped
	}
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// thumbnail renders a small JPEG preview (longest side 72 px) of a JPEG,
// PNG or GIF image and reports its full size. ok is false for anything it
// cannot decode; the photo is then sent without a preview.
func thumbnail(data []byte) (thumb []byte, w, h int, ok bool) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > thumbMaxPixels {
		return nil, 0, 0, false
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, false
	}
	b := img.Bounds()
	w, h = b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return nil, 0, 0, false
	}
	tw, th := thumbSide, thumbSide
	if w >= h {
		th = max(1, h*thumbSide/w)
	} else {
		tw = max(1, w*thumbSide/h)
	}
	tw, th = min(tw, w), min(th, h)
	small := image.NewRGBA(image.Rect(0, 0, tw, th))
	for y := 0; y < th; y++ {
		for x := 0; x < tw; x++ {
			small.Set(x, y, img.At(b.Min.X+x*w/tw, b.Min.Y+y*h/th))
		}
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, small, &jpeg.Options{Quality: 60}); err != nil {
		return nil, 0, 0, false
	}
	return out.Bytes(), w, h, true
}

// sendDocument sends a file that is not a picture (an XLSX export, a
// backup) as a document with its caption.
func (c *Channel) sendDocument(ctx context.Context, to types.JID, m bot.Outgoing, data []byte, mime, caption string, quote *waE2E.ContextInfo) (string, error) {
	up, err := c.client.Upload(ctx, data, whatsmeow.MediaDocument)
	if err != nil {
		return "", classify("upload", err)
	}
	doc := &waE2E.DocumentMessage{
		URL:           proto.String(up.URL),
		DirectPath:    proto.String(up.DirectPath),
		MediaKey:      up.MediaKey,
		FileEncSHA256: up.FileEncSHA256,
		FileSHA256:    up.FileSHA256,
		FileLength:    proto.Uint64(up.FileLength),
		Mimetype:      proto.String(mime),
		FileName:      proto.String(filepath.Base(m.PhotoPath)),
		ContextInfo:   quote,
	}
	if caption != "" {
		doc.Caption = proto.String(caption)
	}
	return c.send(ctx, to, m.ChatID, caption, &waE2E.Message{DocumentMessage: doc})
}
