package store_test

import (
	"slices"
	"testing"

	"github.com/dropbot/dropbot/store"
)

func TestOrdersWaitingForVariant(t *testing.T) {
	db, _ := openDB(t)
	f := newRelayFixture(t, db)
	want := func(tx *store.Tx, variant int64, codes ...string) {
		t.Helper()
		got, err := tx.OrdersWaitingForVariant(variant)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, codes) {
			t.Errorf("waiting for %d: got %v, want %v", variant, got, codes)
		}
	}
	update(t, db, func(tx *store.Tx) error {
		want(tx, f.gmsV) // nothing is out of stock yet
		if err := tx.SetItemStatus(f.order.ID, f.gmsItem.ID, store.ItemOK, store.ItemOut); err != nil {
			return err
		}
		want(tx, f.gmsV, f.order.Code)
		want(tx, f.hjbV)    // another variant's line is fine
		want(tx, f.gmsAltV) // the other variant of the product is not waited for
		want(tx, 0)
		// A cancelled order waits for nothing.
		if err := tx.SetOrderStatus(f.order.ID, store.StatusProcessing, store.StatusCancelled, "test", "cancel"); err != nil {
			return err
		}
		want(tx, f.gmsV)
		return nil
	})
}
