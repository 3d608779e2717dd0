// Package playground is an in-memory channel over the real engine and
// dispatcher: `dropbot play` and end-to-end tests talk to the shop through
// it, with script lines in the format of DESIGN.md §3:
//
//	owner <text>
//	customer:<id> <text>
//	group:<id>/<person> <text>     (group:<id>/owner is the owner in that group)
//
// A text starting with [reply] quotes the last message the bot sent to that
// chat (as a quote-reply on Telegram or WhatsApp would); [photo:<path>]
// attaches that image and [file:<path>] that document (a CSV or XLSX
// catalogue); [reply] and an attachment may be combined in that order; \n inside a text
// is a line break; a line starting with # is a comment. A line
// "clock +<duration>" (e.g. clock +25h) moves the playground's clock forward
// and runs the reminders and expiries that came due.
package playground

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// ChannelName is the playground's channel in the books.
const ChannelName = "play"

// OwnerID is the owner's user and chat id in the playground.
const OwnerID = "owner"

// MaxPhotoBytes bounds a photo attached by a script line.
const MaxPhotoBytes = store.MaxMediaBytes

// Sent is one message the bot sent, as the playground shows it.
type Sent struct {
	To      string   `json:"to"`
	Text    string   `json:"text"`
	Options []string `json:"options,omitempty"`
	Photo   string   `json:"photo,omitempty"`
}

// Line is one parsed script line.
type Line struct {
	ChatID   string
	Kind     bot.ChatKind
	SenderID string
	Text     string
	Photo    string // path of an image to attach
	File     string // path of a document to attach (a CSV or XLSX catalogue)
	Reply    bool   // quote the bot's last message to this chat
	Advance  time.Duration
}

// LineError explains why a script line cannot be used.
type LineError struct{ Reason string }

func (e *LineError) Error() string { return e.Reason }

var (
	customerRe = regexp.MustCompile(`^customer:([A-Za-z0-9_.\-]{1,64})$`)
	groupRe    = regexp.MustCompile(`^group:([A-Za-z0-9_.\-]{1,64})/([A-Za-z0-9_.\-]{1,64})$`)
	photoRe    = regexp.MustCompile(`^\[photo:([^\]]+)\]\s*`)
	fileRe     = regexp.MustCompile(`^\[file:([^\]]+)\]\s*`)
	replyRe    = regexp.MustCompile(`^\[reply\]\s*`)
)

// ParseSender reads the sender part of a line ("owner", "customer:budi",
// "group:gms/sari").
func ParseSender(s string) (Line, error) {
	switch {
	case s == "owner":
		return Line{ChatID: OwnerID, Kind: bot.Private, SenderID: OwnerID}, nil
	case customerRe.MatchString(s):
		return Line{ChatID: s, Kind: bot.Private, SenderID: s}, nil
	case groupRe.MatchString(s):
		m := groupRe.FindStringSubmatch(s)
		return Line{ChatID: "group:" + m[1], Kind: bot.Group, SenderID: m[2]}, nil
	}
	return Line{}, &LineError{Reason: fmt.Sprintf("unknown sender %q: use owner, customer:<id> or group:<id>/<person>", truncate(s, 40))}
}

// ParseLine reads one script line. ok is false for blank and comment lines.
func ParseLine(raw string) (l Line, ok bool, err error) {
	raw = strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
	if raw == "" || strings.HasPrefix(raw, "#") {
		return Line{}, false, nil
	}
	head, text, _ := strings.Cut(raw, " ")
	if head == "clock" {
		d, err := time.ParseDuration(strings.TrimPrefix(strings.TrimSpace(text), "+"))
		if err != nil || d <= 0 {
			return Line{}, false, &LineError{Reason: "clock needs a positive duration, e.g. clock +25h"}
		}
		return Line{Advance: d}, true, nil
	}
	if l, err = ParseSender(head); err != nil {
		return Line{}, false, err
	}
	text = strings.TrimSpace(text)
	if m := replyRe.FindString(text); m != "" {
		l.Reply = true
		text = text[len(m):]
	}
	if m := photoRe.FindStringSubmatch(text); m != nil {
		l.Photo = strings.TrimSpace(m[1])
		text = text[len(m[0]):]
	} else if m := fileRe.FindStringSubmatch(text); m != nil {
		l.File = strings.TrimSpace(m[1])
		text = text[len(m[0]):]
	}
	l.Text = strings.ReplaceAll(text, `\n`, "\n")
	if l.Text == "" && l.Photo == "" && l.File == "" {
		return Line{}, false, &LineError{Reason: "the line has a sender but no text"}
	}
	return l, true, nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Playground wires the channel, the engine and the dispatcher together and
// processes one line at a time, so a script's output is deterministic.
type Playground struct {
	db       *store.DB
	engine   *bot.Engine
	disp     *bot.Dispatcher
	ch       *channel
	runID    string
	mu       sync.Mutex
	seq      int
	clock    *Clock
	mediaDir string
	track    func(ctx context.Context) error
}

// Config configures a Playground.
type Config struct {
	DB       *store.DB
	Handler  bot.Handler
	MediaDir string
	// Clock is the playground's time; the store should use the same
	// (store.WithClock(clock.Now)). nil = a clock over time.Now.
	Clock *Clock
	Log   *slog.Logger // nil = slog.Default()
	// Track runs one parcel-tracking round (flows.Shop.Tracker's RunOnce);
	// a "clock +…" line runs it before sending what is due, so a demo sees
	// the courier's news arrive as `dropbot run` would. nil = no tracking.
	Track func(ctx context.Context) error
}

// New builds a playground and makes the playground's owner the shop owner.
func New(ctx context.Context, cfg Config) (*Playground, error) {
	if cfg.Clock == nil {
		cfg.Clock = NewClock(nil)
	}
	// Message ids must never repeat across runs on the same books, or the
	// engine's dedupe would drop them: a random run id, not the clock
	// (tests run with a fixed clock).
	var run [8]byte
	if _, err := rand.Read(run[:]); err != nil {
		return nil, err
	}
	p := &Playground{db: cfg.DB, ch: &channel{}, clock: cfg.Clock, mediaDir: cfg.MediaDir, runID: hex.EncodeToString(run[:]),
		track: cfg.Track}
	p.engine = bot.NewEngine(bot.EngineConfig{DB: cfg.DB, Handler: cfg.Handler, MediaDir: cfg.MediaDir, Log: cfg.Log})
	p.disp = bot.NewDispatcher(bot.DispatcherConfig{DB: cfg.DB, MediaDir: cfg.MediaDir, Now: cfg.Clock.Now, Log: cfg.Log})
	p.disp.Register(p.ch)
	err := cfg.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.SetStaff(ChannelName, OwnerID, store.StaffOwner, "playground")
	})
	if err != nil {
		return nil, fmt.Errorf("playground owner: %w", err)
	}
	return p, nil
}

