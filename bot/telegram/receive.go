package telegram

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dropbot/dropbot/bot"
)

// Media kinds, the values of flows.MediaPhoto and its siblings (a test keeps
// them equal; the adapter does not import flows for six strings).
const (
	kindPhoto    = "photo"
	kindVideo    = "video"
	kindDocument = "document"
	kindSticker  = "sticker"
	kindVoice    = "voice"
	kindOther    = "other"
)

const (
	pollLimit   = 100 // updates per getUpdates, the Bot API's maximum
	chatWorkers = 8   // chats of one batch delivered side by side
	// mediaTries is how many times one update's attachment may fail to
	// download for a passing reason before the message is delivered
	// without the data rather than holding back every later update.
	mediaTries      = 3
	sideCallTimeout = 10 * time.Second
	saveTimeout     = 5 * time.Second
)

// update is one getUpdates entry; u is nil when the library's types could
// not decode it (it is then skipped, but its id still counts).
type update struct {
	id int
	u  *tgbotapi.Update
}

// Run long-polls getUpdates and hands every message to sink until ctx ends;
// it then returns nil. It fails only when the stored offset cannot be read.
// An update is acknowledged (the offset stored past it) only after sink
// returned nil for it and for every earlier update; after a failure the
// same updates come again after a backoff.
func (c *Channel) Run(ctx context.Context, sink Sink) error {
	offset := 0
	if c.offsets != nil {
		o, err := c.offsets.LoadOffset(ctx)
		if err != nil {
			return fmt.Errorf("telegram: load offset: %w", err)
		}
		offset = o
	}
	wait := c.backoff
	mediaFails := map[int]int{} // update id → failed downloads so far
	for ctx.Err() == nil {
		batch, err := c.poll(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			d := wait
			if f, ok := failureOf(nil, err); ok && f.RetryAfter > 0 {
				d = max(d, time.Duration(f.RetryAfter)*time.Second)
			}
			c.log.Warn("telegram getUpdates failed", "err", err, "retry_in", d)
			c.dropWebhookIfSet(ctx, err)
			sleep(ctx, d)
			wait = grow(wait)
			continue
		}
		next, failed := c.deliver(ctx, sink, offset, batch, mediaFails)
		if next != offset {
			c.saveOffset(ctx, next)
			offset = next
			for id := range mediaFails {
				if id < offset {
					delete(mediaFails, id)
				}
			}
		}
		switch {
		case failed:
			sleep(ctx, wait)
			wait = grow(wait)
		case len(batch) == 0 && c.pollTimeout == 0:
			sleep(ctx, c.backoff) // short polling: do not spin
			wait = c.backoff
		default:
			wait = c.backoff
		}
	}
	return nil
}

