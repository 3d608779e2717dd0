package order

import (
	"strings"
	"unicode"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/orderform"
	"github.com/dropbot/dropbot/flows/resi"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// checkout starts asking for the shipping details.
func (t *turn) checkout() error {
	if ready, err := t.cartReady(); err != nil || !ready {
		return err
	}
	last, found, err := t.Tx.LastAddress(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if found {
		t.Reply(t.P.T("checkout.use_last", "address", FormatAddress(last)),
			t.P.T("checkout.use_last_yes"), t.P.T("checkout.use_last_no"))
		return t.save(state{Flow: chat.FlowCustomer, Step: StepAddrConfirm})
	}
	return t.continueCheckout(stateData{})
}

// cartReady reports whether checkout can start: the cart holds something
// and nothing in it sold out meanwhile. When not, the customer was told.
func (t *turn) cartReady() (bool, error) {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return false, err
	}
	if !ok || len(cart.Items) == 0 {
		return false, t.Menu(t.P.T("cart.is_empty"))
	}
	// Re-check stock: something may have sold out since it was added.
	gone, err := t.dropSoldOut(cart)
	return !gone && err == nil, err
}

// checkoutWith starts checkout with the recipient block the customer sent
// under the cart (name, phone and address, one a line).
func (t *turn) checkoutWith(text string, lines []string) error {
	if ready, err := t.cartReady(); err != nil || !ready {
		return err
	}
	return t.recipientBlock(state{Flow: chat.FlowCustomer, Step: StepName}, text, lines)
}

// cheapestCourier picks the cheapest courier for the review, where the
// customer may change it; ok is false when there is no quote or the
// customer asked to choose (the list is shown then), and asked is true
// when the customer was asked something first (the area, or a courier
// per parcel when no courier serves every parcel; state saved).
func (t *turn) cheapestCourier(d *stateData) (c *quoteChoice, ok, asked bool, err error) {
	if d.PickCourier || d.WantCourier != "" {
		return nil, false, false, nil
	}
	cart, found, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil || !found {
		return nil, false, false, err
	}
	pr, asked, err := t.courierOptions(d, cart)
	if err != nil || asked {
		return nil, false, asked, err
	}
	if len(pr.split) > 0 {
		return nil, false, true, t.askParcelCourier(*d, pr, nil)
	}
	if len(pr.opts) == 0 {
		return nil, false, false, nil
	}
	best := pr.opts[0]
	for _, o := range pr.opts[1:] {
		if o.Total.LessThan(best.Total) {
			best = o
		}
	}
	choice := pr.choice(best)
	return &choice, true, false, nil
}

// dropSoldOut removes cart lines that can no longer be supplied, lowers a
// line to what is left when some are, and tells the customer; gone is
// true when the cart changed (it is shown again to confirm).
func (t *turn) dropSoldOut(cart store.Order) (gone bool, err error) {
	var names, lowered []string
	for _, it := range cart.Items {
		if it.VariantID == 0 {
			continue
		}
		v, _, err := t.Tx.VariantByID(it.VariantID)
		if err != nil && !store.IsNotFound(err) {
			return false, err
		}
		n, counted := v.Available()
		if err == nil && v.Active && counted && n > 0 && n < int64(it.Qty) {
			// Some are left: offer those instead of dropping the line.
			if err := t.Tx.SetItemQty(cart.ID, it.ID, int(n)); err != nil {
				return false, err
			}
			lowered = append(lowered, t.P.T("order.qty_lowered", "name", strings.TrimSpace(it.ProductName+" "+it.VariantName), "want", it.Qty, "count", n))
			continue
		}
		if store.IsNotFound(err) || !v.Active || (counted && n < int64(it.Qty)) {
			if err := t.Tx.SetItemQty(cart.ID, it.ID, 0); err != nil {
				return false, err
			}
			names = append(names, strings.TrimSpace(it.ProductName+" "+it.VariantName))
		}
	}
	if len(names) == 0 && len(lowered) == 0 {
		return false, nil
	}
	if len(names) > 0 {
		t.AddNote(t.P.T("checkout.sold_out_meanwhile", "names", strings.Join(names, ", ")))
	}
	if len(lowered) > 0 {
		t.AddNote(strings.Join(lowered, "\n"))
	}
	return true, t.showCart()
}

func FormatAddress(a store.Address) string {
	addr := address.Address{Line: a.Line, Kelurahan: a.Kelurahan, Kecamatan: a.Kecamatan, City: a.City, Province: a.Province, PostalCode: a.Zip}
	return a.Recipient + " (" + locales.LocalPhone(a.Phone) + ")\n" + addr.String()
}

func (t *turn) onAddrConfirm(text string) error {
	switch chat.Choose(text, []string{t.P.T("checkout.use_last_yes"), t.P.T("checkout.use_last_no")}) {
	case 0:
		last, found, err := t.Tx.LastAddress(t.Who.CustomerID)
		if err != nil {
			return err
		}
		if found {
			d := stateData{Name: last.Recipient, Phone: last.Phone, Addr: &address.Address{Line: last.Line,
				Kelurahan: last.Kelurahan, Kecamatan: last.Kecamatan, City: last.City, Province: last.Province, PostalCode: last.Zip}}
			return t.continueCheckout(d)
		}
	case 1:
		return t.continueCheckout(stateData{})
	}
	t.Reply(t.P.T("customer.pick_option"), t.P.T("checkout.use_last_yes"), t.P.T("checkout.use_last_no"))
	return nil
}

// continueCheckout asks for the first thing checkout still lacks — name,
// phone, address, courier — or, with everything known, shows the review
// where the payment method is chosen (confirm.go).
// Every step ends here, so details given earlier (a pasted format order, a
// saved address) are never asked again.
func (t *turn) continueCheckout(d stateData) error {
	switch {
	case d.Name == "":
		t.Reply(t.P.T("checkout.ask_name"))
		return t.save(state{Flow: chat.FlowCustomer, Step: StepName, Data: d})
	case d.Phone == "":
		t.Reply(t.P.T("checkout.ask_phone", "name", d.Name))
		return t.save(state{Flow: chat.FlowCustomer, Step: StepPhone, Data: d})
	case d.Addr == nil || !d.Addr.Complete():
		if d.Addr == nil {
			t.Reply(t.P.T("checkout.ask_address"))
		} else {
			t.Reply(t.P.T("checkout.address_missing", "fields", t.missingFields(*d.Addr)))
		}
		return t.save(state{Flow: chat.FlowCustomer, Step: StepAddress, Data: d})
	case d.Courier == nil:
		c, ok, asked, err := t.cheapestCourier(&d)
		if err != nil || asked {
			return err
		}
		if !ok && !d.PickCourier && d.WantCourier == "" {
			// No ongkir at all: the owner is told why the order stopped.
			t.AddNote(t.P.T("checkout.no_courier"))
			return t.askAdmin("no_ongkir")
		}
		if !ok {
			return t.askCourier(d)
		}
		d.Courier = c // the review shows it, with "ubah kurir"
	}
	return t.confirm(d)
}

func (t *turn) missingFields(a address.Address) string {
	var parts []string
	for _, f := range requiredMissing(a) {
		parts = append(parts, t.P.T("address.field."+string(f)))
	}
	return strings.Join(parts, ", ")
}

func (t *turn) onName(st state, text string) error {
	// Many people send the whole recipient block at once (name, phone,
	// address on separate lines, with or without labels): take all of it.
	if lines, ok := recipientLines(text); ok {
		return t.recipientBlock(st, text, lines)
	}
	// "bisa cod?", "ongkir ke bekasi berapa", "mau order X 2" are no names.
	if handled, err := t.askedAtRecipient(st, text); handled || err != nil {
		return err
	}
	name := strings.Join(strings.Fields(text), " ")
	if !plausibleName(name) {
		t.Reply(t.P.T("checkout.bad_name"))
		return nil
	}
	st.Data.Name = name
	return t.continueCheckout(st.Data)
}

func plausibleName(name string) bool {
	letters := 0
	for _, r := range name {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 2 || len([]rune(name)) > 60 {
		return false
	}
	for _, w := range strings.Fields(name) {
		if mashed(w) {
			return false // "asdfgh" is not a name
		}
	}
	return true
}

// recipientLines splits a recipient block into its parts: one a line, or,
// as many buyers type it, all on one line separated by commas ("Dewi,
// 0812…, Jl. Kenanga 5, Jatiasih, Bekasi"). A one-line text counts only
// when one of its comma-separated parts is a phone number, so a question
// or a product name with a comma is not taken for an address. ok is false
// when the text is not a block.
func recipientLines(text string) (lines []string, ok bool) {
	if lines = nonEmptyLines(text); len(lines) >= 2 {
		return lines, true
	}
	if len(lines) != 1 {
		return nil, false
	}
	var parts []string
	for _, p := range strings.Split(lines[0], ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) < 3 {
		return nil, false
	}
	if hasPhoneLine(parts[1:]) {
		return parts, true
	}
	return nil, false
}

// hasPhoneLine reports whether one of the parts of a recipient block is a
// phone number, bare or labelled ("HP: 0812…").
func hasPhoneLine(parts []string) bool {
	for _, p := range parts {
		if _, label, found := strings.Cut(p, ":"); found {
			p = label
		}
		if _, err := locales.NormalizePhone(strings.TrimSpace(p)); err == nil {
			return true
		}
	}
	return false
}

func nonEmptyLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// recipientBlock reads "name / phone / address" sent in one message: with
// labels (Nama:, HP:, Alamat:) through the format-order parser, otherwise
// by position — first line the name, a line of phone digits the phone, the
// rest the address.
func (t *turn) recipientBlock(st state, text string, lines []string) error {
	d := st.Data
	var name, phone, addr string
	if f := orderform.Parse(text); f.Name != "" || f.Phone != "" || f.AddressText != "" {
		name, phone, addr = f.Name, f.Phone, f.AddressText
	} else {
		name = lines[0]
		var rest []string
		for _, l := range lines[1:] {
			if phone == "" {
				if _, err := locales.NormalizePhone(l); err == nil {
					phone = l
					continue
				}
			}
			rest = append(rest, l)
		}
		addr = strings.Join(rest, ", ")
	}
	if n := strings.Join(strings.Fields(name), " "); plausibleName(n) {
		d.Name = n
	}
	if ph, err := locales.NormalizePhone(phone); err == nil {
		d.Phone = ph
	}
	if a := address.Resolve(addr).Address; len(strings.Fields(a.Line)) >= 2 {
		d.Addr = &a
	}
	return t.continueCheckout(d)
}

func (t *turn) onPhone(st state, text string) error {
	phone, err := locales.NormalizePhone(text)
	if err != nil {
		if handled, err := t.askedAtRecipient(st, text); handled || err != nil {
			return err
		}
		code := "invalid"
		if pe, ok := err.(*locales.PhoneError); ok {
			code = pe.Code
		}
		t.Reply(t.P.T("phone.err." + code))
		return nil
	}
	st.Data.Phone = phone
	return t.continueCheckout(st.Data)
}

// onAddress reads an address, merging it with what earlier messages gave,
// and asks only for what is still missing.
func (t *turn) onAddress(st state, text string) error {
	if len(st.Data.Choices) > 0 {
		// The answer to "which Depok?": a number picks a candidate; words
		// are read as the address again.
		if k, ok := chat.MenuNumber(chat.Normalize(text)); ok && k >= 1 && k <= len(st.Data.Choices) && st.Data.Addr != nil {
			a := pickPlace(*st.Data.Addr, st.Data.Choices[k-1])
			st.Data.Addr, st.Data.Choices = &a, nil
			return t.continueCheckout(st.Data)
		}
		st.Data.Choices = nil
	}
	if handled, err := t.askedAtRecipient(st, text); handled || err != nil {
		return err
	}
	res := address.Resolve(text)
	got := res.Address
	a := address.Address{}
	if st.Data.Addr != nil {
		a = *st.Data.Addr
	}
	if a.Line == "" {
		a.Line = got.Line
	}
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&a.Kelurahan, got.Kelurahan}, {&a.Kecamatan, got.Kecamatan}, {&a.City, got.City},
		{&a.Province, got.Province}, {&a.PostalCode, got.PostalCode},
	} {
		if *f.dst == "" && f.src != "" {
			*f.dst = f.src
		}
	}
	// A reply to "what is missing" often is just that part, unlabelled
	// ("Banyumanik" after we asked for the kecamatan).
	missing := requiredMissing(a)
	if st.Data.Addr != nil && got.Line != "" && len(missing) > 0 && got.Kecamatan == "" && got.City == "" {
		switch missing[0] {
		case address.FieldKecamatan:
			a.Kecamatan = got.Line
		case address.FieldCity:
			a.City = got.Line
		}
		missing = requiredMissing(a)
	}
	if len(strings.Fields(a.Line)) < 2 {
		st.Data.Addr = nil
		t.Reply(t.P.T("checkout.address_too_short"))
		return t.save(st)
	}
	st.Data.Addr = &a
	switch {
	case res.Status == address.Conflict:
		// "Kec. Coblong, Kota Surabaya": ask, keeping the street typed.
		t.Reply(t.P.T("address.conflict", "names", strings.Join(res.Names, ", ")))
		return t.save(st)
	case res.Status == address.Ambiguous && (a.Kecamatan == "" || a.City == "" || a.Province == ""):
		var opts []string
		st.Data.Choices = nil
		for _, p := range res.Candidates {
			opts = append(opts, p.String())
			st.Data.Choices = append(st.Data.Choices, strings.Join([]string{p.Province.Name, p.City.Name, p.Kecamatan.Name, p.Kelurahan.Name}, "|"))
		}
		t.Reply(t.P.T("address.ambiguous", "name", res.Name), opts...)
		return t.save(st)
	}
	return t.continueCheckout(st.Data)
}

