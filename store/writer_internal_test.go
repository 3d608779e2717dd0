package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// A COMMIT that SQLite refuses (here a deferred foreign key) leaves the
// transaction open on the connection; Update must roll it back, or every
// later write would fail with "cannot start a transaction within a
// transaction" and the refused rows could be committed by the next one.
func TestUpdateRollsBackARefusedCommit(t *testing.T) {
	ctx := context.Background()
	db := openBooks(t)
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(tx.ctx, `CREATE TABLE p (id INTEGER PRIMARY KEY);
			CREATE TABLE c (pid INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO c (pid) VALUES (99)`)
		return err
	})
	if err == nil {
		t.Fatal("a commit breaking a deferred foreign key succeeded")
	}
	if err := db.Update(ctx, func(tx *Tx) error { return tx.SetSetting("after", "1") }); err != nil {
		t.Fatalf("the writer after a refused commit: %v", err)
	}
	var n int
	if err := db.View(ctx, func(tx *Tx) error { return tx.row(`SELECT count(*) FROM c`).Scan(&n) }); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d refused rows were committed later", n)
	}
}

// The pending queue has one index, outbox_chat_pending (migration 0010),
// and the outbox keeps every message ever sent: a dispatcher query that
// scanned the table would re-read the shop's whole history on every
// flush, as 0003 once found. Each query of the queue must reach the rows
// through that index or by rowid.
func TestPendingQueueUsesItsIndex(t *testing.T) {
	db := openBooks(t)
	queries := []struct {
		name, query string
		args        []any
	}{
		{"DueOutbox", dueOutboxQuery, []any{"", 0, 10}},
		{"DueOutboxFor", dueOutboxQuery, []any{"telegram", 0, 10}},
		{"NextOutboxAt", nextOutboxQuery, []any{""}},
		{"NextOutboxAtFor", nextOutboxQuery, []any{"telegram"}},
		{"PendingChat", pendingChatQuery, []any{"telegram", "c1", 10}},
	}
	for _, q := range queries {
		plan := queryPlan(t, db, q.query, q.args...)
		for _, step := range plan {
			if !strings.Contains(step, "outbox") {
				continue
			}
			if !strings.Contains(step, "INDEX outbox_chat_pending") && !strings.Contains(step, "USING INTEGER PRIMARY KEY") {
				t.Errorf("%s reads the outbox without the pending index: %q (plan %q)", q.name, step, plan)
			}
		}
		if len(plan) == 0 {
			t.Errorf("%s: empty plan", q.name)
		}
	}
}

func openBooks(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// A transaction left open on the writer's connection (a ROLLBACK that
// failed) does not lock the shop out of writing, and what it held is not
// committed by the next write.
func TestUpdateRecoversFromATransactionLeftOpen(t *testing.T) {
	ctx := context.Background()
	db := openBooks(t)
	w := <-db.w
	for _, q := range []string{`BEGIN IMMEDIATE`, `INSERT INTO settings (key, value, updated_at) VALUES ('stray', 'x', 0)`} {
		if _, err := w.conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.w <- w
	if err := db.Update(ctx, func(tx *Tx) error { return tx.SetSetting("after", "1") }); err != nil {
		t.Fatalf("Update after a transaction left open: %v", err)
	}
	err := db.View(ctx, func(tx *Tx) error {
		for key, want := range map[string]string{"stray": "<none>", "after": "1"} {
			got, err := tx.Setting(key, "<none>")
			if err != nil {
				return err
			}
			if got != want {
				t.Errorf("%s = %q, want %q", key, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
