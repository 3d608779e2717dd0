package store_test

import (
	"context"
	"testing"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

func TestCartRulesAndReservations(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		sup, err := tx.AddSupplier(store.Supplier{Code: "S", Name: "S"})
		if err != nil {
			return err
		}
		stock := int64(3)
		if _, err := tx.UpsertCatalogRow(store.CatalogRow{SKU: "A", Name: "A", SupplierID: sup, Cost: decimal.NewFromInt(10), Stock: &stock}); err != nil {
			return err
		}
		p, err := tx.ProductBySKU("A")
		if err != nil {
			return err
		}
		v := p.Variants[0].ID
		who, err := tx.Resolve("play", "c", false, "c", "C")
		if err != nil {
			return err
		}
		cart := store.Order{CustomerID: who.CustomerID, Channel: "play", ChatID: "c", Status: store.StatusCart}
		if err := tx.CreateOrder(&cart); err != nil {
			return err
		}
		item := store.OrderItem{VariantID: v, SKU: "A", ProductName: "A", Qty: 2, UnitPrice: decimal.RequireFromString("12.50"), UnitCost: decimal.NewFromInt(10), WeightG: 100}
		// The same variant twice is one line: 2 + 1 = 3 at Rp12,50 = Rp37,50, 300 g.
		if err := tx.AddCartItem(cart.ID, item); err != nil {
			return err
		}
		item.Qty = 1
		if err := tx.AddCartItem(cart.ID, item); err != nil {
			return err
		}
		got, _, err := tx.CartOf(who.CustomerID)
		if err != nil {
			return err
		}
		if len(got.Items) != 1 || got.Items[0].Qty != 3 || !got.Subtotal.Equal(decimal.RequireFromString("37.5")) || got.WeightG != 300 {
			t.Errorf("cart = %d lines, qty %d, subtotal %s, %d g", len(got.Items), got.Items[0].Qty, got.Subtotal, got.WeightG)
		}
		// Reservations: 3 of 3, then nothing more; bad quantities refused.
		if err := tx.Reserve(v, 3); err != nil {
			t.Errorf("reserve 3 of 3: %v", err)
		}
		if err := tx.Reserve(v, 1); store.ErrorCode(err) != store.EConflict {
			t.Errorf("reserve past stock: %v, want conflict", err)
		}
		for _, q := range []int{0, -2} {
			if err := tx.Reserve(v, q); store.ErrorCode(err) != store.EInvalid {
				t.Errorf("reserve %d: %v, want invalid", q, err)
			}
		}
		if err := tx.Release(v, 2); err != nil {
			return err
		}
		if err := tx.Reserve(v, 2); err != nil {
			t.Errorf("reserve after release: %v", err)
		}
		// Once placed, the order's lines and checkout are fixed.
		if err := tx.SetOrderStatus(cart.ID, store.StatusCart, store.StatusAwaitPay, "test", ""); err != nil {
			return err
		}
		if err := tx.AddCartItem(cart.ID, item); store.ErrorCode(err) != store.EConflict {
			t.Errorf("add to a placed order: %v, want conflict", err)
		}
		if err := tx.SetItemQty(cart.ID, got.Items[0].ID, 9); store.ErrorCode(err) != store.EConflict {
			t.Errorf("edit a placed order: %v, want conflict", err)
		}
		if err := tx.SaveCheckout(got); store.ErrorCode(err) != store.EConflict {
			t.Errorf("checkout a placed order: %v, want conflict", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestProductSearchMatchesVariantNames(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		sup, err := tx.AddSupplier(store.Supplier{Code: "H", Name: "H"})
		if err != nil {
			return err
		}
		for _, v := range []string{"Navy", "Dusty pink"} {
			if _, err := tx.UpsertCatalogRow(store.CatalogRow{SKU: "HJB-11", Name: "Hijab Voal Polos", Variant: v, SupplierID: sup, Cost: decimal.NewFromInt(1)}); err != nil {
				return err
			}
		}
		if _, err := tx.UpsertCatalogRow(store.CatalogRow{SKU: "GMS-01", Name: "Gamis Navy Polos", SupplierID: sup, Cost: decimal.NewFromInt(1)}); err != nil {
			return err
		}
		for _, tc := range []struct {
			words []string
			want  int
		}{
			{[]string{"voal", "navy"}, 1}, // product word + variant word
			{[]string{"navy"}, 2},         // a variant of one, the name of the other
			{[]string{"DUSTY"}, 1},
			{[]string{"voal", "hitam"}, 0},
		} {
			ps, _, err := tx.Products(store.ProductFilter{Words: tc.words})
			if err != nil {
				return err
			}
			if len(ps) != tc.want {
				t.Errorf("search %v found %d products, want %d", tc.words, len(ps), tc.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
