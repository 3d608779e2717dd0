package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/bot/whatsapp"
	"github.com/dropbot/dropbot/store"
)

func TestLockIsExclusiveAndReleased(t *testing.T) {
	dir := t.TempDir()
	a, err := lockData(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = lockData(dir)
	var inUse *inUseError
	if !errors.As(err, &inUse) || inUse.pid != os.Getpid() {
		t.Fatalf("second lock: %v, want in use by pid %d", err, os.Getpid())
	}
	a.release()
	b, err := lockData(dir)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	b.release()
}

func TestLockedDataRefusesPlayRestoreAndLogout(t *testing.T) {
	dir := t.TempDir()
	lock, err := lockData(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.release()
	for _, args := range [][]string{
		{"play", "--data", dir},
		{"run", "--data", dir},
		{"restore", "--data", dir, filepath.Join(dir, "x.db")},
		{"whatsapp", "logout", "--data", dir},
	} {
		var stderr syncBuffer
		code := runEnv(context.Background(), args, strings.NewReader("customer:a halo\n"), &syncBuffer{}, &stderr, mapEnv(nil))
		if code != 1 || !strings.Contains(stderr.String(), "in use by another dropbot") {
			t.Errorf("%v: exit %d, stderr %q; want 1 and \"in use\"", args, code, stderr.String())
		}
	}
}

func setting(t *testing.T, dir, key string) string {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.View(context.Background(), func(tx *store.Tx) error {
		var err error
		v, err = tx.Setting(key, "")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return v
}

// runIn runs dropbot commands on the data directory dir and returns the
// exit code, stdout and stderr.
func runIn(dir string) func(args ...string) (int, string, string) {
	return func(args ...string) (int, string, string) {
		var out, errb syncBuffer
		code := runEnv(context.Background(), args, strings.NewReader(""), &out, &errb, mapEnv(map[string]string{"DROPBOT_DATA": dir}))
		return code, out.String(), errb.String()
	}
}

func setSetting(t *testing.T, dir, key, value string) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(context.Background(), func(tx *store.Tx) error { return tx.SetSetting(key, value) }); err != nil {
		t.Fatal(err)
	}
}

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	seedShop(t, dir)
	setSetting(t, dir, "test.when", "before")
	backup := filepath.Join(t.TempDir(), "toko.db")
	do := runIn(dir)
	if code, out, errs := do("backup", backup); code != 0 || !strings.Contains(out, "Backup written: "+backup) {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := do("backup", backup); code != 1 || !strings.Contains(errs, "exists") {
		t.Errorf("backup over an existing file: exit %d %q, want refused", code, errs)
	}
	setSetting(t, dir, "test.when", "after")

	// A file that is not a database is refused and changes nothing.
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte("not sqlite"), 0o600)
	if code, _, errs := do("restore", junk); code != 1 || !strings.Contains(errs, "not a dropbot backup") {
		t.Errorf("restore junk: exit %d %q", code, errs)
	}
	if v := setting(t, dir, "test.when"); v != "after" {
		t.Fatalf("books changed by a refused restore: %q", v)
	}

	code, out, errs := do("restore", backup)
	if code != 0 || !strings.Contains(out, "Restored") || !strings.Contains(out, "before-restore-") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errs)
	}
	if v := setting(t, dir, "test.when"); v != "before" {
		t.Errorf("after restore the books say %q, want the backup's \"before\"", v)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, store.FileName+".before-restore-*"))
	var keptDB string
	for _, k := range kept {
		if !strings.HasSuffix(k, "-wal") && !strings.HasSuffix(k, "-shm") {
			keptDB = k
		}
	}
	if keptDB == "" {
		t.Fatalf("the replaced books were not kept: %v", kept)
	}
	db, err := store.Open(ctx, keptDB)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(ctx, func(tx *store.Tx) error {
		if v, _ := tx.Setting("test.when", ""); v != "after" {
			t.Errorf("kept books say %q, want \"after\"", v)
		}
		return nil
	})
}

func TestRunWithAnEmptyWhatsAppStoreIsThePlayground(t *testing.T) {
	dir := t.TempDir()
	c, err := whatsapp.OpenStore(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	var stdout, stderr syncBuffer
	code := runEnv(context.Background(), []string{"run", "--data", dir}, strings.NewReader("customer:budi halo\n"), &stdout, &stderr, mapEnv(nil))
	if code != 0 || !strings.Contains(stderr.String(), "starting the playground") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
}

func TestWhatsAppUsage(t *testing.T) {
	for _, args := range [][]string{{"whatsapp"}, {"whatsapp", "dance"}, {"whatsapp", "logout", "extra"}} {
		var stderr syncBuffer
		if code := runEnv(context.Background(), args, strings.NewReader(""), &syncBuffer{}, &stderr, mapEnv(nil)); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage); %s", args, code, stderr.String())
		}
	}
	var stderr syncBuffer
	code := runEnv(context.Background(), []string{"whatsapp", "logout", "--data", t.TempDir()}, strings.NewReader(""), &syncBuffer{}, &stderr, mapEnv(nil))
	if code != 1 || !strings.Contains(stderr.String(), "dropbot whatsapp login") {
		t.Errorf("logout without a session: exit %d %q", code, stderr.String())
	}
	stderr = syncBuffer{}
	code = runEnv(context.Background(), []string{"whatsapp", "login", "--data", t.TempDir(), "--phone", "halo"}, strings.NewReader(""), &syncBuffer{}, &stderr, mapEnv(nil))
	if code != 1 {
		t.Errorf("login with a bad phone: exit %d %q, want 1", code, stderr.String())
	}
}
