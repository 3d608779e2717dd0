package playground_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/bot/playground"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// TestOwnStockTranscript plays testdata/supplier_own_stock.golden: the demo
// shop plus an own-stock product (reseller mode), which a transcript cannot
// add. The own-stock part of an order goes to the owner's packing list and
// the owner answers it with /terima, /resi and /habis, next to a supplier's
// card for the rest of the order. The file is a transcript in the usual
// format; -update rewrites it.
func TestOwnStockTranscript(t *testing.T) {
	const file = "testdata/supplier_own_stock.golden"
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pg, db, dir := newShop(t)
	stock := int64(10)
	weight := 50
	cat := "Aksesoris"
	err = db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.UpsertCatalogRow(store.CatalogRow{SKU: "OWN-01", Name: "Bros Mutiara", Cost: decimal.NewFromInt(15000),
			Stock: &stock, WeightG: &weight, Category: &cat})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	pr := playground.Printer{W: &out}
	for _, line := range strings.Split(string(want), "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
			out.WriteString(line + "\n")
		case strings.HasPrefix(line, "> "):
			out.WriteString(line + "\n")
			l, ok, err := playground.ParseLine(line[2:])
			if err != nil || !ok {
				t.Fatalf("%s: %v", line, err)
			}
			msgs, err := pg.Say(ctx, l)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			if len(msgs) == 0 {
				out.WriteString("(no reply)\n\n")
			}
			for i := range msgs {
				msgs[i].Photo = strings.TrimPrefix(msgs[i].Photo, dir+string(filepath.Separator))
			}
			if err := pr.Print(msgs); err != nil {
				t.Fatal(err)
			}
		}
	}
	if *update {
		if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if out.String() != string(want) {
		t.Errorf("%s differs (run with -update to accept):\n%s", file, diff(string(want), out.String()))
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		o, err := tx.OrderByCode("X8QMT")
		if err != nil {
			return err
		}
		if o.Status != store.StatusShipped {
			t.Errorf("mixed order status %s, want dikirim", o.Status)
		}
		ships, err := tx.ShipmentsOf(o.ID)
		if err != nil {
			return err
		}
		if len(ships) != 2 || ships[0].SupplierID != 0 || ships[0].Resi != "JP6961181926" || ships[1].Resi != "004607855558" {
			t.Errorf("shipments = %+v", ships)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
