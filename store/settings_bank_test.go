package store_test

import (
	"testing"

	"github.com/dropbot/dropbot/store"
)

func TestRemoveBankAccount(t *testing.T) {
	db, _ := openDB(t)
	update(t, db, func(tx *store.Tx) error {
		for _, a := range []store.BankAccount{
			{Bank: "BCA", Number: "1234567890", Holder: "Siti", Active: true},
			{Bank: "BRI", Number: "555", Holder: "Siti", Active: true},
		} {
			if _, err := tx.AddBankAccount(a); err != nil {
				return err
			}
		}
		return nil
	})
	update(t, db, func(tx *store.Tx) error {
		ok, err := tx.RemoveBankAccount("1234567890")
		if !ok {
			t.Error("first removal found nothing")
		}
		if err != nil {
			return err
		}
		if ok, _ := tx.RemoveBankAccount("1234567890"); ok {
			t.Error("second removal found the account again")
		}
		if ok, _ := tx.RemoveBankAccount("999"); ok {
			t.Error("removed an account that does not exist")
		}
		list, err := tx.BankAccounts()
		if len(list) != 1 || list[0].Number != "555" {
			t.Errorf("accounts = %+v", list)
		}
		return err
	})
}

func TestRemoveShippingRate(t *testing.T) {
	db, _ := openDB(t)
	rate := store.ShippingRate{Courier: "JNE", Service: "REG", Province: "Jawa Barat", FirstKg: d("11000"), NextKg: d("11000"), RoundFromG: 300}
	update(t, db, func(tx *store.Tx) error { return tx.AddShippingRate(rate) })
	var id int64
	view(t, db, func(tx *store.Tx) error {
		rs, err := tx.ShippingRates()
		if len(rs) != 1 {
			t.Fatalf("rates = %+v", rs)
		}
		id = rs[0].ID
		return err
	})
	update(t, db, func(tx *store.Tx) error {
		if ok, err := tx.RemoveShippingRate(id); !ok || err != nil {
			t.Errorf("remove = %v, %v", ok, err)
		}
		if ok, _ := tx.RemoveShippingRate(id); ok {
			t.Error("removed twice")
		}
		rs, err := tx.ShippingRates()
		if len(rs) != 0 {
			t.Errorf("rates after removal = %+v", rs)
		}
		return err
	})
	// Adding the same line again brings it back with the new price.
	rate.FirstKg = d("12000")
	update(t, db, func(tx *store.Tx) error { return tx.AddShippingRate(rate) })
	view(t, db, func(tx *store.Tx) error {
		rs, err := tx.ShippingRates()
		if len(rs) != 1 || !rs[0].FirstKg.Equal(d("12000")) {
			t.Errorf("rates = %+v", rs)
		}
		return err
	})
}
