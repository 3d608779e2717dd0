// Package telegram is dropbot's Telegram channel: it long-polls the Bot API
// (Run) or serves a webhook (StartWebhook, see Webhook), turns updates into
// bot.Inbound for the engine and delivers bot.Outgoing.
// It holds no business rules, no SQL and no text of its own.
//
// # Requests
//
// All calls go through github.com/go-telegram-bot-api/telegram-bot-api/v5:
// its types, its parameter encoding and its multipart uploads. The library
// builds its requests without a context, so each call gets a throw-away
// BotAPI value whose client attaches the caller's context to the request
// (ctxClient). A 50-second long poll therefore ends as soon as Run's context
// does, and a send ends with the dispatcher's context. Error URLs are
// redacted there too: net/http puts the full URL, token included, in its
// errors.
//
// Three things are done by hand because the library gets them wrong for us:
// file downloads (its links always point at api.telegram.org; ours are
// {base}/file/bot{token}/{file_path}), decoding getUpdates one update at a
// time (one update the library's types cannot decode would otherwise block
// every later update forever), and reading error codes of uploads (its
// UploadFiles leaves Error.Code at 0; the APIResponse still has it).
//
// # Receiving
//
// Run acknowledges an update (advances and stores the getUpdates offset)
// only after the sink, engine.Submit, has committed it. Updates of one batch
// are delivered chat by chat in parallel, each chat in order; the offset
// never moves past the first update that failed, so a failure redelivers
// that update and every later one. Later updates of other chats that were
// already committed come back too, and the engine drops them as duplicates
// (Inbound.MessageID is the update id, unique per bot).
//
// Delivered: messages in private chats, groups and supergroups, and inline
// button presses (callback queries). Ignored: edited messages (a changed
// order text must be sent again, not edited), channel posts, service
// messages without text or media, and every other update kind. A group that
// becomes a supergroup gets a new chat id: the adapter logs both ids and
// delivers nothing; the owner links the new group again.
//
// A self-hosted Bot API server in --local mode answers getFile with an
// absolute path on its own disk instead of a download path: such files are
// delivered without data.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dropbot/dropbot/bot"
)

// Name is the channel's name in the books.
const Name = "telegram"

// DefaultAPIBase is the public Bot API server.
const DefaultAPIBase = "https://api.telegram.org"

// Defaults for Config.
const (
	DefaultMaxDownload = 20 << 20 // the Bot API's getFile limit
	DefaultPollTimeout = 50       // seconds
	DefaultBackoff     = time.Second
	maxBackoff         = 30 * time.Second
)

// Config configures a Channel.
type Config struct {
	Token   string
	APIBase string       // default DefaultAPIBase; no trailing /bot…
	HTTP    *http.Client // nil = a client with a 10 s dial timeout and an overall timeout above the poll
	Log     *slog.Logger // nil = slog.Default()
	// Offsets persists the getUpdates offset. nil keeps it in memory only:
	// Telegram then still forgets updates confirmed by an earlier poll, but
	// the last batch before a crash may come again (the engine drops
	// duplicates).
	Offsets OffsetStore
	// MaxDownload is the largest attachment downloaded, in bytes; 0 = 20 MB.
	MaxDownload int64
	// PollTimeout is the getUpdates long-poll timeout in seconds; 0 = 50,
	// a negative value = 0 (short polling, for tests).
	PollTimeout int
	// Commands are registered at start as the default menu (what the
	// customers see), best effort: the texts come from the caller's locale.
	// Empty = not called. Menus per role are SetMenus' job.
	Commands []Command
	// Backoff is the first wait after a failed poll or delivery; it doubles
	// up to 30 s. 0 = 1 s.
	Backoff time.Duration
	// WantMedia, when set, decides whether the attachments of a group chat
	// are downloaded at all (the engine's WantsMedia: only groups linked to
	// a supplier); the message still goes on, described without its data.
	// Private chats are always downloaded.
	WantMedia func(ctx context.Context, chatID string) bool
}

// Command is one entry of the bot's command menu.
type Command = bot.Command

// OffsetStore persists the getUpdates offset (the next update id wanted).
// Update ids are per bot: key the stored value by BotID, so a new token for
// another bot does not start from an offset that skips its updates.
type OffsetStore interface {
	LoadOffset(ctx context.Context) (int, error)
	SaveOffset(ctx context.Context, offset int) error
}

// Sink takes one inbound message and returns once it is committed: the
// engine's Submit.
type Sink func(ctx context.Context, in bot.Inbound) error

// Error codes of *Error, stable for the caller to pick a message.
const (
	CodeBadConfig     = "bad_config"     // empty or malformed token, bad API base URL
	CodeTokenRejected = "token_rejected" // the Bot API server refused the token (401/404 on getMe)
	CodeUnreachable   = "unreachable"    // the Bot API server could not be reached or answered nonsense
)

// Error is a start-up failure of New with a stable Code. Its text is for
// logs and never holds the token.
type Error struct {
	Code string
	Err  error
}

