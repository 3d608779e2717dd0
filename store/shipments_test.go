package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/store"
)

// relayFixture is a shop with two suppliers, a product each, and one order
// with a line from each supplier and one own-stock line, moved to diproses.
type relayFixture struct {
	gms, hjb     int64
	gmsV, hjbV   int64
	order        store.Order
	gmsItem      store.OrderItem
	hjbItem      store.OrderItem
	ownItem      store.OrderItem
	gmsAltV      int64 // another variant of GMS's product
	customerChat string
}

func newRelayFixture(t *testing.T, db *store.DB) relayFixture {
	t.Helper()
	var f relayFixture
	f.customerChat = "c1"
	cust := newCustomer(t, db, f.customerChat)
	update(t, db, func(tx *store.Tx) error {
		var err error
		if f.gms, err = tx.AddSupplier(store.Supplier{Code: "GMS", Name: "Grosir Muslim Solo"}); err != nil {
			return err
		}
		if f.hjb, err = tx.AddSupplier(store.Supplier{Code: "HJB", Name: "Hijab Bandung", PayMode: store.PayDeposit}); err != nil {
			return err
		}
		rows := []store.CatalogRow{
			{SKU: "GMS-01", Name: "Gamis", Variant: "M", SupplierID: f.gms, Cost: decimal.RequireFromString("142500"), Stock: ptr[int64](5)},
			{SKU: "GMS-01", Name: "Gamis", Variant: "L", SupplierID: f.gms, Cost: decimal.RequireFromString("150000"), Stock: ptr[int64](3)},
			{SKU: "HJB-11", Name: "Hijab", Variant: "Navy", SupplierID: f.hjb, Cost: decimal.RequireFromString("31500")},
			{SKU: "OWN-1", Name: "Bros", Variant: "", SupplierID: 0, Cost: decimal.RequireFromString("5000")},
		}
		for _, r := range rows {
			if _, err := tx.UpsertCatalogRow(r); err != nil {
				return err
			}
		}
		g, _ := tx.ProductBySKU("GMS-01")
		h, _ := tx.ProductBySKU("HJB-11")
		o, _ := tx.ProductBySKU("OWN-1")
		f.gmsV, f.gmsAltV, f.hjbV = g.Variants[0].ID, g.Variants[1].ID, h.Variants[0].ID
		f.order = store.Order{CustomerID: cust, Channel: "telegram", ChatID: f.customerChat, Items: []store.OrderItem{
			{VariantID: f.gmsV, SupplierID: f.gms, SKU: "GMS-01", ProductName: "Gamis", VariantName: "M", Qty: 2,
				UnitPrice: decimal.RequireFromString("185500"), UnitCost: decimal.RequireFromString("142500")},
			{VariantID: f.hjbV, SupplierID: f.hjb, SKU: "HJB-11", ProductName: "Hijab", VariantName: "Navy", Qty: 1,
				UnitPrice: decimal.RequireFromString("41000"), UnitCost: decimal.RequireFromString("31500")},
			{VariantID: o.Variants[0].ID, SKU: "OWN-1", ProductName: "Bros", Qty: 3,
				UnitPrice: decimal.RequireFromString("10000"), UnitCost: decimal.RequireFromString("5000")},
		}}
		if err := tx.CreateOrder(&f.order); err != nil {
			return err
		}
		if err := tx.SetOrderStatus(f.order.ID, store.StatusCart, store.StatusProcessing, "test", "cod"); err != nil {
			return err
		}
		f.gmsItem, f.hjbItem, f.ownItem = f.order.Items[0], f.order.Items[1], f.order.Items[2]
		return nil
	})
	return f
}

