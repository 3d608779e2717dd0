package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func TestPurgeBackupMedia(t *testing.T) {
	ctx := context.Background()
	db, clk := openDB(t)
	media := filepath.Join(t.TempDir(), "media")
	books, err := db.BackupBytes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other := []byte("\x00\x01 just some binary file, not a database")

	// send queues data as /cadangan does and returns the media and the row.
	send := func(data []byte) (store.Media, int64) {
		var m store.Media
		var id int64
		update(t, db, func(tx *store.Tx) error {
			var err error
			if m, err = tx.SaveMedia(media, data, "application/x-sqlite3"); err != nil {
				return err
			}
			id, err = tx.Enqueue(store.OutMessage{Channel: "telegram", ChatID: "1", Text: "cadangan", MediaID: m.ID})
			return err
		})
		return m, id
	}
	exists := func(m store.Media) bool {
		_, err := os.Stat(filepath.Join(media, m.RelPath()))
		return err == nil
	}
	purge := func(want int) {
		t.Helper()
		n, err := db.PurgeBackupMedia(ctx, media)
		if err != nil || n != want {
			t.Fatalf("PurgeBackupMedia = %d, %v; want %d", n, err, want)
		}
	}

	backup, row := send(books)
	blob, blobRow := send(other)
	if backup.MIME != "application/octet-stream" {
		t.Fatalf("a backup is stored as %q", backup.MIME)
	}
	purge(0) // still waiting to be sent
	if !exists(backup) {
		t.Fatal("a backup waiting to be sent was removed")
	}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.MarkSent(row, "p1"); err != nil {
			return err
		}
		return tx.MarkSent(blobRow, "p2")
	})
	purge(1) // delivered: gone; the other file is no database and stays
	if exists(backup) || !exists(blob) {
		t.Errorf("after delivery: backup on disk %v (want false), other file %v (want true)", exists(backup), exists(blob))
	}
	view(t, db, func(tx *store.Tx) error {
		m, err := tx.OutboxByID(row)
		if m.MediaID != 0 || m.Text != "cadangan" {
			t.Errorf("outbox row after purge: %+v", m)
		}
		if _, err := tx.MediaByID(backup.ID); !store.IsNotFound(err) {
			t.Errorf("media row of the purged backup: %v", err)
		}
		return err
	})
	purge(0)

	// A copy never delivered goes after a day, and its message is not sent.
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting("shop.name", "lain") }) // other bytes
	books2, err := db.BackupBytes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stuck, stuckRow := send(books2)
	clk.Add(store.BackupMediaMaxAge - time.Minute)
	purge(0)
	clk.Add(2 * time.Minute)
	purge(1)
	if exists(stuck) {
		t.Error("a day-old backup is still on disk")
	}
	view(t, db, func(tx *store.Tx) error {
		m, err := tx.OutboxByID(stuckRow)
		if m.Status != "failed" || m.MediaID != 0 {
			t.Errorf("stuck row after purge: status %q media %d", m.Status, m.MediaID)
		}
		return err
	})
}
