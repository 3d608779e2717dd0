package flows

import (
	"context"
	"log/slog"

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
func (s *Shop) Prepare(ctx context.Context, db *store.DB, m chat.Message) {
	if err := order.PrefetchOngkir(ctx, s.Env, db, m); err != nil && ctx.Err() == nil {
		s.Log.Debug("ongkir prefetch failed; the message's transaction asks itself", "reason", string(shipping.ReasonOf(err)))
	}
}
