package flows

import (
	"fmt"
	"strings"

	"github.com/dropbot/dropbot/flows/orderform"
	"github.com/dropbot/dropbot/flows/pricing"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// Customer flow steps.
const (
	flowCustomer   = "customer"
	stepMenu       = "menu"
	stepCategories = "categories"
	stepProducts   = "products"
	stepProduct    = "product"
)

// pageSize is how many products one catalogue page shows.
const pageSize = 8

// greetings open the menu from anywhere, like "menu" and "batal".
var greetings = map[string]bool{
	"menu": true, "halo": true, "hallo": true, "hai": true, "hi": true, "hello": true, "p": true,
	"start": true, "mulai": true, "batal": true, "cancel": true, "assalamualaikum": true, "permisi": true,
}

func (t *turn) customer() error {
	st, err := t.load()
	if err != nil {
		return err
	}
	t.fresh = st.Flow == ""
	t.midStep = !t.fresh && !browseSteps[st.Step]
	if m := t.msg.Media; m != nil {
		if handled, err := t.ticketMedia(st, m); handled || err != nil {
			return err
		}
		return t.customerMedia(st, m)
	}
	text := t.msg.Text
	if text == "" {
		if t.midStep {
			return t.stay(t.p.T("customer.blank"))
		}
		return t.menu("")
	}
	if name, args, ok := command(text); ok {
		switch name {
		case "start", "menu":
			return t.menu("")
		case "batal", "cancel", "batalkan":
			if args != "" {
				return t.cancelOrder(args)
			}
			return t.menu("")
		case "keranjang", "cart":
			return t.showCart()
		case "katalog", "catalog":
			return t.categories()
		case "cari", "search":
			return t.search(args)
		case "pesanan", "cek", "status":
			return t.myOrders(args)
		case "bantuan", "help", "admin":
			return t.askAdmin("help")
		case "bahasa", "lang", "language":
			return t.setLang(args)
		case "klaim", "claim":
			return t.claim(args)
		case "terima", "diterima", "received":
			return t.confirmReceipt(args)
		case "komplain", "complaint", "retur":
			return t.cmdComplaint(args)
		case "setuju", "accept":
			return t.ticketAnswer(args, true)
		case "tidaksetuju", "decline":
			return t.ticketAnswer(args, false)
		case "dataku", "mydata":
			return t.myData()
		case "hapusdata", "deletemydata":
			return t.eraseRequest()
		case "langganan", "subscribe":
			off := normalize(args) == "off" || normalize(args) == "stop" || normalize(args) == "berhenti"
			return t.subscribe(!off)
		case "berhenti", "unsubscribe", "stop":
			return t.subscribe(false)
		default:
			// Owner commands and unknown ones get the same polite answer:
			// nothing about what exists for others.
			if t.midStep {
				return t.stay(t.p.T("customer.unknown_command_mid"))
			}
			t.reply(t.p.T("customer.unknown_command"), t.menuLabels()...)
			return t.save(state{Flow: flowCustomer, Step: stepMenu})
		}
	}
	if orderform.Looks(text) {
		return t.formOrder(text)
	}
	norm := normalize(text)
	if greetings[norm] || strings.HasPrefix(norm, "halo ") || strings.HasPrefix(norm, "hai ") {
		return t.menu("")
	}
	// Like "menu", these words work from any step.
	switch norm {
	case "katalog", "catalog", "catalogue":
		return t.categories()
	case "keranjang", "cart":
		return t.showCart()
	}
	if receivedText(norm) {
		return t.confirmReceipt("")
	}
	if rest, ok := strings.CutPrefix(norm, "batalkan "); ok {
		return t.cancelOrder(rest)
	}
	// "cek X8QMT", "status pesanan X8QMT": one order, like /cek X8QMT.
	if code, ok, err := t.typedOrderCheck(norm); err != nil || ok {
		if err != nil {
			return err
		}
		return t.myOrder(code)
	}
	for _, w := range []string{"cari", "search"} {
		if rest, ok := strings.CutPrefix(norm, w+" "); ok || norm == w {
			return t.search(rest)
		}
	}
	switch st.Step {
	case stepCategories:
		if k, ok := menuNumber(norm); ok {
			if k < 1 || k > len(st.Data.Choices) {
				t.addNote(t.p.T("customer.bad_number", "max", len(st.Data.Choices)))
				return t.categories()
			}
			c := st.Data.Choices[k-1]
			return t.products(&c, "", 0)
		}
		if i := choose(text, st.Data.Choices); i >= 0 {
			c := st.Data.Choices[i]
			return t.products(&c, "", 0)
		}
	case stepProducts:
		return t.onProducts(st, text)
	case stepMenu:
		if i := choose(text, t.menuLabels()); i >= 0 {
			return t.menuChoice(i)
		}
		if _, ok := menuNumber(norm); ok {
			return t.menu(t.p.T("customer.bad_number", "max", len(t.menuLabels())))
		}
	case stepProduct:
		return t.onProduct(st, text)
	case stepQty:
		return t.onQty(st, text)
	case stepCart:
		return t.onCart(text)
	case stepEditPick:
		return t.onEditPick(st, text)
	case stepEditQty:
		return t.onEditQty(st, text)
	case stepAddrConfirm:
		return t.onAddrConfirm(text)
	case stepName:
		return t.onName(st, text)
	case stepPhone:
		return t.onPhone(st, text)
	case stepAddress:
		return t.onAddress(st, text)
	case stepCourier:
		return t.onCourier(st, text)
	case stepPayment:
		return t.onPayment(st, text)
	case stepErase:
		return t.onErase(text)
	case stepHabis, stepHabisSwap:
		return t.onHabis(st, text)
	case stepTicketOrder:
		return t.onTicketOrder(st, text)
	case stepTicketReason:
		return t.onTicketReason(st, text)
	case stepTicketNote:
		return t.onTicketNote(st, text)
	case stepTicketEvidence:
		return t.onTicketEvidence(st, text)
	case stepTicketAnswer:
		return t.onTicketAnswer(st, text)
	case stepTicketReturn:
		return t.onTicketReturn(st, text)
	default:
		if i := choose(text, t.menuLabels()); i >= 0 {
			return t.menuChoice(i)
		}
	}
	return t.unclear()
}

// unclear answers free text a step did not understand: as a search when it
// finds something, otherwise with the menu and a hint.
func (t *turn) unclear() error {
	norm := normalize(t.msg.Text)
	if len([]rune(norm)) >= 3 && !isNumber(norm) {
		found, err := t.searchHits(norm)
		if err != nil {
			return err
		}
		if found {
			return t.search(norm)
		}
	}
	return t.menu(t.p.T("customer.not_understood"))
}

func isNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '-' && r != '.' && r != ',' {
			return false
		}
	}
	return s != ""
}

