package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dropbot/dropbot/store"
)

func TestBackup(t *testing.T) {
	db, _ := openDB(t)
	ctx := context.Background()
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting("shop.name", "Toko Backup") })
	dir := t.TempDir()
	target := filepath.Join(dir, "cadangan.db")
	if err := db.Backup(ctx, target); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	// A write after the backup is not in it: the copy is a snapshot.
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting("shop.name", "Sesudah") })

	copyDB, err := store.Open(ctx, target)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer copyDB.Close()
	view(t, copyDB, func(tx *store.Tx) error {
		v, err := tx.Setting("shop.name", "")
		if v != "Toko Backup" {
			t.Errorf("backup has shop.name %q, want Toko Backup", v)
		}
		return err
	})

	// An existing file is never overwritten, not even an empty one.
	before, _ := os.ReadFile(target)
	err = db.Backup(ctx, target)
	wantCode(t, err, store.EConflict)
	after, _ := os.ReadFile(target)
	if string(before) != string(after) {
		t.Error("refused backup changed the existing file")
	}
	empty := filepath.Join(dir, "kosong.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.Backup(ctx, empty), store.EConflict)

	wantCode(t, db.Backup(ctx, filepath.Join(dir, "tidak-ada", "x.db")), store.EInvalid)
	wantCode(t, db.Backup(ctx, ""), store.EInvalid)
}

// TestBackupWhileWriting: a backup taken while another goroutine writes is a
// consistent database (it opens and passes an integrity check).
func TestBackupWhileWriting(t *testing.T) {
	db, _ := openDB(t)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		for i := 0; i < 200; i++ {
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SetSetting("k", string(rune('a'+i%26))) }); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	target := filepath.Join(t.TempDir(), "live.db")
	if err := db.Backup(ctx, target); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, target)
	var res string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
}
