package store_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/store"
)

func ldec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestAddLedgerSigns(t *testing.T) {
	db, _ := openDB(t)
	f := newRelayFixture(t, db)
	tests := []struct {
		kind, amount string
		ok           bool
	}{
		{store.LedgerTopup, "500000", true},
		{store.LedgerTopup, "-1", false},
		{store.LedgerDeduction, "-83250", true},
		{store.LedgerDeduction, "83250", false},
		{store.LedgerPayment, "285000", true},
		{store.LedgerPayment, "-285000", false},
		{store.LedgerRefund, "31500", true},
		{store.LedgerRefund, "-31500", false},
		{store.LedgerChargeback, "-15000", true},
		{store.LedgerChargeback, "15000", false},
		{store.LedgerAdjust, "-0.01", true},
		{store.LedgerAdjust, "0.01", true},
		{store.LedgerAdjust, "0", false},
		{"bonus", "1000", false},
	}
	update(t, db, func(tx *store.Tx) error {
		for _, tc := range tests {
			_, err := tx.AddLedger(store.LedgerEntry{SupplierID: f.hjb, Kind: tc.kind, Amount: ldec(tc.amount), Actor: "test"})
			if (err == nil) != tc.ok {
				t.Errorf("%s %s: err %v, want ok=%v", tc.kind, tc.amount, err, tc.ok)
			}
			if err != nil && store.ErrorCode(err) != store.EInvalid {
				t.Errorf("%s %s: code %q, want invalid", tc.kind, tc.amount, store.ErrorCode(err))
			}
		}
		if _, err := tx.AddLedger(store.LedgerEntry{SupplierID: f.hjb, Kind: store.LedgerTopup, Amount: ldec("1")}); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("no actor: err %v", err)
		}
		if _, err := tx.AddLedger(store.LedgerEntry{Kind: store.LedgerTopup, Amount: ldec("1"), Actor: "x"}); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("no supplier: err %v", err)
		}
		// 500000 - 83250 + 285000 + 31500 - 15000 - 0.01 + 0.01 = 718250
		bal, err := tx.SupplierBalance(f.hjb)
		if err != nil {
			return err
		}
		if !bal.Equal(ldec("718250")) {
			t.Errorf("balance = %s, want 718250", bal)
		}
		if bal, _ := tx.SupplierBalance(f.gms); !bal.IsZero() {
			t.Errorf("GMS balance = %s, want 0", bal)
		}
		return nil
	})
}

func TestLedgerListsAndPayMode(t *testing.T) {
	db, clk := openDB(t)
	f := newRelayFixture(t, db)
	update(t, db, func(tx *store.Tx) error {
		_, err := tx.AddLedger(store.LedgerEntry{SupplierID: f.gms, Kind: store.LedgerDeduction, Amount: ldec("-285000"),
			OrderID: f.order.ID, Actor: "a"})
		return err
	})
	clk.Add(time.Minute)
	var mediaID int64
	update(t, db, func(tx *store.Tx) error {
		m, err := tx.SaveMedia(t.TempDir(), pngBytes(7), "image/png")
		if err != nil {
			return err
		}
		mediaID = m.ID
		if _, err := tx.AddLedger(store.LedgerEntry{SupplierID: f.gms, Kind: store.LedgerPayment, Amount: ldec("285000"),
			OrderID: f.order.ID, Actor: "b", MediaID: m.ID, Note: "transfer"}); err != nil {
			return err
		}
		_, err = tx.AddLedger(store.LedgerEntry{SupplierID: f.gms, Kind: store.LedgerTopup, Amount: ldec("100000"), Actor: "c"})
		return err
	})
	view(t, db, func(tx *store.Tx) error {
		all, err := tx.LedgerOf(f.gms, 0)
		if err != nil {
			return err
		}
		// Newest first; the two at t0+1m in id order reversed.
		if len(all) != 3 || all[0].Kind != store.LedgerTopup || all[1].Kind != store.LedgerPayment || all[2].Kind != store.LedgerDeduction {
			t.Fatalf("LedgerOf = %+v", all)
		}
		if all[1].MediaID != mediaID || all[1].OrderID != f.order.ID || all[1].Note != "transfer" || !all[1].At.Equal(t0.Add(time.Minute)) {
			t.Errorf("payment row = %+v", all[1])
		}
		if two, _ := tx.LedgerOf(f.gms, 2); len(two) != 2 {
			t.Errorf("limit 2 gave %d rows", len(two))
		}
		ol, err := tx.OrderLedger(f.order.ID, f.gms)
		if err != nil || len(ol) != 2 || ol[0].Kind != store.LedgerDeduction {
			t.Errorf("OrderLedger = %+v, %v", ol, err)
		}
		if ol, _ := tx.OrderLedger(f.order.ID, f.hjb); len(ol) != 0 {
			t.Errorf("HJB has no rows for the order: %+v", ol)
		}
		return nil
	})
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetSupplierPayMode(f.gms, "cash"); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("unknown pay mode: err %v", err)
		}
		if err := tx.SetSupplierPayMode(f.gms+f.hjb+10, store.PayDeposit); !store.IsNotFound(err) {
			t.Errorf("unknown supplier: err %v", err)
		}
		if err := tx.SetSupplierPayMode(f.gms, store.PayCustomerPays); err != nil {
			return err
		}
		s, err := tx.SupplierByID(f.gms)
		if err != nil || s.PayMode != store.PayCustomerPays {
			t.Errorf("pay mode = %q, %v", s.PayMode, err)
		}
		return nil
	})
}

