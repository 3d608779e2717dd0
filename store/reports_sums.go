package store

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The owner's reports add up every order of a period. Reading each order
// with its lines and payments into memory (ReportOrders) costs several
// values per row on the heap; a month of a big shop is 100,000 orders.
// ReportSums reads the same rows from two covering indexes (migration
// 0011) and keeps only a count per distinct money TEXT (and sums of the
// integer columns: quantities, kode unik); the caller multiplies each
// distinct amount by its count with shopspring/decimal. That is exact (no
// SQL arithmetic on money text, no float), and what stays in memory grows
// with the distinct amounts and the period's order ids, not with rows.
//
// (SQLite's GROUP BY was measured first: its sorter over 100,000 rows cost
// more CPU than this walk, and it cannot count the distinct orders of a
// product without a correlated subquery per line, which tripled the cost.)

// SumOrders counts the orders of one bucket, channel and status.
type SumOrders struct {
	Bucket      int // index of the bucket (see ReportSums)
	Channel     string
	Status      string
	Orders      int   // orders in the group
	UniqueCodes int64 // Σ kode unik (whole rupiah) of those orders
}

// SumAmount is an amount that Count sales of one bucket and channel carry
// in one money column.
type SumAmount struct {
	Bucket  int
	Channel string
	Amount  decimal.Decimal
	Count   int
}

// SumLines is a group of the sold lines (not cancelled) of sales of one
// bucket and channel with the same product, variant, supplier, unit price
// and unit cost.
type SumLines struct {
	Bucket      int
	Channel     string
	SKU         string
	VariantName string
	ProductName string // the name of the group's first line
	// The group's first line, in the order of ReportOrders: by its
	// order's creation, then order id, then line id.
	FirstAt      time.Time
	FirstOrderID int64
	FirstItemID  int64
	SupplierID   int64 // 0 = own stock
	SupplierCode string
	SupplierName string
	UnitPrice    decimal.Decimal
	UnitCost     decimal.Decimal
	Qty          int64 // Σ qty
	// ProductOrders counts the lines that are an order's first sold line
	// of this SKU and variant: summed over the groups of one product, the
	// number of sales that hold it. SupplierOrders likewise for the
	// supplier.
	ProductOrders  int
	SupplierOrders int
}

// ReportSums are the grouped rows of the orders created in [from, to),
// carts excluded. Bucket splits the period: a row's Bucket is
// (created_at − from) ÷ bucket, so bucket = 24h gives days (in from's
// zone when it has no daylight saving, as WIB), and bucket ≥ to − from
// puts everything in bucket 0. Items and refunds are those of the orders
// whose status is one of sales.
type ReportSums struct {
	Orders    []SumOrders // every order of the period, by status
	Subtotals []SumAmount // of the sales
	Shipping  []SumAmount
	CODFees   []SumAmount
	Items     []SumLines
	Refunds   []SumAmount // confirmed outgoing payments of the sales
}

// The orders of a period and their lines are read through orders_report
// and order_items_report (migration 0011), without touching the tables'
// rows; the lines are one range scan over the period's order ids.
//
// Each row comes back as ONE text that packs its columns (see packed):
// the driver allocates a Go string, and boxes it, for every text column of
// every row, so one column instead of six is most of the difference
// between 90 MB and 20 MB for a month of 100,000 orders. Concatenating
// text is not arithmetic: the money texts arrive exactly as stored.
const (
	sumOrdersQuery = `SELECT id || ',' || created_at || ',' || unique_code || ',' || ((created_at - ?1) / ?2) || ','
		|| octet_length(subtotal) || ',' || subtotal || octet_length(shipping) || ',' || shipping
		|| octet_length(cod_fee) || ',' || cod_fee || octet_length(channel) || ',' || channel
		|| octet_length(status) || ',' || status
		FROM orders WHERE created_at >= ?1 AND created_at < ?3 AND status <> 'keranjang'`
	sumLinesQuery = `SELECT order_id || ',' || id || ',' || qty || ',' || IFNULL(supplier_id, 0) || ','
		|| octet_length(unit_price) || ',' || unit_price || octet_length(unit_cost) || ',' || unit_cost
		|| octet_length(sku) || ',' || sku || octet_length(variant_name) || ',' || variant_name
		FROM order_items WHERE order_id BETWEEN ? AND ? AND status <> 'dibatalkan' ORDER BY order_id`
	sumRefundsQuery = `SELECT (o.created_at - ?1) / ?2, o.channel, p.amount, COUNT(*)
		FROM orders o JOIN payments p ON p.order_id = o.id
		WHERE o.created_at >= ?1 AND o.created_at < ?3 AND +o.status IN (%s)
			AND p.direction = 'out' AND p.status = 'confirmed'
		GROUP BY 1, 2, 3`
)

