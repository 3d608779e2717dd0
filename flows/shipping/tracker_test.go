package shipping

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func TestTrackerRound(t *testing.T) {
	api := newFakeAPI(t)
	api.route("GET /v1/trackings/JP6961181926/couriers/jnt", 200, "biteship_tracking_delivered.json")
	api.route("GET /v1/trackings/004607855558/couriers/sicepat", 429, "biteship_error_auth.json")
	clk := &testClock{t: resiAt}
	db := openBooks(t, filepath.Join(t.TempDir(), store.FileName), clk)
	p := DefaultPollPolicy()
	delivered := followedShipment(t, db, "telegram", "u1", "Kota Bandung", "JP6961181926", "J&T", clk.now()).ID
	failing := followedShipment(t, db, "telegram", "u1", "Kota Bandung", "004607855558", "SiCepat", clk.now()).ID
	type note struct {
		shipment int64
		customer []Milestone
		alert    Alert
	}
	var notes []note
	wakes := 0
	tr := Tracker{DB: db, Provider: NewBiteship(api.srv.URL, testBiteshipKey, time.Second, nil), Wake: func() { wakes++ },
		Notify: func(tx *store.Tx, f Followed, out PollOutcome) error {
			notes = append(notes, note{f.ShipmentID, out.Customer, out.OwnerAlert})
			return nil
		}}
	if n, err := tr.RunOnce(t.Context()); err != nil || n != 0 {
		t.Fatalf("before the first check: %d, %v", n, err)
	}
	clk.add(p.First)
	if n, err := tr.RunOnce(t.Context()); err != nil || n != 2 {
		t.Fatalf("first round: %d, %v", n, err)
	}
	want := []note{{delivered, []Milestone{MilestoneDelivered}, AlertNone}, {failing, nil, AlertNone}}
	if len(notes) != 2 || notes[0].shipment != want[0].shipment || !slices.Equal(notes[0].customer, want[0].customer) ||
		notes[1].shipment != failing || notes[1].customer != nil {
		t.Fatalf("notes %+v", notes)
	}
	if wakes != 1 {
		t.Errorf("woke the dispatcher %d times, want once (only the delivered parcel has news)", wakes)
	}
	err := db.View(t.Context(), func(tx *store.Tx) error {
		d, err := tx.TrackedShipment(delivered)
		if err != nil || !d.Done || d.Milestone != "delivered" || d.LastEvent == "" {
			t.Errorf("delivered row %+v, %v", d, err)
		}
		f, err := tx.TrackedShipment(failing)
		if err != nil || f.Done || f.Failures != 1 || !f.NextCheckAt.Equal(clk.now().Add(p.Interval)) {
			t.Errorf("failing row %+v, %v", f, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Nothing is due until the failing one's next check.
	if n, _ := tr.RunOnce(t.Context()); n != 0 {
		t.Fatalf("%d checked again at once", n)
	}
}

func TestTrackerPicksItsProvider(t *testing.T) {
	api := newFakeAPI(t)
	api.route("GET /v1/trackings/JP6961181926/couriers/jnt", 200, "biteship_tracking_delivered.json")
	api.route("POST /track/waybill", 200, "komerce_waybill_transit.json")
	clk := &testClock{t: resiAt}
	db := openBooks(t, filepath.Join(t.TempDir(), store.FileName), clk)
	followedShipment(t, db, "telegram", "u1", "Bandung", "JP6961181926", "J&T", clk.now())
	clk.add(time.Hour)
	var seen []Milestone
	notify := func(tx *store.Tx, f Followed, out PollOutcome) error {
		seen = append(seen, out.Next.Milestone)
		return nil
	}
	// No key anywhere: nothing is checked, nothing fails.
	tr := Tracker{DB: db, Config: Config{BiteshipAPI: api.srv.URL, RajaOngkirAPI: api.srv.URL, Timeout: time.Second}, Notify: notify}
	if n, err := tr.RunOnce(t.Context()); n != 0 || err != nil || len(api.allCalls()) != 0 {
		t.Fatalf("without a key: %d, %v, %d calls", n, err, len(api.allCalls()))
	}
	// The shop prices from the table, but a Komerce key is in the
	// environment: tracking uses it.
	tr.Config.RajaOngkirKey = testRajaOngkirKey
	if n, err := tr.RunOnce(t.Context()); n != 1 || err != nil || !slices.Equal(seen, []Milestone{MilestoneInCity}) {
		t.Fatalf("komerce round: %d, %v, %v", n, err, seen)
	}
	if c := api.lastCall(t); c.path != "/track/waybill" || c.header.Get("key") != testRajaOngkirKey {
		t.Fatalf("call %+v", c)
	}
	// The owner picks Biteship with a key in chat: the next round uses it.
	err := db.Update(t.Context(), func(tx *store.Tx) error {
		if err := tx.SetSetting(SettingProvider, ProviderBiteship); err != nil {
			return err
		}
		return tx.SetSetting(SettingBiteshipKey, testBiteshipKey)
	})
	if err != nil {
		t.Fatal(err)
	}
	clk.add(24 * time.Hour)
	if n, err := tr.RunOnce(t.Context()); n != 1 || err != nil || seen[len(seen)-1] != MilestoneDelivered {
		t.Fatalf("biteship round: %d, %v, %v", n, err, seen)
	}
	if c := api.lastCall(t); c.header.Get("Authorization") != testBiteshipKey {
		t.Fatalf("call %+v", c)
	}
}

// followedShipment makes an order of the customer at (channel, chatID)
// to city, its own-stock shipment with the resi, followed from now.
func followedShipment(t *testing.T, db *store.DB, channel, chatID, city, resi, courier string, now time.Time) store.Shipment {
	t.Helper()
	var sh store.Shipment
	err := db.Update(t.Context(), func(tx *store.Tx) error {
		who, err := tx.Resolve(channel, chatID, false, chatID, "Budi")
		if err != nil {
			return err
		}
		o := store.Order{CustomerID: who.CustomerID, Channel: channel, ChatID: chatID, City: city}
		if err := tx.CreateOrder(&o); err != nil {
			return err
		}
		if sh, _, err = tx.EnsureShipment(o.ID, 0); err != nil {
			return err
		}
		if sh, err = tx.SetShipmentResi(sh.ID, courier, resi, resi, "test"); err != nil {
			return err
		}
		return Follow(tx, DefaultPollPolicy(), sh.ID, resi, courier, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return sh
}
