package order

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/handoff"
	"github.com/dropbot/dropbot/flows/pricing"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// Customer flow steps.
const (
	StepCategories = "categories"
	StepProducts   = "products"
	StepProduct    = "product"
)

// pageSize is how many products one catalogue page shows.
const pageSize = 8

// unclear answers free text a step did not understand: as a search when it
// finds something, otherwise with the menu and a hint.
func (t *turn) unclear() error {
	if handled, err := t.answerOrSearch(false); handled || err != nil {
		return err
	}
	norm := chat.Normalize(t.Msg.Text)
	// Words nobody understood reach a person; signs and digits do not.
	if wordy(norm) {
		if err := handoff.Unclear(t.Turn, t.Msg.Text); err != nil {
			return err
		}
		return t.Menu(t.P.T("customer.not_understood_forwarded"))
	}
	return t.Menu(t.P.T("customer.not_understood"))
}

// wordy reports whether text is words a person wrote: two or more, one of
// them with three letters or more ("%s %n %x" is not).
func wordy(norm string) bool {
	ws := strings.Fields(norm)
	if len(ws) < 2 {
		return false
	}
	for _, w := range ws {
		n := 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				n++
			}
		}
		if n >= 3 {
			return true
		}
	}
	return false
}

func (t *turn) categories() error {
	cats, err := t.Tx.Categories()
	if err != nil {
		return err
	}
	switch len(cats) {
	case 0:
		t.Reply(t.P.T("catalog.empty"), t.MenuLabels()...)
		return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
	case 1:
		return t.products(&cats[0].Name, "", 0)
	}
	labels := make([]string, len(cats))
	choices := make([]string, len(cats))
	for i, c := range cats {
		name := c.Name
		if name == "" {
			name = t.P.T("catalog.uncategorised")
		}
		labels[i] = t.P.T("catalog.category_option", "name", name, "count", c.Products)
		choices[i] = c.Name
	}
	t.Reply(t.P.T("catalog.pick_category"), labels...)
	return t.save(state{Flow: chat.FlowCustomer, Step: StepCategories, Data: stateData{Choices: choices}})
}

func (t *turn) searchHits(query string) (bool, error) {
	ps, _, err := t.Tx.Products(store.ProductFilter{Words: strings.Fields(query), Limit: 1})
	return len(ps) > 0, err
}

func (t *turn) search(query string) error {
	query = chat.Normalize(query)
	if query == "" {
		t.Reply(t.P.T("catalog.search_how"))
		return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
	}
	return t.products(nil, query, 0)
}

// products shows one page of a category or of a search.
func (t *turn) products(category *string, query string, offset int) error {
	if offset < 0 {
		offset = 0
	}
	ps, more, err := t.Tx.Products(store.ProductFilter{Category: category, Words: strings.Fields(query), Offset: offset, Limit: pageSize})
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		if query != "" {
			t.Reply(t.P.T("catalog.search_none", "query", query), t.MenuLabels()...)
		} else {
			t.Reply(t.P.T("catalog.empty"), t.MenuLabels()...)
		}
		return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
	}
	if query != "" && offset == 0 && len(ps) == 1 && !more {
		// One hit: its page (or how many, for one variant), not a list of
		// one. "Back to the list" from there is the whole catalogue.
		return t.product(state{Flow: chat.FlowCustomer}, ps[0].ID)
	}
	rules, err := t.Rules()
	if err != nil {
		return err
	}
	var labels, choices []string
	for _, p := range ps {
		label, err := t.productOption(p, rules)
		if err != nil {
			return err
		}
		labels = append(labels, label)
		choices = append(choices, fmt.Sprint(p.ID))
	}
	var nav []string
	if more {
		nav = append(nav, "next")
	}
	if offset > 0 {
		nav = append(nav, "prev")
	}
	nav = append(nav, "back")
	for _, n := range nav {
		labels = append(labels, t.P.T("catalog.nav_"+n))
	}
	var head string
	switch {
	case query != "":
		head = t.P.T("catalog.search_head", "query", query)
	case category != nil && *category != "":
		head = t.P.T("catalog.category_head", "name", *category)
	default:
		head = t.P.T("catalog.head")
	}
	t.Reply(head+"\n"+t.P.T("catalog.pick_product"), labels...)
	return t.save(state{Flow: chat.FlowCustomer, Step: StepProducts,
		Data: stateData{Category: category, Query: query, Offset: offset, Choices: choices, Nav: nav}})
}