// packSQL is the SQL expression that packs columns into one text for
// packed: an integer column as its digits and a comma, a text column
// (named with a leading "$") as its length in bytes, a comma and its
// bytes. Integer columns must not be NULL (IFNULL them).
//
// It is one concat() call: `||` copies the growing text once per piece,
// which was a third of the export's time inside SQLite.
func packSQL(cols ...string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		if t, ok := strings.CutPrefix(c, "$"); ok {
			parts[i] = "octet_length(" + t + "), ',', " + t
		} else {
			parts[i] = c + ", ','"
		}
	}
	return "concat(" + strings.Join(parts, ", ") + ")"
}

// packed reads a row packed by the queries above: integers end with a
// comma, texts are their length in bytes, a comma and the bytes. Reading
// allocates nothing: texts are slices of the row.
type packed struct {
	s   string
	bad bool
}

func (p *packed) int() int64 {
	i := strings.IndexByte(p.s, ',')
	if i < 0 {
		p.bad = true
		return 0
	}
	n, err := strconv.ParseInt(p.s[:i], 10, 64)
	p.bad = p.bad || err != nil
	p.s = p.s[i+1:]
	return n
}

func (p *packed) text() string {
	n := p.int()
	if p.bad || n < 0 || n > int64(len(p.s)) {
		p.bad = true
		return ""
	}
	t := p.s[:n]
	p.s = p.s[n:]
	return t
}

func (p *packed) err(what string) error {
	if p.bad || p.s != "" {
		return Errorf(EInternal, "report %s row is malformed", what)
	}
	return nil
}

// statusList writes statuses as SQL string literals; they are the shop's
// own status codes (letters and underscores), never user input, and are
// checked to be so.
func statusList(statuses []string) (string, error) {
	if len(statuses) == 0 {
		return "", Errorf(EInvalid, "no statuses")
	}
	quoted := make([]string, len(statuses))
	for i, s := range statuses {
		if s == "" || strings.Trim(s, "abcdefghijklmnopqrstuvwxyz_") != "" {
			return "", Errorf(EInvalid, "status %q", s)
		}
		quoted[i] = "'" + s + "'"
	}
	return strings.Join(quoted, ", "), nil
}

