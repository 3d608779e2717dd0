package order

import (
	"fmt"
	"strings"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/intent"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// What buyers type instead of pressing a menu: greetings, "ready kak?",
// "berapa ongkir ke bekasi?", "bisa cod?", "mau order gamis busui 2 ya",
// "sudah transfer kak", a bare order code. flows/intent reads the text;
// this file answers it with the shop's real prices, stock and settings.

// maxIntentProducts bounds the product names read to classify one message.
const maxIntentProducts = 500

// catalogue is the active products and their names, in the same order.
func (t *turn) catalogue() ([]store.Product, []string, error) {
	ps, _, err := t.Tx.Products(store.ProductFilter{Limit: maxIntentProducts})
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return ps, names, nil
}

// answerIntent answers text no step understood by what it asks for. It
// reports false for text it cannot place, which the caller answers, and,
// inStep, for a number (the step shows its own list again).
func (t *turn) answerIntent(text string, inStep bool) (bool, error) {
	ps, names, err := t.catalogue()
	if err != nil {
		return false, err
	}
	in := intent.Classify(text, names)
	if t.MidStep && !staysInStep(in.Kind) {
		return false, nil // the step asks again; nothing typed is lost
	}
	if in.Kind == intent.Track && in.Code != "" && !in.CodeSure {
		// "HAPUS" has the shape of a code: only the customer's own counts.
		if own, err := t.ownOrder(in.Code); err != nil || !own {
			return false, err
		}
	}
	greet := ""
	switch in.Greeting {
	case intent.GreetSalam:
		greet = t.P.T("intent.salam_reply")
	case intent.GreetHello:
		greet = t.P.T("intent.hello_reply")
	}
	if greet != "" && in.Kind != intent.Salam {
		t.AddNote(greet)
	}
	switch in.Kind {
	case intent.Salam:
		if greet == "" && !t.Fresh {
			greet = t.P.T("intent.ack_reply") // a bare "kak" or "ya" mid-chat
		}
		return true, t.Menu(greet)
	case intent.Thanks:
		return true, t.MenuOrStay(t.P.T("intent.thanks_reply"))
	case intent.Ack:
		return true, t.Menu(t.P.T("intent.ack_reply"))
	case intent.Stock, intent.Price, intent.ProductOnly:
		return true, t.askedProduct(in, ps)
	case intent.Ongkir:
		return true, t.ongkirTo(in.City)
	case intent.COD:
		return true, t.codAnswer()
	case intent.PayInfo:
		return true, t.payInfo()
	case intent.Format:
		ex, err := t.orderExample()
		if err != nil {
			return true, err
		}
		return true, t.MenuOrStay(t.P.T("intent.format_how", "example", ex))
	case intent.Paid:
		return true, t.MenuOrStay(t.P.T("intent.send_proof"))
	case intent.NotPaid:
		return true, t.MenuOrStay(t.P.T("intent.not_paid_yet"))
	case intent.Track:
		return true, t.track(in.Code)
	case intent.Human:
		return true, t.askAdmin("help")
	case intent.Cancel:
		return true, t.cancelWords(in, text)
	case intent.Wrong:
		return true, t.wrongOrder(in, text)
	case intent.Order:
		return true, t.orderWords(in, ps)
	case intent.Number:
		if inStep {
			return false, nil
		}
		// A number outside any menu: show the menu it can answer.
		return true, t.Menu(t.P.T("customer.bad_number", "max", len(t.MenuLabels())))
	}
	return false, nil
}

// staysInStep reports whether a kind of message can be answered in the
// middle of a step without leaving it: questions about the shop. Others
// (an order, a code, a product) would drop what the customer was doing.
func staysInStep(k intent.Kind) bool {
	switch k {
	case intent.Thanks, intent.Ongkir, intent.COD, intent.PayInfo, intent.Format, intent.Paid, intent.NotPaid:
		return true
	}
	return false
}

// ownOrder reports whether code is one of the customer's own orders.
func (t *turn) ownOrder(code string) (bool, error) {
	o, err := t.Tx.OrderByCode(code)
	if store.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return o.CustomerID == t.Who.CustomerID && o.Status != store.StatusCart, nil
}

// track answers "cek resi", "pesanan saya sampai mana" or a bare code: the
// order when the code is one of the customer's own, otherwise their list
// (a code of someone else's order gets the same answer as a typo).
func (t *turn) track(code string) error {
	if code != "" {
		own, err := t.ownOrder(code)
		if err != nil {
			return err
		}
		if own {
			return t.myOrder(code)
		}
	}
	// "cek resi" from a customer with one order: that order.
	os, err := t.Tx.OrdersOfCustomer(t.Who.CustomerID, 3)
	if err != nil {
		return err
	}
	var placed []store.Order
	for _, o := range os {
		if o.Status != store.StatusCart {
			placed = append(placed, o)
		}
	}
	if len(placed) == 1 {
		return t.myOrder(placed[0].Code)
	}
	return t.myOrders("")
}

// askedProduct answers "ready kak?", "harga hijab brp", "gamis busui navy":
// the product's page (real prices and stock) when one product fits, a
// search when several do, the catalogue when none was named.
func (t *turn) askedProduct(in intent.Intent, ps []store.Product) error {
	if len(in.ProductMatches) == 1 {
		return t.product(state{Flow: chat.FlowCustomer}, ps[in.ProductMatches[0]].ID)
	}
	if in.Product != "" {
		q := in.Product
		found, err := t.searchHits(q)
		if k := knownWords(q, ps); err == nil && !found && k != "" && k != q {
			// "woi gamis", "gamis ukuran l": the words the catalogue knows.
			q = k
			found, err = t.searchHits(q)
		}
		if err != nil {
			return err
		}
		if found {
			return t.search(q)
		}
		t.AddNote(t.P.T("intent.product_unknown", "query", in.Product))
		return t.categories()
	}
	t.AddNote(t.P.T("intent.which_product"))
	return t.categories()
}

// orderWords answers "mau order gamis busui 2 ya": each item that names one
// variant goes into the cart; an item that names a product with several
// variants opens its page; no item at all shows how to order.
func (t *turn) orderWords(in intent.Intent, ps []store.Product) error {
	if len(in.Items) == 0 {
		return t.startOrder()
	}
	var prev *store.Product
	for _, it := range in.Items {
		m, n, err := t.resolveItem(it.Query)
		if k := knownWords(it.Query, ps); err == nil && n != 1 && k != "" && k != it.Query {
			// "tambah 1 hijab hitam": the words the catalogue knows, so the
			// variant named is kept.
			m, n, err = t.resolveItem(k)
		}
		if err == nil && n != 1 && prev != nil && len(intent.MatchProducts(it.Query, productNames(ps))) == 0 {
			// "gamis syari M 2, L 1": a size after a comma is the same product.
			m, n, err = t.resolveItem(prev.SKU + " " + it.Query)
		}
		if err != nil {
			return err
		}
		if n != 1 {
			matches := intent.MatchProducts(it.Query, productNames(ps))
			if len(matches) == 1 {
				// Which variant is still to say; the quantity is kept.
				st := state{Flow: chat.FlowCustomer}
				st.Data.WantQty = min(max(it.Qty, 0), MaxQty)
				return t.product(st, ps[matches[0]].ID)
			}
			t.AddNote(t.P.T("intent.product_unknown", "query", it.Query))
			return t.categories()
		}
		if it.Qty <= 0 {
			return t.pickVariant(state{Flow: chat.FlowCustomer}, m.variant.ID)
		}
		ok, err := t.addToCart(m.product, m.variant, it.Qty)
		if err != nil || !ok {
			return err
		}
		prev = &m.product
	}
	return t.showCart()
}

// knownWords keeps the words of query the catalogue holds, as the search
// reads them (in a product's name or SKU, or a variant's name), dropping
// the rest: "woi gamis" is "gamis", "tambah hijab hitam" is "hijab hitam".
// It is "" unless a kept word has three letters or more.
func knownWords(query string, ps []store.Product) string {
	hays := make([]string, len(ps))
	for i, p := range ps {
		h := strings.ToLower(p.Name + " " + p.SKU)
		for _, v := range p.Variants {
			if v.Active {
				h += " " + strings.ToLower(v.Name)
			}
		}
		hays[i] = h
	}
	var out []string
	long := false
	for _, w := range strings.Fields(strings.ToLower(query)) {
		for _, h := range hays {
			if strings.Contains(h, w) {
				out = append(out, w)
				long = long || len([]rune(w)) >= 3
				break
			}
		}
	}
	if !long {
		return ""
	}
	return strings.Join(out, " ")
}

func productNames(ps []store.Product) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

// startOrder is "mau order" with nothing named: the cart when it holds
// something, otherwise the format-order template and the catalogue.
func (t *turn) startOrder() error {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if ok && len(cart.Items) > 0 {
		return t.showCart()
	}
	ex, err := t.orderExample()
	if err != nil {
		return err
	}
	t.AddNote(t.P.T("order.how", "example", ex))
	return t.products(nil, "", 0)
}

// ongkirTo answers "berapa ongkir ke bekasi?" with the couriers' prices for
// one kilo to that city's province.
func (t *turn) ongkirTo(city string) error {
	if strings.TrimSpace(city) == "" {
		return t.MenuOrStay(t.P.T("intent.ongkir_where"))
	}
	places, err := address.Lookup(city)
	if err != nil {
		return err
	}
	province := ""
	for _, p := range places {
		if province == "" {
			province = p.Province.Name
		} else if province != p.Province.Name {
			province = "" // two provinces share the name: ask at checkout
			break
		}
	}
	if province == "" {
		return t.MenuOrStay(t.P.T("intent.ongkir_unknown_city", "city", city))
	}
	qs, err := t.quotes(province, 1000)
	if err != nil {
		return err
	}
	if len(qs) == 0 {
		return t.MenuOrStay(t.P.T("intent.ongkir_at_checkout", "city", city))
	}
	lines := []string{t.P.T("intent.ongkir_head", "city", titleWords(city))}
	for _, q := range qs {
		label := strings.TrimSpace(q.Courier + " " + q.Service)
		if q.ETD != "" {
			lines = append(lines, "• "+t.P.T("checkout.courier_option_etd", "courier", label, "cost", locales.FormatRupiah(q.Cost), "etd", q.ETD))
		} else {
			lines = append(lines, "• "+t.P.T("checkout.courier_option", "courier", label, "cost", locales.FormatRupiah(q.Cost)))
		}
	}
	lines = append(lines, t.P.T("intent.ongkir_foot"))
	return t.MenuOrStay(strings.Join(lines, "\n"))
}

// titleWords capitalises each word ("bekasi" → "Bekasi").
func titleWords(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		r := []rune(w)
		ws[i] = strings.ToUpper(string(r[:1])) + string(r[1:])
	}
	return strings.Join(ws, " ")
}

