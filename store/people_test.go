package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func resolve(t *testing.T, db *store.DB, channel, chat string, group bool, user, name string) store.Who {
	t.Helper()
	var w store.Who
	update(t, db, func(tx *store.Tx) error {
		var err error
		w, err = tx.Resolve(channel, chat, group, user, name)
		return err
	})
	return w
}

func TestResolveCustomerOnce(t *testing.T) {
	db, _ := openDB(t)
	w1 := resolve(t, db, "telegram", "100", false, "100", "Budi")
	if w1.CustomerID == 0 || w1.Staff != "" || w1.Group || w1.SupplierID != 0 || w1.Tier != "retail" || w1.Lang != "id" {
		t.Fatalf("first resolve = %+v", w1)
	}
	if w1.IsStaff() || w1.IsOwner() {
		t.Error("a customer is not staff")
	}
	w2 := resolve(t, db, "telegram", "100", false, "100", "")
	if w2 != w1 {
		t.Errorf("second resolve = %+v, want %+v", w2, w1)
	}
	// Tier and language are read from the customer.
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetCustomerTier(w1.CustomerID, "reseller"); err != nil {
			return err
		}
		return tx.SetCustomerLang(w1.CustomerID, "en")
	})
	if w3 := resolve(t, db, "telegram", "100", false, "100", "Budi"); w3.Tier != "reseller" || w3.Lang != "en" || w3.CustomerID != w1.CustomerID {
		t.Errorf("after tier/lang = %+v", w3)
	}
	err := db.Update(t.Context(), func(tx *store.Tx) error { return tx.SetCustomerTier(w1.CustomerID, "vip") })
	wantCode(t, err, store.EInvalid)

	// The same user id on another channel is another person.
	wa := resolve(t, db, "whatsapp", "100", false, "100", "Budi")
	if wa.CustomerID == 0 || wa.CustomerID == w1.CustomerID {
		t.Errorf("whatsapp customer %d, telegram customer %d: want different", wa.CustomerID, w1.CustomerID)
	}
	var customers, identities int
	if err := rawDB(t, db.Path()).QueryRow(`SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM identities)`).
		Scan(&customers, &identities); err != nil {
		t.Fatal(err)
	}
	if customers != 2 || identities != 2 {
		t.Errorf("%d customers, %d identities; want 2, 2", customers, identities)
	}
}

func TestResolveValidation(t *testing.T) {
	db, _ := openDB(t)
	for _, args := range [][3]string{{"", "1", "1"}, {"telegram", "", "1"}, {"telegram", "1", ""}} {
		err := db.Update(t.Context(), func(tx *store.Tx) error {
			_, err := tx.Resolve(args[0], args[1], false, args[2], "x")
			return err
		})
		wantCode(t, err, store.EInvalid)
	}
}

func TestResolveStaffAndGroups(t *testing.T) {
	db, _ := openDB(t)
	sup := addSupplier(t, db, "SUP1")
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetStaff("telegram", "1", store.StaffOwner, "setup"); err != nil {
			return err
		}
		if err := tx.SetStaff("whatsapp", "2", store.StaffAdmin, "telegram:1"); err != nil {
			return err
		}
		return tx.LinkGroup("whatsapp", "g1@g.us", sup, "Grup SUP1")
	})
	err := db.Update(t.Context(), func(tx *store.Tx) error { return tx.SetStaff("telegram", "3", "boss", "") })
	wantCode(t, err, store.EInvalid)

	tests := []struct {
		name                 string
		channel, chat        string
		group                bool
		user                 string
		staff                string
		supplier             int64
		customer             bool
		isOwner, isStaffWant bool
	}{
		{"owner in private", "telegram", "1", false, "1", store.StaffOwner, 0, false, true, true},
		{"admin in private", "whatsapp", "2", false, "2", store.StaffAdmin, 0, false, false, true},
		{"owner id on other channel is a customer", "whatsapp", "1", false, "1", "", 0, true, false, false},
		{"supplier staff in linked group", "whatsapp", "g1@g.us", true, "628111", "", sup, false, false, false},
		{"admin in linked group", "whatsapp", "g1@g.us", true, "2", store.StaffAdmin, sup, false, false, true},
		{"unlinked group", "whatsapp", "g2@g.us", true, "628111", "", 0, false, false, false},
		{"linked chat id on other channel", "telegram", "g1@g.us", true, "628111", "", 0, false, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := resolve(t, db, tc.channel, tc.chat, tc.group, tc.user, "Nama")
			if w.Staff != tc.staff || w.SupplierID != tc.supplier || (w.CustomerID != 0) != tc.customer ||
				w.IsOwner() != tc.isOwner || w.IsStaff() != tc.isStaffWant || w.Group != tc.group ||
				w.Channel != tc.channel || w.ChatID != tc.chat || w.UserID != tc.user {
				t.Errorf("Who = %+v", w)
			}
		})
	}
	// Nobody who only spoke in groups or as staff became a customer:
	// only whatsapp:1 did.
	var n int
	if err := rawDB(t, db.Path()).QueryRow(`SELECT count(*) FROM customers`).Scan(&n); err != nil || n != 1 {
		t.Errorf("customers = %d (%v), want 1", n, err)
	}

	// Re-linking the group moves it to another supplier.
	sup2 := addSupplier(t, db, "SUP2")
	update(t, db, func(tx *store.Tx) error { return tx.LinkGroup("whatsapp", "g1@g.us", sup2, "Grup SUP2") })
	if w := resolve(t, db, "whatsapp", "g1@g.us", true, "628111", ""); w.SupplierID != sup2 {
		t.Errorf("after re-link SupplierID = %d, want %d", w.SupplierID, sup2)
	}

	var staff []store.StaffMember
	view(t, db, func(tx *store.Tx) error {
		var err error
		staff, err = tx.Staff("")
		return err
	})
	want := []store.StaffMember{{"telegram", "1", store.StaffOwner}, {"whatsapp", "2", store.StaffAdmin}}
	if !slices.Equal(staff, want) {
		t.Errorf("Staff(\"\") = %+v, want %+v", staff, want)
	}
	view(t, db, func(tx *store.Tx) error {
		var err error
		staff, err = tx.Staff(store.StaffAdmin)
		return err
	})
	if !slices.Equal(staff, want[1:]) {
		t.Errorf("Staff(admin) = %+v, want %+v", staff, want[1:])
	}
}

