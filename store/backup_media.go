package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// BackupMediaMaxAge is how long a backup sent in chat may stay in the
// media folder when no delivery ever settles it.
const BackupMediaMaxAge = 24 * time.Hour

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// PurgeBackupMedia removes the copies of the books that /cadangan stored in
// the media folder to send them: each one as soon as no outbox row still
// waits to send it (it was delivered, or given up), or once it is older
// than BackupMediaMaxAge (a row still waiting then is marked failed). A full copy of every customer's data must not
// stay on disk forever. Only media that are SQLite databases and used by
// nothing but the outbox are touched; their outbox rows keep their text
// and lose the attachment. The rows change in one transaction; the files
// go after it commits. It returns how many copies were removed. Safe to
// call often (at start and from a periodic job).
func (db *DB) PurgeBackupMedia(ctx context.Context, mediaDir string) (int, error) {
	var gone []string
	err := db.Update(ctx, func(tx *Tx) error {
		gone = gone[:0]
		rows, err := tx.query(`SELECT m.id, m.sha256, m.mime, m.ext, m.size FROM media m
			WHERE m.mime = 'application/octet-stream'
			AND EXISTS (SELECT 1 FROM outbox o WHERE o.media_id = m.id)
			AND (m.created_at < ? OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.media_id = m.id AND o.status = 'pending'))
			AND NOT EXISTS (SELECT 1 FROM product_photos p WHERE p.media_id = m.id)
			AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.proof_media_id = m.id)
			AND NOT EXISTS (SELECT 1 FROM supplier_ledger l WHERE l.media_id = m.id)
			AND NOT EXISTS (SELECT 1 FROM ticket_media t WHERE t.media_id = m.id)`,
			ms(tx.now.Add(-BackupMediaMaxAge)))
		if err != nil {
			return fmt.Errorf("backup media: %w", err)
		}
		var cands []Media
		for rows.Next() {
			var m Media
			if err := rows.Scan(&m.ID, &m.SHA256, &m.MIME, &m.Ext, &m.Size); err != nil {
				rows.Close()
				return err
			}
			cands = append(cands, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range cands {
			path := filepath.Join(mediaDir, m.RelPath())
			if ok, err := isSQLiteFile(path); err != nil || !ok {
				continue // not a backup (or already gone and not ours to judge)
			}
			// A copy still waiting after a day is not sent any more: a
			// message saying "here is the backup" without it would mislead.
			if _, err := tx.exec(`UPDATE outbox SET status = 'failed', last_error = 'backup expired'
				WHERE media_id = ? AND status = 'pending'`, m.ID); err != nil {
				return fmt.Errorf("backup media: %w", err)
			}
			if _, err := tx.exec(`UPDATE outbox SET media_id = NULL WHERE media_id = ?`, m.ID); err != nil {
				return fmt.Errorf("backup media: %w", err)
			}
			if _, err := tx.exec(`DELETE FROM media WHERE id = ?`, m.ID); err != nil {
				return fmt.Errorf("backup media: %w", err)
			}
			gone = append(gone, path)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, p := range gone {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return len(gone), errors.Join(errs...)
}

// isSQLiteFile reports whether the file at path starts like an SQLite
// database.
func isSQLiteFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil {
		return false, nil
	}
	return bytes.Equal(head, sqliteMagic), nil
}