// codAnswer tells whether the shop takes COD, and its fee.
func (t *turn) codAnswer() error {
	methods, err := t.paymentMethods()
	if err != nil {
		return err
	}
	for _, m := range methods {
		if m == "cod" {
			pct, err := t.Tx.Setting(SettingCODPercent, CODPercent.Default)
			if err != nil {
				return err
			}
			return t.MenuOrStay(t.P.T("intent.cod_yes", "percent", pct))
		}
	}
	return t.MenuOrStay(t.P.T("intent.cod_no"))
}

// payInfo lists the ways to pay the owner enabled.
func (t *turn) payInfo() error {
	methods, err := t.paymentMethods()
	if err != nil {
		return err
	}
	if len(methods) == 0 {
		return t.MenuOrStay(t.P.T("intent.pay_info_none"))
	}
	names := make([]string, len(methods))
	for i, m := range methods {
		names[i] = t.P.T("payment.method." + m)
	}
	return t.MenuOrStay(t.P.T("intent.pay_info", "methods", strings.Join(names, ", ")))
}

// methodIndex reads a payment method named in words ("transfer aja kak",
// "tf", "qris aja", "cod") among the methods offered; -1 when none fits.
func methodIndex(methods []string, text string) int {
	want := ""
	switch in := intent.Classify(text, nil); in.Kind {
	case intent.Transfer:
		want = "transfer"
	case intent.QRIS:
		want = "qris"
	case intent.COD:
		want = "cod"
	}
	for i, m := range methods {
		if want != "" && m == want {
			return i
		}
	}
	return -1
}

