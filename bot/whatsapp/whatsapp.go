// Package whatsapp is dropbot's WhatsApp channel adapter, built on
// go.mau.fi/whatsmeow (a linked "WhatsApp Web" device of the shop's phone).
//
// The adapter talks to whatsmeow through the narrow Client interface, so
// everything it decides — which events become a bot.Inbound, how a sender
// is identified, how an Outgoing becomes WhatsApp messages, which errors
// are permanent — is tested with synthesized events and no network. The
// thin wrapper over *whatsmeow.Client (client.go) is the only code that
// needs a real connection.
//
// Ordering and acks: whatsmeow calls event handlers one at a time, and with
// SynchronousAck it acknowledges a message to WhatsApp only when the
// handler returns true. HandleEvent filters, queues the message for the one
// goroutine Run starts (which downloads media and hands it to the sink, in
// the order WhatsApp delivered them) and waits for the sink to be done with
// it. A message the sink did not take — Run stopping, a kill, a failing
// database — is not acknowledged, so WhatsApp delivers it again on the next
// connection, and the engine's dedupe drops it if it was in fact recorded.
//
// A message is decrypted once: the Signal ratchet moves on at decryption,
// so a redelivered message could not be read again (whatsmeow would drop it
// as ErrOldCounter). The real client therefore turns on whatsmeow's
// decrypted-event buffer: the plaintext is kept in the session store from
// decryption until the handler returned true (whatsmeow clears it then), and
// a redelivery is read from there. Offline backlog — messages sent while the
// bot was down — is handled like any other message; the engine apologises
// for the wait when answering an old one.
package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/dropbot/dropbot/bot"
)

// ChannelName is the adapter's name in the books.
const ChannelName = "whatsapp"

// Defaults.
const (
	DefaultMaxDownload = 16 << 20    // bytes of one incoming attachment
	DefaultSendGap     = time.Second // minimum gap between two sends
	maxSendJitter      = 500 * time.Millisecond
)

// Config configures the adapter.
type Config struct {
	DataDir string       // the data directory; the session lives in DataDir/whatsapp.db
	Log     *slog.Logger // nil = slog.Default()
	// MaxDownload caps the size of an attachment that is downloaded; a
	// bigger one reaches the sink with Data nil and Size set. 0 = 16 MB.
	MaxDownload int64
	// SendGap is the minimum time between two messages this channel sends
	// (plus up to 0.5 s of random jitter), a guard against spam detection.
	// 0 = 1 s; negative = no pacing (tests).
	SendGap time.Duration
	Now     func() time.Time // nil = time.Now
	// WantMedia, when set, decides whether the attachments of a group chat
	// are downloaded at all (the engine's WantsMedia: only groups linked to
	// a supplier); the message still goes on, described without its data.
	// Private chats are always downloaded. See also SetWantMedia.
	WantMedia func(ctx context.Context, chatID string) bool
}

// Error codes of *Error.
const (
	CodeNoSession       = "no_session"        // no paired device: run the login
	CodeSessionExists   = "session_exists"    // login asked while a session is stored
	CodeLoggedOut       = "logged_out"        // the phone (or WhatsApp) removed this device
	CodeStreamReplaced  = "stream_replaced"   // another process connected with the same session
	CodeTemporaryBan    = "temporary_ban"     // WhatsApp banned the number for a while
	CodeClientOutdated  = "client_outdated"   // whatsmeow is too old: update dropbot
	CodeConnectFailure  = "connect_failure"   // WhatsApp refused the connection for another reason
	CodeLoginTimeout    = "login_timeout"     // nobody scanned the QR / entered the code in time
	CodeLoginFailed     = "login_failed"      // pairing failed
	CodeLogoutLocalOnly = "logout_local_only" // the phone was not told; the local session is deleted
)

// Error is a WhatsApp condition the owner has to act on. Code is stable
// (see the Code constants); Detail explains it in plain English for logs.
type Error struct {
	Code   string
	Detail string
	Expire time.Duration // temporary_ban: how long WhatsApp said it lasts (0 = unknown)
	Err    error         // underlying cause, if any
}

func (e *Error) Error() string {
	if e.Code == CodeNoSession {
		return "sesi WhatsApp belum ada, jalankan: dropbot whatsapp login"
	}
	s := "whatsapp " + e.Code
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Client is the part of whatsmeow the adapter uses. The real one wraps a
// *whatsmeow.Client; tests use a fake.
type Client interface {
	// Connect registers handler for every whatsmeow event and connects.
	// A message event is acknowledged to WhatsApp only if handler returns
	// true (whatsmeow's SynchronousAck). The connection lives until
	// Disconnect or until ctx ends.
	Connect(ctx context.Context, handler func(evt any) bool) error
	// Disconnect closes the connection and unregisters the handler.
	Disconnect()
	SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message) (whatsmeow.SendResponse, error)
	Upload(ctx context.Context, data []byte, kind whatsmeow.MediaType) (whatsmeow.UploadResponse, error)
	Download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error)
	// PNForLID returns the phone JID of a lid from the session store's
	// mapping, or an empty JID when it is not known.
	PNForLID(ctx context.Context, lid types.JID) (types.JID, error)
}

