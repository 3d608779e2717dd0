package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the books to path with VACUUM INTO,
// while the shop keeps running: it reads a snapshot on a connection of its
// own, so writers are not blocked (WAL). The copy is compacted and synced to disk. An
// existing path is refused (EConflict) and left untouched; so is a missing
// parent directory (EInvalid).
func (db *DB) Backup(ctx context.Context, path string) error {
	if path == "" {
		return Errorf(EInvalid, "backup needs a file name")
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return Errorf(EInvalid, "backup folder %s does not exist", filepath.Dir(path))
	}
	// The copy holds every customer's personal data: it is created empty,
	// readable by the owner only (0600, as the WhatsApp session is), before
	// VACUUM INTO fills it, so it is never readable by others, not even for
	// a moment. O_EXCL: a backup never overwrites a file.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return Errorf(EConflict, "%s exists; a backup never overwrites a file", path)
	}
	if err != nil {
		return fmt.Errorf("backup target: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup target: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil { // whatever the umask made of it
		os.Remove(path)
		return fmt.Errorf("backup target: %w", err)
	}
	if err := db.vacuumInto(ctx, path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// vacuumInto writes the books into the empty file path and syncs it.
func (db *DB) vacuumInto(ctx context.Context, path string) error {
	// A connection of its own: the reader pool is query_only, which SQLite
	// applies to VACUUM INTO as well, and the writer would hold up the shop.
	// In WAL mode this connection reads a snapshot beside the writer.
	conn, err := sql.Open("sqlite", DSN(db.path, false))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	// VACUUM INTO accepts a target that is missing or empty: the file made
	// above is empty.
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup into %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("backup sync: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("backup sync: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup sync: %w", err)
	}
	return nil
}

// BackupBytes makes a backup in a temporary file beside the books and
// returns its bytes (for sending to the owner in chat); the file is removed.
func (db *DB) BackupBytes(ctx context.Context) ([]byte, error) {
	dir, err := os.MkdirTemp(filepath.Dir(db.path), ".backup-*")
	if err != nil {
		return nil, fmt.Errorf("backup temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "dropbot.db")
	if err := db.Backup(ctx, path); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}
