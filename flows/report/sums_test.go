package report_test

import (
	"context"
	"fmt"
	mathrand "math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

var allStatuses = []string{store.StatusCart, store.StatusAwaitPay, store.StatusAwaitVerify, store.StatusProcessing,
	store.StatusPacked, store.StatusShipped, store.StatusDone, store.StatusCancelled, store.StatusExpired,
	store.StatusComplaint, store.StatusReturn, store.StatusExchange, store.StatusRefund}

// randomBooks writes n random orders over the ten days from 15 Nov 2026
// (WIB): every status, two channels, 1–4 lines that may repeat a product
// in one order or be cancelled, own stock beside three suppliers, unit
// costs with up to three decimals, the same SKU sold under two names,
// incoming payments and refunds in every state.
func randomBooks(t *testing.T, seed uint64, n int) *store.DB {
	t.Helper()
	var mu sync.Mutex
	now := day(2026, 11, 15)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName), store.WithClock(clock),
		store.WithRand(mathrand.NewChaCha8([32]byte{byte(seed)})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rng := mathrand.New(mathrand.NewPCG(seed, 7))
	ctx := context.Background()
	var sups []int64
	var cust int64
	if err := db.Update(ctx, func(tx *store.Tx) error {
		for i := range 3 {
			id, err := tx.AddSupplier(store.Supplier{Code: fmt.Sprintf("SUP%d", i), Name: fmt.Sprintf("Pemasok %d", i)})
			if err != nil {
				return err
			}
			sups = append(sups, id)
		}
		w, err := tx.Resolve("telegram", "rb", false, "rb", "RB")
		cust = w.CustomerID
		return err
	}); err != nil {
		t.Fatal(err)
	}
	money := func(max int, decimals int32) decimal.Decimal {
		return decimal.New(int64(rng.IntN(max)), -decimals)
	}
	for i := range n {
		mu.Lock()
		// Mostly forward in time, sometimes back: ids need not follow dates.
		now = day(2026, 11, 15).Add(time.Duration(rng.IntN(10*24*60)) * time.Minute)
		mu.Unlock()
		status := allStatuses[rng.IntN(len(allStatuses))]
		o := store.Order{CustomerID: cust, Channel: []string{"telegram", "whatsapp"}[rng.IntN(2)], ChatID: "rb",
			Status: status, PaymentMethod: "transfer", Shipping: money(30, 0).Mul(decimal.NewFromInt(1000)),
			CODFee: money(3, 0).Mul(decimal.NewFromInt(2500)), UniqueCode: 1 + rng.IntN(999)}
		if status == store.StatusAwaitPay || status == store.StatusAwaitVerify {
			o.UniqueCode = 0
		}
		for range 1 + rng.IntN(4) {
			p := rng.IntN(8)
			it := store.OrderItem{SKU: fmt.Sprintf("SKU-%d", p), ProductName: fmt.Sprintf("Produk %d", p),
				VariantName: []string{"", "Merah", "XL"}[rng.IntN(3)], Qty: 1 + rng.IntN(5),
				UnitPrice: money(200000, 0).Add(decimal.NewFromInt(1000)), UnitCost: money(150000000, int32(rng.IntN(4)))}
			if p < 6 {
				it.SupplierID = sups[p%3]
			}
			if rng.IntN(9) == 0 {
				it.ProductName = "Nama lama " + it.ProductName
			}
			if rng.IntN(8) == 0 {
				it.Status = "dibatalkan"
			} else if rng.IntN(10) == 0 {
				it.Status = "habis"
			}
			o.Items = append(o.Items, it)
		}
		sub, _ := store.SumItems(o.Items)
		o.Total = sub.Add(o.Shipping).Add(o.CODFee).Add(decimal.NewFromInt(int64(o.UniqueCode)))
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateOrder(&o); err != nil {
				return err
			}
			for range rng.IntN(4) {
				dir := []string{"in", "out"}[rng.IntN(2)]
				st := []string{"pending", "confirmed", "rejected"}[rng.IntN(3)]
				if _, err := tx.AddPayment(store.Payment{OrderID: o.ID, Direction: dir, Method: "transfer",
					Amount: money(5000000, int32(rng.IntN(3))), Status: st, Actor: "test"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("order %d: %v", i, err)
		}
	}
	return db
}

func sameTotals(t *testing.T, what string, got, want report.Totals) {
	t.Helper()
	if got.Orders != want.Orders || got.Units != want.Units {
		t.Errorf("%s: orders/units %d/%d, want %d/%d", what, got.Orders, got.Units, want.Orders, want.Units)
	}
	for _, m := range []struct {
		name      string
		got, want decimal.Decimal
	}{{"omzet", got.Omzet, want.Omzet}, {"modal", got.Modal, want.Modal}, {"ongkir", got.Ongkir, want.Ongkir},
		{"cod", got.CODFee, want.CODFee}, {"kode unik", got.KodeUnik, want.KodeUnik}, {"refunds", got.Refunds, want.Refunds}} {
		if !m.got.Equal(m.want) {
			t.Errorf("%s: %s %s, want %s", what, m.name, m.got, m.want)
		}
	}
}

func sameLines(t *testing.T, what string, got, want []report.Line) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d lines, want %d", what, len(got), len(want))
		return
	}
	for i := range want {
		if got[i].Key != want[i].Key || got[i].Name != want[i].Name {
			t.Errorf("%s line %d: %q %q, want %q %q", what, i, got[i].Key, got[i].Name, want[i].Key, want[i].Name)
		}
		sameTotals(t, what+" "+want[i].Key, got[i].Totals, want[i].Totals)
	}
}

// TestBuildFromMatchesBuild: over random books, the figures summed from
// the per-day summary (BuildFrom, DailyFrom) and from grouped rows of the
// orders (their fallback) are exactly those Build and Daily sum from
// every order in memory, for days, ranges and an empty period.
func TestBuildFromMatchesBuild(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		db := randomBooks(t, seed, 300)
		periods := []report.Period{
			{From: day(2026, 11, 15), To: day(2026, 11, 25), Kind: report.KindRange},
			{From: day(2026, 11, 17), To: day(2026, 11, 18), Kind: report.KindDay},
			{From: day(2026, 11, 1), To: day(2026, 12, 1), Kind: report.KindMonth},
			{From: day(2026, 11, 20), To: day(2026, 11, 27), Kind: report.KindWeek},
			{From: day(2026, 10, 1), To: day(2026, 11, 1), Kind: report.KindMonth}, // nothing
		}
		for _, p := range periods {
			name := fmt.Sprintf("seed %d %s..%s", seed, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
			want := sameReport(t, db, name, p, true)
			if p.From.Month() == time.November && want.Orders == 0 {
				t.Errorf("%s: no sales in the random books", name)
			}
		}
	}
}
