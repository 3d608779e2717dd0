package playground_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// TestCataloguePagingAndEscape: a category with 19 products shows 8 per
// page with next/previous options that work by number and by word, and
// "batal" leaves a checkout at any step without losing the cart.
func TestCataloguePagingAndEscape(t *testing.T) {
	pg, db, _ := newShop(t)
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		s, err := tx.SupplierByCode("GMS")
		if err != nil {
			return err
		}
		cat := "Kaos"
		for i := 1; i <= 19; i++ {
			_, err := tx.UpsertCatalogRow(store.CatalogRow{SKU: fmt.Sprintf("KS-%02d", i), Name: fmt.Sprintf("Kaos Polos %02d", i),
				SupplierID: s.ID, Cost: decimal.NewFromInt(30000), Category: &cat})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page := func(line string) []string {
		t.Helper()
		got := say(t, pg, "customer:pagi "+line)
		if len(got) != 1 {
			t.Fatalf("%q: %d replies", line, len(got))
		}
		return got[0].Options
	}
	say(t, pg, "customer:pagi katalog")
	opts := page("4") // Gamis, Hijab, Kaos, Mukena → 3; "4" is Mukena
	if !strings.HasPrefix(opts[0], "Mukena") {
		t.Fatalf("category 4 is Mukena, got %v", opts)
	}
	say(t, pg, "customer:pagi katalog")
	opts = page("3")
	if len(opts) != 8+2 || opts[0] != "Kaos Polos 01 — mulai Rp39.000" || !strings.Contains(opts[8], "berikutnya") {
		t.Fatalf("first page: %v", opts)
	}
	opts = page("9") // next
	if opts[0] != "Kaos Polos 09 — mulai Rp39.000" || len(opts) != 8+3 {
		t.Fatalf("second page: %v", opts)
	}
	opts = page("lanjut")
	if opts[0] != "Kaos Polos 17 — mulai Rp39.000" || len(opts) != 3+2 { // 17..19, prev, menu
		t.Fatalf("last page: %v", opts)
	}
	opts = page("sebelumnya")
	if opts[0] != "Kaos Polos 09 — mulai Rp39.000" {
		t.Fatalf("back to page two: %v", opts)
	}
	// Order one, start checkout, escape with "batal": the cart survives.
	page("1")
	page("1")
	page("1")
	say(t, pg, "customer:pagi 1") // checkout: asks the name
	got := say(t, pg, "customer:pagi batal")
	if len(got) != 1 || !strings.Contains(got[0].Text, "Selamat datang") {
		t.Fatalf("batal mid-checkout: %+v", got)
	}
	got = say(t, pg, "customer:pagi /keranjang")
	if len(got) != 1 || !strings.Contains(got[0].Text, "Kaos Polos 09") {
		t.Fatalf("the cart was lost after batal: %+v", got)
	}
}