func TestEnsureShipmentOncePerSupplier(t *testing.T) {
	db, _ := openDB(t)
	f := newRelayFixture(t, db)
	update(t, db, func(tx *store.Tx) error {
		a, created, err := tx.EnsureShipment(f.order.ID, f.gms)
		if err != nil || !created || a.Status != store.ShipNew || a.SupplierID != f.gms {
			t.Fatalf("first EnsureShipment = %+v, %v, %v", a, created, err)
		}
		b, created, err := tx.EnsureShipment(f.order.ID, f.gms)
		if err != nil || created || b.ID != a.ID {
			t.Fatalf("second EnsureShipment = %+v, %v, %v; want the same row, not created", b, created, err)
		}
		own, created, err := tx.EnsureShipment(f.order.ID, 0)
		if err != nil || !created || own.SupplierID != 0 || own.ID == a.ID {
			t.Fatalf("own-stock shipment = %+v, %v, %v", own, created, err)
		}
		if _, _, err := tx.EnsureShipment(0, f.gms); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("shipment without order: err %v", err)
		}
		ships, err := tx.ShipmentsOf(f.order.ID)
		if err != nil {
			return err
		}
		// Own stock first, then by supplier.
		if len(ships) != 2 || ships[0].SupplierID != 0 || ships[1].SupplierID != f.gms {
			t.Errorf("ShipmentsOf = %+v", ships)
		}
		if _, err := tx.ShipmentFor(f.order.ID, f.hjb); !store.IsNotFound(err) {
			t.Errorf("HJB has no shipment yet: err %v", err)
		}
		return nil
	})
}

func TestShipmentStatusAndResi(t *testing.T) {
	db, clk := openDB(t)
	f := newRelayFixture(t, db)
	var id int64
	update(t, db, func(tx *store.Tx) error {
		s, _, err := tx.EnsureShipment(f.order.ID, f.gms)
		id = s.ID
		return err
	})
	clk.Add(time.Hour)
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetShipmentStatus(id, store.ShipPacking, store.ShipSent, "x", ""); store.ErrorCode(err) != store.EConflict {
			t.Errorf("from the wrong status: err %v", err)
		}
		if err := tx.SetShipmentStatus(id, store.ShipNew, "terkirim", "x", ""); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("unknown status: err %v", err)
		}
		if err := tx.SetShipmentStatus(id, store.ShipNew, store.ShipPacking, "", ""); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("no actor: err %v", err)
		}
		if err := tx.SetShipmentStatus(id, store.ShipNew, store.ShipPacking, "play:dewi", "terima"); err != nil {
			return err
		}
		s, err := tx.ShipmentByID(id)
		if err != nil {
			return err
		}
		if want := t0.Add(time.Hour); !s.AcceptedAt.Equal(want) {
			t.Errorf("accepted at %v, want %v", s.AcceptedAt, want)
		}
		before, err := tx.SetShipmentResi(id, "JNE", "170430045644420", "1704-3004-5644 420", "play:dewi")
		if err != nil {
			return err
		}
		if before.Resi != "" || before.Status != store.ShipPacking {
			t.Errorf("before the first resi: %+v", before)
		}
		before, err = tx.SetShipmentResi(id, "JNE", "170430045644421", "170430045644421", "play:rudi")
		if err != nil {
			return err
		}
		if before.Resi != "170430045644420" {
			t.Errorf("a correction must return the old resi, got %q", before.Resi)
		}
		if _, err := tx.SetShipmentResi(id, "JNE", "  ", "", "x"); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("empty resi: err %v", err)
		}
		s, err = tx.ShipmentByID(id)
		if err != nil {
			return err
		}
		if s.Status != store.ShipSent || s.Resi != "170430045644421" || s.Courier != "JNE" || !s.ShippedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("after the correction: %+v", s)
		}
		hist, err := tx.StatusHistory("shipment", id)
		if err != nil {
			return err
		}
		if len(hist) != 3 || hist[0].To != store.ShipPacking || hist[0].Actor != "play:dewi" ||
			!strings.Contains(hist[2].Reason, "170430045644420 -> 170430045644421") || hist[2].Actor != "play:rudi" {
			t.Errorf("shipment history = %+v", hist)
		}
		// A cancelled shipment takes no resi.
		s2, _, err := tx.EnsureShipment(f.order.ID, f.hjb)
		if err != nil {
			return err
		}
		if err := tx.SetShipmentStatus(s2.ID, store.ShipNew, store.ShipCancelled, "x", ""); err != nil {
			return err
		}
		if _, err := tx.SetShipmentResi(s2.ID, "JNE", "170430045644420", "", "x"); store.ErrorCode(err) != store.EConflict {
			t.Errorf("resi on a cancelled shipment: err %v", err)
		}
		return nil
	})
}