// poll fetches the next batch. Each update is decoded on its own: one the
// library's types reject is skipped with its id instead of failing the
// whole batch, which would block every later update forever.
func (c *Channel) poll(ctx context.Context, offset int) ([]update, error) {
	resp, err := c.api(ctx).Request(tgbotapi.UpdateConfig{
		Offset: offset, Limit: pollLimit, Timeout: c.pollTimeout,
		AllowedUpdates: allowedUpdates(),
	})
	if err != nil {
		return nil, fmt.Errorf("telegram getUpdates: %w", err)
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(resp.Result, &raws); err != nil {
		return nil, fmt.Errorf("telegram getUpdates result: %w", err)
	}
	out := make([]update, 0, len(raws))
	for _, raw := range raws {
		if up, ok := c.decodeUpdate(raw); ok {
			out = append(out, up)
		}
	}
	slices.SortFunc(out, func(a, b update) int { return cmp.Compare(a.id, b.id) })
	return out, nil
}

// decodeUpdate decodes one update, for polling and the webhook alike. An
// update the library's types reject keeps its id with a nil u (it is
// skipped but still counts); ok is false when not even the id can be read.
// Both are logged.
func (c *Channel) decodeUpdate(raw []byte) (up update, ok bool) {
	var u tgbotapi.Update
	err := json.Unmarshal(raw, &u)
	if err == nil {
		return update{id: u.UpdateID, u: &u}, true
	}
	var head struct {
		UpdateID *int `json:"update_id"`
	}
	if json.Unmarshal(raw, &head) != nil || head.UpdateID == nil {
		c.log.Warn("telegram update without an id skipped", "err", err)
		return update{}, false
	}
	c.log.Warn("telegram update the library cannot decode skipped", "update", *head.UpdateID, "err", err)
	return update{id: *head.UpdateID}, true
}

// allowedUpdates are the update kinds asked for, by getUpdates and
// setWebhook alike: edited messages and everything else are ignored, so
// not fetched.
func allowedUpdates() []string { return []string{"message", "callback_query"} }

// deliver hands a batch to sink: chats side by side, each chat in order and
// stopping at its first failure. next is the offset to store: past the
// whole batch, or the first update that failed.
func (c *Channel) deliver(ctx context.Context, sink Sink, offset int, batch []update, mediaFails map[int]int) (next int, failed bool) {
	next = offset
	groups := map[string][]update{}
	var order []string
	for _, up := range batch {
		if up.id < offset {
			continue // acknowledged before; a conforming server never sends it
		}
		next = max(next, up.id+1)
		key := chatKey(up.u)
		if _, seen := groups[key]; !seen {
			order = append(order, key)
		}
		groups[key] = append(groups[key], up)
	}

	var (
		mu        sync.Mutex
		firstFail = -1
		badMedia  []int
		wg        sync.WaitGroup
		sem       = make(chan struct{}, chatWorkers)
	)
	for _, key := range order {
		ups := groups[key]
		degrade := make([]bool, len(ups))
		for i, up := range ups {
			degrade[i] = mediaFails[up.id] >= mediaTries-1
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			for i, up := range ups {
				media, err := c.handle(ctx, sink, up, degrade[i])
				if err == nil {
					continue
				}
				if ctx.Err() == nil {
					c.log.Warn("telegram update not committed, will retry", "update", up.id, "err", err)
				}
				mu.Lock()
				if firstFail < 0 || up.id < firstFail {
					firstFail = up.id
				}
				if media {
					badMedia = append(badMedia, up.id)
				}
				mu.Unlock()
				return
			}
		}()
	}
	wg.Wait()
	for _, id := range badMedia {
		mediaFails[id]++
	}
	if firstFail >= 0 {
		return firstFail, true
	}
	return next, false
}

// handle delivers one update. media reports that err came from fetching
// the attachment rather than from sink.
func (c *Channel) handle(ctx context.Context, sink Sink, up update, degrade bool) (media bool, err error) {
	if up.u == nil {
		return false, nil
	}
	in, ok, err := c.inbound(ctx, up, degrade)
	if err != nil {
		return true, err
	}
	if !ok {
		return false, nil
	}
	return false, sink(ctx, in)
}

// chatKey groups updates whose order matters.
func chatKey(u *tgbotapi.Update) string {
	switch {
	case u == nil:
	case u.Message != nil && u.Message.Chat != nil:
		return strconv.FormatInt(u.Message.Chat.ID, 10)
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return strconv.FormatInt(u.CallbackQuery.Message.Chat.ID, 10)
	}
	return ""
}

// inbound builds the Inbound of one update; ok is false for updates that
// deliver nothing. degrade delivers an attachment that keeps failing to
// download without its data.
func (c *Channel) inbound(ctx context.Context, up update, degrade bool) (in bot.Inbound, ok bool, err error) {
	switch u := up.u; {
	case u.Message != nil:
		return c.fromMessage(ctx, up.id, u.Message, degrade)
	case u.CallbackQuery != nil:
		in, ok := c.fromCallback(ctx, u.CallbackQuery)
		return in, ok, nil
	}
	return bot.Inbound{}, false, nil
}

func (c *Channel) fromMessage(ctx context.Context, updateID int, m *tgbotapi.Message, degrade bool) (bot.Inbound, bool, error) {
	if m.Chat == nil {
		return bot.Inbound{}, false, nil
	}
	kind, ok := chatKind(m.Chat.Type)
	if !ok {
		return bot.Inbound{}, false, nil
	}
	if m.MigrateToChatID != 0 {
		c.log.Warn("telegram group became a supergroup with a new chat id; the owner must link it again",
			"old_chat", m.Chat.ID, "new_chat", m.MigrateToChatID)
		return bot.Inbound{}, false, nil
	}
	if m.MigrateFromChatID != 0 {
		return bot.Inbound{}, false, nil // the same event seen from the new supergroup
	}
	senderID, senderName, ok := sender(m.From, m.SenderChat)
	if !ok {
		return bot.Inbound{}, false, nil
	}
	in := bot.Inbound{
		Channel:    Name,
		ChatID:     strconv.FormatInt(m.Chat.ID, 10),
		Kind:       kind,
		SenderID:   senderID,
		SenderName: senderName,
		Text:       m.Text,
		MessageID:  strconv.Itoa(updateID),
		Time:       time.Unix(int64(m.Date), 0).UTC(),
	}
	if in.Text == "" {
		in.Text = m.Caption
	}
	if m.ReplyToMessage != nil {
		in.ReplyTo = strconv.Itoa(m.ReplyToMessage.MessageID)
	}
	fetch := kind != bot.Group || c.wantMedia == nil || c.wantMedia(ctx, in.ChatID)
	md, err := c.media(ctx, m, fetch, degrade)
	if err != nil {
		return bot.Inbound{}, false, err
	}
	in.Media = md
	if in.Text == "" && in.Media == nil {
		return bot.Inbound{}, false, nil // a service message: someone joined, the title changed, …
	}
	return in, true, nil
}

// fromCallback turns an inline button press into the text of the option
// (its number). The press is answered and the buttons are removed from the
// message, both best effort, so one menu cannot be answered twice.
func (c *Channel) fromCallback(ctx context.Context, q *tgbotapi.CallbackQuery) (bot.Inbound, bool) {
	c.sideCall(ctx, tgbotapi.NewCallback(q.ID, ""))
	m := q.Message
	if m == nil || m.Chat == nil || q.Data == "" {
		return bot.Inbound{}, false // a button of an inline-mode message, or a game
	}
	kind, ok := chatKind(m.Chat.Type)
	if !ok {
		return bot.Inbound{}, false
	}
	senderID, senderName, ok := sender(q.From, nil)
	if !ok {
		return bot.Inbound{}, false
	}
	c.sideCall(ctx, tgbotapi.EditMessageReplyMarkupConfig{BaseEdit: tgbotapi.BaseEdit{
		ChatID: m.Chat.ID, MessageID: m.MessageID,
		ReplyMarkup: &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}},
	}})
	return bot.Inbound{
		Channel:    Name,
		ChatID:     strconv.FormatInt(m.Chat.ID, 10),
		Kind:       kind,
		SenderID:   senderID,
		SenderName: senderName,
		Text:       q.Data,
		ReplyTo:    strconv.Itoa(m.MessageID),
		MessageID:  "cb" + q.ID,
	}, true
}

