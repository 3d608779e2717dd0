package store_test

import (
	"context"
	"testing"

	"github.com/dropbot/dropbot/store"
)

func TestOffsetPerBot(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	a := db.Offset(store.TelegramOffsetKey("111"))
	b := db.Offset(store.TelegramOffsetKey("222"))
	if a.Key() != "telegram.offset.111" {
		t.Errorf("key %q, want telegram.offset.111", a.Key())
	}
	if n, err := a.LoadOffset(ctx); n != 0 || err != nil {
		t.Fatalf("fresh LoadOffset = %d %v, want 0", n, err)
	}
	if err := a.SaveOffset(ctx, 1001); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveOffset(ctx, 1005); err != nil {
		t.Fatal(err)
	}
	if n, _ := a.LoadOffset(ctx); n != 1005 {
		t.Errorf("LoadOffset = %d, want the last saved 1005", n)
	}
	if n, _ := b.LoadOffset(ctx); n != 0 {
		t.Errorf("another bot's offset = %d, want 0", n)
	}
	if err := a.SaveOffset(ctx, -1); store.ErrorCode(err) != store.EInvalid {
		t.Errorf("SaveOffset(-1) = %v, want EInvalid", err)
	}
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting("telegram.offset.222", "abc") })
	if _, err := b.LoadOffset(ctx); store.ErrorCode(err) != store.EInvalid {
		t.Errorf("LoadOffset of garbage = %v, want EInvalid", err)
	}
}