func (t *turn) onProducts(st state, text string) error {
	d := st.Data
	norm := chat.Normalize(text)
	if k, ok := chat.MenuNumber(norm); ok {
		switch {
		case k >= 1 && k <= len(d.Choices):
			var id int64
			if _, err := fmt.Sscan(d.Choices[k-1], &id); err == nil {
				return t.product(st, id)
			}
		case k > len(d.Choices) && k-len(d.Choices) <= len(d.Nav):
			return t.navigate(d, d.Nav[k-len(d.Choices)-1])
		}
		// A number off the page: say so and show the page again.
		t.AddNote(t.P.T("customer.bad_number", "max", len(d.Choices)+len(d.Nav)))
		return t.products(d.Category, d.Query, d.Offset)
	}
	for _, nav := range d.Nav {
		if norm == chat.Normalize(t.P.T("catalog.nav_"+nav)) || navWords[norm] == nav {
			return t.navigate(d, nav)
		}
	}
	return t.unclear()
}

// navWords are the words people type instead of pressing a navigation option.
var navWords = map[string]string{
	"lanjut": "next", "berikutnya": "next", "next": "next", "selanjutnya": "next",
	"sebelumnya": "prev", "prev": "prev", "balik": "back", "kembali": "back", "back": "back",
}

func (t *turn) navigate(d stateData, nav string) error {
	switch nav {
	case "next":
		return t.products(d.Category, d.Query, d.Offset+pageSize)
	case "prev":
		return t.products(d.Category, d.Query, d.Offset-pageSize)
	}
	return t.Menu("")
}

func (t *turn) product(st state, id int64) error {
	p, err := t.Tx.ProductByID(id)
	if store.IsNotFound(err) || (err == nil && !p.Active) {
		return t.products(st.Data.Category, st.Data.Query, st.Data.Offset)
	}
	if err != nil {
		return err
	}
	rules, err := t.Rules()
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.P.T("catalog.product_head", "name", p.Name, "sku", p.SKU))
	if p.Description != "" {
		b.WriteString("\n" + p.Description)
	}
	lines, err := t.variantLines(p, rules, 0)
	if err != nil {
		return err
	}
	b.WriteString(lines)
	opts, choices, only := t.variantOptions(p)
	out := chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, Ref: chat.Ref{Kind: "product", ID: p.SKU}}
	if len(p.PhotoIDs) > 0 {
		out.MediaID = p.PhotoIDs[0]
	}
	if len(choices) == 1 {
		// One variant to order: nothing to pick, straight to how many.
		b.WriteString("\n\n" + t.P.T("order.ask_qty", "name", variantLabel(p, only)))
		out.Text, out.Options = b.String(), t.qtyOptions()
		t.Send(out)
		st.Step, st.Data.Product, st.Data.Variant, st.Data.Choices = StepQty, p.ID, only.ID, nil
		return t.save(st)
	}
	opts = append(opts, t.P.T("catalog.back_to_list"), t.P.T("menu.back"))
	b.WriteString("\n\n" + t.pickVariantText(st))
	out.Text, out.Options = b.String(), opts
	t.Send(out)
	st.Step, st.Data.Product, st.Data.Choices = StepProduct, p.ID, choices
	return t.save(st)
}

// variantLines are a product's active variants with price and stock, each
// on its own line (after a newline); only, when set, keeps one variant.
func (t *turn) variantLines(p store.Product, rules pricing.Rules, only int64) (string, error) {
	var b strings.Builder
	for _, v := range p.Variants {
		if !v.Active || only != 0 && v.ID != only {
			continue
		}
		price, err := chat.PriceFor(rules, v, t.Who.Tier)
		if err != nil {
			return "", err
		}
		name := v.Name
		if name == "" {
			name = p.Name
		}
		avail := t.P.T("catalog.available")
		if n, counted := v.Available(); counted {
			if n == 0 {
				avail = t.P.T("catalog.sold_out")
			} else if n <= 5 {
				avail = t.P.T("catalog.few_left", "count", n)
			}
		}
		b.WriteString("\n" + t.P.T("catalog.variant_line", "name", name, "price", locales.FormatRupiah(price), "availability", avail))
	}
	return b.String(), nil
}

// variantOptions are the variants a customer can order now (active, not
// sold out): their option labels, their ids as choices, and the last one
// (the only one when there is one).
func (t *turn) variantOptions(p store.Product) (opts, choices []string, only store.Variant) {
	for _, v := range p.Variants {
		if !v.Active || v.SoldOut() {
			continue
		}
		name := v.Name
		if name == "" {
			name = p.Name
		}
		opts = append(opts, t.P.T("catalog.order_variant", "name", name))
		choices = append(choices, fmt.Sprint(v.ID))
		only = v
	}
	return opts, choices, only
}

