package shipping

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

// BenchmarkQuoteCachedInTransaction is the checkout's ongkir on a cache
// hit: two parcels read from the books inside one write transaction.
func BenchmarkQuoteCachedInTransaction(b *testing.B) {
	api := newFakeAPI(b)
	api.routeBody("POST /v1/rates/couriers", `"origin_postal_code":57111`, 200, "biteship_rates.json")
	api.routeBody("POST /v1/rates/couriers", `"origin_postal_code":40111`, 200, "biteship_rates_other.json")
	db, err := store.Open(b.Context(), filepath.Join(b.TempDir(), store.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	q := Quoter{Live: NewBiteship(api.srv.URL, testBiteshipKey, time.Second, nil), Fallback: table}
	if err := q.Prefetch(b.Context(), db, twoParcels, bandung); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		err := db.Update(b.Context(), func(tx *store.Tx) error {
			q := q
			q.Cache = tx
			plan, err := q.Quote(b.Context(), twoParcels, bandung)
			if err == nil && !plan.Cached {
				b.Fatal("not from the cache")
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassifyText is one courier line read into a milestone.
func BenchmarkClassifyText(b *testing.B) {
	lines := []string{"SHIPMENT RECEIVED BY JNE COUNTER OFFICER AT [SOLO]", "Paket telah sampai di BANDUNG_GATEWAY",
		"WITH DELIVERY COURIER [BANDUNG]", "DELIVERED TO [BUDI | 03-03-2025 11:40 | BANDUNG]"}
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			classifyText(l)
		}
	}
}
