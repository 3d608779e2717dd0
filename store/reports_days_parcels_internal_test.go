package store

import (
	"context"
	"database/sql"
	"fmt"
	mathrand "math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// parcelText is a ParcelSums result as text, one line per group, in the
// result's order; ongkir is compared by value, not by its exponent.
func parcelText(sums []ParcelSum) string {
	var b strings.Builder
	for _, s := range sums {
		fmt.Fprintf(&b, "%d %q %q %q %q %d %s\n", s.SupplierID, s.SupplierCode, s.SupplierName, s.Courier, s.Service,
			s.Parcels, s.Ongkir.String())
	}
	return b.String()
}

// parcelBooks are 90 orders over six WIB days from 16 Nov 2026, every
// status, each with zero to three parcels of random suppliers, couriers
// and ongkir, some pooled.
type parcelBooks struct {
	db    *DB
	rng   *mathrand.Rand
	ids   []int64
	sups  []int64
	start time.Time // 00:00 WIB of the first day
}

var parcelStatuses = []string{StatusCart, StatusAwaitPay, StatusProcessing, StatusDone, StatusCancelled, StatusRefund, StatusShipped}

func (b *parcelBooks) parcels() []OrderParcel {
	var ps []OrderParcel
	pooled := b.rng.IntN(4) == 0
	for i, sup := range append([]int64{0}, b.sups...) {
		if b.rng.IntN(2) == 0 {
			continue
		}
		ongkir := decimal.New(int64(b.rng.IntN(60))*1000+int64(b.rng.IntN(3))*500, 0)
		if pooled && len(ps) > 0 {
			ongkir = decimal.Zero
		}
		ps = append(ps, OrderParcel{SupplierID: sup, Courier: []string{"JNE", "J&T", "SiCepat"}[b.rng.IntN(3)],
			Service: []string{"REG", "YES", ""}[b.rng.IntN(3)], Ongkir: ongkir, Pooled: pooled, Origin: fmt.Sprint(i)})
	}
	return ps
}

func newParcelBooks(t *testing.T, seed uint64) *parcelBooks {
	t.Helper()
	b := &parcelBooks{db: openBooks(t), rng: mathrand.New(mathrand.NewPCG(seed, 19)),
		start: time.Date(2026, 11, 16, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600))}
	err := b.db.Update(context.Background(), func(tx *Tx) error {
		w, err := tx.Resolve("telegram", "p", false, "p", "P")
		if err != nil {
			return err
		}
		for i := range 2 {
			sup, err := tx.AddSupplier(Supplier{Code: fmt.Sprintf("S%d", i+1), Name: fmt.Sprintf("Pemasok %d", i+1)})
			if err != nil {
				return err
			}
			b.sups = append(b.sups, sup)
		}
		for i := range 90 {
			o := Order{CustomerID: w.CustomerID, Channel: "telegram", ChatID: "p", Status: parcelStatuses[i%len(parcelStatuses)],
				Shipping: decimal.NewFromInt(9000), Items: []OrderItem{{SKU: "K1", ProductName: "Kaos", Qty: 1, VariantName: "M",
					UnitPrice: decimal.NewFromInt(50000), UnitCost: decimal.NewFromInt(31000)}}}
			if err := tx.CreateOrder(&o); err != nil {
				return err
			}
			at := b.start.Add(time.Duration(b.rng.IntN(6*24*60)) * time.Minute)
			if _, err := tx.exec(`UPDATE orders SET created_at = ? WHERE id = ?`, ms(at), o.ID); err != nil {
				return err
			}
			if err := tx.SaveParcels(o.ID, b.parcels()); err != nil {
				return err
			}
			b.ids = append(b.ids, o.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *parcelBooks) pick() int64 { return b.ids[b.rng.IntN(len(b.ids))] }

// edits change the orders and their parcels in every way the books allow,
// through the store and through plain SQL.
func (b *parcelBooks) edits() []func(tx *Tx) error {
	hour := int64(time.Hour / time.Millisecond)
	return []func(tx *Tx) error{
		func(tx *Tx) error { // the customer confirms again: the parcels are rewritten
			return tx.SaveParcels(b.pick(), b.parcels())
		},
		func(tx *Tx) error {
			_, err := tx.exec(`UPDATE orders SET status = ? WHERE id = ?`, parcelStatuses[b.rng.IntN(len(parcelStatuses))], b.pick())
			return err
		},
		func(tx *Tx) error { // moved across a WIB midnight, or not
			_, err := tx.exec(`UPDATE orders SET created_at = created_at + ? WHERE id = ?`, int64(b.rng.IntN(49)-24)*hour, b.pick())
			return err
		},
		func(tx *Tx) error { // one column of a parcel
			col, val := []string{"ongkir", "courier", "service", "supplier_id", "pooled", "seq", "origin", "created_at"}[b.rng.IntN(8)], any(nil)
			switch col {
			case "ongkir":
				val = decimal.New(int64(b.rng.IntN(90000)), -int32(b.rng.IntN(4))).String()
			case "courier":
				val = []string{"JNE", "POS"}[b.rng.IntN(2)]
			case "service":
				val = []string{"REG", "OKE"}[b.rng.IntN(2)]
			case "supplier_id":
				val = append([]int64{0}, b.sups...)[b.rng.IntN(len(b.sups)+1)]
			case "pooled":
				val = b.rng.IntN(2)
			case "seq":
				val = 1 + b.rng.IntN(5)
			case "origin":
				val = "40115"
			case "created_at":
				val = ms(b.start) + int64(b.rng.IntN(200))*hour
			}
			_, err := tx.exec(`UPDATE order_parcels SET `+col+` = ? WHERE order_id = ? AND seq = (SELECT MIN(seq) FROM order_parcels WHERE order_id = ?2)`,
				val, b.pick())
			return err
		},
		func(tx *Tx) error { // a parcel moves to another order
			_, err := tx.exec(`UPDATE order_parcels SET order_id = ?, seq = 7 + ? WHERE order_id = ? AND seq = (SELECT MIN(seq) FROM order_parcels WHERE order_id = ?3)`,
				b.pick(), b.rng.IntN(50), b.pick())
			return err
		},
		func(tx *Tx) error {
			_, err := tx.exec(`DELETE FROM order_parcels WHERE order_id = ? AND seq = (SELECT MAX(seq) FROM order_parcels WHERE order_id = ?1)`, b.pick())
			return err
		},
		func(tx *Tx) error { // an order goes, its parcels with it
			if len(b.ids) < 40 {
				return nil
			}
			id := b.pick()
			if _, err := tx.exec(`DELETE FROM orders WHERE id = ?`, id); err != nil {
				return err
			}
			b.ids = slices.DeleteFunc(b.ids, func(x int64) bool { return x == id })
			return nil
		},
	}
}

// compare checks ParcelSums from the summary against the walk of the
// orders for periods of one day, several days and all days, and the sales
// or other statuses. Every ongkir is exact, so the summary must answer.
func (b *parcelBooks) compare(t *testing.T, label string) {
	t.Helper()
	err := b.db.View(context.Background(), func(tx *Tx) error {
		for _, p := range [][2]int{{0, 6}, {1, 2}, {3, 4}, {-2, 9}, {2, 5}, {4, 4}} {
			from, to := b.start.AddDate(0, 0, p[0]), b.start.AddDate(0, 0, p[1])
			for _, st := range [][]string{{StatusProcessing, StatusShipped, StatusDone}, {StatusRefund}, {StatusAwaitPay, StatusCart, StatusCancelled}} {
				got, ok, err := tx.dayParcelSums(from, to, st)
				if err != nil {
					return err
				}
				if !ok {
					t.Fatalf("%s: days %v %v: the summary did not answer", label, p, st)
				}
				want, err := tx.walkParcelSums(from, to, st)
				if err != nil {
					return err
				}
				sortParcelSums(got)
				sortParcelSums(want)
				if g, w := parcelText(got), parcelText(want); g != w {
					t.Fatalf("%s: days %v %v: summary\n%s\nwalk\n%s", label, p, st, g, w)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestParcelSumsNeverDrift: whatever happens to the orders and their
// parcels (rewritten, edited column by column in plain SQL, moved to
// another order, deleted, their order's status or day changed, carts
// checked out, orders deleted), /laporan's parcels from the per-day
// summary are the walk of the orders' parcels, and the summary is the one
// rebuilt from scratch.
func TestParcelSumsNeverDrift(t *testing.T) {
	ctx := context.Background()
	for _, seed := range []uint64{1, 2} {
		b := newParcelBooks(t, seed)
		b.compare(t, fmt.Sprintf("seed %d, fresh", seed))
		edits := b.edits()
		changed := make([]int, len(edits)) // how often each kind of edit changed rows
		for round := range 4 {
			for i := range 100 {
				k := b.rng.IntN(len(edits))
				// A parcel moved onto a seq its order holds is refused by the key.
				err := b.db.Update(ctx, func(tx *Tx) error {
					var before, after int64
					if err := tx.row(`SELECT total_changes()`).Scan(&before); err != nil {
						return err
					}
					if err := edits[k](tx); err != nil {
						return err
					}
					err := tx.row(`SELECT total_changes()`).Scan(&after)
					if after > before {
						changed[k]++
					}
					return err
				})
				if err != nil && !strings.Contains(err.Error(), "UNIQUE constraint failed") {
					t.Fatalf("seed %d edit %d: %v", seed, i, err)
				}
			}
			b.compare(t, fmt.Sprintf("seed %d round %d", seed, round))
		}
		for i, n := range changed {
			if n < 5 {
				t.Fatalf("seed %d: edit %d changed rows only %d times", seed, i, n)
			}
		}
		err := b.db.Update(ctx, func(tx *Tx) error {
			var n int
			if err := tx.row(`SELECT count(*) FROM report_day_parcels WHERE parcels <> 0`).Scan(&n); err != nil || n == 0 {
				t.Fatalf("no parcels in the summary (%v)", err)
			}
			return sameAsRebuilt(t, tx, fmt.Sprintf("seed %d: ", seed))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestParcelSumsFallsBack: a period that is not whole WIB days, or one
// with an ongkir finer than the summary's unit, is walked, still exactly;
// the other days keep the summary.
func TestParcelSumsFallsBack(t *testing.T) {
	b := newParcelBooks(t, 7)
	ctx := context.Background()
	sales := []string{StatusProcessing, StatusShipped, StatusDone}
	var fine int64
	err := b.db.Update(ctx, func(tx *Tx) error {
		return tx.row(`SELECT p.order_id FROM order_parcels p JOIN orders o ON o.id = p.order_id
			WHERE o.status = ? AND p.pooled = 0 AND o.created_at >= ? AND o.created_at < ? LIMIT 1`,
			StatusDone, ms(b.start), ms(b.start.AddDate(0, 0, 1))).Scan(&fine)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = b.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE order_parcels SET ongkir = '1234.56789' WHERE order_id = ? AND pooled = 0`, fine)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = b.db.View(ctx, func(tx *Tx) error {
		for _, c := range []struct {
			name     string
			from, to time.Time
			summary  bool
		}{
			{"the day", b.start, b.start.AddDate(0, 0, 1), false},
			{"all days", b.start, b.start.AddDate(0, 0, 6), false},
			{"another day", b.start.AddDate(0, 0, 1), b.start.AddDate(0, 0, 2), true},
			{"from 01:00 WIB", b.start.AddDate(0, 0, 1).Add(time.Hour), b.start.AddDate(0, 0, 3), false},
			{"to noon", b.start.AddDate(0, 0, 1), b.start.AddDate(0, 0, 3).Add(12 * time.Hour), false},
			{"backwards", b.start.AddDate(0, 0, 3), b.start.AddDate(0, 0, 1), false},
		} {
			_, ok, err := tx.dayParcelSums(c.from, c.to, sales)
			if err != nil {
				return err
			}
			if ok != c.summary {
				t.Errorf("%s: answered by the summary = %v, want %v", c.name, ok, c.summary)
			}
			got, err := tx.ParcelSums(c.from, c.to, sales)
			if err != nil {
				return err
			}
			want, err := tx.walkParcelSums(c.from, c.to, sales)
			if err != nil {
				return err
			}
			sortParcelSums(want)
			if g, w := parcelText(got), parcelText(want); g != w {
				t.Errorf("%s:\n%s\nwant\n%s", c.name, g, w)
			}
			if c.name == "the day" && !strings.Contains(parcelText(got), "1234.56789") {
				t.Errorf("the fine ongkir is not in the day's sums:\n%s", parcelText(got))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestParcelSummaryBackfill: books kept before migration 0056 get their
// parcels summed when it runs, the same as if the triggers had always
// kept them.
func TestParcelSummaryBackfill(t *testing.T) {
	ctx := context.Background()
	b := newParcelBooks(t, 9)
	var kept string
	if err := b.db.View(ctx, func(tx *Tx) error { kept = summary(t, tx); return nil }); err != nil {
		t.Fatal(err)
	}
	path := b.db.path
	if err := b.db.Close(); err != nil {
		t.Fatal(err)
	}
	// Undo 0056 by hand: the books as 0055 left them.
	src, err := migrationFiles.ReadFile("migrations/0050_report_days.sql")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	start := strings.Index(text, "CREATE TRIGGER report_touch INSTEAD OF")
	end := start + strings.Index(text[start:], "\nEND;") + len("\nEND;")
	raw, err := sql.Open("sqlite", DSN(path, false))
	if err != nil {
		t.Fatal(err)
	}
	undo := `DROP TABLE report_day_parcels; DROP VIEW report_parcel_touch; DROP TRIGGER report_touch;
		DROP TRIGGER report_parcels_before_insert; DROP TRIGGER report_parcels_after_insert;
		DROP TRIGGER report_parcels_before_update; DROP TRIGGER report_parcels_after_update;
		DROP TRIGGER report_parcels_before_delete; DROP TRIGGER report_parcels_after_delete;
		CREATE INDEX order_parcels_report ON order_parcels (created_at, order_id, supplier_id, courier, service, ongkir, pooled);
		DELETE FROM schema_migrations WHERE version = 56;` + text[start:end]
	if _, err := raw.ExecContext(ctx, undo); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(ctx, func(tx *Tx) error {
		if got := summary(t, tx); got != kept || !strings.Contains(got, "\nk2") {
			t.Errorf("backfilled summary:\n%s\nwant:\n%s", got, kept)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestParcelSumsHostileStatuses: statuses are bound, never spliced into
// the SQL; carts count for nothing however they are asked for, on both
// paths; unknown or repeated statuses are no error.
func TestParcelSumsHostileStatuses(t *testing.T) {
	b := newParcelBooks(t, 11)
	err := b.db.View(context.Background(), func(tx *Tx) error {
		for _, st := range [][]string{{StatusCart}, {"x') OR 1=1 --"}, {""}, {"selesai'"}, {StatusDone, StatusDone, StatusDone}} {
			for _, to := range []time.Time{b.start.AddDate(0, 0, 6), b.start.AddDate(0, 0, 6).Add(-time.Minute)} {
				got, err := tx.ParcelSums(b.start, to, st)
				if err != nil {
					t.Errorf("%q: %v", st, err)
					continue
				}
				if st[0] != StatusDone && len(got) != 0 {
					t.Errorf("%q until %v: %s", st, to, parcelText(got))
				}
				if st[0] == StatusDone && len(got) == 0 {
					t.Errorf("%q until %v: no parcels", st, to)
				}
			}
		}
		if _, err := tx.ParcelSums(b.start, b.start.AddDate(0, 0, 1), nil); ErrorCode(err) != EInvalid {
			t.Errorf("no statuses: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
