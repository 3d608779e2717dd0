package report

import (
	"sort"
	"strings"
	"time"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// saleStatuses are the statuses of an order that was paid (or, for COD,
// released): its money counts. See the package comment.
var saleStatuses = map[string]bool{
	store.StatusProcessing: true, store.StatusPacked: true, store.StatusShipped: true, store.StatusDone: true,
	store.StatusComplaint: true, store.StatusReturn: true, store.StatusExchange: true, store.StatusRefund: true,
}

// itemCancelled is the status of an order line that will not be shipped
// (store.SumItems skips the same lines).
const itemCancelled = "dibatalkan"

// IsSale reports whether an order in this status counts as a sale.
func IsSale(status string) bool { return saleStatuses[status] }

// Totals are the money of a set of sales.
type Totals struct {
	Orders   int // sales
	Units    int // pieces sold (lines not cancelled)
	Omzet    decimal.Decimal
	Modal    decimal.Decimal
	Ongkir   decimal.Decimal
	CODFee   decimal.Decimal
	KodeUnik decimal.Decimal
	Refunds  decimal.Decimal
}

// Profit is Omzet − Modal − Refunds.
func (t Totals) Profit() decimal.Decimal { return t.Omzet.Sub(t.Modal).Sub(t.Refunds) }

// Billed is everything the customers were charged: omzet, ongkir, COD fee
// and kode unik (the sum of the order totals).
func (t Totals) Billed() decimal.Decimal {
	return t.Omzet.Add(t.Ongkir).Add(t.CODFee).Add(t.KodeUnik)
}

// Margin is Profit ÷ Omzet in percent, rounded half away from zero to one
// decimal; ok is false when there is no omzet.
func (t Totals) Margin() (pct decimal.Decimal, ok bool) {
	if !t.Omzet.IsPositive() {
		return decimal.Zero, false
	}
	return t.Profit().Mul(decimal.NewFromInt(100)).DivRound(t.Omzet, 1), true
}

// Line is one row of a breakdown (a product variant, a supplier, a
// channel). For products and suppliers Omzet and Modal are the line
// totals of their items (qty × unit price, qty × unit cost) and Orders is
// the number of sales that hold them; refunds, ongkir and fees belong to
// whole orders and appear only in the channel breakdown and the totals.
type Line struct {
	Key  string // SKU + "/" + variant, supplier code ("" = own stock), or channel
	Name string // product and variant name, supplier name; "" for channels
	Totals
}

// Report is the owner's report of one period.
type Report struct {
	Period Period
	Totals
	Created    int // orders placed in the period (sales or not)
	Waiting    int // of those, still waiting for payment or its check
	Cancelled  int // of those, cancelled or expired
	ByProduct  []Line
	BySupplier []Line
	ByChannel  []Line
}

type lineAcc struct {
	Line
	lastOrder int64 // the last order counted in Orders
}

// count adds a line of order id; the lines of one order come together, so
// counting changes of id counts the distinct orders.
func (l *lineAcc) count(id int64, t Totals) {
	if l.lastOrder != id || l.Orders == 0 {
		l.Orders++
		l.lastOrder = id
	}
	t.Orders = 0
	l.Totals.add(t)
}

type lineKey struct{ a, b string }

type breakdown map[lineKey]*lineAcc

func (b breakdown) get(k lineKey, key, name func() string) *lineAcc {
	l, ok := b[k]
	if !ok {
		l = &lineAcc{Line: Line{Key: key(), Name: name()}}
		b[k] = l
	}
	return l
}

// lines sorts a breakdown: biggest omzet first, then by key.
func (b breakdown) lines() []Line {
	out := make([]Line, 0, len(b))
	for _, l := range b {
		out = append(out, l.Line)
	}
	sortLines(out)
	return out
}

// sortLines puts the biggest omzet first, then orders by key.
func sortLines(out []Line) {
	sort.Slice(out, func(i, j int) bool {
		if c := out[i].Omzet.Cmp(out[j].Omzet); c != 0 {
			return c > 0
		}
		return out[i].Key < out[j].Key
	})
}

// refunds is the confirmed outgoing money of an order.
func refunds(o store.ReportOrder) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range o.Payments {
		if p.Direction == "out" && p.Status == "confirmed" {
			sum = sum.Add(p.Amount)
		}
	}
	return sum
}

