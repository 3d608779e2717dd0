package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// XLSXMIME is the media type of the export.
const XLSXMIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Sheet names and columns of the export. The columns are a data format
// (like the import's): stable snake_case names, statuses as their codes,
// times as WIB date-times, money as numbers with a Rupiah number format.
const (
	SheetOrders   = "Orders"
	SheetItems    = "Items"
	SheetPayments = "Payments"
)

// Columns of each sheet (read-only).
var (
	orderColumns = []string{"code", "created_wib", "status", "sale", "channel", "payment_method", "recipient",
		"city", "province", "courier", "service", "subtotal", "shipping", "cod_fee", "kode_unik", "total",
		"modal", "refunds", "profit"}
	itemColumns = []string{"order_code", "created_wib", "order_status", "sku", "product", "variant",
		"supplier", "qty", "unit_price", "unit_cost", "line_total", "line_cost", "item_status"}
	paymentColumns = []string{"order_code", "created_wib", "direction", "method", "amount", "status",
		"decided_wib", "actor"}
)

// Number formats. [$Rp-421] is the Rupiah symbol of the Indonesian locale;
// the separators follow the reader's spreadsheet settings.
const (
	fmtRupiah      = `[$Rp-421]#,##0`
	fmtRupiahCents = `[$Rp-421]#,##0.00`
	fmtDateTime    = `yyyy-mm-dd hh:mm`
)

type xlsxStyles struct {
	head, date, money, cents int
}

// XLSX writes the orders created in the period (sales and others; the
// "sale" column tells which count in the report) with their items and
// payments. Times are written in loc (WIB). generated is recorded as the
// file's creation time, so the same books give the same bytes.
func XLSX(p Period, orders []store.ReportOrder, loc *time.Location, generated time.Time) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "dropbot", Created: generated.UTC().Format(time.RFC3339),
		Modified: generated.UTC().Format(time.RFC3339)}); err != nil {
		return nil, fmt.Errorf("xlsx props: %w", err)
	}
	if err := f.SetSheetName("Sheet1", SheetOrders); err != nil {
		return nil, err
	}
	for _, s := range []string{SheetItems, SheetPayments} {
		if _, err := f.NewSheet(s); err != nil {
			return nil, err
		}
	}
	var st xlsxStyles
	var err error
	if st.head, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return nil, err
	}
	if st.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: ptr(fmtDateTime)}); err != nil {
		return nil, err
	}
	if st.money, err = f.NewStyle(&excelize.Style{CustomNumFmt: ptr(fmtRupiah)}); err != nil {
		return nil, err
	}
	if st.cents, err = f.NewStyle(&excelize.Style{CustomNumFmt: ptr(fmtRupiahCents)}); err != nil {
		return nil, err
	}
	var in []store.ReportOrder
	for _, o := range orders {
		if p.Contains(o.CreatedAt) {
			in = append(in, o)
		}
	}
	for _, w := range []func(*excelize.File, []store.ReportOrder, *time.Location, xlsxStyles) error{
		writeOrders, writeItems, writePayments,
	} {
		if err := w(f, in, loc, st); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("xlsx write: %w", err)
	}
	return canonicalZip(buf.Bytes())
}

