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