// OrderFigures are one sale's contribution to the totals.
func OrderFigures(o store.ReportOrder) Totals {
	t := Totals{Orders: 1, Omzet: o.Subtotal, Ongkir: o.Shipping, CODFee: o.CODFee,
		KodeUnik: decimal.NewFromInt(int64(o.UniqueCode)), Refunds: refunds(o)}
	for _, it := range o.Items {
		if it.Status == itemCancelled {
			continue
		}
		t.Units += it.Qty
		t.Modal = t.Modal.Add(it.UnitCost.Mul(decimal.NewFromInt(int64(it.Qty))))
	}
	return t
}

func (t *Totals) add(o Totals) {
	t.Orders += o.Orders
	t.Units += o.Units
	t.Omzet = t.Omzet.Add(o.Omzet)
	t.Modal = t.Modal.Add(o.Modal)
	t.Ongkir = t.Ongkir.Add(o.Ongkir)
	t.CODFee = t.CODFee.Add(o.CODFee)
	t.KodeUnik = t.KodeUnik.Add(o.KodeUnik)
	t.Refunds = t.Refunds.Add(o.Refunds)
}

// Build adds up the orders that were created in the period (others are
// ignored, so a caller may pass a wider list).
func Build(p Period, orders []store.ReportOrder) Report {
	r := Report{Period: p}
	products, suppliers, channels := breakdown{}, breakdown{}, breakdown{}
	for _, o := range orders {
		if !p.Contains(o.CreatedAt) {
			continue
		}
		r.count(o.Status, 1)
		if !IsSale(o.Status) {
			continue
		}
		f := OrderFigures(o)
		r.Totals.add(f)
		ch := o.Channel
		channels.get(lineKey{ch, ""}, func() string { return ch }, func() string { return "" }).count(o.ID, f)
		for _, it := range o.Items {
			if it.Status == itemCancelled {
				continue
			}
			qty := decimal.NewFromInt(int64(it.Qty))
			line := Totals{Units: it.Qty, Omzet: it.UnitPrice.Mul(qty), Modal: it.UnitCost.Mul(qty)}
			products.get(lineKey{it.SKU, it.VariantName},
				func() string { return it.SKU + "/" + it.VariantName },
				func() string { return strings.TrimSpace(it.ProductName + " " + it.VariantName) }).count(o.ID, line)
			suppliers.get(lineKey{it.SupplierCode, ""},
				func() string { return it.SupplierCode },
				func() string { return it.SupplierName }).count(o.ID, line)
		}
	}
	r.ByProduct, r.BySupplier, r.ByChannel = products.lines(), suppliers.lines(), channels.lines()
	return r
}

// DayFigures are one day of the recap chart.
type DayFigures struct {
	Date   time.Time // 00:00 of the day
	Orders int
	Omzet  decimal.Decimal
	Profit decimal.Decimal
}

// Daily splits the sales of the period into its days (in the period's
// location), one entry per day even when it sold nothing.
func Daily(p Period, orders []store.ReportOrder) []DayFigures {
	n := p.Days()
	days := make([]DayFigures, n)
	for i := range days {
		days[i] = DayFigures{Date: p.From.AddDate(0, 0, i), Omzet: decimal.Zero, Profit: decimal.Zero}
	}
	for _, o := range orders {
		if !p.Contains(o.CreatedAt) || !IsSale(o.Status) {
			continue
		}
		i := int(o.CreatedAt.Sub(p.From) / (24 * time.Hour))
		if i < 0 || i >= n {
			continue
		}
		f := OrderFigures(o)
		days[i].Orders++
		days[i].Omzet = days[i].Omzet.Add(f.Omzet)
		days[i].Profit = days[i].Profit.Add(f.Profit())
	}
	return days
}
