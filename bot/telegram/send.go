package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/bot/markup"
)

// Bot API limits, counted in UTF-16 code units (what Telegram counts).
const (
	maxText    = 4096
	maxCaption = 1024
	maxButtons = 100 // inline keyboard buttons per message
	// maxPhotoCache bounds the path → file_id cache; it is cleared when full.
	maxPhotoCache = 4096
	// maxProgress bounds the multi-part bookkeeping of messages the
	// dispatcher may never retry.
	maxProgress = 1024
)

// progress is how far a multi-part message (long text, or a photo followed
// by a text too long for its caption) got before a part failed, so that a
// retry by the dispatcher does not send the first parts again.
type progress struct {
	done   int    // parts sent
	lastID string // platform id of the last part sent
}

// part is one Bot API message of an Outgoing.
type part struct {
	photo    bool   // the file (sendPhoto or sendDocument) with text as caption; else sendMessage
	text     string // message text or caption, plain
	entities []tgbotapi.MessageEntity
	keyboard *tgbotapi.InlineKeyboardMarkup
}

// Send delivers m and returns the id of the last Telegram message it took
// (the one carrying the buttons).
//
// Text is written in the neutral markup (package markup): it goes out as
// plain text with entities (bold, italic, strikethrough, code), never with
// parse_mode, so no character of a person's name can make Telegram refuse
// the message. Option labels lose their markers (a button has no formatting).
//
// Options become an inline keyboard, one button per row ("1. Label",
// callback data "1"); options beyond Telegram's 100 buttons are appended to
// the text as numbered lines. A text over 4096 characters is split, the
// keyboard on the last part; a caption over 1024 characters is sent as a
// text after the photo. PhotoPath goes out with sendPhoto, or with
// sendDocument when PhotoMIME is not JPEG, PNG or WebP (a PDF proof). A file
// is uploaded once per path; later sends use the file_id Telegram gave it.
// ReplyTo quotes a message if it still exists.
//
// Errors: 429 is *bot.RetryAfterError; 400 (chat not found, bad request of
// any kind) and 403 (blocked, kicked) are *bot.PermanentError, as are an
// unusable chat id or photo file; anything else (5xx, network, timeouts) is
// a plain error for the dispatcher to retry.
func (c *Channel) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	chatID, err := strconv.ParseInt(m.ChatID, 10, 64)
	if err != nil || chatID == 0 {
		return "", &bot.PermanentError{Err: fmt.Errorf("telegram: chat id %q is not a number", m.ChatID)}
	}
	replyTo, _ := strconv.Atoi(m.ReplyTo) // not a Telegram id: send without quoting
	parts := plan(m)
	if len(parts) == 0 {
		return "", &bot.PermanentError{Err: errors.New("telegram: nothing to send (empty text, no photo)")}
	}
	start, lastID := 0, ""
	if m.OutboxID != 0 {
		c.mu.Lock()
		if p, ok := c.progress[m.OutboxID]; ok && p.done < len(parts) {
			start, lastID = p.done, p.lastID
		}
		c.mu.Unlock()
	}
	for i := start; i < len(parts); i++ {
		reply := 0
		if i == 0 {
			reply = replyTo
		}
		id, err := c.sendPart(ctx, chatID, m, reply, parts[i])
		if err != nil {
			c.remember(m.OutboxID, progress{done: i, lastID: lastID}, i > 0 && !bot.IsPermanent(err))
			return "", err
		}
		lastID = id
	}
	c.remember(m.OutboxID, progress{}, false)
	return lastID, nil
}

// remember keeps (keep) or forgets the progress of a multi-part message.
func (c *Channel) remember(outboxID int64, p progress, keep bool) {
	if outboxID == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !keep {
		delete(c.progress, outboxID)
		return
	}
	if _, ok := c.progress[outboxID]; !ok && len(c.progress) >= maxProgress {
		for k := range c.progress {
			delete(c.progress, k)
			break
		}
	}
	c.progress[outboxID] = p
}

