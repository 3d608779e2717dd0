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

// Each parcel of an order (one per supplier) keeps its own courier and
// ongkir: the customer sees "paket 1", "paket 2" (never a supplier or an
// origin city), the order keeps them in the books (store.OrderParcel),
// and each supplier's card shows only its own parcel's.

// StepParcelCourier is the customer picking a courier for one parcel, when
// no courier serves every parcel of the order.
const StepParcelCourier = "parcel_courier"

// parcelChoice is one parcel of a courier choice, kept between messages.
type parcelChoice struct {
	Supplier int64  `json:"supplier,omitempty"`
	Origin   string `json:"origin,omitempty"`
	WeightG  int    `json:"weight_g,omitempty"`
	Kg       int    `json:"kg,omitempty"`
	Courier  string `json:"courier"`
	Service  string `json:"service,omitempty"`
	Code     string `json:"code,omitempty"`
	Cost     string `json:"cost"`
	ETD      string `json:"etd,omitempty"`
}

// label is the parcel's courier service ("JNE REG").
func (p parcelChoice) label() string { return strings.TrimSpace(p.Courier + " " + p.Service) }

// parcelLine is one parcel's ongkir as the review and the invoice show it.
type parcelLine struct {
	courier string
	kg      int
	cost    decimal.Decimal
}

// parcelLinesOf are a choice's parcels to show one by one: none when the
// order ships as one parcel or the table priced the cart as a whole (one
// ongkir line then, as before).
func parcelLinesOf(c *quoteChoice) ([]parcelLine, error) {
	if c == nil || c.Pooled || len(c.Parcels) < 2 {
		return nil, nil
	}
	out := make([]parcelLine, len(c.Parcels))
	for i, p := range c.Parcels {
		cost, err := decimal.NewFromString(p.Cost)
		if err != nil {
			return nil, fmt.Errorf("saved parcel ongkir: %w", err)
		}
		out[i] = parcelLine{courier: p.label(), kg: p.Kg, cost: cost}
	}
	return out, nil
}

// orderParcelLines are an order's parcels to show one by one (see
// parcelLinesOf).
func orderParcelLines(ps []store.OrderParcel) []parcelLine {
	if len(ps) < 2 {
		return nil
	}
	out := make([]parcelLine, len(ps))
	for i, p := range ps {
		if p.Pooled {
			return nil
		}
		out[i] = parcelLine{courier: strings.TrimSpace(p.Courier + " " + p.Service), kg: p.BilledKg, cost: p.Ongkir}
	}
	return out
}

// ongkirLines writes one line per parcel ("Ongkir paket 1 (JNE REG, 2
// kg): Rp36.000").
func ongkirLines(p locales.Printer, ls []parcelLine) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = p.T("shipping.parcel_line", "n", i+1, "courier", l.courier, "kg", l.kg, "amount", locales.FormatRupiah(l.cost))
	}
	return out
}

// paySummary is the ongkir and the total of the review: one line for one
// parcel, else a line per parcel and their sum.
func (t *turn) paySummary(c *quoteChoice, subtotal decimal.Decimal) (string, error) {
	ship, err := decimal.NewFromString(c.Cost)
	if err != nil {
		return "", fmt.Errorf("saved ongkir: %w", err)
	}
	ls, err := parcelLinesOf(c)
	if err != nil {
		return "", err
	}
	if len(ls) == 0 {
		return t.P.T("checkout.pay_summary", "courier", strings.TrimSpace(c.Courier+" "+c.Service),
			"shipping", locales.FormatRupiah(ship), "total", locales.FormatRupiah(subtotal.Add(ship))), nil
	}
	return strings.Join(ongkirLines(t.P, ls), "\n") + "\n" + t.P.T("shipping.pay_summary_parcels",
		"shipping", locales.FormatRupiah(ship), "total", locales.FormatRupiah(subtotal.Add(ship))), nil
}

// invoiceOngkir is the invoice's ongkir: a line per parcel and their sum
// when the order ships as two or more parcels priced on their own, else
// the one line it always had.
func (t *turn) invoiceOngkir(o store.Order) (string, error) {
	ps, err := t.Tx.ParcelsOfOrder(o.ID)
	if err != nil {
		return "", err
	}
	ls := orderParcelLines(ps)
	if len(ls) == 0 {
		return t.P.T("invoice.shipping", "courier", strings.TrimSpace(o.Courier+" "+o.Service), "amount", locales.FormatRupiah(o.Shipping)), nil
	}
	return strings.Join(ongkirLines(t.P, ls), "\n") + "\n" + t.P.T("shipping.invoice_total", "amount", locales.FormatRupiah(o.Shipping)), nil
}

