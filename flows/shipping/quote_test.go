package shipping

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

// testClock is the books' clock in these tests.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) add(dt time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(dt)
}

func openBooks(t *testing.T, path string, clk *testClock) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// quoteIn runs the quoter inside one write transaction, as a turn does,
// with the transaction as the cache.
func quoteIn(t *testing.T, db *store.DB, q Quoter, parcels []Parcel, dest Destination) (Plan, error) {
	t.Helper()
	var plan Plan
	var qerr error
	err := db.Update(t.Context(), func(tx *store.Tx) error {
		q.Cache = tx
		plan, qerr = q.Quote(t.Context(), parcels, dest)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return plan, qerr
}

var table = Table{
	{Courier: "JNE", Service: "REG", FirstKg: d("25000"), NextKg: d("20000"), RoundFromG: 300, ETD: "3-5 hari"},
	{Courier: "J&T Express", Service: "EZ", FirstKg: d("22000"), NextKg: d("18000"), RoundFromG: 300},
}

var twoParcels = []Parcel{
	{SupplierID: 1, Origin: Place{PostalCode: "57111"}, WeightG: 1250, Value: d("371000")},
	{SupplierID: 2, Origin: Place{PostalCode: "40111"}, WeightG: 400, Value: d("41000")},
}

var bandung = Destination{Province: "Jawa Barat", PostalCode: "40131", AreaID: "IDNP9IDNC23IDND280IDZ40131"}

func TestQuoteTwoParcels(t *testing.T) {
	api := newFakeAPI(t)
	api.routeBody("POST /v1/rates/couriers", `"origin_postal_code":57111`, 200, "biteship_rates.json")
	api.routeBody("POST /v1/rates/couriers", `"origin_postal_code":40111`, 200, "biteship_rates_other.json")
	clk := &testClock{t: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), store.FileName)
	db := openBooks(t, path, clk)
	q := Quoter{Live: NewBiteship(api.srv.URL, testBiteshipKey, time.Second, nil), Fallback: table}

	plan, err := quoteIn(t, db, q, twoParcels, bandung)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Source != ProviderBiteship || plan.Failure != nil || plan.Cached || len(plan.Parcels) != 2 ||
		len(plan.Parcels[0]) != 3 || len(plan.Parcels[1]) != 2 {
		t.Fatalf("plan %+v", plan)
	}
	// SiCepat serves only the first parcel: not offered. J&T 17.000 +
	// 12.000 = 29.000 before JNE 19.000 + 11.000 = 30.000.
	want := []struct {
		courier, service, total, etd string
	}{{"J&T Express", "EZ", "29000", "2-3 hari"}, {"JNE", "REG", "30000", "2-3 hari"}}
	if len(plan.Options) != len(want) {
		t.Fatalf("options %+v", plan.Options)
	}
	for i, w := range want {
		o := plan.Options[i]
		if o.Courier != w.courier || o.Service != w.service || !o.Total.Equal(d(w.total)) || o.ETD != w.etd ||
			len(o.PerParcel) != 2 || !o.PerParcel[0].Add(o.PerParcel[1]).Equal(o.Total) {
			t.Errorf("option %d = %+v, want %v", i, o, w)
		}
	}
	// Each parcel was asked for its own weight band (1.250 g → 1.300 g).
	calls := api.allCalls()
	if len(calls) != 2 {
		t.Fatalf("%d provider calls", len(calls))
	}
	for _, w := range []string{`"weight":1300`, `"weight":400`} {
		if !strings.Contains(calls[0].body+calls[1].body, w) {
			t.Errorf("no request with %s: %s / %s", w, calls[0].body, calls[1].body)
		}
	}

	// Again, and after a restart: from the books, no provider call.
	if plan, err := quoteIn(t, db, q, twoParcels, bandung); err != nil || !plan.Cached || len(plan.Options) != 2 {
		t.Fatalf("second plan %+v, %v", plan, err)
	}
	db.Close()
	db = openBooks(t, path, clk)
	plan2, err := quoteIn(t, db, q, []Parcel{{Origin: Place{PostalCode: "57111"}, WeightG: 1201}}, bandung)
	if err != nil || !plan2.Cached || !plan2.Options[0].Total.Equal(d("17000")) {
		t.Fatalf("after restart, same band: %+v, %v", plan2, err)
	}
	if n := len(api.allCalls()); n != 2 {
		t.Fatalf("the cache let %d calls through, want 2", n)
	}
	// A day later the provider is asked again.
	clk.add(DefaultCacheTTL + time.Minute)
	if plan, err := quoteIn(t, db, q, twoParcels, bandung); err != nil || plan.Cached {
		t.Fatalf("after a day %+v, %v", plan, err)
	}
	if n := len(api.allCalls()); n != 4 {
		t.Fatalf("%d calls after expiry, want 4", n)
	}
}

func TestQuoteFallsBack(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(api *fakeAPI)
		parcels []Parcel
		dest    Destination
		want    Reason
	}{
		{"wrong key", func(api *fakeAPI) { api.route("POST /v1/rates/couriers", 401, "biteship_error_auth.json") }, twoParcels, bandung, ReasonKey},
		{"quota", func(api *fakeAPI) { api.route("POST /v1/rates/couriers", 429, "biteship_error_auth.json") }, twoParcels, bandung, ReasonQuota},
		{"timeout", func(api *fakeAPI) { api.hold = true }, twoParcels, bandung, ReasonTimeout},
		{"bad response", func(api *fakeAPI) { api.route("POST /v1/rates/couriers", 200, "komerce_cost.json") }, twoParcels, bandung, ReasonBadResponse},
		{"no origin", func(*fakeAPI) {}, []Parcel{{WeightG: 1000}}, bandung, ReasonNoOrigin},
		{"no destination", func(*fakeAPI) {}, twoParcels, Destination{Province: "Jawa Barat"}, ReasonNoDestination},
		{"no route for one parcel", func(api *fakeAPI) {
			api.routeBody("POST /v1/rates/couriers", `"origin_postal_code":57111`, 200, "biteship_rates.json")
			api.routeBody("POST /v1/rates/couriers", `"origin_postal_code":40111`, 400, "biteship_error_route.json")
		}, twoParcels, bandung, ReasonRejected},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t)
			tc.setup(api)
			clk := &testClock{t: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)}
			db := openBooks(t, filepath.Join(t.TempDir(), store.FileName), clk)
			// Only the timeout case waits for the deadline; the others get a
			// long one, so a loaded machine cannot turn their answer into a
			// timeout.
			timeout := 5 * time.Second
			if tc.want == ReasonTimeout {
				timeout = 30 * time.Millisecond
			}
			q := Quoter{Live: NewBiteship(api.srv.URL, testBiteshipKey, timeout, nil), Fallback: table}
			plan, err := quoteIn(t, db, q, tc.parcels, tc.dest)
			if err != nil {
				t.Fatal(err)
			}
			if plan.Source != ProviderTable || plan.Failure == nil || plan.Failure.Reason != tc.want {
				t.Fatalf("plan source %q failure %v, want the table because %q", plan.Source, plan.Failure, tc.want)
			}
			if len(plan.Options) != 2 || plan.Options[0].Courier != "J&T Express" {
				t.Fatalf("table options %+v", plan.Options)
			}
		})
	}
}

