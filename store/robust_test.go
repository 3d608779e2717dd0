package store_test

import (
	"testing"

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
		case "park":
			update(t, db, func(tx *store.Tx) error { return tx.ParkInbound("whatsapp", s.id, "chat1", 3, "crashed") })
		}
	}
	var left int
	if err := rawDB(t, db.Path()).QueryRow(`SELECT count(*) FROM inbound_attempts`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 1 {
		t.Errorf("%d attempt rows left, want 1 (m3's; committed and parked ones are cleared)", left)
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
