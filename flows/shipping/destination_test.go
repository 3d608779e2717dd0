package shipping

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func TestSearchAreas(t *testing.T) {
	api := newFakeAPI(t)
	api.route("GET /v1/maps/areas", 200, "biteship_areas.json")
	b := NewBiteship(api.srv.URL, testBiteshipKey, time.Second, nil)
	tests := []struct {
		name                    string
		kecamatan, city, postal string
		wantIDs                 int
		wantInput               string
	}{
		{"kode pos narrows", "Cidadap", "Bandung", "40131", 1, "40131"},
		{"unknown kode pos: by name", "Cidadap", "Bandung", "99999", 3, "Cidadap, Bandung"},
		{"no kode pos", " Cidadap ", "Bandung", "", 3, "Cidadap, Bandung"},
	}
	for _, tc := range tests {
		got, err := SearchAreas(t.Context(), b, tc.kecamatan, tc.city, tc.postal, 5)
		if err != nil || len(got) != tc.wantIDs {
			t.Errorf("%s: %+v, %v", tc.name, got, err)
		}
		if in := api.lastCall(t).query.Get("input"); in != tc.wantInput {
			t.Errorf("%s: searched %q, want %q", tc.name, in, tc.wantInput)
		}
	}
	n := len(api.allCalls())
	if got, err := SearchAreas(t.Context(), b, "", " ", "", 5); got != nil || err != nil || len(api.allCalls()) != n {
		t.Errorf("nothing to search: %+v, %v", got, err)
	}
}

func TestParcelsAndDestination(t *testing.T) {
	clk := &testClock{t: resiAt}
	db := openBooks(t, filepath.Join(t.TempDir(), store.FileName), clk)
	err := db.Update(t.Context(), func(tx *store.Tx) error {
		sup, err := tx.AddSupplier(store.Supplier{Code: "GMS", Name: "Grosir"})
		if err != nil {
			return err
		}
		if err := tx.SetOrigin(0, store.Origin{PostalCode: "57111"}); err != nil {
			return err
		}
		if err := tx.SetOrigin(sup, store.Origin{PostalCode: "40111"}); err != nil {
			return err
		}
		if err := tx.SetOrigin(sup, store.Origin{Provider: ProviderBiteship, AreaID: "IDBDG"}); err != nil {
			return err
		}
		items := []store.OrderItem{
			{SupplierID: sup, Qty: 2, UnitPrice: d("185500"), WeightG: 600},
			{SupplierID: 0, Qty: 3, UnitPrice: d("10000"), WeightG: 20},
			{SupplierID: sup, Qty: 1, UnitPrice: d("41000"), WeightG: 150},
			{SupplierID: sup, Qty: 5, UnitPrice: d("1"), WeightG: 1000, Status: store.ItemCancelled},
		}
		ps, err := ParcelsOf(tx, items, ProviderBiteship)
		if err != nil {
			return err
		}
		if len(ps) != 2 || ps[0].SupplierID != sup || ps[0].WeightG != 1350 || !ps[0].Value.Equal(d("412000")) ||
			ps[0].Origin != (Place{AreaID: "IDBDG", PostalCode: "40111"}) ||
			ps[1].SupplierID != 0 || ps[1].WeightG != 60 || ps[1].Origin != (Place{PostalCode: "57111"}) {
			t.Errorf("parcels %+v", ps)
		}

		who, err := tx.Resolve("telegram", "u1", false, "u1", "Budi")
		if err != nil {
			return err
		}
		if err := tx.SaveAddress(store.Address{CustomerID: who.CustomerID, Recipient: "Budi", Phone: "6281234567890",
			Line: "Jl. Ciumbuleuit 5", City: "Bandung", Province: "Jawa Barat", Zip: "40131"}); err != nil {
			return err
		}
		addr, _, err := tx.LastAddress(who.CustomerID)
		if err != nil {
			return err
		}
		if dest, _ := DestinationOf(tx, addr, ProviderBiteship); dest != (Destination{Province: "Jawa Barat", PostalCode: "40131"}) {
			t.Errorf("unresolved destination %+v", dest)
		}
		if err := KeepArea(tx, addr.ID, ProviderBiteship, Area{ID: "IDNP9IDNC23IDND280IDZ40131", Label: "Cidadap"}); err != nil {
			return err
		}
		if dest, _ := DestinationOf(tx, addr, ProviderBiteship); dest.AreaID != "IDNP9IDNC23IDND280IDZ40131" {
			t.Errorf("resolved destination %+v", dest)
		}
		if dest, _ := DestinationOf(tx, addr, ProviderRajaOngkir); dest.AreaID != "" {
			t.Errorf("another provider's area leaked: %+v", dest)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestQuoterFromSettings(t *testing.T) {
	db := openBooks(t, filepath.Join(t.TempDir(), store.FileName), &testClock{t: resiAt})
	c := Config{BiteshipKey: "env-key-000001"}
	err := db.Update(t.Context(), func(tx *store.Tx) error {
		if err := tx.AddShippingRate(store.ShippingRate{Courier: "JNE", Service: "REG", FirstKg: d("9000"), NextKg: d("9000"),
			RoundFromG: 300, ETD: "2-3 hari"}); err != nil {
			return err
		}
		rates, err := tx.ShippingRates()
		if err != nil {
			return err
		}
		q, err := c.QuoterFromSettings(tx, TableOf(rates))
		if err != nil || q.Live != nil || q.LiveName() != ProviderTable || q.Cache == nil {
			t.Errorf("tabel quoter %+v, %v", q, err)
		}
		plan, err := q.Quote(t.Context(), []Parcel{{WeightG: 1400}}, Destination{Province: "Bali"})
		if err != nil || len(plan.Options) != 1 || !plan.Options[0].Total.Equal(d("18000")) || plan.Options[0].ETD != "2-3 hari" {
			t.Errorf("table plan %+v, %v", plan, err)
		}
		if err := tx.SetSetting(SettingProvider, ProviderBiteship); err != nil {
			return err
		}
		q, err = c.QuoterFromSettings(tx, TableOf(rates))
		if err != nil || q.LiveName() != ProviderBiteship {
			t.Errorf("biteship quoter %+v, %v", q, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