func TestQuoteTableOnly(t *testing.T) {
	q := Quoter{Fallback: table}
	plan, err := q.Quote(t.Context(), twoParcels, bandung)
	if err != nil {
		t.Fatal(err)
	}
	// 1.250 g → 1 kg, 400 g → 1 kg: J&T 22.000 × 2, JNE 25.000 × 2.
	if plan.Source != ProviderTable || plan.Failure != nil || len(plan.Options) != 2 ||
		!plan.Options[0].Total.Equal(d("44000")) || !plan.Options[1].Total.Equal(d("50000")) || plan.Options[1].ETD != "3-5 hari" {
		t.Fatalf("plan %+v", plan)
	}
	plan, err = Quoter{Fallback: Flat{Courier: "Ongkir", Cost: d("15000")}}.Quote(t.Context(), twoParcels, bandung)
	if err != nil || len(plan.Options) != 1 || !plan.Options[0].Total.Equal(d("30000")) {
		t.Fatalf("flat plan %+v, %v", plan, err)
	}
	// A failing provider without a fallback is an error the caller sees.
	api := newFakeAPI(t)
	api.route("POST /v1/rates/couriers", 401, "biteship_error_auth.json")
	_, err = Quoter{Live: NewBiteship(api.srv.URL, testBiteshipKey, time.Second, nil)}.Quote(t.Context(), twoParcels, bandung)
	if ReasonOf(err) != ReasonKey {
		t.Fatalf("no fallback: %v", err)
	}
	if _, err := (Quoter{Fallback: table}).Quote(t.Context(), nil, bandung); err == nil {
		t.Fatal("no parcels quoted")
	}
}

func TestWeightBand(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{0, 100}, {1, 100}, {100, 100}, {101, 200}, {1250, 1300}, {1300, 1300}, {1301, 1400}} {
		if got := WeightBand(tc.in); got != tc.want {
			t.Errorf("WeightBand(%d) = %d, want %d", tc.in, got, tc.want)
		}
		// The band never crosses a billing step the weight did not.
		for _, tol := range []int{0, 200, 300} {
			if BilledKg(tc.in, tol) != BilledKg(WeightBand(tc.in), tol) && tc.in > 0 {
				t.Errorf("band of %d g bills differently at tolerance %d", tc.in, tol)
			}
		}
	}
}
