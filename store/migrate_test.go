package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

// wantTables are tables written out by hand from 0001_init.sql and
// 0002_shipping.sql; later migrations may add more (see migrationTables).
var wantTables = []string{
	"addresses", "bank_accounts", "conversations", "customers", "identities", "inbound", "jobs",
	"media", "order_items", "orders", "outbox", "payments", "product_photos", "products",
	"schema_migrations", "settings", "shipments", "shipping_rates", "staff", "status_log",
	"supplier_groups", "supplier_ledger", "suppliers", "variants",
}

var createTableRE = regexp.MustCompile(`(?im)^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)`)

// migrationFiles reads migrations/*.sql from disk: names in order and every
// table their CREATE TABLE statements make (plus schema_migrations).
var createFTSRE = regexp.MustCompile(`(?i)CREATE VIRTUAL TABLE (\w+) USING fts5`)

func migrationFiles(t *testing.T) (names, tables []string) {
	t.Helper()
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	tables = []string{"schema_migrations"}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		names = append(names, e.Name())
		b, err := os.ReadFile(filepath.Join("migrations", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range createTableRE.FindAllStringSubmatch(string(b), -1) {
			tables = append(tables, m[1])
		}
		// An FTS5 table with its content elsewhere (content = '…') keeps
		// its index in four shadow tables.
		for _, m := range createFTSRE.FindAllStringSubmatch(string(b), -1) {
			tables = append(tables, m[1], m[1]+"_config", m[1]+"_data", m[1]+"_docsize", m[1]+"_idx")
		}
	}
	slices.Sort(tables)
	return names, tables
}

func tables(t *testing.T, raw *sql.DB) []string {
	t.Helper()
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

type migrationRow struct {
	Version   int
	Name      string
	AppliedAt int64
}

func migrationRows(t *testing.T, raw *sql.DB) []migrationRow {
	t.Helper()
	rows, err := raw.Query(`SELECT version, name, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []migrationRow
	for rows.Next() {
		var m migrationRow
		if err := rows.Scan(&m.Version, &m.Name, &m.AppliedAt); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// fileVersion reads the version number at the start of a migration file name.
func fileVersion(t *testing.T, name string) int {
	t.Helper()
	num, _, ok := strings.Cut(name, "_")
	v, err := strconv.Atoi(num)
	if !ok || err != nil || len(num) != 4 {
		t.Fatalf("migration file %q does not start with a 4-digit version and _", name)
	}
	return v
}

// TestSchemaVersion: versions strictly increase (gaps are allowed, so
// parallel work can reserve numbers) and SchemaVersion is the last one.
func TestSchemaVersion(t *testing.T) {
	names, _ := migrationFiles(t)
	if len(names) < 2 {
		t.Fatalf("want at least 0001 and 0002, got %v", names)
	}
	prev := 0
	for _, n := range names {
		v := fileVersion(t, n)
		if v <= prev {
			t.Errorf("migration %q: version %d does not increase after %d", n, v, prev)
		}
		prev = v
	}
	if got := store.SchemaVersion(); got != prev {
		t.Fatalf("SchemaVersion() = %d, want %d (the last file's version)", got, prev)
	}
}

// wantMigrationRows is one schema_migrations row per file, all applied at at.
func wantMigrationRows(t *testing.T, at time.Time) []migrationRow {
	names, _ := migrationFiles(t)
	var out []migrationRow
	for _, n := range names {
		out = append(out, migrationRow{fileVersion(t, n), n, at.UnixMilli()})
	}
	return out
}

func TestOpenEmptyCreatesEveryTable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(ctx, path, store.WithClock(func() time.Time { return t0 }))
	if err != nil {
		t.Fatal(err)
	}
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, path)
	got := tables(t, raw)
	for _, want := range wantTables {
		if !slices.Contains(got, want) {
			t.Errorf("table %s missing", want)
		}
	}
	if _, fromFiles := migrationFiles(t); !slices.Equal(got, fromFiles) {
		t.Errorf("tables = %v\nwant     %v (every CREATE TABLE of migrations/)", got, fromFiles)
	}
	want := wantMigrationRows(t, t0)
	if rows := migrationRows(t, raw); !slices.Equal(rows, want) || rows[len(rows)-1].Version != store.SchemaVersion() {
		t.Errorf("schema_migrations = %+v, want %+v", rows, want)
	}
	var mode string
	if err := raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
}

func TestReopenMigratedKeepsDataAndAppliesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(ctx, path, store.WithClock(func() time.Time { return t0 }))
	if err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting("shop_name", "Toko Budi") })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// A later clock: if anything were re-applied, applied_at would move.
	later := t0.Add(48 * time.Hour)
	for i := 0; i < 2; i++ {
		db, err = store.Open(ctx, path, store.WithClock(func() time.Time { return later }))
		if err != nil {
			t.Fatalf("re-open %d: %v", i, err)
		}
		var v string
		view(t, db, func(tx *store.Tx) error {
			var err error
			v, err = tx.Setting("shop_name", "")
			return err
		})
		if v != "Toko Budi" {
			t.Errorf("re-open %d: shop_name = %q, want Toko Budi", i, v)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	want := wantMigrationRows(t, t0) // applied_at of the first Open, not later
	if got := migrationRows(t, rawDB(t, path)); !slices.Equal(got, want) {
		t.Errorf("schema_migrations = %+v, want %+v", got, want)
	}
}

// fileHash returns the sha256 of a file, or nil when it does not exist.
// An empty file and a missing one hash differently on purpose.
func fileHash(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return s[:]
}

// dirState is the name → sha256 of every file in dir.
func dirState(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		out[e.Name()] = fileHash(t, filepath.Join(dir, e.Name()))
	}
	return out
}

func sameState(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

func TestOpenRefusesNewerSchemaAndLeavesFileUntouched(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting("k", "v") })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// A newer dropbot wrote version SchemaVersion()+1.
	newer := store.SchemaVersion() + 1
	raw, err := sql.Open("sqlite", store.DSN(path, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future.sql', 1)`, newer); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil { // last connection: checkpoints and removes the -wal
		t.Fatal(err)
	}

	before := dirState(t, dir)
	if before[store.FileName] == nil {
		t.Fatal("database file missing")
	}
	dbHash, walHash := fileHash(t, path), fileHash(t, path+"-wal")

	for i := 0; i < 2; i++ { // twice: a refused Open must not prepare the next one either
		db, err = store.Open(ctx, path)
		if err == nil {
			db.Close()
			t.Fatal("Open of a newer schema succeeded")
		}
		wantCode(t, err, store.ETooNew)
	}
	if !bytes.Equal(fileHash(t, path), dbHash) {
		t.Error("database file changed")
	}
	if !bytes.Equal(fileHash(t, path+"-wal"), walHash) {
		t.Error("-wal file changed")
	}
	if after := dirState(t, dir); !sameState(before, after) {
		t.Errorf("data directory changed:\nbefore %x\nafter  %x", before, after)
	}
}

// The newer version may still sit in the -wal (a newer dropbot is running,
// or crashed before a checkpoint): Open must read the log, see it and refuse,
// and change neither file.
func TestOpenRefusesNewerSchemaStillInWAL(t *testing.T) {
	ctx := context.Background()
	path := closedBooks(t)
	raw := rawDB(t, path) // stays open: nothing checkpoints the log
	raw.SetMaxOpenConns(1)
	if _, err := raw.Exec(`PRAGMA wal_autocheckpoint(0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future.sql', 1)`,
		store.SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	walHash := fileHash(t, path+"-wal")
	if walHash == nil {
		t.Fatal("expected the insert to sit in the -wal")
	}
	dbHash := fileHash(t, path)

	db, err := store.Open(ctx, path)
	if err == nil {
		db.Close()
		t.Fatal("Open of a newer schema (in the WAL) succeeded")
	}
	wantCode(t, err, store.ETooNew)
	if !bytes.Equal(fileHash(t, path), dbHash) {
		t.Error("database file changed")
	}
	if !bytes.Equal(fileHash(t, path+"-wal"), walHash) {
		t.Error("-wal file changed")
	}
}

func TestOpenRefusesNonSQLiteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	junk := make([]byte, 8192)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range junk {
		junk[i] = byte(r.UintN(256))
	}
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	before := dirState(t, dir)
	db, err := store.Open(context.Background(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open of random bytes succeeded")
	}
	wantCode(t, err, store.EInvalid)
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a dropbot database") {
		t.Errorf("error %q does not say which file is wrong", err)
	}
	if after := dirState(t, dir); !sameState(before, after) {
		t.Errorf("data directory changed:\nbefore %x\nafter  %x", before, after)
	}
}

// A zero-byte file (e.g. touched by a setup script) is an empty database.
func TestOpenEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting("k", "v") })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenUnwritableDataDir(t *testing.T) {
	t.Run("parent is a regular file", func(t *testing.T) {
		base := t.TempDir()
		file := filepath.Join(base, "not-a-dir")
		if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		dataDir := filepath.Join(file, "data")
		db, err := store.Open(context.Background(), filepath.Join(dataDir, store.FileName))
		if err == nil {
			db.Close()
			t.Fatal("Open below a regular file succeeded")
		}
		wantCode(t, err, store.EInvalid)
		if !strings.Contains(err.Error(), dataDir) {
			t.Errorf("error %q does not name %s", err, dataDir)
		}
	})
	t.Run("read-only directory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root ignores directory permissions")
		}
		dir := filepath.Join(t.TempDir(), "ro")
		if err := os.Mkdir(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
		if err == nil {
			db.Close()
			t.Fatal("Open in a read-only directory succeeded")
		}
		wantCode(t, err, store.EInvalid)
		if !strings.Contains(err.Error(), dir) {
			t.Errorf("error %q does not name %s", err, dir)
		}
	})
}

// A data directory may hold characters that mean something in a SQLite URI
// ('#' starts a fragment, '%' escapes, '?' starts the query). The books must
// still land at exactly the path given.
func TestOpenPathWithURICharacters(t *testing.T) {
	for _, name := range []string{"data#1", "100%data", "what?data", "spaced data"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), name)
			path := filepath.Join(dir, store.FileName)
			db, err := store.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			update(t, db, func(tx *store.Tx) error { return tx.SetSetting("k", "v") })
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("the books are not at %s: %v", path, err)
			}
			entries, _ := os.ReadDir(filepath.Dir(dir))
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("files beside the data dir: %v, want only %q", names, name)
			}
			db, err = store.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			view(t, db, func(tx *store.Tx) error {
				v, err := tx.Setting("k", "")
				if v != "v" {
					t.Errorf("setting after re-open = %q, want v", v)
				}
				return err
			})
		})
	}
}
