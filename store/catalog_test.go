package store_test

import (
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/store"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func price(s string) decimal.NullDecimal { return decimal.NewNullDecimal(dec(s)) }

func addSupplier(t *testing.T, db *store.DB, code string) int64 {
	t.Helper()
	var id int64
	update(t, db, func(tx *store.Tx) error {
		var err error
		id, err = tx.AddSupplier(store.Supplier{Code: code, Name: "Supplier " + code})
		return err
	})
	return id
}

func upsert(t *testing.T, db *store.DB, r store.CatalogRow) bool {
	t.Helper()
	var created bool
	update(t, db, func(tx *store.Tx) error {
		var err error
		created, err = tx.UpsertCatalogRow(r)
		return err
	})
	return created
}

func productBySKU(t *testing.T, db *store.DB, sku string) store.Product {
	t.Helper()
	var p store.Product
	view(t, db, func(tx *store.Tx) error {
		var err error
		p, err = tx.ProductBySKU(sku)
		return err
	})
	return p
}

func TestUpsertCatalogRowCreatesThenUpdates(t *testing.T) {
	db, _ := openDB(t)
	sup := addSupplier(t, db, "SUP1")

	if !upsert(t, db, store.CatalogRow{SKU: "KAOS-01", Name: "Kaos Polos", Variant: "M", SupplierID: sup,
		Cost: dec("45000.50"), Price: price("79900"), WeightG: ptr(250), Stock: ptr(int64(12)),
		Category: ptr("Atasan"), Description: ptr("Katun 30s")}) {
		t.Error("first upsert: created = false, want true")
	}
	// Same SKU in another case, same variant in another case, padded: an update.
	if upsert(t, db, store.CatalogRow{SKU: "  kaos-01 ", Name: "Kaos Polos Premium", Variant: "m", SupplierID: sup,
		Cost: dec("46000"), Price: price("82500.5")}) {
		t.Error("second upsert: created = true, want false")
	}
	// A new variant of the same product.
	if !upsert(t, db, store.CatalogRow{SKU: "KAOS-01", Name: "Kaos Polos Premium", Variant: "L", SupplierID: sup, Cost: dec("47000")}) {
		t.Error("variant L: created = false, want true")
	}

	p := productBySKU(t, db, "Kaos-01")
	if p.SKU != "KAOS-01" || p.Name != "Kaos Polos Premium" || p.SupplierID != sup || p.Fulfilment != store.FulfilSupplier || !p.Active {
		t.Errorf("product = %+v", p)
	}
	// nil Category/Description kept what was there.
	if p.Category != "Atasan" || p.Description != "Katun 30s" {
		t.Errorf("category/description = %q/%q, want Atasan/Katun 30s", p.Category, p.Description)
	}
	if len(p.Variants) != 2 {
		t.Fatalf("%d variants, want 2 (M updated, L new): %+v", len(p.Variants), p.Variants)
	}
	m, l := p.Variants[0], p.Variants[1]
	// M: cost and price replaced; nil WeightG and Stock kept 250 and 12.
	if m.Name != "M" || m.Cost.String() != "46000" || !m.Price.Valid || m.Price.Decimal.String() != "82500.5" ||
		m.WeightG != 250 || m.Stock != (sql.NullInt64{Int64: 12, Valid: true}) || m.Reserved != 0 || !m.Active ||
		m.ProductID != p.ID || m.ResellerPrice.Valid {
		t.Errorf("variant M = %+v", m)
	}
	// L: defaults — no price override, weight 0, stock not counted.
	if l.Name != "L" || l.Cost.String() != "47000" || l.Price.Valid || l.WeightG != 0 || l.Stock.Valid {
		t.Errorf("variant L = %+v", l)
	}

	// Explicit values replace; an invalid Price clears the override to NULL.
	upsert(t, db, store.CatalogRow{SKU: "KAOS-01", Name: "Kaos Polos Premium", Variant: "M", SupplierID: sup,
		Cost: dec("46000"), WeightG: ptr(0), Stock: ptr(int64(0)), Category: ptr(""), Description: ptr("Baru")})
	p = productBySKU(t, db, "KAOS-01")
	m = p.Variants[0]
	if m.Price.Valid || m.WeightG != 0 || m.Stock != (sql.NullInt64{Int64: 0, Valid: true}) || !m.SoldOut() {
		t.Errorf("variant M after clearing = %+v", m)
	}
	if p.Category != "" || p.Description != "Baru" {
		t.Errorf("category/description = %q/%q, want \"\"/Baru", p.Category, p.Description)
	}

	var nProducts, nVariants int
	raw := rawDB(t, db.Path())
	if err := raw.QueryRow(`SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM variants)`).Scan(&nProducts, &nVariants); err != nil {
		t.Fatal(err)
	}
	if nProducts != 1 || nVariants != 2 {
		t.Errorf("%d products, %d variants; want 1, 2", nProducts, nVariants)
	}
}

func TestUpsertCatalogRowValidation(t *testing.T) {
	db, _ := openDB(t)
	ok := store.CatalogRow{SKU: "A-1", Name: "Apel", Cost: dec("1000")}
	tests := []struct {
		name string
		edit func(*store.CatalogRow)
	}{
		{"no sku", func(r *store.CatalogRow) { r.SKU = "  " }},
		{"no name", func(r *store.CatalogRow) { r.Name = "" }},
		{"negative cost", func(r *store.CatalogRow) { r.Cost = dec("-0.01") }},
		{"negative price", func(r *store.CatalogRow) { r.Price = price("-1") }},
		{"negative weight", func(r *store.CatalogRow) { r.WeightG = ptr(-1) }},
		{"negative stock", func(r *store.CatalogRow) { r.Stock = ptr(int64(-1)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ok
			tc.edit(&r)
			err := db.Update(t.Context(), func(tx *store.Tx) error {
				_, err := tx.UpsertCatalogRow(r)
				return err
			})
			wantCode(t, err, store.EInvalid)
		})
	}
	// Zero is fine everywhere.
	if !upsert(t, db, store.CatalogRow{SKU: "A-1", Name: "Apel", Cost: dec("0"), Price: price("0"), WeightG: ptr(0), Stock: ptr(int64(0))}) {
		t.Error("zero row not created")
	}
	var n int
	if err := rawDB(t, db.Path()).QueryRow(`SELECT count(*) FROM products`).Scan(&n); err != nil || n != 1 {
		t.Errorf("products = %d (%v), want 1: refused rows must not leave a product behind", n, err)
	}
}

func TestOwnStockAndSupplierSwitch(t *testing.T) {
	db, _ := openDB(t)
	sup := addSupplier(t, db, "SUP1")
	upsert(t, db, store.CatalogRow{SKU: "OWN-1", Name: "Stok Sendiri", Cost: dec("1000")})
	p := productBySKU(t, db, "OWN-1")
	if p.SupplierID != 0 || p.Fulfilment != store.FulfilOwn {
		t.Errorf("own stock product: supplier %d fulfilment %q, want 0 %q", p.SupplierID, p.Fulfilment, store.FulfilOwn)
	}
	upsert(t, db, store.CatalogRow{SKU: "OWN-1", Name: "Stok Sendiri", SupplierID: sup, Cost: dec("1000")})
	p = productBySKU(t, db, "OWN-1")
	if p.SupplierID != sup || p.Fulfilment != store.FulfilSupplier {
		t.Errorf("moved to supplier: supplier %d fulfilment %q, want %d %q", p.SupplierID, p.Fulfilment, sup, store.FulfilSupplier)
	}
	// A supplier that does not exist is refused by the foreign key.
	err := db.Update(t.Context(), func(tx *store.Tx) error {
		_, err := tx.UpsertCatalogRow(store.CatalogRow{SKU: "X-1", Name: "X", SupplierID: sup + 99, Cost: dec("1")})
		return err
	})
	if err == nil {
		t.Error("unknown supplier accepted")
	}
}

func TestProductPhotos(t *testing.T) {
	db, _ := openDB(t)
	dir := t.TempDir()
	var m1, m2 store.Media
	update(t, db, func(tx *store.Tx) error {
		var err error
		if m1, err = tx.SaveMedia(dir, pngBytes(1), "image/png"); err != nil {
			return err
		}
		m2, err = tx.SaveMedia(dir, pngBytes(2), "image/png")
		return err
	})
	for _, mid := range []int64{m2.ID, m1.ID, m2.ID} { // m2 twice: no duplicate
		upsert(t, db, store.CatalogRow{SKU: "P-1", Name: "Foto", Cost: dec("1"), PhotoMediaID: mid})
	}
	upsert(t, db, store.CatalogRow{SKU: "P-1", Name: "Foto", Cost: dec("1")}) // 0 = keep
	p := productBySKU(t, db, "P-1")
	if want := []int64{m2.ID, m1.ID}; !slices.Equal(p.PhotoIDs, want) {
		t.Errorf("photos = %v, want %v", p.PhotoIDs, want)
	}
}

func seedCatalog(t *testing.T, db *store.DB) {
	t.Helper()
	rows := []store.CatalogRow{
		{SKU: "KP-HTM", Name: "Kaos Polos Hitam", Category: ptr("Atasan")},
		{SKU: "KPL-PTH", Name: "Kaos Polo Putih", Category: ptr("Atasan")},
		{SKU: "CLN-HTM", Name: "Celana Hitam", Category: ptr("Bawahan")},
		{SKU: "DSK-50", Name: "Diskon 50% Topi", Category: ptr("")},
		{SKU: "MUG-1", Name: "Mug Kopi"},
	}
	for _, r := range rows {
		r.Cost = dec("10000")
		upsert(t, db, r)
	}
}

func TestProductsSearchAndCategory(t *testing.T) {
	db, _ := openDB(t)
	seedCatalog(t, db)
	atasan, bawahan, none := "Atasan", "Bawahan", ""
	tests := []struct {
		name     string
		f        store.ProductFilter
		wantSKUs []string // ordered by name
	}{
		{"all", store.ProductFilter{}, []string{"CLN-HTM", "DSK-50", "KPL-PTH", "KP-HTM", "MUG-1"}},
		{"one word any case", store.ProductFilter{Words: []string{"KAOS"}}, []string{"KPL-PTH", "KP-HTM"}},
		{"every word must match", store.ProductFilter{Words: []string{"kaos", "HiTaM"}}, []string{"KP-HTM"}},
		{"word in sku", store.ProductFilter{Words: []string{"htm"}}, []string{"CLN-HTM", "KP-HTM"}},
		{"substring", store.ProductFilter{Words: []string{"polo"}}, []string{"KPL-PTH", "KP-HTM"}},
		{"percent is literal", store.ProductFilter{Words: []string{"50%"}}, []string{"DSK-50"}},
		{"underscore is literal", store.ProductFilter{Words: []string{"_"}}, nil},
		{"no match", store.ProductFilter{Words: []string{"kaos", "celana"}}, nil},
		{"category", store.ProductFilter{Category: &atasan}, []string{"KPL-PTH", "KP-HTM"}},
		{"category and word", store.ProductFilter{Category: &atasan, Words: []string{"hitam"}}, []string{"KP-HTM"}},
		{"other category", store.ProductFilter{Category: &bawahan}, []string{"CLN-HTM"}},
		{"empty category", store.ProductFilter{Category: &none}, []string{"DSK-50", "MUG-1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []store.Product
			var more bool
			view(t, db, func(tx *store.Tx) error {
				var err error
				got, more, err = tx.Products(tc.f)
				return err
			})
			var skus []string
			for _, p := range got {
				skus = append(skus, p.SKU)
				if len(p.Variants) != 1 || p.Variants[0].Cost.String() != "10000" {
					t.Errorf("%s variants = %+v", p.SKU, p.Variants)
				}
			}
			if !slices.Equal(skus, tc.wantSKUs) || more {
				t.Errorf("skus = %v more %v, want %v false", skus, more, tc.wantSKUs)
			}
		})
	}
}

func TestProductsPaging(t *testing.T) {
	db, _ := openDB(t)
	update(t, db, func(tx *store.Tx) error {
		for i := 1; i <= 25; i++ {
			if _, err := tx.UpsertCatalogRow(store.CatalogRow{SKU: fmt.Sprintf("P%02d", i), Name: fmt.Sprintf("Produk %02d", i), Cost: dec("1")}); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		offset, limit int
		first, n      int // first product number and count on the page
		more          bool
	}{
		{0, 10, 1, 10, true},
		{10, 10, 11, 10, true},
		{20, 10, 21, 5, false},
		{15, 10, 16, 10, false}, // exactly the last 10: no more
		{14, 10, 15, 10, true},  // one left after this page
		{0, 0, 1, 10, true},     // 0 = 10
		{0, 25, 1, 25, false},
		{0, 100, 1, 25, false},
		{25, 10, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("offset%d_limit%d", tc.offset, tc.limit), func(t *testing.T) {
			var got []store.Product
			var more bool
			view(t, db, func(tx *store.Tx) error {
				var err error
				got, more, err = tx.Products(store.ProductFilter{Offset: tc.offset, Limit: tc.limit})
				return err
			})
			if len(got) != tc.n || more != tc.more {
				t.Fatalf("%d products more=%v, want %d more=%v", len(got), more, tc.n, tc.more)
			}
			for i, p := range got {
				if want := fmt.Sprintf("P%02d", tc.first+i); p.SKU != want {
					t.Errorf("product %d = %s, want %s", i, p.SKU, want)
				}
			}
		})
	}
}

func TestCategories(t *testing.T) {
	db, _ := openDB(t)
	seedCatalog(t, db)
	var got []store.Category
	view(t, db, func(tx *store.Tx) error {
		var err error
		got, err = tx.Categories()
		return err
	})
	// "" holds DSK-50 and MUG-1; Atasan KP-HTM and KPL-PTH; Bawahan CLN-HTM.
	want := []store.Category{{"", 2}, {"Atasan", 2}, {"Bawahan", 1}}
	if !slices.Equal(got, want) {
		t.Errorf("categories = %+v, want %+v", got, want)
	}
}

func TestVariantAvailable(t *testing.T) {
	counted := func(n int64) sql.NullInt64 { return sql.NullInt64{Int64: n, Valid: true} }
	tests := []struct {
		name      string
		v         store.Variant
		n         int64
		isCounted bool
		soldOut   bool
	}{
		{"not counted", store.Variant{}, 0, false, false},
		{"not counted with reserved", store.Variant{Reserved: 3}, 0, false, false},
		{"10 in stock", store.Variant{Stock: counted(10)}, 10, true, false},
		{"10 - 3 reserved", store.Variant{Stock: counted(10), Reserved: 3}, 7, true, false},
		{"all reserved", store.Variant{Stock: counted(4), Reserved: 4}, 0, true, true},
		{"over-reserved clamps to 0", store.Variant{Stock: counted(2), Reserved: 5}, 0, true, true},
		{"zero stock", store.Variant{Stock: counted(0)}, 0, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, c := tc.v.Available()
			if n != tc.n || c != tc.isCounted || tc.v.SoldOut() != tc.soldOut {
				t.Errorf("Available = %d,%v SoldOut = %v; want %d,%v %v", n, c, tc.v.SoldOut(), tc.n, tc.isCounted, tc.soldOut)
			}
		})
	}

	// Read back from the books: reserved comes from the column.
	db, _ := openDB(t)
	upsert(t, db, store.CatalogRow{SKU: "S-1", Name: "Sepatu", Cost: dec("1"), Stock: ptr(int64(5))})
	if _, err := rawDB(t, db.Path()).Exec(`UPDATE variants SET reserved = 2`); err != nil {
		t.Fatal(err)
	}
	v := productBySKU(t, db, "S-1").Variants[0]
	if n, c := v.Available(); n != 3 || !c || v.SoldOut() {
		t.Errorf("stock 5 reserved 2: Available = %d,%v SoldOut %v; want 3,true false", n, c, v.SoldOut())
	}
}

func TestSuppliers(t *testing.T) {
	db, _ := openDB(t)
	var id int64
	update(t, db, func(tx *store.Tx) error {
		var err error
		id, err = tx.AddSupplier(store.Supplier{Code: " Grosir-A ", Name: "Grosir A", Phone: "6281234567890", PayMode: store.PayDeposit})
		return err
	})
	tests := []struct {
		name string
		s    store.Supplier
		code string
	}{
		{"same code other case", store.Supplier{Code: "GROSIR-a", Name: "Lain"}, store.EConflict},
		{"no code", store.Supplier{Code: " ", Name: "Lain"}, store.EInvalid},
		{"no name", store.Supplier{Code: "B", Name: " "}, store.EInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := db.Update(t.Context(), func(tx *store.Tx) error {
				_, err := tx.AddSupplier(tc.s)
				return err
			})
			wantCode(t, err, tc.code)
		})
	}
	update(t, db, func(tx *store.Tx) error {
		_, err := tx.AddSupplier(store.Supplier{Code: "B", Name: "Butik B"})
		return err
	})
	view(t, db, func(tx *store.Tx) error {
		want := store.Supplier{ID: id, Code: "Grosir-A", Name: "Grosir A", PayMode: store.PayDeposit, Phone: "6281234567890", Active: true}
		for _, code := range []string{"grosir-a", "GROSIR-A", " Grosir-A"} {
			s, err := tx.SupplierByCode(code)
			if err != nil || s != want {
				t.Errorf("SupplierByCode(%q) = %+v, %v; want %+v", code, s, err, want)
			}
		}
		if s, err := tx.SupplierByID(id); err != nil || s != want {
			t.Errorf("SupplierByID = %+v, %v", s, err)
		}
		if _, err := tx.SupplierByCode("nope"); !store.IsNotFound(err) {
			t.Errorf("SupplierByCode(nope) err = %v, want not found", err)
		}
		if _, err := tx.SupplierByID(id + 100); !store.IsNotFound(err) {
			t.Errorf("SupplierByID(unknown) err = %v, want not found", err)
		}
		all, err := tx.Suppliers()
		if err != nil {
			return err
		}
		if len(all) != 2 || all[0].Code != "B" || all[1].Code != "Grosir-A" || all[0].PayMode != store.PayPerOrder {
			t.Errorf("Suppliers = %+v", all)
		}
		return nil
	})
}

func TestProductNotFound(t *testing.T) {
	db, _ := openDB(t)
	view(t, db, func(tx *store.Tx) error {
		if _, err := tx.ProductBySKU("NOPE"); !store.IsNotFound(err) {
			t.Errorf("ProductBySKU err = %v, want not found", err)
		}
		if _, err := tx.ProductByID(42); !store.IsNotFound(err) {
			t.Errorf("ProductByID err = %v, want not found", err)
		}
		return nil
	})
}

func TestUpsertCatalogRowRefusesNonASCIISKU(t *testing.T) {
	db, _ := openDB(t)
	for _, sku := range []string{"GМS-01", "ＫＡＯＳ１", "A\x00B", "TAB\tX"} {
		var err error
		update(t, db, func(tx *store.Tx) error {
			_, err = tx.UpsertCatalogRow(store.CatalogRow{SKU: sku, Name: "x", Cost: decimal.NewFromInt(1)})
			return nil
		})
		wantCode(t, err, store.EInvalid)
	}
	update(t, db, func(tx *store.Tx) error {
		_, err := tx.UpsertCatalogRow(store.CatalogRow{SKU: "GMS-01 B", Name: "x", Cost: decimal.NewFromInt(1)})
		return err
	})
}
