package relay

import (
	"slices"
	"strings"

	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// parcelCourier is the courier a supplier's parcel of an order ships with
// (its name, and with the service as the card shows it): the parcel's own
// when the order kept its parcels (each may have its own courier), else
// the order's. own is the parcel when its ongkir is its own figure
// (priced for it alone), for the card to show.
func (t *turn) parcelCourier(o store.Order, supplierID int64) (name, label string, own *store.OrderParcel, err error) {
	name, label = o.Courier, strings.TrimSpace(o.Courier+" "+o.Service)
	p, ok, err := t.Tx.ParcelOf(o.ID, supplierID)
	if err != nil || !ok {
		return name, label, nil, err
	}
	name, label = p.Courier, strings.TrimSpace(p.Courier+" "+p.Service)
	if !p.Own() {
		return name, label, nil, nil
	}
	return name, label, &p, nil
}

// cardCourier is the card's courier line: the supplier's own parcel's
// courier, service, billed weight and ongkir; never another supplier's.
func (t *turn) cardCourier(p locales.Printer, o store.Order, supplierID int64) (string, error) {
	_, courier, own, err := t.parcelCourier(o, supplierID)
	if err != nil {
		return "", err
	}
	if own == nil {
		return p.T("relay.card_courier", "courier", courier), nil
	}
	return p.T("shipping.card_courier", "courier", courier, "kg", own.BilledKg, "amount", locales.FormatRupiah(own.Ongkir)), nil
}

// ParcelShare is what the customer pays for one shipment (the COD amount
// its courier collects, or what a customer who pays the supplier sends
// it). When the order's parcels were priced on their own, each shipment
// carries its own parcel's ongkir, since its own courier charges it, and
// the first shipment carries whatever else is on top of the goods (COD
// fee, kode unik). Otherwise (the table priced the cart, or the order was
// placed before parcels were kept) it is ShipmentShare. Either way the
// shares of an order add up to its total.
func ParcelShare(tx *store.Tx, o store.Order, supplierID int64) (decimal.Decimal, error) {
	ps, err := tx.ParcelsOfOrder(o.ID)
	if err != nil {
		return decimal.Zero, err
	}
	own := map[int64]decimal.Decimal{}
	for _, p := range ps {
		if p.Own() {
			own[p.SupplierID] = p.Ongkir
		}
	}
	if len(own) == 0 {
		return ShipmentShare(o, supplierID), nil
	}
	sups := OrderSuppliers(o)
	assigned := decimal.Zero
	for _, s := range sups {
		assigned = assigned.Add(own[s]) // a supplier without a parcel adds zero
	}
	price, _ := store.SumItems(ShipmentItems(o, supplierID))
	if slices.Contains(sups, supplierID) {
		price = price.Add(own[supplierID])
	}
	if len(sups) > 0 && sups[0] == supplierID {
		price = price.Add(o.Total.Sub(o.Subtotal).Sub(assigned))
	}
	return price, nil
}
