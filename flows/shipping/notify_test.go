package shipping

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

func TestNotifierQueuesNewsAndAlerts(t *testing.T) {
	api := newFakeAPI(t)
	api.route("POST /track/waybill", 200, "komerce_waybill_rts.json")
	clk := &testClock{t: resiAt}
	db := openBooks(t, filepath.Join(t.TempDir(), store.FileName), clk)
	chatID := "6281234567890@s.whatsapp.net"
	sh := followedShipment(t, db, "whatsapp", chatID, "Bandung", "170430045644421", "JNE", clk.now())
	var code string
	err := db.Update(t.Context(), func(tx *store.Tx) error {
		if err := tx.SetStaff("telegram", "9001", store.StaffOwner, "test"); err != nil {
			return err
		}
		who, err := tx.Resolve("whatsapp", chatID, false, chatID, "Budi")
		if err != nil {
			return err
		}
		if code, err = tx.OrderCodeByID(sh.OrderID); err != nil {
			return err
		}
		return tx.SetCustomerLang(who.CustomerID, "en")
	})
	if err != nil {
		t.Fatal(err)
	}
	clk.add(5 * 24 * time.Hour)
	n := Notifier{OwnerLang: func(*store.Tx) (locales.Lang, error) { return locales.ID, nil }}
	tr := Tracker{DB: db, Provider: NewRajaOngkir(api.srv.URL, testRajaOngkirKey, time.Second, nil), Notify: n.Notify}
	if got, err := tr.RunOnce(t.Context()); got != 1 || err != nil {
		t.Fatalf("round: %d, %v", got, err)
	}
	var outs []store.OutMessage
	err = db.View(t.Context(), func(tx *store.Tx) error {
		var err error
		outs, err = tx.DueOutbox(clk.now().Add(time.Hour), 10)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 2 {
		t.Fatalf("outbox %+v", outs)
	}
	cust, owner := outs[0], outs[1]
	if cust.Channel != "whatsapp" || !strings.Contains(cust.Text, "being returned") || !strings.Contains(cust.Text, code) ||
		cust.RefKind != "order" || cust.RefID != code {
		t.Errorf("customer message %+v", cust)
	}
	if owner.Channel != "telegram" || owner.ChatID != "9001" || !strings.Contains(owner.Text, "dikembalikan ke pengirim") ||
		!strings.Contains(owner.Text, "170430045644421") || !strings.Contains(owner.Text, "RETURN TO SHIPPER") {
		t.Errorf("owner message %+v", owner)
	}
	// Nothing new: nothing queued.
	clk.add(24 * time.Hour)
	if _, err := tr.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	_ = db.View(t.Context(), func(tx *store.Tx) error {
		outs, _ = tx.DueOutbox(clk.now().Add(time.Hour), 10)
		return nil
	})
	if len(outs) != 2 {
		t.Fatalf("a repeat round queued %d messages", len(outs)-2)
	}
}
