package telegram

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dropbot/dropbot/bot"
)

// Webhook defaults and limits.
const (
	DefaultListen  = ":8080"
	DefaultMaxBody = 1 << 20 // one update is a few kB; a photo is a file_id, not bytes
	DefaultGrace   = 2 * time.Second

	// SecretHeader carries the secret_token given to setWebhook.
	SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

	// handleTimeout bounds one update: its downloads and its commit. The
	// server's write timeout sits above it.
	handleTimeout = 60 * time.Second
)

// Error codes of StartWebhook, beside CodeBadConfig (the URL is not an
// absolute http(s) URL) and CodeUnreachable (setWebhook got no answer).
const (
	CodeListen         = "listen_failed"   // the listen address cannot be used (taken, malformed, no permission)
	CodeWebhookRefused = "webhook_refused" // the Bot API server answered setWebhook with an error
)

// WebhookConfig configures StartWebhook.
type WebhookConfig struct {
	// URL is the public address Telegram posts updates to
	// (DROPBOT_TELEGRAM_WEBHOOK). Telegram wants https on port 443, 80, 88
	// or 8443; a reverse proxy in front terminates TLS and forwards to
	// Listen. Only the URL's path is served.
	URL string
	// Listen is the TCP address served (DROPBOT_LISTEN); "" = DefaultListen.
	Listen string
	// MaxBody is the largest request body accepted, in bytes; larger ones
	// are answered 413. 0 = DefaultMaxBody.
	MaxBody int64
	// Grace is how long updates under way may take to finish once Serve's
	// context ends; 0 = DefaultGrace. Those cut short are answered 500 and
	// come again after a restart.
	Grace time.Duration
}

// Webhook receives updates as Telegram's HTTPS POSTs instead of polling.
//
// StartWebhook listens and registers the URL with setWebhook, with a
// secret token drawn afresh at every start (so a token from an earlier run
// is worthless), the same update kinds as polling, and pending updates
// kept. Serve then answers Telegram:
//
//   - a POST to the URL's path with the right secret header: the update is
//     turned into an Inbound exactly as in polling (downloads included)
//     and handed to the sink; 200 once the sink committed it, 500 when it
//     failed, so that Telegram delivers it again (the engine drops
//     duplicates by update id);
//   - a wrong or missing secret: 401, nothing read; a body over MaxBody:
//     413; another method: 405; another path: 404;
//   - an update that cannot be decoded or is of a kind not delivered: 200
//     and a log line, so one bad update never holds back the others.
//
// Updates of one chat are handed over one at a time (Telegram waits for
// the answer before it sends the next update of a chat; a per-chat lock
// keeps that true for redeliveries that overlap). Different chats run side
// by side.
//
// The webhook is not deleted when Serve ends: while dropbot is down,
// Telegram keeps the updates (up to 24 hours) and delivers them once it is
// back. Long polling deletes a leftover webhook by itself.
type Webhook struct {
	c       *Channel
	ln      net.Listener
	path    string
	secret  string
	maxBody int64
	grace   time.Duration

	locks chatLocks
	wg    sync.WaitGroup // handlers under way

	mu         sync.Mutex
	mediaFails map[int]int // update id → failed downloads so far
}