// sideCall makes a best-effort request whose failure changes nothing for
// the message (a redelivered press finds its buttons already gone: 400).
func (c *Channel) sideCall(ctx context.Context, req tgbotapi.Chattable) {
	sctx, cancel := context.WithTimeout(ctx, sideCallTimeout)
	defer cancel()
	_, err := c.api(sctx).Request(req)
	if err == nil || ctx.Err() != nil {
		return
	}
	if f, ok := failureOf(nil, err); ok && f.Code == http.StatusBadRequest {
		c.log.Debug("telegram best-effort call refused", "err", err)
		return
	}
	c.log.Warn("telegram best-effort call failed", "err", err)
}

func chatKind(t string) (bot.ChatKind, bool) {
	switch t {
	case "private":
		return bot.Private, true
	case "group", "supergroup":
		return bot.Group, true
	}
	return "", false // channels
}

// sender is the person writing; an anonymous group admin writes as the
// group itself (sender_chat).
func sender(from *tgbotapi.User, chat *tgbotapi.Chat) (id, name string, ok bool) {
	switch {
	case chat != nil:
		return strconv.FormatInt(chat.ID, 10), chat.Title, true
	case from != nil:
		return strconv.FormatInt(from.ID, 10), strings.TrimSpace(from.FirstName + " " + from.LastName), true
	}
	return "", "", false
}

