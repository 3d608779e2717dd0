package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/dropbot/dropbot/store"
)

// BenchmarkBaselineImmediateWrite is raw SQLite: database/sql on the modernc
// driver with store.DSN, one connection, each op BEGIN IMMEDIATE; INSERT one
// row into a small settings-shaped table; COMMIT. Nothing of the store but
// the DSN is on the path.
func BenchmarkBaselineImmediateWrite(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "baseline.db")
	db, err := sql.Open("sqlite", store.DSN(path, true))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
			b.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?)`,
			"k"+strconv.Itoa(i), "v", int64(i)); err != nil {
			b.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStoreUpdateOneRow is the same single-row insert (a new settings
// key) through db.Update.
func BenchmarkStoreUpdateOneRow(b *testing.B) {
	db, _ := openDB(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := db.Update(ctx, func(tx *store.Tx) error {
			return tx.SetSetting("k"+strconv.Itoa(i), "v")
		}); err != nil {
			b.Fatal(err)
		}
	}
}
