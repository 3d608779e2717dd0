package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

// TestStartInboundCountsCrashes: every start counts until the message is
// recorded; a committed or parked message is seen and counts no more, and
// a new delivery of another id starts from zero.
func TestStartInboundCountsCrashes(t *testing.T) {
	db, _ := openDB(t)
	start := func(id string) (int, bool) {
		t.Helper()
		var prior int
		var seen bool
		update(t, db, func(tx *store.Tx) error {
			var err error
			prior, seen, err = tx.StartInbound("whatsapp", id, "chat1")
			return err
		})
		return prior, seen
	}
	steps := []struct {
		do        string // "start", "claim", "park"
		id        string
		wantPrior int
		wantSeen  bool
	}{
		{"start", "m1", 0, false},
		{"start", "m1", 1, false}, // the process died in m1's flow once
		{"start", "m1", 2, false},
		{"start", "m2", 0, false},
		{"claim", "m1", 0, false},
		{"start", "m1", 0, true}, // committed: a redelivery is a duplicate
		{"park", "m2", 0, false},
		{"start", "m2", 0, true},
		{"start", "m3", 0, false},
		{"start", "m4", 0, false},
		{"start", "m4", 1, false},
		{"unstart", "m4", 0, false}, // a stop, not a crash
		{"start", "m4", 1, false},
		{"unstart", "m4", 0, false},
		{"unstart", "m4", 0, false}, // its row goes
		{"start", "m4", 0, false},
	}
	for i, s := range steps {
		switch s.do {
		case "start":
			prior, seen := start(s.id)
			if prior != s.wantPrior || seen != s.wantSeen {
				t.Errorf("step %d: StartInbound(%s) = %d, %v; want %d, %v", i, s.id, prior, seen, s.wantPrior, s.wantSeen)
			}
		case "claim":
			update(t, db, func(tx *store.Tx) error { _, err := tx.ClaimInbound("whatsapp", s.id, "chat1"); return err })
		case "unstart":
			update(t, db, func(tx *store.Tx) error { return tx.UnstartInbound("whatsapp", s.id) })
		case "park":
			update(t, db, func(tx *store.Tx) error { return tx.ParkInbound("whatsapp", s.id, "chat1", 3, "crashed") })
		}
	}
	var left int
	if err := rawDB(t, db.Path()).QueryRow(`SELECT count(*) FROM inbound_attempts`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 2 {
		t.Errorf("%d attempt rows left, want 2 (m3's and m4's; committed and parked ones are cleared)", left)
	}
}

func TestSpeakerLang(t *testing.T) {
	db, _ := openDB(t)
	update(t, db, func(tx *store.Tx) error {
		w, err := tx.Resolve("telegram", "c2", false, "c2", "")
		if err != nil {
			return err
		}
		if err := tx.SetCustomerLang(w.CustomerID, "en"); err != nil {
			return err
		}
		_, err = tx.Resolve("telegram", "c1", false, "c1", "")
		return err
	})
	for _, tt := range []struct{ user, want string }{{"c1", "id"}, {"c2", "en"}, {"stranger", "id"}} {
		view(t, db, func(tx *store.Tx) error {
			got, err := tx.SpeakerLang("telegram", tt.user)
			if got != tt.want {
				t.Errorf("SpeakerLang(%s) = %q, want %q", tt.user, got, tt.want)
			}
			return err
		})
	}
}

// TestPruneMedia: after the grace, a stored file no row refers to goes
// with its row; one an outbox message or a saved conversation refers to
// stays, as does a recent one; files without a row (a rolled-back save)
// and stale temporary files go once they are old, new ones stay.
func TestPruneMedia(t *testing.T) {
	db, clk := openDB(t)
	dir := t.TempDir()
	save := func(content string) store.Media {
		t.Helper()
		var m store.Media
		update(t, db, func(tx *store.Tx) error {
			var err error
			m, err = tx.SaveMedia(dir, []byte(content), "")
			return err
		})
		return m
	}
	unused, sent, wizard := save("unused photo"), save("sent photo"), save("wizard photo")
	update(t, db, func(tx *store.Tx) error {
		if _, err := tx.Enqueue(store.OutMessage{Channel: "telegram", ChatID: "c", MediaID: sent.ID}); err != nil {
			return err
		}
		return tx.SetConversation("telegram", "c", "c", store.Conversation{Flow: "product", Data: fmt.Sprintf(`{"photo":%d}`, wizard.ID)})
	})
	clk.Add(8 * 24 * time.Hour)
	recent := save("recent photo")
	old := clk.Now().Add(-8 * 24 * time.Hour)
	orphanOld := filepath.Join(dir, "ab", strings.Repeat("ab", 32)+".jpg")
	orphanNew := filepath.Join(dir, "cd", strings.Repeat("cd", 32)+".jpg")
	tmpOld := filepath.Join(dir, "ab", ".tmp-123")
	for _, f := range []string{orphanOld, orphanNew, tmpOld} {
		if err := os.MkdirAll(filepath.Dir(f), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("left over"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Real files' times are the machine's; age the old ones past the cutoff.
	for _, f := range []string{orphanOld, tmpOld, filepath.Join(dir, unused.RelPath())} {
		if err := os.Chtimes(f, old, old); err != nil {
			t.Fatal(err)
		}
	}
	// New files carry the machine's time, after the store's fixed clock.
	if clk.Now().After(time.Now()) {
		t.Fatal("test clock ahead of the machine: orphanNew would look old")
	}
	got, err := db.PruneMedia(context.Background(), dir, clk.Now().Add(-7*24*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rows != 1 || got.Failed != 0 {
		t.Errorf("pruned %+v, want 1 row", got)
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	for p, want := range map[string]bool{
		filepath.Join(dir, unused.RelPath()): false,
		filepath.Join(dir, sent.RelPath()):   true,
		filepath.Join(dir, wizard.RelPath()): true,
		filepath.Join(dir, recent.RelPath()): true,
		orphanOld:                            false,
		tmpOld:                               false,
		orphanNew:                            true,
	} {
		if exists(p) != want {
			t.Errorf("%s exists=%v, want %v", filepath.Base(p), !want, want)
		}
	}
	view(t, db, func(tx *store.Tx) error {
		if _, err := tx.MediaByID(unused.ID); !store.IsNotFound(err) {
			t.Errorf("unused row: %v, want not found", err)
		}
		_, err := tx.MediaByID(sent.ID)
		return err
	})
}

func TestMediaIntakeAndNotices(t *testing.T) {
	db, clk := openDB(t)
	for range 2 {
		update(t, db, func(tx *store.Tx) error { return tx.AddMediaIntake("whatsapp", "c", 1000) })
	}
	intake := func() (int, int64) {
		var f int
		var b int64
		view(t, db, func(tx *store.Tx) error {
			var err error
			f, b, err = tx.MediaIntake("whatsapp", "c")
			return err
		})
		return f, b
	}
	if f, b := intake(); f != 2 || b != 2000 {
		t.Errorf("intake %d files %d bytes, want 2, 2000", f, b)
	}
	clk.Add(24 * time.Hour)
	if f, b := intake(); f != 0 || b != 0 {
		t.Errorf("next day intake %d, %d, want 0", f, b)
	}
	once := func() bool {
		var first bool
		update(t, db, func(tx *store.Tx) error {
			var err error
			first, err = tx.NoticeOnce("disk_low")
			return err
		})
		return first
	}
	if !once() || once() {
		t.Error("NoticeOnce: want true, then false")
	}
	update(t, db, func(tx *store.Tx) error { return tx.ClearNotice("disk_low") })
	if !once() {
		t.Error("NoticeOnce after ClearNotice: want true")
	}
}
