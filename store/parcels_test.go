package store_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/store"
)

func rp(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestSaveParcelsKeepsEachParcel(t *testing.T) {
	db, _ := openDB(t)
	f := newRelayFixture(t, db)
	update(t, db, func(tx *store.Tx) error {
		ps := []store.OrderParcel{
			{SupplierID: f.gms, Origin: "57141", WeightG: 1300, BilledKg: 2, Courier: "JNE", Service: "REG", CourierCode: "jne",
				Ongkir: rp("36000"), ETD: "2-3 hari", Source: "biteship"},
			{SupplierID: f.hjb, Origin: "40121", WeightG: 240, BilledKg: 1, Courier: "SiCepat", Service: "REG", CourierCode: "sicepat",
				Ongkir: rp("7000"), ETD: "1-2 hari", Source: "biteship"},
		}
		if err := tx.SaveParcels(f.order.ID, ps); err != nil {
			t.Fatal(err)
		}
		got, err := tx.ParcelsOfOrder(f.order.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Seq != 1 || got[1].Seq != 2 || got[0].SupplierID != f.gms || !got[0].Ongkir.Equal(rp("36000")) ||
			got[1].Courier != "SiCepat" || got[1].BilledKg != 1 || got[0].Pooled || !got[0].Own() {
			t.Fatalf("parcels = %+v", got)
		}
		p, ok, err := tx.ParcelOf(f.order.ID, f.hjb)
		if err != nil || !ok || p.Seq != 2 || !p.Ongkir.Equal(rp("7000")) {
			t.Fatalf("ParcelOf(hjb) = %+v, %v, %v", p, ok, err)
		}
		if _, ok, err := tx.ParcelOf(f.order.ID, 0); err != nil || ok {
			t.Fatalf("own stock has no parcel: %v %v", ok, err)
		}
		// Saving again (the customer changed the courier) replaces them.
		if err := tx.SaveParcels(f.order.ID, ps[:1]); err != nil {
			t.Fatal(err)
		}
		if got, _ := tx.ParcelsOfOrder(f.order.ID); len(got) != 1 {
			t.Fatalf("after resave: %+v", got)
		}
		return nil
	})
}

func TestSaveParcelsRefusesBadParcels(t *testing.T) {
	db, _ := openDB(t)
	f := newRelayFixture(t, db)
	cases := []struct {
		name  string
		order int64
		ps    []store.OrderParcel
	}{
		{"no order", 0, []store.OrderParcel{{Courier: "JNE", Ongkir: rp("1")}}},
		{"no courier", f.order.ID, []store.OrderParcel{{Courier: " ", Ongkir: rp("1")}}},
		{"negative ongkir", f.order.ID, []store.OrderParcel{{Courier: "JNE", Ongkir: rp("-1")}}},
		{"negative weight", f.order.ID, []store.OrderParcel{{Courier: "JNE", Ongkir: rp("1"), WeightG: -5}}},
		{"two parcels of one supplier", f.order.ID, []store.OrderParcel{{SupplierID: f.gms, Courier: "JNE", Ongkir: rp("1")},
			{SupplierID: f.gms, Courier: "J&T", Ongkir: rp("2")}}},
	}
	for _, c := range cases {
		update(t, db, func(tx *store.Tx) error {
			wantCode(t, tx.SaveParcels(c.order, c.ps), store.EInvalid)
			return nil
		})
	}
	view(t, db, func(tx *store.Tx) error {
		if got, _ := tx.ParcelsOfOrder(f.order.ID); len(got) != 0 {
			t.Errorf("a refused save kept %+v", got)
		}
		return nil
	})
}

func TestParcelSumsGroupsPerSupplierAndCourier(t *testing.T) {
	db, clk := openDB(t)
	f := newRelayFixture(t, db)
	from := clk.Now().Add(-time.Hour)
	update(t, db, func(tx *store.Tx) error {
		return tx.SaveParcels(f.order.ID, []store.OrderParcel{
			{SupplierID: f.gms, Courier: "JNE", Service: "REG", Ongkir: rp("36000")},
			{SupplierID: f.hjb, Courier: "SiCepat", Service: "REG", Ongkir: rp("7000")},
		})
	})
	// A second order: GMS again by JNE REG; a cancelled third and a
	// pooled fourth (the table's figure) are left out.
	second := f.order
	for i, status := range []string{store.StatusProcessing, store.StatusCancelled, store.StatusProcessing} {
		o := store.Order{CustomerID: second.CustomerID, Channel: "telegram", ChatID: "c1", Items: []store.OrderItem{
			{VariantID: f.gmsAltV, SupplierID: f.gms, SKU: "GMS-01", ProductName: "Gamis", VariantName: "L", Qty: 1,
				UnitPrice: rp("190000"), UnitCost: rp("150000")}}}
		update(t, db, func(tx *store.Tx) error {
			if err := tx.CreateOrder(&o); err != nil {
				return err
			}
			if err := tx.SetOrderStatus(o.ID, store.StatusCart, status, "test", "x"); err != nil {
				return err
			}
			return tx.SaveParcels(o.ID, []store.OrderParcel{{SupplierID: f.gms, Courier: "JNE", Service: "REG",
				Ongkir: rp("18000").Add(decimal.NewFromInt(int64(i))), Pooled: i == 2}})
		})
	}
	var sums []store.ParcelSum
	view(t, db, func(tx *store.Tx) error {
		var err error
		sums, err = tx.ParcelSums(from, clk.Now().Add(time.Hour), []string{store.StatusProcessing, store.StatusDone})
		return err
	})
	if len(sums) != 2 {
		t.Fatalf("sums = %+v", sums)
	}
	if s := sums[0]; s.SupplierCode != "GMS" || s.Courier != "JNE" || s.Parcels != 2 || !s.Ongkir.Equal(rp("54000")) {
		t.Errorf("GMS JNE = %+v, want 2 parcels Rp54.000", s)
	}
	if s := sums[1]; s.SupplierCode != "HJB" || s.Parcels != 1 || !s.Ongkir.Equal(rp("7000")) {
		t.Errorf("HJB SiCepat = %+v", s)
	}
	view(t, db, func(tx *store.Tx) error {
		sums, err := tx.ParcelSums(clk.Now().Add(time.Hour), clk.Now().Add(2*time.Hour), []string{store.StatusProcessing})
		if err != nil || len(sums) != 0 {
			t.Errorf("a later period: %+v %v", sums, err)
		}
		_, err = tx.ParcelSums(from, clk.Now(), nil)
		wantCode(t, err, store.EInvalid)
		return nil
	})
}
