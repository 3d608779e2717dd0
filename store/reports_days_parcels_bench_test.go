package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
	"github.com/dropbot/dropbot/store/storetest"
	"github.com/shopspring/decimal"
)

// parcelBooksVersion names the cached books with parcels: change it when
// parcelBooks changes.
const parcelBooksVersion = "parcels-v1"

// parcelBenchBooks is a copy of storetest.Books(n) in which every order
// ships one parcel per supplier of its lines (the owner's own stock is
// supplier 0), with the order's courier, an ongkir of 9,000–33,000 and
// one order in ten priced by the table (pooled). Built once into the
// benchmark cache; the cached year books are never opened for writing.
func parcelBenchBooks(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "dropbot-bench")
	path := filepath.Join(dir, fmt.Sprintf("books-%s-%s-%d.db", storetest.Version, parcelBooksVersion, n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	src := storetest.Books(b, n)
	tmp, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	built := filepath.Join(tmp, store.FileName)
	if err := copyFile(src, built); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, built) // migrates the copy
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", store.DSN(built, true))
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	start := time.Now()
	_, err = raw.ExecContext(ctx, `INSERT INTO order_parcels (order_id, seq, supplier_id, courier, service, ongkir, pooled, created_at)
		SELECT o.id, ROW_NUMBER() OVER (PARTITION BY o.id ORDER BY s.sup), s.sup, o.courier, o.service,
			CAST(9000 + 1000 * ((o.id * 7 + s.sup) % 25) AS TEXT), o.id % 10 = 0, o.created_at
		FROM orders o JOIN (SELECT DISTINCT order_id, IFNULL(supplier_id, 0) AS sup FROM order_items) s ON s.order_id = o.id
		ORDER BY o.id`)
	if err != nil {
		b.Fatal(err)
	}
	// The index of the walk by the parcels' own date, for the "before".
	if _, err := raw.ExecContext(ctx, `CREATE INDEX order_parcels_report ON order_parcels (created_at, order_id, supplier_id, courier, service, ongkir, pooled)`); err != nil {
		b.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	raw.Close()
	if err := os.Rename(built, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("added parcels to %d orders in %v", n, time.Since(start).Round(time.Millisecond))
	return path
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// oldParcelSumsQuery is ParcelSums before the summary (migration 0056):
// every parcel of the period by its own date, through its index.
const oldParcelSumsQuery = `SELECT p.supplier_id, IFNULL(s.code, ''), IFNULL(s.name, ''), p.courier, p.service, p.ongkir
	FROM order_parcels p INDEXED BY order_parcels_report
	JOIN orders o ON o.id = p.order_id
	LEFT JOIN suppliers s ON s.id = p.supplier_id
	WHERE p.created_at >= ? AND p.created_at < ? AND p.pooled = 0 AND o.status IN (?, ?, ?, ?, ?, ?, ?, ?)`

// oldParcelSums adds up oldParcelSumsQuery in Go as the old ParcelSums
// did (without the final sort of a dozen groups).
func oldParcelSums(ctx context.Context, raw *sql.DB, from, to time.Time, sales []string) (map[string]*store.ParcelSum, error) {
	args := []any{from.UnixMilli(), to.UnixMilli()}
	for _, s := range sales {
		args = append(args, s)
	}
	rows, err := raw.QueryContext(ctx, oldParcelSumsQuery, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*store.ParcelSum{}
	cache := map[string]decimal.Decimal{}
	for rows.Next() {
		var r store.ParcelSum
		var ongkir string
		if err := rows.Scan(&r.SupplierID, &r.SupplierCode, &r.SupplierName, &r.Courier, &r.Service, &ongkir); err != nil {
			return nil, err
		}
		d, ok := cache[ongkir]
		if !ok {
			if d, err = decimal.NewFromString(ongkir); err != nil {
				return nil, err
			}
			cache[ongkir] = d
		}
		k := fmt.Sprint(r.SupplierID, r.Courier, r.Service)
		if out[k] == nil {
			r.Ongkir = decimal.Zero
			out[k] = &r
		}
		out[k].Parcels++
		out[k].Ongkir = out[k].Ongkir.Add(d)
	}
	return out, rows.Err()
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkParcelSums: /laporan's "Ongkir per paket" for November 2026
// over a year of 100,000 orders with their parcels: before (the walk of
// every parcel by its own date, the code before migration 0056), the
// walk of the month's orders (the fallback now) and the per-day summary.
// CPU time per op beside wall time: the machine is shared.
func BenchmarkParcelSums(b *testing.B) {
	ctx := context.Background()
	const n = 100_000
	path := parcelBenchBooks(b, n)
	work := filepath.Join(b.TempDir(), store.FileName)
	if err := copyFile(path, work); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, work)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	raw, err := sql.Open("sqlite", store.DSN(work, false))
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	wib := time.FixedZone("WIB", 7*3600)
	from, to := time.Date(2026, 11, 1, 0, 0, 0, 0, wib), time.Date(2026, 12, 1, 0, 0, 0, 0, wib)
	// report.SaleStatuses (store tests do not import flows).
	sales := []string{store.StatusProcessing, store.StatusPacked, store.StatusShipped, store.StatusDone,
		store.StatusComplaint, store.StatusReturn, store.StatusExchange, store.StatusRefund}

	// The three ways agree on the month (the books' parcels are dated
	// with their orders, so by the parcel's date is by the order's).
	var summary, walk []store.ParcelSum
	if err := db.View(ctx, func(tx *store.Tx) (err error) {
		if summary, err = tx.ParcelSums(from, to, sales); err != nil {
			return err
		}
		walk, err = tx.ParcelSums(from, to.Add(-time.Millisecond), sales)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	old, err := oldParcelSums(ctx, raw, from, to, sales)
	if err != nil {
		b.Fatal(err)
	}
	total := 0
	for i, s := range summary {
		o := old[fmt.Sprint(s.SupplierID, s.Courier, s.Service)]
		if o == nil || o.Parcels != s.Parcels || !o.Ongkir.Equal(s.Ongkir) || i >= len(walk) || walk[i].Parcels != s.Parcels ||
			!walk[i].Ongkir.Equal(s.Ongkir) {
			b.Fatalf("group %d differs: summary %+v, walk %+v, old %+v", i, s, walk[min(i, len(walk)-1)], o)
		}
		total += s.Parcels
	}
	if len(summary) != len(old) || len(summary) != len(walk) || total == 0 {
		b.Fatalf("%d groups in the summary, %d in the walk, %d before; %d parcels", len(summary), len(walk), len(old), total)
	}
	run := func(b *testing.B, fn func() error) {
		start := processCPU()
		ops := 0
		for b.Loop() {
			if err := fn(); err != nil {
				b.Fatal(err)
			}
			ops++
		}
		b.ReportMetric(float64(processCPU()-start)/float64(ops)/1e6, "cpu-ms/op")
		b.ReportMetric(float64(total), "parcels")
	}
	b.Run("before", func(b *testing.B) {
		run(b, func() error { _, err := oldParcelSums(ctx, raw, from, to, sales); return err })
	})
	b.Run("walk", func(b *testing.B) {
		run(b, func() error {
			return db.View(ctx, func(tx *store.Tx) error { _, err := tx.ParcelSums(from, to.Add(-time.Millisecond), sales); return err })
		})
	})
	b.Run("summary", func(b *testing.B) {
		run(b, func() error {
			return db.View(ctx, func(tx *store.Tx) error { _, err := tx.ParcelSums(from, to, sales); return err })
		})
	})
}

// BenchmarkSaveParcels is what the summary's triggers cost a write: an
// order of three lines from two suppliers confirms its two parcels again
// (SaveParcels in one transaction), on a file whose parcel triggers are
// kept and on one where they were dropped. The order's status moving
// (which now also takes its parcels away and adds them back) is the
// second pair.
func BenchmarkSaveParcels(b *testing.B) {
	ctx := context.Background()
	for _, triggers := range []bool{true, false} {
		path := filepath.Join(b.TempDir(), store.FileName)
		db, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		var order int64
		var sups []int64
		err = db.Update(ctx, func(tx *store.Tx) error {
			w, err := tx.Resolve("telegram", "b", false, "b", "B")
			if err != nil {
				return err
			}
			for i := range 2 {
				id, err := tx.AddSupplier(store.Supplier{Code: fmt.Sprintf("S%d", i), Name: "Grosir"})
				if err != nil {
					return err
				}
				sups = append(sups, id)
			}
			o := store.Order{CustomerID: w.CustomerID, Channel: "telegram", ChatID: "b", Status: store.StatusShipped,
				Shipping: decimal.NewFromInt(18000)}
			for i, sup := range []int64{sups[0], sups[1], sups[0]} {
				o.Items = append(o.Items, store.OrderItem{SKU: fmt.Sprint("K", i), ProductName: "Kaos", VariantName: "M", Qty: 1,
					SupplierID: sup, UnitPrice: decimal.NewFromInt(50000), UnitCost: decimal.NewFromInt(31000)})
			}
			err = tx.CreateOrder(&o)
			order = o.ID
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if !triggers {
			db.Close()
			raw, err := sql.Open("sqlite", store.DSN(path, false))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := raw.ExecContext(ctx, `DROP TRIGGER report_parcels_before_insert; DROP TRIGGER report_parcels_after_insert;
				DROP TRIGGER report_parcels_before_update; DROP TRIGGER report_parcels_after_update;
				DROP TRIGGER report_parcels_before_delete; DROP TRIGGER report_parcels_after_delete;
				DROP VIEW report_parcel_touch; CREATE VIEW report_parcel_touch (order_id, sign) AS SELECT NULL, NULL WHERE 0;
				CREATE TRIGGER report_parcel_touch INSTEAD OF INSERT ON report_parcel_touch BEGIN SELECT 1; END;`); err != nil {
				b.Fatal(err)
			}
			raw.Close()
			if db, err = store.Open(ctx, path); err != nil {
				b.Fatal(err)
			}
		}
		parcels := []store.OrderParcel{
			{SupplierID: sups[0], Courier: "JNE", Service: "REG", Ongkir: decimal.NewFromInt(18000)},
			{SupplierID: sups[1], Courier: "J&T", Service: "EZ", Ongkir: decimal.NewFromInt(21000)},
		}
		name := map[bool]string{true: "summary", false: "no-triggers"}[triggers]
		b.Run("parcels/"+name, func(b *testing.B) {
			for b.Loop() {
				if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SaveParcels(order, parcels) }); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("status/"+name, func(b *testing.B) {
			from, to := store.StatusShipped, store.StatusComplaint
			for b.Loop() {
				err := db.Update(ctx, func(tx *store.Tx) error { return tx.SetOrderStatus(order, from, to, "b", "bench") })
				from, to = to, from
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		db.Close()
	}
}
