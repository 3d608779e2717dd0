package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// SpeakerLang returns the language a person is spoken to in: a customer's
// own choice, "id" for everyone else (staff, group members, strangers).
func (tx *Tx) SpeakerLang(channel, userID string) (string, error) {
	var lang string
	err := tx.row(`SELECT c.lang FROM identities i JOIN customers c ON c.id = i.customer_id
		WHERE i.channel = ? AND i.user_id = ?`, channel, userID).Scan(&lang)
	if errors.Is(err, sql.ErrNoRows) || lang == "" {
		return "id", nil
	}
	if err != nil {
		return "", fmt.Errorf("speaker lang: %w", err)
	}
	return lang, nil
}

// GroupLinked reports whether a group chat is linked to a supplier.
func (tx *Tx) GroupLinked(channel, chatID string) (bool, error) {
	var n int
	err := tx.row(`SELECT count(*) FROM supplier_groups WHERE channel = ? AND chat_id = ?`, channel, chatID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("group linked: %w", err)
	}
	return n > 0, nil
}

// wib is Indonesia's western time zone: a shop's day.
var wib = time.FixedZone("WIB", 7*3600)

// MediaIntake returns how many files and bytes a chat had stored today
// (WIB).
func (tx *Tx) MediaIntake(channel, chatID string) (files int, bytes int64, err error) {
	err = tx.row(`SELECT files, bytes FROM media_intake WHERE channel = ? AND chat_id = ? AND day = ?`,
		channel, chatID, tx.now.In(wib).Format(time.DateOnly)).Scan(&files, &bytes)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("media intake: %w", err)
	}
	return files, bytes, nil
}

// AddMediaIntake counts one stored file of size bytes for a chat today;
// earlier days' counts go.
func (tx *Tx) AddMediaIntake(channel, chatID string, size int64) error {
	day := tx.now.In(wib).Format(time.DateOnly)
	if _, err := tx.exec(`INSERT INTO media_intake (channel, chat_id, day, files, bytes) VALUES (?, ?, ?, 1, ?)
		ON CONFLICT (channel, chat_id, day) DO UPDATE SET files = files + 1, bytes = bytes + excluded.bytes`,
		channel, chatID, day, size); err != nil {
		return fmt.Errorf("add media intake: %w", err)
	}
	if _, err := tx.exec(`DELETE FROM media_intake WHERE channel = ? AND chat_id = ? AND day < ?`, channel, chatID, day); err != nil {
		return fmt.Errorf("add media intake: %w", err)
	}
	return nil
}

// NoticeOnce records that the owner is told about kind and reports whether
// this is the first time since ClearNotice(kind).
func (tx *Tx) NoticeOnce(kind string) (bool, error) {
	res, err := tx.exec(`INSERT INTO owner_notices (kind, told_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, kind, ms(tx.now))
	if err != nil {
		return false, fmt.Errorf("notice %s: %w", kind, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ClearNotice forgets a notice: its cause is gone, the next one is told.
func (tx *Tx) ClearNotice(kind string) error {
	if _, err := tx.exec(`DELETE FROM owner_notices WHERE kind = ?`, kind); err != nil {
		return fmt.Errorf("clear notice %s: %w", kind, err)
	}
	return nil
}

// PruneInboundAttempts forgets start counts older than before: a message
// that was never delivered again (the platform gave up on it) needs no
// count.
func (tx *Tx) PruneInboundAttempts(before time.Time) error {
	if _, err := tx.exec(`DELETE FROM inbound_attempts WHERE first_at < ?`, ms(before)); err != nil {
		return fmt.Errorf("prune inbound attempts: %w", err)
	}
	return nil
}

// MediaPruned says what PruneMedia removed.
type MediaPruned struct {
	Rows   int   // media rows nothing referenced
	Files  int   // files removed (of those rows, and orphans without a row)
	Bytes  int64 // bytes freed
	Failed int   // files that could not be removed (logged by the caller)
}

// PruneMedia removes stored media nothing refers to any more: rows older
// than before that no table references (every foreign key to media, found
// from the schema, so a table added later counts too) and that no saved
// conversation mentions (a wizard may hold a photo id in its state; a
// false match only keeps a file), with their files; then files below dir
// older than before that have no row at all (left by a transaction that
// rolled back after SaveMedia wrote the file) and stale temporary files.
// At most limit rows go per call.
func (db *DB) PruneMedia(ctx context.Context, dir string, before time.Time, limit int) (MediaPruned, error) {
	var out MediaPruned
	var gone []Media
	err := db.Update(ctx, func(tx *Tx) error {
		gone = gone[:0]
		refs, err := tx.mediaRefs()
		if err != nil {
			return err
		}
		q := `SELECT id, sha256, mime, ext, size FROM media m WHERE created_at < ?` + refs + `
			AND NOT EXISTS (SELECT 1 FROM conversations c WHERE ('"' || c.data || '"') GLOB ('*[^0-9]' || m.id || '[^0-9]*'))
			ORDER BY id LIMIT ?`
		rows, err := tx.query(q, ms(before), limit)
		if err != nil {
			return fmt.Errorf("unreferenced media: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var m Media
			if err := rows.Scan(&m.ID, &m.SHA256, &m.MIME, &m.Ext, &m.Size); err != nil {
				return err
			}
			gone = append(gone, m)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range gone {
			if _, err := tx.exec(`DELETE FROM media WHERE id = ?`, m.ID); err != nil {
				return fmt.Errorf("delete media %d: %w", m.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("prune media: %w", err)
	}
	out.Rows = len(gone)
	for _, m := range gone {
		out.add(os.Remove(filepath.Join(dir, m.RelPath())), m.Size)
	}

	known := map[string]bool{}
	if err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT sha256 || ext FROM media`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				return err
			}
			known[name] = true
		}
		return rows.Err()
	}); err != nil {
		return out, fmt.Errorf("prune media: %w", err)
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d.IsDir() || known[d.Name()] {
			return nil
		}
		info, err := d.Info()
		if err != nil || !info.ModTime().Before(before) {
			return nil // gone meanwhile, or maybe a transaction still in flight
		}
		out.add(os.Remove(path), info.Size())
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("prune media files: %w", err)
	}
	return out, nil
}

func (p *MediaPruned) add(err error, size int64) {
	switch {
	case err == nil:
		p.Files++
		p.Bytes += size
	case !errors.Is(err, fs.ErrNotExist):
		p.Failed++
	}
}

// mediaRefs is a WHERE clause tail that holds for a media row m no
// foreign key points at.
func (tx *Tx) mediaRefs() (string, error) {
	rows, err := tx.query(`SELECT t.name, f."from" FROM sqlite_schema t, pragma_foreign_key_list(t.name) f
		WHERE t.type = 'table' AND f."table" = 'media' ORDER BY t.name, f."from"`)
	if err != nil {
		return "", fmt.Errorf("media references: %w", err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "\n\t\t\tAND NOT EXISTS (SELECT 1 FROM %q WHERE %q = m.id)", table, col)
	}
	return b.String(), rows.Err()
}
