package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/locales"
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
	// Pace holds each channel's limits by channel name. A channel without
	// an entry is sent as fast as it goes (the playground, tests).
	Pace map[string]Pace
	// Jitter draws a random duration in [0, max) for Pace.Jitter; nil =
	// math/rand.
	Jitter func(max time.Duration) time.Duration
	// Grace is how long a send already under way may go on after Run's
	// context ended, so that a message the platform accepted is also
	// recorded as sent (and not sent again after a restart); 0 = 3s.
	Grace time.Duration
	// Locales supplies the owner's notices (a chat became unreachable);
	// nil = locales.Default().
	Locales *locales.Bundle
}

// Dispatcher sends committed outbox rows through their channel, oldest
// first within each chat, paced per channel (Pace), retrying with capped
// exponential backoff and honouring a channel's retry-after. Under Run,
// every channel is sent by its own loop, so a slow channel (WhatsApp's
// pauses) never holds up another.
type Dispatcher struct {
	cfg DispatcherConfig
	log *slog.Logger
	loc *locales.Bundle

	mu       sync.RWMutex
	channels map[string]Channel
	pacers   map[string]*pacer
	wakes    map[string]chan struct{} // one per running channel loop
	heldTill map[string]time.Time     // per channel: when the pace lets the first held chat go
	runCtx   context.Context          // set while Run runs
	runWG    *sync.WaitGroup
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
	if cfg.Jitter == nil {
		cfg.Jitter = func(d time.Duration) time.Duration { return rand.N(d) }
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 3 * time.Second
	}
	if cfg.Locales == nil {
		cfg.Locales = locales.Default()
	}
	d := &Dispatcher{cfg: cfg, log: cfg.Log, loc: cfg.Locales, channels: map[string]Channel{},
		pacers: map[string]*pacer{}, wakes: map[string]chan struct{}{}, heldTill: map[string]time.Time{}}
	for name, p := range cfg.Pace {
		d.pacers[name] = newPacer(p, cfg.Jitter)
	}
	return d
}

// Register adds a channel; messages for a channel that is not registered
// wait in the outbox until it is. A channel registered while Run runs gets
// its loop at once.
func (d *Dispatcher) Register(c Channel) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.channels[c.Name()] = c
	if d.runCtx != nil && d.wakes[c.Name()] == nil {
		d.startLoop(c.Name())
	}
}

// Unregister removes a channel (WhatsApp logged out): its messages wait in
// the outbox until it is registered again, at the next start.
func (d *Dispatcher) Unregister(name string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.channels, name)
}

