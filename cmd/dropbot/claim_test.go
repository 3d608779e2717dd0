package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

var claimLine = regexp.MustCompile(`kirim /klaim (\d{6}) ke bot dari HP pemilik`)

// waitClaimCode waits for the claim code on r's stderr.
func waitClaimCode(t *testing.T, r *running) string {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if m := claimLine.FindStringSubmatch(r.stderr.String()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("no claim code on stderr:\n%s", r.stderr.String())
	return ""
}

// viewBooks opens dir's books (no staff hidden) and reads them with fn.
func viewBooks(t *testing.T, dir string, fn func(tx *store.Tx) error) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// owners lists channel:user of the owners in dir's books (all channels).
func owners(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	viewBooks(t, dir, func(tx *store.Tx) error {
		list, err := tx.Staff(store.StaffOwner)
		for _, o := range list {
			out = append(out, o.Channel+":"+o.UserID)
		}
		return err
	})
	return out
}

func TestClaimCodeDiesWhenOwnersAreConfigured(t *testing.T) {
	api := newFakeBotAPI(t, e2eToken)
	dir := t.TempDir()
	vars := map[string]string{"DROPBOT_TELEGRAM_TOKEN": e2eToken, "DROPBOT_TELEGRAM_API": api.URL(), "DROPBOT_LOG": "error"}
	r := startRunInProcess(t, dir, vars)
	code := waitClaimCode(t, r)
	if ec, _ := r.stop(t); ec != 0 {
		t.Fatalf("exit %d", ec)
	}

	// Restart with the owner configured: the printed code is dead.
	vars["DROPBOT_OWNERS"] = "telegram:9001"
	r = startRunInProcess(t, dir, vars)
	cur := cursor{}
	api.text(sari.ID, sari, "/klaim "+code, 0)
	api.waitSent(t, cur, sari.ID, "", 15*time.Second)
	if ec, _ := r.stop(t); ec != 0 {
		t.Errorf("exit %d", ec)
	}
	if got := owners(t, dir); len(got) != 1 || got[0] != "telegram:9001" {
		t.Errorf("owners = %v, want only telegram:9001 (the stranger's /klaim must fail)", got)
	}
	if strings.Contains(r.stderr.String(), "klaim") {
		t.Errorf("a claim code was printed although the shop has an owner:\n%s", r.stderr.String())
	}
}

func TestClaimedOwnerIsShownToConfiguredOwners(t *testing.T) {
	api := newFakeBotAPI(t, e2eToken)
	dir := t.TempDir()
	vars := map[string]string{"DROPBOT_TELEGRAM_TOKEN": e2eToken, "DROPBOT_TELEGRAM_API": api.URL(), "DROPBOT_LOG": "error"}
	r := startRunInProcess(t, dir, vars)
	code := waitClaimCode(t, r)
	api.text(sari.ID, sari, "/klaim "+code, 0) // someone got there first
	api.waitSent(t, cursor{}, sari.ID, "", 15*time.Second)
	if ec, _ := r.stop(t); ec != 0 {
		t.Fatalf("exit %d", ec)
	}
	vars["DROPBOT_OWNERS"] = "telegram:9001"
	r = startRunInProcess(t, dir, vars)
	want := "telegram:5551 menjadi pemilik lewat kode klaim"
	for end := time.Now().Add(10 * time.Second); !strings.Contains(r.stderr.String(), want) && time.Now().Before(end); {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(r.stderr.String(), want) {
		t.Errorf("stderr does not name the claimed owner:\n%s", r.stderr.String())
	}
	// The configured owner is told in chat, once.
	cur := cursor{}
	api.waitSent(t, cur, bos.ID, "telegram:5551 baru saja menjadi pemilik", 15*time.Second)
	r.stop(t)
	r = startRunInProcess(t, dir, vars)
	// The answer comes after anything queued for bos at start (one chat's
	// messages go out in order).
	api.text(bos.ID, bos, "/bantuan", 0)
	api.waitSent(t, cur, bos.ID, "", 15*time.Second)
	r.stop(t)
	told := 0
	for _, m := range api.sentTo(bos.ID) {
		if strings.Contains(m.Text, "baru saja menjadi pemilik") {
			told++
		}
	}
	if told != 1 {
		t.Errorf("the owner was told %d times, want once", told)
	}
}

func TestPlaygroundOwnerDoesNotBlockTheRealOne(t *testing.T) {
	// dropbot play, then dropbot run with a token and no DROPBOT_OWNERS.
	dir := t.TempDir()
	var stdout, stderr syncBuffer
	if ec := runEnv(context.Background(), []string{"play", "--data", dir}, strings.NewReader("owner /bantuan\n"), &stdout, &stderr, mapEnv(nil)); ec != 0 {
		t.Fatalf("play: exit %d\n%s", ec, stderr.String())
	}
	if got := owners(t, dir); len(got) != 1 || got[0] != "play:owner" {
		t.Fatalf("after play, owners = %v", got)
	}
	before := pendingFor(t, dir, "play", "owner")
	api := newFakeBotAPI(t, e2eToken)
	r := startRunInProcess(t, dir, map[string]string{
		"DROPBOT_TELEGRAM_TOKEN": e2eToken, "DROPBOT_TELEGRAM_API": api.URL(), "DROPBOT_LOG": "error",
	})
	code := waitClaimCode(t, r)
	api.text(bos.ID, bos, "/klaim "+code, 0)
	api.waitSent(t, cursor{}, bos.ID, "", 15*time.Second)
	// A customer asks for help: the owners are told, the playground's not.
	api.text(sari.ID, sari, "/bantuan", 0)
	api.waitSent(t, cursor{}, sari.ID, "", 15*time.Second)
	api.waitSent(t, cursor{}, bos.ID, "", 15*time.Second)
	if ec, _ := r.stop(t); ec != 0 {
		t.Errorf("exit %d", ec)
	}
	if after := pendingFor(t, dir, "play", "owner"); after != before {
		t.Errorf("dropbot run queued %d messages for the playground's owner", after-before)
	}
	if got := owners(t, dir); len(got) != 2 {
		t.Errorf("owners = %v, want play:owner and telegram:9001", got)
	}
}

// pendingFor counts the unsent outbox rows for one chat.
func pendingFor(t *testing.T, dir, channel, chat string) int {
	t.Helper()
	var n int
	viewBooks(t, dir, func(tx *store.Tx) error {
		rows, err := tx.PendingChat(channel, chat, 1000)
		n = len(rows)
		return err
	})
	return n
}