// Say processes one parsed line and returns everything the bot sent as a
// result (to any chat), in the order it was sent.
func (p *Playground) Say(ctx context.Context, l Line) ([]Sent, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if l.Advance > 0 {
		p.clock.Advance(l.Advance)
		if p.track != nil {
			if err := p.track(ctx); err != nil {
				return nil, fmt.Errorf("tracking round: %w", err)
			}
		}
		return p.Flush(ctx)
	}
	p.seq++
	in := bot.Inbound{
		Channel: ChannelName, ChatID: l.ChatID, Kind: l.Kind, SenderID: l.SenderID, SenderName: senderName(l),
		Text: l.Text, MessageID: fmt.Sprintf("%s-%d", p.runID, p.seq), Time: p.clock.Now(),
	}
	if l.Reply {
		var id string
		var ok bool
		if err := p.db.View(ctx, func(tx *store.Tx) (err error) {
			id, ok, err = tx.LastSent(ChannelName, l.ChatID)
			return err
		}); err != nil {
			return nil, err
		}
		if !ok {
			return nil, &LineError{Reason: "[reply]: the bot has sent nothing to " + l.ChatID + " yet"}
		}
		in.ReplyTo = id
	}
	if l.Photo != "" {
		data, err := readPhoto(l.Photo)
		if err != nil {
			return nil, &LineError{Reason: err.Error()}
		}
		in.Media = &bot.InMedia{Kind: flows.MediaPhoto, Size: int64(len(data)), Data: data}
	}
	if l.File != "" {
		data, err := readPhoto(l.File)
		if err != nil {
			return nil, &LineError{Reason: strings.Replace(err.Error(), "photo", "file", 1)}
		}
		in.Media = &bot.InMedia{Kind: flows.MediaDocument, MIME: documentMIME(l.File), FileName: filepath.Base(l.File),
			Size: int64(len(data)), Data: data}
	}
	if err := p.engine.Handle(ctx, in); err != nil && !errors.Is(err, bot.ErrParked) {
		return nil, err
	}
	// A parked message (a bug in a flow) got its apology like in `dropbot
	// run`, and the engine logged why; the script goes on.
	return p.Flush(ctx)
}

// Flush runs the jobs that are due, sends whatever is due in the outbox
// and returns it.
func (p *Playground) Flush(ctx context.Context) ([]Sent, error) {
	if _, err := p.engine.RunJobs(ctx, p.clock.Now()); err != nil {
		return nil, err
	}
	if _, err := p.disp.Flush(ctx); err != nil {
		return nil, err
	}
	return p.ch.take(), nil
}

func senderName(l Line) string {
	if l.SenderID == OwnerID {
		return "Owner"
	}
	return strings.TrimPrefix(l.SenderID, "customer:")
}

// documentMIME is what a chat app would declare for a file by its name.
func documentMIME(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return "text/csv"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream"
}

func readPhoto(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("photo %q cannot be read: %v", truncate(path, 80), err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("photo %q is not a regular file", truncate(path, 80))
	}
	if st.Size() > MaxPhotoBytes {
		return nil, fmt.Errorf("photo %q is over %d MB", truncate(path, 80), MaxPhotoBytes>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxPhotoBytes+1))
	if err != nil {
		return nil, fmt.Errorf("photo %q cannot be read: %v", truncate(path, 80), err)
	}
	return data, nil
}

// channel is the in-memory bot.Channel: it collects what is sent.
type channel struct {
	mu   sync.Mutex
	sent []Sent
}

func (c *channel) Name() string { return ChannelName }

func (c *channel) Send(_ context.Context, m bot.Outgoing) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, Sent{To: m.ChatID, Text: m.Text, Options: m.Options, Photo: m.PhotoPath})
	return fmt.Sprintf("o%d", m.OutboxID), nil
}

func (c *channel) take() []Sent {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.sent
	c.sent = nil
	return s
}
