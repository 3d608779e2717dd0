package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
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

// BenchmarkBaselineMessageShape is raw SQLite doing the rows one customer
// message needs, with no dropbot code on the path: on a file with the
// real schema, one connection and prepared statements, each op is BEGIN
// IMMEDIATE; the dedupe insert; the identity read; the conversation read
// and upsert; the outbox insert; two catalogue reads (the EngineMessage
// mix averages 1.8); COMMIT. Beside BenchmarkBaselineImmediateWrite it
// shows how much of a message's cost is SQLite's own work, and beside
// BenchmarkEngineMessage how much the engine adds.
func BenchmarkBaselineMessageShape(b *testing.B) {
	ctx := context.Background()
	conn, err := rawDB(b, closedBooks(b)).Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	run := func(q string, args ...any) {
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			b.Fatal(err)
		}
	}
	run(`INSERT INTO settings (key, value, updated_at) VALUES ('pricing', '{"retail":{"percent":"30"}}', 0)`)
	run(`INSERT INTO products (id, sku, name, category, fulfilment, created_at, updated_at) VALUES (1, 'SKU1', 'Kaos', 'Atasan', 'own', 0, 0)`)
	run(`INSERT INTO variants (product_id, name, cost, stock, created_at, updated_at) VALUES (1, 'M', '50000', 10, 0, 0), (1, 'L', '50000', 10, 0, 0)`)
	for c := 0; c < 50; c++ {
		run(`INSERT INTO identities (channel, user_id, first_seen, last_seen) VALUES ('play', ?, 0, 0)`, "u"+strconv.Itoa(c))
	}
	prep := func(q string) *sql.Stmt {
		st, err := conn.PrepareContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		return st
	}
	claim := prep(`INSERT INTO inbound (channel, message_id, chat_id, received_at, status) VALUES (?, ?, ?, ?, 'done') ON CONFLICT DO NOTHING`)
	who := prep(`SELECT customer_id, reachable, display_name, last_seen FROM identities WHERE channel = ? AND user_id = ?`)
	state := prep(`SELECT flow, step, data, updated_at FROM conversations WHERE channel = ? AND chat_id = ? AND user_id = ?`)
	save := prep(`INSERT INTO conversations (channel, chat_id, user_id, flow, step, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (channel, chat_id, user_id) DO UPDATE SET flow = excluded.flow, step = excluded.step, data = excluded.data, updated_at = excluded.updated_at`)
	enqueue := prep(`INSERT INTO outbox (channel, chat_id, text, options, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
	setting := prep(`SELECT value FROM settings WHERE key = ?`)
	variants := prep(`SELECT id, name, cost, stock, reserved FROM variants WHERE product_id = ?`)
	reply := strings.Repeat("Kaos Polos Cotton Combed 30s · Rp 65.000\n", 8)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		chat := "u" + strconv.Itoa(i%50)
		now := int64(i)
		run(`BEGIN IMMEDIATE`)
		if _, err := claim.ExecContext(ctx, "play", "m"+strconv.Itoa(i), chat, now); err != nil {
			b.Fatal(err)
		}
		var cid sql.NullInt64
		var reachable bool
		var name string
		var seen int64
		if err := who.QueryRowContext(ctx, "play", chat).Scan(&cid, &reachable, &name, &seen); err != nil {
			b.Fatal(err)
		}
		var flow, step, data string
		var updated int64
		if err := state.QueryRowContext(ctx, "play", chat, chat).Scan(&flow, &step, &data, &updated); err != nil && err != sql.ErrNoRows {
			b.Fatal(err)
		}
		var rules string
		if err := setting.QueryRowContext(ctx, "pricing").Scan(&rules); err != nil {
			b.Fatal(err)
		}
		rows, err := variants.QueryContext(ctx, 1)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var id, stock, reserved int64
			var vname, cost string
			if err := rows.Scan(&id, &vname, &cost, &stock, &reserved); err != nil {
				b.Fatal(err)
			}
		}
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
		if _, err := save.ExecContext(ctx, "play", chat, chat, "browse", "products", `{"category":"Atasan","page":1}`, now); err != nil {
			b.Fatal(err)
		}
		if _, err := enqueue.ExecContext(ctx, "play", chat, reply, `["1","2","menu"]`, now, now); err != nil {
			b.Fatal(err)
		}
		run(`COMMIT`)
	}
}