// Wake tells the dispatcher that new rows were committed. It never blocks.
func (d *Dispatcher) Wake() {
	d.mu.RLock()
	defer d.mu.RUnlock()
	for _, w := range d.wakes {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// Run sends until ctx ends, one loop per registered channel. A send under
// way when ctx ends is given Grace to finish and be recorded.
func (d *Dispatcher) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	d.mu.Lock()
	if d.runWG != nil {
		d.mu.Unlock()
		return errors.New("dispatcher: Run called twice")
	}
	d.runCtx, d.runWG = ctx, &wg
	for name := range d.channels {
		d.startLoop(name)
	}
	d.mu.Unlock()
	<-ctx.Done()
	// From here Register starts no loop, so every wg.Add happened before
	// the Wait.
	d.mu.Lock()
	d.runCtx = nil
	d.mu.Unlock()
	wg.Wait()
	d.mu.Lock()
	d.runWG = nil
	clear(d.wakes)
	d.mu.Unlock()
	return nil
}

// startLoop starts the loop of one channel; d.mu is held.
func (d *Dispatcher) startLoop(name string) {
	w := make(chan struct{}, 1)
	d.wakes[name] = w
	wg, ctx := d.runWG, d.runCtx
	wg.Add(1)
	go func() {
		defer wg.Done()
		d.loop(ctx, name, w)
	}()
}

func (d *Dispatcher) loop(ctx context.Context, name string, wake chan struct{}) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-timer.C:
		}
		_, next, err := d.flushChannel(ctx, name)
		if err != nil && ctx.Err() == nil {
			d.log.Error("dispatch", "channel", name, "err", err)
		}
		wait := d.cfg.Poll
		if !next.IsZero() {
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

// Flush sends every message that is due now and allowed by the pace,
// channel by channel, round after round, until none is; it returns how
// many outbox rows were sent (merged rows count one each).
func (d *Dispatcher) Flush(ctx context.Context) (int, error) {
	d.mu.RLock()
	names := make([]string, 0, len(d.channels))
	for name := range d.channels {
		names = append(names, name)
	}
	d.mu.RUnlock()
	slices.Sort(names)
	total := 0
	for _, name := range names {
		n, _, err := d.flushChannel(ctx, name)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// NextDue tells when the dispatcher has something to send next, as of the
// last Flush: the earliest pending row, or for rows already due but held
// back by the pace, the end of that wait. ok is false when nothing waits.
func (d *Dispatcher) NextDue(ctx context.Context) (at time.Time, ok bool, err error) {
	d.mu.RLock()
	names := make([]string, 0, len(d.channels))
	for name := range d.channels {
		names = append(names, name)
	}
	d.mu.RUnlock()
	for _, name := range names {
		d.mu.RLock()
		held := d.heldTill[name]
		d.mu.RUnlock()
		next, err := d.nextFor(ctx, name, held)
		if err != nil {
			return time.Time{}, false, err
		}
		if !next.IsZero() && (!ok || next.Before(at)) {
			at, ok = next, true
		}
	}
	return at, ok, nil
}

// flushChannel sends what is due on one channel. next is when to look
// again (zero: nothing pending).
func (d *Dispatcher) flushChannel(ctx context.Context, name string) (sent int, next time.Time, err error) {
	d.mu.RLock()
	ch, pc := d.channels[name], d.pacers[name]
	d.mu.RUnlock()
	if ch == nil {
		return 0, time.Time{}, nil
	}
	var held time.Time // earliest end of a pacing wait seen
	for {
		now := d.cfg.Now()
		var due []store.OutMessage
		err := d.cfg.DB.View(ctx, func(tx *store.Tx) error {
			var err error
			due, err = tx.DueOutboxFor(name, now, 200)
			return err
		})
		if err != nil {
			return sent, time.Time{}, err
		}
		progressed := false
		for _, m := range due {
			if ctx.Err() != nil {
				return sent, time.Time{}, ctx.Err()
			}
			if pc != nil {
				if w := pc.wait(m.ChatID, d.cfg.Now()); w > 0 {
					if at := d.cfg.Now().Add(w); held.IsZero() || at.Before(held) {
						held = at
					}
					continue
				}
			}
			n, settled, err := d.deliver(ctx, ch, pc, m)
			if err != nil {
				return sent, time.Time{}, err
			}
			sent += n
			progressed = progressed || settled
		}
		if len(due) == 0 || !progressed {
			break
		}
	}
	d.mu.Lock()
	d.heldTill[name] = held
	d.mu.Unlock()
	next, err = d.nextFor(ctx, name, held)
	return sent, next, err
}

// nextFor is the earlier of held and the channel's next due row.
func (d *Dispatcher) nextFor(ctx context.Context, name string, held time.Time) (time.Time, error) {
	var next time.Time
	var ok bool
	err := d.cfg.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		next, ok, err = tx.NextOutboxAtFor(name)
		return err
	})
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		return time.Time{}, nil
	}
	if now := d.cfg.Now(); !next.After(now) {
		// Due already but held back by the pace: held says when.
		if !held.IsZero() {
			return held, nil
		}
		return now, nil
	}
	if !held.IsZero() && held.Before(next) {
		return held, nil
	}
	return next, nil
}