// pickPlace fills an address from a candidate saved as
// "province|city|kecamatan|kelurahan": the parts the candidate names are
// its official names (the "Depok" typed becomes "Kota Depok"); the others
// stay as typed.
func pickPlace(a address.Address, saved string) address.Address {
	parts := strings.Split(saved, "|")
	for len(parts) < 4 {
		parts = append(parts, "")
	}
	for i, dst := range []*string{&a.Province, &a.City, &a.Kecamatan, &a.Kelurahan} {
		if parts[i] != "" {
			*dst = parts[i]
		}
	}
	return a
}

func requiredMissing(a address.Address) []address.Field {
	var out []address.Field
	for _, f := range a.Missing() {
		if f.Required() {
			out = append(out, f)
		}
	}
	return out
}

func (t *turn) askCourier(d stateData) error {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if !ok || len(cart.Items) == 0 {
		return t.Menu(t.P.T("cart.is_empty"))
	}
	pr, asked, err := t.courierOptions(&d, cart)
	if err != nil || asked {
		return err
	}
	if len(pr.split) > 0 { // no courier serves every parcel: one list per parcel
		return t.askParcelCourier(d, pr, nil)
	}
	qs := pr.opts
	if len(qs) == 0 {
		t.Reply(t.P.T("checkout.no_courier"), t.MenuLabels()...)
		return t.askAdmin("help")
	}
	if d.WantCourier != "" {
		for _, q := range qs {
			if courierMatches(d.WantCourier, d.WantService, shipping.Quote{Courier: q.Courier, Service: q.Service}) {
				c := pr.choice(q)
				d.Courier = &c
				return t.continueCheckout(d)
			}
		}
		t.AddNote(t.P.T("checkout.courier_unavailable", "courier", strings.TrimSpace(d.WantCourier+" "+d.WantService)))
		d.WantCourier, d.WantService = "", ""
	}
	d.Quotes = nil
	var labels []string
	for _, q := range qs {
		d.Quotes = append(d.Quotes, pr.choice(q))
		labels = append(labels, t.courierLabel(q))
	}
	kg := shipping.BilledKg(cart.WeightG, 300)
	if len(qs[0].PerParcel) > 1 { // several parcels: each is billed its own kilos
		kg = qs[0].BilledKg
	}
	t.Reply(t.P.T("checkout.pick_courier", "weight", kg), labels...)
	return t.save(state{Flow: chat.FlowCustomer, Step: StepCourier, Data: d})
}