// askParcelCourier asks for the courier of the next parcel without one
// (picked so far: picked), one numbered list per parcel in turn. A parcel
// with a single courier is decided for the customer, with a word of what
// was chosen. With every parcel decided, checkout goes on to the review.
func (t *turn) askParcelCourier(d stateData, pr priced, picked []parcelChoice) error {
	if len(pr.split) > 0 {
		d.Split = nil
		for i, qs := range pr.split {
			var row []parcelChoice
			for _, q := range qs {
				p := parcelChoice{Courier: q.Courier, Service: q.Service, Code: q.Code, Cost: q.Cost.String(), ETD: q.ETD, Kg: q.BilledKg}
				if i < len(pr.parcels) {
					p.Supplier, p.Origin, p.WeightG = pr.parcels[i].SupplierID, placeText(pr.parcels[i].Origin), pr.parcels[i].WeightG
				}
				row = append(row, p)
			}
			d.Split = append(d.Split, row)
		}
		d.SplitSource = pr.source
	}
	d.Picked = picked
	if len(d.Picked) == 0 && len(d.Split) > 0 {
		t.AddNote(t.P.T("shipping.parcel_intro", "count", len(d.Split)))
	}
	for len(d.Picked) < len(d.Split) {
		n := len(d.Picked)
		opts := d.Split[n]
		if len(opts) == 0 { // cannot be: the quoter split only parcels it priced
			return fmt.Errorf("parcel %d has no courier", n+1)
		}
		if len(opts) > 1 {
			labels := make([]string, len(opts))
			for i, o := range opts {
				labels[i] = t.parcelOptionLabel(o)
			}
			t.Reply(t.P.T("shipping.parcel_pick", "n", n+1, "count", len(d.Split), "kg", opts[0].Kg), labels...)
			return t.save(state{Flow: chat.FlowCustomer, Step: StepParcelCourier, Data: d})
		}
		t.AddNote(t.P.T("shipping.parcel_only", "n", n+1, "kg", opts[0].Kg, "courier", t.parcelOptionLabel(opts[0])))
		d.Picked = append(d.Picked, opts[0])
	}
	c, err := splitChoice(d.Picked, d.SplitSource)
	if err != nil {
		return err
	}
	d.Courier, d.Split, d.Picked, d.SplitSource, d.PickCourier = &c, nil, nil, "", false
	return t.continueCheckout(d)
}

// parcelOptionLabel is one courier of a parcel's list.
func (t *turn) parcelOptionLabel(p parcelChoice) string {
	cost := p.Cost
	if d, err := decimal.NewFromString(p.Cost); err == nil {
		cost = locales.FormatRupiah(d)
	}
	if p.ETD != "" {
		return t.P.T("checkout.courier_option_etd", "courier", p.label(), "cost", cost, "etd", p.ETD)
	}
	return t.P.T("checkout.courier_option", "courier", p.label(), "cost", cost)
}

// onParcelCourier reads the pick for the parcel being asked (a number or
// the courier's name); anything else asks again, keeping what was picked.
func (t *turn) onParcelCourier(st state, text string) error {
	d := st.Data
	n := len(d.Picked)
	if n >= len(d.Split) { // nothing left to ask (an old or broken state): ask anew
		d.Split, d.Picked, d.Courier, d.PickCourier = nil, nil, nil, true
		return t.continueCheckout(d)
	}
	opts := d.Split[n]
	labels := make([]string, len(opts))
	names := make([]string, len(opts))
	for i, o := range opts {
		labels[i], names[i] = t.parcelOptionLabel(o), o.label()
	}
	i := chat.Choose(text, names)
	if k, isNum := chat.MenuNumber(chat.Normalize(text)); isNum {
		i = k - 1
	}
	if i < 0 || i >= len(opts) {
		t.Reply(t.P.T("customer.bad_number", "max", len(opts)), labels...)
		return nil
	}
	return t.askParcelCourier(d, priced{}, append(d.Picked, opts[i]))
}

// splitChoice is the order's courier when each parcel has its own: the
// couriers named together, the ongkir summed.
func splitChoice(ps []parcelChoice, source string) (quoteChoice, error) {
	total := decimal.Zero
	var names []string
	seen := map[string]bool{}
	for _, p := range ps {
		cost, err := decimal.NewFromString(p.Cost)
		if err != nil {
			return quoteChoice{}, fmt.Errorf("saved parcel ongkir: %w", err)
		}
		total = total.Add(cost)
		if l := p.label(); !seen[l] {
			seen[l] = true
			names = append(names, l)
		}
	}
	return quoteChoice{Courier: strings.Join(names, " + "), Cost: total.String(), Parcels: ps, Source: source}, nil
}

// saveOrderParcels keeps the chosen courier's parcels on the placed order.
// A choice saved before parcels were kept has none: the cart's suppliers
// become the parcels then, the whole ongkir on paket 1 (pooled).
func (t *turn) saveOrderParcels(o store.Order, c *quoteChoice) error {
	ps := c.Parcels
	pooled := c.Pooled
	if len(ps) == 0 {
		parcels, err := shipping.ParcelsOf(t.Tx, o.Items, "")
		if err != nil {
			return err
		}
		for i, p := range parcels {
			pc := parcelChoice{Supplier: p.SupplierID, WeightG: p.WeightG, Kg: shipping.BilledKg(p.WeightG, 300),
				Courier: c.Courier, Service: c.Service, Cost: "0"}
			if i == 0 {
				pc.Cost = c.Cost
			}
			ps = append(ps, pc)
		}
		pooled = true // the figure is the cart's, whatever priced it
	}
	source := c.Source
	if source == "" {
		source = shipping.ProviderTable
	}
	out := make([]store.OrderParcel, 0, len(ps))
	for _, p := range ps {
		cost, err := decimal.NewFromString(p.Cost)
		if err != nil {
			return fmt.Errorf("saved parcel ongkir: %w", err)
		}
		courier := p.Courier
		if strings.TrimSpace(courier) == "" {
			courier = c.Courier
		}
		out = append(out, store.OrderParcel{SupplierID: p.Supplier, Origin: p.Origin, WeightG: p.WeightG, BilledKg: p.Kg,
			Courier: courier, Service: p.Service, CourierCode: p.Code, Ongkir: cost, ETD: p.ETD, Source: source, Pooled: pooled})
	}
	if len(out) == 0 {
		return nil
	}
	return t.Tx.SaveParcels(o.ID, out)
}
