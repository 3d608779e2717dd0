package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// Handler is the flows side of the engine: one message in, replies out, all
// inside the transaction it is handed.
type Handler interface {
	// Handle answers m. It resolves the sender (store.Tx.Resolve) before
	// anything else, which also marks them reachable again.
	Handle(ctx context.Context, tx *store.Tx, m flows.Message) ([]flows.Out, error)
	// Failed builds the apology for a message that could not be processed.
	Failed(ctx context.Context, tx *store.Tx, m flows.Message) []flows.Out
	// Job runs a due timer (reminder, expiry) inside the transaction.
	Job(ctx context.Context, tx *store.Tx, j store.Job) ([]flows.Out, error)
}

// Preparer is an optional side of a Handler: what a message may need that
// must not hold the books' one writer (a shipping provider's answer over
// the network), fetched before the message's transaction. Prepare may
// only read the books, keeping what it fetched in short transactions of
// its own; it is best effort (the transaction is right either way) and
// its ctx ends after EngineConfig.PrepareTimeout.
type Preparer interface {
	Prepare(ctx context.Context, db *store.DB, m flows.Message)
}

// DefaultPrepareTimeout is EngineConfig.PrepareTimeout's default: a
// provider's own per-request timeout.
const DefaultPrepareTimeout = 3 * time.Second

// EngineConfig configures an Engine.
type EngineConfig struct {
	DB       *store.DB
	Handler  Handler
	MediaDir string       // data/media
	Log      *slog.Logger // nil = slog.Default()
	// Batch is how many submitted messages Run commits together at most
	// (group commit); 0 = 64. 1 gives every message its own transaction.
	Batch    int
	Attempts int // tries before a message is parked; 0 = 3
	// CrashLimit is how many starts of a message may end with the process
	// gone before the message is parked without running; 0 = 3.
	CrashLimit int
	// Wake is poked after every commit that wrote to the outbox (may be nil).
	Wake func()
	// JobEvery is how often Run looks for due jobs; 0 = 30s.
	JobEvery time.Duration
	// Grace is how long a batch already in hand may take to commit after
	// Run's context ended; 0 = 3s.
	Grace time.Duration
	// LateAfter: the reply to a private message older than this when it is
	// handled (offline backlog after downtime) opens with an apology for
	// the wait; 0 = 10 minutes.
	LateAfter time.Duration
	// MediaFiles and MediaBytes bound what one chat may store per day
	// (staff are not counted); 0 = DefaultMediaFiles, DefaultMediaBytes.
	MediaFiles int
	MediaBytes int64
	// HousekeepEvery is how often Run prunes unreferenced media and checks
	// the free space of the data directory; 0 = 1 hour.
	HousekeepEvery time.Duration
	// FreeSpace reports the free and total bytes of the file system holding
	// dir; nil = the operating system's answer.
	FreeSpace func(dir string) (free, total uint64, err error)
	// PrepareTimeout bounds a Preparer's work before each message; 0 =
	// DefaultPrepareTimeout.
	PrepareTimeout time.Duration
}

// DefaultLateAfter is EngineConfig.LateAfter's default.
const DefaultLateAfter = 10 * time.Minute

// jobAttempts is how many times a failing job is tried before it is kept
// as failed.
const jobAttempts = 5

// Engine processes every message in one transaction with its effects:
// dedupe, flow, state and outbox commit together or not at all.
//
// Messages given to Submit are taken in arrival order by one committer,
// which runs the flows of all messages that waited meanwhile one after
// another and commits them in one transaction (group commit). The books
// have one writer anyway, so running the flows in one goroutine costs
// nothing, while the commit (writing the changed pages to the WAL) and the
// per-transaction work are shared by the whole batch.
type Engine struct {
	cfg     EngineConfig
	log     *slog.Logger
	intake  chan job
	stopped chan struct{} // closed when Run has returned
	mu      sync.Mutex
	closed  bool
	wg      sync.WaitGroup
}

type job struct {
	in   Inbound
	done chan error // buffered, one answer
}

