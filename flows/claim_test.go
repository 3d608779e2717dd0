package flows_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

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
	if out := flowtest.Say(t, db, shop, "111", "/klaim 000000"); !strings.Contains(out[0].Text, "belum ada") {
		t.Fatalf("wrong code answered %q", out[0].Text)
	}
	if out := flowtest.Say(t, db, shop, "222", "/klaim "+code); !strings.Contains(out[0].Text, "pemilik toko") {
		t.Fatalf("right code answered %q", out[0].Text)
	}
	if out := flowtest.Say(t, db, shop, "222", "/pesanan"); !strings.Contains(out[0].Text, "Belum ada pesanan") {
		t.Fatalf("the new owner cannot use owner commands: %q", out[0].Text)
	}
	// Used once: a second person with the same code gets nothing, and no
	// new code is made while there is an owner.
	if out := flowtest.Say(t, db, shop, "333", "/klaim "+code); !strings.Contains(out[0].Text, "belum ada") {
		t.Fatalf("reused code answered %q", out[0].Text)
	}
	db.Update(ctx, func(tx *store.Tx) (err error) { again, err = flows.EnsureClaimCode(tx); return err })
	if again != "" {
		t.Fatalf("a claim code was made although the shop has an owner")
	}
}

// Ten wrong tries lock out that sender, even with the right code
// afterwards; the real owner, another sender, can still claim.
func TestClaimCodeLocksOutGuesser(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	var code string
	db.Update(ctx, func(tx *store.Tx) (err error) { code, err = flows.EnsureClaimCode(tx); return err })
	for i, tries := 0, 0; tries < 10; i++ {
		guess := fmt.Sprint(100000 + i)
		if guess == code {
			continue // a wrong guess must be wrong
		}
		flowtest.Say(t, db, shop, "guesser", "/klaim "+guess)
		tries++
	}
	if out := flowtest.Say(t, db, shop, "guesser", "/klaim "+code); strings.Contains(out[0].Text, "pemilik toko") {
		t.Fatal("the code still worked for the guesser after ten wrong tries")
	}
	if out := flowtest.Say(t, db, shop, "guesser", "/pesanan"); strings.Contains(out[0].Text, "Belum ada pesanan") {
		t.Fatal("the locked-out guesser became owner")
	}
	if out := flowtest.Say(t, db, shop, "realowner", "/klaim "+code); !strings.Contains(out[0].Text, "pemilik toko") {
		t.Fatalf("the real owner could not claim after a guesser was locked out: %q", out[0].Text)
	}
}

// /admin reads ids the way the owner types them and says what is wrong.
func TestAdminAddReadsStaffIDs(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	var code string
	db.Update(ctx, func(tx *store.Tx) (err error) { code, err = flows.EnsureClaimCode(tx); return err })
	flowtest.Say(t, db, shop, "900", "/klaim "+code)
	for _, c := range []struct{ in, want string }{
		{"/admin tambah telegram:abc", "hanya berisi angka"},
		{"/admin tambah whatsapp:12", "nomor HP WhatsApp"},
		{"/admin tambah foo", "tidak bisa kami baca"},
		{"/admin tambah telepon:123", "telegram atau whatsapp"},
		{"/admin tambah telegram:900", "pemilik toko ini"},
		{"/admin tambah wa:0812-3456-7890", "6281234567890@s.whatsapp.net"},
		{"/admin hapus whatsapp:+62 812 3456 7890", "6281234567890@s.whatsapp.net"},
		{"/admin hapus whatsapp:081234567890", "6281234567890@s.whatsapp.net"},
	} {
		out := flowtest.Say(t, db, shop, "900", c.in)
		if len(out) == 0 || !strings.Contains(out[0].Text, c.want) {
			t.Errorf("%q answered %v, want it to contain %q", c.in, out, c.want)
		}
	}
	var staff []store.StaffMember
	db.Update(ctx, func(tx *store.Tx) (err error) { staff, err = tx.Staff(store.StaffAdmin); return err })
	if len(staff) != 0 {
		t.Fatalf("admins left after add and remove: %+v", staff)
	}
}