// askedInStep answers a question typed at the quantity, the variant or the
// cart step ("ready kak?", "min, harga keripik manis brp", "ongkir ke
// bekasi berapa", "bisa cod?") and asks the step's question again (again)
// in the same message, so the step is kept. "mau order X 2" there puts X
// in the cart like it does from the menu. A price or stock question without a
// product is about the product being ordered; one about another product
// from a product page or the cart opens that product (the customer is
// browsing).
// It reports false for text that is no such question; the step answers it.
func (t *turn) askedInStep(st state, text string, again func() error) (bool, error) {
	ps, names, err := t.catalogue()
	if err != nil {
		return false, err
	}
	in := intent.Classify(text, names)
	asked := in.Kind == intent.Stock || in.Kind == intent.Price
	if asked && st.Step != StepQty && in.Product != "" &&
		!(len(in.ProductMatches) == 1 && ps[in.ProductMatches[0]].ID == st.Data.Product) {
		// Another product asked about from a product page or the cart: the
		// customer is browsing (the cart is kept), and its page is the answer.
		t.greet(in)
		return true, t.askedProduct(in, ps)
	}
	if asked && in.Product == "" && st.Step == StepCart {
		return false, nil // "ready kak?" under the cart names no product
	}
	switch {
	case in.Kind == intent.Order && len(in.Items) > 0:
		// "mau order hijab voal navy 2": into the cart, as from the menu.
		t.greet(in)
		return true, t.orderWords(in, ps)
	case asked:
		note, err := t.stepProductNote(st, in, ps)
		if err != nil {
			return true, err
		}
		t.greet(in)
		t.AddNote(note)
		return true, again()
	case in.Kind == intent.Cancel && in.Code != "":
		return true, t.cancelWords(in, text) // "cancel X8QM2": that order
	case in.Kind == intent.Cancel:
		// "ga jadi kak": nothing typed is held here; the cart is kept and
		// shown so (an open order is only cancelled with its code here).
		return true, t.cancelCart()
	case in.Kind == intent.Thanks && st.Step == StepProduct:
		return false, nil // done looking: the menu
	case staysInStep(in.Kind):
		t.MidStep, t.Again = true, again
		return t.answerIntent(text, true)
	}
	return false, nil
}

