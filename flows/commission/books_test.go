package commission_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/flows/commission"
	"github.com/dropbot/dropbot/store"
)

// These tests run the rules through the real books (SQLite in a temp dir),
// the way checkout and after-sales will call them.

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

type books struct {
	db     *store.DB
	now    time.Time
	unique int // the last kode unik given
}

func openBooks(t *testing.T) *books {
	t.Helper()
	b := &books{now: t0}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName),
		store.WithClock(func() time.Time { return b.now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b.db = db
	return b
}

func (b *books) update(t *testing.T, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := b.db.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func (b *books) customer(t *testing.T, user string) int64 {
	t.Helper()
	var id int64
	b.update(t, func(tx *store.Tx) error {
		w, err := tx.Resolve("telegram", user, false, user, "")
		id = w.CustomerID
		return err
	})
	return id
}

// sale places an order of Rp299.800 of goods (2 × 99.900 kaos, 1 × 100.000
// tas) with Rp18.000 ongkir, a COD fee of Rp5.000 and a kode unik from 123
// on, for a buyer who came with a code, and attributes it.
func (b *books) sale(t *testing.T, buyer int64) (store.Order, store.PartnerOrder) {
	t.Helper()
	b.unique++
	o := store.Order{CustomerID: buyer, Channel: "telegram", ChatID: "b", Status: store.StatusAwaitPay,
		Shipping: d("18000"), CODFee: d("5000"), UniqueCode: 122 + b.unique, RecipientPhone: "081299998888",
		Items: []store.OrderItem{
			{SKU: "KAOS", ProductName: "Kaos", Qty: 2, UnitPrice: d("99900"), UnitCost: d("60000")},
			{SKU: "TAS", ProductName: "Tas", Qty: 1, UnitPrice: d("100000"), UnitCost: d("70000")},
		}}
	o.Total = d("299800").Add(o.Shipping).Add(o.CODFee).Add(decimal.NewFromInt(int64(o.UniqueCode)))
	var po store.PartnerOrder
	b.update(t, func(tx *store.Tx) error {
		if err := tx.CreateOrder(&o); err != nil {
			return err
		}
		var err error
		po, _, err = tx.AttributeOrder(o.ID, commission.Quote)
		return err
	})
	return o, po
}

func TestBooksHandChecked(t *testing.T) {
	b := openBooks(t)
	sari := store.Partner{CustomerID: b.customer(t, "sari"), Kind: store.PartnerAffiliate, Code: "SARI25"}
	buyer := b.customer(t, "buyer")
	b.update(t, func(tx *store.Tx) error {
		if err := tx.AddPartner(&sari, "test:owner"); err != nil {
			return err
		}
		_, _, err := tx.Attribute(buyer, "SARI25", store.ArrivedStart)
		return err
	})
	// No rule set: the affiliate default 10 % of the goods only (not the
	// ongkir, COD fee or kode unik): Rp29.980.
	o, po := b.sale(t, buyer)
	if !po.Commission.Equal(d("29980")) || !po.Base.Equal(d("299800")) {
		t.Fatalf("commission %s on %s, want 29980 on 299800", po.Commission, po.Base)
	}
	snap, err := commission.ReadSnapshot(po.Rule)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Applied) != 1 || snap.Applied[0].Rule.Scope != commission.ScopeDefault || snap.Applied[0].Rule.ID != 0 ||
		!snap.Applied[0].Rule.Percent.Equal(d("10")) {
		t.Fatalf("snapshot = %+v, want the built-in default 10 %%", snap)
	}

	// The owner lowers the rate afterwards: the placed order keeps its
	// Rp29.980, a new order earns 5 % = Rp14.990.
	b.update(t, func(tx *store.Tx) error {
		_, err := tx.SetCommissionRule(store.CommissionRule{PartnerKind: store.PartnerAffiliate, Scope: store.ScopeDefault,
			Percent: d("5"), Actor: "test:owner"})
		return err
	})
	_, po2 := b.sale(t, buyer)
	if !po2.Commission.Equal(d("14990")) {
		t.Fatalf("second order commission %s, want 14990", po2.Commission)
	}

	// The first order is refunded half of its goods: −Rp14.990.
	var back decimal.Decimal
	b.update(t, func(tx *store.Tx) error {
		var err error
		back, _, err = tx.ClawbackOrder(o.ID, d("149900"), "Retur 1 kaos dan sebagian", "test:owner", commission.Clawback)
		return err
	})
	if !back.Equal(d("14990")) {
		t.Fatalf("clawback %s, want 14990", back)
	}
	// Then the rest: 29.980 in all, nothing more.
	b.update(t, func(tx *store.Tx) error {
		var err error
		back, _, err = tx.ClawbackOrder(o.ID, d("149900"), "Sisa dikembalikan", "test:owner", commission.Clawback)
		return err
	})
	if !back.Equal(d("14990")) {
		t.Fatalf("second clawback %s, want 14990", back)
	}
	var bal store.PartnerBalance
	if err := b.db.View(context.Background(), func(tx *store.Tx) error {
		var err error
		bal, err = tx.PartnerBalanceOf(sari.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !bal.Pending.Equal(d("14990")) || !bal.Payable.IsZero() {
		t.Fatalf("balance %+v, want pending 14990 (the second order)", bal)
	}
}

func TestBooksResellerEarnsOnlyByRule(t *testing.T) {
	b := openBooks(t)
	rina := store.Partner{CustomerID: b.customer(t, "rina"), Kind: store.PartnerReseller, Code: "RINA"}
	buyer := b.customer(t, "buyer")
	b.update(t, func(tx *store.Tx) error {
		if err := tx.AddPartner(&rina, "test:owner"); err != nil {
			return err
		}
		_, _, err := tx.Attribute(buyer, "RINA", store.ArrivedCode)
		return err
	})
	_, po := b.sale(t, buyer)
	if !po.Commission.IsZero() {
		t.Fatalf("a reseller without a rule earned %s", po.Commission)
	}
	b.update(t, func(tx *store.Tx) error {
		_, err := tx.SetCommissionRule(store.CommissionRule{PartnerKind: store.PartnerReseller, Scope: store.ScopeProduct,
			Ref: "TAS", Fixed: d("2500"), Actor: "test:owner"})
		return err
	})
	_, po = b.sale(t, buyer)
	if !po.Commission.Equal(d("2500")) {
		t.Fatalf("a reseller with Rp2.500 per tas earned %s", po.Commission)
	}
}
