package shipping

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/dropbot/dropbot/store"
)

// FollowedFrom reads a followed resi out of the books.
func FollowedFrom(t store.Tracked) Followed {
	return Followed{ShipmentID: t.ShipmentID, Resi: t.Resi, Courier: t.Courier, Milestone: Milestone(t.Milestone),
		LastEvent: t.LastEvent, LastEventAt: t.LastEventAt, LastChangeAt: t.LastChangeAt, NextCheckAt: t.NextCheckAt,
		Failures: t.Failures, Alert: Alert(t.Alert), Done: t.Done, CreatedAt: t.CreatedAt}
}

// Tracked is the followed resi as the books keep it.
func (f Followed) Tracked() store.Tracked {
	return store.Tracked{ShipmentID: f.ShipmentID, Resi: f.Resi, Courier: f.Courier, Milestone: string(f.Milestone),
		LastEvent: f.LastEvent, LastEventAt: f.LastEventAt, LastChangeAt: f.LastChangeAt, NextCheckAt: f.NextCheckAt,
		Failures: f.Failures, Alert: string(f.Alert), Done: f.Done, CreatedAt: f.CreatedAt}
}

// Follow starts following a shipment's resi (call it in the transaction
// that records the resi); the first check comes PollPolicy.First later.
func Follow(tx *store.Tx, p PollPolicy, shipmentID int64, resi, courier string, now time.Time) error {
	return tx.TrackShipment(shipmentID, resi, courier, p.FirstCheck(now))
}

// PlaceOf is an origin as a provider is asked for it.
func PlaceOf(o store.Origin) Place { return Place{AreaID: o.AreaID, PostalCode: o.PostalCode} }

// Tracker runs the tracking rounds: it reads the due resi, asks the
// provider for each outside any transaction (a slow courier never holds
// the books), and saves each outcome with Notify in one write
// transaction, so a message is queued exactly when its milestone is saved.
type Tracker struct {
	DB *store.DB
	// Provider follows the resi; nil = chosen each round from the
	// settings and Config (TrackingProviderFromSettings), so the owner's
	// switch or new key applies without a restart.
	Provider Provider
	Config   Config
	Policy   PollPolicy // zero = DefaultPollPolicy()
	Limit    int        // resi per round; 0 = 20
	Log      *slog.Logger
	// Notify queues the customer's milestone texts and the owner's alert
	// (see CustomerText, OwnerAlertText) in the transaction that saves
	// the outcome. nil = save only.
	Notify func(tx *store.Tx, f Followed, out PollOutcome) error
	// Wake is called after an outcome with news was saved (the
	// dispatcher's Wake, so the queued messages go out now); nil = none.
	Wake func()
}

func (tr Tracker) policy() PollPolicy {
	if tr.Policy == (PollPolicy{}) {
		return DefaultPollPolicy()
	}
	return tr.Policy
}

func (tr Tracker) log() *slog.Logger {
	if tr.Log != nil {
		return tr.Log
	}
	return slog.Default()
}

// RunOnce checks the resi due now and returns how many it checked.
func (tr Tracker) RunOnce(ctx context.Context) (int, error) {
	if tr.DB == nil {
		return 0, errors.New("tracker: no books")
	}
	prov := tr.Provider
	limit := tr.Limit
	if limit <= 0 {
		limit = 20
	}
	type due struct {
		f           Followed
		city, phone string
	}
	var todo []due
	err := tr.DB.View(ctx, func(tx *store.Tx) error {
		if prov == nil {
			var err error
			if prov, err = tr.Config.TrackingProviderFromSettings(tx); err != nil || prov == nil {
				return err
			}
		}
		rows, err := tx.DueTracking(tr.DB.Now(), limit)
		if err != nil {
			return err
		}
		for _, r := range rows {
			city, phone, err := tx.ShipmentBuyer(r.ShipmentID)
			if err != nil && !store.IsNotFound(err) {
				return err
			}
			todo = append(todo, due{FollowedFrom(r), city, phone})
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("tracker: due resi: %w", err)
	}
	p := tr.policy()
	for i, d := range todo {
		if ctx.Err() != nil {
			return i, ctx.Err()
		}
		t, terr := TrackFor(ctx, prov, d.f.Resi, d.f.Courier, d.phone)
		if terr == nil {
			t = t.WithBuyerCity(d.city)
		}
		out := p.Step(d.f, t, terr, tr.DB.Now())
		if out.Failure != nil {
			tr.log().Warn("tracking failed", "provider", prov.Name(), "shipment", d.f.ShipmentID,
				"reason", string(out.Failure.Reason), "status", out.Failure.Status)
		}
		err := tr.DB.Update(ctx, func(tx *store.Tx) error {
			// The resi may have been corrected since it was read: the
			// new one starts over on its own schedule.
			cur, err := tx.TrackedShipment(d.f.ShipmentID)
			if err != nil {
				return err
			}
			if cur.Resi != d.f.Resi || cur.Done {
				return nil
			}
			if err := tx.SaveTracking(out.Next.Tracked()); err != nil {
				return err
			}
			if tr.Notify != nil {
				return tr.Notify(tx, d.f, out)
			}
			return nil
		})
		if err != nil {
			return i, fmt.Errorf("tracker: save shipment %d: %w", d.f.ShipmentID, err)
		}
		if tr.Wake != nil && (len(out.Customer) > 0 || out.OwnerAlert != AlertNone) {
			tr.Wake()
		}
	}
	return len(todo), nil
}

// Run does a round every interval until ctx ends. A failed round is
// logged and the next one tried.
func (tr Tracker) Run(ctx context.Context, every time.Duration) error {
	if every <= 0 {
		every = 5 * time.Minute
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := tr.RunOnce(ctx); err != nil && ctx.Err() == nil {
			tr.log().Error("tracking round failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
