package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dropbot/dropbot/store"
)

// backupOf writes a backup of a fresh shop and returns its path.
func backupOf(t *testing.T) string {
	t.Helper()
	db, _ := openDB(t)
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting("shop.name", "Toko") })
	path := filepath.Join(t.TempDir(), "cadangan.db")
	if err := db.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	return path
}

// tamper runs SQL on a backup copy as someone with the file could.
func tamper(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

func TestCheckBackupSchema(t *testing.T) {
	cases := []struct {
		name  string
		stmt  string // "" = the backup as written
		words string // what the refusal must name; "" = accepted
	}{
		{"as written", "", ""},
		{"after ANALYZE", "ANALYZE", ""},
		{"a trigger that makes a stranger owner", `CREATE TRIGGER grant_owner AFTER INSERT ON identities BEGIN
			INSERT OR REPLACE INTO staff (channel, user_id, role, added_at) VALUES (NEW.channel, NEW.user_id, 'owner', 0); END`,
			"trigger grant_owner"},
		{"a view", "CREATE VIEW v_staff AS SELECT * FROM staff", "view v_staff"},
		{"a table", "CREATE TABLE extra (x)", "table extra"},
		{"an index", "CREATE INDEX staff_role ON staff (role)", "index staff_role"},
		{"a dropped index", "DROP INDEX outbox_chat_pending", "index outbox_chat_pending"},
		{"a table redefined", "DROP TABLE claim_attempts; CREATE TABLE claim_attempts (channel, user_id, tries, last_at)", "table claim_attempts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := backupOf(t)
			if c.stmt != "" {
				tamper(t, path, c.stmt)
			}
			err := store.CheckBackupSchema(context.Background(), path)
			if c.words == "" {
				if err != nil {
					t.Fatalf("a backup as dropbot writes it was refused: %v", err)
				}
				return
			}
			wantCode(t, err, store.EInvalid)
			if !strings.Contains(err.Error(), c.words) || !strings.Contains(err.Error(), "not restored") {
				t.Errorf("refusal %q does not name %q", err, c.words)
			}
		})
	}
}

func TestCheckBackupSchemaNotOurs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	tamper(t, path, "CREATE TABLE notes (x)")
	wantCode(t, store.CheckBackupSchema(context.Background(), path), store.EInvalid)
}

func TestBackupIsPrivate(t *testing.T) {
	old := syscall.Umask(0) // the loosest umask: the file must still be 0600
	defer syscall.Umask(old)
	path := backupOf(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("backup mode %v, want 0600", perm)
	}
}