func TestCostChanges(t *testing.T) {
	db, _ := openDB(t)
	f := newRelayFixture(t, db)
	var first, second int64
	update(t, db, func(tx *store.Tx) (err error) {
		if _, err := tx.ProposeCostChange(store.CostChange{SupplierID: f.gms, VariantID: f.gmsV, Actor: ""}); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("no actor: err %v", err)
		}
		if _, err := tx.ProposeCostChange(store.CostChange{SupplierID: f.gms, VariantID: f.gmsV, OldCost: ldec("1"), NewCost: ldec("-1"), Actor: "x"}); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("negative cost: err %v", err)
		}
		first, err = tx.ProposeCostChange(store.CostChange{SupplierID: f.gms, VariantID: f.gmsV, OldCost: ldec("142500"), NewCost: ldec("200000"), Actor: "g:dewi"})
		if err != nil {
			return err
		}
		// A newer proposal for the same variant replaces the first.
		second, err = tx.ProposeCostChange(store.CostChange{SupplierID: f.gms, VariantID: f.gmsV, OldCost: ldec("142500"), NewCost: ldec("190000"), Actor: "g:dewi"})
		return err
	})
	update(t, db, func(tx *store.Tx) error {
		p, err := tx.PendingCostChanges()
		if err != nil || len(p) != 1 || p[0].ID != second || !p[0].NewCost.Equal(ldec("190000")) {
			t.Fatalf("pending = %+v, %v", p, err)
		}
		if c, err := tx.DecideCostChange(first, true, "owner"); store.ErrorCode(err) != store.EConflict || c.Status != store.CostReplaced {
			t.Errorf("deciding a replaced change: %+v, %v", c, err)
		}
		if _, err := tx.DecideCostChange(second+5, true, "owner"); !store.IsNotFound(err) {
			t.Errorf("unknown change: err %v", err)
		}
		c, err := tx.DecideCostChange(second, true, "owner")
		if err != nil || c.Status != store.CostApproved || c.DecidedBy != "owner" {
			t.Fatalf("approve = %+v, %v", c, err)
		}
		v, _, err := tx.VariantByID(f.gmsV)
		if err != nil || !v.Cost.Equal(ldec("190000")) {
			t.Errorf("cost after approval = %s, %v", v.Cost, err)
		}
		if _, err := tx.DecideCostChange(second, false, "owner"); store.ErrorCode(err) != store.EConflict {
			t.Errorf("deciding twice: err %v", err)
		}
		// A rejection leaves the cost.
		id, err := tx.ProposeCostChange(store.CostChange{SupplierID: f.gms, VariantID: f.gmsV, OldCost: ldec("190000"), NewCost: ldec("1000"), Actor: "g:dewi"})
		if err != nil {
			return err
		}
		if c, err := tx.DecideCostChange(id, false, "owner"); err != nil || c.Status != store.CostRejected {
			t.Errorf("reject = %+v, %v", c, err)
		}
		if v, _, _ := tx.VariantByID(f.gmsV); !v.Cost.Equal(ldec("190000")) {
			t.Errorf("cost after rejection = %s", v.Cost)
		}
		if p, _ := tx.PendingCostChanges(); len(p) != 0 {
			t.Errorf("still pending: %+v", p)
		}
		return nil
	})
}
