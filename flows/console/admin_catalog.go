package console

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// The owner's catalogue tools (issue 6, item 4), in four files:
//
//	admin_catalog.go         the "add a product" wizard, product photos, and the
//	                         owner_catalog conversation (plain answers and photos)
//	admin_catalog_edit.go    /produk (list and search) and /ubah (edit)
//	admin_catalog_markup.go  /markup (show, preview, confirm)
//	admin_catalog_import.go  a CSV/XLSX file sent to the bot
//
// Admins may list and search; every change needs the owner.

// The owner's catalogue conversation and its steps.
const (
	FlowOwnerCatalog = "owner_catalog"

	stepProdName      = "prod_name"
	stepProdCategory  = "prod_category"
	stepProdVariant   = "prod_variant"
	stepProdSupplier  = "prod_supplier"
	stepProdCost      = "prod_cost"
	stepProdWeight    = "prod_weight"
	stepProdStock     = "prod_stock"
	stepProdPhoto     = "prod_photo"
	stepProdConfirm   = "prod_confirm"
	stepMarkupConfirm = "markup_confirm"
)

// Limits of what the owner types into the wizard.
const (
	maxProductNameRunes = 100
	maxCategoryRunes    = 40
	maxVariantRunes     = 60
	maxSKURunes         = 32
	maxWeightG          = 100000  // 100 kg
	maxStock            = 1000000 // a stock above this is a typo
)

// ownSupplierChoice is the supplier menu's choice for the owner's own stock.
const ownSupplierChoice = "own"

// productDraft is the product being added, kept between the wizard's steps.
type ProductDraft struct {
	SKU        string `json:"sku,omitempty"`
	AutoSKU    bool   `json:"auto_sku,omitempty"`   // generated: may be regenerated if taken meanwhile
	ProductID  int64  `json:"product_id,omitempty"` // adding a variant to this existing product
	Name       string `json:"name,omitempty"`
	Category   string `json:"category,omitempty"`
	Variant    string `json:"variant,omitempty"`
	SupplierID int64  `json:"supplier_id,omitempty"` // 0 = own stock
	Cost       string `json:"cost,omitempty"`        // decimal text
	WeightG    int    `json:"weight_g,omitempty"`
	Stock      *int64 `json:"stock,omitempty"` // nil = not counted
	PhotoID    int64  `json:"photo_id,omitempty"`
}

var skuRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._\-]*$`)

// validSKU reports whether s can be a SKU the owner types: letters, digits,
// ".", "_" and "-", starting with a letter or digit, at most 32 characters.
func validSKU(s string) bool {
	return len(s) <= maxSKURunes && skuRE.MatchString(s)
}

// catCancelWords leave the owner's catalogue conversation.
var catCancelWords = map[string]bool{"batal": true, "cancel": true, "stop": true, "berhenti": true, "gak jadi": true, "tidak jadi": true}

// catYesWords confirm a summary or a preview.
var catYesWords = map[string]bool{"ya": true, "y": true, "iya": true, "yes": true, "ok": true, "oke": true, "simpan": true, "save": true}

// cmdAddProduct starts the wizard: "/tambahproduk" for a new product (the
// SKU is generated), "/tambahproduk SKU" for a new product with that SKU or,
// when the SKU exists, a new variant of that product.
func (t *turn) cmdAddProduct(args string) error {
	d := &ProductDraft{}
	st := state{Flow: FlowOwnerCatalog, Step: stepProdName}
	if sku := strings.TrimSpace(args); sku != "" {
		if !validSKU(sku) {
			t.Reply(t.P.T("prod.sku_bad", "max", maxSKURunes))
			return nil
		}
		p, err := t.Tx.ProductBySKU(sku)
		switch {
		case err == nil:
			d.SKU, d.ProductID, d.Name, d.Category, d.SupplierID = p.SKU, p.ID, p.Name, p.Category, p.SupplierID
			st.Step = stepProdVariant
		case store.IsNotFound(err):
			d.SKU = sku
		default:
			return err
		}
	}
	st.Data.Draft = d
	if st.Step == stepProdName {
		t.AddNote(t.P.T("prod.add_start"))
	}
	return t.askProd(st)
}

// askProd asks the question of the wizard's current step and saves the state.
func (t *turn) askProd(st state) error {
	d := st.Data.Draft
	switch st.Step {
	case stepProdName:
		t.Reply(t.P.T("prod.ask_name"))
	case stepProdCategory:
		cats, err := t.Tx.Categories()
		if err != nil {
			return err
		}
		var labels, choices []string
		for _, c := range cats {
			if c.Name == "" {
				continue
			}
			labels = append(labels, c.Name)
			choices = append(choices, c.Name)
		}
		st.Data.Choices = choices
		t.Reply(t.P.T("prod.ask_category"), labels...)
	case stepProdVariant:
		if d.ProductID != 0 {
			p, err := t.Tx.ProductByID(d.ProductID)
			if err != nil {
				return err
			}
			var names []string
			for _, v := range p.Variants {
				names = append(names, t.variantName(v.Name))
			}
			t.Reply(t.P.T("prod.ask_variant_more", "sku", p.SKU, "name", p.Name, "variants", strings.Join(names, ", ")))
		} else {
			t.Reply(t.P.T("prod.ask_variant"))
		}
	case stepProdSupplier:
		sups, err := t.Tx.Suppliers()
		if err != nil {
			return err
		}
		var labels, choices []string
		for _, s := range sups {
			if !s.Active {
				continue
			}
			labels = append(labels, t.P.T("prod.supplier_option", "code", s.Code, "name", s.Name))
			choices = append(choices, strconv.FormatInt(s.ID, 10))
		}
		labels = append(labels, t.P.T("prod.own_stock_option"))
		choices = append(choices, ownSupplierChoice)
		st.Data.Choices = choices
		t.Reply(t.P.T("prod.ask_supplier"), labels...)
	case stepProdCost:
		t.Reply(t.P.T("prod.ask_cost"))
	case stepProdWeight:
		t.Reply(t.P.T("prod.ask_weight"))
	case stepProdStock:
		t.Reply(t.P.T("prod.ask_stock"))
	case stepProdPhoto:
		t.Reply(t.P.T("prod.ask_photo"), t.P.T("prod.skip_option"))
	case stepProdConfirm:
		return t.prodSummary(st)
	}
	return t.save(st)
}

// ownerCatalogText reads a plain answer in the owner's catalogue
// conversation (the wizard's steps, the markup confirmation).
func (t *turn) ownerCatalogText(st state) error {
	if !t.Who.IsOwner() {
		// The conversation belongs to the owner; a former owner is let out.
		if err := t.save(state{}); err != nil {
			return err
		}
		t.Reply(t.P.T("access.owner_only"))
		return nil
	}
	if expired, err := t.ownerWizardExpired(st); expired || err != nil {
		return err
	}
	norm := chat.Normalize(t.Msg.Text)
	if catCancelWords[norm] {
		key := "prod.cancelled"
		if st.Step == stepMarkupConfirm {
			key = "markup.cancelled"
		}
		t.Reply(t.P.T(key))
		return t.save(state{})
	}
	if st.Step == stepMarkupConfirm {
		return t.onMarkupConfirm(st)
	}
	if st.Data.Draft == nil {
		if err := t.save(state{}); err != nil {
			return err
		}
		t.Reply(t.StaffHelp())
		return nil
	}
	return t.onProdStep(st, strings.TrimSpace(t.Msg.Text))
}

// onProdStep reads the answer to one step of the wizard. A bad answer gets
// a note that says what is wrong and the same question again.
func (t *turn) onProdStep(st state, text string) error {
	d := st.Data.Draft
	norm := chat.Normalize(text)
	again := func(note string) error {
		t.AddNote(note)
		return t.askProd(st)
	}
	switch st.Step {
	case stepProdName:
		name := strings.Join(strings.Fields(text), " ")
		switch n := utf8.RuneCountInString(name); {
		case n < 2:
			return again(t.P.T("prod.name_short"))
		case n > maxProductNameRunes:
			return again(t.P.T("prod.name_long", "max", maxProductNameRunes))
		}
		d.Name = name
		st.Step = stepProdCategory
	case stepProdCategory:
		cat, ok := t.pickCategory(st.Data.Choices, text)
		if !ok {
			return again(t.P.T("prod.category_bad", "max", maxCategoryRunes))
		}
		d.Category = cat
		st.Step = stepProdVariant
	case stepProdVariant:
		v := strings.Join(strings.Fields(text), " ")
		if v == "-" {
			v = ""
		}
		if utf8.RuneCountInString(v) > maxVariantRunes {
			return again(t.P.T("prod.variant_long", "max", maxVariantRunes))
		}
		if d.ProductID != 0 {
			p, err := t.Tx.ProductByID(d.ProductID)
			if err != nil {
				return err
			}
			if old, exists := findVariant(p, v); exists {
				return again(t.P.T("prod.variant_exists", "variant", t.variantName(old.Name), "sku", p.SKU))
			}
			d.Variant = v
			st.Step = stepProdCost // the supplier is the product's
			break
		}
		d.Variant = v
		st.Step = stepProdSupplier
	case stepProdSupplier:
		choice, ok := t.pickSupplier(st.Data.Choices, text)
		if !ok {
			return again(t.P.T("prod.supplier_bad"))
		}
		d.SupplierID = 0
		if choice != ownSupplierChoice {
			id, err := strconv.ParseInt(choice, 10, 64)
			if err != nil {
				return again(t.P.T("prod.supplier_bad"))
			}
			d.SupplierID = id
		}
		st.Step = stepProdCost
	case stepProdCost:
		cost, note := t.readCost(text)
		if note != "" {
			return again(note)
		}
		d.Cost = cost.String()
		st.Step = stepProdWeight
	case stepProdWeight:
		g, ok := parseGrams(text)
		if !ok {
			return again(t.P.T("prod.weight_bad", "max", maxWeightG/1000))
		}
		d.WeightG = g
		st.Step = stepProdStock
	case stepProdStock:
		stock, counted, ok := parseStockAnswer(text)
		if !ok {
			return again(t.P.T("prod.stock_bad"))
		}
		d.Stock = nil
		if counted {
			d.Stock = &stock
		}
		st.Step = stepProdPhoto
	case stepProdPhoto:
		if !catSkipWords[norm] && norm != "1" {
			return again(t.P.T("prod.photo_wanted"))
		}
		d.PhotoID = 0
		st.Step = stepProdConfirm
	case stepProdConfirm:
		return t.onProdConfirm(st, text)
	default:
		if err := t.save(state{}); err != nil {
			return err
		}
		t.Reply(t.StaffHelp())
		return nil
	}
	return t.askProd(st)
}

// catSkipWords skip the photo step.
var catSkipWords = map[string]bool{"lewati": true, "lewat": true, "skip": true, "-": true, "tidak ada": true, "nanti": true, "gak ada": true}

// pickCategory reads a category answer: a number of the list, an existing
// category (any case), "-" for none, or a new name.
func (t *turn) pickCategory(choices []string, text string) (string, bool) {
	name := strings.Join(strings.Fields(text), " ")
	if name == "-" {
		return "", true
	}
	if k, ok := chat.MenuNumber(chat.Normalize(name)); ok {
		if k >= 1 && k <= len(choices) {
			return choices[k-1], true
		}
		return "", false
	}
	for _, c := range choices {
		if chat.Normalize(c) == chat.Normalize(name) {
			return c, true
		}
	}
	if n := utf8.RuneCountInString(name); n < 2 || n > maxCategoryRunes {
		return "", false
	}
	return name, true
}

// pickSupplier reads a supplier answer: a number, a supplier code, its
// name, or "sendiri" for the owner's own stock.
func (t *turn) pickSupplier(choices []string, text string) (string, bool) {
	norm := chat.Normalize(text)
	if ownStockWords[norm] {
		return ownSupplierChoice, true
	}
	if k, ok := chat.MenuNumber(norm); ok {
		if k >= 1 && k <= len(choices) {
			return choices[k-1], true
		}
		return "", false
	}
	s, err := t.Tx.SupplierByCode(text)
	if err != nil || !s.Active {
		return "", false
	}
	id := strconv.FormatInt(s.ID, 10)
	for _, c := range choices {
		if c == id {
			return c, true
		}
	}
	return "", false
}

// ownStockWords name the owner's own stock, as the import does.
var ownStockWords = map[string]bool{"sendiri": true, "stok sendiri": true, "stock sendiri": true, "own": true, "own stock": true}

// readCost reads a supplier cost; note is the answer to a bad one.
func (t *turn) readCost(text string) (decimal.Decimal, string) {
	v, err := locales.ParseRupiah(text)
	if err != nil {
		return decimal.Zero, t.moneyProblem(err)
	}
	if v.IsZero() {
		return decimal.Zero, t.P.T("prod.cost_zero")
	}
	return v, ""
}

// moneyProblem is the kind answer to a ParseRupiah error.
func (t *turn) moneyProblem(err error) string {
	code, args := "invalid", []any(nil)
	if me, ok := err.(*locales.MoneyError); ok {
		code, args = me.Code, me.Args()
	}
	return t.P.T("money.err."+code, args...)
}

var (
	gramsRE = regexp.MustCompile(`^(\d{1,3}(?:\.\d{3})+|\d{1,7})\s*(g|gr|grm|gram|grams)?$`)
	kiloRE  = regexp.MustCompile(`^(\d{1,3})(?:[.,](\d{1,3}))?\s*(kg|kilo|kilogram)$`)
)

// parseGrams reads a weight: whole grams ("250", "250 gr", "1.200 g") or
// kilograms with the unit ("0,25kg", "1.5 kg"), between 1 g and 100 kg.
func parseGrams(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	var g int64
	if m := gramsRE.FindStringSubmatch(s); m != nil {
		n, err := strconv.ParseInt(strings.ReplaceAll(m[1], ".", ""), 10, 64)
		if err != nil {
			return 0, false
		}
		g = n
	} else if m := kiloRE.FindStringSubmatch(s); m != nil {
		whole, _ := strconv.ParseInt(m[1], 10, 64)
		frac := m[2]
		g = whole * 1000
		if frac != "" {
			f, _ := strconv.ParseInt((frac + "00")[:3], 10, 64) // "25" → 250 g
			g += f
		}
	} else {
		return 0, false
	}
	if g < 1 || g > maxWeightG {
		return 0, false
	}
	return int(g), true
}

// parseStockAnswer reads a stock: a whole number ("12", "1.000", "12 pcs"),
// "habis"/"kosong" for 0, or "-" (and a few words) for "not counted".
func parseStockAnswer(s string) (n int64, counted, ok bool) {
	norm := chat.Normalize(s)
	switch norm {
	case "habis", "kosong", "sold out":
		return 0, true, true
	case "-", "tidak dihitung", "gak dihitung", "ikut supplier", "tak terbatas", "unlimited", "not counted":
		return 0, false, true
	}
	norm = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(norm, "pcs"), "pc"))
	if m := gramsRE.FindStringSubmatch(norm); m != nil && m[2] == "" {
		v, err := strconv.ParseInt(strings.ReplaceAll(m[1], ".", ""), 10, 64)
		if err == nil && v <= maxStock {
			return v, true, true
		}
	}
	return 0, false, false
}

// variantName shows a variant's name, "(tanpa varian)" for the unnamed one.
func (t *turn) variantName(name string) string {
	if name == "" {
		return t.P.T("prod.no_variant")
	}
	return name
}

// findVariant finds a product's variant by name, the way the books compare
// them (ASCII case folded).
func findVariant(p store.Product, name string) (store.Variant, bool) {
	for _, v := range p.Variants {
		if foldASCII(v.Name) == foldASCII(strings.TrimSpace(name)) {
			return v, true
		}
	}
	return store.Variant{}, false
}

// foldASCII folds ASCII letters as SQLite's NOCASE does.
func foldASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// supplierLabel names a product's supplier: its code, or "stok sendiri".
func (t *turn) supplierLabel(id int64) (string, error) {
	if id == 0 {
		return t.P.T("prod.own_stock"), nil
	}
	s, err := t.Tx.SupplierByID(id)
	if store.IsNotFound(err) {
		return "?", nil
	}
	if err != nil {
		return "", err
	}
	return s.Code, nil
}

// prodSummary shows the draft with the prices the markup rules give it and
// asks for the confirmation. A new product gets its SKU here.
func (t *turn) prodSummary(st state) error {
	d := st.Data.Draft
	if d.SKU == "" || d.AutoSKU && d.ProductID == 0 {
		free, err := t.skuFree(d.SKU)
		if err != nil {
			return err
		}
		if d.SKU == "" || !free {
			if err := t.autoSKU(d); err != nil {
				return err
			}
		}
	}
	cost, err := decimal.NewFromString(d.Cost)
	if err != nil {
		return fmt.Errorf("draft cost: %w", err)
	}
	rules, err := t.Rules()
	if err != nil {
		return err
	}
	v := store.Variant{Cost: cost}
	retail, err := chat.PriceFor(rules, v, store.PriceTierRetail)
	if err != nil {
		return err
	}
	reseller, err := chat.PriceFor(rules, v, store.PriceTierReseller)
	if err != nil {
		return err
	}
	sup, err := t.supplierLabel(d.SupplierID)
	if err != nil {
		return err
	}
	if d.SupplierID != 0 {
		if s, err := t.Tx.SupplierByID(d.SupplierID); err == nil {
			sup = t.P.T("prod.supplier_option", "code", s.Code, "name", s.Name)
		}
	}
	cat := d.Category
	if cat == "" {
		cat = t.P.T("catalog.uncategorised")
	}
	photo := t.P.T("prod.photo_none")
	if d.PhotoID != 0 {
		photo = t.P.T("prod.photo_yes")
	}
	text := t.P.T("prod.summary", "sku", d.SKU, "name", d.Name, "category", cat, "variant", t.variantName(d.Variant),
		"supplier", sup, "cost", locales.FormatRupiah(cost), "weight", d.WeightG, "stock", t.stockText(d.Stock, 0),
		"photo", photo, "retail", locales.FormatRupiah(retail), "reseller", locales.FormatRupiah(reseller))
	if d.ProductID == 0 {
		text += "\n\n" + t.P.T("prod.summary_sku_hint")
	}
	out := chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, Text: text,
		Options: []string{t.P.T("prod.confirm_option"), t.P.T("prod.cancel_option")}}
	if d.PhotoID != 0 {
		out.MediaID = d.PhotoID
	}
	t.Send(out)
	st.Step = stepProdConfirm
	return t.save(st)
}

// skuFree reports whether no product has sku.
func (t *turn) skuFree(sku string) (bool, error) {
	if sku == "" {
		return false, nil
	}
	_, err := t.Tx.ProductBySKU(sku)
	if store.IsNotFound(err) {
		return true, nil
	}
	return false, err
}

// autoSKU gives the draft the next free SKU after its supplier's code
// ("GMS-08"), or after "TOKO" for the owner's own stock.
func (t *turn) autoSKU(d *ProductDraft) error {
	prefix := "TOKO"
	if d.SupplierID != 0 {
		s, err := t.Tx.SupplierByID(d.SupplierID)
		if err != nil && !store.IsNotFound(err) {
			return err
		}
		if err == nil {
			prefix = s.Code
		}
	}
	sku, err := t.Tx.NextSKU(prefix)
	if err != nil {
		return err
	}
	d.SKU, d.AutoSKU = sku, true
	return nil
}

// stockText shows a stock: a number, "habis", or "tidak dihitung"; with the
// units reserved by unpaid orders when there are any.
func (t *turn) stockText(stock *int64, reserved int64) string {
	switch {
	case stock == nil:
		return t.P.T("prod.stock_uncounted")
	case *stock == 0 && reserved == 0:
		return t.P.T("prod.stock_soldout")
	case reserved > 0:
		return t.P.T("prod.stock_reserved", "stock", *stock, "reserved", reserved)
	}
	return strconv.FormatInt(*stock, 10)
}

// onProdConfirm reads the answer to the summary: yes saves, "sku KODE"
// changes the SKU of a new product.
func (t *turn) onProdConfirm(st state, text string) error {
	d := st.Data.Draft
	norm := chat.Normalize(text)
	if f := strings.Fields(text); len(f) >= 2 && strings.EqualFold(f[0], "sku") && d.ProductID == 0 {
		sku := strings.Join(f[1:], " ") // a SKU with spaces is refused below
		if !validSKU(sku) {
			t.AddNote(t.P.T("prod.sku_bad", "max", maxSKURunes))
			return t.prodSummary(st)
		}
		free, err := t.skuFree(sku)
		if err != nil {
			return err
		}
		if !free {
			t.AddNote(t.P.T("prod.sku_taken", "sku", sku))
			return t.prodSummary(st)
		}
		d.SKU, d.AutoSKU = sku, false
		return t.prodSummary(st)
	}
	if !catYesWords[norm] && norm != "1" && chat.Choose(text, []string{t.P.T("prod.confirm_option")}) != 0 {
		if norm == "2" {
			t.Reply(t.P.T("prod.cancelled"))
			return t.save(state{})
		}
		t.AddNote(t.P.T("prod.confirm_how"))
		return t.prodSummary(st)
	}
	return t.saveDraft(st)
}

// saveDraft writes the confirmed product or variant.
func (t *turn) saveDraft(st state) error {
	d := st.Data.Draft
	cost, err := decimal.NewFromString(d.Cost)
	if err != nil {
		return fmt.Errorf("draft cost: %w", err)
	}
	row := store.CatalogRow{SKU: d.SKU, Name: d.Name, Variant: d.Variant, SupplierID: d.SupplierID, Cost: cost,
		Stock: d.Stock, PhotoMediaID: d.PhotoID}
	w := d.WeightG
	row.WeightG = &w
	if d.ProductID != 0 {
		p, err := t.Tx.ProductByID(d.ProductID)
		if err != nil {
			return err
		}
		if old, exists := findVariant(p, d.Variant); exists {
			// Added meanwhile (another chat, an import): ask again.
			st.Step = stepProdVariant
			t.AddNote(t.P.T("prod.variant_exists", "variant", t.variantName(old.Name), "sku", p.SKU))
			return t.askProd(st)
		}
		row.SKU, row.Name, row.SupplierID = p.SKU, p.Name, p.SupplierID
	} else {
		free, err := t.skuFree(d.SKU)
		if err != nil {
			return err
		}
		if !free {
			if !d.AutoSKU {
				t.AddNote(t.P.T("prod.sku_taken", "sku", d.SKU))
				return t.prodSummary(st)
			}
			if err := t.autoSKU(d); err != nil {
				return err
			}
			row.SKU = d.SKU
		}
		cat := d.Category
		row.Category = &cat
	}
	if _, err := t.Tx.UpsertCatalogRow(row); err != nil {
		return err
	}
	p, err := t.Tx.ProductBySKU(row.SKU)
	if err != nil {
		return err
	}
	block, err := t.productBlock(p)
	if err != nil {
		return err
	}
	t.Reply(t.P.T("prod.saved", "sku", p.SKU) + "\n" + block + "\n\n" + t.P.T("prod.saved_next", "sku", p.SKU))
	return t.save(state{})
}

// ownerCatalogPhoto handles a photo from staff that does not quote an order
// card: the wizard's photo, or a product photo sent with the caption
// "/foto SKU".
func (t *turn) ownerCatalogPhoto(m *chat.Media) error {
	if name, args, ok := chat.SplitCommand(t.Msg.Text); ok && (name == "foto" || name == "photo") {
		if !t.OwnerOnly() {
			return nil
		}
		return t.addProductPhoto(args, m)
	}
	st, err := t.load()
	if err != nil {
		return err
	}
	if st.Flow != FlowOwnerCatalog || st.Step != stepProdPhoto || st.Data.Draft == nil || !t.Who.IsOwner() {
		t.Reply(t.P.T("prod.photo_unexpected"))
		return nil
	}
	if expired, err := t.ownerWizardExpired(st); expired || err != nil {
		return err
	}
	if note := t.photoProblem(m); note != "" {
		t.AddNote(note)
		return t.askProd(st)
	}
	st.Data.Draft.PhotoID = m.MediaID
	st.Step = stepProdConfirm
	return t.askProd(st)
}

// ownerWizardTTL is how long an unfinished product wizard or markup
// confirmation waits. After it, the owner's next message is not read as an
// answer: a "ya" typed hours later for something else must not save a
// half-remembered product or reprice the catalogue.
const ownerWizardTTL = 3 * time.Hour

// ownerWizardExpired drops a wizard left alone for longer than
// ownerWizardTTL and tells the owner how to start again.
func (t *turn) ownerWizardExpired(st state) (bool, error) {
	if st.Saved.IsZero() || t.Tx.Now().Sub(st.Saved) <= ownerWizardTTL {
		return false, nil
	}
	if err := t.save(state{}); err != nil {
		return false, err
	}
	hours := int(ownerWizardTTL / time.Hour)
	switch {
	case st.Step == stepMarkupConfirm:
		t.Reply(t.P.T("markup.timed_out", "hours", hours))
	case st.Data.Draft != nil && st.Data.Draft.Name != "":
		t.Reply(t.P.T("prod.expired_named", "hours", hours, "name", st.Data.Draft.Name))
	default:
		t.Reply(t.P.T("prod.expired", "hours", hours))
	}
	return true, nil
}

// photoProblem says what is wrong with a photo for a product, "" if nothing.
func (t *turn) photoProblem(m *chat.Media) string {
	switch {
	case m.TooBig:
		return t.P.T("prod.photo_too_big")
	case m.MediaID == 0 || !strings.HasPrefix(m.MIME, "image/"):
		return t.P.T("prod.photo_bad")
	}
	return ""
}

// addProductPhoto adds the photo to the product named in the caption.
func (t *turn) addProductPhoto(args string, m *chat.Media) error {
	sku, _ := chat.FirstWord(args)
	if sku == "" {
		t.Reply(t.P.T("prod.photo_how"))
		return nil
	}
	p, err := t.Tx.ProductBySKU(sku)
	if store.IsNotFound(err) {
		t.Reply(t.P.T("prod.unknown_sku", "sku", sku))
		return nil
	}
	if err != nil {
		return err
	}
	if note := t.photoProblem(m); note != "" {
		t.Reply(note)
		return nil
	}
	if err := t.Tx.AddProductPhoto(p.ID, m.MediaID); err != nil {
		return err
	}
	t.Reply(t.P.T("prod.photo_added", "sku", p.SKU, "name", p.Name))
	return nil
}