// canonicalZip rewrites a zip with its entries in a fixed order (package
// parts first, then by name), copying the compressed data as it is.
// excelize writes streamed sheets in map order, so without this the same
// books would give files that differ byte for byte (and get another media
// hash each time).
func canonicalZip(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("xlsx reread: %w", err)
	}
	files := slices.Clone(zr.File)
	rank := func(name string) int {
		switch name {
		case "[Content_Types].xml":
			return 0
		case "_rels/.rels":
			return 1
		}
		return 2
	}
	sort.SliceStable(files, func(i, j int) bool {
		if ri, rj := rank(files[i].Name), rank(files[j].Name); ri != rj {
			return ri < rj
		}
		return files[i].Name < files[j].Name
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range files {
		raw, err := f.OpenRaw()
		if err != nil {
			return nil, fmt.Errorf("xlsx reread %s: %w", f.Name, err)
		}
		h := f.FileHeader
		w, err := zw.CreateRaw(&h)
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(w, raw); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func ptr[T any](v T) *T { return &v }

// money is a numeric cell holding exactly the decimal: an integer when it is
// whole, otherwise a float64 whose shortest text is the decimal's own text
// (true for every amount of up to 15 digits; the file stores that text).
// Anything else is written as text rather than rounded.
func (st xlsxStyles) moneyCell(d decimal.Decimal) excelize.Cell {
	if d.IsInteger() && d.Abs().LessThan(decimal.New(1, 15)) {
		return excelize.Cell{StyleID: st.money, Value: d.IntPart()}
	}
	f := d.InexactFloat64()
	if strconv.FormatFloat(f, 'f', -1, 64) == d.String() {
		return excelize.Cell{StyleID: st.cents, Value: f}
	}
	return excelize.Cell{StyleID: st.cents, Value: d.String()}
}

func (st xlsxStyles) dateCell(t time.Time, loc *time.Location) any {
	if t.IsZero() {
		return nil
	}
	return excelize.Cell{StyleID: st.date, Value: t.In(loc)}
}

// sheet streams rows into one sheet, after a bold header.
func sheet(f *excelize.File, name string, cols []string, widths []float64, st xlsxStyles, rows func(add func([]any) error) error) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: st.head, Value: c}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	n := 1
	err = rows(func(values []any) error {
		n++
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, values)
	})
	if err != nil {
		return err
	}
	return sw.Flush()
}

func writeOrders(f *excelize.File, orders []store.ReportOrder, loc *time.Location, st xlsxStyles) error {
	widths := []float64{9, 17, 20, 6, 10, 10, 22, 18, 18, 9, 8, 14, 12, 10, 10, 14, 14, 12, 14}
	return sheet(f, SheetOrders, orderColumns, widths, st, func(add func([]any) error) error {
		for _, o := range orders {
			sale := IsSale(o.Status)
			fig := OrderFigures(o)
			row := []any{o.Code, st.dateCell(o.CreatedAt, loc), o.Status, yesNo(sale), o.Channel, o.PaymentMethod,
				o.RecipientName, o.City, o.Province, o.Courier, o.Service,
				st.moneyCell(o.Subtotal), st.moneyCell(o.Shipping), st.moneyCell(o.CODFee),
				st.moneyCell(decimal.NewFromInt(int64(o.UniqueCode))), st.moneyCell(o.Total),
				st.moneyCell(fig.Modal), st.moneyCell(fig.Refunds), nil}
			if sale {
				row[len(row)-1] = st.moneyCell(fig.Profit())
			}
			if err := add(row); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeItems(f *excelize.File, orders []store.ReportOrder, loc *time.Location, st xlsxStyles) error {
	widths := []float64{9, 17, 20, 10, 28, 12, 10, 5, 12, 12, 14, 14, 10}
	return sheet(f, SheetItems, itemColumns, widths, st, func(add func([]any) error) error {
		for _, o := range orders {
			for _, it := range o.Items {
				qty := decimal.NewFromInt(int64(it.Qty))
				if err := add([]any{o.Code, st.dateCell(o.CreatedAt, loc), o.Status, it.SKU, it.ProductName, it.VariantName,
					it.SupplierCode, it.Qty, st.moneyCell(it.UnitPrice), st.moneyCell(it.UnitCost),
					st.moneyCell(it.UnitPrice.Mul(qty)), st.moneyCell(it.UnitCost.Mul(qty)), it.Status}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func writePayments(f *excelize.File, orders []store.ReportOrder, loc *time.Location, st xlsxStyles) error {
	widths := []float64{9, 17, 8, 10, 14, 10, 17, 20}
	return sheet(f, SheetPayments, paymentColumns, widths, st, func(add func([]any) error) error {
		for _, o := range orders {
			for _, p := range o.Payments {
				if err := add([]any{o.Code, st.dateCell(p.CreatedAt, loc), p.Direction, p.Method, st.moneyCell(p.Amount),
					p.Status, st.dateCell(p.DecidedAt, loc), p.Actor}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