func TestSettingsAndBankAccounts(t *testing.T) {
	db, clk := openDB(t)
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetSetting("shop_name", "Toko A"); err != nil {
			return err
		}
		return tx.SetSetting("shop_name", "Toko B")
	})
	clk.Add(1)
	view(t, db, func(tx *store.Tx) error {
		if v, err := tx.Setting("shop_name", "def"); err != nil || v != "Toko B" {
			t.Errorf("shop_name = %q, %v", v, err)
		}
		if v, err := tx.Setting("missing", "def"); err != nil || v != "def" {
			t.Errorf("missing = %q, %v; want def", v, err)
		}
		all, err := tx.Settings()
		if err != nil || len(all) != 1 || all["shop_name"] != "Toko B" {
			t.Errorf("Settings = %v, %v", all, err)
		}
		return nil
	})
	err := db.Update(t.Context(), func(tx *store.Tx) error {
		_, err := tx.AddBankAccount(store.BankAccount{Bank: "BCA", Number: "123"})
		return err
	})
	wantCode(t, err, store.EInvalid)
	update(t, db, func(tx *store.Tx) error {
		if _, err := tx.AddBankAccount(store.BankAccount{Bank: "BCA", Number: "1234567890", Holder: "Budi", Active: true}); err != nil {
			return err
		}
		_, err := tx.AddBankAccount(store.BankAccount{Bank: "BRI", Number: "999", Holder: "Budi", Active: false})
		return err
	})
	view(t, db, func(tx *store.Tx) error {
		accts, err := tx.BankAccounts()
		if err != nil || len(accts) != 1 || accts[0].Bank != "BCA" || !accts[0].Active {
			t.Errorf("BankAccounts = %+v, %v; want only the active BCA", accts, err)
		}
		return nil
	})
}

// TestResolveRecordsOnlyChanges: a known person is written again only when
// something changed: a new display name, reachable again, or last seen an
// hour ago or more. Otherwise Resolve only reads.
func TestResolveRecordsOnlyChanges(t *testing.T) {
	db, clock := openDB(t)
	raw := rawDB(t, db.Path())
	lastSeen := func() int64 {
		t.Helper()
		var v int64
		if err := raw.QueryRow(`SELECT last_seen FROM identities WHERE channel = 'telegram' AND user_id = '7'`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	contact := func() store.Contact {
		t.Helper()
		var c store.Contact
		view(t, db, func(tx *store.Tx) error {
			var err error
			c, _, err = tx.ContactOf("telegram", "7")
			return err
		})
		return c
	}
	resolve(t, db, "telegram", "7", false, "7", "Sari")
	first := lastSeen()
	for _, step := range []struct {
		name      string
		advance   time.Duration
		unreach   bool
		display   string
		wantMoved bool
		wantName  string
	}{
		{"same name a minute later", time.Minute, false, "Sari", false, "Sari"},
		{"no name given", time.Minute, false, "", false, "Sari"},
		{"new name", time.Minute, false, "Sari W", true, "Sari W"},
		{"blocked, then writes again", time.Minute, true, "", true, "Sari W"},
		{"an hour on", time.Hour, false, "Sari W", true, "Sari W"},
	} {
		before := lastSeen()
		clock.Add(step.advance)
		if step.unreach {
			update(t, db, func(tx *store.Tx) error { _, err := tx.MarkUnreachable("telegram", "7"); return err })
		}
		resolve(t, db, "telegram", "7", false, "7", step.display)
		if moved := lastSeen() != before; moved != step.wantMoved {
			t.Errorf("%s: last_seen moved %v, want %v", step.name, moved, step.wantMoved)
		}
		if c := contact(); !c.Reachable || c.DisplayName != step.wantName {
			t.Errorf("%s: contact %+v, want reachable %q", step.name, c, step.wantName)
		}
	}
	if lastSeen() <= first {
		t.Error("last_seen never advanced")
	}
}
