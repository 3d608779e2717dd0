package console

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
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
type productDraft struct {
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
	d := &productDraft{}
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

var (
	gramsRE = regexp.MustCompile(`^(\d{1,3}(?:\.\d{3})+|\d{1,7})\s*(g|gr|grm|gram|grams)?$`)
	kiloRE  = regexp.MustCompile(`^(\d{1,3})(?:[.,](\d{1,3}))?\s*(kg|kilo|kilogram)$`)
)

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
