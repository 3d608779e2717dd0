package order

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/orderform"
	"github.com/dropbot/dropbot/flows/qris"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/flows/resi"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// Order flow steps.
const (
	StepQty         = "qty"
	StepCart        = "cart"
	StepEditPick    = "edit_pick"
	StepEditQty     = "edit_qty"
	StepAddrConfirm = "addr_confirm"
	StepName        = "name"
	StepPhone       = "phone"
	StepAddress     = "address"
	StepCourier     = "courier"
	StepPayment     = "payment"
)

// Settings the order flow reads.
const (
	SettingShippingFlat = "shipping.flat"       // flat ongkir when the rate table is empty
	SettingKodeUnik     = "payment.kode"        // "on" adds a kode unik to transfers
	SettingQRIS         = "payment.qris"        // the owner's static QRIS payload; "" = QRIS off
	SettingCOD          = "payment.cod"         // "on" offers COD
	SettingCODPercent   = "payment.cod_percent" // COD fee percent of the goods + ongkir
	SettingCODMin       = "payment.cod_min"     // minimum COD fee
	SettingExpiryHours  = "order.expiry_hours"  // unpaid orders expire after this
)

// MaxQty bounds one line's quantity.
const MaxQty = 999

var numberWords = map[string]int{
	"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
	"sembilan": 9, "sepuluh": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
}

// parseQty reads a quantity: digits with an optional "pcs"/"x", or a word
// (satu … sepuluh). ok is false for anything else, including 0 and
// fractions.
func parseQty(s string) (int, bool) {
	s = chat.Normalize(s)
	for _, suf := range []string{"pcs", "pc", "buah", "biji", "x"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suf))
	}
	s = strings.TrimSpace(strings.TrimPrefix(s, "x"))
	if n, ok := numberWords[s]; ok {
		return n, true
	}
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, n > 0 && n <= MaxQty
}

// pickVariant starts ordering a variant: ask how many.
func (t *turn) pickVariant(st state, variantID int64) error {
	v, p, err := t.Tx.VariantByID(variantID)
	if store.IsNotFound(err) || (err == nil && (!v.Active || !p.Active)) {
		return t.products(st.Data.Category, st.Data.Query, st.Data.Offset)
	}
	if err != nil {
		return err
	}
	if v.SoldOut() {
		t.AddNote(t.P.T("order.sold_out", "name", variantLabel(p, v)))
		return t.product(st, p.ID)
	}
	st.Step, st.Data.Variant = StepQty, v.ID
	t.Reply(t.P.T("order.ask_qty", "name", variantLabel(p, v)))
	return t.save(st)
}

func variantLabel(p store.Product, v store.Variant) string {
	if v.Name == "" {
		return p.Name
	}
	return p.Name + " " + v.Name
}

func (t *turn) onQty(st state, text string) error {
	qty, ok := parseQty(text)
	if !ok {
		t.Reply(t.P.T("order.bad_qty", "max", MaxQty))
		return nil
	}
	v, p, err := t.Tx.VariantByID(st.Data.Variant)
	if store.IsNotFound(err) {
		return t.Menu(t.P.T("order.gone"))
	}
	if err != nil {
		return err
	}
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	inCart := 0
	for _, it := range cart.Items {
		if it.VariantID == v.ID {
			inCart += it.Qty
		}
	}
	if n, counted := v.Available(); counted && int64(qty+inCart) > n {
		if n-int64(inCart) <= 0 {
			t.AddNote(t.P.T("order.sold_out", "name", variantLabel(p, v)))
			return t.product(st, p.ID)
		}
		t.Reply(t.P.T("order.not_enough", "name", variantLabel(p, v), "count", n-int64(inCart)))
		return nil
	}
	rules, err := t.Rules()
	if err != nil {
		return err
	}
	price, err := chat.PriceFor(rules, v, t.Who.Tier)
	if err != nil {
		return err
	}
	if !ok {
		cart = store.Order{CustomerID: t.Who.CustomerID, Channel: t.Msg.Channel, ChatID: t.Msg.ChatID,
			Status: store.StatusCart, Tier: t.Who.Tier}
		if err := t.Tx.CreateOrder(&cart); err != nil {
			return err
		}
	}
	err = t.Tx.AddCartItem(cart.ID, store.OrderItem{VariantID: v.ID, SupplierID: p.SupplierID, SKU: p.SKU,
		ProductName: p.Name, VariantName: v.Name, Qty: qty, UnitPrice: price, UnitCost: v.Cost, WeightG: v.WeightG})
	if err != nil {
		return err
	}
	t.AddNote(t.P.T("order.added", "qty", qty, "name", variantLabel(p, v)))
	return t.showCart()
}