// NewEngine builds an engine. Call Run to start its committer, or Handle to
// process a message synchronously.
func NewEngine(cfg EngineConfig) *Engine {
	if cfg.Batch <= 0 {
		cfg.Batch = 64
	}
	if cfg.Attempts <= 0 {
		cfg.Attempts = 3
	}
	if cfg.CrashLimit <= 0 {
		cfg.CrashLimit = 3
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
	if cfg.LateAfter <= 0 {
		cfg.LateAfter = DefaultLateAfter
	}
	if cfg.MediaFiles <= 0 {
		cfg.MediaFiles = DefaultMediaFiles
	}
	if cfg.MediaBytes <= 0 {
		cfg.MediaBytes = DefaultMediaBytes
	}
	if cfg.HousekeepEvery <= 0 {
		cfg.HousekeepEvery = time.Hour
	}
	if cfg.FreeSpace == nil {
		cfg.FreeSpace = freeSpace
	}
	if cfg.PrepareTimeout <= 0 {
		cfg.PrepareTimeout = DefaultPrepareTimeout
	}
	return &Engine{cfg: cfg, log: cfg.Log, intake: make(chan job, cfg.Batch), stopped: make(chan struct{})}
}

// ErrStopped is returned by Submit after Run has returned.
var ErrStopped = errors.New("engine stopped")

// Run starts the committer and the job timer and blocks until ctx ends; it
// then lets the batch in hand commit (for up to Grace) and returns.
// Messages still queued are answered ErrStopped: they were never
// committed, so the platform re-delivers them.
func (e *Engine) Run(ctx context.Context) error {
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		batch := make([]job, 0, e.cfg.Batch)
		for {
			select {
			case <-ctx.Done():
				return
			case j := <-e.intake:
				batch = append(batch[:0], j)
			}
		more:
			for len(batch) < e.cfg.Batch {
				select {
				case j := <-e.intake:
					batch = append(batch, j)
				default:
					break more
				}
			}
			wctx, cancel := lingering(ctx, e.cfg.Grace)
			e.commitBatch(wctx, batch)
			cancel()
		}
	}()
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		tick := time.NewTicker(e.cfg.JobEvery)
		defer tick.Stop()
		var kept time.Time // last housekeeping
		for {
			if _, err := e.RunJobs(ctx, e.cfg.DB.Now()); err != nil && ctx.Err() == nil {
				e.log.Error("jobs", "err", err)
			}
			if now := time.Now(); now.Sub(kept) >= e.cfg.HousekeepEvery {
				kept = now
				if err := e.Housekeep(ctx); err != nil && ctx.Err() == nil {
					e.log.Error("housekeeping", "err", err)
				}
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
	close(e.stopped)
	for {
		select {
		case j := <-e.intake:
			j.done <- ErrStopped
		default:
			return nil
		}
	}
}

// Submit queues a message behind the earlier ones and waits until it is
// committed (or parked), so an adapter can acknowledge it to the platform
// only then. Messages of one chat must be submitted one after another.
func (e *Engine) Submit(ctx context.Context, in Inbound) error {
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return ErrStopped
	}
	e.prepare(ctx, in) // in the sender's goroutine: chats prepare side by side
	j := job{in: in, done: make(chan error, 1)}
	select {
	case e.intake <- j:
	case <-e.stopped:
		return ErrStopped
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-j.done:
		return err
	case <-e.stopped:
		select {
		case err := <-j.done: // answered just before the stop
			return err
		default:
			return ErrStopped
		}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Queued is how many submitted messages wait for the committer.
func (e *Engine) Queued() int { return len(e.intake) }

// commitBatch processes jobs in one transaction and answers every job.
// It is optimistic: flows answer bad input rather than fail, so an error
// means a bug or a disk problem, and then the whole batch is rolled back
// and handled message by message (each with its retries and parking), in
// arrival order, so every chat still sees its messages in order.
//
// Before any flow runs, the start of every message is counted and
// committed (one small transaction for the batch). A message whose earlier
// starts left a count behind was in flight when the process died: it runs
// alone, so a crash is pinned on the message that caused it, and one that
// has crashed the process CrashLimit times is parked without running.
func (e *Engine) commitBatch(ctx context.Context, batch []job) {
	valid := batch[:0:0]
	for _, j := range batch {
		if err := validInbound(j.in); err != nil {
			j.done <- err
			continue
		}
		valid = append(valid, j)
	}
	if len(valid) == 0 {
		return
	}
	ins := make([]Inbound, len(valid))
	for i, j := range valid {
		ins[i] = j.in
	}
	starts, err := e.start(ctx, ins)
	if err != nil {
		for _, j := range valid {
			j.done <- err // nothing ran: the platform delivers them again
		}
		return
	}
	var run []job
	flush := func() {
		if len(run) > 0 {
			e.commitRun(ctx, run)
			run = nil
		}
	}
	for i, j := range valid {
		switch st := starts[i]; {
		case st.seen:
			j.done <- nil // a duplicate: already done or parked
		case st.prior >= e.cfg.CrashLimit:
			flush()
			j.done <- e.parkCrashed(ctx, j.in, st.prior)
		case st.prior > 0:
			flush()
			j.done <- e.handleStarted(ctx, j.in)
		default:
			run = append(run, j)
		}
	}
	flush()
}

// commitRun runs the flows of counted messages in one transaction (group
// commit), falling back to one by one when it fails.
func (e *Engine) commitRun(ctx context.Context, run []job) {
	if len(run) == 1 {
		run[0].done <- e.handleStarted(ctx, run[0].in)
		return
	}
	var wrote bool
	err := e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		wrote = false
		for _, j := range run {
			w, err := e.process(ctx, tx, j.in)
			if err != nil {
				return err
			}
			wrote = wrote || w
		}
		return nil
	})
	if err != nil {
		if ctx.Err() == nil {
			e.log.Warn("batch failed, handling its messages one by one", "messages", len(run), "err", err)
		}
		for _, j := range run {
			j.done <- e.handleStarted(ctx, j.in)
		}
		return
	}
	if wrote && e.cfg.Wake != nil {
		e.cfg.Wake()
	}
	for _, j := range run {
		j.done <- nil
	}
}

// startState is what start learned about one message.
type startState struct {
	prior int  // earlier starts that never committed: crashes
	seen  bool // already done or parked
}

// start counts one start of each message and commits the counts, so a
// process dying in a flow leaves its mark (store.Tx.StartInbound).
func (e *Engine) start(ctx context.Context, ins []Inbound) ([]startState, error) {
	out := make([]startState, len(ins))
	err := e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		for i, in := range ins {
			prior, seen, err := tx.StartInbound(in.Channel, in.MessageID, in.ChatID)
			if err != nil {
				return err
			}
			out[i] = startState{prior: prior, seen: seen}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count message start: %w", err)
	}
	return out, nil
}

func validInbound(in Inbound) error {
	if in.Channel == "" || in.ChatID == "" || in.SenderID == "" || in.MessageID == "" {
		return fmt.Errorf("inbound without channel, chat, sender or message id")
	}
	return nil
}

// Handle processes one message now, in the caller's goroutine: its start
// is counted and committed, then up to Attempts tries of one transaction
// each; a message that fails them all is parked with its reason and the
// person gets an apology. One that already crashed the process CrashLimit
// times is parked without running (and the owner is told). A duplicate
// (same channel and message id) does nothing.
func (e *Engine) Handle(ctx context.Context, in Inbound) error {
	if err := validInbound(in); err != nil {
		return err
	}
	e.prepare(ctx, in)
	starts, err := e.start(ctx, []Inbound{in})
	if err != nil {
		return err
	}
	switch st := starts[0]; {
	case st.seen:
		return nil
	case st.prior >= e.cfg.CrashLimit:
		return e.parkCrashed(ctx, in, st.prior)
	}
	return e.handleStarted(ctx, in)
}

// handleStarted is Handle after the start was counted.
func (e *Engine) handleStarted(ctx context.Context, in Inbound) error {
	var lastErr error
	for attempt := 1; attempt <= e.cfg.Attempts; attempt++ {
		var wrote bool
		err := e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
			var err error
			wrote, err = e.process(ctx, tx, in)
			return err
		})
		if err == nil {
			if wrote && e.cfg.Wake != nil {
				e.cfg.Wake()
			}
			return nil
		}
		if ctx.Err() != nil {
			e.unstart(in) // a stop, not a crash: do not count it
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
	return fmt.Errorf("%w: %w", ErrParked, lastErr)
}

// prepare lets the handler fetch what the message will need before its
// transaction (Preparer), bounded by PrepareTimeout. Messages of one chat
// come one after another (Submit's rule), so the chat's state it reads is
// the one the message will meet. A panic there is logged, never raised.
func (e *Engine) prepare(ctx context.Context, in Inbound) {
	p, ok := e.cfg.Handler.(Preparer)
	if !ok || validInbound(in) != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.PrepareTimeout)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("prepare panicked; the message runs without it", "channel", in.Channel, "panic", fmt.Sprint(r))
		}
	}()
	p.Prepare(ctx, e.cfg.DB, flows.Message{Channel: in.Channel, ChatID: in.ChatID, UserID: in.SenderID,
		Group: in.Kind == Group, Text: CleanText(in.Text), At: in.Time})
}

