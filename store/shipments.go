package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Shipment statuses: one shipment per supplier of an order (supplier 0 =
// the owner's own stock), each with its own card and its own resi.
const (
	ShipNew       = "baru"    // card made; the supplier has not answered yet
	ShipPacking   = "dikemas" // the supplier accepted the card
	ShipOut       = "habis"   // the supplier said (part of) it is out of stock
	ShipSent      = "dikirim" // resi known
	ShipCancelled = "batal"   // every item of it was cancelled
)

// Order item statuses.
const (
	ItemOK        = "ok"
	ItemOut       = "habis"
	ItemCancelled = "dibatalkan"
)

// Shipment is the part of an order one supplier (or the owner) ships.
type Shipment struct {
	ID         int64
	OrderID    int64
	SupplierID int64 // 0 = the owner's own stock
	Status     string
	Courier    string // display name of the courier the resi belongs to
	Service    string
	Resi       string // normalised
	ResiRaw    string // as typed
	CardSentAt time.Time
	AcceptedAt time.Time
	ShippedAt  time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Open reports whether the shipment still waits for its supplier: no resi
// yet and not cancelled.
func (s Shipment) Open() bool {
	return s.Status == ShipNew || s.Status == ShipPacking || s.Status == ShipOut
}

const shipmentCols = `id, order_id, IFNULL(supplier_id, 0), status, courier, service, resi, resi_raw,
	card_sent_at, accepted_at, shipped_at, created_at, updated_at`

// shipmentColsS is shipmentCols for a query that joins shipments as s.
const shipmentColsS = `s.id, s.order_id, IFNULL(s.supplier_id, 0), s.status, s.courier, s.service, s.resi, s.resi_raw,
	s.card_sent_at, s.accepted_at, s.shipped_at, s.created_at, s.updated_at`

func scanShipment(r interface{ Scan(...any) error }) (Shipment, error) {
	var s Shipment
	var sent, accepted, shipped sql.NullInt64
	var created, updated int64
	err := r.Scan(&s.ID, &s.OrderID, &s.SupplierID, &s.Status, &s.Courier, &s.Service, &s.Resi, &s.ResiRaw,
		&sent, &accepted, &shipped, &created, &updated)
	s.CardSentAt, s.AcceptedAt, s.ShippedAt = nullMS(sent), nullMS(accepted), nullMS(shipped)
	s.CreatedAt, s.UpdatedAt = fromMS(created), fromMS(updated)
	return s, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// EnsureShipment returns the order's shipment for a supplier (0 = own
// stock), creating it when there is none. created tells which.
func (tx *Tx) EnsureShipment(orderID, supplierID int64) (s Shipment, created bool, err error) {
	if orderID == 0 {
		return s, false, Errorf(EInvalid, "a shipment needs an order")
	}
	s, err = tx.ShipmentFor(orderID, supplierID)
	if err == nil || !IsNotFound(err) {
		return s, false, err
	}
	_, err = tx.exec(`INSERT INTO shipments (order_id, supplier_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		orderID, nullID(supplierID), ShipNew, ms(tx.now), ms(tx.now))
	if err != nil {
		return s, false, fmt.Errorf("create shipment: %w", err)
	}
	s, err = tx.ShipmentFor(orderID, supplierID)
	return s, err == nil, err
}

// ShipmentFor returns the order's shipment for a supplier (0 = own stock).
func (tx *Tx) ShipmentFor(orderID, supplierID int64) (Shipment, error) {
	s, err := scanShipment(tx.row(`SELECT `+shipmentCols+` FROM shipments WHERE order_id = ? AND IFNULL(supplier_id, 0) = ?`,
		orderID, supplierID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, Errorf(ENotFound, "shipment")
	}
	if err != nil {
		return s, fmt.Errorf("shipment: %w", err)
	}
	return s, nil
}

// ShipmentByID returns one shipment.
func (tx *Tx) ShipmentByID(id int64) (Shipment, error) {
	s, err := scanShipment(tx.row(`SELECT `+shipmentCols+` FROM shipments WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, Errorf(ENotFound, "shipment %d", id)
	}
	if err != nil {
		return s, fmt.Errorf("shipment %d: %w", id, err)
	}
	return s, nil
}

// ShipmentsOf lists an order's shipments, own stock first, then by supplier.
func (tx *Tx) ShipmentsOf(orderID int64) ([]Shipment, error) {
	return tx.shipments(`SELECT `+shipmentCols+` FROM shipments WHERE order_id = ? ORDER BY IFNULL(supplier_id, 0), id`, orderID)
}

func (tx *Tx) shipments(q string, args ...any) ([]Shipment, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("shipments: %w", err)
	}
	defer rows.Close()
	var out []Shipment
	for rows.Next() {
		s, err := scanShipment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// MarkCardSent records that a shipment's card went out to its group(s).
func (tx *Tx) MarkCardSent(id int64) error {
	_, err := tx.exec(`UPDATE shipments SET card_sent_at = ?, updated_at = ? WHERE id = ?`, ms(tx.now), ms(tx.now), id)
	if err != nil {
		return fmt.Errorf("mark card sent: %w", err)
	}
	return nil
}

// UnsentShipments lists a supplier's shipments whose card still waits for
// a linked group, oldest first (cancelled ones and finished orders are left
// out).
func (tx *Tx) UnsentShipments(supplierID int64) ([]Shipment, error) {
	return tx.shipments(`SELECT `+shipmentColsS+` FROM shipments s JOIN orders o ON o.id = s.order_id
		WHERE IFNULL(s.supplier_id, 0) = ? AND s.card_sent_at IS NULL AND s.status IN (?, ?, ?)
		AND o.status IN (?, ?) ORDER BY s.id`,
		supplierID, ShipNew, ShipPacking, ShipOut, StatusProcessing, StatusPacked)
}

// OpenShipment is a shipment with its order's code, for lists.
type OpenShipment struct {
	Shipment
	Code string
}

// OpenShipments lists a supplier's shipments that still wait for it (card
// sent, no resi, not cancelled), oldest first.
func (tx *Tx) OpenShipments(supplierID int64) ([]OpenShipment, error) {
	return tx.openShipments(`WHERE IFNULL(s.supplier_id, 0) = ? AND s.card_sent_at IS NOT NULL AND s.status IN (?, ?, ?)
		AND o.status IN (?, ?) ORDER BY s.id`,
		supplierID, ShipNew, ShipPacking, ShipOut, StatusProcessing, StatusPacked)
}

// LateShipments lists the shipments of every supplier that were accepted
// at or before acceptedBefore and still have no resi, oldest first.
func (tx *Tx) LateShipments(acceptedBefore time.Time) ([]OpenShipment, error) {
	return tx.openShipments(`WHERE s.status = ? AND s.resi = '' AND s.accepted_at IS NOT NULL AND s.accepted_at <= ?
		AND o.status IN (?, ?) ORDER BY s.accepted_at, s.id`,
		ShipPacking, ms(acceptedBefore), StatusProcessing, StatusPacked)
}

// CancelledShipments lists a supplier's shipments that had a card, got no
// resi, and were cancelled (the shipment or its whole order) at or after
// since, newest first: a resi posted for one means a parcel that must not
// go, or went anyway.
func (tx *Tx) CancelledShipments(supplierID int64, since time.Time) ([]OpenShipment, error) {
	return tx.openShipments(`WHERE IFNULL(s.supplier_id, 0) = ? AND s.card_sent_at IS NOT NULL AND s.resi = ''
		AND (s.status = ? OR o.status = ?) AND MAX(s.updated_at, o.updated_at) >= ? ORDER BY s.id DESC`,
		supplierID, ShipCancelled, StatusCancelled, ms(since))
}

func (tx *Tx) openShipments(where string, args ...any) ([]OpenShipment, error) {
	rows, err := tx.query(`SELECT `+shipmentColsS+`, o.code FROM shipments s JOIN orders o ON o.id = s.order_id `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("open shipments: %w", err)
	}
	defer rows.Close()
	var out []OpenShipment
	for rows.Next() {
		var os OpenShipment
		var code string
		s, err := scanShipment(scanFunc(func(dest ...any) error { return rows.Scan(append(dest, &code)...) }))
		if err != nil {
			return nil, err
		}
		os.Shipment, os.Code = s, code
		out = append(out, os)
	}
	return out, rows.Err()
}

// scanFunc adapts a function to the Scan interface.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// SetShipmentStatus moves a shipment from one status to another (nobody
// moved it first) and logs who did it. Accepting (to dikemas) starts the
// resi clock.
func (tx *Tx) SetShipmentStatus(id int64, from, to, actor, reason string) error {
	if !validShipStatus(to) {
		return Errorf(EInvalid, "unknown shipment status %q", to)
	}
	if actor == "" {
		return Errorf(EInvalid, "a status change needs an actor")
	}
	res, err := tx.exec(`UPDATE shipments SET status = ?, updated_at = ?,
		accepted_at = CASE WHEN ? = 'dikemas' AND accepted_at IS NULL THEN ? ELSE accepted_at END
		WHERE id = ? AND status = ?`, to, ms(tx.now), to, ms(tx.now), id, from)
	if err != nil {
		return fmt.Errorf("set shipment status: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(EConflict, "shipment %d is no longer %s", id, from)
	}
	return tx.logStatus("shipment", id, from, to, actor, reason)
}

func validShipStatus(s string) bool {
	switch s {
	case ShipNew, ShipPacking, ShipOut, ShipSent, ShipCancelled:
		return true
	}
	return false
}

// SetShipmentResi records a shipment's resi (a second call is a
// correction) and moves it to dikirim. It returns the shipment as it was
// before, so the caller can tell a correction from a first resi.
func (tx *Tx) SetShipmentResi(id int64, courier, resi, raw, actor string) (before Shipment, err error) {
	resi = strings.TrimSpace(resi)
	if resi == "" {
		return before, Errorf(EInvalid, "empty resi")
	}
	if actor == "" {
		return before, Errorf(EInvalid, "a resi needs an actor")
	}
	before, err = tx.ShipmentByID(id)
	if err != nil {
		return before, err
	}
	if before.Status == ShipCancelled {
		return before, Errorf(EConflict, "shipment %d is cancelled", id)
	}
	_, err = tx.exec(`UPDATE shipments SET courier = ?, resi = ?, resi_raw = ?, status = ?,
		shipped_at = IFNULL(shipped_at, ?), updated_at = ? WHERE id = ?`,
		courier, resi, raw, ShipSent, ms(tx.now), ms(tx.now), id)
	if err != nil {
		return before, fmt.Errorf("set resi: %w", err)
	}
	reason := "resi " + resi
	if before.Resi != "" {
		reason = "resi corrected " + before.Resi + " -> " + resi
	}
	return before, tx.logStatus("shipment", id, before.Status, ShipSent, actor, reason)
}

// GroupLink is one group chat linked to a supplier.
type GroupLink struct {
	Channel    string
	ChatID     string
	SupplierID int64
	Title      string
	LinkedAt   time.Time
}

// SupplierGroups lists the groups linked to a supplier, oldest link first.
func (tx *Tx) SupplierGroups(supplierID int64) ([]GroupLink, error) {
	rows, err := tx.query(`SELECT channel, chat_id, supplier_id, title, linked_at FROM supplier_groups
		WHERE supplier_id = ? ORDER BY linked_at, channel, chat_id`, supplierID)
	if err != nil {
		return nil, fmt.Errorf("supplier groups: %w", err)
	}
	defer rows.Close()
	var out []GroupLink
	for rows.Next() {
		var g GroupLink
		var at int64
		if err := rows.Scan(&g.Channel, &g.ChatID, &g.SupplierID, &g.Title, &at); err != nil {
			return nil, err
		}
		g.LinkedAt = fromMS(at)
		out = append(out, g)
	}
	return out, rows.Err()
}

// UnlinkGroup removes a group's link; it returns the supplier it was
// linked to, and false when it was not linked.
func (tx *Tx) UnlinkGroup(channel, chatID string) (int64, bool, error) {
	var sid int64
	err := tx.row(`DELETE FROM supplier_groups WHERE channel = ? AND chat_id = ? RETURNING supplier_id`, channel, chatID).Scan(&sid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("unlink group: %w", err)
	}
	return sid, true, nil
}

// SetItemStatus moves one line of an order from one status to another.
func (tx *Tx) SetItemStatus(orderID, itemID int64, from, to string) error {
	if to != ItemOK && to != ItemOut && to != ItemCancelled {
		return Errorf(EInvalid, "unknown item status %q", to)
	}
	res, err := tx.exec(`UPDATE order_items SET status = ? WHERE id = ? AND order_id = ? AND status = ?`, to, itemID, orderID, from)
	if err != nil {
		return fmt.Errorf("set item status: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(EConflict, "item %d of order %d is no longer %s", itemID, orderID, from)
	}
	return nil
}

// SwapItemVariant replaces the variant of an order line (a sold-out
// variant swapped for another of the same product) with its cost; the
// price the customer paid stays. The line is ok again.
func (tx *Tx) SwapItemVariant(orderID, itemID, variantID int64, variantName string, cost decimal.Decimal) error {
	if cost.IsNegative() {
		return Errorf(EInvalid, "negative cost")
	}
	res, err := tx.exec(`UPDATE order_items SET variant_id = ?, variant_name = ?, unit_cost = ?, status = ?
		WHERE id = ? AND order_id = ? AND status = ?`, variantID, variantName, cost.String(), ItemOK, itemID, orderID, ItemOut)
	if err != nil {
		return fmt.Errorf("swap variant: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(EConflict, "item %d of order %d is not out of stock", itemID, orderID)
	}
	return nil
}

// TakeStock sells qty of a variant at once (a swap after payment): counted
// stock goes down, never below zero.
func (tx *Tx) TakeStock(variantID int64, qty int) error {
	if qty <= 0 {
		return Errorf(EInvalid, "quantity must be positive")
	}
	_, err := tx.exec(`UPDATE variants SET stock = CASE WHEN stock IS NULL THEN NULL ELSE max(stock - ?, 0) END,
		updated_at = ? WHERE id = ?`, qty, ms(tx.now), variantID)
	if err != nil {
		return fmt.Errorf("take stock: %w", err)
	}
	return nil
}

// OrderCodeByID returns the code of an order.
func (tx *Tx) OrderCodeByID(id int64) (string, error) {
	var code string
	err := tx.row(`SELECT code FROM orders WHERE id = ?`, id).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return "", Errorf(ENotFound, "order %d", id)
	}
	if err != nil {
		return "", fmt.Errorf("order code: %w", err)
	}
	return code, nil
}