// pickVariantText asks which variant, with the quantity already said.
func (t *turn) pickVariantText(st state) string {
	if st.Data.WantQty > 0 {
		return t.P.T("convo.pick_variant_qty", "qty", st.Data.WantQty)
	}
	return t.P.T("catalog.pick_variant")
}

// askVariant asks again which variant of the product page to order, without
// the page itself (the customer has it just above).
func (t *turn) askVariant(st state) error {
	p, err := t.Tx.ProductByID(st.Data.Product)
	if store.IsNotFound(err) || (err == nil && !p.Active) {
		return t.products(st.Data.Category, st.Data.Query, st.Data.Offset)
	}
	if err != nil {
		return err
	}
	opts, choices, _ := t.variantOptions(p)
	if len(choices) == 0 {
		return t.product(st, p.ID)
	}
	opts = append(opts, t.P.T("catalog.back_to_list"), t.P.T("menu.back"))
	t.Reply(t.pickVariantText(st), opts...)
	st.Step, st.Data.Choices = StepProduct, choices
	return t.save(st)
}

// onProduct reads the answer to a product page: a variant to order, back
// to the list, or the menu.
func (t *turn) onProduct(st state, text string) error {
	n := len(st.Data.Choices)
	if k, ok := chat.MenuNumber(chat.Normalize(text)); ok {
		switch {
		case k >= 1 && k <= n:
			var id int64
			if _, err := fmt.Sscan(st.Data.Choices[k-1], &id); err == nil {
				return t.pickVariant(st, id)
			}
		case k == n+1:
			return t.products(st.Data.Category, st.Data.Query, st.Data.Offset)
		case k == n+2:
			return t.Menu("")
		}
		t.AddNote(t.P.T("customer.bad_number", "max", n+2))
		return t.product(st, st.Data.Product)
	}
	switch chat.Choose(text, []string{t.P.T("catalog.back_to_list"), t.P.T("menu.back")}) {
	case 0:
		return t.products(st.Data.Category, st.Data.Query, st.Data.Offset)
	case 1:
		return t.Menu("")
	}
	// A variant by its name ("navy").
	if id, ok, err := t.variantNamed(st, text); err != nil || ok {
		if err != nil {
			return err
		}
		return t.pickVariant(st, id)
	}
	if handled, err := t.askedInStep(st, text, func() error { return t.askVariant(st) }); handled || err != nil {
		return err
	}
	return t.unclearIn(func() error { return t.product(st, st.Data.Product) })
}

// productOption is a product in a list: its name and lowest price, or
// sold out.
func (t *turn) productOption(p store.Product, rules pricing.Rules) (string, error) {
	from, soldOut, err := fromPrice(p, rules, t.Who.Tier)
	if err != nil {
		return "", err
	}
	key := "catalog.product_option"
	if soldOut {
		key = "catalog.product_option_soldout"
	}
	return t.P.T(key, "name", p.Name, "price", locales.FormatRupiah(from)), nil
}

// fromPrice is the lowest price among a product's active variants and
// whether every counted variant is sold out.
func fromPrice(p store.Product, rules pricing.Rules, tier string) (decimal.Decimal, bool, error) {
	var low decimal.Decimal
	first, soldOut := true, true
	for _, v := range p.Variants {
		if !v.Active {
			continue
		}
		price, err := chat.PriceFor(rules, v, tier)
		if err != nil {
			return decimal.Decimal{}, false, err
		}
		if first || price.LessThan(low) {
			low, first = price, false
		}
		if !v.SoldOut() {
			soldOut = false
		}
	}
	return low, soldOut, nil
}

func (t *turn) myOrders(args string) error {
	if code, _ := chat.FirstWord(args); code != "" {
		return t.myOrder(strings.ToUpper(code))
	}
	orders, err := t.Tx.OrdersOfCustomer(t.Who.CustomerID, 5)
	if err != nil {
		return err
	}
	if len(orders) == 0 {
		t.Reply(t.P.T("orders.none"), t.MenuLabels()...)
		return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
	}
	lines := []string{t.P.T("orders.head")}
	for _, o := range orders {
		lines = append(lines, t.P.T("orders.line", "code", o.Code, "status", t.P.T("status."+o.Status),
			"total", locales.FormatRupiah(o.Total), "date", t.P.Date(o.CreatedAt)))
		resis, err := t.resiLines(o)
		if err != nil {
			return err
		}
		lines = append(lines, resis...)
	}
	lines = append(lines, t.P.T("orders.detail_how"))
	t.Reply(strings.Join(lines, "\n"), t.MenuLabels()...)
	return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}

