package store_test

import (
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func TestOriginFor(t *testing.T) {
	db, _ := openDB(t)
	var sup, other int64
	update(t, db, func(tx *store.Tx) error {
		var err error
		if sup, err = tx.AddSupplier(store.Supplier{Code: "GMS", Name: "Grosir"}); err != nil {
			return err
		}
		other, err = tx.AddSupplier(store.Supplier{Code: "HJB", Name: "Hijab"})
		return err
	})
	view(t, db, func(tx *store.Tx) error {
		if _, ok, err := tx.OriginFor(sup, "biteship"); err != nil || ok {
			t.Errorf("no origin anywhere: ok=%v err=%v", ok, err)
		}
		return nil
	})
	update(t, db, func(tx *store.Tx) error {
		for _, s := range []struct {
			id int64
			o  store.Origin
		}{
			{0, store.Origin{PostalCode: "57111", Label: "Solo"}},
			{0, store.Origin{Provider: "Biteship", AreaID: "IDNP10SOLO", Label: "Laweyan, Solo"}},
			{sup, store.Origin{PostalCode: " 40131 "}},
			{sup, store.Origin{Provider: "rajaongkir", AreaID: "17473", Label: "Cidadap, Bandung"}},
		} {
			if err := tx.SetOrigin(s.id, s.o); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		supplier          int64
		provider          string
		wantZip, wantArea string
	}{
		{sup, "rajaongkir", "40131", "17473"},
		{sup, "biteship", "40131", "IDNP10SOLO"}, // no Biteship area of its own: the shop's
		{other, "biteship", "57111", "IDNP10SOLO"},
		{other, "rajaongkir", "57111", ""},
		{0, "", "57111", ""},
	}
	view(t, db, func(tx *store.Tx) error {
		for _, tc := range tests {
			o, ok, err := tx.OriginFor(tc.supplier, tc.provider)
			if err != nil || !ok || o.PostalCode != tc.wantZip || o.AreaID != tc.wantArea {
				t.Errorf("OriginFor(%d, %q) = %+v, %v, %v; want zip %s area %q", tc.supplier, tc.provider, o, ok, err, tc.wantZip, tc.wantArea)
			}
		}
		return nil
	})
	// Setting again replaces.
	update(t, db, func(tx *store.Tx) error { return tx.SetOrigin(sup, store.Origin{PostalCode: "40132"}) })
	view(t, db, func(tx *store.Tx) error {
		if o, _, _ := tx.OriginFor(sup, "rajaongkir"); o.PostalCode != "40132" {
			t.Errorf("after reset zip = %q", o.PostalCode)
		}
		return nil
	})
	for _, bad := range []struct {
		id int64
		o  store.Origin
	}{{-1, store.Origin{PostalCode: "1"}}, {0, store.Origin{}}, {0, store.Origin{Provider: "biteship"}}} {
		err := db.Update(t.Context(), func(tx *store.Tx) error { return tx.SetOrigin(bad.id, bad.o) })
		wantCode(t, err, store.EInvalid)
	}
}

func TestAddressAreaGoesWithTheAddress(t *testing.T) {
	db, _ := openDB(t)
	cust := newCustomer(t, db, "u1")
	var addr store.Address
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SaveAddress(store.Address{CustomerID: cust, Recipient: "Budi", Phone: "6281234567890",
			Line: "Jl. Ciumbuleuit 5", City: "Bandung", Zip: "40131"}); err != nil {
			return err
		}
		var err error
		addr, _, err = tx.LastAddress(cust)
		if err != nil {
			return err
		}
		return tx.SetAddressArea(store.AddressArea{AddressID: addr.ID, Provider: "rajaongkir", AreaID: "17473", Label: "CIUMBULEUIT, CIDADAP"})
	})
	view(t, db, func(tx *store.Tx) error {
		a, ok, err := tx.AddressAreaOf(addr.ID, "RajaOngkir")
		if err != nil || !ok || a.AreaID != "17473" {
			t.Errorf("AddressAreaOf = %+v, %v, %v", a, ok, err)
		}
		if _, ok, _ := tx.AddressAreaOf(addr.ID, "biteship"); ok {
			t.Error("a RajaOngkir id answered for Biteship")
		}
		return nil
	})
	err := db.Update(t.Context(), func(tx *store.Tx) error {
		return tx.SetAddressArea(store.AddressArea{AddressID: addr.ID, Provider: "biteship"})
	})
	wantCode(t, err, store.EInvalid)
	update(t, db, func(tx *store.Tx) error { return tx.AnonymiseCustomer(cust, "") })
	view(t, db, func(tx *store.Tx) error {
		if _, ok, _ := tx.AddressAreaOf(addr.ID, "rajaongkir"); ok {
			t.Error("the area outlived the erased address")
		}
		return nil
	})
}

func TestQuoteCacheExpires(t *testing.T) {
	db, clk := openDB(t)
	update(t, db, func(tx *store.Tx) error { return tx.PutCachedQuotes("k", `[1]`, 24*time.Hour) })
	update(t, db, func(tx *store.Tx) error { return tx.PutCachedQuotes("gone", `[2]`, time.Hour) })
	update(t, db, func(tx *store.Tx) error { return tx.PutCachedQuotes("never", `[3]`, 0) })
	get := func(key string) (string, bool) {
		var p string
		var ok bool
		view(t, db, func(tx *store.Tx) error {
			var err error
			p, ok, err = tx.CachedQuotes(key)
			return err
		})
		return p, ok
	}
	if p, ok := get("k"); !ok || p != `[1]` {
		t.Fatalf("fresh entry = %q, %v", p, ok)
	}
	if _, ok := get("never"); ok {
		t.Error("a zero ttl was kept")
	}
	clk.Add(2 * time.Hour)
	if _, ok := get("gone"); ok {
		t.Error("an expired entry answered")
	}
	var pruned int64
	update(t, db, func(tx *store.Tx) error {
		var err error
		pruned, err = tx.PruneQuoteCache()
		return err
	})
	if pruned != 1 {
		t.Errorf("pruned %d, want 1", pruned)
	}
	clk.Add(22 * time.Hour)
	if _, ok := get("k"); ok {
		t.Error("a day-old entry answered")
	}
}

func TestTrackingLifecycle(t *testing.T) {
	db, clk := openDB(t)
	f := newRelayFixture(t, db)
	var ship store.Shipment
	update(t, db, func(tx *store.Tx) error {
		var err error
		ship, _, err = tx.EnsureShipment(f.order.ID, f.gms)
		if err != nil {
			return err
		}
		return tx.TrackShipment(ship.ID, "JP6961181926", "J&T", t0.Add(30*time.Minute))
	})
	due := func(at time.Time) []store.Tracked {
		var out []store.Tracked
		view(t, db, func(tx *store.Tx) error {
			var err error
			out, err = tx.DueTracking(at, 10)
			return err
		})
		return out
	}
	if got := due(t0.Add(29 * time.Minute)); len(got) != 0 {
		t.Fatalf("due before the first check: %+v", got)
	}
	got := due(t0.Add(30 * time.Minute))
	if len(got) != 1 || got[0].ShipmentID != ship.ID || got[0].Resi != "JP6961181926" || got[0].Milestone != "" ||
		!got[0].LastEventAt.IsZero() || !got[0].LastChangeAt.Equal(t0) {
		t.Fatalf("due at the first check: %+v", got)
	}
	tr := got[0]
	tr.Milestone, tr.LastEvent, tr.LastEventAt = "picked_up", "Paket telah diterima oleh J&T", t0.Add(20*time.Minute)
	tr.LastChangeAt, tr.NextCheckAt, tr.Alert = t0.Add(30*time.Minute), t0.Add(3*time.Hour+30*time.Minute), "x"
	update(t, db, func(tx *store.Tx) error { return tx.SaveTracking(tr) })
	view(t, db, func(tx *store.Tx) error {
		back, err := tx.TrackedShipment(ship.ID)
		if err != nil || back.Milestone != "picked_up" || !back.LastEventAt.Equal(tr.LastEventAt) || back.Alert != "x" ||
			!back.NextCheckAt.Equal(tr.NextCheckAt) || back.Done {
			t.Errorf("after save: %+v, %v", back, err)
		}
		return nil
	})
	// A corrected resi starts over.
	clk.Add(time.Hour)
	update(t, db, func(tx *store.Tx) error { return tx.TrackShipment(ship.ID, "JP6961181927", "J&T", t0.Add(2*time.Hour)) })
	view(t, db, func(tx *store.Tx) error {
		back, _ := tx.TrackedShipment(ship.ID)
		if back.Resi != "JP6961181927" || back.Milestone != "" || back.Alert != "" || !back.LastEventAt.IsZero() {
			t.Errorf("after a new resi: %+v", back)
		}
		return nil
	})
	tr.Done = true
	update(t, db, func(tx *store.Tx) error { return tx.SaveTracking(tr) })
	if got := due(t0.Add(100 * time.Hour)); len(got) != 0 {
		t.Fatalf("a finished shipment is still due: %+v", got)
	}
	var bdg store.Shipment
	update(t, db, func(tx *store.Tx) error {
		o := store.Order{CustomerID: f.order.CustomerID, Channel: "telegram", ChatID: f.customerChat, City: "Kota Bandung"}
		if err := tx.CreateOrder(&o); err != nil {
			return err
		}
		var err error
		bdg, _, err = tx.EnsureShipment(o.ID, 0)
		return err
	})
	view(t, db, func(tx *store.Tx) error {
		if city, err := tx.ShipmentBuyerCity(bdg.ID); err != nil || city != "Kota Bandung" {
			t.Errorf("buyer city %q, %v", city, err)
		}
		_, err := tx.ShipmentBuyerCity(999)
		wantCode(t, err, store.ENotFound)
		return nil
	})
	err := db.Update(t.Context(), func(tx *store.Tx) error { return tx.SaveTracking(store.Tracked{ShipmentID: 999}) })
	wantCode(t, err, store.ENotFound)
	err = db.Update(t.Context(), func(tx *store.Tx) error { return tx.TrackShipment(ship.ID, " ", "", t0) })
	wantCode(t, err, store.EInvalid)
}