func (t *turn) menuLabels() []string {
	return []string{
		t.p.T("menu.catalog"), t.p.T("menu.order"), t.p.T("menu.status"), t.p.T("menu.complaint"), t.p.T("menu.help"),
	}
}

// browseSteps hold nothing the customer typed and ask nothing that must be
// answered (browsing, or a ticket that is with the shop): a message that
// fits none of their options may fall back to the menu.
var browseSteps = map[string]bool{"": true, stepMenu: true, stepCategories: true, stepProducts: true, stepProduct: true,
	stepTicketSent: true}

// stay answers a message that does not fit the step the customer is in,
// without leaving it: the note, then how to carry on or go back.
func (t *turn) stay(note string) error {
	t.reply(note + "\n\n" + t.p.T("customer.carry_on"))
	return nil
}

// menuOrStay is menu(note), except in the middle of a step, where it stays.
func (t *turn) menuOrStay(note string) error {
	if t.midStep {
		return t.stay(note)
	}
	return t.menu(note)
}

// menu shows the greeting menu, optionally after a note.
func (t *turn) menu(note string) error {
	name, err := t.tx.Setting(SettingShopName, t.p.T("shop.default_name"))
	if err != nil {
		return err
	}
	text := t.p.T("menu.greeting", "shop", name)
	if note != "" {
		if !t.fresh {
			text = "" // the person has seen the greeting: the note and the options are enough
		}
		t.addNote(note)
	}
	t.reply(text, t.menuLabels()...)
	return t.save(state{Flow: flowCustomer, Step: stepMenu})
}

func (t *turn) menuChoice(i int) error {
	switch i {
	case 0:
		return t.categories()
	case 1:
		cart, ok, err := t.tx.CartOf(t.who.CustomerID)
		if err != nil {
			return err
		}
		if ok && len(cart.Items) > 0 {
			return t.showCart()
		}
		t.addNote(t.p.T("order.how"))
		return t.categories()
	case 2:
		return t.myOrders("")
	case 3:
		return t.complaintStart()
	default:
		return t.askAdmin("help")
	}
}

