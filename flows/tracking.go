package flows

import (
	"log/slog"

	"github.com/dropbot/dropbot/flows/chat"
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
