package store

import (
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// OrderParcel is one parcel of an order as the customer confirmed it: who
// ships it, from where, how heavy, with which courier service and for
// what ongkir. Seq numbers the parcels from 1 ("paket 1") in the order the
// suppliers first appear in the cart.
type OrderParcel struct {
	OrderID     int64
	Seq         int
	SupplierID  int64 // 0 = the owner's own stock
	Origin      string
	WeightG     int
	BilledKg    int
	Courier     string
	Service     string
	CourierCode string // the provider's code ("jne"); "" for the table
	Ongkir      decimal.Decimal
	ETD         string
	Source      string // the provider that priced it, or "tabel"
	// Pooled: the owner's table priced the cart as a whole; the whole
	// ongkir is on parcel 1 and the others carry 0.
	Pooled    bool
	CreatedAt time.Time
}

// Own reports whether the parcel's ongkir is its own figure (priced for
// this parcel alone), not the cart's.
func (p OrderParcel) Own() bool { return !p.Pooled }

const parcelCols = `order_id, seq, supplier_id, origin, weight_g, billed_kg, courier, service, courier_code, ongkir, etd,
	source, pooled, created_at`

func scanParcel(r scanner) (OrderParcel, error) {
	var p OrderParcel
	var ongkir string
	var pooled int
	var created int64
	if err := r.Scan(&p.OrderID, &p.Seq, &p.SupplierID, &p.Origin, &p.WeightG, &p.BilledKg, &p.Courier, &p.Service,
		&p.CourierCode, &ongkir, &p.ETD, &p.Source, &pooled, &created); err != nil {
		return p, err
	}
	d, err := decimal.NewFromString(ongkir)
	if err != nil {
		return p, fmt.Errorf("parcel %d/%d ongkir: %w", p.OrderID, p.Seq, err)
	}
	p.Ongkir, p.Pooled, p.CreatedAt = d, pooled == 1, fromMS(created)
	return p, nil
}

// SaveParcels replaces an order's parcels with ps (numbered 1, 2, … in
// the order given). Every parcel needs a courier and an ongkir of at
// least zero; one supplier ships at most one parcel of an order.
func (tx *Tx) SaveParcels(orderID int64, ps []OrderParcel) error {
	if orderID == 0 {
		return Errorf(EInvalid, "parcels need an order")
	}
	seen := map[int64]bool{}
	for _, p := range ps {
		switch {
		case strings.TrimSpace(p.Courier) == "":
			return Errorf(EInvalid, "parcel of supplier %d has no courier", p.SupplierID)
		case p.Ongkir.IsNegative():
			return Errorf(EInvalid, "parcel of supplier %d has a negative ongkir", p.SupplierID)
		case p.SupplierID < 0 || p.WeightG < 0 || p.BilledKg < 0:
			return Errorf(EInvalid, "parcel of supplier %d", p.SupplierID)
		case seen[p.SupplierID]:
			return Errorf(EInvalid, "two parcels of supplier %d", p.SupplierID)
		}
		seen[p.SupplierID] = true
	}
	if _, err := tx.exec(`DELETE FROM order_parcels WHERE order_id = ?`, orderID); err != nil {
		return fmt.Errorf("clear parcels of order %d: %w", orderID, err)
	}
	for i, p := range ps {
		_, err := tx.exec(`INSERT INTO order_parcels (`+parcelCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			orderID, i+1, p.SupplierID, p.Origin, p.WeightG, p.BilledKg, strings.TrimSpace(p.Courier),
			strings.TrimSpace(p.Service), p.CourierCode, p.Ongkir.String(), p.ETD, p.Source, boolInt(p.Pooled), ms(tx.now))
		if err != nil {
			return fmt.Errorf("save parcel %d of order %d: %w", i+1, orderID, err)
		}
	}
	return nil
}

// ParcelsOfOrder lists an order's parcels, paket 1 first; none for an
// order placed before parcels were kept.
func (tx *Tx) ParcelsOfOrder(orderID int64) ([]OrderParcel, error) {
	rows, err := tx.query(`SELECT `+parcelCols+` FROM order_parcels WHERE order_id = ? ORDER BY seq`, orderID)
	if err != nil {
		return nil, fmt.Errorf("parcels of order %d: %w", orderID, err)
	}
	return scanAll(rows, scanParcel)
}

// ParcelOf returns the parcel a supplier (0 = own stock) ships for an
// order; ok is false when the order kept none for it.
func (tx *Tx) ParcelOf(orderID, supplierID int64) (p OrderParcel, ok bool, err error) {
	ps, err := tx.ParcelsOfOrder(orderID)
	if err != nil {
		return p, false, err
	}
	for _, p := range ps {
		if p.SupplierID == supplierID {
			return p, true, nil
		}
	}
	return p, false, nil
}

// ParcelSum is the parcels of one supplier and courier service in a
// period: how many, and their ongkir summed (in Go, from the books' text).
type ParcelSum struct {
	SupplierID   int64
	SupplierCode string // "" for the owner's own stock
	SupplierName string
	Courier      string
	Service      string
	Parcels      int
	Ongkir       decimal.Decimal
}

// parcelSumsQuery walks the orders created in [from, to) through
// orders_report (the period and the status are in it) and each order's
// parcels by their key. It is the report's way when the per-day summary
// cannot answer exactly (ParcelSums), and the reference the summary is
// tested against.
const parcelSumsQuery = `SELECT p.supplier_id, IFNULL(s.code, ''), IFNULL(s.name, ''), p.courier, p.service, p.ongkir
	FROM orders o INDEXED BY orders_report
	JOIN order_parcels p ON p.order_id = o.id
	LEFT JOIN suppliers s ON s.id = p.supplier_id
	WHERE o.created_at >= ? AND o.created_at < ? AND o.status <> 'keranjang' AND o.status IN (%s) AND p.pooled = 0`

// ParcelSums groups the parcels of the orders created in [from, to) and
// now in one of statuses (the report's sales), per supplier and courier
// service: most parcels first, then by supplier code and courier. Pooled
// parcels (the table priced the cart as a whole) have no figure of their
// own and are left out; carts count for nothing. A period of whole WIB
// days is read from the per-day summary (O(days), migration 0056); any
// other period, or one whose summed ongkir is not exact, walks the
// period's orders.
func (tx *Tx) ParcelSums(from, to time.Time, statuses []string) ([]ParcelSum, error) {
	if len(statuses) == 0 {
		return nil, Errorf(EInvalid, "no statuses")
	}
	out, ok, err := tx.dayParcelSums(from, to, statuses)
	if err != nil {
		return nil, err
	}
	if !ok {
		if out, err = tx.walkParcelSums(from, to, statuses); err != nil {
			return nil, err
		}
	}
	sortParcelSums(out)
	return out, nil
}

// statusArgs is "?, ?, …" for statuses, and the arguments after args.
func statusArgs(args []any, statuses []string) (string, []any) {
	for _, s := range statuses {
		args = append(args, s)
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(statuses)), ", "), args
}

