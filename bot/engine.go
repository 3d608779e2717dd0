package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// Handler is the flows side of the engine: one message in, replies out, all
// inside the transaction it is handed.
type Handler interface {
	Handle(ctx context.Context, tx *store.Tx, m flows.Message) ([]flows.Out, error)
	// Failed builds the apology for a message that could not be processed.
	Failed(ctx context.Context, tx *store.Tx, m flows.Message) []flows.Out
	// Job runs a due timer (reminder, expiry) inside the transaction.
	Job(ctx context.Context, tx *store.Tx, j store.Job) ([]flows.Out, error)
}

// EngineConfig configures an Engine.
type EngineConfig struct {
	DB       *store.DB
	Handler  Handler
	MediaDir string       // data/media
	Log      *slog.Logger // nil = slog.Default()
	Workers  int          // parallel chats; 0 = 8
	Attempts int          // tries before a message is parked; 0 = 3
	// Wake is poked after every commit that wrote to the outbox (may be nil).
	Wake func()
	// JobEvery is how often Run looks for due jobs; 0 = 30s.
	JobEvery time.Duration
	// Grace is how long a message already in hand may take to commit after
	// Run's context ended; 0 = 3s.
	Grace time.Duration
}

// jobAttempts is how many times a failing job is tried before it is kept
// as failed.
const jobAttempts = 5