func (t *turn) cartLabels() []string {
	return []string{t.P.T("cart.checkout"), t.P.T("cart.add_more"), t.P.T("cart.edit"), t.P.T("cart.empty_it"), t.P.T("menu.back")}
}

// showCart lists the cart with its subtotal.
func (t *turn) showCart() error {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if !ok || len(cart.Items) == 0 {
		return t.Menu(t.P.T("cart.is_empty"))
	}
	t.Reply(t.P.T("cart.head")+"\n"+t.itemLines(cart.Items)+"\n"+t.P.T("cart.subtotal", "amount", locales.FormatRupiah(cart.Subtotal)),
		t.cartLabels()...)
	return t.save(state{Flow: chat.FlowCustomer, Step: StepCart})
}

func (t *turn) itemLines(items []store.OrderItem) string {
	var lines []string
	for i, it := range items {
		name := it.ProductName
		if it.VariantName != "" {
			name += " " + it.VariantName
		}
		lines = append(lines, t.P.T("cart.line", "n", i+1, "name", name, "qty", it.Qty,
			"price", locales.FormatRupiah(it.UnitPrice), "total", locales.FormatRupiah(it.LineTotal())))
	}
	return strings.Join(lines, "\n")
}

func (t *turn) onCart(text string) error {
	switch chat.Choose(text, t.cartLabels()) {
	case 0:
		return t.checkout()
	case 1:
		return t.categories()
	case 2:
		cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
		if err != nil || !ok {
			return err
		}
		t.Reply(t.P.T("cart.edit_pick") + "\n" + t.itemLines(cart.Items))
		return t.save(state{Flow: chat.FlowCustomer, Step: StepEditPick})
	case 3:
		cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
		if err != nil {
			return err
		}
		if ok {
			if err := t.Tx.SetOrderStatus(cart.ID, store.StatusCart, store.StatusCancelled, t.Actor(), "cart emptied"); err != nil {
				return err
			}
		}
		return t.Menu(t.P.T("cart.emptied"))
	case 4:
		return t.Menu("")
	}
	return t.unclearIn(t.showCart)
}

// unclearIn answers text a step did not understand by repeating the step
// with a hint, unless the text finds products (then it is a search).
func (t *turn) unclearIn(again func() error) error {
	norm := chat.Normalize(t.Msg.Text)
	if len([]rune(norm)) >= 3 && !chat.IsNumber(norm) {
		found, err := t.searchHits(norm)
		if err != nil {
			return err
		}
		if found {
			return t.search(norm)
		}
	}
	t.AddNote(t.P.T("customer.pick_option"))
	return again()
}

func (t *turn) onEditPick(st state, text string) error {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if !ok {
		return t.Menu(t.P.T("cart.is_empty"))
	}
	k, isNum := chat.MenuNumber(chat.Normalize(text))
	if !isNum || k < 1 || k > len(cart.Items) {
		t.Reply(t.P.T("customer.bad_number", "max", len(cart.Items)))
		return nil
	}
	st.Step, st.Data.Item = StepEditQty, cart.Items[k-1].ID
	t.Reply(t.P.T("cart.edit_qty"))
	return t.save(st)
}

