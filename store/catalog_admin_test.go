package store_test

import (
	"database/sql"
	"testing"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

func TestNextSKU(t *testing.T) {
	db, _ := openDB(t)
	for _, sku := range []string{"GMS-01", "gms-07", "GMS-A1", "GMS-", "GMSX-99", "TOKO-009", "HJB-5"} {
		upsert(t, db, store.CatalogRow{SKU: sku, Name: "Barang " + sku, Cost: dec("1000")})
	}
	tests := []struct{ prefix, want string }{
		{"GMS", "GMS-08"},                        // highest numbered GMS- is 07 (any case); GMS-A1, GMS- and GMSX-99 are not
		{"gms", "GMS-08"},                        // the prefix is upper-cased
		{"TOKO", "TOKO-010"},                     // as wide as the widest number in use
		{"HJB", "HJB-06"},                        // at least two digits
		{"NEW", "NEW-01"},                        // no product yet
		{"a b!-c", "ABC-01"},                     // only letters and digits are kept
		{"", "P-01"},                             // nothing left: "P"
		{"ÄÖ", "P-01"},                           // non-ASCII letters are dropped
		{"ABCDEFGHIJKLMNOPQ", "ABCDEFGHIJKL-01"}, // cut to 12 characters
	}
	for _, tc := range tests {
		var got string
		view(t, db, func(tx *store.Tx) (err error) {
			got, err = tx.NextSKU(tc.prefix)
			return err
		})
		if got != tc.want {
			t.Errorf("NextSKU(%q) = %q, want %q", tc.prefix, got, tc.want)
		}
	}
	// Once GMS-08 exists, the next one is GMS-09.
	upsert(t, db, store.CatalogRow{SKU: "GMS-08", Name: "Barang", Cost: dec("1000")})
	view(t, db, func(tx *store.Tx) error {
		got, err := tx.NextSKU("GMS")
		if err != nil || got != "GMS-09" {
			t.Errorf("after GMS-08: %q, %v", got, err)
		}
		return nil
	})
}

func TestAdminProductsIncludesHidden(t *testing.T) {
	db, _ := openDB(t)
	seedCatalog(t, db)
	hidden := productBySKU(t, db, "MUG-1")
	update(t, db, func(tx *store.Tx) error {
		changed, err := tx.SetProductActive(hidden.ID, false, "telegram:1")
		if !changed {
			t.Error("hiding a shown product did not change it")
		}
		return err
	})
	view(t, db, func(tx *store.Tx) error {
		all, more, err := tx.AdminProducts(nil, 0, 10)
		if err != nil {
			return err
		}
		// Ordered by SKU: CLN-HTM, DSK-50, KP-HTM, KPL-PTH, MUG-1.
		var skus []string
		for _, p := range all {
			skus = append(skus, p.SKU)
		}
		if more || len(all) != 5 || skus[0] != "CLN-HTM" || skus[4] != "MUG-1" || all[4].Active {
			t.Errorf("all = %v more %v", skus, more)
		}
		page, more, err := tx.AdminProducts(nil, 2, 2)
		if err != nil {
			return err
		}
		if len(page) != 2 || !more || page[0].SKU != "KP-HTM" {
			t.Errorf("page 2 = %+v more %v", page, more)
		}
		// Words match name, SKU or category; the hidden mug is found.
		for q, want := range map[string]int{"mug": 1, "atasan": 2, "htm": 2, "kaos hitam": 1, "sepatu": 0} {
			ps, _, err := tx.AdminProducts(splitWords(q), 0, 10)
			if err != nil {
				return err
			}
			if len(ps) != want {
				t.Errorf("AdminProducts(%q) = %d products, want %d", q, len(ps), want)
			}
		}
		// The customers' list does not show it.
		ps, _, err := tx.Products(store.ProductFilter{Words: []string{"mug"}})
		if err != nil || len(ps) != 0 {
			t.Errorf("customers see the hidden mug: %v %v", ps, err)
		}
		return nil
	})
}

func splitWords(s string) []string {
	var out []string
	word := ""
	for _, r := range s + " " {
		if r == ' ' {
			if word != "" {
				out = append(out, word)
			}
			word = ""
			continue
		}
		word += string(r)
	}
	return out
}

func TestVariantEditsAreAudited(t *testing.T) {
	db, _ := openDB(t)
	upsert(t, db, store.CatalogRow{SKU: "KP", Name: "Kaos", Variant: "M", Cost: dec("41333.33"), Stock: ptr(int64(5))})
	v := productBySKU(t, db, "KP").Variants[0]
	const who = "telegram:99"
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetVariantCost(v.ID, dec("42000.5"), who); err != nil {
			return err
		}
		if err := tx.SetVariantPrice(v.ID, store.PriceTierRetail, price("60000"), who); err != nil {
			return err
		}
		if err := tx.SetVariantPrice(v.ID, store.PriceTierReseller, price("52000"), who); err != nil {
			return err
		}
		if err := tx.SetVariantPrice(v.ID, store.PriceTierRetail, decimal.NullDecimal{}, who); err != nil {
			return err
		}
		if err := tx.SetVariantStock(v.ID, sql.NullInt64{}, who); err != nil {
			return err
		}
		changed, err := tx.SetVariantActive(v.ID, false, who)
		if err != nil || !changed {
			t.Errorf("hide: %v %v", changed, err)
		}
		changed, err = tx.SetVariantActive(v.ID, false, who)
		if err != nil || changed {
			t.Errorf("hiding again changed: %v %v", changed, err)
		}
		return nil
	})
	got := productBySKU(t, db, "KP").Variants[0]
	if !got.Cost.Equal(dec("42000.5")) || got.Price.Valid || !got.ResellerPrice.Decimal.Equal(dec("52000")) ||
		got.Stock.Valid || got.Active {
		t.Fatalf("variant = %+v", got)
	}
	view(t, db, func(tx *store.Tx) error {
		h, err := tx.StatusHistory("variant", v.ID)
		if err != nil {
			return err
		}
		want := [][2]string{
			{"cost=41333.33", "cost=42000.5"},
			{"price=-", "price=60000"},
			{"reseller_price=-", "reseller_price=52000"},
			{"price=60000", "price=-"},
			{"stock=5", "stock=-"},
			{"active", "inactive"},
		}
		if len(h) != len(want) {
			t.Fatalf("history = %+v", h)
		}
		for i, w := range want {
			if h[i].From != w[0] || h[i].To != w[1] || h[i].Actor != who {
				t.Errorf("history[%d] = %+v, want %v", i, h[i], w)
			}
		}
		return nil
	})
}

