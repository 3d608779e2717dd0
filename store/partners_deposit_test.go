package store_test

import (
	"testing"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

func TestPartnerDeposit(t *testing.T) {
	db, _ := openDB(t)
	cust := newCustomer(t, db, "budi")
	o := order(t, db, cust, "", "", item("GMS-01", 1, "163900")).ID
	o2 := order(t, db, cust, "", "", item("GMS-01", 1, "163900")).ID
	update(t, db, func(tx *store.Tx) error {
		p := store.Partner{CustomerID: cust, Kind: store.PartnerReseller, Name: "Budi", Code: "BUDI22"}
		if err := tx.AddPartner(&p, "owner"); err != nil {
			return err
		}
		if _, err := tx.TopUpPartnerDeposit(p.ID, decimal.Zero, "", "owner"); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("a zero top-up: %v, want invalid", err)
		}
		bal, err := tx.TopUpPartnerDeposit(p.ID, decimal.RequireFromString("500000"), "transfer", "owner")
		if err != nil || !bal.Equal(decimal.RequireFromString("500000")) {
			t.Fatalf("top-up: %s %v", bal, err)
		}
		left, err := tx.DrawPartnerDeposit(p.ID, o, decimal.RequireFromString("175567"), "play:budi")
		if err != nil || !left.Equal(decimal.RequireFromString("324433")) {
			t.Fatalf("draw: %s %v, want 324433 left", left, err)
		}
		if _, err := tx.DrawPartnerDeposit(p.ID, o, decimal.RequireFromString("1"), "play:budi"); store.ErrorCode(err) != store.EConflict {
			t.Errorf("a second draw for one order: %v, want conflict", err)
		}
		if _, err := tx.DrawPartnerDeposit(p.ID, o2, decimal.RequireFromString("324434"), "play:budi"); store.ErrorCode(err) != store.EConflict {
			t.Errorf("a draw over the balance: %v, want conflict", err)
		}
		id, back, ok, err := tx.ReturnPartnerDeposit(o, "owner")
		if err != nil || !ok || id != p.ID || !back.Equal(decimal.RequireFromString("175567")) {
			t.Fatalf("return: %d %s %v %v, want 175567 back to %d", id, back, ok, err, p.ID)
		}
		if _, _, ok, err := tx.ReturnPartnerDeposit(o, "owner"); ok || err != nil {
			t.Errorf("a second return: %v %v, want nothing", ok, err)
		}
		if _, _, ok, err := tx.ReturnPartnerDeposit(o2, "owner"); ok || err != nil {
			t.Errorf("a return for an order that drew nothing: %v %v", ok, err)
		}
		if bal, err := tx.PartnerDepositOf(p.ID); err != nil || !bal.Equal(decimal.RequireFromString("500000")) {
			t.Errorf("balance after the return %s %v, want 500000", bal, err)
		}
		if err := tx.SuspendPartner(p.ID, "owner", "x"); err != nil {
			return err
		}
		if _, err := tx.TopUpPartnerDeposit(p.ID, decimal.RequireFromString("1"), "", "owner"); store.ErrorCode(err) != store.EConflict {
			t.Errorf("a suspended reseller's top-up: %v, want conflict", err)
		}
		return nil
	})
}
