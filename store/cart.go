package store

import (
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/shopspring/decimal"
)

// CartOf returns the customer's open cart (an order in status keranjang).
func (tx *Tx) CartOf(customerID int64) (Order, bool, error) {
	o, err := scanOrder(tx.row(`SELECT `+orderCols+` FROM orders WHERE customer_id = ? AND status = ?
		ORDER BY id DESC LIMIT 1`, customerID, StatusCart))
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, false, nil
	}
	if err != nil {
		return Order{}, false, fmt.Errorf("cart: %w", err)
	}
	o.Items, err = tx.OrderItems(o.ID)
	return o, true, err
}

// AddCartItem adds a line to a cart, merging with a line of the same
// variant, and refreshes the cart's subtotal and weight.
func (tx *Tx) AddCartItem(orderID int64, it OrderItem) error {
	if it.Qty <= 0 {
		return Errorf(EInvalid, "quantity must be positive")
	}
	if err := tx.mustBeCart(orderID); err != nil {
		return err
	}
	res, err := tx.exec(`UPDATE order_items SET qty = qty + ?, unit_price = ?, unit_cost = ?
		WHERE order_id = ? AND variant_id = ? AND status = 'ok'`,
		it.Qty, it.UnitPrice.String(), it.UnitCost.String(), orderID, it.VariantID)
	if err != nil {
		return fmt.Errorf("merge cart item: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if err := tx.insertItem(orderID, &it); err != nil {
			return err
		}
	}
	return tx.refreshOrder(orderID)
}

// SetItemQty changes a cart line's quantity; 0 removes the line.
func (tx *Tx) SetItemQty(orderID, itemID int64, qty int) error {
	if err := tx.mustBeCart(orderID); err != nil {
		return err
	}
	var err error
	if qty <= 0 {
		_, err = tx.exec(`DELETE FROM order_items WHERE id = ? AND order_id = ?`, itemID, orderID)
	} else {
		_, err = tx.exec(`UPDATE order_items SET qty = ? WHERE id = ? AND order_id = ?`, qty, itemID, orderID)
	}
	if err != nil {
		return fmt.Errorf("set item qty: %w", err)
	}
	return tx.refreshOrder(orderID)
}

// mustBeCart refuses changes to the lines or checkout of an order that has
// left the cart: a placed order's money is fixed.
func (tx *Tx) mustBeCart(orderID int64) error {
	var status string
	err := tx.row(`SELECT status FROM orders WHERE id = ?`, orderID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return Errorf(ENotFound, "order %d", orderID)
	}
	if err != nil {
		return fmt.Errorf("order status: %w", err)
	}
	if status != StatusCart {
		return Errorf(EConflict, "order %d is %s, not a cart", orderID, status)
	}
	return nil
}

// refreshOrder recomputes subtotal and weight from the lines, in Go.
func (tx *Tx) refreshOrder(orderID int64) error {
	items, err := tx.OrderItems(orderID)
	if err != nil {
		return err
	}
	sub, _ := SumItems(items)
	weight := 0
	for _, it := range items {
		if it.Status != "dibatalkan" {
			weight += it.WeightG * it.Qty
		}
	}
	_, err = tx.exec(`UPDATE orders SET subtotal = ?, weight_g = ?, updated_at = ? WHERE id = ?`,
		sub.String(), weight, ms(tx.now), orderID)
	return err
}

// SaveCheckout stores everything checkout decided about an order: the
// recipient, courier, money and deadline. Totals come from the caller's
// decimal arithmetic; the subtotal is recomputed from the lines.
func (tx *Tx) SaveCheckout(o Order) error {
	if err := tx.mustBeCart(o.ID); err != nil {
		return err
	}
	var expires any
	if !o.ExpiresAt.IsZero() {
		expires = ms(o.ExpiresAt)
	}
	_, err := tx.exec(`UPDATE orders SET recipient_name = ?, recipient_phone = ?, address_line = ?, kelurahan = ?,
		kecamatan = ?, city = ?, province = ?, postal_code = ?, courier = ?, service = ?, shipping = ?, cod_fee = ?,
		unique_code = ?, total = ?, payment_method = ?, sender_name = ?, sender_phone = ?, notes = ?, expires_at = ?,
		updated_at = ? WHERE id = ?`,
		o.RecipientName, o.RecipientPhone, o.AddressLine, o.Kelurahan, o.Kecamatan, o.City, o.Province, o.PostalCode,
		o.Courier, o.Service, o.Shipping.String(), o.CODFee.String(), o.UniqueCode, o.Total.String(), o.PaymentMethod,
		o.SenderName, o.SenderPhone, o.Notes, expires, ms(tx.now), o.ID)
	if isUnique(err) {
		return Errorf(EConflict, "kode unik %d is in use by another open order", o.UniqueCode)
	}
	if err != nil {
		return fmt.Errorf("save checkout: %w", err)
	}
	return tx.refreshOrder(o.ID)
}