// ErrParked is in the error of a message that failed every attempt and
// was parked: the person got an apology, the books are consistent, and
// the next message can go on.
var ErrParked = errors.New("message parked")

// process is one message inside tx: claim it (a duplicate stops here),
// resolve it, run the flow and queue its replies. A panic in a flow is
// turned into an error, so the message is retried and then parked instead
// of taking the process (and, on restart, the process again) down.
func (e *Engine) process(ctx context.Context, tx *store.Tx, in Inbound) (wrote bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("flow panicked: %v", p)
		}
	}()
	fresh, err := tx.ClaimInbound(in.Channel, in.MessageID, in.ChatID)
	if err != nil || !fresh {
		return false, err
	}
	// A group that writes can be reached again (the bot is back in it);
	// the person who wrote is marked reachable when the flows resolve them.
	if in.Kind == Group {
		if err := tx.MarkReachable(in.Channel, in.ChatID, in.SenderID, true); err != nil {
			return false, err
		}
	}
	m, err := e.message(tx, in)
	if err != nil {
		return false, err
	}
	outs, err := e.cfg.Handler.Handle(ctx, tx, m)
	if err != nil {
		return false, err
	}
	if outs, err = e.lateSorry(tx, in, outs); err != nil {
		return false, err
	}
	return len(outs) > 0, enqueue(tx, outs)
}

