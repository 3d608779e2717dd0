package store

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// ReportOrder is an order as the owner's reports read it: its money
// snapshot, where it came from, its lines and its payments.
type ReportOrder struct {
	ID            int64
	Code          string
	Status        string
	Channel       string
	PaymentMethod string
	RecipientName string
	City          string
	Province      string
	Courier       string
	Service       string
	Subtotal      decimal.Decimal
	Shipping      decimal.Decimal
	CODFee        decimal.Decimal
	UniqueCode    int
	Total         decimal.Decimal
	CreatedAt     time.Time
	Items         []ReportItem
	Payments      []ReportPayment
}

// ReportItem is one order line with its price and cost snapshot and its
// supplier's code ("" for the owner's own stock).
type ReportItem struct {
	SKU          string
	ProductName  string
	VariantName  string
	SupplierID   int64
	SupplierCode string
	SupplierName string
	Qty          int
	UnitPrice    decimal.Decimal
	UnitCost     decimal.Decimal
	Status       string
}

// ReportPayment is one payment of an order ("in" from the customer, "out"
// a refund to them).
type ReportPayment struct {
	Direction string
	Method    string
	Amount    decimal.Decimal
	Status    string
	Actor     string
	CreatedAt time.Time
	DecidedAt time.Time // zero while pending
}

// decimals parses the money columns of many rows; most rows repeat a few
// amounts, so each distinct text is parsed once.
type decimals map[string]decimal.Decimal

func (c decimals) parse(s string) (decimal.Decimal, error) {
	if d, ok := c[s]; ok {
		return d, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return d, err
	}
	if len(c) < 1<<14 {
		c[s] = d
	}
	return d, nil
}

// ReportOrders returns the orders created in [from, to) (carts excluded),
// oldest first, each with its lines and payments. Money comes back as
// decimals parsed from the books' text; nothing is summed here. It holds
// the whole period in memory: EachReportOrder streams the same orders.
func (tx *Tx) ReportOrders(from, to time.Time) ([]ReportOrder, error) {
	var out []ReportOrder
	err := tx.EachReportOrder(from, to, func(o *ReportOrder) error {
		c := *o
		c.Items, c.Payments = slices.Clone(o.Items), slices.Clone(o.Payments)
		out = append(out, c)
		return nil
	})
	return out, err
}

// The three walks of EachReportOrder, in the same order (orders_report
// is (created_at, id, …), and each order's lines and payments by id), so
// the lines and payments of one order come right after the previous
// order's. Each row is packed into one text (see packed): the driver's
// cost (an allocation, a boxing and a locked call per column) is paid once
// a row, not sixteen times. Read-only.
var (
	eachOrderQuery = `SELECT ` + packSQL("id", "unique_code", "created_at", "$code", "$status", "$channel",
		"$payment_method", "$recipient_name", "$city", "$province", "$courier", "$service", "$subtotal", "$shipping",
		"$cod_fee", "$total") + `
		FROM orders WHERE created_at >= ? AND created_at < ? AND status <> 'keranjang'
		ORDER BY created_at, id`
	// The suppliers (a handful) are read once, not joined to each line.
	eachItemQuery = `SELECT ` + packSQL("i.order_id", "IFNULL(i.supplier_id, 0)", "i.qty", "$i.sku", "$i.product_name",
		"$i.variant_name", "$i.unit_price", "$i.unit_cost", "$i.status") + `
		FROM orders o JOIN order_items i ON i.order_id = o.id
		WHERE o.created_at >= ? AND o.created_at < ? AND o.status <> 'keranjang'
		ORDER BY o.created_at, o.id, i.id`
	eachPaymentQuery = `SELECT ` + packSQL("p.order_id", "p.created_at", "IFNULL(p.decided_at, -1)", "$p.direction",
		"$p.method", "$p.amount", "$p.status", "$p.actor") + `
		FROM orders o JOIN payments p ON p.order_id = o.id
		WHERE o.created_at >= ? AND o.created_at < ? AND o.status <> 'keranjang'
		ORDER BY o.created_at, o.id, p.id`
)

