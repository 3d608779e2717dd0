package flows_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

// TestFreshShopChecklist: a shop with nothing set shows the owner what is
// missing on the first message, once; /mulai shows it any time; a customer
// who cannot finish an order is handed to the staff with the reason.
func TestFreshShopChecklist(t *testing.T) {
	_, db, shop := flowtest.OpenShop(t)
	if err := db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.SetStaff("telegram", "owner", store.StaffOwner, "test")
	}); err != nil {
		t.Fatal(err)
	}
	first := flowtest.Say(t, db, shop, "owner", "halo")
	if len(first) == 0 || !strings.Contains(first[0].Text, "Kesiapan toko") || !strings.Contains(first[0].Text, "/atur ongkir") {
		t.Fatalf("first owner message: no checklist: %+v", first)
	}
	again := flowtest.Say(t, db, shop, "owner", "halo")
	if len(again) == 0 || strings.Contains(again[0].Text, "Kesiapan toko") {
		t.Fatalf("second owner message: the checklist again: %+v", again)
	}
	asked := flowtest.Say(t, db, shop, "owner", "/mulai")
	if len(asked) != 1 || strings.Count(asked[0].Text, "⬜") != 5 {
		t.Fatalf("/mulai on a fresh shop: want five open items: %+v", asked)
	}
	// A customer is not the owner: no checklist, and /mulai is not theirs.
	cust := flowtest.Say(t, db, shop, "c1", "/mulai")
	for _, o := range cust {
		if strings.Contains(o.Text, "Kesiapan toko") {
			t.Fatalf("a customer saw the owner's checklist: %q", o.Text)
		}
	}
}
