package console

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/pricing"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// adminPageSize is how many products one /produk page shows.
const adminPageSize = 5

// cmdProducts lists products for staff, active or not, with every variant's
// cost, retail and reseller price and stock: "/produk", "/produk hijab",
// with a page number at the end ("/produk hijab 2").
func (t *turn) cmdProducts(args string) error {
	words := strings.Fields(args)
	page := 1
	if n := len(words); n > 0 {
		if k, ok := chat.MenuNumber(words[n-1]); ok && k > 0 {
			page, words = k, words[:n-1]
		}
	}
	query := strings.Join(words, " ")
	ps, more, err := t.Tx.AdminProducts(words, (page-1)*adminPageSize, adminPageSize)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		switch {
		case query != "":
			t.Reply(t.P.T("prod.list_none", "query", query))
		case page > 1:
			t.Reply(t.P.T("prod.list_past_end", "page", page))
		default:
			t.Reply(t.P.T("prod.list_empty"))
		}
		return nil
	}
	var b strings.Builder
	if query != "" {
		b.WriteString(t.P.T("prod.list_head_query", "query", query, "page", page))
	} else {
		b.WriteString(t.P.T("prod.list_head", "page", page))
	}
	for _, p := range ps {
		block, err := t.productBlock(p)
		if err != nil {
			return err
		}
		b.WriteString("\n\n" + block)
	}
	if more {
		b.WriteString("\n\n" + t.P.T("prod.list_more", "next", strings.TrimSpace("/produk "+query+" "+fmt.Sprint(page+1))))
	}
	if t.Who.IsOwner() {
		b.WriteString("\n\n" + t.P.T("prod.list_foot"))
	}
	t.Reply(b.String())
	return nil
}