// deliver sends the chat's head row m, merged with the rows behind it when
// the chat was held back, and records the outcome. n is how many rows left
// the pending state as sent; settled is true when the head left the
// pending state at all (sent, or failed for good).
func (d *Dispatcher) deliver(ctx context.Context, ch Channel, pc *pacer, m store.OutMessage) (n int, settled bool, err error) {
	var pace Pace
	if pc != nil {
		pace = pc.p
	}
	run := []store.OutMessage{m}
	refused := "" // why the message is not even tried
	err = d.cfg.DB.View(ctx, func(tx *store.Tx) error {
		if store.IsErasedChat(m.ChatID) {
			// A late notice about an erased customer's old order.
			refused = "the customer asked for their data to be erased; there is nobody to send to"
			return nil
		}
		gone, err := tx.ChatUnreachable(m.Channel, m.ChatID)
		if err != nil {
			return err
		}
		if gone && pace.Unreachable != nil {
			refused = "chat unreachable (blocked or left); not tried until it writes again"
			return nil
		}
		if pace.RepliesOnly && (pace.IsGroup == nil || !pace.IsGroup(m.ChatID)) {
			_, wrote, err := tx.ContactOf(m.Channel, m.ChatID)
			if err != nil {
				return err
			}
			staff, err := tx.IsStaff(m.Channel, m.ChatID)
			if err != nil {
				return err
			}
			if !wrote && !staff {
				refused = "this person never wrote to the bot; " + m.Channel + " gets replies only"
				return nil
			}
		}
		if pace.MergeLimit > 0 && pc.held(m.ChatID) && mergeable(m) {
			rows, err := tx.PendingChat(m.Channel, m.ChatID, 100)
			if err != nil {
				return err
			}
			if len(rows) > 0 && rows[0].ID == m.ID {
				run = mergeRun(rows, d.cfg.Now(), pace.MergeLimit)
			}
		}
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	if refused != "" {
		d.log.Warn("outbox message not sent", "id", m.ID, "channel", m.Channel, "reason", refused)
		return 0, true, d.record(ctx, func(tx *store.Tx) error { return tx.MarkFailed(m.ID, refused) })
	}

	out := Outgoing{ChatID: m.ChatID, Text: m.Text, Options: m.Options, ReplyTo: m.ReplyTo, OutboxID: m.ID}
	if len(run) > 1 {
		texts := make([]string, len(run))
		for i, r := range run {
			texts[i] = r.Text
		}
		out.Text = strings.Join(texts, mergeSep)
	}
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
			return 0, false, fmt.Errorf("outbox %d media: %w", m.ID, err)
		}
	}

	sctx, cancel := lingering(ctx, d.cfg.Grace)
	platformID, sendErr := ch.Send(sctx, out)
	cancel()
	now := d.cfg.Now()
	if pc != nil {
		pc.sent(m.ChatID, now)
	}
	notified := false
	err = d.record(ctx, func(tx *store.Tx) error {
		notified, settled = false, true
		if sendErr == nil {
			for _, r := range run {
				if err := tx.MarkSent(r.ID, platformID); err != nil {
					return err
				}
			}
			return nil
		}
		var ra *RetryAfterError
		switch {
		case errors.As(sendErr, &ra):
			settled = false
			return tx.MarkRetry(m.ID, now.Add(ra.After), sendErr.Error())
		case IsPermanent(sendErr):
			d.log.Warn("outbox message failed for good", "id", m.ID, "channel", m.Channel, "merged", len(run), "err", sendErr)
			for _, r := range run {
				if err := tx.MarkFailed(r.ID, sendErr.Error()); err != nil {
					return err
				}
			}
			if pace.Unreachable != nil && pace.Unreachable(sendErr) {
				var err error
				notified, err = d.unreachable(tx, m.Channel, m.ChatID)
				return err
			}
			return nil
		case m.Attempts+1 >= d.cfg.MaxAttempts:
			d.log.Warn("outbox message failed for good", "id", m.ID, "channel", m.Channel, "err", sendErr)
			return tx.MarkFailed(m.ID, sendErr.Error())
		default:
			settled = false
			return tx.MarkRetry(m.ID, now.Add(d.backoff(m.Attempts)), sendErr.Error())
		}
	})
	if notified {
		d.Wake()
	}
	if sendErr != nil {
		return 0, settled && err == nil, err
	}
	return len(run), err == nil, err
}

