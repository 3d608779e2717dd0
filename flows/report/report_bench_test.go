package report_test

import (
	"context"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// benchOrders is how many orders the benchmarks' month holds.
const benchOrders = 100_000

var bench struct {
	once sync.Once
	db   *store.DB
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.db != nil {
		bench.db.Close()
	}
	os.Exit(code)
}

// benchVersion names the cached books: change it when benchDB changes.
const benchVersion = "month-v1"

// benchDB opens, once per test binary, books with 100,000 orders placed
// through the store over November 2026 (one transaction per hour of the
// month): 1–3 lines each with fractional costs, 85 % sales with a
// confirmed payment (1 in 20 of them partly refunded), 10 % waiting, 5 %
// cancelled, on two channels. The books take a while to build, so they are
// kept in the temp directory (dropbot-bench/) and reused by later runs;
// the benchmarks only read them.
func benchDB(b *testing.B) *store.DB {
	b.Helper()
	bench.once.Do(func() {
		dir := filepath.Join(os.TempDir(), "dropbot-bench")
		path := filepath.Join(dir, fmt.Sprintf("report-%s-%d.db", benchVersion, benchOrders))
		if _, err := os.Stat(path); err != nil {
			if bench.err = os.MkdirAll(dir, 0o700); bench.err != nil {
				return
			}
			tmp, err := os.MkdirTemp(dir, "build-")
			if err != nil {
				bench.err = err
				return
			}
			defer os.RemoveAll(tmp)
			start := time.Now()
			built := filepath.Join(tmp, store.FileName)
			if bench.err = buildMonth(built); bench.err != nil {
				return
			}
			if bench.err = os.Rename(built, path); bench.err != nil {
				return
			}
			b.Logf("built %d orders in %v into %s", benchOrders, time.Since(start).Round(time.Millisecond), path)
		}
		bench.db, bench.err = store.Open(context.Background(), path, store.WithClock(func() time.Time { return day(2026, 12, 1) }))
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.db
}

func buildMonth(path string) error {
	var mu sync.Mutex
	now := day(2026, 11, 1)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	db, err := store.Open(context.Background(), path, store.WithClock(clock),
		store.WithRand(mathrand.NewChaCha8([32]byte{'b', 'e', 'n', 'c', 'h'})))
	if err != nil {
		return err
	}
	defer db.Close()
	rng := mathrand.New(mathrand.NewPCG(1, 2))
	ctx := context.Background()
	var sups [3]int64
	var cust int64
	err = db.Update(ctx, func(tx *store.Tx) error {
		for i := range sups {
			id, err := tx.AddSupplier(store.Supplier{Code: fmt.Sprintf("S%d", i), Name: fmt.Sprintf("Supplier %d", i)})
			if err != nil {
				return err
			}
			sups[i] = id
		}
		w, err := tx.Resolve("telegram", "bench", false, "bench", "Bench")
		cust = w.CustomerID
		return err
	})
	if err != nil {
		return err
	}
	hours := 30 * 24
	made := 0
	for h := 0; h < hours; h++ {
		mu.Lock()
		now = day(2026, 11, 1).Add(time.Duration(h)*time.Hour + 17*time.Minute)
		mu.Unlock()
		n := (benchOrders - made) / (hours - h)
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := 0; i < n; i++ {
				if err := benchOrder(tx, rng, cust, sups); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		made += n
	}
	return db.Close()
}

func benchOrder(tx *store.Tx, rng *mathrand.Rand, cust int64, sups [3]int64) error {
	status, channel := store.StatusDone, "telegram"
	switch r := rng.IntN(100); {
	case r < 10:
		status = store.StatusAwaitPay
	case r < 15:
		status = store.StatusCancelled
	case r < 40:
		status = store.StatusShipped
	}
	if rng.IntN(3) == 0 {
		channel = "whatsapp"
	}
	o := store.Order{CustomerID: cust, Channel: channel, ChatID: "bench", Status: status, PaymentMethod: "transfer",
		Shipping: decimal.NewFromInt(int64(9000 + 1000*rng.IntN(15))), UniqueCode: 1 + rng.IntN(999)}
	for k := 0; k < 1+rng.IntN(3); k++ {
		p := rng.IntN(40)
		o.Items = append(o.Items, store.OrderItem{SupplierID: sups[p%3], SKU: fmt.Sprintf("SKU-%02d", p), ProductName: fmt.Sprintf("Produk %d", p),
			VariantName: "All size", Qty: 1 + rng.IntN(3), UnitPrice: decimal.NewFromInt(int64(25000 + 5000*p)),
			UnitCost: decimal.New(int64(2000000+400000*p+33), -2)}) // e.g. 20000.33
	}
	if status == store.StatusAwaitPay {
		o.UniqueCode = 0 // a kode unik is unique among open orders, and 10,000 wait
	}
	sub, _ := store.SumItems(o.Items)
	o.Total = sub.Add(o.Shipping).Add(decimal.NewFromInt(int64(o.UniqueCode)))
	if err := tx.CreateOrder(&o); err != nil {
		return err
	}
	if !report.IsSale(status) {
		return nil
	}
	if _, err := tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "in", Method: "transfer", Amount: o.Total, Status: "confirmed", Actor: "bench"}); err != nil {
		return err
	}
	if rng.IntN(20) == 0 {
		_, err := tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "out", Method: "transfer", Amount: decimal.NewFromInt(10000), Status: "confirmed", Actor: "bench"})
		return err
	}
	return nil
}

