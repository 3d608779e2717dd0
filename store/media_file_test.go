package store_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dropbot/dropbot/store"
)

// TestSaveMediaFile: a file bigger than MaxMediaBytes is stored from disk
// under its content hash, as SaveMedia stores the same bytes; the caller's
// limit is enforced.
func TestSaveMediaFile(t *testing.T) {
	db, _ := openDB(t)
	dir := t.TempDir()
	data := bytes.Repeat([]byte("PK\x03\x04 ekspor "), (store.MaxMediaBytes+1000)/13)
	path := filepath.Join(t.TempDir(), "ekspor.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var m store.Media
	update(t, db, func(tx *store.Tx) (err error) {
		m, err = tx.SaveMediaFile(dir, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 50<<20)
		return err
	})
	if m.Size != int64(len(data)) || m.Ext != ".xlsx" || m.ID == 0 {
		t.Fatalf("media = %+v", m)
	}
	got, err := os.ReadFile(filepath.Join(dir, m.RelPath()))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("stored file differs (%v)", err)
	}
	// The same bytes again are the same row.
	update(t, db, func(tx *store.Tx) error {
		again, err := tx.SaveMediaFile(dir, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 50<<20)
		if err == nil && again.ID != m.ID {
			t.Errorf("saved twice: ids %d and %d", m.ID, again.ID)
		}
		return err
	})
	err = db.Update(t.Context(), func(tx *store.Tx) error {
		_, err := tx.SaveMediaFile(dir, path, "", int64(len(data)-1))
		return err
	})
	if store.ErrorCode(err) != store.EInvalid {
		t.Errorf("over the limit: %v, want EInvalid", err)
	}
}