// media describes the attachment of m and, when fetch is set, downloads
// photos, videos and documents up to MaxDownload.
func (c *Channel) media(ctx context.Context, m *tgbotapi.Message, fetch, degrade bool) (*bot.InMedia, error) {
	var md *bot.InMedia
	fileID := "" // set for the kinds that are downloaded
	switch {
	case len(m.Photo) > 0:
		p := pickPhoto(m.Photo, c.maxDownload)
		md = &bot.InMedia{Kind: kindPhoto, MIME: "image/jpeg", Size: int64(p.FileSize)}
		fileID = p.FileID
	case m.Video != nil:
		v := m.Video
		md = &bot.InMedia{Kind: kindVideo, MIME: or(v.MimeType, "video/mp4"), FileName: v.FileName, Size: int64(v.FileSize)}
		fileID = v.FileID
	case m.VideoNote != nil:
		md = &bot.InMedia{Kind: kindVideo, MIME: "video/mp4", Size: int64(m.VideoNote.FileSize)}
		fileID = m.VideoNote.FileID
	case m.Animation != nil: // a GIF; Telegram also fills Document for it
		a := m.Animation
		md = &bot.InMedia{Kind: kindVideo, MIME: or(a.MimeType, "video/mp4"), FileName: a.FileName, Size: int64(a.FileSize)}
		fileID = a.FileID
	case m.Document != nil:
		d := m.Document
		md = &bot.InMedia{Kind: kindDocument, MIME: or(d.MimeType, "application/octet-stream"), FileName: d.FileName, Size: int64(d.FileSize)}
		fileID = d.FileID
	case m.Sticker != nil:
		mime := "image/webp"
		if m.Sticker.IsAnimated {
			mime = "application/x-tgsticker"
		}
		md = &bot.InMedia{Kind: kindSticker, MIME: mime, Size: int64(m.Sticker.FileSize)}
	case m.Voice != nil:
		md = &bot.InMedia{Kind: kindVoice, MIME: or(m.Voice.MimeType, "audio/ogg"), Size: int64(m.Voice.FileSize)}
	case m.Audio != nil:
		a := m.Audio
		md = &bot.InMedia{Kind: kindVoice, MIME: or(a.MimeType, "audio/mpeg"), FileName: a.FileName, Size: int64(a.FileSize)}
	case m.Contact != nil || m.Location != nil || m.Venue != nil || m.Poll != nil || m.Dice != nil || m.Game != nil:
		md = &bot.InMedia{Kind: kindOther}
	default:
		return nil, nil
	}
	if !fetch || fileID == "" || md.Size > c.maxDownload {
		return md, nil
	}
	data, size, err := c.download(ctx, fileID)
	var gone *goneError
	switch {
	case err == nil:
		md.Data = data
		if md.Size == 0 {
			md.Size = int64(len(data))
		}
	case errors.Is(err, errTooBig):
		md.Size = max(md.Size, size)
	case errors.As(err, &gone):
		c.log.Warn("telegram attachment cannot be downloaded; delivered without data", "err", err)
	case degrade && ctx.Err() == nil:
		c.log.Warn("telegram attachment still failing; delivered without data", "tries", mediaTries, "err", err)
	default:
		return nil, err
	}
	return md, nil
}

