package store

import (
	"context"
	"path/filepath"
	"testing"
)

// A COMMIT that SQLite refuses (here a deferred foreign key) leaves the
// transaction open on the connection; Update must roll it back, or every
// later write would fail with "cannot start a transaction within a
// transaction" and the refused rows could be committed by the next one.
func TestUpdateRollsBackARefusedCommit(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(tx.ctx, `CREATE TABLE p (id INTEGER PRIMARY KEY);
			CREATE TABLE c (pid INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *Tx) error {
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
