package flows_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

func handle(t *testing.T, db *store.DB, shop *flows.Shop, user, text string) []flows.Out {
	t.Helper()
	var outs []flows.Out
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		outs, err = shop.Handle(context.Background(), tx, flows.Message{Channel: "telegram", ChatID: user, UserID: user, Text: text})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return outs
}

func TestClaimCode(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	var code string
	if err := db.Update(ctx, func(tx *store.Tx) (err error) { code, err = flows.EnsureClaimCode(tx); return err }); err != nil {
		t.Fatal(err)
	}
	if len(code) != 6 {
		t.Fatalf("claim code %q, want 6 digits", code)
	}
	// The same code is returned until it is used.
	var again string
	db.Update(ctx, func(tx *store.Tx) (err error) { again, err = flows.EnsureClaimCode(tx); return err })
	if again != code {
		t.Fatalf("second EnsureClaimCode = %q, want %q", again, code)
	}
	// A wrong code reveals nothing; the right one makes the sender owner.
	if out := handle(t, db, shop, "111", "/klaim 000000"); !strings.Contains(out[0].Text, "belum ada") {
		t.Fatalf("wrong code answered %q", out[0].Text)
	}
	if out := handle(t, db, shop, "222", "/klaim "+code); !strings.Contains(out[0].Text, "pemilik toko") {
		t.Fatalf("right code answered %q", out[0].Text)
	}
	if out := handle(t, db, shop, "222", "/pesanan"); !strings.Contains(out[0].Text, "Belum ada pesanan") {
		t.Fatalf("the new owner cannot use owner commands: %q", out[0].Text)
	}
	// Used once: a second person with the same code gets nothing, and no
	// new code is made while there is an owner.
	if out := handle(t, db, shop, "333", "/klaim "+code); !strings.Contains(out[0].Text, "belum ada") {
		t.Fatalf("reused code answered %q", out[0].Text)
	}
	db.Update(ctx, func(tx *store.Tx) (err error) { again, err = flows.EnsureClaimCode(tx); return err })
	if again != "" {
		t.Fatalf("a claim code was made although the shop has an owner")
	}
}

func TestClaimCodeVoidAfterTenWrongTries(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	var code string
	db.Update(ctx, func(tx *store.Tx) (err error) { code, err = flows.EnsureClaimCode(tx); return err })
	for i, tries := 0, 0; tries < 10; i++ {
		guess := fmt.Sprint(100000 + i)
		if guess == code {
			continue // a wrong guess must be wrong
		}
		handle(t, db, shop, "guesser", "/klaim "+guess)
		tries++
	}
	if out := handle(t, db, shop, "guesser", "/klaim "+code); strings.Contains(out[0].Text, "pemilik toko") {
		t.Fatal("the code still worked after ten wrong tries")
	}
}
