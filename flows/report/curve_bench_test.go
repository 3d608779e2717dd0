package report_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/dropbot/dropbot/store/storetest"
)

// curveSizes are the books BenchmarkCurve runs on; a million orders take
// minutes to build (once, then cached) and run only with DROPBOT_BIG=1.
func curveSizes() []int {
	sizes := []int{10_000, 100_000}
	if os.Getenv("DROPBOT_BIG") == "1" {
		sizes = append(sizes, 1_000_000)
	}
	return sizes
}

// BenchmarkCurve is the cost curve: the same questions asked of books of
// a year with 10,000, 100,000 (and 1,000,000) orders (storetest.Books), to
// see what grows with the books. On 31 Dec 2026 20:00 WIB:
//
//   - cek: a customer's last 10 orders (store.OrdersOfCustomer)
//   - search-name, search-phone: the owner's order search by a piece of a
//     recipient's name (5 letters) or phone (last 4 digits), first page
//   - order-by-code: an order with its lines
//   - recap: the daily recap's reads (open orders, the day's figures, the
//     30 days of the chart)
//   - report-month, report-year: /laporan 2026-11 and a year, from the
//     books' per-day summary; report-month-orders and report-year-orders
//     add up the same from the orders (the old path, and the fallback)
//   - export-month: /ekspor 2026-11 into a file
//   - size: the database file, reported as bytes per order
func BenchmarkCurve(b *testing.B) {
	ctx := context.Background()
	at := time.Date(2026, 12, 31, 20, 0, 0, 0, wib)
	month := report.Period{From: day(2026, 11, 1), To: day(2026, 12, 1), Kind: report.KindMonth}
	year := report.Period{From: day(2026, 1, 1), To: day(2027, 1, 1), Kind: report.KindRange}
	labels := report.Labels(locales.Default().For(locales.ID))
	for _, n := range curveSizes() {
		b.Run(fmt.Sprintf("orders=%d", n), func(b *testing.B) {
			path := storetest.Books(b, n)
			db, err := store.Open(ctx, path, store.WithClock(func() time.Time { return at }))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			view := func(b *testing.B, fn func(tx *store.Tx) error) {
				b.Helper()
				reportCPU(b, func() {
					if err := db.View(ctx, fn); err != nil {
						b.Fatal(err)
					}
				})
			}
			// A sample order from the middle of the year, with a name.
			var sample store.Order
			if err := db.View(ctx, func(tx *store.Tx) error {
				os, _, err := tx.SearchOrders(store.OrderQuery{Status: store.StatusDone, Offset: n / 3, Limit: 1})
				if err == nil && len(os) == 1 {
					sample = os[0]
				} else if err == nil {
					err = fmt.Errorf("no sample order")
				}
				return err
			}); err != nil {
				b.Fatal(err)
			}
			namePiece := strings.Fields(sample.RecipientName)[0]
			namePiece = strings.ToLower(namePiece[:min(5, len(namePiece))])
			phonePiece := sample.RecipientPhone[len(sample.RecipientPhone)-4:]

			b.Run("cek", func(b *testing.B) {
				view(b, func(tx *store.Tx) error {
					os, err := tx.OrdersOfCustomer(sample.CustomerID, 10)
					if err == nil && len(os) == 0 {
						err = fmt.Errorf("no orders")
					}
					return err
				})
			})
			for _, s := range []struct{ name, text string }{{"search-name", namePiece}, {"search-phone", phonePiece}} {
				b.Run(s.name, func(b *testing.B) {
					view(b, func(tx *store.Tx) error {
						os, _, err := tx.SearchOrders(store.OrderQuery{Text: s.text, Limit: 10})
						if err == nil && len(os) == 0 {
							err = fmt.Errorf("%q found nothing", s.text)
						}
						return err
					})
				})
			}
			b.Run("order-by-code", func(b *testing.B) {
				view(b, func(tx *store.Tx) error {
					_, err := tx.OrderByCode(sample.Code)
					return err
				})
			})
			b.Run("recap", func(b *testing.B) {
				view(b, func(tx *store.Tx) error {
					if _, err := tx.RecapOpenOrders(); err != nil {
						return err
					}
					if _, err := report.BuildFrom(tx, report.Day(at, wib)); err != nil {
						return err
					}
					_, err := report.DailyFrom(tx, report.LastDays(at, 30, wib))
					return err
				})
			})
			for _, r := range []struct {
				name  string
				p     report.Period
				build func(*store.Tx, report.Period) (report.Report, error)
			}{{"report-month", month, report.BuildFrom}, {"report-year", year, report.BuildFrom},
				// The same reports added up from the orders (before the per-day summary).
				{"report-month-orders", month, report.BuildFromOrders}, {"report-year-orders", year, report.BuildFromOrders}} {
				b.Run(r.name, func(b *testing.B) {
					view(b, func(tx *store.Tx) error {
						rep, err := r.build(tx, r.p)
						if err == nil && rep.Orders == 0 {
							err = fmt.Errorf("no sales")
						}
						return err
					})
				})
			}
			b.Run("export-month", func(b *testing.B) {
				dir := b.TempDir()
				var size int64
				view(b, func(tx *store.Tx) error {
					f, err := os.Create(filepath.Join(dir, "ekspor.xlsx"))
					if err != nil {
						return err
					}
					defer f.Close()
					if _, err := report.WriteXLSX(tx, f, month, wib, at, labels, dir); err != nil {
						return err
					}
					size, err = f.Seek(0, io.SeekCurrent)
					return err
				})
				b.ReportMetric(float64(size)/(1<<20), "MiB/file")
			})
			b.Run("size", func(b *testing.B) {
				st, err := os.Stat(path)
				if err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
				}
				b.ReportMetric(float64(st.Size())/float64(n), "db-bytes/order")
				b.ReportMetric(float64(st.Size())/(1<<20), "db-MiB")
			})
		})
	}
}