func TestVariantEditsRefuseBadInput(t *testing.T) {
	db, _ := openDB(t)
	upsert(t, db, store.CatalogRow{SKU: "KP", Name: "Kaos", Cost: dec("1000")})
	v := productBySKU(t, db, "KP").Variants[0]
	update(t, db, func(tx *store.Tx) error {
		wantCode(t, tx.SetVariantCost(v.ID, dec("-1"), "x:1"), store.EInvalid)
		wantCode(t, tx.SetVariantPrice(v.ID, store.PriceTierRetail, price("0"), "x:1"), store.EInvalid)
		wantCode(t, tx.SetVariantPrice(v.ID, "grosir", price("5000"), "x:1"), store.EInvalid)
		wantCode(t, tx.SetVariantStock(v.ID, sql.NullInt64{Int64: -1, Valid: true}, "x:1"), store.EInvalid)
		wantCode(t, tx.SetVariantCost(v.ID+100, dec("1"), "x:1"), store.ENotFound)
		wantCode(t, tx.SetVariantPrice(v.ID+100, store.PriceTierRetail, price("1"), "x:1"), store.ENotFound)
		_, err := tx.SetVariantActive(v.ID+100, true, "x:1")
		wantCode(t, err, store.ENotFound)
		_, err = tx.SetProductActive(v.ProductID+100, true, "x:1")
		wantCode(t, err, store.ENotFound)
		// An edit needs someone to answer for it.
		wantCode(t, tx.SetVariantCost(v.ID, dec("2"), ""), store.EInvalid)
		_, err = tx.SetProductActive(v.ProductID, false, "")
		wantCode(t, err, store.EInvalid)
		return nil
	})
}

func TestActiveVariantsAndPhotos(t *testing.T) {
	db, _ := openDB(t)
	upsert(t, db, store.CatalogRow{SKU: "A", Name: "Anting", Variant: "Emas", Cost: dec("5000"), Price: price("9000")})
	upsert(t, db, store.CatalogRow{SKU: "A", Name: "Anting", Variant: "Perak", Cost: dec("4000")})
	upsert(t, db, store.CatalogRow{SKU: "B", Name: "Bros", Cost: dec("3000")})
	a := productBySKU(t, db, "A")
	b := productBySKU(t, db, "B")
	var photo store.Media
	update(t, db, func(tx *store.Tx) error {
		if _, err := tx.SetVariantActive(a.Variants[1].ID, false, "x:1"); err != nil {
			return err
		}
		if _, err := tx.SetProductActive(b.ID, false, "x:1"); err != nil {
			return err
		}
		var err error
		photo, err = tx.SaveMedia(t.TempDir(), []byte("\x89PNG\r\n\x1a\nfake"), "image/png")
		if err != nil {
			return err
		}
		for range 2 { // the same photo twice is kept once
			if err := tx.AddProductPhoto(a.ID, photo.ID); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, db, func(tx *store.Tx) error {
		vs, err := tx.ActiveVariants()
		if err != nil {
			return err
		}
		if len(vs) != 1 || vs[0].SKU != "A" || vs[0].Name != "Emas" || vs[0].ProductName != "Anting" ||
			!vs[0].Price.Decimal.Equal(dec("9000")) {
			t.Errorf("active variants = %+v", vs)
		}
		return nil
	})
	if got := productBySKU(t, db, "A").PhotoIDs; len(got) != 1 || got[0] != photo.ID {
		t.Errorf("photos = %v", got)
	}
}