// plan cuts m into the Bot API messages that carry it.
func plan(m bot.Outgoing) []part {
	f := format(strings.ToValidUTF8(m.Text, "\uFFFD"))
	text := f.text
	kb, overflow := keyboard(m.Options)
	if len(overflow) > 0 {
		text = strings.TrimRight(text, "\n") + "\n\n" + strings.Join(overflow, "\n")
	}
	var parts []part
	if m.PhotoPath != "" {
		if n := utf16Len(text); n <= maxCaption {
			return []part{{photo: true, text: text, entities: f.entities(0, n), keyboard: kb}}
		}
		parts = append(parts, part{photo: true})
	}
	at := 0 // UTF-16 offset of the chunk in text
	for _, chunk := range split(text, maxText) {
		n := utf16Len(chunk)
		if strings.TrimSpace(chunk) != "" { // Telegram refuses a blank message
			parts = append(parts, part{text: chunk, entities: f.entities(at, at+n)})
		}
		at += n
	}
	if len(parts) > 0 {
		parts[len(parts)-1].keyboard = kb
	}
	return parts
}

// keyboard builds one button per option, one per row, its label without
// formatting markers. Options beyond maxButtons come back as numbered lines
// for the text (plain as well: they are added after the text is parsed).
func keyboard(options []string) (*tgbotapi.InlineKeyboardMarkup, []string) {
	if len(options) == 0 {
		return nil, nil
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	var overflow []string
	for i, o := range options {
		// A button shows no formatting: its markers would be literal.
		label := strconv.Itoa(i+1) + ". " + markup.Plain(strings.ToValidUTF8(o, "\uFFFD"))
		if i >= maxButtons {
			overflow = append(overflow, label)
			continue
		}
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(label, strconv.Itoa(i+1))))
	}
	return &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: rows}, overflow
}

// sendPart sends one part and returns its message id.
func (c *Channel) sendPart(ctx context.Context, chatID int64, m bot.Outgoing, replyTo int, p part) (string, error) {
	if !p.photo {
		cfg := tgbotapi.NewMessage(chatID, p.text)
		cfg.Entities = p.entities
		setBase(&cfg.BaseChat, replyTo, p.keyboard)
		msg, err := c.request(ctx, cfg)
		if err != nil {
			return "", err
		}
		return msgID(msg), nil
	}

	asDoc := sendAsDocument(m.PhotoMIME)
	fileID, cached := c.cachedPhoto(m.PhotoPath)
	if cached {
		msg, err := c.request(ctx, fileConfig(chatID, tgbotapi.FileID(fileID), asDoc, replyTo, p))
		if err == nil {
			return msgID(msg), nil
		}
		f, ok := failureOf(nil, err)
		if !ok || f.Code != http.StatusBadRequest || !strings.Contains(strings.ToLower(f.Desc), "file") {
			return "", err
		}
		// The file_id went stale: forget it and upload again.
		c.forgetPhoto(m.PhotoPath)
	}
	data, err := os.ReadFile(m.PhotoPath)
	if err != nil {
		err = fmt.Errorf("telegram: photo: %w", err)
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
			return "", &bot.PermanentError{Err: err}
		}
		return "", err
	}
	upload := tgbotapi.FileBytes{Name: filepath.Base(m.PhotoPath), Bytes: data}
	msg, err := c.request(ctx, fileConfig(chatID, upload, asDoc, replyTo, p))
	if err != nil {
		return "", err
	}
	switch {
	case asDoc && msg.Document != nil:
		c.cachePhoto(m.PhotoPath, msg.Document.FileID)
	case !asDoc && len(msg.Photo) > 0:
		c.cachePhoto(m.PhotoPath, largestPhoto(msg.Photo).FileID)
	}
	return msgID(msg), nil
}

// sendAsDocument tells files Telegram would refuse or mangle as a photo
// (a PDF payment proof, a GIF) from pictures. No MIME means a picture.
func sendAsDocument(mime string) bool {
	switch mime {
	case "", "image/jpeg", "image/png", "image/webp":
		return false
	}
	return true
}

// fileConfig is a sendPhoto, or a sendDocument for other files, with the
// part's text as caption.
func fileConfig(chatID int64, file tgbotapi.RequestFileData, asDoc bool, replyTo int, p part) tgbotapi.Chattable {
	if asDoc {
		cfg := tgbotapi.NewDocument(chatID, file)
		cfg.Caption = p.text
		cfg.CaptionEntities = p.entities
		setBase(&cfg.BaseChat, replyTo, p.keyboard)
		return cfg
	}
	cfg := tgbotapi.NewPhoto(chatID, file)
	cfg.Caption = p.text
	cfg.CaptionEntities = p.entities
	setBase(&cfg.BaseChat, replyTo, p.keyboard)
	return cfg
}

func setBase(b *tgbotapi.BaseChat, replyTo int, kb *tgbotapi.InlineKeyboardMarkup) {
	if replyTo != 0 {
		b.ReplyToMessageID = replyTo
		b.AllowSendingWithoutReply = true
	}
	if kb != nil {
		b.ReplyMarkup = kb
	}
}