// EachReportOrder calls fn with each order created in [from, to) (carts
// excluded), oldest first, with its lines and payments, reading the three
// walks side by side: memory stays flat however many orders the period
// holds. The *ReportOrder and its slices are reused for the next order:
// copy what fn keeps. An error from fn stops the walk and is returned.
func (tx *Tx) EachReportOrder(from, to time.Time, fn func(*ReportOrder) error) error {
	cache := decimals{}
	money := func(dst *decimal.Decimal, src string, what string, order int64) error {
		v, err := cache.parse(src)
		if err != nil {
			return fmt.Errorf("order %d %s: %w", order, what, err)
		}
		*dst = v
		return nil
	}
	type supplier struct{ code, name string }
	suppliers := map[int64]supplier{}
	rows, err := tx.query(`SELECT id, code, name FROM suppliers`)
	if err != nil {
		return fmt.Errorf("report suppliers: %w", err)
	}
	for rows.Next() {
		var id int64
		var s supplier
		if err := rows.Scan(&id, &s.code, &s.name); err != nil {
			rows.Close()
			return fmt.Errorf("report suppliers: %w", err)
		}
		suppliers[id] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("report suppliers: %w", err)
	}
	orders, err := tx.query(eachOrderQuery, ms(from), ms(to))
	if err != nil {
		return fmt.Errorf("report orders: %w", err)
	}
	defer orders.Close()
	items, err := tx.query(eachItemQuery, ms(from), ms(to))
	if err != nil {
		return fmt.Errorf("report items: %w", err)
	}
	defer items.Close()
	pays, err := tx.query(eachPaymentQuery, ms(from), ms(to))
	if err != nil {
		return fmt.Errorf("report payments: %w", err)
	}
	defer pays.Close()

	var o ReportOrder
	var it ReportItem
	var p ReportPayment
	itemOrder, payOrder := int64(-1), int64(-1) // the order of the row read ahead; 0 when none is left
	var row string
	nextItem := func() error {
		if !items.Next() {
			itemOrder = 0
			return items.Err()
		}
		if err := items.Scan(&row); err != nil {
			return err
		}
		r := packed{s: row}
		itemOrder, it.SupplierID = r.int(), r.int()
		it.Qty = int(r.int())
		it.SKU, it.ProductName, it.VariantName = r.text(), r.text(), r.text()
		sup := suppliers[it.SupplierID]
		it.SupplierCode, it.SupplierName = sup.code, sup.name
		price, cost := r.text(), r.text()
		it.Status = r.text()
		return firstErr(r.err("item"), money(&it.UnitPrice, price, "unit price", itemOrder),
			money(&it.UnitCost, cost, "unit cost", itemOrder))
	}
	nextPayment := func() error {
		if !pays.Next() {
			payOrder = 0
			return pays.Err()
		}
		if err := pays.Scan(&row); err != nil {
			return err
		}
		r := packed{s: row}
		payOrder = r.int()
		created, decided := r.int(), r.int()
		p.CreatedAt, p.DecidedAt = fromMS(created), time.Time{}
		if decided >= 0 {
			p.DecidedAt = fromMS(decided)
		}
		p.Direction, p.Method = r.text(), r.text()
		amount := r.text()
		p.Status, p.Actor = r.text(), r.text()
		return firstErr(r.err("payment"), money(&p.Amount, amount, "payment amount", payOrder))
	}
	if err := nextItem(); err != nil {
		return err
	}
	if err := nextPayment(); err != nil {
		return err
	}
	for orders.Next() {
		o = ReportOrder{Items: o.Items[:0], Payments: o.Payments[:0]}
		if err := orders.Scan(&row); err != nil {
			return err
		}
		r := packed{s: row}
		o.ID = r.int()
		o.UniqueCode = int(r.int())
		o.CreatedAt = fromMS(r.int())
		o.Code, o.Status, o.Channel, o.PaymentMethod = r.text(), r.text(), r.text(), r.text()
		o.RecipientName, o.City, o.Province, o.Courier, o.Service = r.text(), r.text(), r.text(), r.text(), r.text()
		sub, ship, cod, total := r.text(), r.text(), r.text(), r.text()
		if err := firstErr(r.err("order"), money(&o.Subtotal, sub, "subtotal", o.ID), money(&o.Shipping, ship, "shipping", o.ID),
			money(&o.CODFee, cod, "cod fee", o.ID), money(&o.Total, total, "total", o.ID)); err != nil {
			return err
		}
		for itemOrder == o.ID {
			o.Items = append(o.Items, it)
			if err := nextItem(); err != nil {
				return err
			}
		}
		for payOrder == o.ID {
			o.Payments = append(o.Payments, p)
			if err := nextPayment(); err != nil {
				return err
			}
		}
		if err := fn(&o); err != nil {
			return err
		}
	}
	return orders.Err()
}

