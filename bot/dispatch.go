package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/dropbot/dropbot/store"
)

// DispatcherConfig configures a Dispatcher.
type DispatcherConfig struct {
	DB          *store.DB
	MediaDir    string
	Log         *slog.Logger
	MaxAttempts int           // tries before a message is kept as failed; 0 = 10
	BaseBackoff time.Duration // first retry delay; 0 = 2s
	MaxBackoff  time.Duration // cap; 0 = 5m
	Poll        time.Duration // idle check when nothing wakes it; 0 = 5s
	Now         func() time.Time
}

// Dispatcher sends committed outbox rows through their channel, oldest
// first within each chat, retrying with capped exponential backoff and
// honouring a channel's retry-after.
type Dispatcher struct {
	cfg      DispatcherConfig
	log      *slog.Logger
	mu       sync.RWMutex
	channels map[string]Channel
	wake     chan struct{}
}

// NewDispatcher builds a dispatcher; add channels with Register.
func NewDispatcher(cfg DispatcherConfig) *Dispatcher {
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 10
	}
	if cfg.BaseBackoff <= 0 {
		cfg.BaseBackoff = 2 * time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 5 * time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Dispatcher{cfg: cfg, log: cfg.Log, channels: map[string]Channel{}, wake: make(chan struct{}, 1)}
}

// Register adds a channel; messages for a channel that is not registered
// wait in the outbox until it is.
func (d *Dispatcher) Register(c Channel) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.channels[c.Name()] = c
}

// Wake tells the dispatcher that new rows were committed. It never blocks.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) error {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-d.wake:
		case <-timer.C:
		}
		if _, err := d.Flush(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("dispatch", "err", err)
		}
		wait := d.cfg.Poll
		var next time.Time
		var ok bool
		err := d.cfg.DB.View(ctx, func(tx *store.Tx) error {
			var err error
			next, ok, err = tx.NextOutboxAt()
			return err
		})
		if err == nil && ok {
			if until := next.Sub(d.cfg.Now()); until < wait {
				wait = max(until, 10*time.Millisecond)
			}
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(wait)
	}
}

// Flush sends every message that is due now, round after round, until none
// is due; it returns how many were sent.
func (d *Dispatcher) Flush(ctx context.Context) (int, error) {
	sent := 0
	for {
		var due []store.OutMessage
		err := d.cfg.DB.View(ctx, func(tx *store.Tx) error {
			var err error
			due, err = tx.DueOutbox(d.cfg.Now(), 100)
			return err
		})
		if err != nil {
			return sent, err
		}
		progressed := false
		for _, m := range due {
			if ctx.Err() != nil {
				return sent, ctx.Err()
			}
			ok, err := d.sendOne(ctx, m)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
			progressed = progressed || ok
		}
		if len(due) == 0 || !progressed {
			return sent, nil
		}
	}
}

// sendOne delivers one row and records the outcome. ok is true when the row
// left the pending state as sent.
func (d *Dispatcher) sendOne(ctx context.Context, m store.OutMessage) (ok bool, err error) {
	d.mu.RLock()
	ch := d.channels[m.Channel]
	d.mu.RUnlock()
	if ch == nil {
		return false, nil
	}
	out := Outgoing{ChatID: m.ChatID, Text: m.Text, Options: m.Options, ReplyTo: m.ReplyTo, OutboxID: m.ID}
	if m.MediaID != 0 {
		err := d.cfg.DB.View(ctx, func(tx *store.Tx) error {
			md, err := tx.MediaByID(m.MediaID)
			if err != nil {
				return err
			}
			out.PhotoPath, out.PhotoMIME = filepath.Join(d.cfg.MediaDir, md.RelPath()), md.MIME
			return nil
		})
		if err != nil {
			return false, fmt.Errorf("outbox %d media: %w", m.ID, err)
		}
	}
	platformID, sendErr := ch.Send(ctx, out)
	now := d.cfg.Now()
	return sendErr == nil, d.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		if sendErr == nil {
			return tx.MarkSent(m.ID, platformID)
		}
		var ra *RetryAfterError
		switch {
		case errors.As(sendErr, &ra):
			return tx.MarkRetry(m.ID, now.Add(ra.After), sendErr.Error())
		case IsPermanent(sendErr) || m.Attempts+1 >= d.cfg.MaxAttempts:
			d.log.Warn("outbox message failed for good", "id", m.ID, "channel", m.Channel, "err", sendErr)
			return tx.MarkFailed(m.ID, sendErr.Error())
		default:
			return tx.MarkRetry(m.ID, now.Add(d.backoff(m.Attempts)), sendErr.Error())
		}
	})
}

func (d *Dispatcher) backoff(attempts int) time.Duration {
	b := d.cfg.BaseBackoff
	for i := 0; i < attempts && b < d.cfg.MaxBackoff; i++ {
		b *= 2
	}
	return min(b, d.cfg.MaxBackoff)
}
