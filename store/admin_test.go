package store_test

import (
	"testing"

	"github.com/dropbot/dropbot/store"
)

func TestAddAdmin(t *testing.T) {
	db, _ := openDB(t)
	update(t, db, func(tx *store.Tx) error { return tx.SetStaff("telegram", "100", store.StaffOwner, "DROPBOT_OWNERS") })
	for _, c := range []struct {
		name, ch, id string
		code         string // "" = added
	}{
		{"telegram id", "telegram", "200", ""},
		{"whatsapp user id", "whatsapp", "6281234567890@s.whatsapp.net", ""},
		{"whatsapp lid", "whatsapp", "123456@lid", ""},
		{"the owner's own id", "telegram", "100", store.EConflict},
		{"telegram name", "telegram", "abc", store.EInvalid},
		{"telegram negative", "telegram", "-5", store.EInvalid},
		{"whatsapp number as typed", "whatsapp", "0812-3456-7890", store.EInvalid},
		{"whatsapp number unsuffixed", "whatsapp", "6281234567890", store.EInvalid},
		{"whatsapp group", "whatsapp", "1203@g.us", store.EInvalid},
		{"unknown channel", "signal", "1", store.EInvalid},
		{"empty", "telegram", "", store.EInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			update(t, db, func(tx *store.Tx) error { err = tx.AddAdmin(c.ch, c.id, "owner"); return nil })
			if c.code == "" {
				if err != nil {
					t.Fatalf("AddAdmin: %v", err)
				}
			} else {
				wantCode(t, err, c.code)
			}
		})
	}
	// The owner is still the owner.
	view(t, db, func(tx *store.Tx) error {
		owners, err := tx.Staff(store.StaffOwner)
		if len(owners) != 1 || owners[0].UserID != "100" {
			t.Errorf("owners = %v", owners)
		}
		return err
	})
}