// request sends one message and classifies a failure for the dispatcher.
func (c *Channel) request(ctx context.Context, req tgbotapi.Chattable) (tgbotapi.Message, error) {
	resp, err := c.api(ctx).Request(req)
	if err != nil {
		return tgbotapi.Message{}, classify(resp, err)
	}
	var msg tgbotapi.Message
	if err := json.Unmarshal(resp.Result, &msg); err != nil {
		// Sent, but the answer is unreadable: an id is still owed. Retrying
		// would send twice, so report success without an id.
		c.log.Warn("telegram send answer not understood", "err", err)
	}
	return msg, nil
}

func (c *Channel) cachedPhoto(path string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.photos[path]
	return id, ok
}

func (c *Channel) cachePhoto(path, fileID string) {
	if fileID == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.photos) >= maxPhotoCache {
		clear(c.photos)
	}
	c.photos[path] = fileID
}

func (c *Channel) forgetPhoto(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.photos, path)
}

// msgID is the platform id Send returns; "" when the answer was unreadable.
func msgID(m tgbotapi.Message) string {
	if m.MessageID == 0 {
		return ""
	}
	return strconv.Itoa(m.MessageID)
}

func largestPhoto(sizes []tgbotapi.PhotoSize) tgbotapi.PhotoSize {
	return pickPhoto(sizes, 1<<62)
}

// apiFailure is the Bot API's answer to a failed call.
type apiFailure struct {
	Code       int
	RetryAfter int // seconds
	Desc       string
}

var retryAfterText = regexp.MustCompile(`(?i)retry after (\d+)`)

// failureOf reads the Bot API's error out of err. resp, when known, supplies
// the code the library leaves at 0 for uploads.
func failureOf(resp *tgbotapi.APIResponse, err error) (apiFailure, bool) {
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		return apiFailure{}, false
	}
	f := apiFailure{Code: te.Code, RetryAfter: te.RetryAfter, Desc: te.Message}
	if f.Code == 0 && resp != nil {
		f.Code = resp.ErrorCode
	}
	if f.Code == 0 && (f.RetryAfter > 0 || strings.HasPrefix(f.Desc, "Too Many Requests")) {
		f.Code = http.StatusTooManyRequests
	}
	if f.Code == 0 && strings.HasPrefix(f.Desc, "Forbidden") {
		f.Code = http.StatusForbidden
	}
	if f.Code == 0 && strings.HasPrefix(f.Desc, "Bad Request") {
		f.Code = http.StatusBadRequest
	}
	if f.Code == http.StatusTooManyRequests && f.RetryAfter <= 0 {
		if m := retryAfterText.FindStringSubmatch(f.Desc); m != nil {
			f.RetryAfter, _ = strconv.Atoi(m[1])
		}
		f.RetryAfter = max(f.RetryAfter, 1)
	}
	return f, true
}

// classify maps a failed send to what the dispatcher understands.
func classify(resp *tgbotapi.APIResponse, err error) error {
	f, ok := failureOf(resp, err)
	if !ok {
		return fmt.Errorf("telegram send: %w", err) // network, timeout, unreadable answer
	}
	err = fmt.Errorf("telegram send: %d %w", f.Code, err)
	switch {
	case f.Code == http.StatusTooManyRequests:
		return &bot.RetryAfterError{After: time.Duration(f.RetryAfter) * time.Second, Err: err}
	case f.Code == http.StatusBadRequest, f.Code == http.StatusForbidden:
		return &bot.PermanentError{Err: err}
	}
	return err
}

// split cuts s into pieces of at most limit UTF-16 code units (limit ≥ 2),
// never inside a character, preferring to cut after a line break, else
// after a space, when one lies in the second half of the piece. The pieces
// joined give s back.
func split(s string, limit int) []string {
	var out []string
	for s != "" {
		n, i, lastNL, lastSP := 0, 0, 0, 0
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			w := 1
			if r >= 0x10000 {
				w = 2
			}
			if n+w > limit {
				break
			}
			n += w
			i += size
			switch {
			case r == '\n':
				lastNL = i
			case unicode.IsSpace(r):
				lastSP = i
			}
		}
		cut := i
		switch {
		case cut == len(s): // the rest fits
		case lastNL > cut/2:
			cut = lastNL
		case lastSP > cut/2:
			cut = lastSP
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return out
}

// utf16Len counts s the way Telegram does; an invalid byte counts as one.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}