// quoteChoice is a courier option as saved between messages: the total
// ongkir, and what each parcel ships with (kept on the order when it is
// placed). Saved before parcels were kept, it has none; the order's
// parcels are then made from the cart (see orderParcels).
type quoteChoice struct {
	Courier string         `json:"courier"`
	Service string         `json:"service"`
	Cost    string         `json:"cost"`
	Parcels []parcelChoice `json:"parcels,omitempty"`
	Source  string         `json:"source,omitempty"`
	Pooled  bool           `json:"pooled,omitempty"` // the table priced the cart as a whole
}

func (t *turn) paymentMethods() ([]string, error) {
	methods := []string{}
	banks, err := t.Tx.BankAccounts()
	if err != nil {
		return nil, err
	}
	if len(banks) > 0 {
		methods = append(methods, "transfer")
	}
	if q, err := t.Tx.Setting(SettingQRIS, ""); err != nil {
		return nil, err
	} else if q != "" {
		methods = append(methods, "qris")
	}
	if c, err := t.Tx.Setting(SettingCOD, ""); err != nil {
		return nil, err
	} else if c == "on" {
		// Customers whose COD parcels came back too often pay first.
		ok, err := CODAllowed(t.Tx, t.Who.CustomerID)
		if err != nil {
			return nil, err
		}
		if ok {
			methods = append(methods, "cod")
		}
	}
	return methods, nil
}