// productBlock shows one product for staff: SKU, name, category, supplier,
// then one line per variant with its money and stock.
func (t *turn) productBlock(p store.Product) (string, error) {
	rules, err := t.Rules()
	if err != nil {
		return "", err
	}
	sup, err := t.supplierLabel(p.SupplierID)
	if err != nil {
		return "", err
	}
	cat := p.Category
	if cat == "" {
		cat = t.P.T("catalog.uncategorised")
	}
	head := t.P.T("prod.list_product", "sku", p.SKU, "name", p.Name, "category", cat, "supplier", sup,
		"photos", len(p.PhotoIDs))
	if !p.Active {
		head += " " + t.P.T("prod.inactive_mark")
	}
	lines := []string{head}
	for _, v := range p.Variants {
		line, err := t.variantLine(rules, v)
		if err != nil {
			return "", err
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n"), nil
}

// variantLine is "• M: modal Rp142.500 · ecer Rp185.500 · reseller Rp164.000 · stok 12".
func (t *turn) variantLine(rules pricing.Rules, v store.Variant) (string, error) {
	price := func(tier string, override decimal.NullDecimal) (string, error) {
		pr, err := chat.PriceFor(rules, v, tier)
		if err != nil {
			return "", err
		}
		if override.Valid {
			return t.P.T("prod.price_manual", "price", locales.FormatRupiah(pr)), nil
		}
		return locales.FormatRupiah(pr), nil
	}
	retail, err := price(store.PriceTierRetail, v.Price)
	if err != nil {
		return "", err
	}
	reseller, err := price(store.PriceTierReseller, v.ResellerPrice)
	if err != nil {
		return "", err
	}
	var stock *int64
	if v.Stock.Valid {
		s := v.Stock.Int64
		stock = &s
	}
	line := t.P.T("prod.list_variant", "variant", t.variantName(v.Name), "cost", locales.FormatRupiah(v.Cost),
		"retail", retail, "reseller", reseller, "stock", t.stockText(stock, v.Reserved), "weight", v.WeightG)
	if !v.Active {
		line += " " + t.P.T("prod.inactive_mark")
	}
	return line, nil
}

// Fields /ubah can change.
const (
	editPrice    = "price"
	editReseller = "reseller"
	editCost     = "cost"
	editStock    = "stock"
	editOn       = "on"
	editOff      = "off"
)

// editFields maps the words of /ubah to the field they change.
var editFields = map[string]string{
	"harga": editPrice, "ecer": editPrice, "price": editPrice, "retail": editPrice,
	"reseller": editReseller,
	"modal":    editCost, "cost": editCost,
	"stok": editStock, "stock": editStock,
	"aktif": editOn, "active": editOn, "tampilkan": editOn, "show": editOn,
	"nonaktif": editOff, "inactive": editOff, "sembunyikan": editOff, "hide": editOff,
}

// editRequest is a parsed /ubah.
type editRequest struct {
	product  store.Product
	variants []store.Variant // the variants named, or every variant when none is
	named    bool            // a variant was named
	field    string
	value    string
}

// parseEdit reads "SKU [varian] kata [nilai]". The variant is the longest
// run of words after the SKU that names one of the product's variants.
// It answers a bad request itself and returns ok = false.
func (t *turn) parseEdit(args string) (editRequest, bool, error) {
	words := strings.Fields(args)
	if len(words) < 2 {
		t.Reply(t.P.T("prod.edit_how"))
		return editRequest{}, false, nil
	}
	p, err := t.Tx.ProductBySKU(words[0])
	if store.IsNotFound(err) {
		t.Reply(t.P.T("prod.unknown_sku", "sku", words[0]))
		return editRequest{}, false, nil
	}
	if err != nil {
		return editRequest{}, false, err
	}
	req := editRequest{product: p, variants: p.Variants}
	rest := words[1:]
	for k := len(rest) - 1; k >= 1; k-- {
		if v, ok := findVariant(p, strings.Join(rest[:k], " ")); ok {
			if _, isField := editFields[strings.ToLower(rest[k])]; isField {
				req.variants, req.named, rest = []store.Variant{v}, true, rest[k:]
				break
			}
		}
	}
	field, isField := editFields[strings.ToLower(rest[0])]
	if !isField {
		// Either an unknown variant or an unknown word: say which.
		for i, w := range rest {
			if _, ok := editFields[strings.ToLower(w)]; ok && i > 0 {
				t.Reply(t.P.T("prod.unknown_variant", "sku", p.SKU, "variant", strings.Join(rest[:i], " "),
					"variants", t.variantList(p)))
				return editRequest{}, false, nil
			}
		}
		t.Reply(t.P.T("prod.edit_how"))
		return editRequest{}, false, nil
	}
	rest = rest[1:]
	if field == editPrice && len(rest) > 0 && strings.EqualFold(rest[0], "reseller") {
		field, rest = editReseller, rest[1:] // "harga reseller 40000"
	}
	req.field, req.value = field, strings.Join(rest, " ")
	return req, true, nil
}

func (t *turn) variantList(p store.Product) string {
	names := make([]string, len(p.Variants))
	for i, v := range p.Variants {
		names[i] = t.variantName(v.Name)
	}
	return strings.Join(names, ", ")
}

// cmdEdit changes a product (owner only):
//
//	/ubah SKU [varian] harga 45000|auto      retail price (auto = by the markup rules)
//	/ubah SKU [varian] reseller 40000|auto   reseller price
//	/ubah SKU [varian] modal 33000           supplier cost
//	/ubah SKU [varian] stok 12|habis|-       stock ("-" = not counted)
//	/ubah SKU [varian] aktif|nonaktif        show or hide
//
// Without a variant the change applies to every variant (aktif/nonaktif:
// to the product). A price below cost + the rule's minimum margin is
// refused with the numbers, and so is a cost that would put a manual price
// there; nothing is changed then.
func (t *turn) cmdEdit(args string) error {
	req, ok, err := t.parseEdit(args)
	if err != nil || !ok {
		return err
	}
	p := req.product
	var note string
	switch req.field {
	case editPrice, editReseller:
		ok, err = t.editPrice(req)
	case editCost:
		ok, err = t.editCost(req)
	case editStock:
		ok, err = t.editStock(req)
	case editOn, editOff:
		note, err = t.editActive(req)
	}
	if err != nil || !ok {
		return err
	}
	p, err = t.Tx.ProductByID(p.ID)
	if err != nil {
		return err
	}
	block, err := t.productBlock(p)
	if err != nil {
		return err
	}
	text := t.P.T("prod.edited", "sku", p.SKU) + "\n" + block
	if note != "" {
		text += "\n\n" + note
	}
	t.Reply(text)
	return nil
}

// ruleOf is the rule of a price tier.
func ruleOf(r pricing.Rules, tier string) pricing.Rule {
	if tier == store.PriceTierReseller {
		return r.Reseller
	}
	return r.Retail
}

// editPrice sets or clears a price override after the money-safety check.
func (t *turn) editPrice(req editRequest) (bool, error) {
	tier := store.PriceTierRetail
	if req.field == editReseller {
		tier = store.PriceTierReseller
	}
	var price decimal.NullDecimal
	switch v := chat.Normalize(req.value); v {
	case "":
		t.Reply(t.P.T("prod.edit_price_how", "sku", req.product.SKU))
		return false, nil
	case "auto", "otomatis", "markup":
	default:
		d, err := locales.ParseRupiah(req.value)
		if err != nil {
			t.Reply(t.moneyProblem(err) + "\n" + t.P.T("prod.edit_price_how", "sku", req.product.SKU))
			return false, nil
		}
		if !d.Equal(d.Truncate(0)) {
			t.Reply(t.P.T("prod.price_whole", "price", locales.FormatRupiah(d)))
			return false, nil
		}
		price = decimal.NewNullDecimal(d)
	}
	if price.Valid {
		rules, err := t.Rules()
		if err != nil {
			return false, err
		}
		margin := ruleOf(rules, tier).MinMargin
		for _, v := range req.variants {
			if floor := v.Cost.Add(margin); price.Decimal.LessThan(floor) {
				t.Reply(t.P.T("prod.price_too_low", "tier", t.P.T("prod.tier."+tier), "price", locales.FormatRupiah(price.Decimal),
					"variant", t.variantName(v.Name), "cost", locales.FormatRupiah(v.Cost), "margin", locales.FormatRupiah(margin),
					"floor", locales.FormatRupiah(floor)))
				return false, nil
			}
		}
	}
	for _, v := range req.variants {
		if err := t.Tx.SetVariantPrice(v.ID, tier, price, t.Actor()); err != nil {
			return false, err
		}
	}
	return true, nil
}

// editCost records a new supplier cost, refused when a manual price would
// fall below the new cost + the minimum margin.
func (t *turn) editCost(req editRequest) (bool, error) {
	if req.value == "" {
		t.Reply(t.P.T("prod.edit_cost_how", "sku", req.product.SKU))
		return false, nil
	}
	cost, note := t.readCost(req.value)
	if note != "" {
		t.Reply(note + "\n" + t.P.T("prod.edit_cost_how", "sku", req.product.SKU))
		return false, nil
	}
	rules, err := t.Rules()
	if err != nil {
		return false, err
	}
	for _, v := range req.variants {
		for _, o := range []struct {
			tier  string
			price decimal.NullDecimal
		}{{store.PriceTierRetail, v.Price}, {store.PriceTierReseller, v.ResellerPrice}} {
			if !o.price.Valid {
				continue
			}
			floor := cost.Add(ruleOf(rules, o.tier).MinMargin)
			if o.price.Decimal.LessThan(floor) {
				word := "harga"
				if o.tier == store.PriceTierReseller {
					word = "reseller"
				}
				variant := ""
				if req.named {
					variant = v.Name + " "
				}
				t.Reply(t.P.T("prod.cost_below_price", "cost", locales.FormatRupiah(cost), "variant", t.variantName(v.Name),
					"tier", t.P.T("prod.tier."+o.tier), "price", locales.FormatRupiah(o.price.Decimal),
					"floor", locales.FormatRupiah(floor),
					"fix", fmt.Sprintf("/ubah %s %s%s auto", req.product.SKU, variant, word)))
				return false, nil
			}
		}
	}
	for _, v := range req.variants {
		if err := t.Tx.SetVariantCost(v.ID, cost, t.Actor()); err != nil {
			return false, err
		}
	}
	return true, nil
}

// editStock sets the stock of the variants.
func (t *turn) editStock(req editRequest) (bool, error) {
	n, counted, ok := parseStockAnswer(req.value)
	if !ok {
		t.Reply(t.P.T("prod.edit_stock_how", "sku", req.product.SKU))
		return false, nil
	}
	stock := sql.NullInt64{Int64: n, Valid: counted}
	for _, v := range req.variants {
		if err := t.Tx.SetVariantStock(v.ID, stock, t.Actor()); err != nil {
			return false, err
		}
	}
	return true, nil
}

// editActive shows or hides a product (no variant named) or one variant.
// Hiding the last visible variant hides the product too, and showing a
// variant shows its product, so customers never see a product without
// anything to order. note tells the owner about such a knock-on change.
func (t *turn) editActive(req editRequest) (note string, err error) {
	on := req.field == editOn
	p := req.product
	if !req.named {
		if _, err := t.Tx.SetProductActive(p.ID, on, t.Actor()); err != nil {
			return "", err
		}
		if on && !anyActive(p.Variants) {
			for _, v := range p.Variants {
				if _, err := t.Tx.SetVariantActive(v.ID, true, t.Actor()); err != nil {
					return "", err
				}
			}
		}
		return "", nil
	}
	v := req.variants[0]
	if _, err := t.Tx.SetVariantActive(v.ID, on, t.Actor()); err != nil {
		return "", err
	}
	switch {
	case on && !p.Active:
		if _, err := t.Tx.SetProductActive(p.ID, true, t.Actor()); err != nil {
			return "", err
		}
		return t.P.T("prod.product_shown_too"), nil
	case !on && p.Active:
		others := false
		for _, o := range p.Variants {
			others = others || (o.ID != v.ID && o.Active)
		}
		if !others {
			if _, err := t.Tx.SetProductActive(p.ID, false, t.Actor()); err != nil {
				return "", err
			}
			return t.P.T("prod.product_hidden_too"), nil
		}
	}
	return "", nil
}

func anyActive(vs []store.Variant) bool {
	for _, v := range vs {
		if v.Active {
			return true
		}
	}
	return false
}
