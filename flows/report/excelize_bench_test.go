package report_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// BenchmarkExportExcelize writes the cells of BenchmarkExport (same
// walk, same rows and columns, money as a number when whole and as text
// otherwise, dates as times) through excelize's StreamWriter, one SetRow
// per row, to compare with the hand-written writer in the same run
// (README, Performance).
func BenchmarkExportExcelize(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	dir := b.TempDir()
	money := func(d decimal.Decimal) any {
		if d.IsInteger() {
			return d.IntPart()
		}
		return d.String()
	}
	reportCPU(b, func() {
		err := db.View(ctx, func(tx *store.Tx) error {
			f := excelize.NewFile()
			defer f.Close()
			var sw [3]*excelize.StreamWriter
			for i, name := range []string{"Pesanan", "Barang", "Pembayaran"} {
				if i == 0 {
					if err := f.SetSheetName("Sheet1", name); err != nil {
						return err
					}
				} else if _, err := f.NewSheet(name); err != nil {
					return err
				}
				var err error
				if sw[i], err = f.NewStreamWriter(name); err != nil {
					return err
				}
			}
			rows := [3]int{}
			add := func(i int, cells []any) error {
				rows[i]++
				cell, err := excelize.CoordinatesToCellName(1, rows[i])
				if err != nil {
					return err
				}
				return sw[i].SetRow(cell, cells)
			}
			err := tx.EachReportOrder(november.From, november.To, func(o *store.ReportOrder) error {
				fig := report.OrderFigures(*o)
				at := o.CreatedAt.In(wib)
				if err := add(0, []any{o.Code, at, o.Status, report.IsSale(o.Status), o.Channel, o.PaymentMethod,
					o.RecipientName, o.City, o.Province, o.Courier, o.Service, money(o.Subtotal), money(o.Shipping),
					money(o.CODFee), o.UniqueCode, money(o.Total), money(fig.Modal), money(fig.Refunds), money(fig.Profit())}); err != nil {
					return err
				}
				for _, it := range o.Items {
					qty := decimal.NewFromInt(int64(it.Qty))
					if err := add(1, []any{o.Code, at, o.Status, it.SKU, it.ProductName, it.VariantName, it.SupplierCode,
						it.Qty, money(it.UnitPrice), money(it.UnitCost), money(it.UnitPrice.Mul(qty)),
						money(it.UnitCost.Mul(qty)), it.Status}); err != nil {
						return err
					}
				}
				for _, p := range o.Payments {
					if err := add(2, []any{o.Code, p.CreatedAt.In(wib), p.Direction, p.Method, money(p.Amount), p.Status,
						p.DecidedAt.In(wib), p.Actor}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			for _, s := range sw {
				if err := s.Flush(); err != nil {
					return err
				}
			}
			return f.SaveAs(filepath.Join(dir, "ekspor.xlsx"))
		})
		if err != nil {
			b.Fatal(err)
		}
	})
	if st, err := os.Stat(filepath.Join(dir, "ekspor.xlsx")); err == nil {
		b.ReportMetric(float64(st.Size())/(1<<20), "MiB/file")
	}
}