// Channel is the WhatsApp channel. Send may be called at any time (it
// fails with a retryable error while disconnected); Run runs once.
type Channel struct {
	cfg    Config
	log    *slog.Logger
	client Client
	self   types.JID
	store  *sqlstore.Container // nil with NewWithClient

	queue      chan queued
	fatal      chan error
	stop       chan struct{} // closed when Run ends: HandleEvent stops waiting
	retryDelay time.Duration // between attempts of a media download

	mu      sync.Mutex
	started bool
	start   time.Time // when Run started
	backlog int       // messages sent before Run started, since the last report
	quotes  *quoteCache
	split   map[int64]string // outbox id → photo already sent of a photo+text pair

	pace sync.Mutex // serialises sends for the gap
	next time.Time  // earliest time of the next send
}

// New opens the session store in cfg.DataDir and builds the channel for
// the paired device. Without a pairing it returns an *Error with Code
// "no_session".
func New(ctx context.Context, cfg Config) (*Channel, error) {
	lg := logger(cfg.Log)
	container, err := OpenStore(ctx, cfg.DataDir, WALog(lg))
	if err != nil {
		return nil, err
	}
	device, err := container.GetFirstDevice(ctx)
	if err != nil {
		_ = container.Close()
		return nil, fmt.Errorf("whatsapp: read session: %w", err)
	}
	if device.ID == nil {
		_ = container.Close()
		return nil, &Error{Code: CodeNoSession, Detail: "no paired device in the session store"}
	}
	c := NewWithClient(cfg, newWAClient(device, lg), device.ID.ToNonAD())
	c.store = container
	return c, nil
}

// NewWithClient builds a channel over any Client; self is the bot's own
// JID. Tests use it with a fake.
func NewWithClient(cfg Config, c Client, self types.JID) *Channel {
	if cfg.MaxDownload <= 0 {
		cfg.MaxDownload = DefaultMaxDownload
	}
	if cfg.SendGap == 0 {
		cfg.SendGap = DefaultSendGap
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Log = logger(cfg.Log)
	return &Channel{
		cfg:        cfg,
		log:        cfg.Log.With("channel", ChannelName),
		client:     c,
		self:       self,
		queue:      make(chan queued), // HandleEvent waits for each one anyway
		fatal:      make(chan error, 1),
		stop:       make(chan struct{}),
		retryDelay: time.Second,
		quotes:     newQuoteCache(quoteCacheSize),
		split:      map[int64]string{},
	}
}

func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.Default()
	}
	return l
}

// SetWantMedia sets Config.WantMedia; call it before Run (the engine that
// answers it is usually built after the channel).
func (c *Channel) SetWantMedia(f func(ctx context.Context, chatID string) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.WantMedia = f
}

// wantMedia reports whether attachments of a chat are downloaded.
func (c *Channel) wantMedia(ctx context.Context, chatID string, kind bot.ChatKind) bool {
	c.mu.Lock()
	f := c.cfg.WantMedia
	c.mu.Unlock()
	return kind != bot.Group || f == nil || f(ctx, chatID)
}

// Name is "whatsapp".
func (c *Channel) Name() string { return ChannelName }

// Self is the bot's own WhatsApp JID.
func (c *Channel) Self() types.JID { return c.self }

// Close releases the session store opened by New. Call it after Run has
// returned and nothing sends any more.
func (c *Channel) Close() error {
	if c.store == nil {
		return nil
	}
	return c.store.Close()
}

// ErrAlreadyRun is returned by a second call of Run.
var ErrAlreadyRun = errors.New("whatsapp: Run called twice")

// Run connects and hands every accepted message to sink, one at a time in
// arrival order, until ctx ends (it returns nil) or WhatsApp ends the
// session (it returns an *Error: logged_out, stream_replaced,
// temporary_ban, client_outdated or connect_failure). Other disconnects are
// retried by whatsmeow's auto-reconnect. A sink error is logged, not fatal:
// the engine parks what it cannot handle, and the message is not
// acknowledged, so WhatsApp sends it again after a reconnect. Messages still
// waiting when Run returns are not acknowledged either.
func (c *Channel) Run(ctx context.Context, sink func(context.Context, bot.Inbound) error) error {
	c.mu.Lock()
	if c.started {
		c.mu.Unlock()
		return ErrAlreadyRun
	}
	c.started = true
	c.start = c.cfg.Now()
	c.mu.Unlock()

	drainCtx, cancelDrain := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.drain(drainCtx, sink)
	}()
	shutdown := func() {
		close(c.stop) // unblock a HandleEvent waiting for room
		cancelDrain()
		wg.Wait()
		c.client.Disconnect()
		c.reportBacklog()
	}

	if err := c.client.Connect(ctx, c.HandleEvent); err != nil {
		shutdown()
		return fmt.Errorf("whatsapp: connect: %w", err)
	}
	c.log.Info("whatsapp connecting", "self", redactJID(c.self))
	var err error
	select {
	case <-ctx.Done():
	case err = <-c.fatal:
		c.log.Error("whatsapp session ended", "code", codeOf(err), "err", err)
	}
	shutdown()
	return err
}

func codeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// queued is a message waiting for the sink; done gets whether it may be
// acknowledged.
type queued struct {
	evt  *events.Message
	done chan bool
}

// drain hands queued messages to sink one by one until ctx ends.
func (c *Channel) drain(ctx context.Context, sink func(context.Context, bot.Inbound) error) {
	for {
		select {
		case <-ctx.Done():
			return
		case q := <-c.queue:
			in, ok := c.inbound(ctx, q.evt)
			if !ok {
				q.done <- true // nothing for the bot: acknowledged and dropped
				continue
			}
			err := sink(ctx, in)
			if err != nil && ctx.Err() == nil {
				c.log.Warn("whatsapp message not handled; WhatsApp will send it again", "message", in.MessageID, "err", err)
			}
			q.done <- err == nil
		}
	}
}

// HandleEvent is the whatsmeow event handler (exported for tests). It
// filters messages, queues the ones worth handling and waits until the
// sink is done with them; it returns false — do not acknowledge — when the
// sink failed or Run ended first (so it is meant to be called while Run
// runs: Run registers it). Fatal session events make Run return.
func (c *Channel) HandleEvent(evt any) bool {
	switch e := evt.(type) {
	case *events.Message:
		if !c.accept(e) {
			return true
		}
		q := queued{evt: e, done: make(chan bool, 1)}
		select {
		case c.queue <- q:
		case <-c.stop:
			c.log.Info("whatsapp message arrived while stopping; left for the next start", "message", e.Info.ID)
			return false
		}
		select {
		case ok := <-q.done:
			return ok
		case <-c.stop:
			return false
		}
	case *events.Connected:
		c.log.Info("whatsapp connected")
	case *events.Disconnected:
		c.log.Warn("whatsapp disconnected; reconnecting")
	case *events.OfflineSyncCompleted:
		c.reportBacklog()
	case *events.LoggedOut:
		c.fail(&Error{Code: CodeLoggedOut, Detail: "this device was removed from the phone or by WhatsApp (" + e.Reason.String() + "); the session is gone, pair again with: dropbot whatsapp login"})
	case *events.StreamReplaced:
		c.fail(&Error{Code: CodeStreamReplaced, Detail: "another process connected with the same WhatsApp session; run only one dropbot per session"})
	case *events.TemporaryBan:
		c.fail(&Error{Code: CodeTemporaryBan, Detail: e.String() + "; wait until it expires and send less", Expire: e.Expire})
	case *events.ClientOutdated:
		c.fail(&Error{Code: CodeClientOutdated, Detail: "WhatsApp rejected this client version; update dropbot"})
	case *events.ConnectFailure:
		c.fail(&Error{Code: CodeConnectFailure, Detail: "WhatsApp refused the connection (" + e.Reason.String() + ")"})
	}
	return true
}

func (c *Channel) fail(err *Error) {
	select {
	case c.fatal <- err:
	default: // Run is already stopping with an earlier one
	}
}

// accept decides whether a message event is handed on: not our own, not a
// status update, not a newsletter, not an edit. Offline backlog is handed
// on (and counted for the log): an order or a payment proof sent while the
// bot was down must not be lost, the engine's dedupe makes a replay
// harmless, and the flows' own expiry rules decide what is too old.
func (c *Channel) accept(e *events.Message) bool {
	info := e.Info
	switch {
	case info.IsFromMe, e.Message == nil, e.IsEdit:
		return false
	case info.Chat.Server == types.BroadcastServer && !info.Chat.IsBroadcastList(): // status@broadcast
		return false
	case info.Chat.Server != types.DefaultUserServer && info.Chat.Server != types.HiddenUserServer &&
		info.Chat.Server != types.GroupServer && info.Chat.Server != types.BroadcastServer:
		return false // newsletters, bots, …
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.start.IsZero() && !info.Timestamp.IsZero() && info.Timestamp.Before(c.start) {
		c.backlog++
	}
	return true
}

// reportBacklog logs how many messages sent while the bot was down were
// handed on (the count, never their content) and resets the counter.
func (c *Channel) reportBacklog() {
	c.mu.Lock()
	n := c.backlog
	c.backlog = 0
	c.mu.Unlock()
	if n > 0 {
		c.log.Info("whatsapp offline backlog handled", "messages", n)
	}
}

// redactJID keeps logs free of full phone numbers: 6281234567890@… →
// 628…890@….
func redactJID(j types.JID) string {
	return redactUser(j.User) + "@" + j.Server
}
