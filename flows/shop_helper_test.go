package flows_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// openShop opens a real SQLite file in a temp dir and a shop whose media
// go to another temp dir; the database is closed when the test ends.
func openShop(t testing.TB) (context.Context, *store.DB, *flows.Shop) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return ctx, db, flows.NewShop(flows.Config{MediaDir: t.TempDir()})
}