// myOrder shows one of the customer's own orders ("/cek KODE"): its lines,
// total, status and every resi so far. Someone else's order gets the same
// answer as a code that does not exist, so codes can't be probed.
func (t *turn) myOrder(code string) error {
	o, err := t.Tx.OrderByCode(code)
	if err != nil && !store.IsNotFound(err) {
		return err
	}
	if err != nil || o.CustomerID != t.Who.CustomerID || o.Status == store.StatusCart {
		t.Reply(t.P.T("orders.unknown", "code", code), t.MenuLabels()...)
		return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
	}
	sums, err := t.sumLines(o) // the invoice's figures, so the customer can add them up
	if err != nil {
		return err
	}
	lines := []string{t.P.T("orders.detail_head", "code", o.Code, "status", t.P.T("status."+o.Status), "date", t.P.Date(o.CreatedAt)),
		t.itemLines(o.Items), sums}
	resis, err := t.resiLines(o)
	if err != nil {
		return err
	}
	lines = append(lines, resis...)
	if o.Status == store.StatusAwaitPay && o.PaymentMethod != "cod" {
		line, err := t.unpaidLine(o)
		if err != nil {
			return err
		}
		lines = append(lines, line)
	}
	t.Reply(strings.Join(lines, "\n"), t.MenuLabels()...)
	return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}

// typedOrderCheck reads "cek X8QMT" or "status pesanan X8QMT" typed without
// a slash. Words like "cek harga" or "cek ulang" have the shape of a code
// too, so a code without a digit counts only when it is one of the
// customer's own orders; otherwise the text goes on to the current step.
func (t *turn) typedOrderCheck(norm string) (string, bool, error) {
	w := strings.Fields(norm)
	if len(w) < 2 || len(w) > 3 || (w[0] != "cek" && w[0] != "status") ||
		(len(w) == 3 && w[1] != "pesanan" && w[1] != "order") || !chat.LooksLikeCode(w[len(w)-1]) {
		return "", false, nil
	}
	code := strings.ToUpper(w[len(w)-1])
	if strings.ContainsAny(code, "23456789") {
		return code, true, nil
	}
	o, err := t.Tx.OrderByCode(code)
	if store.IsNotFound(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return code, o.CustomerID == t.Who.CustomerID, nil
}

// resiLines are an order's resi numbers, one line per parcel sent.
func (t *turn) resiLines(o store.Order) ([]string, error) {
	ships, err := t.Tx.ShipmentsOf(o.ID)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, s := range ships {
		if s.Resi != "" {
			lines = append(lines, t.P.T("orders.resi_line", "courier", s.Courier, "resi", s.Resi))
		}
	}
	return lines, nil
}

// askAdmin hands the customer to the shop's staff (see flows/handoff).
func (t *turn) askAdmin(reason string) error {
	return handoff.Start(t.Turn, reason, "")
}

func (t *turn) customerMedia(st state, m *chat.Media) error {
	if !m.TooBig {
		handled, err := t.proof(m)
		if err != nil || handled {
			return err
		}
	}
	switch {
	case m.TooBig:
		t.Reply(t.P.T("media.too_big"))
	case m.Kind == chat.MediaPhoto:
		t.Reply(t.P.T("media.photo_unexpected"), t.MenuLabels()...)
	default:
		t.Reply(t.P.T("media.unsupported"), t.MenuLabels()...)
	}
	if st.Flow == "" {
		return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
	}
	return nil
}

// setLang switches the customer's language ("/bahasa en", "/lang id").
func (t *turn) setLang(arg string) error {
	lang, ok := locales.ParseLang(arg)
	if !ok {
		t.Reply(t.P.T("customer.lang_how"))
		return nil
	}
	if err := t.Tx.SetCustomerLang(t.Who.CustomerID, string(lang)); err != nil {
		return err
	}
	t.P = t.Env.Loc.For(lang)
	return t.Menu(t.P.T("customer.lang_set"))
}

// answerOrSearch answers the text by what it asks (the intent layer) or,
// when it names products, as a search; handled is false when neither
// fits. mid is set in the middle of a step, where only questions about
// the shop are answered.
func (t *turn) answerOrSearch(mid bool) (handled bool, err error) {
	if handled, err := t.answerIntent(t.Msg.Text, mid); handled || err != nil {
		return true, err
	}
	norm := chat.Normalize(t.Msg.Text)
	if len([]rune(norm)) >= 3 && !chat.IsNumber(norm) {
		found, err := t.searchHits(norm)
		if err != nil {
			return true, err
		}
		if found {
			return true, t.search(norm)
		}
	}
	return false, nil
}
