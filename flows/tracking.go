package flows

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/store"
)

// Tracker follows the resi the suppliers posted with the shop's providers:
// the customer hears each milestone in their language, the owner gets
// stuck, problem and return alerts in the owner's language, and an order
// whose every parcel is delivered completes. cmd's run and the playground
// both use it, so `dropbot play` tracks as `dropbot run` does.
func (s *Shop) Tracker(db *store.DB, log *slog.Logger, wake func()) shipping.Tracker {
	n := shipping.Notifier{Loc: s.Loc, OwnerLang: chat.OwnerLang}
	return shipping.Tracker{DB: db, Config: s.Shipping, Log: log, Wake: wake,
		Notify: func(tx *store.Tx, f shipping.Followed, out shipping.PollOutcome) error {
			if err := n.Notify(tx, f, out); err != nil {
				return err
			}
			if out.Next.Milestone == shipping.MilestoneDelivered && f.Milestone != shipping.MilestoneDelivered {
				return relay.ParcelDelivered(tx, f.ShipmentID)
			}
			return nil
		}}
}

// Prepare is the engine's look at a message before its transaction
// (bot.Preparer): when the sender's checkout is about to price the cart
// with a live provider, the area search and each parcel's rates are asked
// now and kept in the books' cache, so the transaction that follows finds
// them there instead of holding the books' writer while the provider
// answers. Read-only but for the cache, best effort: a failure leaves the
// transaction to ask (and fall back) as it always did.
//
// Most shops price ongkir from their own table: then there is nothing to
// fetch, and the read that finds it out is a sixth of a message's work
// (BenchmarkEngineMessage's profile). So the answer "table" is remembered
// for tableRecheck; a provider switched on meanwhile is only prefetched
// for after that, and the transaction quotes by itself until then.
func (s *Shop) Prepare(ctx context.Context, db *store.DB, m chat.Message) {
	if m.Group || s.table == nil || s.table.tableOnly(ctx, db, s.Shipping) {
		return
	}
	if err := order.PrefetchOngkir(ctx, s.Env, db, m); err != nil && ctx.Err() == nil {
		s.Log.Debug("ongkir prefetch failed; the message's transaction asks itself", "reason", string(shipping.ReasonOf(err)))
	}
}

// tableRecheck is how long Prepare trusts that the shop has no live
// shipping provider before reading the settings again.
const tableRecheck = 30 * time.Second

// tableGate remembers, for tableRecheck, that the shop's ongkir comes from
// its own table (no live provider), so Prepare does not open a read
// transaction for every message to learn it again.
type tableGate struct {
	mu    sync.Mutex
	until time.Time // the table answer holds until then
}

// tableOnly reports whether the shop has no live provider: remembered, or
// read from the settings. An unreadable setting is not remembered.
func (g *tableGate) tableOnly(ctx context.Context, db *store.DB, cfg shipping.Config) bool {
	now := time.Now()
	g.mu.Lock()
	held := now.Before(g.until)
	g.mu.Unlock()
	if held {
		return true
	}
	var live shipping.Provider
	if err := db.View(ctx, func(tx *store.Tx) (err error) {
		live, err = cfg.ProviderFromSettings(tx)
		return err
	}); err != nil {
		return false // let the prefetch try and say why
	}
	if live != nil {
		return false
	}
	g.mu.Lock()
	g.until = now.Add(tableRecheck)
	g.mu.Unlock()
	return true
}