// RecapOrder is an order still on its way, for the owner's daily recap.
type RecapOrder struct {
	Code          string
	Status        string
	PaymentMethod string
	RecipientName string
	Total         decimal.Decimal
	CreatedAt     time.Time
	Since         time.Time // when it entered its current status
}

const recapOpenQuery = `SELECT o.code, o.status, o.payment_method, o.recipient_name, o.total, o.created_at,
		IFNULL((SELECT max(l.at) FROM status_log l WHERE l.entity = 'order' AND l.entity_id = o.id AND l.to_status = o.status), o.updated_at)
		FROM orders o WHERE o.status IN (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ORDER BY o.created_at, o.id`

// RecapOpenOrders lists the orders that still need someone: waiting for
// payment or its check, being processed or packed (no resi yet), shipped,
// or in after-sales. Oldest first.
func (tx *Tx) RecapOpenOrders() ([]RecapOrder, error) {
	rows, err := tx.query(recapOpenQuery,
		StatusAwaitPay, StatusAwaitVerify, StatusProcessing, StatusPacked, StatusShipped,
		StatusComplaint, StatusReturn, StatusExchange, StatusRefund)
	if err != nil {
		return nil, fmt.Errorf("recap orders: %w", err)
	}
	defer rows.Close()
	var out []RecapOrder
	for rows.Next() {
		var o RecapOrder
		var total string
		var created, since int64
		if err := rows.Scan(&o.Code, &o.Status, &o.PaymentMethod, &o.RecipientName, &total, &created, &since); err != nil {
			return nil, err
		}
		if o.Total, err = decimal.NewFromString(total); err != nil {
			return nil, fmt.Errorf("order %s total: %w", o.Code, err)
		}
		o.CreatedAt, o.Since = fromMS(created), fromMS(since)
		out = append(out, o)
	}
	return out, rows.Err()
}

// PendingJobsOf lists the jobs of a kind that have not run yet, earliest
// first.
func (tx *Tx) PendingJobsOf(kind string) ([]Job, error) {
	rows, err := tx.query(`SELECT `+jobCols+` FROM jobs WHERE kind = ? AND done_at IS NULL ORDER BY run_at, id`, kind)
	if err != nil {
		return nil, fmt.Errorf("pending jobs: %w", err)
	}
	return scanAll(rows, scanJob)
}

// CancelPendingJobs finishes, without running them, the jobs of a kind that
// have not run yet, and tells how many there were.
func (tx *Tx) CancelPendingJobs(kind string) (int, error) {
	res, err := tx.exec(`UPDATE jobs SET done_at = ?, last_error = 'cancelled' WHERE kind = ? AND done_at IS NULL`, ms(tx.now), kind)
	if err != nil {
		return 0, fmt.Errorf("cancel jobs: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