// lateSorry opens the first reply to the sender of a private message that
// waited longer than LateAfter with an apology for the wait. Whether the
// message itself is still valid is the flows' business (their own expiry
// rules); the engine only knows it is late.
func (e *Engine) lateSorry(tx *store.Tx, in Inbound, outs []flows.Out) ([]flows.Out, error) {
	if in.Kind == Group || in.Time.IsZero() || tx.Now().Sub(in.Time) <= e.cfg.LateAfter {
		return outs, nil
	}
	for i, o := range outs {
		if o.To.Channel != in.Channel || o.To.ChatID != in.ChatID {
			continue
		}
		lang, err := tx.SpeakerLang(in.Channel, in.SenderID)
		if err != nil {
			return nil, err
		}
		sorry := text(lang, "robust.late_sorry")
		if o.Text != "" {
			sorry += "\n\n" + o.Text
		}
		outs = slices.Clone(outs)
		outs[i].Text = sorry
		return outs, nil
	}
	return outs, nil
}

func (e *Engine) park(ctx context.Context, in Inbound, cause error) error {
	return e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.ParkInbound(in.Channel, in.MessageID, in.ChatID, e.cfg.Attempts, cause.Error()); err != nil {
			return err
		}
		m := flows.Message{Channel: in.Channel, ChatID: in.ChatID, UserID: in.SenderID, Group: in.Kind == Group, At: in.Time}
		if err := enqueue(tx, e.cfg.Handler.Failed(ctx, tx, m)); err != nil {
			return err
		}
		return tellOwnersFailed(tx, in)
	})
}

// message turns an Inbound into what flows see: text, sender's name and
// file name cleaned of control and bidi characters (CleanText: the one
// place they are stripped, before anything reaches a card or a label),
// media stored by content hash, the quoted message resolved to what it was
// about.
func (e *Engine) message(tx *store.Tx, in Inbound) (flows.Message, error) {
	m := flows.Message{
		Channel: in.Channel, ChatID: in.ChatID, UserID: in.SenderID, UserName: CleanName(in.SenderName),
		Group: in.Kind == Group, Text: CleanText(in.Text), At: in.Time,
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
		md := &flows.Media{Kind: in.Media.Kind, MIME: in.Media.MIME, FileName: CleanName(in.Media.FileName), Size: in.Media.Size}
		switch {
		case in.Media.Size > store.MaxMediaBytes || len(in.Media.Data) > store.MaxMediaBytes:
			md.TooBig = true
		case len(in.Media.Data) > 0:
			if md.Kind == flows.MediaPhoto && !isImage(in.Media.Data) {
				// A "photo" that is an executable or anything else is a
				// file, never a payment proof or a product picture.
				md.Kind = flows.MediaDocument
			}
			keep, err := e.keepMedia(tx, in)
			if err != nil || !keep {
				m.Media = md // described, not stored: the flow may ask again
				return m, err
			}
			saved, err := tx.SaveMedia(e.cfg.MediaDir, in.Media.Data, in.Media.MIME)
			if err != nil {
				return m, fmt.Errorf("save media: %w", err)
			}
			if err := tx.AddMediaIntake(in.Channel, in.ChatID, saved.Size); err != nil {
				return m, err
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