func (t *turn) categories() error {
	cats, err := t.tx.Categories()
	if err != nil {
		return err
	}
	switch len(cats) {
	case 0:
		t.reply(t.p.T("catalog.empty"), t.menuLabels()...)
		return t.save(state{Flow: flowCustomer, Step: stepMenu})
	case 1:
		return t.products(&cats[0].Name, "", 0)
	}
	labels := make([]string, len(cats))
	choices := make([]string, len(cats))
	for i, c := range cats {
		name := c.Name
		if name == "" {
			name = t.p.T("catalog.uncategorised")
		}
		labels[i] = t.p.T("catalog.category_option", "name", name, "count", c.Products)
		choices[i] = c.Name
	}
	t.reply(t.p.T("catalog.pick_category"), labels...)
	return t.save(state{Flow: flowCustomer, Step: stepCategories, Data: stateData{Choices: choices}})
}

func (t *turn) searchHits(query string) (bool, error) {
	ps, _, err := t.tx.Products(store.ProductFilter{Words: strings.Fields(query), Limit: 1})
	return len(ps) > 0, err
}

func (t *turn) search(query string) error {
	query = normalize(query)
	if query == "" {
		t.reply(t.p.T("catalog.search_how"))
		return t.save(state{Flow: flowCustomer, Step: stepMenu})
	}
	return t.products(nil, query, 0)
}

// products shows one page of a category or of a search.
func (t *turn) products(category *string, query string, offset int) error {
	if offset < 0 {
		offset = 0
	}
	ps, more, err := t.tx.Products(store.ProductFilter{Category: category, Words: strings.Fields(query), Offset: offset, Limit: pageSize})
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		if query != "" {
			t.reply(t.p.T("catalog.search_none", "query", query), t.menuLabels()...)
		} else {
			t.reply(t.p.T("catalog.empty"), t.menuLabels()...)
		}
		return t.save(state{Flow: flowCustomer, Step: stepMenu})
	}
	rules, err := t.rules()
	if err != nil {
		return err
	}
	var labels, choices []string
	for _, p := range ps {
		from, soldOut, err := fromPrice(p, rules, t.who.Tier)
		if err != nil {
			return err
		}
		key := "catalog.product_option"
		if soldOut {
			key = "catalog.product_option_soldout"
		}
		labels = append(labels, t.p.T(key, "name", p.Name, "price", locales.FormatRupiah(from)))
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
		labels = append(labels, t.p.T("catalog.nav_"+n))
	}
	var head string
	switch {
	case query != "":
		head = t.p.T("catalog.search_head", "query", query)
	case category != nil && *category != "":
		head = t.p.T("catalog.category_head", "name", *category)
	default:
		head = t.p.T("catalog.head")
	}
	t.reply(head+"\n"+t.p.T("catalog.pick_product"), labels...)
	return t.save(state{Flow: flowCustomer, Step: stepProducts,
		Data: stateData{Category: category, Query: query, Offset: offset, Choices: choices, Nav: nav}})
}

