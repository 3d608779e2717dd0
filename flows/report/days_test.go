package report_test

import (
	"context"
	"fmt"
	mathrand "math/rand/v2"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// mutate applies n random changes through the store's own write paths:
// status moves the lifecycle allows, lines cancelled, sold out and
// swapped for another variant at another cost, payments decided, refunds
// added, confirmed and corrected.
func mutate(t *testing.T, db *store.DB, seed uint64, n int) {
	t.Helper()
	rng := mathrand.New(mathrand.NewPCG(seed, 99))
	ctx := context.Background()
	var orders []store.ReportOrder
	if err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		orders, err = tx.ReportOrders(day(2026, 11, 1), day(2026, 12, 1))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	money := func() decimal.Decimal { return decimal.New(int64(rng.IntN(90000000)), -int32(rng.IntN(4))) }
	for range n {
		o := &orders[rng.IntN(len(orders))]
		err := db.Update(ctx, func(tx *store.Tx) error {
			switch rng.IntN(7) {
			case 0, 1: // a status move the lifecycle allows
				to := allStatuses[rng.IntN(len(allStatuses))]
				if !store.CanTransition(o.Status, to) {
					return nil
				}
				if err := tx.SetOrderStatus(o.ID, o.Status, to, "test", "drift"); err != nil {
					return nil // a kode unik in use: nothing changed
				}
				o.Status = to
			case 2: // a line cancelled, sold out or back
				items, err := tx.OrderItems(o.ID)
				if err != nil || len(items) == 0 {
					return err
				}
				it := items[rng.IntN(len(items))]
				to := []string{store.ItemOK, store.ItemOut, store.ItemCancelled}[rng.IntN(3)]
				return tx.SetItemStatus(o.ID, it.ID, it.Status, to)
			case 3: // a sold-out line swapped for another variant and cost
				items, err := tx.OrderItems(o.ID)
				if err != nil {
					return err
				}
				for _, it := range items {
					if it.Status == store.ItemOut && it.VariantID != 0 {
						return tx.SwapItemVariant(o.ID, it.ID, 0, []string{"Biru", "", "XL"}[rng.IntN(3)], money())
					}
				}
			case 4: // a refund asked for, maybe sent at once
				st := []string{"pending", "confirmed"}[rng.IntN(2)]
				_, err := tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "out", Method: "transfer",
					Amount: money(), Status: st, Actor: "test"})
				return err
			case 5: // refunds sent, payments decided
				if _, err := tx.ConfirmRefunds(o.ID, 0, "test"); err != nil {
					return err
				}
				_, err := tx.DecidePendingPayments(o.ID, []string{"confirmed", "rejected"}[rng.IntN(2)], "test", "")
				return err
			case 6: // an amount corrected
				pays, err := tx.PaymentsOf(o.ID)
				if err != nil || len(pays) == 0 {
					return err
				}
				return tx.SetPaymentAmount(pays[rng.IntN(len(pays))].ID, money())
			}
			return nil
		})
		if err != nil && store.ErrorCode(err) != store.EConflict {
			t.Fatalf("mutate order %d: %v", o.ID, err)
		}
	}
}