var november = report.Period{From: day(2026, 11, 1), To: day(2026, 12, 1), Kind: report.KindMonth}

// BenchmarkMonthlyReport is /laporan 2026-11 over 100,000 orders as the
// books answer it now: report.BuildFrom sums the grouped rows.
func BenchmarkMonthlyReport(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	var r report.Report
	reportCPU(b, func() {
		err := db.View(ctx, func(tx *store.Tx) (err error) {
			r, err = report.BuildFrom(tx, november)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	})
	if r.Created != benchOrders {
		b.Fatalf("report saw %d orders, want %d", r.Created, benchOrders)
	}
}

// BenchmarkMonthlyReportFromOrders is the same report added up from the
// orders (store.ReportSums): the path before the per-day summary, and its
// fallback.
func BenchmarkMonthlyReportFromOrders(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	var r report.Report
	reportCPU(b, func() {
		err := db.View(ctx, func(tx *store.Tx) (err error) {
			r, err = report.BuildFromOrders(tx, november)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	})
	if r.Created != benchOrders {
		b.Fatalf("report saw %d orders, want %d", r.Created, benchOrders)
	}
}

// BenchmarkMonthlyReportInMemory is the same report the way it was made
// before BuildFrom: the store reads every order with its lines and
// payments, report.Build adds them up.
func BenchmarkMonthlyReportInMemory(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	var r report.Report
	reportCPU(b, func() {
		err := db.View(ctx, func(tx *store.Tx) error {
			orders, err := tx.ReportOrders(november.From, november.To)
			if err != nil {
				return err
			}
			r = report.Build(november, orders)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	})
	if r.Created != benchOrders {
		b.Fatalf("report saw %d orders, want %d", r.Created, benchOrders)
	}
}

// BenchmarkMonthlyBuild is report.Build alone over the same orders.
func BenchmarkMonthlyBuild(b *testing.B) {
	db := benchDB(b)
	var orders []store.ReportOrder
	if err := db.View(context.Background(), func(tx *store.Tx) (err error) {
		orders, err = tx.ReportOrders(november.From, november.To)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		report.Build(november, orders)
	}
}

// BenchmarkExport is /ekspor 2026-11 over 100,000 orders as the books
// answer it now: report.WriteXLSX streams the rows into a file (in
// Indonesian); the size of the file is reported. Run it alone under
// /usr/bin/time -v for the process's max RSS (README, Performance).
func BenchmarkExport(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	dir := b.TempDir()
	labels := report.Labels(locales.Default().For(locales.ID))
	var size int64
	reportCPU(b, func() {
		err := db.View(ctx, func(tx *store.Tx) error {
			f, err := os.Create(filepath.Join(dir, "ekspor.xlsx"))
			if err != nil {
				return err
			}
			defer f.Close()
			if _, err := report.WriteXLSX(tx, f, november, wib, day(2026, 12, 1), labels, dir); err != nil {
				return err
			}
			size, err = f.Seek(0, io.SeekCurrent)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(size)/(1<<20), "MiB/file")
}

// BenchmarkExportInMemory is the same export the way it was made before
// WriteXLSX: every order read into memory, the file built in memory.
func BenchmarkExportInMemory(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	size := 0
	reportCPU(b, func() {
		err := db.View(ctx, func(tx *store.Tx) error {
			orders, err := tx.ReportOrders(november.From, november.To)
			if err != nil {
				return err
			}
			x, err := report.XLSX(november, orders, wib, day(2026, 12, 1))
			size = len(x)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(size)/(1<<20), "MiB/file")
}