func (t *turn) onEditQty(st state, text string) error {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if !ok {
		return t.Menu(t.P.T("cart.is_empty"))
	}
	qty, valid := parseQty(text)
	if chat.Normalize(text) == "0" || chat.Normalize(text) == "hapus" {
		qty, valid = 0, true
	}
	if !valid {
		t.Reply(t.P.T("order.bad_qty", "max", MaxQty))
		return nil
	}
	for _, it := range cart.Items {
		if it.ID != st.Data.Item {
			continue
		}
		if qty > 0 && it.VariantID != 0 {
			v, _, err := t.Tx.VariantByID(it.VariantID)
			if err != nil && !store.IsNotFound(err) {
				return err
			}
			if n, counted := v.Available(); err == nil && counted && int64(qty) > n {
				t.Reply(t.P.T("order.not_enough", "name", it.ProductName+" "+it.VariantName, "count", n))
				return nil
			}
		}
		if err := t.Tx.SetItemQty(cart.ID, it.ID, qty); err != nil {
			return err
		}
		return t.showCart()
	}
	return t.showCart()
}

// checkout starts asking for the shipping details.
func (t *turn) checkout() error {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if !ok || len(cart.Items) == 0 {
		return t.Menu(t.P.T("cart.is_empty"))
	}
	// Re-check stock: something may have sold out since it was added.
	if gone, err := t.dropSoldOut(cart); err != nil || gone {
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

// dropSoldOut removes cart lines that can no longer be supplied and tells
// the customer; gone is true when something was removed.
func (t *turn) dropSoldOut(cart store.Order) (gone bool, err error) {
	var names []string
	for _, it := range cart.Items {
		if it.VariantID == 0 {
			continue
		}
		v, _, err := t.Tx.VariantByID(it.VariantID)
		if err != nil && !store.IsNotFound(err) {
			return false, err
		}
		if n, counted := v.Available(); store.IsNotFound(err) || !v.Active || (counted && n < int64(it.Qty)) {
			if err := t.Tx.SetItemQty(cart.ID, it.ID, 0); err != nil {
				return false, err
			}
			names = append(names, strings.TrimSpace(it.ProductName+" "+it.VariantName))
		}
	}
	if len(names) == 0 {
		return false, nil
	}
	t.AddNote(t.P.T("checkout.sold_out_meanwhile", "names", strings.Join(names, ", ")))
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
// phone, address, courier — or, with everything known, the payment method.
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
		return t.askCourier(d)
	}
	return t.askPayment(d)
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
	if lines := nonEmptyLines(text); len(lines) >= 2 {
		return t.recipientBlock(st, text, lines)
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
	return letters >= 2 && len([]rune(name)) <= 60
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
	if a := address.Parse(addr); len(strings.Fields(a.Line)) >= 2 {
		d.Addr = &a
	}
	return t.continueCheckout(d)
}

func (t *turn) onPhone(st state, text string) error {
	phone, err := locales.NormalizePhone(text)
	if err != nil {
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
	got := address.Parse(text)
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
	return t.continueCheckout(st.Data)
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

// quotes prices the cart to the address with the owner's rate table, or
// the flat ongkir when the table is empty.
func (t *turn) quotes(province string, weightG int) ([]shipping.Quote, error) {
	rates, err := t.Tx.ShippingRates()
	if err != nil {
		return nil, err
	}
	if len(rates) == 0 {
		flat, err := t.Tx.Setting(SettingShippingFlat, "")
		if err != nil || flat == "" {
			return nil, err
		}
		cost, err := decimal.NewFromString(flat)
		if err != nil {
			return nil, fmt.Errorf("setting %s: %w", SettingShippingFlat, err)
		}
		return []shipping.Quote{{Courier: t.P.T("checkout.flat_courier"), Service: "", Cost: cost, BilledKg: shipping.BilledKg(weightG, 300)}}, nil
	}
	table := make(shipping.Table, len(rates))
	for i, r := range rates {
		table[i] = shipping.Rate{Courier: r.Courier, Service: r.Service, Province: r.Province, FirstKg: r.FirstKg,
			NextKg: r.NextKg, RoundFromG: r.RoundFromG, ETD: r.ETD}
	}
	return table.Quotes(t.Ctx, province, weightG)
}

func (t *turn) askCourier(d stateData) error {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if !ok || len(cart.Items) == 0 {
		return t.Menu(t.P.T("cart.is_empty"))
	}
	qs, err := t.quotes(d.Addr.Province, cart.WeightG)
	if err != nil {
		return err
	}
	if len(qs) == 0 {
		t.Reply(t.P.T("checkout.no_courier"), t.MenuLabels()...)
		return t.askAdmin("help")
	}
	if d.WantCourier != "" {
		for _, q := range qs {
			if courierMatches(d.WantCourier, d.WantService, q) {
				d.Courier = &QuoteChoice{Courier: q.Courier, Service: q.Service, Cost: q.Cost.String()}
				return t.continueCheckout(d)
			}
		}
		t.AddNote(t.P.T("checkout.courier_unavailable", "courier", strings.TrimSpace(d.WantCourier+" "+d.WantService)))
		d.WantCourier, d.WantService = "", ""
	}
	d.Quotes = nil
	var labels []string
	for _, q := range qs {
		d.Quotes = append(d.Quotes, QuoteChoice{Courier: q.Courier, Service: q.Service, Cost: q.Cost.String()})
		label := strings.TrimSpace(q.Courier + " " + q.Service)
		if q.ETD != "" {
			labels = append(labels, t.P.T("checkout.courier_option_etd", "courier", label, "cost", locales.FormatRupiah(q.Cost), "etd", q.ETD))
		} else {
			labels = append(labels, t.P.T("checkout.courier_option", "courier", label, "cost", locales.FormatRupiah(q.Cost)))
		}
	}
	kg := shipping.BilledKg(cart.WeightG, 300)
	t.Reply(t.P.T("checkout.pick_courier", "weight", kg), labels...)
	return t.save(state{Flow: chat.FlowCustomer, Step: StepCourier, Data: d})
}

// quoteChoice is a courier option as saved between messages.
type QuoteChoice struct {
	Courier string `json:"courier"`
	Service string `json:"service"`
	Cost    string `json:"cost"`
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
	ship, err := decimal.NewFromString(d.Courier.Cost)
	if err != nil {
		return fmt.Errorf("saved ongkir: %w", err)
	}
	text := t.P.T("checkout.pay_summary", "courier", strings.TrimSpace(d.Courier.Courier+" "+d.Courier.Service),
		"shipping", locales.FormatRupiah(ship), "total", locales.FormatRupiah(cart.Subtotal.Add(ship))) +
		"\n" + t.P.T("checkout.pick_payment")
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
		t.Reply(t.P.T("customer.bad_number", "max", len(opts)), opts...)
		return nil
	}
	return t.placeOrder(st.Data, st.Data.Methods[i])
}

// placeOrder turns the cart into an order awaiting payment (or, for COD,
// an order being processed): stock reserved, kode unik drawn, deadline set,
// the invoice sent and the owner told.
func (t *turn) placeOrder(d stateData, method string) error {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if !ok || len(cart.Items) == 0 || d.Courier == nil || d.Addr == nil {
		return t.Menu(t.P.T("cart.is_empty"))
	}
	if gone, err := t.dropSoldOut(cart); err != nil || gone {
		return err
	}
	for _, it := range cart.Items {
		if it.VariantID == 0 {
			continue
		}
		if err := t.Tx.Reserve(it.VariantID, it.Qty); err != nil {
			return err // dropSoldOut checked availability in this same transaction
		}
	}
	shippingCost, err := decimal.NewFromString(d.Courier.Cost)
	if err != nil {
		return fmt.Errorf("saved ongkir: %w", err)
	}
	o := cart
	o.RecipientName, o.RecipientPhone = d.Name, d.Phone
	o.AddressLine, o.Kelurahan, o.Kecamatan, o.City, o.Province, o.PostalCode =
		d.Addr.Line, d.Addr.Kelurahan, d.Addr.Kecamatan, d.Addr.City, d.Addr.Province, d.Addr.PostalCode
	o.Courier, o.Service, o.Shipping, o.PaymentMethod = d.Courier.Courier, d.Courier.Service, shippingCost, method
	o.SenderName, o.SenderPhone = d.SenderName, d.SenderPhone
	o.Total = o.Subtotal.Add(shippingCost)
	next := store.StatusAwaitPay
	switch method {
	case "cod":
		fee, err := t.codFee(o.Total)
		if err != nil {
			return err
		}
		o.CODFee, o.Total, next = fee, o.Total.Add(fee), store.StatusProcessing
	case "transfer":
		if kode, err := KodeUnik.Read(t.Tx); err != nil {
			return err
		} else if kode == "on" {
			if o.UniqueCode, err = t.Tx.FreeUniqueCode(); err != nil {
				return err
			}
			o.Total = o.Total.Add(decimal.NewFromInt(int64(o.UniqueCode)))
		}
	}
	if next == store.StatusAwaitPay {
		hours, err := t.Int(ExpiryHours)
		if err != nil {
			return err
		}
		o.ExpiresAt = t.Tx.Now().Add(time.Duration(hours) * time.Hour)
	}
	if err := t.Tx.SaveCheckout(o); err != nil {
		return err
	}
	if err := t.Tx.SetOrderStatus(o.ID, store.StatusCart, next, t.Actor(), "checkout"); err != nil {
		return err
	}
	if err := t.Tx.SaveAddress(store.Address{CustomerID: t.Who.CustomerID, Recipient: d.Name, Phone: d.Phone, Line: d.Addr.Line,
		Kelurahan: d.Addr.Kelurahan, Kecamatan: d.Addr.Kecamatan, City: d.Addr.City, Province: d.Addr.Province, Zip: d.Addr.PostalCode}); err != nil {
		return err
	}
	o, err = t.Tx.OrderByCode(o.Code)
	if err != nil {
		return err
	}
	if o.Status == store.StatusAwaitPay {
		if err := t.schedulePaymentJobs(o); err != nil {
			return err
		}
	}
	if err := t.invoice(o); err != nil {
		return err
	}
	t.notifyOwners(o, "owner.new_order")
	if o.Status == store.StatusProcessing { // COD: no payment to wait for
		if err := t.commitStock(o); err != nil {
			return err
		}
		if err := relay.ReleaseToSuppliers(t.Turn, o); err != nil {
			return err
		}
	}
	return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}

// codFee is percent × amount with a minimum, rounded up to whole rupiah.
func (t *turn) codFee(amount decimal.Decimal) (decimal.Decimal, error) {
	pct, err := CODPercent.Read(t.Tx)
	if err != nil {
		return decimal.Zero, err
	}
	minFee, err := CODMin.Read(t.Tx)
	if err != nil {
		return decimal.Zero, err
	}
	p, err1 := decimal.NewFromString(pct)
	m, err2 := decimal.NewFromString(minFee)
	if err1 != nil || err2 != nil {
		return decimal.Zero, fmt.Errorf("COD fee settings are not numbers")
	}
	fee := amount.Mul(p).Shift(-2).Ceil()
	if fee.LessThan(m) {
		fee = m
	}
	return fee, nil
}

// invoice sends the order summary and how to pay.
func (t *turn) invoice(o store.Order) error {
	var b strings.Builder
	b.WriteString(t.P.T("invoice.head", "code", o.Code) + "\n")
	b.WriteString(t.itemLines(o.Items) + "\n")
	b.WriteString(t.P.T("invoice.subtotal", "amount", locales.FormatRupiah(o.Subtotal)) + "\n")
	b.WriteString(t.P.T("invoice.shipping", "courier", strings.TrimSpace(o.Courier+" "+o.Service), "amount", locales.FormatRupiah(o.Shipping)) + "\n")
	if o.UniqueCode > 0 {
		b.WriteString(t.P.T("invoice.kode_unik", "amount", locales.FormatRupiah(decimal.NewFromInt(int64(o.UniqueCode)))) + "\n")
	}
	if o.CODFee.IsPositive() {
		b.WriteString(t.P.T("invoice.cod_fee", "amount", locales.FormatRupiah(o.CODFee)) + "\n")
	}
	b.WriteString(t.P.T("invoice.total", "amount", locales.FormatRupiah(o.Total)) + "\n")
	b.WriteString(t.P.T("invoice.ship_to", "name", o.RecipientName, "phone", locales.LocalPhone(o.RecipientPhone),
		"address", chat.FormatOrderAddress(o)))
	if o.SenderName != "" {
		sender := o.SenderName
		if o.SenderPhone != "" {
			sender += " (" + locales.LocalPhone(o.SenderPhone) + ")"
		}
		b.WriteString("\n" + t.P.T("form.sender", "sender", sender))
	}
	out := chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code}}
	switch o.PaymentMethod {
	case "transfer":
		banks, err := t.Tx.BankAccounts()
		if err != nil {
			return err
		}
		b.WriteString("\n\n" + t.P.T("invoice.pay_transfer", "amount", locales.FormatRupiah(o.Total)))
		for _, a := range banks {
			b.WriteString("\n" + t.P.T("invoice.bank_line", "bank", a.Bank, "number", a.Number, "holder", a.Holder))
		}
		if o.UniqueCode > 0 {
			b.WriteString("\n" + t.P.T("invoice.exact_amount"))
		}
		b.WriteString("\n" + t.P.T("invoice.deadline", "time", t.P.DateTime(o.ExpiresAt)))
	case "qris":
		static, err := t.Tx.Setting(SettingQRIS, "")
		if err != nil {
			return err
		}
		payload, err := qris.Dynamic(static, o.Total)
		if err != nil {
			// The owner's QRIS is unusable: say so, and send no wrong code.
			t.Env.Log.Warn("qris payload rejected", "err", err)
			b.WriteString("\n\n" + t.P.T("invoice.qris_broken"))
			break
		}
		png, err := qris.PNG(payload, 512)
		if err != nil {
			return err
		}
		m, err := t.Tx.SaveMedia(t.Env.MediaDir, png, "image/png")
		if err != nil {
			return err
		}
		out.MediaID = m.ID
		b.WriteString("\n\n" + t.P.T("invoice.pay_qris", "amount", locales.FormatRupiah(o.Total), "merchant", qris.MerchantName(static)))
		b.WriteString("\n" + t.P.T("invoice.deadline", "time", t.P.DateTime(o.ExpiresAt)))
	case "cod":
		b.WriteString("\n\n" + t.P.T("invoice.pay_cod", "amount", locales.FormatRupiah(o.Total)))
	}
	out.Text = b.String()
	t.Send(out)
	return nil
}

// notifyOwners tells every owner about an order.
func (t *turn) notifyOwners(o store.Order, key string) {
	owners, err := t.Tx.Staff(store.StaffOwner)
	if err != nil {
		t.Env.Log.Warn("owner lookup failed", "err", err)
		return
	}
	p := t.OwnerPrinter()
	for _, ow := range owners {
		t.Send(chat.Out{To: chat.Address{Channel: ow.Channel, ChatID: ow.UserID}, Ref: chat.Ref{Kind: "order", ID: o.Code},
			Text: p.T(key, "code", o.Code, "name", o.RecipientName, "total", locales.FormatRupiah(o.Total),
				"method", p.T("payment.method."+o.PaymentMethod), "items", len(o.Items))})
	}
}

// proof handles a photo sent while an order waits for payment.
func (t *turn) proof(m *chat.Media) (bool, error) {
	waiting, err := t.Tx.OrdersWithStatus(t.Who.CustomerID, store.StatusAwaitPay)
	if err != nil {
		return false, err
	}
	checking, err := t.Tx.OrdersWithStatus(t.Who.CustomerID, store.StatusAwaitVerify)
	if err != nil {
		return false, err
	}
	if len(waiting) == 0 && len(checking) == 0 {
		return t.lateProof(m)
	}
	if m.Kind != chat.MediaPhoto || m.MediaID == 0 {
		t.Reply(t.P.T("proof.not_photo"))
		return true, nil
	}
	o := waiting
	if len(o) == 0 {
		o = checking
	}
	order := o[0]
	if t.Msg.ReplyRef.Kind == "order" {
		if named, err := t.Tx.OrderByCode(t.Msg.ReplyRef.ID); err == nil && named.CustomerID == t.Who.CustomerID {
			order = named
		}
	}
	if order.Status != store.StatusAwaitPay && order.Status != store.StatusAwaitVerify {
		t.Reply(t.P.T("proof.not_waiting", "code", order.Code, "status", t.P.T("status."+order.Status)))
		return true, nil
	}
	if _, err := t.Tx.AddPayment(store.Payment{OrderID: order.ID, Direction: "in", Method: order.PaymentMethod,
		Amount: order.Total, Status: "pending", ProofMediaID: m.MediaID, Actor: t.Actor()}); err != nil {
		return false, err
	}
	if order.Status == store.StatusAwaitPay {
		if err := t.Tx.SetOrderStatus(order.ID, store.StatusAwaitPay, store.StatusAwaitVerify, t.Actor(), "bukti transfer"); err != nil {
			return false, err
		}
	}
	t.Reply(t.P.T("proof.received", "code", order.Code), t.MenuLabels()...)
	owners, err := t.Tx.Staff(store.StaffOwner)
	if err != nil {
		return false, err
	}
	p := t.OwnerPrinter()
	for _, ow := range owners {
		t.Send(chat.Out{To: chat.Address{Channel: ow.Channel, ChatID: ow.UserID}, MediaID: m.MediaID, Ref: chat.Ref{Kind: "order", ID: order.Code},
			Text:    p.T("owner.proof", "code", order.Code, "name", order.RecipientName, "total", locales.FormatRupiah(order.Total)),
			Options: []string{p.T("owner.option_approve"), p.T("owner.option_reject")}})
	}
	return true, t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}

// lateProof handles a payment photo when no order waits for payment: if
// the customer's latest order expired, was cancelled or is already paid,
// the photo may still be money sent, so it is kept on that order and the
// owner gets it to check by hand. handled is false when there is no order.
func (t *turn) lateProof(m *chat.Media) (bool, error) {
	if m.Kind != chat.MediaPhoto || m.MediaID == 0 {
		return false, nil
	}
	orders, err := t.Tx.OrdersOfCustomer(t.Who.CustomerID, 1)
	if err != nil || len(orders) == 0 || orders[0].Status == store.StatusCart {
		return false, err
	}
	o := orders[0]
	if _, err := t.Tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "in", Method: o.PaymentMethod,
		Amount: o.Total, Status: "pending", ProofMediaID: m.MediaID, Actor: t.Actor(), Note: "proof after " + o.Status}); err != nil {
		return false, err
	}
	t.Reply(t.P.T("proof.forwarded", "code", o.Code, "status", t.P.T("status."+o.Status)), t.MenuLabels()...)
	owners, err := t.Tx.Staff(store.StaffOwner)
	if err != nil {
		return false, err
	}
	p := t.OwnerPrinter()
	for _, ow := range owners {
		t.Send(chat.Out{To: chat.Address{Channel: ow.Channel, ChatID: ow.UserID}, MediaID: m.MediaID, Ref: chat.Ref{Kind: "order", ID: o.Code},
			Text: p.T("owner.proof_late", "code", o.Code, "status", p.T("status."+o.Status), "name", o.RecipientName,
				"total", locales.FormatRupiah(o.Total))})
	}
	return true, t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}

// cancelOrder cancels the customer's own unpaid order by code.
func (t *turn) cancelOrder(code string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	o, err := t.Tx.OrderByCode(code)
	if store.IsNotFound(err) || (err == nil && o.CustomerID != t.Who.CustomerID) {
		// Someone else's code looks exactly like an unknown one.
		return t.MenuOrStay(t.P.T("orders.unknown_code", "code", code))
	}
	if err != nil {
		return err
	}
	if o.Status != store.StatusAwaitPay {
		return t.MenuOrStay(t.P.T("orders.cannot_cancel", "code", o.Code, "status", t.P.T("status."+o.Status)))
	}
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusCancelled, t.Actor(), "customer cancelled"); err != nil {
		return err
	}
	for _, it := range o.Items {
		if it.VariantID != 0 {
			if err := t.Tx.Release(it.VariantID, it.Qty); err != nil {
				return err
			}
		}
	}
	t.notifyOwners(o, "owner.cancelled")
	return t.Menu(t.P.T("orders.cancelled", "code", o.Code))
}