// ReportSums groups the books of [from, to) (see the type).
func (tx *Tx) ReportSums(from, to time.Time, bucket time.Duration, sales []string) (ReportSums, error) {
	var out ReportSums
	in, err := statusList(sales)
	if err != nil {
		return out, err
	}
	isSale := map[string]bool{}
	for _, s := range sales {
		isSale[s] = true
	}
	width := bucket.Milliseconds()
	if span := ms(to) - ms(from); width <= 0 || width > span {
		width = max(span, 1)
	}
	cache := decimals{}
	money := func(dst *decimal.Decimal, src, what string) error {
		v, err := cache.parse(src)
		if err != nil {
			return fmt.Errorf("report sums %s %q: %w", what, src, err)
		}
		*dst = v
		return nil
	}

	// The orders: counted by (bucket, channel, status); the money of the
	// sales counted per distinct text and column; the sales remembered by
	// id with their bucket and channel (a saleRef).
	type countKey struct {
		bucket          int64
		channel, status string
	}
	type amountKey struct {
		ref  int
		text string
	}
	counts := map[countKey]int{}
	var refs []saleRef
	refIndex := map[saleRef]int{}
	columns := [3]struct {
		what   string
		groups map[amountKey]int
		out    *[]SumAmount
	}{{"subtotal", map[amountKey]int{}, &out.Subtotals}, {"shipping", map[amountKey]int{}, &out.Shipping},
		{"cod fee", map[amountKey]int{}, &out.CODFees}}
	var sold []sale // ordered by creation, so nearly by id
	rows, err := tx.query(sumOrdersQuery, ms(from), width, ms(to))
	if err != nil {
		return out, fmt.Errorf("report sums orders: %w", err)
	}
	var row string
	for rows.Next() {
		if err := rows.Scan(&row); err != nil {
			rows.Close()
			return out, err
		}
		p := packed{s: row}
		id, created, unique, bucket := p.int(), p.int(), p.int(), p.int()
		amounts := [3]string{p.text(), p.text(), p.text()}
		ck := countKey{bucket, p.text(), p.text()}
		if err := p.err("order"); err != nil {
			rows.Close()
			return out, err
		}
		i, ok := counts[ck]
		if !ok {
			i = len(out.Orders)
			counts[ck] = i
			out.Orders = append(out.Orders, SumOrders{Bucket: int(bucket), Channel: ck.channel, Status: ck.status})
		}
		out.Orders[i].Orders++
		out.Orders[i].UniqueCodes += unique
		if !isSale[ck.status] {
			continue
		}
		r := saleRef{int(bucket), ck.channel}
		ref, ok := refIndex[r]
		if !ok {
			ref = len(refs)
			refs = append(refs, r)
			refIndex[r] = ref
		}
		for c := range columns {
			col := &columns[c]
			ak := amountKey{ref, amounts[c]}
			j, ok := col.groups[ak]
			if !ok {
				g := SumAmount{Bucket: r.bucket, Channel: r.channel}
				if err := money(&g.Amount, ak.text, col.what); err != nil {
					rows.Close()
					return out, err
				}
				j = len(*col.out)
				col.groups[ak] = j
				*col.out = append(*col.out, g)
			}
			(*col.out)[j].Count++
		}
		sold = append(sold, sale{id, ref, created})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}

	if len(sold) > 0 {
		if !slices.IsSortedFunc(sold, bySaleID) {
			slices.SortFunc(sold, bySaleID)
		}
		if err := tx.sumLines(&out, refs, sold, money); err != nil {
			return out, err
		}
	}

	rows, err = tx.query(fmt.Sprintf(sumRefundsQuery, in), ms(from), width, ms(to))
	if err != nil {
		return out, fmt.Errorf("report sums refunds: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g SumAmount
		var amount string
		if err := rows.Scan(&g.Bucket, &g.Channel, &amount, &g.Count); err != nil {
			return out, err
		}
		if err := money(&g.Amount, amount, "refund"); err != nil {
			return out, err
		}
		out.Refunds = append(out.Refunds, g)
	}
	return out, rows.Err()
}

// saleRef is where a sale's lines are added: its bucket and channel.
type saleRef struct {
	bucket  int
	channel string
}

// sale is a sale of the period: its id, its saleRef (an index) and its
// creation (ms). A period's sales are a slice ordered by id, which the
// lines (ordered by order id too) walk alongside: a map of a year's
// million sales cost more than the walk itself.
type sale struct {
	id      int64
	ref     int
	created int64
}

func bySaleID(a, b sale) int { return cmp.Compare(a.id, b.id) }

// sumLines adds the sold lines of the sales (sold, ordered by id) to
// out.Items: one range scan of order_items_report over the sales' ids, in
// order id order, so the lines of one order come together and a product
// or supplier is counted once per order.
func (tx *Tx) sumLines(out *ReportSums, refs []saleRef, sold []sale,
	money func(*decimal.Decimal, string, string) error) error {
	type lineKey struct {
		ref  int
		rest string // supplier, price, cost, sku, variant as packed
	}
	groups := map[lineKey]int{}
	current := int64(-1)
	var products []string // sku and variant (as packed) of the current order
	var suppliers []int64
	rows, err := tx.query(sumLinesQuery, sold[0].id, sold[len(sold)-1].id)
	if err != nil {
		return fmt.Errorf("report sums lines: %w", err)
	}
	defer rows.Close()
	var row string
	for rows.Next() {
		if err := rows.Scan(&row); err != nil {
			return err
		}
		p := packed{s: row}
		orderID, id, qty := p.int(), p.int(), p.int()
		for len(sold) > 0 && sold[0].id < orderID {
			sold = sold[1:]
		}
		if len(sold) == 0 || sold[0].id != orderID {
			continue // not a sale of the period
		}
		sl := sold[0]
		if orderID != current {
			current, products, suppliers = orderID, products[:0], suppliers[:0]
		}
		k := lineKey{sl.ref, p.s}
		supplier := p.int()
		p.text() // price
		p.text() // cost
		product := p.s
		i, ok := groups[k]
		if !ok {
			r := packed{s: k.rest}
			g := SumLines{Bucket: refs[sl.ref].bucket, Channel: refs[sl.ref].channel, SupplierID: r.int(),
				FirstAt: fromMS(sl.created), FirstOrderID: orderID, FirstItemID: id}
			price, cost := r.text(), r.text()
			g.SKU, g.VariantName = r.text(), r.text()
			if err := firstErr(r.err("line"), money(&g.UnitPrice, price, "unit price"), money(&g.UnitCost, cost, "unit cost")); err != nil {
				return err
			}
			i = len(out.Items)
			groups[k] = i
			out.Items = append(out.Items, g)
		}
		if p.bad {
			return p.err("line")
		}
		g := &out.Items[i]
		g.Qty += qty
		if before(sl.created, orderID, id, ms(g.FirstAt), g.FirstOrderID, g.FirstItemID) {
			g.FirstAt, g.FirstOrderID, g.FirstItemID = fromMS(sl.created), orderID, id
		}
		if !slices.Contains(products, product) {
			products = append(products, product)
			g.ProductOrders++
		}
		if !slices.Contains(suppliers, supplier) {
			suppliers = append(suppliers, supplier)
			g.SupplierOrders++
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.sumItemNames(out.Items)
}

// sumItemNames fills in the product names, one query per product (SKU
// and variant) for the name of its first line, and the code and name of
// the suppliers, one query each.
func (tx *Tx) sumItemNames(items []SumLines) error {
	type product struct{ sku, variant string }
	first := map[product]int{} // the group holding the product's first line
	for i, it := range items {
		k := product{it.SKU, it.VariantName}
		if j, ok := first[k]; !ok || before(ms(it.FirstAt), it.FirstOrderID, it.FirstItemID,
			ms(items[j].FirstAt), items[j].FirstOrderID, items[j].FirstItemID) {
			first[k] = i
		}
	}
	productNames := make(map[product]string, len(first))
	for k, i := range first {
		var name string
		if err := tx.row(`SELECT product_name FROM order_items WHERE id = ?`, items[i].FirstItemID).Scan(&name); err != nil {
			return fmt.Errorf("report item %d: %w", items[i].FirstItemID, err)
		}
		productNames[k] = name
	}
	for i := range items {
		items[i].ProductName = productNames[product{items[i].SKU, items[i].VariantName}]
	}
	type name struct{ code, name string }
	names := map[int64]name{}
	for _, it := range items {
		if it.SupplierID == 0 {
			continue
		}
		if _, ok := names[it.SupplierID]; ok {
			continue
		}
		var n name
		if err := tx.row(`SELECT code, name FROM suppliers WHERE id = ?`, it.SupplierID).Scan(&n.code, &n.name); err != nil {
			return fmt.Errorf("report supplier %d: %w", it.SupplierID, err)
		}
		names[it.SupplierID] = n
	}
	for i := range items {
		if n, ok := names[items[i].SupplierID]; ok {
			items[i].SupplierCode, items[i].SupplierName = n.code, n.name
		}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// before orders lines by their order's creation, order id and line id.
func before(at, order, id, at2, order2, id2 int64) bool {
	if at != at2 {
		return at < at2
	}
	if order != order2 {
		return order < order2
	}
	return id < id2
}