// sameReport compares every figure of BuildFrom and DailyFrom, and of
// the same added up from the orders (their fallback), with the in-memory
// Build and Daily over the orders, and whether the summary answered
// exactly (wantExact). It returns Build's report.
func sameReport(t *testing.T, db *store.DB, name string, p report.Period, wantExact bool) report.Report {
	t.Helper()
	var want report.Report
	err := db.View(context.Background(), func(tx *store.Tx) error {
		sums, err := tx.DaySums(p.From, p.To, false, report.SaleStatuses())
		if err != nil {
			return err
		}
		if sums.Exact != wantExact {
			t.Errorf("%s: summary exact = %v, want %v", name, sums.Exact, wantExact)
		}
		orders, err := tx.ReportOrders(p.From, p.To)
		if err != nil {
			return err
		}
		want = report.Build(p, orders)
		wantDays := report.Daily(p, orders)
		for _, path := range []struct {
			name  string
			build func(*store.Tx, report.Period) (report.Report, error)
			daily func(*store.Tx, report.Period) ([]report.DayFigures, error)
		}{{"summary", report.BuildFrom, report.DailyFrom}, {"orders", report.BuildFromOrders, report.DailyFromOrders}} {
			name := name + " " + path.name
			got, err := path.build(tx, p)
			if err != nil {
				return err
			}
			if got.Created != want.Created || got.Waiting != want.Waiting || got.Cancelled != want.Cancelled {
				t.Errorf("%s: created/waiting/cancelled %d/%d/%d, want %d/%d/%d", name, got.Created, got.Waiting,
					got.Cancelled, want.Created, want.Waiting, want.Cancelled)
			}
			sameTotals(t, name, got.Totals, want.Totals)
			sameLines(t, name+" product", got.ByProduct, want.ByProduct)
			sameLines(t, name+" supplier", got.BySupplier, want.BySupplier)
			sameLines(t, name+" channel", got.ByChannel, want.ByChannel)
			gotDays, err := path.daily(tx, p)
			if err != nil {
				return err
			}
			if len(gotDays) != len(wantDays) {
				return fmt.Errorf("%s: %d days, want %d", name, len(gotDays), len(wantDays))
			}
			for i := range wantDays {
				g, w := gotDays[i], wantDays[i]
				if !g.Date.Equal(w.Date) || g.Orders != w.Orders || !g.Omzet.Equal(w.Omzet) || !g.Profit.Equal(w.Profit) {
					t.Errorf("%s day %d: %+v, want %+v", name, i, g, w)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return want
}

// TestSummaryNeverDrifts: the per-day summary the books keep (migration
// 0050) gives every figure of the report and the chart exactly as adding
// up the orders does, after hundreds of random status moves, cancelled
// and swapped lines, refunds and corrected amounts.
func TestSummaryNeverDrifts(t *testing.T) {
	periods := []report.Period{
		{From: day(2026, 11, 15), To: day(2026, 11, 25), Kind: report.KindRange},
		{From: day(2026, 11, 17), To: day(2026, 11, 18), Kind: report.KindDay},
		{From: day(2026, 11, 1), To: day(2026, 12, 1), Kind: report.KindMonth},
		{From: day(2026, 11, 20), To: day(2026, 11, 27), Kind: report.KindWeek},
		{From: day(2026, 10, 1), To: day(2026, 11, 1), Kind: report.KindMonth},
	}
	for _, seed := range []uint64{4, 5} {
		db := randomBooks(t, seed, 200)
		for round := range 3 {
			mutate(t, db, seed*10+uint64(round), 150)
			for _, p := range periods {
				name := fmt.Sprintf("seed %d round %d %s..%s", seed, round, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
				sameReport(t, db, name, p, true)
			}
		}
	}
}

// TestSummaryFallsBackWhenNotExact: an amount finer than the summary's
// unit (1/10,000 rupiah) cannot be summed there; the report says so and
// adds up that period's orders instead, still exactly. Other periods keep
// the summary.
func TestSummaryFallsBackWhenNotExact(t *testing.T) {
	db := randomBooks(t, 6, 120)
	ctx := context.Background()
	if err := db.Update(ctx, func(tx *store.Tx) error {
		orders, err := tx.ReportOrders(day(2026, 11, 17), day(2026, 11, 18))
		if err != nil {
			return err
		}
		for _, o := range orders {
			if report.IsSale(o.Status) {
				_, err := tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "out", Method: "transfer",
					Amount: decimal.RequireFromString("1234.56789"), Status: "confirmed", Actor: "test"})
				return err
			}
		}
		return fmt.Errorf("no sale on 17 Nov")
	}); err != nil {
		t.Fatal(err)
	}
	sameReport(t, db, "the day", report.Period{From: day(2026, 11, 17), To: day(2026, 11, 18), Kind: report.KindDay}, false)
	sameReport(t, db, "the month", report.Period{From: day(2026, 11, 1), To: day(2026, 12, 1), Kind: report.KindMonth}, false)
	sameReport(t, db, "another day", report.Period{From: day(2026, 11, 18), To: day(2026, 11, 19), Kind: report.KindDay}, true)
	// A period that is not whole WIB days is never answered by the summary.
	if err := db.View(ctx, func(tx *store.Tx) error {
		s, err := tx.DaySums(day(2026, 11, 18).Add(time.Hour), day(2026, 11, 19), false, report.SaleStatuses())
		if s.Exact {
			t.Error("a period from 01:00 WIB was answered by the summary")
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
