package store

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"modernc.org/sqlite"
)

// The books keep the report's figures per WIB day (migration 0050):
// report_days and its siblings are kept by triggers on orders, order_items
// and payments, so a report reads rows per day, not per order. Money there
// is an integer number of MoneyUnit (1/10,000 rupiah): the triggers add
// integers only; the text → integer step is money_units below, exact in
// shopspring/decimal.

// MoneyUnitExp is the exponent of the summary's money unit: amounts are
// kept as whole multiples of 10^MoneyUnitExp rupiah. Costs in the books
// carry thousandths of a rupiah (TestOrderMoneyIsExact), so hundredths
// would not be exact; one more place is a margin.
const MoneyUnitExp = -4

// maxMoneyUnits bounds one amount (10^11 rupiah) so that qty × amount
// and a day's sums stay far inside int64.
var maxMoneyUnits = decimal.New(1, 15)

// The SQL function money_units(text) is registered once for the driver
// (modernc registers functions for every connection it opens, so this is
// process-wide; it is immutable after init). It returns the amount as an
// integer number of units, or NULL when it is not a whole number of
// them, is too big or is not a number: the triggers then keep a NULL sum,
// which the reports see and answer from the orders instead.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("money_units", 1, moneyUnits)
}

func moneyUnits(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	var s string
	switch v := args[0].(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	case int64:
		return moneyUnitsOf(decimal.NewFromInt(v)), nil
	default:
		return nil, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return nil, nil
	}
	return moneyUnitsOf(d), nil
}

func moneyUnitsOf(d decimal.Decimal) driver.Value {
	u := d.Shift(-MoneyUnitExp)
	if !u.IsInteger() || u.Abs().Cmp(maxMoneyUnits) >= 0 {
		return nil
	}
	return u.IntPart()
}

func fromUnits(n int64) decimal.Decimal { return decimal.New(n, MoneyUnitExp) }

// DayOrders are the orders of one day (or of the whole period), channel
// and status.
type DayOrders struct {
	Day         int // days from the period's start; 0 when not split by day
	Channel     string
	Status      string
	Orders      int
	UniqueCodes int64 // Σ kode unik, whole rupiah
	Units       int64 // Σ qty of the lines not cancelled
	Subtotal    decimal.Decimal
	Shipping    decimal.Decimal
	CODFee      decimal.Decimal
	Modal       decimal.Decimal // Σ qty × unit cost of the lines not cancelled
	Refunds     decimal.Decimal // Σ confirmed outgoing payments
}

// DayLines are the sold lines (not cancelled) of a period's sales for one
// product (SKU and variant) or one supplier.
type DayLines struct {
	SKU, VariantName string
	ProductName      string // the name of the period's first such line
	SupplierID       int64  // 0 = own stock
	SupplierCode     string
	SupplierName     string
	Orders           int // sales holding such a line
	Units            int64
	Omzet            decimal.Decimal // Σ qty × unit price
	Modal            decimal.Decimal // Σ qty × unit cost
}

// DaySums are the summary's figures of a period of whole WIB days.
type DaySums struct {
	// Exact is false when the summary cannot give the period exactly (an
	// amount finer than the unit, a period not of whole WIB days): the
	// caller then adds up the orders (ReportSums). The rest is empty.
	Exact     bool
	Orders    []DayOrders // every order of the period (carts excluded), by status
	Products  []DayLines  // of the sales
	Suppliers []DayLines  // of the sales
}

const (
	dayMS  = 24 * 60 * 60 * 1000
	wibMS  = 7 * 60 * 60 * 1000
	dayAny = `(typeof(%[1]s) <> 'integer')`
)

// wibDay is the summary's day number of a WIB midnight; ok is false for
// any other instant.
func wibDay(t time.Time) (int64, bool) {
	v := ms(t) + wibMS
	return v / dayMS, v%dayMS == 0 && v >= 0
}

func inexact(cols ...string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf(dayAny, c)
	}
	return "SUM(" + strings.Join(parts, " OR ") + ")"
}

