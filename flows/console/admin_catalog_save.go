package console

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/partner"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

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
func (t *turn) autoSKU(d *productDraft) error {
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
	if name, _, ok := chat.SplitCommand(t.Msg.Text); ok && name == "mitra" {
		if !t.OwnerOnly() {
			return nil
		}
		return partner.PayoutPhoto(t.Turn, m) // the caption "/mitra bayar KODE": a payout's proof
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
