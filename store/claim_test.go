package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dropbot/dropbot/store"
)

// setCode stores a claim code as start-up does when the shop has no owner.
func setCode(t *testing.T, db *store.DB, code string) {
	t.Helper()
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting(store.SettingClaimCode, code) })
}

func claim(t *testing.T, db *store.DB, channel, user, code string) store.Claim {
	t.Helper()
	var c store.Claim
	update(t, db, func(tx *store.Tx) error {
		var err error
		c, err = tx.ClaimOwner(channel, user, code)
		return err
	})
	return c
}

func ownerIDs(t *testing.T, db *store.DB) []string {
	t.Helper()
	var out []string
	update(t, db, func(tx *store.Tx) error {
		owners, err := tx.Staff(store.StaffOwner)
		for _, o := range owners {
			out = append(out, o.Channel+":"+o.UserID)
		}
		return err
	})
	return out
}

func TestClaimCodeVoidOnceAnOwnerExists(t *testing.T) {
	// Start with no owner (a code is printed), restart with DROPBOT_OWNERS:
	// a stranger's /klaim CODE must not make a second owner.
	db, _ := openDB(t)
	setCode(t, db, "123456")
	update(t, db, func(tx *store.Tx) error { return tx.SetStaff("telegram", "1", store.StaffOwner, "DROPBOT_OWNERS") })
	if c := claim(t, db, "telegram", "666", "123456"); c.Outcome != store.ClaimNoCode {
		t.Fatalf("stranger's claim after an owner was set = %+v, want ClaimNoCode", c)
	}
	if got := ownerIDs(t, db); len(got) != 1 || got[0] != "telegram:1" {
		t.Errorf("owners = %v, want only telegram:1", got)
	}

	// The code is also checked at redemption: an owner row written around
	// SetStaff (as an older dropbot or a restore would) still voids it.
	db2, _ := openDB(t)
	setCode(t, db2, "123456")
	update(t, db2, func(tx *store.Tx) error {
		if err := tx.SetStaff("telegram", "1", store.StaffOwner, "x"); err != nil {
			return err
		}
		return tx.SetSetting(store.SettingClaimCode, "123456") // code back, owner still there
	})
	if c := claim(t, db2, "telegram", "666", "123456"); c.Outcome != store.ClaimNoCode {
		t.Fatalf("claim with an owner present = %+v, want ClaimNoCode", c)
	}
	var code string
	update(t, db2, func(tx *store.Tx) (err error) { code, err = tx.Setting(store.SettingClaimCode, ""); return })
	if code != "" {
		t.Errorf("code after a refused claim = %q, want it void", code)
	}
}

func TestClaimCodeWrongTriesLockOutTheSenderOnly(t *testing.T) {
	db, _ := openDB(t)
	setCode(t, db, "123456")
	for i := 1; i <= store.MaxClaimTriesPerSender; i++ {
		want := store.ClaimWrong
		if i == store.MaxClaimTriesPerSender {
			want = store.ClaimLocked
		}
		if c := claim(t, db, "whatsapp", "666@s.whatsapp.net", "000000"); c.Outcome != want {
			t.Fatalf("wrong try %d = %v, want %v", i, c.Outcome, want)
		}
	}
	// Locked out, even with the right code, and durably (a new DB handle).
	if c := claim(t, db, "whatsapp", "666@s.whatsapp.net", "123456"); c.Outcome != store.ClaimLocked {
		t.Fatalf("locked sender with the right code = %v, want ClaimLocked", c.Outcome)
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if c := claim(t, db, "whatsapp", "666@s.whatsapp.net", "123456"); c.Outcome != store.ClaimLocked {
		t.Fatalf("after a restart the locked sender = %v, want ClaimLocked", c.Outcome)
	}
	// The real owner still can.
	c := claim(t, db, "telegram", "1", " 123456 ")
	if c.Outcome != store.ClaimOK {
		t.Fatalf("owner's claim = %v, want ClaimOK", c.Outcome)
	}
	if got := ownerIDs(t, db); len(got) != 1 || got[0] != "telegram:1" {
		t.Errorf("owners = %v", got)
	}
	// Spent.
	if c := claim(t, db, "telegram", "2", "123456"); c.Outcome != store.ClaimNoCode {
		t.Errorf("second claim = %v, want ClaimNoCode", c.Outcome)
	}
}

func TestClaimCodeVoidAfterTooManyTriesInAll(t *testing.T) {
	db, _ := openDB(t)
	setCode(t, db, "123456")
	for i := range store.MaxClaimTriesTotal {
		claim(t, db, "telegram", "s"+string(rune('a'+i%26))+string(rune('a'+i/26)), "000000")
	}
	if c := claim(t, db, "telegram", "1", "123456"); c.Outcome != store.ClaimNoCode {
		t.Errorf("after %d wrong tries in all = %v, want the code void", store.MaxClaimTriesTotal, c.Outcome)
	}
}

func TestClaimNotifiesVisibleOwners(t *testing.T) {
	// The playground's owner does not count for a real run: the claim works
	// and nobody on channel "play" is told.
	path := filepath.Join(t.TempDir(), store.FileName)
	play, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	update(t, play, func(tx *store.Tx) error { return tx.SetStaff("play", "owner", store.StaffOwner, "playground") })
	if err := play.Close(); err != nil {
		t.Fatal(err)
	}
	run, err := store.Open(context.Background(), path, store.WithHiddenStaff("play"))
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	setCode(t, run, "123456")
	c := claim(t, run, "telegram", "1", "123456")
	if c.Outcome != store.ClaimOK || len(c.Notify) != 0 {
		t.Errorf("claim = %+v, want ClaimOK with nobody to notify", c)
	}
}

func TestHiddenStaffDoNotCount(t *testing.T) {
	// dropbot play, then dropbot run with no DROPBOT_OWNERS: the playground
	// owner must neither suppress the claim code nor collect notices.
	path := filepath.Join(t.TempDir(), store.FileName)
	play, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	update(t, play, func(tx *store.Tx) error {
		if err := tx.SetStaff("play", "owner", store.StaffOwner, "playground"); err != nil {
			return err
		}
		return tx.SetStaff("play", "staff1", store.StaffAdmin, "playground")
	})
	if err := play.Close(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		opts   []store.Option
		owners int
		staff  int
	}{
		{"play", nil, 1, 2},
		{"run", []store.Option{store.WithHiddenStaff("play")}, 0, 0},
		{"run hiding nothing", []store.Option{store.WithHiddenStaff()}, 1, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, err := store.Open(context.Background(), path, c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			update(t, db, func(tx *store.Tx) error {
				n, err := tx.OwnerCount()
				if err != nil {
					return err
				}
				all, err := tx.Staff("")
				if err != nil {
					return err
				}
				if n != c.owners || len(all) != c.staff {
					t.Errorf("owners %d, staff %d; want %d, %d", n, len(all), c.owners, c.staff)
				}
				return nil
			})
		})
	}
}