// FreeUniqueCode draws a kode unik (1–999) that no open order uses.
func (tx *Tx) FreeUniqueCode() (int, error) {
	rows, err := tx.query(`SELECT unique_code FROM orders WHERE unique_code > 0 AND status IN (?, ?)`,
		StatusAwaitPay, StatusAwaitVerify)
	if err != nil {
		return 0, fmt.Errorf("used codes: %w", err)
	}
	used := map[int]bool{}
	for rows.Next() {
		var c int
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return 0, err
		}
		used[c] = true
	}
	rows.Close()
	if len(used) >= 999 {
		return 0, Errorf(EConflict, "all 999 kode unik are taken by open orders")
	}
	free := make([]int, 0, 999-len(used))
	for c := 1; c <= 999; c++ {
		if !used[c] {
			free = append(free, c)
		}
	}
	n, err := rand.Int(tx.rand, big.NewInt(int64(len(free))))
	if err != nil {
		return 0, err
	}
	return free[n.Int64()], nil
}

// Reserve holds qty of a counted variant for an order awaiting payment.
// Uncounted variants (stock NULL) always succeed.
func (tx *Tx) Reserve(variantID int64, qty int) error {
	if qty <= 0 {
		return Errorf(EInvalid, "reserve needs a positive quantity")
	}
	res, err := tx.exec(`UPDATE variants SET reserved = reserved + ?
		WHERE id = ? AND (stock IS NULL OR stock - reserved >= ?)`, qty, variantID, qty)
	if err != nil {
		return fmt.Errorf("reserve: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(EConflict, "not enough stock for variant %d", variantID)
	}
	return nil
}

// Release gives back a reservation (cancel, expiry).
func (tx *Tx) Release(variantID int64, qty int) error {
	_, err := tx.exec(`UPDATE variants SET reserved = max(reserved - ?, 0) WHERE id = ?`, qty, variantID)
	if err != nil {
		return fmt.Errorf("release: %w", err)
	}
	return nil
}

// VariantByID returns one variant.
func (tx *Tx) VariantByID(id int64) (Variant, Product, error) {
	var pid int64
	if err := tx.row(`SELECT product_id FROM variants WHERE id = ?`, id).Scan(&pid); errors.Is(err, sql.ErrNoRows) {
		return Variant{}, Product{}, Errorf(ENotFound, "variant %d", id)
	} else if err != nil {
		return Variant{}, Product{}, err
	}
	p, err := tx.ProductByID(pid)
	if err != nil {
		return Variant{}, Product{}, err
	}
	for _, v := range p.Variants {
		if v.ID == id {
			return v, p, nil
		}
	}
	return Variant{}, Product{}, Errorf(ENotFound, "variant %d", id)
}

// Address is a customer's saved shipping address.
type Address struct {
	ID                                        int64
	CustomerID                                int64
	Recipient, Phone, Line                    string
	Kelurahan, Kecamatan, City, Province, Zip string
}

// SaveAddress remembers an address (the same one again only refreshes it).
func (tx *Tx) SaveAddress(a Address) error {
	res, err := tx.exec(`UPDATE addresses SET last_used_at = ? WHERE customer_id = ? AND recipient = ? AND phone = ?
		AND line = ? AND kecamatan = ? AND city = ? AND postal_code = ?`,
		ms(tx.now), a.CustomerID, a.Recipient, a.Phone, a.Line, a.Kecamatan, a.City, a.Zip)
	if err != nil {
		return fmt.Errorf("touch address: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = tx.exec(`INSERT INTO addresses (customer_id, recipient, phone, line, kelurahan, kecamatan, city, province,
		postal_code, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.CustomerID, a.Recipient, a.Phone, a.Line, a.Kelurahan, a.Kecamatan, a.City, a.Province, a.Zip, ms(tx.now), ms(tx.now))
	if err != nil {
		return fmt.Errorf("save address: %w", err)
	}
	return nil
}

// LastAddress returns the customer's most recently used address.
func (tx *Tx) LastAddress(customerID int64) (Address, bool, error) {
	var a Address
	err := tx.row(`SELECT id, customer_id, recipient, phone, line, kelurahan, kecamatan, city, province, postal_code
		FROM addresses WHERE customer_id = ? ORDER BY last_used_at DESC, id DESC LIMIT 1`, customerID).
		Scan(&a.ID, &a.CustomerID, &a.Recipient, &a.Phone, &a.Line, &a.Kelurahan, &a.Kecamatan, &a.City, &a.Province, &a.Zip)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, fmt.Errorf("last address: %w", err)
	}
	return a, true, nil
}

// Payment is money in (from a customer) or out (a refund).
type Payment struct {
	ID           int64
	OrderID      int64
	Direction    string // "in" or "out"
	Method       string // "transfer", "qris", "cod"
	Amount       decimal.Decimal
	Status       string // "pending", "confirmed", "rejected"
	ProofMediaID int64
	Actor        string
	Note         string
	CreatedAt    time.Time
	// Dest is where a refund (a payment out) goes, as the customer gave it;
	// zero until they did.
	Dest RefundDest
}

// RefundDest is the account a refund is sent to. Personal data.
type RefundDest struct {
	Bank   string // "BCA", "DANA", …
	Number string // digits
	Holder string // the name on the account
}

// IsZero reports whether no destination was given.
func (d RefundDest) IsZero() bool { return d == RefundDest{} }

// AddPayment records a payment.
func (tx *Tx) AddPayment(p Payment) (int64, error) {
	var proof any
	if p.ProofMediaID != 0 {
		proof = p.ProofMediaID
	}
	res, err := tx.exec(`INSERT INTO payments (order_id, direction, method, amount, status, proof_media_id, actor, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.OrderID, p.Direction, p.Method, p.Amount.String(), p.Status, proof,
		p.Actor, p.Note, ms(tx.now))
	if err != nil {
		return 0, fmt.Errorf("add payment: %w", err)
	}
	return res.LastInsertId()
}

// OrdersWithStatus lists a customer's orders in one status, newest first.
func (tx *Tx) OrdersWithStatus(customerID int64, status string) ([]Order, error) {
	rows, err := tx.query(`SELECT `+orderCols+` FROM orders WHERE customer_id = ? AND status = ? ORDER BY id DESC`,
		customerID, status)
	if err != nil {
		return nil, fmt.Errorf("orders with status: %w", err)
	}
	return scanAll(rows, scanOrder)
}

// ShippingRate is one line of the owner's ongkir table.
type ShippingRate struct {
	ID         int64
	Courier    string
	Service    string
	Province   string // "" = anywhere not listed
	FirstKg    decimal.Decimal
	NextKg     decimal.Decimal
	RoundFromG int
	ETD        string
}

// AddShippingRate stores a rate line.
func (tx *Tx) AddShippingRate(r ShippingRate) error {
	if r.Courier == "" || r.Service == "" || r.FirstKg.IsNegative() || r.NextKg.IsNegative() {
		return Errorf(EInvalid, "a rate needs courier, service and non-negative prices")
	}
	_, err := tx.exec(`INSERT INTO shipping_rates (courier, service, province, first_kg, next_kg, round_from_g, etd)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (courier, service, province) DO UPDATE SET first_kg = excluded.first_kg, next_kg = excluded.next_kg,
			round_from_g = excluded.round_from_g, etd = excluded.etd, active = 1`,
		r.Courier, r.Service, r.Province, r.FirstKg.String(), r.NextKg.String(), r.RoundFromG, r.ETD)
	if err != nil {
		return fmt.Errorf("add rate: %w", err)
	}
	return nil
}

// ShippingRates lists the active rates.
func (tx *Tx) ShippingRates() ([]ShippingRate, error) {
	rows, err := tx.query(`SELECT id, courier, service, province, first_kg, next_kg, round_from_g, etd
		FROM shipping_rates WHERE active = 1 ORDER BY courier, service, province`)
	if err != nil {
		return nil, fmt.Errorf("rates: %w", err)
	}
	defer rows.Close()
	var out []ShippingRate
	for rows.Next() {
		var r ShippingRate
		var first, next string
		if err := rows.Scan(&r.ID, &r.Courier, &r.Service, &r.Province, &first, &next, &r.RoundFromG, &r.ETD); err != nil {
			return nil, err
		}
		if r.FirstKg, err = decimal.NewFromString(first); err != nil {
			return nil, fmt.Errorf("rate %d: %w", r.ID, err)
		}
		if r.NextKg, err = decimal.NewFromString(next); err != nil {
			return nil, fmt.Errorf("rate %d: %w", r.ID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