func (t *turn) onCourier(st state, text string) error {
	k, isNum := chat.MenuNumber(chat.Normalize(text))
	labels := make([]string, len(st.Data.Quotes))
	for i, q := range st.Data.Quotes {
		labels[i] = q.Courier + " " + q.Service
	}
	i := chat.Choose(text, labels)
	if isNum {
		i = k - 1
	}
	if i < 0 || i >= len(st.Data.Quotes) {
		t.Reply(t.P.T("customer.bad_number", "max", len(st.Data.Quotes)))
		return nil
	}
	st.Data.Courier = &st.Data.Quotes[i]
	return t.continueCheckout(st.Data)
}

// askPayment offers the payment methods the owner enabled.
func (t *turn) askPayment(d stateData) error {
	methods, err := t.paymentMethods()
	if err != nil {
		return err
	}
	if len(methods) == 0 {
		t.Reply(t.P.T("checkout.no_payment"))
		return t.askAdmin("help")
	}
	d.Methods = methods
	var opts []string
	for _, m := range methods {
		opts = append(opts, t.P.T("payment.method."+m))
	}
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if !ok || len(cart.Items) == 0 || d.Courier == nil {
		return t.Menu(t.P.T("cart.is_empty"))
	}
	summary, err := t.paySummary(d.Courier, cart.Subtotal)
	if err != nil {
		return err
	}
	text := summary + "\n" + t.P.T("checkout.pick_payment")
	t.Reply(text, opts...)
	return t.save(state{Flow: chat.FlowCustomer, Step: StepPayment, Data: d})
}

// courierMatches tells whether a quote is the courier (and service, when
// given) a customer named, e.g. "JNE REG" or "jnt".
func courierMatches(courier, service string, q shipping.Quote) bool {
	want, ok1 := resi.ParseCourier(courier)
	have, ok2 := resi.ParseCourier(q.Courier)
	if !(ok1 && ok2 && want == have) && !strings.EqualFold(strings.TrimSpace(courier), q.Courier) {
		return false
	}
	return service == "" || strings.EqualFold(service, q.Service)
}

func (t *turn) onPayment(st state, text string) error {
	var opts []string
	for _, m := range st.Data.Methods {
		opts = append(opts, t.P.T("payment.method."+m))
	}
	i := chat.Choose(text, opts)
	if i < 0 {
		i = methodIndex(st.Data.Methods, text)
	}
	if i < 0 {
		t.Reply(t.P.T("customer.bad_number", "max", len(opts)), opts...)
		return nil
	}
	return t.placeOrder(st.Data, st.Data.Methods[i])
}
