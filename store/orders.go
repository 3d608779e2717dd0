package store

import (
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/shopspring/decimal"
)

// Order statuses (DESIGN.md §4); the labels people read live in locales.
const (
	StatusCart        = "keranjang"
	StatusAwaitPay    = "menunggu_pembayaran"
	StatusAwaitVerify = "menunggu_verifikasi"
	StatusProcessing  = "diproses"
	StatusPacked      = "dikemas"
	StatusShipped     = "dikirim"
	StatusDone        = "selesai"
	StatusCancelled   = "dibatalkan"
	StatusExpired     = "kedaluwarsa"
	StatusComplaint   = "komplain"
	StatusReturn      = "retur"
	StatusExchange    = "tukar"
	StatusRefund      = "refund"
)

// transitions is the order lifecycle: from → allowed next statuses.
var transitions = map[string][]string{
	StatusCart:        {StatusAwaitPay, StatusProcessing, StatusCancelled},
	StatusAwaitPay:    {StatusAwaitVerify, StatusProcessing, StatusCancelled, StatusExpired},
	StatusAwaitVerify: {StatusProcessing, StatusAwaitPay, StatusCancelled},
	StatusProcessing:  {StatusPacked, StatusShipped, StatusCancelled, StatusRefund},
	StatusPacked:      {StatusShipped, StatusCancelled, StatusRefund},
	StatusShipped:     {StatusDone, StatusComplaint, StatusReturn},
	StatusDone:        {StatusComplaint},
	StatusComplaint:   {StatusReturn, StatusExchange, StatusRefund, StatusDone, StatusShipped},
	StatusReturn:      {StatusRefund, StatusExchange, StatusDone},
	StatusExchange:    {StatusShipped, StatusDone},
	StatusRefund:      {StatusDone},
}

// OrderStatuses lists every status in lifecycle order.
func OrderStatuses() []string {
	return []string{StatusCart, StatusAwaitPay, StatusAwaitVerify, StatusProcessing, StatusPacked, StatusShipped,
		StatusDone, StatusCancelled, StatusExpired, StatusComplaint, StatusReturn, StatusExchange, StatusRefund}
}

// CanTransition reports whether an order may move from one status to another.
func CanTransition(from, to string) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Order is a customer's order with the money as it was when it was placed.
type Order struct {
	ID             int64
	Code           string
	CustomerID     int64
	Channel        string
	ChatID         string
	Status         string
	Tier           string
	RecipientName  string
	RecipientPhone string
	AddressLine    string
	Kelurahan      string
	Kecamatan      string
	City           string
	Province       string
	PostalCode     string
	Courier        string
	Service        string
	WeightG        int
	Subtotal       decimal.Decimal
	Shipping       decimal.Decimal
	CODFee         decimal.Decimal
	UniqueCode     int
	Total          decimal.Decimal
	PaymentMethod  string
	SenderName     string
	SenderPhone    string
	Notes          string
	ExpiresAt      time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Items          []OrderItem
}

// OrderItem is one line with its price and cost snapshot.
type OrderItem struct {
	ID          int64
	OrderID     int64
	VariantID   int64
	SupplierID  int64 // 0 = own stock
	SKU         string
	ProductName string
	VariantName string
	Qty         int
	UnitPrice   decimal.Decimal
	UnitCost    decimal.Decimal
	WeightG     int
	Status      string
}

// LineTotal is qty × unit price.
func (it OrderItem) LineTotal() decimal.Decimal {
	return it.UnitPrice.Mul(decimal.NewFromInt(int64(it.Qty)))
}

// LineCost is qty × unit cost.
func (it OrderItem) LineCost() decimal.Decimal {
	return it.UnitCost.Mul(decimal.NewFromInt(int64(it.Qty)))
}

// SumItems adds the line totals of the items that still count (not cancelled).
func SumItems(items []OrderItem) (price, cost decimal.Decimal) {
	for _, it := range items {
		if it.Status == "dibatalkan" {
			continue
		}
		price = price.Add(it.LineTotal())
		cost = cost.Add(it.LineCost())
	}
	return price, cost
}

// codeAlphabet has no 0/O or 1/I so codes survive being read aloud or retyped.
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// CodeLength is the length of an order code.
const CodeLength = 5

// NewOrderCode returns a random order code drawn from r (crypto/rand.Reader
// in production).
func NewOrderCode(r io.Reader) (string, error) { return randomCode(r, CodeLength) }

// randomCode draws n characters of codeAlphabet from r.
func randomCode(r io.Reader, n int) (string, error) {
	b := make([]byte, n)
	max := big.NewInt(int64(len(codeAlphabet)))
	for i := range b {
		n, err := rand.Int(r, max)
		if err != nil {
			return "", err
		}
		b[i] = codeAlphabet[n.Int64()]
	}
	return string(b), nil
}