// record writes a send's outcome even when Run's context has just ended:
// the platform already has the message.
func (d *Dispatcher) record(ctx context.Context, fn func(*store.Tx) error) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return d.cfg.DB.Update(rctx, fn)
}

// unreachable marks the chat and, the first time, tells the owners (not
// the unreachable person, if that is an owner). notified reports whether a
// notice was queued.
func (d *Dispatcher) unreachable(tx *store.Tx, channel, chatID string) (notified bool, err error) {
	first, err := tx.MarkUnreachable(channel, chatID)
	if err != nil || !first {
		return false, err
	}
	d.log.Warn("chat unreachable; later messages to it are not tried", "channel", channel)
	lang, err := flows.OwnerLang(tx)
	if err != nil {
		return false, fmt.Errorf("owner language: %w", err)
	}
	p := d.loc.For(lang)
	var text string
	if label, err := tx.GroupLabel(channel, chatID); err != nil {
		return false, err
	} else if label != "" {
		text = p.T("channels.group_unreachable", "group", label)
	} else {
		who := chatID
		if c, ok, err := tx.ContactOf(channel, chatID); err != nil {
			return false, err
		} else if ok && c.DisplayName != "" {
			who = c.DisplayName + " (" + channel + " " + chatID + ")"
		}
		text = p.T("channels.unreachable", "who", who)
	}
	owners, err := tx.Staff(store.StaffOwner)
	if err != nil {
		return false, err
	}
	for _, o := range owners {
		if o.Channel == channel && o.UserID == chatID {
			continue
		}
		if _, err := tx.Enqueue(store.OutMessage{Channel: o.Channel, ChatID: o.UserID, Text: text, RefKind: "unreachable"}); err != nil {
			return false, err
		}
		notified = true
	}
	return notified, nil
}

// mergeSep separates merged messages: a blank line, as between paragraphs.
const mergeSep = "\n\n"

// mergeable tells rows that may be glued to others: plain text without
// options, photo or quote.
func mergeable(m store.OutMessage) bool {
	return len(m.Options) == 0 && m.MediaID == 0 && m.Text != ""
}

// mergeRun is the longest prefix of a chat's pending rows (head first)
// that goes out as one message: each row mergeable and due at now, about
// the same thing as the head (a quote-reply to the merged message names
// what the head names), only the head may quote, and the joined text
// within limit.
func mergeRun(rows []store.OutMessage, now time.Time, limit int) []store.OutMessage {
	if len(rows) == 0 {
		return nil
	}
	head := rows[0]
	size := utf16Len(head.Text)
	n := 1
	for _, r := range rows[1:] {
		if !mergeable(r) || r.ReplyTo != "" || r.RefKind != head.RefKind || r.RefID != head.RefID || r.NextAt.After(now) {
			break
		}
		size += utf16Len(mergeSep) + utf16Len(r.Text)
		if size > limit {
			break
		}
		n++
	}
	return rows[:n]
}

// utf16Len counts s as Telegram does.
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

// lingering returns a context that ends grace after parent ends, or when
// the returned cancel is called.
func lingering(parent context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	stop := context.AfterFunc(parent, func() {
		t := time.AfterFunc(grace, cancel)
		context.AfterFunc(ctx, func() { t.Stop() })
	})
	return ctx, func() {
		stop()
		cancel()
	}
}

func (d *Dispatcher) backoff(attempts int) time.Duration {
	b := d.cfg.BaseBackoff
	for i := 0; i < attempts && b < d.cfg.MaxBackoff; i++ {
		b *= 2
	}
	return min(b, d.cfg.MaxBackoff)
}
