package flows

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/store"
)

// TestTableGateRemembersTheTable: a shop pricing from its table is read
// once per tableRecheck, not once a message; a provider switched on is
// seen once that time is up, and a live shop is never remembered as table.
func TestTableGateRemembersTheTable(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g := &tableGate{}
	if !g.tableOnly(ctx, db, shipping.Config{}) {
		t.Fatal("a fresh shop has no live provider")
	}
	if err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting(shipping.SettingProvider, shipping.ProviderBiteship); err != nil {
			return err
		}
		return tx.SetSetting(shipping.SettingBiteshipKey, "biteship_test_key_1234")
	}); err != nil {
		t.Fatal(err)
	}
	if !g.tableOnly(ctx, db, shipping.Config{}) {
		t.Error("the table answer was not remembered within tableRecheck")
	}
	g.until = time.Now().Add(-time.Second) // tableRecheck has passed
	if g.tableOnly(ctx, db, shipping.Config{}) {
		t.Error("a provider switched on is not seen after tableRecheck")
	}
	if g.tableOnly(ctx, db, shipping.Config{}) {
		t.Error("a live shop was remembered as table")
	}
}
