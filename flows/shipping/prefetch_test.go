package shipping

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func TestPrefetchKeepsTheNetworkOutOfTheTransaction(t *testing.T) {
	api := newFakeAPI(t)
	api.routeBody("POST /v1/rates/couriers", `"origin_postal_code":57111`, 200, "biteship_rates.json")
	api.routeBody("POST /v1/rates/couriers", `"origin_postal_code":40111`, 200, "biteship_rates_other.json")
	db := openBooks(t, filepath.Join(t.TempDir(), store.FileName), &testClock{t: resiAt})
	q := Quoter{Live: NewBiteship(api.srv.URL, testBiteshipKey, time.Second, nil), Fallback: table}
	if err := q.Prefetch(t.Context(), db, twoParcels, bandung); err != nil {
		t.Fatal(err)
	}
	if n := len(api.allCalls()); n != 2 {
		t.Fatalf("%d calls", n)
	}
	// Inside the transaction: all from the cache.
	plan, err := quoteIn(t, db, q, twoParcels, bandung)
	if err != nil || !plan.Cached || plan.Source != ProviderBiteship || len(plan.Options) != 2 {
		t.Fatalf("plan %+v, %v", plan, err)
	}
	// Already cached: prefetch asks nothing.
	if err := q.Prefetch(t.Context(), db, twoParcels, bandung); err != nil || len(api.allCalls()) != 2 {
		t.Fatalf("second prefetch: %v, %d calls", err, len(api.allCalls()))
	}
	// A failing provider: the error comes back, nothing is kept.
	api.route("POST /v1/rates/couriers", 401, "biteship_error_auth.json")
	other := []Parcel{{Origin: Place{PostalCode: "10110"}, WeightG: 5000}}
	if err := q.Prefetch(t.Context(), db, other, bandung); ReasonOf(err) != ReasonKey {
		t.Fatalf("failing prefetch: %v", err)
	}
}

func TestNoteFailureTellsOnce(t *testing.T) {
	db := openBooks(t, filepath.Join(t.TempDir(), store.FileName), &testClock{t: resiAt})
	key := Plan{Failure: &Failure{Provider: ProviderBiteship, Reason: ReasonKey}}
	quota := Plan{Failure: &Failure{Provider: ProviderBiteship, Reason: ReasonQuota}}
	steps := []struct {
		plan Plan
		tell bool
	}{{Plan{}, false}, {key, true}, {key, false}, {quota, true}, {Plan{}, false}, {quota, true}}
	for i, s := range steps {
		var tell bool
		err := db.Update(t.Context(), func(tx *store.Tx) error {
			var err error
			tell, err = NoteFailure(tx, s.plan)
			return err
		})
		if err != nil || tell != s.tell {
			t.Errorf("step %d: tell %v, %v; want %v", i, tell, err, s.tell)
		}
	}
}
