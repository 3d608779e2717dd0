package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// XLSXMIME is the media type of the export.
const XLSXMIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Sheet names and columns of the export as XLSX writes them (English;
// WriteXLSX takes them from the owner's locale). The columns are a data
// format (like the import's): stable snake_case names, statuses as their
// codes, times as WIB date-times, money as numbers with a Rupiah number
// format.
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

// Column widths of the three sheets.
var (
	orderWidths   = []float64{9, 17, 20, 6, 10, 10, 22, 18, 18, 9, 8, 14, 12, 10, 10, 14, 14, 12, 14}
	itemWidths    = []float64{9, 17, 20, 10, 28, 12, 10, 5, 12, 12, 14, 14, 10}
	paymentWidths = []float64{9, 17, 8, 10, 14, 10, 17, 20}
)

// XLSX writes the orders created in the period (sales and others; the
// "sale" column tells which count in the report) with their items and
// payments, with the English sheet names and columns above. Times are
// written in loc (WIB). generated is recorded as the file's creation time,
// so the same books give the same bytes. It holds the whole file in
// memory: WriteXLSX streams from the books instead.
func XLSX(p Period, orders []store.ReportOrder, loc *time.Location, generated time.Time) ([]byte, error) {
	each := func(fn func(*store.ReportOrder) error) error {
		for i := range orders {
			if !p.Contains(orders[i].CreatedAt) {
				continue
			}
			if err := fn(&orders[i]); err != nil {
				return err
			}
		}
		return nil
	}
	var buf bytes.Buffer
	if _, err := writeXLSX(&buf, each, loc, generated, englishLabels(), ""); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// englishLabels are the sheet names and columns XLSX has always written.
func englishLabels() ExportLabels {
	return ExportLabels{
		Sheets:  [3]string{SheetOrders, SheetItems, SheetPayments},
		Columns: [3][]string{orderColumns, itemColumns, paymentColumns},
		Yes:     "yes", No: "no",
	}
}

// writeXLSX writes the orders each yields as an XLSX into w (see
// xlsxwriter.go); the sheets wait in temp files in tmpDir ("" = the
// system's temp directory), which are removed.
func writeXLSX(w io.Writer, each func(func(*store.ReportOrder) error) error, loc *time.Location, generated time.Time,
	l ExportLabels, tmpDir string) (ExportCounts, error) {
	var n ExportCounts
	var sheets [3]*sheetWriter
	defer func() {
		for _, s := range sheets {
			if s != nil {
				s.close()
			}
		}
	}()
	for i, widths := range [3][]float64{orderWidths, itemWidths, paymentWidths} {
		var err error
		if sheets[i], err = newSheetWriter(tmpDir, l.Columns[i], widths, i == 0); err != nil {
			return n, fmt.Errorf("xlsx %s: %w", l.Sheets[i], err)
		}
	}
	n, err := writeRows(sheets, each, loc, l)
	if err != nil {
		return n, fmt.Errorf("xlsx rows: %w", err)
	}
	for _, s := range sheets {
		if err := s.finish(); err != nil {
			return n, fmt.Errorf("xlsx sheet: %w", err)
		}
	}
	if err := writePackage(w, sheets, l.Sheets, generated); err != nil {
		return n, fmt.Errorf("xlsx write: %w", err)
	}
	return n, nil
}

// rowBatch is a run of orders handed from the walk to the row writer.
const rowBatch = 256

// errWriterStopped stops the walk after the row writer failed.
var errWriterStopped = errors.New("row writer stopped")

// writeRows writes the rows of the orders each walks. The walk (SQLite
// and the parsing of its rows) and the writing of the XML run side by
// side: the walk copies its orders into batches (each reuses the *order
// it hands over) and a goroutine writes them, so the export takes about
// the longer of the two, not their sum, when a core is free.
func writeRows(sheets [3]*sheetWriter, each func(func(*store.ReportOrder) error) error, loc *time.Location,
	l ExportLabels) (ExportCounts, error) {
	var n ExportCounts
	var failed atomic.Bool
	var werr error
	batches, free := make(chan []store.ReportOrder, 2), make(chan []store.ReportOrder, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for b := range batches {
			for i := range b {
				if werr == nil {
					werr = writeOrder(sheets, &b[i], loc, l, &n)
					failed.Store(werr != nil)
				}
			}
			select {
			case free <- b[:0]:
			default:
			}
		}
	}()
	var cur []store.ReportOrder
	send := func() {
		if len(cur) > 0 {
			batches <- cur
			cur = nil
			select {
			case cur = <-free:
			default:
			}
		}
	}
	err := each(func(o *store.ReportOrder) error {
		if failed.Load() {
			return errWriterStopped
		}
		if len(cur) < cap(cur) {
			cur = cur[:len(cur)+1]
		} else {
			cur = append(cur, store.ReportOrder{})
		}
		dst := &cur[len(cur)-1]
		items, pays := dst.Items, dst.Payments
		*dst = *o
		dst.Items, dst.Payments = append(items[:0], o.Items...), append(pays[:0], o.Payments...)
		if len(cur) == rowBatch {
			send()
		}
		return nil
	})
	if err == nil {
		send()
	}
	close(batches)
	<-done
	if werr != nil {
		return n, werr
	}
	return n, err
}

// writeOrder writes an order's rows into the three sheets.
func writeOrder(sheets [3]*sheetWriter, o *store.ReportOrder, loc *time.Location, l ExportLabels, n *ExportCounts) error {
	n.Orders++
	if err := orderRow(sheets[0], o, loc, l); err != nil {
		return err
	}
	for i := range o.Items {
		n.Items++
		if err := itemRow(sheets[1], o, &o.Items[i], loc); err != nil {
			return err
		}
	}
	for i := range o.Payments {
		n.Payments++
		if err := paymentRow(sheets[2], o, &o.Payments[i], loc, l); err != nil {
			return err
		}
	}
	return nil
}

func orderRow(s *sheetWriter, o *store.ReportOrder, loc *time.Location, l ExportLabels) error {
	sale := IsSale(o.Status)
	fig := OrderFigures(*o)
	yes := l.No
	if sale {
		yes = l.Yes
	}
	s.startRow()
	s.str(o.Code, 0)
	s.date(o.CreatedAt, loc)
	for _, v := range []string{o.Status, yes, o.Channel, o.PaymentMethod, o.RecipientName, o.City, o.Province,
		o.Courier, o.Service} {
		s.str(v, 0)
	}
	for _, d := range []decimal.Decimal{o.Subtotal, o.Shipping, o.CODFee, decimal.NewFromInt(int64(o.UniqueCode)),
		o.Total, fig.Modal, fig.Refunds} {
		s.money(d)
	}
	if sale {
		s.money(fig.Profit())
	}
	return s.endRow()
}

func itemRow(s *sheetWriter, o *store.ReportOrder, it *store.ReportItem, loc *time.Location) error {
	qty := decimal.NewFromInt(int64(it.Qty))
	s.startRow()
	s.str(o.Code, 0)
	s.date(o.CreatedAt, loc)
	for _, v := range []string{o.Status, it.SKU, it.ProductName, it.VariantName, it.SupplierCode} {
		s.str(v, 0)
	}
	s.int(int64(it.Qty))
	for _, d := range []decimal.Decimal{it.UnitPrice, it.UnitCost, it.UnitPrice.Mul(qty), it.UnitCost.Mul(qty)} {
		s.money(d)
	}
	s.str(it.Status, 0)
	return s.endRow()
}

func paymentRow(s *sheetWriter, o *store.ReportOrder, p *store.ReportPayment, loc *time.Location, l ExportLabels) error {
	s.startRow()
	s.str(o.Code, 0)
	s.date(p.CreatedAt, loc)
	s.str(l.word(p.Direction), 0)
	s.str(p.Method, 0)
	s.money(p.Amount)
	s.str(l.word(p.Status), 0)
	s.date(p.DecidedAt, loc)
	s.str(p.Actor, 0)
	return s.endRow()
}
