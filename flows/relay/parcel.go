package relay

import (
	"strings"

	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
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