// greet starts the answer with a salam back (or a hello) when the message
// held one.
func (t *turn) greet(in intent.Intent) {
	switch in.Greeting {
	case intent.GreetSalam:
		t.AddNote(t.P.T("intent.salam_reply"))
	case intent.GreetHello:
		t.AddNote(t.P.T("intent.hello_reply"))
	}
}

// stepProductNote is the price and stock a question at a step asks for:
// of the product it names, or of the one being ordered (at the quantity
// step, of the variant picked); a short list when several fit.
func (t *turn) stepProductNote(st state, in intent.Intent, ps []store.Product) (string, error) {
	rules, err := t.Rules()
	if err != nil {
		return "", err
	}
	var p store.Product
	var only int64
	switch {
	case len(in.ProductMatches) == 1:
		p = ps[in.ProductMatches[0]]
	case in.Product != "":
		return t.stepMatchesNote(in.Product)
	case st.Step == StepQty:
		v, vp, err := t.Tx.VariantByID(st.Data.Variant)
		if err != nil {
			return "", err
		}
		p, only = vp, v.ID
	default:
		if p, err = t.Tx.ProductByID(st.Data.Product); err != nil {
			return "", err
		}
	}
	lines, err := t.variantLines(p, rules, only)
	if err != nil {
		return "", err
	}
	return t.P.T("catalog.product_head", "name", p.Name, "sku", p.SKU) + lines, nil
}

