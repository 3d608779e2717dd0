package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRestoreRefusesATamperedBackup(t *testing.T) {
	dir := t.TempDir()
	seedShop(t, dir)
	setSetting(t, dir, "test.when", "before")
	backup := filepath.Join(t.TempDir(), "toko.db")
	do := runIn(dir)
	if code, out, errs := do("backup", backup); code != 0 {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errs)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, %v; want mode 0600", fi.Mode(), err)
	}
	setSetting(t, dir, "test.when", "after")

	// Someone adds a trigger to the copy: whoever writes first becomes owner.
	raw, err := sql.Open("sqlite", "file:"+backup)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`CREATE TRIGGER grant_owner AFTER INSERT ON identities BEGIN
		INSERT OR REPLACE INTO staff (channel, user_id, role, added_at) VALUES (NEW.channel, NEW.user_id, 'owner', 0); END`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs := do("restore", backup)
	if code != 1 || !strings.Contains(errs, "trigger grant_owner") || !strings.Contains(errs, "not restored") {
		t.Errorf("restore of a tampered backup: exit %d, stderr %q; want refused, naming the trigger", code, errs)
	}
	if v := setting(t, dir, "test.when"); v != "after" {
		t.Errorf("books changed by a refused restore: %q", v)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.restoring*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