// CreateOrder stores an order and its items, giving it a fresh code. The
// subtotal is computed here from the items, never taken from the caller.
func (tx *Tx) CreateOrder(o *Order) error {
	if o.CustomerID == 0 || o.Channel == "" || o.ChatID == "" {
		return Errorf(EInvalid, "order needs a customer and a chat")
	}
	if o.Status == "" {
		o.Status = StatusCart
	}
	if o.Tier == "" {
		o.Tier = "retail"
	}
	for _, it := range o.Items {
		if it.Qty <= 0 {
			return Errorf(EInvalid, "quantity must be positive")
		}
	}
	o.Subtotal, _ = SumItems(o.Items)
	o.CreatedAt, o.UpdatedAt = tx.now, tx.now
	var expires any
	if !o.ExpiresAt.IsZero() {
		expires = ms(o.ExpiresAt)
	}
	for attempt := 0; ; attempt++ {
		code, err := NewOrderCode(tx.rand)
		if err != nil {
			return err
		}
		res, err := tx.exec(`INSERT INTO orders (code, customer_id, channel, chat_id, status, tier,
			recipient_name, recipient_phone, address_line, kelurahan, kecamatan, city, province, postal_code,
			courier, service, weight_g, subtotal, shipping, cod_fee, unique_code, total, payment_method,
			sender_name, sender_phone, notes, expires_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			code, o.CustomerID, o.Channel, o.ChatID, o.Status, o.Tier,
			o.RecipientName, o.RecipientPhone, o.AddressLine, o.Kelurahan, o.Kecamatan, o.City, o.Province, o.PostalCode,
			o.Courier, o.Service, o.WeightG, o.Subtotal.String(), o.Shipping.String(), o.CODFee.String(), o.UniqueCode,
			o.Total.String(), o.PaymentMethod, o.SenderName, o.SenderPhone, o.Notes, expires, ms(tx.now), ms(tx.now))
		if isUnique(err) && attempt < 10 {
			var clash int
			if e := tx.row(`SELECT count(*) FROM orders WHERE code = ?`, code).Scan(&clash); e == nil && clash > 0 {
				continue // the code was taken: draw again
			}
		}
		if err != nil {
			if isUnique(err) {
				return Errorf(EConflict, "kode unik %d is in use by another open order", o.UniqueCode)
			}
			return fmt.Errorf("create order: %w", err)
		}
		o.Code = code
		if o.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		break
	}
	for i := range o.Items {
		if err := tx.insertItem(o.ID, &o.Items[i]); err != nil {
			return err
		}
	}
	return tx.logStatus("order", o.ID, "", o.Status, "system", "")
}

func (tx *Tx) insertItem(orderID int64, it *OrderItem) error {
	it.OrderID = orderID
	if it.Status == "" {
		it.Status = "ok"
	}
	var variant, supplier any
	if it.VariantID != 0 {
		variant = it.VariantID
	}
	if it.SupplierID != 0 {
		supplier = it.SupplierID
	}
	res, err := tx.exec(`INSERT INTO order_items (order_id, variant_id, supplier_id, sku, product_name, variant_name,
		qty, unit_price, unit_cost, weight_g, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		orderID, variant, supplier, it.SKU, it.ProductName, it.VariantName, it.Qty,
		it.UnitPrice.String(), it.UnitCost.String(), it.WeightG, it.Status)
	if err != nil {
		return fmt.Errorf("add order item: %w", err)
	}
	it.ID, err = res.LastInsertId()
	return err
}

const orderCols = `id, code, customer_id, channel, chat_id, status, tier, recipient_name, recipient_phone,
	address_line, kelurahan, kecamatan, city, province, postal_code, courier, service, weight_g,
	subtotal, shipping, cod_fee, unique_code, total, payment_method, sender_name, sender_phone, notes,
	expires_at, created_at, updated_at`

func scanOrder(r scanner) (Order, error) {
	var o Order
	var sub, ship, cod, total string
	var expires sql.NullInt64
	var created, updated int64
	err := r.Scan(&o.ID, &o.Code, &o.CustomerID, &o.Channel, &o.ChatID, &o.Status, &o.Tier, &o.RecipientName,
		&o.RecipientPhone, &o.AddressLine, &o.Kelurahan, &o.Kecamatan, &o.City, &o.Province, &o.PostalCode,
		&o.Courier, &o.Service, &o.WeightG, &sub, &ship, &cod, &o.UniqueCode, &total, &o.PaymentMethod,
		&o.SenderName, &o.SenderPhone, &o.Notes, &expires, &created, &updated)
	if err != nil {
		return o, err
	}
	for _, f := range []struct {
		dst *decimal.Decimal
		src string
	}{{&o.Subtotal, sub}, {&o.Shipping, ship}, {&o.CODFee, cod}, {&o.Total, total}} {
		if *f.dst, err = decimal.NewFromString(f.src); err != nil {
			return o, fmt.Errorf("order %d money: %w", o.ID, err)
		}
	}
	o.ExpiresAt, o.CreatedAt, o.UpdatedAt = nullMS(expires), fromMS(created), fromMS(updated)
	return o, nil
}

// Queries of the hot paths (an order by its code, its lines, a customer's
// list); TestHotQueriesUseIndexes checks their plans.
const (
	orderByCodeQuery      = `SELECT ` + orderCols + ` FROM orders WHERE code = ?`
	ordersOfCustomerQuery = `SELECT ` + orderCols + ` FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`
	orderItemsQuery       = `SELECT id, order_id, IFNULL(variant_id, 0), IFNULL(supplier_id, 0), sku, product_name,
		variant_name, qty, unit_price, unit_cost, weight_g, status FROM order_items WHERE order_id = ? ORDER BY id`
)

// OrderByCode returns an order with its items.
func (tx *Tx) OrderByCode(code string) (Order, error) {
	o, err := scanOrder(tx.row(orderByCodeQuery, code))
	if errors.Is(err, sql.ErrNoRows) {
		return o, Errorf(ENotFound, "order code")
	}
	if err != nil {
		return o, fmt.Errorf("order by code: %w", err)
	}
	o.Items, err = tx.OrderItems(o.ID)
	return o, err
}

// OrderItems returns an order's lines in the order they were added.
func (tx *Tx) OrderItems(orderID int64) ([]OrderItem, error) {
	rows, err := tx.query(orderItemsQuery, orderID)
	if err != nil {
		return nil, fmt.Errorf("order items: %w", err)
	}
	defer rows.Close()
	var out []OrderItem
	for rows.Next() {
		var it OrderItem
		var price, cost string
		if err := rows.Scan(&it.ID, &it.OrderID, &it.VariantID, &it.SupplierID, &it.SKU, &it.ProductName,
			&it.VariantName, &it.Qty, &price, &cost, &it.WeightG, &it.Status); err != nil {
			return nil, err
		}
		if it.UnitPrice, err = decimal.NewFromString(price); err != nil {
			return nil, fmt.Errorf("item %d price: %w", it.ID, err)
		}
		if it.UnitCost, err = decimal.NewFromString(cost); err != nil {
			return nil, fmt.Errorf("item %d cost: %w", it.ID, err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// SetOrderStatus moves an order from one status to another, if the
// lifecycle allows it and nobody moved it first, and logs who did it.
func (tx *Tx) SetOrderStatus(orderID int64, from, to, actor, reason string) error {
	if !CanTransition(from, to) {
		return Errorf(EConflict, "order cannot go from %s to %s", from, to)
	}
	if actor == "" {
		// Checked before the UPDATE: a caller that handles the error and
		// commits must not keep an unlogged change.
		return Errorf(EInvalid, "a status change needs an actor")
	}
	res, err := tx.exec(`UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, to, ms(tx.now), orderID, from)
	if isUnique(err) {
		return Errorf(EConflict, "kode unik of order %d is in use by another open order", orderID)
	}
	if err != nil {
		return fmt.Errorf("set order status: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(EConflict, "order %d is no longer %s", orderID, from)
	}
	if err := tx.logStatus("order", orderID, from, to, actor, reason); err != nil {
		return err
	}
	if to == StatusCancelled || to == StatusExpired {
		// A partner's commission on it is void, whichever path cancelled it;
		// the reason the partner reads is the status (see VoidPartnerOrder).
		if _, err := tx.VoidPartnerOrder(orderID, to, actor); err != nil {
			return err
		}
	}
	return nil
}

// StatusChange is one line of the audit log.
type StatusChange struct {
	From, To, Actor, Reason string
	At                      time.Time
}

func (tx *Tx) logStatus(entity string, id int64, from, to, actor, reason string) error {
	if actor == "" {
		return Errorf(EInvalid, "a status change needs an actor")
	}
	_, err := tx.exec(`INSERT INTO status_log (entity, entity_id, from_status, to_status, actor, reason, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, entity, id, from, to, actor, reason, ms(tx.now))
	if err != nil {
		return fmt.Errorf("status log: %w", err)
	}
	return nil
}

// StatusHistory returns the audit log of one entity, oldest first.
func (tx *Tx) StatusHistory(entity string, id int64) ([]StatusChange, error) {
	rows, err := tx.query(`SELECT from_status, to_status, actor, reason, at FROM status_log
		WHERE entity = ? AND entity_id = ? ORDER BY at, id`, entity, id)
	if err != nil {
		return nil, fmt.Errorf("status history: %w", err)
	}
	defer rows.Close()
	var out []StatusChange
	for rows.Next() {
		var c StatusChange
		var at int64
		if err := rows.Scan(&c.From, &c.To, &c.Actor, &c.Reason, &at); err != nil {
			return nil, err
		}
		c.At = fromMS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// OrdersOfCustomer lists a customer's orders, newest first.
func (tx *Tx) OrdersOfCustomer(customerID int64, limit int) ([]Order, error) {
	if limit <= 0 {
		limit = 10
	}
	rows, err := tx.query(ordersOfCustomerQuery, customerID, limit)
	if err != nil {
		return nil, fmt.Errorf("orders of customer: %w", err)
	}
	return scanAll(rows, scanOrder)
}