// stepMatchesNote lists the products a question's words find, with their
// lowest price; or says there is none.
func (t *turn) stepMatchesNote(query string) (string, error) {
	ps, _, err := t.Tx.Products(store.ProductFilter{Words: strings.Fields(query), Limit: 5})
	if err != nil {
		return "", err
	}
	if len(ps) == 0 {
		return t.P.T("convo.step_no_product", "query", chat.Clip(query, 40)), nil
	}
	rules, err := t.Rules()
	if err != nil {
		return "", err
	}
	lines := []string{t.P.T("convo.step_matches", "query", chat.Clip(query, 40))}
	for _, p := range ps {
		label, err := t.productOption(p, rules)
		if err != nil {
			return "", err
		}
		lines = append(lines, "• "+label)
	}
	return strings.Join(lines, "\n"), nil
}

// variantNamed finds the variant of the product page the text names
// ("navy", "pesan navy"), among those that can be ordered.
func (t *turn) variantNamed(st state, text string) (int64, bool, error) {
	p, err := t.Tx.ProductByID(st.Data.Product)
	if store.IsNotFound(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	norm := chat.Normalize(text)
	opts, _, _ := t.variantOptions(p)
	for _, v := range p.Variants {
		if !v.Active || v.SoldOut() || v.Name == "" {
			continue
		}
		if name := chat.Normalize(v.Name); norm == name {
			return v.ID, true, nil
		}
	}
	if i := chat.Choose(text, opts); i >= 0 && len([]rune(norm)) >= 3 {
		_, choices, _ := t.variantOptions(p)
		var id int64
		if _, err := fmt.Sscan(choices[i], &id); err == nil {
			return id, true, nil
		}
	}
	return 0, false, nil
}

// orderExample is an item of the shop's own catalogue for the format-order
// template ("Gamis Busui Rayon S 2"), so the example is one that works.
func (t *turn) orderExample() (string, error) {
	ps, _, err := t.Tx.Products(store.ProductFilter{Limit: 20})
	if err != nil {
		return "", err
	}
	for _, p := range ps {
		_, choices, v := t.variantOptions(p)
		switch {
		case len(choices) == 1:
			return p.Name + " 2", nil // one variant: the name is enough
		case len(choices) > 1:
			return variantLabel(p, v) + " 2", nil
		}
	}
	return t.P.T("convo.order_example"), nil
}

// askedAtRecipient answers what a customer types at the recipient's name,
// phone or address that is a question, not an answer ("bisa cod?",
// "ongkir ke bekasi berapa" were saved as the name or the address line):
// the question is answered and the same detail asked again in the same
// message. At the name, an order ("mau order pashmina 2") goes into the
// cart: nothing of the checkout was typed yet. A phone or an address holds
// digits or starts with an address word, and is never taken for a question.
func (t *turn) askedAtRecipient(st state, text string) (bool, error) {
	if st.Step != StepName && (strings.ContainsAny(text, "0123456789") || addressWord(text)) {
		return false, nil
	}
	ps, names, err := t.catalogue()
	if err != nil {
		return false, err
	}
	switch in := intent.Classify(text, names); {
	case in.Kind == intent.Order && len(in.Items) > 0 && st.Step == StepName:
		return true, t.orderWords(in, ps)
	case staysInStep(in.Kind):
		t.MidStep = true
		t.Again = func() error { return t.continueCheckout(st.Data) }
		return t.answerIntent(text, true)
	}
	return false, nil
}

// addressWord reports whether text starts like an address ("Jl. Ongkir
// Raya", "Perum Makasih Indah").
func addressWord(text string) bool {
	w, _ := chat.FirstWord(chat.Normalize(text))
	switch strings.TrimRight(w, ".,") {
	case "jl", "jln", "jalan", "gg", "gang", "perum", "perumahan", "komplek", "kompleks", "blok", "kp", "kampung",
		"dusun", "dsn", "desa", "kel", "kelurahan", "kec", "kecamatan", "kota", "kab", "kabupaten", "rt", "rw", "ruko", "apartemen":
		return true
	}
	return false
}