func TestShipmentLists(t *testing.T) {
	db, clk := openDB(t)
	f := newRelayFixture(t, db)
	var gms, hjb store.Shipment
	update(t, db, func(tx *store.Tx) (err error) {
		if gms, _, err = tx.EnsureShipment(f.order.ID, f.gms); err != nil {
			return err
		}
		hjb, _, err = tx.EnsureShipment(f.order.ID, f.hjb)
		return err
	})
	view(t, db, func(tx *store.Tx) error {
		un, err := tx.UnsentShipments(f.gms)
		if err != nil || len(un) != 1 || un[0].ID != gms.ID {
			t.Errorf("unsent GMS = %+v, %v", un, err)
		}
		open, err := tx.OpenShipments(f.gms)
		if err != nil || len(open) != 0 {
			t.Errorf("a card not sent is not open: %+v, %v", open, err)
		}
		return nil
	})
	update(t, db, func(tx *store.Tx) error {
		if err := tx.MarkCardSent(gms.ID); err != nil {
			return err
		}
		if err := tx.MarkCardSent(hjb.ID); err != nil {
			return err
		}
		return tx.SetShipmentStatus(gms.ID, store.ShipNew, store.ShipPacking, "x", "")
	})
	view(t, db, func(tx *store.Tx) error {
		un, _ := tx.UnsentShipments(f.gms)
		open, err := tx.OpenShipments(f.gms)
		if len(un) != 0 || err != nil || len(open) != 1 || open[0].Code != f.order.Code || open[0].Status != store.ShipPacking {
			t.Errorf("after sending: unsent %+v, open %+v, %v", un, open, err)
		}
		// Accepted at t0; late means accepted at or before the cut-off.
		late, err := tx.LateShipments(t0.Add(-time.Minute))
		if err != nil || len(late) != 0 {
			t.Errorf("late before the cut-off: %+v, %v", late, err)
		}
		late, err = tx.LateShipments(t0)
		if err != nil || len(late) != 1 || late[0].ID != gms.ID {
			t.Errorf("late at the cut-off: %+v, %v", late, err)
		}
		return nil
	})
	clk.Add(time.Hour)
	update(t, db, func(tx *store.Tx) error {
		if _, err := tx.SetShipmentResi(gms.ID, "JNE", "170430045644420", "", "x"); err != nil {
			return err
		}
		// A shipped order's shipments are no longer open, whatever their status.
		return tx.SetOrderStatus(f.order.ID, store.StatusProcessing, store.StatusCancelled, "x", "")
	})
	view(t, db, func(tx *store.Tx) error {
		for _, sid := range []int64{f.gms, f.hjb} {
			if open, err := tx.OpenShipments(sid); err != nil || len(open) != 0 {
				t.Errorf("supplier %d open after cancel: %+v, %v", sid, open, err)
			}
		}
		if late, err := tx.LateShipments(t0.Add(48 * time.Hour)); err != nil || len(late) != 0 {
			t.Errorf("late after resi/cancel: %+v, %v", late, err)
		}
		return nil
	})
}

