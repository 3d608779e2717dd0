package main

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

	"github.com/dropbot/dropbot/store"
)

// cmdBackup is `dropbot backup FILE`. It works while the bot runs.
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) error {
	fs, data := newFlags("backup", stderr, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: dropbot backup [--data DIR] FILE", errUsage)
	}
	target := fs.Arg(0)
	if !fileExists(filepath.Join(*data, store.FileName)) {
		return fmt.Errorf("no books in %s to back up", *data)
	}
	db, _, err := openBooks(ctx, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, target); err != nil { // VACUUM INTO: consistent while the shop runs
		return err
	}
	st, err := os.Stat(target)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backup written: %s (%d bytes).\n", target, st.Size())
	fmt.Fprintf(stdout, "Photos and payment proofs are in %s: copy that folder too. Keep backups private: they hold customers' names, phones and addresses.\n",
		filepath.Join(*data, "media"))
	return nil
}

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// cmdRestore is `dropbot restore FILE`: it replaces the books with a
// backup. It refuses while a dropbot uses the data directory (the lock),
// checks the backup by opening a copy (which also migrates an older one),
// and keeps the books it replaces next to them.
func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) error {
	flags, data := newFlags("restore", stderr, getenv)
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return fmt.Errorf("%w: dropbot restore [--data DIR] FILE", errUsage)
	}
	src := flags.Arg(0)
	lock, err := lockData(*data)
	if err != nil {
		return err
	}
	defer lock.release()

	if err := checkSQLite(src); err != nil {
		return err
	}
	live := filepath.Join(*data, store.FileName)
	tmp := live + ".restoring"
	for _, p := range sidecars(tmp) {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := copyFile(src, tmp); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// Only the schema dropbot itself creates is restored: a trigger or view
	// added to a copy would run inside the shop (and could make a stranger
	// owner). Checked before opening, which migrates and so writes.
	if err := store.CheckBackupSchema(ctx, tmp); err != nil {
		removeAll(sidecars(tmp))
		return fmt.Errorf("%s cannot be restored: %w", src, err)
	}
	// Opening checks that these are dropbot's books and not newer than this
	// dropbot, and brings older ones up to date.
	db, err := store.Open(ctx, tmp)
	if err != nil {
		removeAll(sidecars(tmp))
		return fmt.Errorf("%s cannot be restored: %w", src, err)
	}
	if err := db.Close(); err != nil {
		removeAll(sidecars(tmp))
		return fmt.Errorf("restore: %w", err)
	}

	kept := ""
	if fileExists(live) {
		kept = live + ".before-restore-" + time.Now().Format("20060102-150405")
		if err := moveAll(sidecars(live), sidecars(kept)); err != nil {
			removeAll(sidecars(tmp))
			return fmt.Errorf("restore: keep the current books: %w", err)
		}
	}
	if err := moveAll(sidecars(tmp), sidecars(live)); err != nil {
		return fmt.Errorf("restore: %w (the previous books are %s)", err, kept)
	}
	fmt.Fprintf(stdout, "Restored %s into %s.\n", src, live)
	if kept != "" {
		fmt.Fprintf(stdout, "The books it replaced are kept as %s.\n", kept)
	}
	return nil
}

// sidecars is a database file and its WAL companions, which travel with it.
func sidecars(path string) []string { return []string{path, path + "-wal", path + "-shm"} }

// moveAll renames each existing from[i] to to[i].
func moveAll(from, to []string) error {
	for i := range from {
		if err := os.Rename(from[i], to[i]); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

func removeAll(paths []string) {
	for _, p := range paths {
		_ = os.Remove(p)
	}
}

func checkSQLite(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteHeader) {
		return fmt.Errorf("%s is not a dropbot backup (not an SQLite database)", path)
	}
	return nil
}

// copyFile copies src to a new file dst, readable by the owner only, and
// syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}