// walkParcelSums adds up the period's parcels one by one (parcelSumsQuery),
// unsorted.
func (tx *Tx) walkParcelSums(from, to time.Time, statuses []string) ([]ParcelSum, error) {
	marks, args := statusArgs([]any{ms(from), ms(to)}, statuses)
	rows, err := tx.query(fmt.Sprintf(parcelSumsQuery, marks), args...)
	if err != nil {
		return nil, fmt.Errorf("parcel sums: %w", err)
	}
	defer rows.Close()
	type key struct {
		supplier         int64
		courier, service string
	}
	index := map[key]int{}
	var out []ParcelSum
	cache := map[string]decimal.Decimal{}
	for rows.Next() {
		var r ParcelSum
		var ongkir string
		if err := rows.Scan(&r.SupplierID, &r.SupplierCode, &r.SupplierName, &r.Courier, &r.Service, &ongkir); err != nil {
			return nil, fmt.Errorf("parcel sums: %w", err)
		}
		d, ok := cache[ongkir]
		if !ok {
			if d, err = decimal.NewFromString(ongkir); err != nil {
				return nil, fmt.Errorf("parcel sums: ongkir %q: %w", ongkir, err)
			}
			cache[ongkir] = d
		}
		k := key{r.SupplierID, r.Courier, r.Service}
		i, seen := index[k]
		if !seen {
			i = len(out)
			index[k] = i
			r.Ongkir = decimal.Zero
			out = append(out, r)
		}
		out[i].Parcels++
		out[i].Ongkir = out[i].Ongkir.Add(d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("parcel sums: %w", err)
	}
	return out, nil
}

// sortParcelSums: most parcels first, then by supplier code, courier and
// service (the key is unique, so the order is total).
func sortParcelSums(out []ParcelSum) {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Parcels != b.Parcels {
			return a.Parcels > b.Parcels
		}
		if a.SupplierCode != b.SupplierCode {
			return a.SupplierCode < b.SupplierCode
		}
		if a.Courier+" "+a.Service != b.Courier+" "+b.Service {
			return a.Courier+" "+a.Service < b.Courier+" "+b.Service
		}
		return a.SupplierID < b.SupplierID
	})
}

// ShipmentBuyer returns the city and the recipient's phone of the order a
// shipment belongs to, for its tracking: the city says "arrived in the
// buyer's city", and some couriers check a waybill against the phone's
// last digits.
func (tx *Tx) ShipmentBuyer(shipmentID int64) (city, phone string, err error) {
	err = tx.row(`SELECT o.city, o.recipient_phone FROM shipments s JOIN orders o ON o.id = s.order_id WHERE s.id = ?`,
		shipmentID).Scan(&city, &phone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", Errorf(ENotFound, "shipment %d", shipmentID)
	}
	if err != nil {
		return "", "", fmt.Errorf("buyer of shipment %d: %w", shipmentID, err)
	}
	return city, phone, nil
}