func TestSupplierGroupsAndUnlink(t *testing.T) {
	db, _ := openDB(t)
	f := newRelayFixture(t, db)
	update(t, db, func(tx *store.Tx) error {
		if err := tx.LinkGroup("whatsapp", "1@g.us", f.gms, ""); err != nil {
			return err
		}
		if err := tx.LinkGroup("telegram", "-100", f.gms, ""); err != nil {
			return err
		}
		if err := tx.LinkGroup("telegram", "-200", f.hjb, ""); err != nil {
			return err
		}
		gs, err := tx.SupplierGroups(f.gms)
		if err != nil || len(gs) != 2 {
			t.Fatalf("GMS groups = %+v, %v", gs, err)
		}
		sid, ok, err := tx.UnlinkGroup("telegram", "-100")
		if err != nil || !ok || sid != f.gms {
			t.Errorf("unlink = %d, %v, %v", sid, ok, err)
		}
		if _, ok, err := tx.UnlinkGroup("telegram", "-100"); err != nil || ok {
			t.Errorf("second unlink = %v, %v", ok, err)
		}
		gs, _ = tx.SupplierGroups(f.gms)
		if len(gs) != 1 || gs[0].Channel != "whatsapp" {
			t.Errorf("GMS groups after unlink = %+v", gs)
		}
		w, err := tx.Resolve("telegram", "-100", true, "someone", "")
		if err != nil || w.SupplierID != 0 {
			t.Errorf("an unlinked group resolves to supplier %d (%v)", w.SupplierID, err)
		}
		return nil
	})
}

func TestItemStatusSwapAndTakeStock(t *testing.T) {
	db, _ := openDB(t)
	f := newRelayFixture(t, db)
	update(t, db, func(tx *store.Tx) error {
		oid := f.order.ID
		if err := tx.SwapItemVariant(oid, f.gmsItem.ID, f.gmsAltV, "L", decimal.RequireFromString("150000")); store.ErrorCode(err) != store.EConflict {
			t.Errorf("swapping a line that is not out of stock: err %v", err)
		}
		if err := tx.SetItemStatus(oid, f.gmsItem.ID, store.ItemOK, "gone"); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("unknown item status: err %v", err)
		}
		if err := tx.SetItemStatus(oid+1, f.gmsItem.ID, store.ItemOK, store.ItemOut); store.ErrorCode(err) != store.EConflict {
			t.Errorf("item of another order: err %v", err)
		}
		if err := tx.SetItemStatus(oid, f.gmsItem.ID, store.ItemOK, store.ItemOut); err != nil {
			return err
		}
		if err := tx.SwapItemVariant(oid, f.gmsItem.ID, f.gmsAltV, "L", decimal.RequireFromString("-1")); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("negative cost: err %v", err)
		}
		if err := tx.SwapItemVariant(oid, f.gmsItem.ID, f.gmsAltV, "L", decimal.RequireFromString("150000")); err != nil {
			return err
		}
		items, err := tx.OrderItems(oid)
		if err != nil {
			return err
		}
		it := items[0]
		// The customer's price stays; the cost follows the new variant.
		if it.VariantID != f.gmsAltV || it.VariantName != "L" || it.Status != store.ItemOK ||
			!it.UnitCost.Equal(decimal.RequireFromString("150000")) || !it.UnitPrice.Equal(decimal.RequireFromString("185500")) {
			t.Errorf("swapped line = %+v", it)
		}
		// Stock 3 - 2 = 1; 1 - 5 stops at 0; an uncounted variant stays uncounted.
		for _, step := range []struct {
			qty  int
			want int64
		}{{2, 1}, {5, 0}} {
			if err := tx.TakeStock(f.gmsAltV, step.qty); err != nil {
				return err
			}
			v, _, err := tx.VariantByID(f.gmsAltV)
			if err != nil {
				return err
			}
			if !v.Stock.Valid || v.Stock.Int64 != step.want {
				t.Errorf("after taking %d: stock %+v, want %d", step.qty, v.Stock, step.want)
			}
		}
		if err := tx.TakeStock(f.hjbV, 1); err != nil {
			return err
		}
		if v, _, _ := tx.VariantByID(f.hjbV); v.Stock.Valid {
			t.Errorf("an uncounted variant became counted: %+v", v.Stock)
		}
		if err := tx.TakeStock(f.hjbV, 0); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("zero quantity: err %v", err)
		}
		code, err := tx.OrderCodeByID(oid)
		if err != nil || code != f.order.Code {
			t.Errorf("OrderCodeByID = %q, %v", code, err)
		}
		if _, err := tx.OrderCodeByID(oid + 99); !store.IsNotFound(err) {
			t.Errorf("unknown order id: err %v", err)
		}
		return nil
	})
}
