package order

import (
	"fmt"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// StepArea is the customer picking their area from the provider's list.
const StepArea = "area"

// maxAreas is how many areas the customer is offered at most.
const maxAreas = 5

// areaChoice is one area offered to the customer, kept between messages.
type areaChoice struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// fallbackSource is what prices when no live provider answers: the
// owner's rate table, or the flat ongkir when the table is empty; nil
// when neither is set.
func (t *turn) fallbackSource() (shipping.Source, error) {
	rates, err := t.Tx.ShippingRates()
	if err != nil {
		return nil, err
	}
	if len(rates) > 0 {
		return shipping.TableOf(rates), nil
	}
	flat, err := t.Tx.Setting(SettingShippingFlat, "")
	if err != nil || flat == "" {
		return nil, err
	}
	cost, err := decimal.NewFromString(flat)
	if err != nil {
		return nil, fmt.Errorf("setting %s: %w", SettingShippingFlat, err)
	}
	return shipping.Flat{Courier: t.P.T("checkout.flat_courier"), Cost: cost}, nil
}

// quotes prices a parcel of weightG grams to a province with the owner's
// table or flat rate: an estimate before an address is known (a live
// provider needs the address's area, which checkout asks for).
func (t *turn) quotes(province string, weightG int) ([]shipping.Quote, error) {
	fb, err := t.fallbackSource()
	if err != nil || fb == nil {
		return nil, err
	}
	return fb.Quotes(t.Ctx, province, weightG)
}

// priced is the cart's ongkir: the courier options every parcel has
// (each with its parcels' own quotes), or, split, each parcel's own
// quotes when no courier serves them all.
type priced struct {
	opts    []shipping.Option
	parcels []shipping.Parcel  // one per supplier, in the cart's order
	split   [][]shipping.Quote // set when the customer picks a courier per parcel
	source  string
	// pooled: the owner's table priced the cart's whole weight as one
	// parcel (as it always did); the figure is the cart's, not a parcel's.
	pooled bool
}

// courierOptions prices the cart to the customer's address. With a live
// provider (Biteship, RajaOngkir) each supplier's parcel is priced from its
// own origin and an option is a courier every parcel has, its cost the sum;
// when no courier serves every parcel, each parcel's quotes come back
// split for the customer to pick per parcel. Without a live provider, or
// when it fails, the owner's table prices (the cart as one parcel when
// there is no provider, as before). A failure is told to the owner once.
// asked is true when the customer was asked to pick their area first
// (the state is saved).
//
// The provider call runs inside the message's transaction; the engine's
// Prepare (PrefetchOngkir) warms the books' quote cache before it, so a
// call here is only the cold case, bounded by the client's timeout.
func (t *turn) courierOptions(d *stateData, cart store.Order) (pr priced, asked bool, err error) {
	fb, err := t.fallbackSource()
	if err != nil {
		return pr, false, err
	}
	q, err := t.Env.Shipping.QuoterFromSettings(t.Tx, fb)
	if err != nil {
		return pr, false, err
	}
	q.Log = t.Env.Log
	if q.Live == nil {
		if fb == nil {
			return pr, false, nil
		}
		// The table prices the cart's weight as one parcel, as it always did.
		plan, err := q.Quote(t.Ctx, []shipping.Parcel{{WeightG: cart.WeightG, Value: cart.Subtotal}}, shipping.Destination{Province: d.Addr.Province})
		if err != nil {
			return pr, false, err
		}
		parcels, err := shipping.ParcelsOf(t.Tx, cart.Items, "")
		return priced{opts: plan.Options, parcels: parcels, source: shipping.ProviderTable, pooled: true}, false, err
	}
	if d.AreaZip != d.Addr.PostalCode { // another address: its area is asked anew
		d.AreaID, d.AreaZip, d.Areas = "", d.Addr.PostalCode, nil
		d.AreaAsked = false
	}
	if d.AreaID == "" && !d.AreaAsked {
		if err := t.keptArea(d, q.LiveName()); err != nil {
			return pr, false, err
		}
	}
	if d.AreaID == "" && !d.AreaAsked {
		if asked, err := t.findArea(d, shipping.WithAreaCache(q.Live, t.Tx), ""); err != nil || asked {
			return pr, asked, err
		}
	}
	parcels, err := shipping.ParcelsOf(t.Tx, cart.Items, q.LiveName())
	if err != nil {
		return pr, false, err
	}
	if len(parcels) == 0 {
		return pr, false, nil
	}
	plan, qerr := q.Quote(t.Ctx, parcels, d.destination())
	if tell, err := shipping.NoteFailure(t.Tx, plan); err != nil {
		return pr, false, err
	} else if tell {
		t.TellOwners(chat.Ref{}, shipping.FailureText(t.OwnerPrinter(), plan.Failure, len(plan.Options) > 0))
	}
	if qerr != nil && len(plan.Options) == 0 {
		t.Env.Log.Warn("no ongkir for the cart", "reason", string(shipping.ReasonOf(qerr)))
		return pr, false, nil
	}
	pr = priced{opts: plan.Options, parcels: parcels, source: plan.Source}
	if plan.Split {
		pr.split = plan.Parcels
	}
	return pr, false, nil
}

// destination is where the checkout's address goes, for the quoter.
func (d stateData) destination() shipping.Destination {
	return shipping.Destination{Province: d.Addr.Province, PostalCode: strings.TrimSpace(d.Addr.PostalCode), AreaID: d.AreaID}
}

// choice is an option as the checkout keeps it: its total, and each
// parcel's courier, weight and ongkir for the order's parcels.
func (pr priced) choice(o shipping.Option) quoteChoice {
	c := quoteChoice{Courier: o.Courier, Service: o.Service, Cost: o.Total.String(), Source: pr.source, Pooled: pr.pooled}
	for i, p := range pr.parcels {
		pc := parcelChoice{Supplier: p.SupplierID, Origin: placeText(p.Origin), WeightG: p.WeightG,
			Courier: o.Courier, Service: o.Service, Code: o.Code, Cost: "0", Kg: shipping.BilledKg(p.WeightG, 300)}
		switch {
		case pr.pooled:
			if i == 0 {
				pc.Cost = o.Total.String() // the whole cart's figure, on paket 1
			}
		case i < len(o.Quotes):
			q := o.Quotes[i]
			pc.Cost, pc.Kg, pc.ETD, pc.Code = q.Cost.String(), q.BilledKg, q.ETD, q.Code
		}
		c.Parcels = append(c.Parcels, pc)
	}
	return c
}

// placeText is where a parcel was priced from, as the books keep it.
func placeText(p shipping.Place) string {
	if p.PostalCode != "" {
		return p.PostalCode
	}
	return p.AreaID
}

// findArea looks the address up at the provider (by kode pos first, then
// kecamatan and city, or the customer's own words in query): one area is
// taken, several are offered as a numbered list, none asks for the
// kecamatan again. A provider that cannot be asked is no reason to stop:
// the kode pos alone still prices.
func (t *turn) findArea(d *stateData, p shipping.Provider, query string) (asked bool, err error) {
	kec, city, zip := d.Addr.Kecamatan, d.Addr.City, d.Addr.PostalCode
	if query != "" {
		kec, city, zip = query, "", ""
		if f := strings.Fields(query); len(f) == 1 && shipping.ValidPostalCode(f[0]) {
			kec, zip = "", f[0]
		}
	}
	areas, err := shipping.SearchAreas(t.Ctx, p, kec, city, zip, maxAreas)
	if err != nil {
		// The reason only: the error's URL holds the customer's kode pos and kecamatan.
		t.Env.Log.Warn("area search failed; pricing by kode pos", "provider", p.Name(), "reason", string(shipping.ReasonOf(err)))
		d.AreaAsked = true
		return false, nil
	}
	switch {
	case len(areas) == 1:
		d.AreaID, d.Areas, d.AreaAsked = areas[0].ID, nil, true
		return false, t.keepArea(*d, p.Name(), areas[0])
	case len(areas) == 0 && query != "":
		d.AreaAsked, d.Areas = true, nil // asked twice: the kode pos prices
		return false, nil
	case len(areas) == 0:
		d.Areas = nil
		t.Reply(t.P.T("shipping.area.none"))
		return true, t.save(state{Flow: chat.FlowCustomer, Step: StepArea, Data: *d})
	}
	d.Areas = d.Areas[:0]
	labels := make([]string, len(areas))
	for i, a := range areas {
		d.Areas = append(d.Areas, areaChoice{ID: a.ID, Label: a.Label})
		labels[i] = a.Label
	}
	t.Reply(t.P.T("shipping.area.pick"), labels...)
	return true, t.save(state{Flow: chat.FlowCustomer, Step: StepArea, Data: *d})
}

// onArea reads the customer's pick (a number or the area's name), or new
// words to look up after "not found"; then checkout goes on.
func (t *turn) onArea(st state, text string) error {
	d := st.Data
	if d.Addr == nil {
		return t.continueCheckout(d)
	}
	if len(d.Areas) > 0 {
		labels := make([]string, len(d.Areas))
		for i, a := range d.Areas {
			labels[i] = a.Label
		}
		i := chat.Choose(text, labels)
		if k, isNum := chat.MenuNumber(chat.Normalize(text)); isNum {
			i = k - 1
		}
		if i < 0 || i >= len(d.Areas) {
			t.Reply(t.P.T("customer.bad_number", "max", len(d.Areas)), labels...)
			return nil
		}
		live, err := t.Env.Shipping.ProviderFromSettings(t.Tx)
		if err != nil {
			return err
		}
		picked := d.Areas[i]
		d.AreaID, d.AreaAsked, d.Areas = picked.ID, true, nil
		if live != nil {
			if err := t.keepArea(d, live.Name(), shipping.Area{ID: picked.ID, Label: picked.Label}); err != nil {
				return err
			}
		}
		return t.continueCheckout(d)
	}
	live, err := t.Env.Shipping.ProviderFromSettings(t.Tx)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(chat.Clip(text, 80))
	if live == nil || query == "" {
		d.AreaAsked = true
		return t.continueCheckout(d)
	}
	if asked, err := t.findArea(&d, shipping.WithAreaCache(live, t.Tx), query); err != nil || asked {
		return err
	}
	return t.continueCheckout(d)
}

// courierLabel is one courier option as the customer reads it: with the
// cost of each parcel when the order ships as several.
func (t *turn) courierLabel(o shipping.Option) string {
	label := strings.TrimSpace(o.Courier + " " + o.Service)
	cost := locales.FormatRupiah(o.Total)
	if len(o.PerParcel) > 1 {
		parts := make([]string, len(o.PerParcel))
		for i, c := range o.PerParcel {
			parts[i] = locales.FormatRupiah(c)
		}
		cost = t.P.T("shipping.parcels_cost", "total", cost, "n", len(o.PerParcel), "parts", strings.Join(parts, " + "))
	}
	if o.ETD != "" {
		return t.P.T("checkout.courier_option_etd", "courier", label, "cost", cost, "etd", o.ETD)
	}
	return t.P.T("checkout.courier_option", "courier", label, "cost", cost)
}

// savedAddress is the checkout's address as the books keep it; placing the
// order saves the same one (SaveAddress touches a row with these fields).
func (d stateData) savedAddress(customerID int64) store.Address {
	return store.Address{CustomerID: customerID, Recipient: d.Name, Phone: d.Phone, Line: d.Addr.Line,
		Kelurahan: d.Addr.Kelurahan, Kecamatan: d.Addr.Kecamatan, City: d.Addr.City, Province: d.Addr.Province, Zip: d.Addr.PostalCode}
}

// sameAddress tells whether a saved address is the one being checked out
// (the fields SaveAddress matches on).
func sameAddress(a, b store.Address) bool {
	return a.Recipient == b.Recipient && a.Phone == b.Phone && a.Line == b.Line && a.Kecamatan == b.Kecamatan &&
		a.City == b.City && a.Zip == b.Zip
}

// keptArea takes the area the customer picked for this same address last
// time, so a returning customer is not asked again.
func (t *turn) keptArea(d *stateData, provider string) error {
	last, ok, err := t.Tx.LastAddress(t.Who.CustomerID)
	if err != nil || !ok || !sameAddress(last, d.savedAddress(t.Who.CustomerID)) {
		return err
	}
	dest, err := shipping.DestinationOf(t.Tx, last, provider)
	if err != nil || dest.AreaID == "" {
		return err
	}
	d.AreaID, d.AreaAsked = dest.AreaID, true
	return nil
}

// keepArea saves the address with the area picked for it (the order saves
// the same address again when it is placed, touching this row).
func (t *turn) keepArea(d stateData, provider string, a shipping.Area) error {
	if d.Addr == nil || d.Name == "" || d.Phone == "" {
		return nil
	}
	want := d.savedAddress(t.Who.CustomerID)
	if err := t.Tx.SaveAddress(want); err != nil {
		return err
	}
	last, ok, err := t.Tx.LastAddress(t.Who.CustomerID)
	if err != nil || !ok || !sameAddress(last, want) {
		return err
	}
	return shipping.KeepArea(t.Tx, last.ID, provider, a)
}
