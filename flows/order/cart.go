package order

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
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
	if want := st.Data.WantQty; want > 0 {
		// The quantity came with the order words: into the cart.
		st.Data.WantQty = 0
		ok, err := t.addToCart(p, v, want)
		if err != nil || !ok {
			return err
		}
		return t.showCart()
	}
	st.Step, st.Data.Variant = StepQty, v.ID
	return t.askQty(st, p, v)
}

// askQty asks how many of the variant the customer is ordering.
func (t *turn) askQty(st state, p store.Product, v store.Variant) error {
	t.Reply(t.P.T("order.ask_qty", "name", variantLabel(p, v)), t.qtyOptions()...)
	return t.save(st)
}

// qtyOptions are the quantities offered as options; any other number may
// be typed ("4" is four pieces, not a fourth option).
func (t *turn) qtyOptions() []string {
	return []string{t.P.T("order.qty_option", "n", 1), t.P.T("order.qty_option", "n", 2), t.P.T("order.qty_option", "n", 3)}
}

func variantLabel(p store.Product, v store.Variant) string {
	if v.Name == "" {
		return p.Name
	}
	return p.Name + " " + v.Name
}

// onQty reads how many: a number, or a question about the shop answered
// with the quantity asked again in the same message.
func (t *turn) onQty(st state, text string) error {
	v, p, err := t.Tx.VariantByID(st.Data.Variant)
	if store.IsNotFound(err) {
		return t.Menu(t.P.T("order.gone"))
	}
	if err != nil {
		return err
	}
	qty, ok := parseQty(text)
	if !ok {
		again := func() error { return t.askQty(st, p, v) }
		if handled, err := t.askedInStep(st, text, again); handled || err != nil {
			return err
		}
		t.Reply(t.P.T("order.bad_qty", "max", MaxQty))
		return nil
	}
	ok, err = t.addToCart(p, v, qty)
	if err != nil || !ok {
		return err
	}
	return t.showCart()
}

// addToCart puts qty of a variant in the customer's cart (making the cart
// when there is none). It reports false when the stock is short; the
// customer was told.
func (t *turn) addToCart(p store.Product, v store.Variant, qty int) (bool, error) {
	if err := t.ensureBuyer(); err != nil {
		return false, err
	}
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return false, err
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
			return false, t.product(state{Flow: chat.FlowCustomer}, p.ID)
		}
		t.Reply(t.P.T("order.not_enough", "name", variantLabel(p, v), "count", n-int64(inCart)))
		return false, nil
	}
	rules, err := t.Rules()
	if err != nil {
		return false, err
	}
	price, err := chat.PriceFor(rules, v, t.Who.Tier)
	if err != nil {
		return false, err
	}
	if !ok {
		cart = store.Order{CustomerID: t.Who.CustomerID, Channel: t.Msg.Channel, ChatID: t.Msg.ChatID,
			Status: store.StatusCart, Tier: t.Who.Tier}
		if err := t.Tx.CreateOrder(&cart); err != nil {
			return false, err
		}
	}
	err = t.Tx.AddCartItem(cart.ID, store.OrderItem{VariantID: v.ID, SupplierID: p.SupplierID, SKU: p.SKU,
		ProductName: p.Name, VariantName: v.Name, Qty: qty, UnitPrice: price, UnitCost: v.Cost, WeightG: v.WeightG})
	if err != nil {
		return false, err
	}
	t.AddNote(t.P.T("order.added", "qty", qty, "name", variantLabel(p, v)))
	return true, nil
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
	t.Reply(t.P.T("cart.head")+"\n"+t.itemLines(cart.Items)+"\n"+t.P.T("cart.subtotal", "amount", locales.FormatRupiah(cart.Subtotal))+
		"\n\n"+t.P.T("cart.send_recipient"), t.cartLabels()...)
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
	// The recipient block sent right under the cart (the cart says so):
	// checkout with it, no "1" first.
	if lines, ok := recipientLines(text); ok {
		return t.checkoutWith(text, lines)
	}
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
	st := state{Flow: chat.FlowCustomer, Step: StepCart}
	if handled, err := t.askedInStep(st, text, t.showCart); handled || err != nil {
		return err
	}
	return t.unclearIn(t.showCart)
}

// unclearIn answers text a step did not understand by repeating the step
// with a hint, unless the text finds products (then it is a search).
func (t *turn) unclearIn(again func() error) error {
	if handled, err := t.answerOrSearch(true); handled || err != nil {
		return err
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