// Engine keeps each chat's messages in order, runs different chats side by
// side, and processes every message in one transaction: dedupe, flow, state
// and outbox commit together or not at all.
type Engine struct {
	cfg    EngineConfig
	log    *slog.Logger
	queues []chan job
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

type job struct {
	in   Inbound
	done chan error // nil for fire-and-forget
}

// NewEngine builds an engine. Call Run to start its workers, or Handle to
// process a message synchronously.
func NewEngine(cfg EngineConfig) *Engine {
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.Attempts <= 0 {
		cfg.Attempts = 3
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.JobEvery <= 0 {
		cfg.JobEvery = 30 * time.Second
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 3 * time.Second
	}
	e := &Engine{cfg: cfg, log: cfg.Log}
	e.queues = make([]chan job, cfg.Workers)
	for i := range e.queues {
		e.queues[i] = make(chan job, 64)
	}
	return e
}

// ErrStopped is returned by Submit after Run has returned.
var ErrStopped = errors.New("engine stopped")

// Run starts the workers and blocks until ctx ends; it then lets each worker
// finish the message in hand (for up to Grace) and returns. Messages still
// queued are not lost: they were never committed, so the platform
// re-delivers them.
func (e *Engine) Run(ctx context.Context) error {
	for _, q := range e.queues {
		e.wg.Add(1)
		go func(q chan job) {
			defer e.wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case j := <-q:
					wctx, cancel := lingering(ctx, e.cfg.Grace)
					err := e.Handle(wctx, j.in)
					cancel()
					if j.done != nil {
						j.done <- err
					}
				}
			}
		}(q)
	}
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		tick := time.NewTicker(e.cfg.JobEvery)
		defer tick.Stop()
		for {
			if _, err := e.RunJobs(ctx, e.cfg.DB.Now()); err != nil && ctx.Err() == nil {
				e.log.Error("jobs", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	<-ctx.Done()
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.wg.Wait()
	return nil
}

// Submit queues a message behind the earlier ones of its chat and waits
// until it is committed (or parked), so an adapter can acknowledge it to
// the platform only then.
func (e *Engine) Submit(ctx context.Context, in Inbound) error {
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return ErrStopped
	}
	h := fnv.New32a()
	h.Write([]byte(in.Channel + "\x00" + in.ChatID))
	j := job{in: in, done: make(chan error, 1)}
	select {
	case e.queues[int(h.Sum32()%uint32(len(e.queues)))] <- j:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-j.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Handle processes one message now, in the caller's goroutine: up to
// Attempts tries of one transaction each; a message that fails them all is
// parked with its reason and the person gets an apology. A duplicate
// (same channel and message id) does nothing.
func (e *Engine) Handle(ctx context.Context, in Inbound) error {
	if in.Channel == "" || in.ChatID == "" || in.SenderID == "" || in.MessageID == "" {
		return fmt.Errorf("inbound without channel, chat, sender or message id")
	}
	var lastErr error
	for attempt := 1; attempt <= e.cfg.Attempts; attempt++ {
		wrote, err := e.try(ctx, in)
		if err == nil {
			if wrote && e.cfg.Wake != nil {
				e.cfg.Wake()
			}
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		lastErr = err
		e.log.Warn("inbound failed", "channel", in.Channel, "message", in.MessageID, "attempt", attempt, "err", err)
		time.Sleep(time.Duration(attempt*attempt) * 10 * time.Millisecond)
	}
	if err := e.park(ctx, in, lastErr); err != nil {
		return fmt.Errorf("park after %w: %v", lastErr, err)
	}
	if e.cfg.Wake != nil {
		e.cfg.Wake()
	}
	return fmt.Errorf("message parked: %w", lastErr)
}

func (e *Engine) try(ctx context.Context, in Inbound) (wrote bool, err error) {
	err = e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		fresh, err := tx.ClaimInbound(in.Channel, in.MessageID, in.ChatID)
		if err != nil || !fresh {
			return err
		}
		// Whoever writes can be reached again (they unblocked the bot, or
		// the bot is back in the group).
		if err := tx.MarkReachable(in.Channel, in.ChatID, in.SenderID, in.Kind == Group); err != nil {
			return err
		}
		m, err := e.message(tx, in)
		if err != nil {
			return err
		}
		outs, err := e.cfg.Handler.Handle(ctx, tx, m)
		if err != nil {
			return err
		}
		wrote = len(outs) > 0
		return enqueue(tx, outs)
	})
	return wrote, err
}

func (e *Engine) park(ctx context.Context, in Inbound, cause error) error {
	return e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.ParkInbound(in.Channel, in.MessageID, in.ChatID, e.cfg.Attempts, cause.Error()); err != nil {
			return err
		}
		m := flows.Message{Channel: in.Channel, ChatID: in.ChatID, UserID: in.SenderID, Group: in.Kind == Group, At: in.Time}
		return enqueue(tx, e.cfg.Handler.Failed(ctx, tx, m))
	})
}

// message turns an Inbound into what flows see: media stored by content
// hash, the quoted message resolved to what it was about.
func (e *Engine) message(tx *store.Tx, in Inbound) (flows.Message, error) {
	m := flows.Message{
		Channel: in.Channel, ChatID: in.ChatID, UserID: in.SenderID, UserName: in.SenderName,
		Group: in.Kind == Group, Text: in.Text, At: in.Time,
	}
	if m.At.IsZero() {
		m.At = tx.Now()
	}
	if in.ReplyTo != "" {
		kind, id, ok, err := tx.OutboxRef(in.Channel, in.ChatID, in.ReplyTo)
		if err != nil {
			return m, err
		}
		m.ReplyRef = flows.Ref{Kind: kind, ID: id}
		m.QuotedUnknown = !ok
	}
	if in.Media != nil {
		md := &flows.Media{Kind: in.Media.Kind, MIME: in.Media.MIME, FileName: in.Media.FileName, Size: in.Media.Size}
		switch {
		case in.Media.Size > store.MaxMediaBytes || len(in.Media.Data) > store.MaxMediaBytes:
			md.TooBig = true
		case len(in.Media.Data) > 0:
			saved, err := tx.SaveMedia(e.cfg.MediaDir, in.Media.Data, in.Media.MIME)
			if err != nil {
				return m, fmt.Errorf("save media: %w", err)
			}
			md.MediaID, md.MIME = saved.ID, saved.MIME
		}
		m.Media = md
	}
	return m, nil
}

func enqueue(tx *store.Tx, outs []flows.Out) error {
	for _, o := range outs {
		_, err := tx.Enqueue(store.OutMessage{
			Channel: o.To.Channel, ChatID: o.To.ChatID, Text: o.Text, Options: o.Options,
			MediaID: o.MediaID, RefKind: o.Ref.Kind, RefID: o.Ref.ID,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// RunJobs runs every job due at now, each in its own transaction with its
// replies; a failing job is retried later with backoff and kept as failed
// after a few tries. It returns how many jobs ran.
func (e *Engine) RunJobs(ctx context.Context, now time.Time) (int, error) {
	var due []store.Job
	if err := e.cfg.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		due, err = tx.DueJobs(now, 100)
		return err
	}); err != nil {
		return 0, err
	}
	ran := 0
	for _, j := range due {
		if ctx.Err() != nil {
			return ran, ctx.Err()
		}
		var wrote bool
		err := e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
			cur, err := tx.JobByID(j.ID)
			if err != nil || cur.Done || cur.RunAt.After(now) {
				return err // someone else ran or moved it
			}
			outs, err := e.cfg.Handler.Job(ctx, tx, cur)
			if err != nil {
				return err
			}
			wrote = len(outs) > 0
			if err := enqueue(tx, outs); err != nil {
				return err
			}
			return tx.FinishJob(cur.ID)
		})
		if err != nil {
			if ctx.Err() != nil {
				return ran, ctx.Err()
			}
			e.log.Warn("job failed", "kind", j.Kind, "attempt", j.Attempts+1, "err", err)
			next := now.Add(time.Duration(j.Attempts+1) * time.Minute)
			if rerr := e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
				return tx.RetryJob(j.ID, next, err.Error(), jobAttempts)
			}); rerr != nil {
				return ran, rerr
			}
			continue
		}
		ran++
		if wrote && e.cfg.Wake != nil {
			e.cfg.Wake()
		}
	}
	return ran, nil
}