func (t *turn) onProducts(st state, text string) error {
	d := st.Data
	norm := normalize(text)
	if k, ok := menuNumber(norm); ok {
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
		t.addNote(t.p.T("customer.bad_number", "max", len(d.Choices)+len(d.Nav)))
		return t.products(d.Category, d.Query, d.Offset)
	}
	for _, nav := range d.Nav {
		if norm == normalize(t.p.T("catalog.nav_"+nav)) || navWords[norm] == nav {
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

// menuNumber reads "3", "3." or "3)" as a menu number.
func menuNumber(norm string) (int, bool) {
	s := strings.TrimRight(norm, ".)")
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
	return n, true
}

func (t *turn) navigate(d stateData, nav string) error {
	switch nav {
	case "next":
		return t.products(d.Category, d.Query, d.Offset+pageSize)
	case "prev":
		return t.products(d.Category, d.Query, d.Offset-pageSize)
	}
	return t.menu("")
}

func (t *turn) product(st state, id int64) error {
	p, err := t.tx.ProductByID(id)
	if store.IsNotFound(err) || (err == nil && !p.Active) {
		return t.products(st.Data.Category, st.Data.Query, st.Data.Offset)
	}
	if err != nil {
		return err
	}
	rules, err := t.rules()
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.p.T("catalog.product_head", "name", p.Name, "sku", p.SKU))
	if p.Description != "" {
		b.WriteString("\n" + p.Description)
	}
	for _, v := range p.Variants {
		if !v.Active {
			continue
		}
		price, err := PriceFor(rules, v, t.who.Tier)
		if err != nil {
			return err
		}
		name := v.Name
		if name == "" {
			name = p.Name
		}
		avail := t.p.T("catalog.available")
		if n, counted := v.Available(); counted {
			if n == 0 {
				avail = t.p.T("catalog.sold_out")
			} else if n <= 5 {
				avail = t.p.T("catalog.few_left", "count", n)
			}
		}
		b.WriteString("\n" + t.p.T("catalog.variant_line", "name", name, "price", locales.FormatRupiah(price), "availability", avail))
	}
	var opts, choices []string
	for _, v := range p.Variants {
		if !v.Active || v.SoldOut() {
			continue
		}
		name := v.Name
		if name == "" {
			name = p.Name
		}
		opts = append(opts, t.p.T("catalog.order_variant", "name", name))
		choices = append(choices, fmt.Sprint(v.ID))
	}
	opts = append(opts, t.p.T("catalog.back_to_list"), t.p.T("menu.back"))
	b.WriteString("\n\n" + t.p.T("catalog.pick_variant"))
	out := Out{To: Address{t.msg.Channel, t.msg.ChatID}, Text: b.String(), Options: opts, Ref: Ref{Kind: "product", ID: p.SKU}}
	if len(p.PhotoIDs) > 0 {
		out.MediaID = p.PhotoIDs[0]
	}
	t.send(out)
	st.Step, st.Data.Product, st.Data.Choices = stepProduct, p.ID, choices
	return t.save(st)
}

// onProduct reads the answer to a product page: a variant to order, back
// to the list, or the menu.
func (t *turn) onProduct(st state, text string) error {
	n := len(st.Data.Choices)
	if k, ok := menuNumber(normalize(text)); ok {
		switch {
		case k >= 1 && k <= n:
			var id int64
			if _, err := fmt.Sscan(st.Data.Choices[k-1], &id); err == nil {
				return t.pickVariant(st, id)
			}
		case k == n+1:
			return t.products(st.Data.Category, st.Data.Query, st.Data.Offset)
		case k == n+2:
			return t.menu("")
		}
		t.addNote(t.p.T("customer.bad_number", "max", n+2))
		return t.product(st, st.Data.Product)
	}
	switch choose(text, []string{t.p.T("catalog.back_to_list"), t.p.T("menu.back")}) {
	case 0:
		return t.products(st.Data.Category, st.Data.Query, st.Data.Offset)
	case 1:
		return t.menu("")
	}
	return t.unclearIn(func() error { return t.product(st, st.Data.Product) })
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
		price, err := PriceFor(rules, v, tier)
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
	if code, _ := firstWord(args); code != "" {
		return t.myOrder(strings.ToUpper(code))
	}
	orders, err := t.tx.OrdersOfCustomer(t.who.CustomerID, 5)
	if err != nil {
		return err
	}
	if len(orders) == 0 {
		t.reply(t.p.T("orders.none"), t.menuLabels()...)
		return t.save(state{Flow: flowCustomer, Step: stepMenu})
	}
	lines := []string{t.p.T("orders.head")}
	for _, o := range orders {
		lines = append(lines, t.p.T("orders.line", "code", o.Code, "status", t.p.T("status."+o.Status),
			"total", locales.FormatRupiah(o.Total), "date", t.p.Date(o.CreatedAt)))
		resis, err := t.resiLines(o)
		if err != nil {
			return err
		}
		lines = append(lines, resis...)
	}
	lines = append(lines, t.p.T("orders.detail_how"))
	t.reply(strings.Join(lines, "\n"), t.menuLabels()...)
	return t.save(state{Flow: flowCustomer, Step: stepMenu})
}

// myOrder shows one of the customer's own orders ("/cek KODE"): its lines,
// total, status and every resi so far. Someone else's order gets the same
// answer as a code that does not exist, so codes can't be probed.
func (t *turn) myOrder(code string) error {
	o, err := t.tx.OrderByCode(code)
	if err != nil && !store.IsNotFound(err) {
		return err
	}
	if err != nil || o.CustomerID != t.who.CustomerID || o.Status == store.StatusCart {
		t.reply(t.p.T("orders.unknown", "code", code), t.menuLabels()...)
		return t.save(state{Flow: flowCustomer, Step: stepMenu})
	}
	lines := []string{t.p.T("orders.detail_head", "code", o.Code, "status", t.p.T("status."+o.Status), "date", t.p.Date(o.CreatedAt)),
		t.itemLines(o.Items), t.p.T("invoice.total", "amount", locales.FormatRupiah(o.Total))}
	resis, err := t.resiLines(o)
	if err != nil {
		return err
	}
	lines = append(lines, resis...)
	if o.Status == store.StatusAwaitPay && o.PaymentMethod != "cod" {
		lines = append(lines, t.p.T("orders.detail_unpaid", "time", t.p.DateTime(o.ExpiresAt)))
	}
	t.reply(strings.Join(lines, "\n"), t.menuLabels()...)
	return t.save(state{Flow: flowCustomer, Step: stepMenu})
}

// typedOrderCheck reads "cek X8QMT" or "status pesanan X8QMT" typed without
// a slash. Words like "cek harga" or "cek ulang" have the shape of a code
// too, so a code without a digit counts only when it is one of the
// customer's own orders; otherwise the text goes on to the current step.
func (t *turn) typedOrderCheck(norm string) (string, bool, error) {
	w := strings.Fields(norm)
	if len(w) < 2 || len(w) > 3 || (w[0] != "cek" && w[0] != "status") ||
		(len(w) == 3 && w[1] != "pesanan" && w[1] != "order") || !looksLikeCode(w[len(w)-1]) {
		return "", false, nil
	}
	code := strings.ToUpper(w[len(w)-1])
	if strings.ContainsAny(code, "23456789") {
		return code, true, nil
	}
	o, err := t.tx.OrderByCode(code)
	if store.IsNotFound(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return code, o.CustomerID == t.who.CustomerID, nil
}

// resiLines are an order's resi numbers, one line per parcel sent.
func (t *turn) resiLines(o store.Order) ([]string, error) {
	ships, err := t.tx.ShipmentsOf(o.ID)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, s := range ships {
		if s.Resi != "" {
			lines = append(lines, t.p.T("orders.resi_line", "courier", s.Courier, "resi", s.Resi))
		}
	}
	return lines, nil
}

// askAdmin tells the owner that a customer wants a person, and the
// customer that a person will answer.
func (t *turn) askAdmin(reason string) error {
	owners, err := t.tx.Staff(store.StaffOwner)
	if err != nil {
		return err
	}
	name := t.msg.UserName
	if name == "" {
		name = t.p.T("common.a_customer")
	}
	for _, o := range owners {
		t.send(Out{To: Address{o.Channel, o.UserID},
			Text: t.ownerPrinter().T("staff.customer_needs_help", "name", name, "chat", t.msg.Channel+":"+t.msg.UserID,
				"reason", t.ownerPrinter().T("staff.reason."+reason))})
	}
	t.reply(t.p.T("customer.admin_will_reply"), t.menuLabels()...)
	return t.save(state{Flow: flowCustomer, Step: stepMenu})
}

func (t *turn) customerMedia(st state, m *Media) error {
	if !m.TooBig {
		handled, err := t.proof(m)
		if err != nil || handled {
			return err
		}
	}
	switch {
	case m.TooBig:
		t.reply(t.p.T("media.too_big"))
	case m.Kind == MediaPhoto:
		t.reply(t.p.T("media.photo_unexpected"), t.menuLabels()...)
	default:
		t.reply(t.p.T("media.unsupported"), t.menuLabels()...)
	}
	if st.Flow == "" {
		return t.save(state{Flow: flowCustomer, Step: stepMenu})
	}
	return nil
}

// setLang switches the customer's language ("/bahasa en", "/lang id").
func (t *turn) setLang(arg string) error {
	lang, ok := locales.ParseLang(arg)
	if !ok {
		t.reply(t.p.T("customer.lang_how"))
		return nil
	}
	if err := t.tx.SetCustomerLang(t.who.CustomerID, string(lang)); err != nil {
		return err
	}
	t.p = t.shop.loc.For(lang)
	return t.menu(t.p.T("customer.lang_set"))
}