// pickPhoto is the largest size (by area) that fits the download cap, or
// the largest of all when none fits (it is then not downloaded).
func pickPhoto(sizes []tgbotapi.PhotoSize, limit int64) tgbotapi.PhotoSize {
	larger := func(a, b tgbotapi.PhotoSize) bool {
		if a.Width*a.Height != b.Width*b.Height {
			return a.Width*a.Height > b.Width*b.Height
		}
		return a.FileSize > b.FileSize
	}
	best, fits := sizes[0], false
	for _, p := range sizes {
		pf := int64(p.FileSize) <= limit
		switch {
		case pf && !fits, pf == fits && larger(p, best):
			best, fits = p, pf
		}
	}
	return best
}

var errTooBig = errors.New("file over the download limit")

// goneError is a download that will never succeed (the server refuses the
// file, or holds it on its own disk in --local mode).
type goneError struct{ err error }

func (e *goneError) Error() string { return e.err.Error() }
func (e *goneError) Unwrap() error { return e.err }

// download runs getFile, then fetches {base}/file/bot{token}/{file_path}
// with a size cap. size is the file's size when it is over the cap.
func (c *Channel) download(ctx context.Context, fileID string) (data []byte, size int64, err error) {
	f, err := c.api(ctx).GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		err = fmt.Errorf("telegram getFile: %w", err)
		if fl, ok := failureOf(nil, err); ok && fl.Code >= 400 && fl.Code < 500 && fl.Code != http.StatusTooManyRequests {
			return nil, 0, &goneError{err} // 400 "file is too big", 404, …
		}
		return nil, 0, err
	}
	if int64(f.FileSize) > c.maxDownload {
		return nil, int64(f.FileSize), errTooBig
	}
	if f.FilePath == "" || strings.HasPrefix(f.FilePath, "/") {
		return nil, 0, &goneError{errors.New("telegram getFile: no download path (a --local Bot API server?)")}
	}
	segs := strings.Split(f.FilePath, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/file/bot"+c.token+"/"+strings.Join(segs, "/"), nil)
	if err != nil {
		return nil, 0, fmt.Errorf("telegram download: %w", redact(err, c.token))
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("telegram download: %w", redact(err, c.token))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("telegram download: HTTP %d", resp.StatusCode)
		if resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests {
			return nil, 0, &goneError{err}
		}
		return nil, 0, err
	}
	data, err = io.ReadAll(io.LimitReader(resp.Body, c.maxDownload+1))
	if err != nil {
		return nil, 0, fmt.Errorf("telegram download: %w", err)
	}
	if int64(len(data)) > c.maxDownload {
		return nil, int64(len(data)), errTooBig
	}
	return data, 0, nil
}

// dropWebhookIfSet deletes a leftover webhook: Telegram refuses getUpdates
// (409) while one is set. Pending updates are kept.
func (c *Channel) dropWebhookIfSet(ctx context.Context, err error) {
	f, ok := failureOf(nil, err)
	if !ok || f.Code != http.StatusConflict || !strings.Contains(strings.ToLower(f.Desc), "webhook") {
		return
	}
	c.log.Warn("telegram webhook is set while polling; deleting it")
	c.sideCall(ctx, tgbotapi.DeleteWebhookConfig{})
}

func (c *Channel) saveOffset(ctx context.Context, offset int) {
	if c.offsets == nil {
		return
	}
	// Progress made before a cancel is still worth keeping.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), saveTimeout)
	defer cancel()
	if err := c.offsets.SaveOffset(sctx, offset); err != nil {
		c.log.Warn("telegram offset not saved; updates may come again after a restart", "offset", offset, "err", err)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func grow(d time.Duration) time.Duration { return min(2*d, max(d, maxBackoff)) }

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