// DaySums reads the summary of [from, to), both WIB midnights. daily
// splits Orders by day; sales are the statuses whose lines Products and
// Suppliers add up.
func (tx *Tx) DaySums(from, to time.Time, daily bool, sales []string) (DaySums, error) {
	var out DaySums
	in, err := statusList(sales)
	if err != nil {
		return out, err
	}
	first, ok1 := wibDay(from)
	last, ok2 := wibDay(to)
	if !ok1 || !ok2 || last < first {
		return out, nil
	}
	dayCol := "0"
	if daily {
		dayCol = "day - ?1"
	}
	q := fmt.Sprintf(`SELECT %s, channel, status, SUM(orders), SUM(unique_codes), SUM(units),
			SUM(subtotal), SUM(shipping), SUM(cod_fee), SUM(modal), SUM(refunds), %s
		FROM report_days WHERE day >= ?1 AND day < ?2 GROUP BY 1, 2, 3 HAVING SUM(orders) <> 0`,
		dayCol, inexact("subtotal", "shipping", "cod_fee", "modal", "refunds"))
	rows, err := tx.query(q, first, last)
	if err != nil {
		return out, fmt.Errorf("report days: %w", err)
	}
	for rows.Next() {
		var g DayOrders
		var money [5]any
		var bad int64
		if err := rows.Scan(&g.Day, &g.Channel, &g.Status, &g.Orders, &g.UniqueCodes, &g.Units,
			&money[0], &money[1], &money[2], &money[3], &money[4], &bad); err != nil {
			rows.Close()
			return out, fmt.Errorf("report days: %w", err)
		}
		var units [5]int64
		for i, m := range money {
			n, ok := m.(int64)
			if !ok {
				bad++
			}
			units[i] = n
		}
		if bad != 0 {
			rows.Close()
			return DaySums{}, nil
		}
		g.Subtotal, g.Shipping, g.CODFee = fromUnits(units[0]), fromUnits(units[1]), fromUnits(units[2])
		g.Modal, g.Refunds = fromUnits(units[3]), fromUnits(units[4])
		out.Orders = append(out.Orders, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("report days: %w", err)
	}

	lines := func(table, key string, add func(*DayLines, []any) []any) ([]DayLines, bool, error) {
		q := fmt.Sprintf(`SELECT %s, SUM(orders), SUM(units), SUM(omzet), SUM(modal), %s
			FROM %s WHERE day >= ?1 AND day < ?2 AND status IN (%s) GROUP BY %[1]s HAVING SUM(orders) <> 0`,
			key, inexact("omzet", "modal"), table, in)
		rows, err := tx.query(q, first, last)
		if err != nil {
			return nil, false, fmt.Errorf("report days %s: %w", table, err)
		}
		defer rows.Close()
		var out []DayLines
		for rows.Next() {
			var l DayLines
			var omzet, modal, bad any
			if err := rows.Scan(append(add(&l, nil), &l.Orders, &l.Units, &omzet, &modal, &bad)...); err != nil {
				return nil, false, fmt.Errorf("report days %s: %w", table, err)
			}
			o, ok1 := omzet.(int64)
			m, ok2 := modal.(int64)
			if b, _ := bad.(int64); b != 0 || !ok1 || !ok2 {
				return nil, false, nil
			}
			l.Omzet, l.Modal = fromUnits(o), fromUnits(m)
			out = append(out, l)
		}
		return out, true, rows.Err()
	}
	var exact bool
	out.Products, exact, err = lines("report_day_products", "sku, variant_name", func(l *DayLines, dst []any) []any {
		return append(dst, &l.SKU, &l.VariantName)
	})
	if err != nil || !exact {
		return DaySums{}, err
	}
	out.Suppliers, exact, err = lines("report_day_suppliers", "supplier_id", func(l *DayLines, dst []any) []any {
		return append(dst, &l.SupplierID)
	})
	if err != nil || !exact {
		return DaySums{}, err
	}
	if err := tx.dayProductNames(out.Products, from, first, last, in); err != nil {
		return DaySums{}, err
	}
	if err := tx.daySupplierNames(out.Suppliers); err != nil {
		return DaySums{}, err
	}
	out.Exact = true
	return out, nil
}

// dayProductNames names each product by the first line of the period's
// sales that holds it (by its order's creation, order id, line id). Most
// products carry one name in a period; one renamed in it is looked up in
// the orders of the first day it was sold.
func (tx *Tx) dayProductNames(products []DayLines, from time.Time, first, last int64, in string) error {
	type key struct{ sku, variant string }
	type name struct {
		name string
		day  int64
		many bool
	}
	names := map[key]*name{}
	rows, err := tx.query(fmt.Sprintf(`SELECT sku, variant_name, product_name, MIN(day) FROM report_day_names
		WHERE day >= ?1 AND day < ?2 AND status IN (%s) AND lines <> 0 GROUP BY 1, 2, 3`, in), first, last)
	if err != nil {
		return fmt.Errorf("report day names: %w", err)
	}
	for rows.Next() {
		var k key
		var n string
		var day int64
		if err := rows.Scan(&k.sku, &k.variant, &n, &day); err != nil {
			rows.Close()
			return fmt.Errorf("report day names: %w", err)
		}
		if got, ok := names[k]; ok {
			got.many = true
			got.day = min(got.day, day)
			continue
		}
		names[k] = &name{name: n, day: day}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("report day names: %w", err)
	}
	for i := range products {
		p := &products[i]
		n, ok := names[key{p.SKU, p.VariantName}]
		if !ok {
			continue
		}
		if n.many {
			dayStart := from.Add(time.Duration(n.day-first) * 24 * time.Hour)
			err := tx.row(fmt.Sprintf(`SELECT i.product_name FROM orders o JOIN order_items i ON i.order_id = o.id
				WHERE o.created_at >= ? AND o.created_at < ? AND o.status IN (%s)
					AND i.sku = ? AND i.variant_name = ? AND i.status <> 'dibatalkan'
				ORDER BY o.created_at, o.id, i.id LIMIT 1`, in),
				ms(dayStart), ms(dayStart)+dayMS, p.SKU, p.VariantName).Scan(&n.name)
			if err != nil {
				return fmt.Errorf("report day name %s: %w", p.SKU, err)
			}
			n.many = false
		}
		p.ProductName = n.name
	}
	return nil
}

// daySupplierNames fills in the suppliers' codes and names.
func (tx *Tx) daySupplierNames(sups []DayLines) error {
	for i := range sups {
		if sups[i].SupplierID == 0 {
			continue
		}
		if err := tx.row(`SELECT code, name FROM suppliers WHERE id = ?`, sups[i].SupplierID).
			Scan(&sups[i].SupplierCode, &sups[i].SupplierName); err != nil {
			return fmt.Errorf("report supplier %d: %w", sups[i].SupplierID, err)
		}
	}
	return nil
}
