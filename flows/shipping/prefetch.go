package shipping

import (
	"context"
	"fmt"

	"github.com/dropbot/dropbot/store"
)

// Prefetch asks the live provider for the parcels the books' cache lacks
// and keeps the answers, so that a Quote inside the conversation's
// transaction finds them cached and makes no network call there (a call
// inside it would hold the books' one writer for as long as the provider
// takes). It opens its own short transactions: call it OUTSIDE any
// transaction (inside one it would wait on itself). A provider failure
// is returned and nothing is kept; Quote then falls back as usual.
func (q Quoter) Prefetch(ctx context.Context, db *store.DB, parcels []Parcel, dest Destination) error {
	if q.Live == nil || len(parcels) == 0 {
		return nil
	}
	name := q.Live.Name()
	to := Place{AreaID: dest.AreaID, PostalCode: dest.PostalCode}
	var missing []Parcel
	err := db.View(ctx, func(tx *store.Tx) error {
		reader := q
		reader.Cache = tx
		for _, p := range parcels {
			if p.Origin.empty() || to.empty() {
				continue
			}
			if _, ok := reader.cached(reader.cacheKey(name, p.Origin, to, WeightBand(p.WeightG))); !ok {
				missing = append(missing, p)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("prefetch: read cache: %w", err)
	}
	if len(missing) == 0 {
		return nil
	}
	plan, err := Quoter{Live: q.Live, Couriers: q.Couriers, Log: q.Log}.live(ctx, missing, dest)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *store.Tx) error {
		writer := q
		writer.Cache = tx
		for i, p := range missing {
			if len(plan.Parcels[i]) > 0 {
				writer.store(writer.cacheKey(name, p.Origin, to, WeightBand(p.WeightG)), plan.Parcels[i])
			}
		}
		return nil
	})
}

// NoteFailure tells whether the owner should hear of this plan's provider
// failure: yes the first time a provider fails for a reason, no while it
// keeps failing the same way. A plan without a failure clears the note,
// so the next failure is news again. It keeps the note in the setting
// SettingLastFailure, inside the caller's transaction.
func NoteFailure(tx *store.Tx, plan Plan) (tell bool, err error) {
	last, err := tx.Setting(SettingLastFailure, "")
	if err != nil {
		return false, err
	}
	key := plan.Failure.NoticeKey()
	if key == last {
		return false, nil
	}
	if err := tx.SetSetting(SettingLastFailure, key); err != nil {
		return false, err
	}
	return key != "", nil
}