// StartWebhook listens on wc.Listen and calls setWebhook. On error nothing
// is left listening and the error is an *Error (CodeBadConfig, CodeListen,
// CodeWebhookRefused, CodeUnreachable) unless ctx ended.
func (c *Channel) StartWebhook(ctx context.Context, wc WebhookConfig) (*Webhook, error) {
	u, err := url.Parse(wc.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Fragment != "" {
		return nil, &Error{Code: CodeBadConfig, Err: errors.New("webhook URL is not an absolute https URL")}
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	w := &Webhook{c: c, path: path, maxBody: wc.MaxBody, grace: wc.Grace, mediaFails: map[int]int{}}
	if w.maxBody <= 0 {
		w.maxBody = DefaultMaxBody
	}
	if w.grace <= 0 {
		w.grace = DefaultGrace
	}
	if w.secret, err = newSecret(); err != nil {
		return nil, fmt.Errorf("telegram webhook secret: %w", err)
	}
	addr := wc.Listen
	if addr == "" {
		addr = DefaultListen
	}
	var lc net.ListenConfig
	if w.ln, err = lc.Listen(ctx, "tcp", addr); err != nil {
		return nil, &Error{Code: CodeListen, Err: err}
	}

	params := tgbotapi.Params{
		"url":                  u.String(),
		"secret_token":         w.secret,
		"drop_pending_updates": "false",
	}
	if err := params.AddInterface("allowed_updates", allowedUpdates()); err != nil {
		w.ln.Close()
		return nil, fmt.Errorf("telegram setWebhook: %w", err)
	}
	if _, err := c.api(ctx).MakeRequest("setWebhook", params); err != nil {
		w.ln.Close()
		err = fmt.Errorf("setWebhook: %w", err)
		switch _, api := failureOf(nil, err); {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("telegram %w", err)
		case api:
			return nil, &Error{Code: CodeWebhookRefused, Err: err}
		default:
			return nil, &Error{Code: CodeUnreachable, Err: err}
		}
	}
	c.log.Info("telegram webhook set", "host", u.Host, "listen", w.ln.Addr().String())
	return w, nil
}

// newSecret is 32 random bytes in unpadded base64url: 43 characters of
// [A-Za-z0-9_-], what setWebhook accepts (1–256 of them).
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Addr is the address listened on (the port chosen when Listen ended in
// ":0").
func (w *Webhook) Addr() net.Addr { return w.ln.Addr() }

// Close releases the listener of a webhook that will not be served. The
// webhook stays set at Telegram.
func (w *Webhook) Close() error { return w.ln.Close() }

// Serve answers Telegram until ctx ends, then lets the updates under way
// finish for up to the grace period, and returns nil. Call it once. It
// fails only when the listener does.
func (w *Webhook) Serve(ctx context.Context, sink Sink) error {
	// Requests live on their own context: the run's end must not cut short
	// an update that can still commit within the grace period.
	hctx, cut := context.WithCancel(context.WithoutCancel(ctx))
	defer cut()
	srv := &http.Server{
		Handler:           w.handler(sink),
		BaseContext:       func(net.Listener) context.Context { return hctx },
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      handleTimeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(w.c.log.Handler(), slog.LevelDebug),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(w.ln) }()

	select {
	case err := <-served:
		cut()
		srv.Close()
		w.wg.Wait()
		return fmt.Errorf("telegram webhook: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), w.grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		w.c.log.Warn("telegram webhook: updates under way cut short; Telegram delivers them again", "grace", w.grace)
		cut()
		srv.Close()
	}
	<-served // http.ErrServerClosed
	w.wg.Wait()
	return nil
}

func (w *Webhook) handler(sink Sink) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.wg.Add(1)
		defer w.wg.Done()
		status := w.serve(rw, r, sink)
		if status == http.StatusOK {
			rw.WriteHeader(status) // an empty body: no method call in the answer
			return
		}
		http.Error(rw, http.StatusText(status), status)
	})
}

// serve handles one request and returns the status to answer.
func (w *Webhook) serve(rw http.ResponseWriter, r *http.Request, sink Sink) int {
	switch {
	case r.URL.Path != w.path:
		return http.StatusNotFound
	case r.Method != http.MethodPost:
		rw.Header().Set("Allow", http.MethodPost)
		return http.StatusMethodNotAllowed
	case subtle.ConstantTimeCompare([]byte(r.Header.Get(SecretHeader)), []byte(w.secret)) != 1:
		w.c.log.Warn("telegram webhook: request without the right secret refused")
		return http.StatusUnauthorized
	}
	raw, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, w.maxBody))
	if err != nil {
		if _, big := errors.AsType[*http.MaxBytesError](err); big {
			w.c.log.Warn("telegram webhook: request body over the limit refused", "limit", w.maxBody)
			return http.StatusRequestEntityTooLarge
		}
		return http.StatusBadRequest // the connection broke or timed out mid-body
	}
	up, ok := w.c.decodeUpdate(raw) // logs what it cannot decode
	if !ok || up.u == nil {
		return http.StatusOK
	}

	ctx, cancel := context.WithTimeout(r.Context(), handleTimeout)
	defer cancel()
	if key := chatKey(up.u); key != "" {
		unlock, err := w.locks.lock(ctx, key)
		if err != nil {
			return http.StatusInternalServerError
		}
		defer unlock()
	}
	w.mu.Lock()
	degrade := w.mediaFails[up.id] >= mediaTries-1
	w.mu.Unlock()
	delivered := false
	media, err := w.c.handle(ctx, func(ctx context.Context, in bot.Inbound) error {
		delivered = true
		return sink(ctx, in)
	}, up, degrade)
	w.mu.Lock()
	switch {
	case err == nil:
		delete(w.mediaFails, up.id)
	case media:
		if len(w.mediaFails) >= 1000 { // ids that never came back
			clear(w.mediaFails)
		}
		w.mediaFails[up.id]++
	}
	w.mu.Unlock()
	if err != nil {
		level := slog.LevelWarn
		if r.Context().Err() != nil {
			level = slog.LevelDebug // cut short at shutdown, or Telegram hung up
		}
		w.c.log.Log(ctx, level, "telegram update not committed; Telegram delivers it again", "update", up.id, "err", err)
		return http.StatusInternalServerError
	}
	if !delivered {
		w.c.log.Debug("telegram update of a kind not delivered ignored", "update", up.id)
	}
	return http.StatusOK
}

// chatLocks serialises the updates of one chat; waiting ends with ctx.
type chatLocks struct {
	mu sync.Mutex
	m  map[string]*chatLock
}

type chatLock struct {
	held chan struct{} // a token in the channel = locked
	refs int           // holders and waiters
}

func (l *chatLocks) lock(ctx context.Context, key string) (unlock func(), err error) {
	l.mu.Lock()
	if l.m == nil {
		l.m = map[string]*chatLock{}
	}
	cl := l.m[key]
	if cl == nil {
		cl = &chatLock{held: make(chan struct{}, 1)}
		l.m[key] = cl
	}
	cl.refs++
	l.mu.Unlock()
	release := func() {
		l.mu.Lock()
		if cl.refs--; cl.refs == 0 {
			delete(l.m, key)
		}
		l.mu.Unlock()
	}
	select {
	case cl.held <- struct{}{}:
		return func() { <-cl.held; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
}
