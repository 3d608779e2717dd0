package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// Build and Daily add up orders the caller read into memory with
// store.ReportOrders: a value per order, line and payment on the heap,
// which at a big shop's scale (100,000 orders a month) is most of a
// second and hundreds of megabytes. BuildFrom and DailyFrom give the same
// figures from the books directly: the store hands back each distinct
// amount with how many times it occurs (store.ReportSums), and the sums
// are amount × count in decimal, exact as before.

// SaleStatuses are the statuses that count as a sale, sorted.
func SaleStatuses() []string {
	out := make([]string, 0, len(saleStatuses))
	for s := range saleStatuses {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// BuildFrom is Build over the orders the books hold for the period: from
// the books' per-day summary (store.DaySums, O(days)), or, when that cannot
// give the period exactly, from the orders (store.ReportSums, O(orders)).
func BuildFrom(tx *store.Tx, p Period) (Report, error) {
	days, err := tx.DaySums(p.From, p.To, false, SaleStatuses())
	if err != nil {
		return Report{Period: p}, fmt.Errorf("report %s: %w", p.From.Format(time.DateOnly), err)
	}
	if days.Exact {
		return fromDays(p, days), nil
	}
	return buildFromOrders(tx, p)
}

// buildFromOrders is BuildFrom over the orders themselves.
func buildFromOrders(tx *store.Tx, p Period) (Report, error) {
	sums, err := tx.ReportSums(p.From, p.To, 0, SaleStatuses())
	if err != nil {
		return Report{Period: p}, fmt.Errorf("report %s: %w", p.From.Format(time.DateOnly), err)
	}
	return fromSums(p, sums), nil
}

func times(d decimal.Decimal, n int64) decimal.Decimal {
	if n == 1 {
		return d
	}
	return d.Mul(decimal.NewFromInt(n))
}

// fromSums is Build over grouped rows (all of one bucket).
func fromSums(p Period, s store.ReportSums) Report {
	r := Report{Period: p}
	products, suppliers, channels := breakdown{}, breakdown{}, breakdown{}
	channel := func(ch string) *lineAcc {
		return channels.get(lineKey{ch, ""}, func() string { return ch }, func() string { return "" })
	}
	for _, g := range s.Orders {
		r.count(g.Status, g.Orders)
		if !IsSale(g.Status) {
			continue
		}
		f := Totals{Orders: g.Orders, KodeUnik: decimal.NewFromInt(g.UniqueCodes)}
		r.Totals.add(f)
		channel(g.Channel).Totals.add(f)
	}
	for _, col := range []struct {
		sums []store.SumAmount
		to   func(*Totals) *decimal.Decimal
	}{
		{s.Subtotals, func(t *Totals) *decimal.Decimal { return &t.Omzet }},
		{s.Shipping, func(t *Totals) *decimal.Decimal { return &t.Ongkir }},
		{s.CODFees, func(t *Totals) *decimal.Decimal { return &t.CODFee }},
		{s.Refunds, func(t *Totals) *decimal.Decimal { return &t.Refunds }},
	} {
		for _, g := range col.sums {
			sum := times(g.Amount, int64(g.Count))
			for _, t := range []*Totals{&r.Totals, &channel(g.Channel).Totals} {
				*col.to(t) = col.to(t).Add(sum)
			}
		}
	}
	firstLine := map[lineKey][3]int64{}
	for _, g := range s.Items {
		line := Totals{Units: int(g.Qty), Omzet: times(g.UnitPrice, g.Qty), Modal: times(g.UnitCost, g.Qty)}
		r.Totals.add(Totals{Units: line.Units, Modal: line.Modal})
		channel(g.Channel).Totals.add(Totals{Units: line.Units, Modal: line.Modal})

		pk := lineKey{g.SKU, g.VariantName}
		name := strings.TrimSpace(g.ProductName + " " + g.VariantName)
		prod := products.get(pk, func() string { return g.SKU + "/" + g.VariantName }, func() string { return name })
		at := [3]int64{g.FirstAt.UnixMilli(), g.FirstOrderID, g.FirstItemID}
		if first, ok := firstLine[pk]; !ok || slices.Compare(at[:], first[:]) < 0 {
			firstLine[pk] = at
			prod.Name = name
		}
		prod.Totals.add(line)
		prod.Orders += g.ProductOrders

		sup := suppliers.get(lineKey{g.SupplierCode, ""}, func() string { return g.SupplierCode }, func() string { return g.SupplierName })
		sup.Totals.add(line)
		sup.Orders += g.SupplierOrders
	}
	r.ByProduct, r.BySupplier, r.ByChannel = products.lines(), suppliers.lines(), channels.lines()
	return r
}

// DailyFrom is Daily over the orders the books hold for the period, from
// the per-day summary when it is exact for the period (see BuildFrom).
func DailyFrom(tx *store.Tx, p Period) ([]DayFigures, error) {
	sum, err := tx.DaySums(p.From, p.To, true, SaleStatuses())
	if err != nil {
		return nil, fmt.Errorf("daily %s: %w", p.From.Format(time.DateOnly), err)
	}
	if sum.Exact {
		days := emptyDays(p)
		for _, g := range sum.Orders {
			if !IsSale(g.Status) || g.Day < 0 || g.Day >= len(days) {
				continue
			}
			d := &days[g.Day]
			d.Orders += g.Orders
			d.Omzet = d.Omzet.Add(g.Subtotal)
			d.Profit = d.Profit.Add(g.Subtotal).Sub(g.Modal).Sub(g.Refunds)
		}
		return days, nil
	}
	return dailyFromOrders(tx, p)
}

func emptyDays(p Period) []DayFigures {
	days := make([]DayFigures, p.Days())
	for i := range days {
		days[i] = DayFigures{Date: p.From.AddDate(0, 0, i), Omzet: decimal.Zero, Profit: decimal.Zero}
	}
	return days
}

// dailyFromOrders is DailyFrom over the orders themselves.
func dailyFromOrders(tx *store.Tx, p Period) ([]DayFigures, error) {
	sums, err := tx.ReportSums(p.From, p.To, 24*time.Hour, SaleStatuses())
	if err != nil {
		return nil, fmt.Errorf("daily %s: %w", p.From.Format(time.DateOnly), err)
	}
	days := emptyDays(p)
	n := len(days)
	in := func(b int) bool { return b >= 0 && b < n }
	for _, g := range sums.Orders {
		if IsSale(g.Status) && in(g.Bucket) {
			days[g.Bucket].Orders += g.Orders
		}
	}
	for _, g := range sums.Subtotals {
		if in(g.Bucket) {
			omzet := times(g.Amount, int64(g.Count))
			days[g.Bucket].Omzet = days[g.Bucket].Omzet.Add(omzet)
			days[g.Bucket].Profit = days[g.Bucket].Profit.Add(omzet)
		}
	}
	for _, g := range sums.Items {
		if in(g.Bucket) {
			days[g.Bucket].Profit = days[g.Bucket].Profit.Sub(times(g.UnitCost, g.Qty))
		}
	}
	for _, g := range sums.Refunds {
		if in(g.Bucket) {
			days[g.Bucket].Profit = days[g.Bucket].Profit.Sub(times(g.Amount, int64(g.Count)))
		}
	}
	return days, nil
}

// fromDays is Build over the per-day summary.
func fromDays(p Period, s store.DaySums) Report {
	r := Report{Period: p}
	channels := breakdown{}
	for _, g := range s.Orders {
		r.count(g.Status, g.Orders)
		if !IsSale(g.Status) {
			continue
		}
		f := Totals{Orders: g.Orders, Units: int(g.Units), Omzet: g.Subtotal, Modal: g.Modal, Ongkir: g.Shipping,
			CODFee: g.CODFee, KodeUnik: decimal.NewFromInt(g.UniqueCodes), Refunds: g.Refunds}
		r.Totals.add(f)
		ch := g.Channel
		channels.get(lineKey{ch, ""}, func() string { return ch }, func() string { return "" }).Totals.add(f)
	}
	r.ByProduct = make([]Line, 0, len(s.Products))
	for _, l := range s.Products {
		r.ByProduct = append(r.ByProduct, Line{Key: l.SKU + "/" + l.VariantName,
			Name:   strings.TrimSpace(l.ProductName + " " + l.VariantName),
			Totals: Totals{Orders: l.Orders, Units: int(l.Units), Omzet: l.Omzet, Modal: l.Modal}})
	}
	r.BySupplier = make([]Line, 0, len(s.Suppliers))
	for _, l := range s.Suppliers {
		r.BySupplier = append(r.BySupplier, Line{Key: l.SupplierCode, Name: l.SupplierName,
			Totals: Totals{Orders: l.Orders, Units: int(l.Units), Omzet: l.Omzet, Modal: l.Modal}})
	}
	sortLines(r.ByProduct)
	sortLines(r.BySupplier)
	r.ByChannel = channels.lines()
	return r
}

// count adds n orders of a status to Created, Waiting and Cancelled.
func (r *Report) count(status string, n int) {
	r.Created += n
	switch status {
	case store.StatusAwaitPay, store.StatusAwaitVerify:
		r.Waiting += n
	case store.StatusCancelled, store.StatusExpired:
		r.Cancelled += n
	}
}