func (e *Error) Error() string { return "telegram: " + e.Code + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

var _ bot.Channel = (*Channel)(nil)

// Channel is the Telegram adapter. It is safe for concurrent use.
type Channel struct {
	token       string
	base        string // without trailing slash
	endpoint    string // the library's method URL format: base + "/bot%s/%s"
	http        *http.Client
	log         *slog.Logger
	offsets     OffsetStore
	maxDownload int64
	pollTimeout int
	backoff     time.Duration
	wantMedia   func(ctx context.Context, chatID string) bool
	self        tgbotapi.User

	mu       sync.Mutex
	photos   map[string]string  // photo path → Telegram file_id of its first upload
	progress map[int64]progress // outbox id → parts of a multi-part message already sent

	menuMu   sync.Mutex                        // held for a whole SetMenus
	menus    map[menuKey][]tgbotapi.BotCommand // what Telegram shows, as far as this process knows
	refused  map[menuKey][]tgbotapi.BotCommand // menus the server refused (400), as they were
	menusOff bool                              // the server has no setMyCommands
}

// New checks the token with getMe and registers the default command menu
// (best effort: a server without setMyCommands is logged and ignored).
func New(ctx context.Context, cfg Config) (*Channel, error) {
	if err := checkToken(cfg.Token); err != nil {
		return nil, &Error{Code: CodeBadConfig, Err: err}
	}
	base := strings.TrimRight(cfg.APIBase, "/")
	if base == "" {
		base = DefaultAPIBase
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" {
		return nil, &Error{Code: CodeBadConfig, Err: fmt.Errorf("API base %q is not an http(s) URL", cfg.APIBase)}
	}
	c := &Channel{
		token:       cfg.Token,
		base:        base,
		endpoint:    strings.ReplaceAll(base, "%", "%%") + "/bot%s/%s",
		http:        cfg.HTTP,
		log:         cfg.Log,
		offsets:     cfg.Offsets,
		maxDownload: cfg.MaxDownload,
		pollTimeout: cfg.PollTimeout,
		backoff:     cfg.Backoff,
		wantMedia:   cfg.WantMedia,
		photos:      map[string]string{},
		progress:    map[int64]progress{},
		menus:       map[menuKey][]tgbotapi.BotCommand{},
		refused:     map[menuKey][]tgbotapi.BotCommand{},
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	if c.maxDownload <= 0 {
		c.maxDownload = DefaultMaxDownload
	}
	switch {
	case c.pollTimeout == 0:
		c.pollTimeout = DefaultPollTimeout
	case c.pollTimeout < 0:
		c.pollTimeout = 0
	}
	if c.backoff <= 0 {
		c.backoff = DefaultBackoff
	}
	if c.http == nil {
		c.http = defaultClient(c.pollTimeout)
	} else if t := c.http.Timeout; t > 0 && time.Duration(c.pollTimeout)*time.Second+5*time.Second > t {
		// A poll that outlives the client's timeout would fail every time.
		c.pollTimeout = max(0, int((t-5*time.Second)/time.Second))
		c.log.Warn("telegram poll timeout shortened to fit the HTTP client timeout", "poll_seconds", c.pollTimeout)
	}

	self, err := c.api(ctx).GetMe()
	if err != nil {
		var te *tgbotapi.Error
		if errors.As(err, &te) && (te.Code == http.StatusUnauthorized || te.Code == http.StatusNotFound) {
			// Telegram answers 401 for a wrong or revoked token and 404 for a
			// malformed one.
			return nil, &Error{Code: CodeTokenRejected, Err: fmt.Errorf("getMe: %w", err)}
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("telegram getMe: %w", err)
		}
		return nil, &Error{Code: CodeUnreachable, Err: fmt.Errorf("getMe: %w", err)}
	}
	c.self = self
	c.log.Info("telegram bot connected", "username", self.UserName, "api", base)

	if len(cfg.Commands) > 0 {
		if err := c.SetMenus(ctx, []bot.Menu{{Scope: bot.ScopeDefault, Commands: cfg.Commands}}); err != nil {
			return nil, fmt.Errorf("telegram setMyCommands: %w", err)
		}
	}
	return c, nil
}

// Name is "telegram".
func (c *Channel) Name() string { return Name }

// Username is the bot's @username without the @, as getMe reported it.
func (c *Channel) Username() string { return c.self.UserName }

// BotID is the bot's Telegram user id (the number before the colon of the
// token), as getMe reported it.
func (c *Channel) BotID() int64 { return c.self.ID }

// checkToken accepts what BotFather issues ("123456:AA…"), loosely: the
// token goes into URL paths, so only characters safe there are allowed.
func checkToken(t string) error {
	if t == "" {
		return errors.New("empty token")
	}
	for _, r := range t {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ':' || r == '_' || r == '-'
		if !ok {
			return errors.New("token holds a character BotFather never issues")
		}
	}
	return nil
}

// defaultClient has a bounded dial and TLS handshake and an overall timeout
// comfortably above the long poll (75 s for the default 50 s poll). The
// transport keeps honouring HTTPS_PROXY.
func defaultClient(pollSeconds int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	tr.TLSHandshakeTimeout = 10 * time.Second
	return &http.Client{Transport: tr, Timeout: time.Duration(pollSeconds)*time.Second + 25*time.Second}
}

// api returns a library handle whose requests carry ctx. BotAPI is a small
// struct; building one per call costs no request (GetMe is not called).
func (c *Channel) api(ctx context.Context) *tgbotapi.BotAPI {
	b := &tgbotapi.BotAPI{Token: c.token, Client: ctxClient{ctx: ctx, c: c.http, token: c.token}, Self: c.self}
	b.SetAPIEndpoint(c.endpoint)
	return b
}

// ctxClient attaches a context to the library's requests and keeps the
// token out of the errors.
type ctxClient struct {
	ctx   context.Context
	c     *http.Client
	token string
}

func (d ctxClient) Do(r *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(r.WithContext(d.ctx))
	return resp, redact(err, d.token)
}

// redact removes the token from the URL of a *url.Error, which is what
// http.Client.Do returns.
func redact(err error, token string) error {
	ue, ok := err.(*url.Error)
	if !ok || token == "" {
		return err
	}
	cp := *ue
	cp.URL = strings.ReplaceAll(cp.URL, token, "<token>")
	return &cp
}
