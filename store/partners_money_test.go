package store_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/store"
)

// shareClaw takes back the refunded share of the commission, rounded down
// (the real rule, with running totals, is flows/commission.Clawback).
func shareClaw(commission, base, _, now decimal.Decimal) decimal.Decimal {
	return commission.Mul(now).Div(base).Truncate(0)
}

// partnerSale is a fixture: affiliate SARI25, a buyer who arrived with her
// code, and a paid order of Rp299.800 of goods (2 × 99.900 + 100.000) plus
// Rp18.000 ongkir, earning a locked Rp29.980.
type partnerSale struct {
	db    *store.DB
	clk   *testClock
	sari  store.Partner
	buyer int64
	order store.Order
}

func newPartnerSale(t *testing.T) partnerSale {
	t.Helper()
	db, clk := openDB(t)
	f := partnerSale{db: db, clk: clk}
	f.sari = addPartner(t, db, "sari", store.PartnerAffiliate, "SARI25")
	f.buyer = newCustomer(t, db, "buyer")
	update(t, db, func(tx *store.Tx) error {
		_, _, err := tx.Attribute(f.buyer, "SARI25", store.ArrivedStart)
		return err
	})
	f.order = f.place(t)
	return f
}

func (f partnerSale) place(t *testing.T) store.Order {
	t.Helper()
	o := order(t, f.db, f.buyer, "081299998888", "Jl. Kenanga 3", item("KAOS", 2, "99900"), item("TAS", 1, "100000"))
	update(t, f.db, func(tx *store.Tx) error {
		_, ok, err := tx.AttributeOrder(o.ID, fixedQuote("29980"))
		if !ok && err == nil {
			t.Fatal("order not attributed")
		}
		return err
	})
	return o
}

// move walks the order along the lifecycle.
func (f partnerSale) move(t *testing.T, o store.Order, path ...string) {
	t.Helper()
	from := o.Status
	var latest store.Order
	view(t, f.db, func(tx *store.Tx) error {
		var err error
		latest, err = tx.OrderByCode(o.Code)
		return err
	})
	from = latest.Status
	update(t, f.db, func(tx *store.Tx) error {
		for _, to := range path {
			if err := tx.SetOrderStatus(o.ID, from, to, "test:owner", ""); err != nil {
				return err
			}
			from = to
		}
		return nil
	})
}

func (f partnerSale) balance(t *testing.T) store.PartnerBalance {
	t.Helper()
	var b store.PartnerBalance
	view(t, f.db, func(tx *store.Tx) error {
		var err error
		b, err = tx.PartnerBalanceOf(f.sari.ID)
		return err
	})
	return b
}

func (f partnerSale) release(t *testing.T) []store.Released {
	t.Helper()
	var r []store.Released
	update(t, f.db, func(tx *store.Tx) error {
		var err error
		r, err = tx.ReleaseDueCommissions(0)
		return err
	})
	return r
}

func wantBalance(t *testing.T, b store.PartnerBalance, pending, payable string) {
	t.Helper()
	if !b.Pending.Equal(dec(pending)) || !b.Payable.Equal(dec(payable)) {
		t.Fatalf("balance pending %s payable %s, want %s %s", b.Pending, b.Payable, pending, payable)
	}
}

func TestCommissionHeldThenReleased(t *testing.T) {
	f := newPartnerSale(t)
	wantBalance(t, f.balance(t), "29980", "0")
	f.move(t, f.order, store.StatusProcessing, store.StatusShipped, store.StatusDone)
	day := 24 * time.Hour
	f.clk.Add(7*day - time.Minute)
	if r := f.release(t); len(r) != 0 {
		t.Fatalf("released %+v before the 7-day window closed", r)
	}
	f.clk.Add(time.Minute)
	r := f.release(t)
	if len(r) != 1 || r[0].OrderCode != f.order.Code || !r[0].Amount.Equal(dec("29980")) || r[0].PartnerID != f.sari.ID {
		t.Fatalf("released = %+v", r)
	}
	wantBalance(t, f.balance(t), "0", "29980")
	if again := f.release(t); len(again) != 0 {
		t.Fatalf("released twice: %+v", again)
	}
}

func TestReleaseWaitsForComplaintsAndTheOwnersHold(t *testing.T) {
	f := newPartnerSale(t)
	update(t, f.db, func(tx *store.Tx) error { return tx.SetSetting(store.SettingPartnerHoldDays, "14") })
	f.move(t, f.order, store.StatusProcessing, store.StatusShipped, store.StatusDone)
	day := 24 * time.Hour
	f.clk.Add(10 * day)
	// A complaint opens on day 10: the order is no longer selesai.
	update(t, f.db, func(tx *store.Tx) error {
		tk := store.Ticket{OrderID: f.order.ID, CustomerID: f.buyer, Reason: store.ReasonDamaged, OrderStatus: store.StatusDone}
		if err := tx.CreateTicket(&tk, "test:buyer"); err != nil {
			return err
		}
		return tx.SetOrderStatus(f.order.ID, store.StatusDone, store.StatusComplaint, "test:buyer", "")
	})
	f.clk.Add(10 * day)
	if r := f.release(t); len(r) != 0 {
		t.Fatalf("released during a complaint: %+v", r)
	}
	// Settled on day 20 back to selesai: the hold starts again from then,
	// and the still-open ticket keeps it held too.
	f.move(t, f.order, store.StatusDone)
	f.clk.Add(14 * day)
	if r := f.release(t); len(r) != 0 {
		t.Fatalf("released with a ticket open: %+v", r)
	}
	update(t, f.db, func(tx *store.Tx) error {
		tk, err := tx.OpenTicketOfOrder(f.order.ID)
		if err != nil {
			return err
		}
		return tx.SetTicketStatus(tk.ID, tk.Status, store.TicketRejected, "test:owner", "")
	})
	if r := f.release(t); len(r) != 1 {
		t.Fatalf("released = %+v, want the order", r)
	}
	wantBalance(t, f.balance(t), "0", "29980")
}

func TestClawbackAndVoid(t *testing.T) {
	t.Run("half refunded after release", func(t *testing.T) {
		f := newPartnerSale(t)
		f.move(t, f.order, store.StatusProcessing, store.StatusShipped, store.StatusDone)
		f.clk.Add(7 * 24 * time.Hour)
		f.release(t)
		var back decimal.Decimal
		update(t, f.db, func(tx *store.Tx) error {
			var err error
			back, _, err = tx.ClawbackOrder(f.order.ID, dec("149900"), "Retur 1 barang", "test:owner", shareClaw)
			return err
		})
		if !back.Equal(dec("14990")) {
			t.Fatalf("clawback = %s, want 14990", back)
		}
		wantBalance(t, f.balance(t), "0", "14990")
		var sales []store.PartnerSale
		view(t, f.db, func(tx *store.Tx) error {
			var err error
			sales, err = tx.PartnerSales(f.sari.ID, t0, t0.Add(24*time.Hour))
			return err
		})
		if len(sales) != 1 || sales[0].OrderCode != f.order.Code || !sales[0].Commission.Equal(dec("14990")) ||
			!sales[0].Subtotal.Equal(dec("299800")) || sales[0].CommissionStatus != store.POPayable {
			t.Fatalf("sales = %+v", sales)
		}
	})
	t.Run("refund before release stays held; more than earned is refused", func(t *testing.T) {
		f := newPartnerSale(t)
		update(t, f.db, func(tx *store.Tx) error {
			if _, _, err := tx.ClawbackOrder(f.order.ID, dec("149900"), "Refund sebagian", "test:owner", shareClaw); err != nil {
				return err
			}
			// A claw function that asks for too much gets only what is left.
			greedy := func(c, _, _, _ decimal.Decimal) decimal.Decimal { return c }
			back, _, err := tx.ClawbackOrder(f.order.ID, dec("10"), "Refund lagi", "test:owner", greedy)
			if !back.Equal(dec("14990")) {
				t.Errorf("second clawback = %s, want the 14990 left", back)
			}
			return err
		})
		wantBalance(t, f.balance(t), "0", "0")
	})
	t.Run("a refused order is voided with the owner's reason", func(t *testing.T) {
		f := newPartnerSale(t)
		var ok bool
		update(t, f.db, func(tx *store.Tx) error {
			var err error
			wantCode(t, func() error { _, err := tx.VoidPartnerOrder(f.order.ID, "", "test:owner"); return err }(), store.EInvalid)
			ok, err = tx.VoidPartnerOrder(f.order.ID, "Pesanan dibatalkan pembeli", "system")
			return err
		})
		if !ok {
			t.Fatal("void not done")
		}
		f.move(t, f.order, store.StatusCancelled) // already void: stays as it is
		wantBalance(t, f.balance(t), "0", "0")
		var sales []store.PartnerSale
		view(t, f.db, func(tx *store.Tx) error {
			var err error
			sales, err = tx.PartnerSales(f.sari.ID, t0, t0.Add(time.Hour))
			return err
		})
		if len(sales) != 1 || sales[0].CommissionStatus != store.POVoid || sales[0].VoidReason != "Pesanan dibatalkan pembeli" ||
			!sales[0].Commission.IsZero() || sales[0].OrderStatus != store.StatusCancelled {
			t.Fatalf("sales = %+v", sales)
		}
		update(t, f.db, func(tx *store.Tx) error {
			again, err := tx.VoidPartnerOrder(f.order.ID, "lagi", "system")
			if again {
				t.Error("voided twice")
			}
			return err
		})
	})
	for _, to := range []string{store.StatusCancelled, store.StatusExpired} {
		t.Run("an order that goes "+to+" voids by itself", func(t *testing.T) {
			f := newPartnerSale(t)
			f.move(t, f.order, to)
			wantBalance(t, f.balance(t), "0", "0")
			var po store.PartnerOrder
			view(t, f.db, func(tx *store.Tx) error {
				var err error
				po, err = tx.PartnerOrderOf(f.order.ID)
				return err
			})
			if po.Status != store.POVoid || po.VoidReason != to {
				t.Fatalf("partner order = %+v, want void with reason %s", po, to)
			}
		})
	}
	t.Run("a released commission cannot be voided", func(t *testing.T) {
		f := newPartnerSale(t)
		f.move(t, f.order, store.StatusProcessing, store.StatusShipped, store.StatusDone)
		f.clk.Add(7 * 24 * time.Hour)
		f.release(t)
		err := f.db.Update(contextBG(), func(tx *store.Tx) error {
			_, err := tx.VoidPartnerOrder(f.order.ID, "batal", "test:owner")
			return err
		})
		wantCode(t, err, store.EConflict)
	})
	t.Run("an order without a partner is left alone", func(t *testing.T) {
		f := newPartnerSale(t)
		stranger := newCustomer(t, f.db, "stranger")
		o := order(t, f.db, stranger, "0813", "Jl. Anggrek", item("TAS", 1, "100000"))
		update(t, f.db, func(tx *store.Tx) error {
			_, ok, err := tx.ClawbackOrder(o.ID, dec("100000"), "refund", "test:owner", shareClaw)
			if ok {
				t.Error("clawback on an order without a partner")
			}
			if err != nil {
				return err
			}
			ok, err = tx.VoidPartnerOrder(o.ID, "batal", "test:owner")
			if ok {
				t.Error("void on an order without a partner")
			}
			return err
		})
	})
}

func TestSelfReferralDecision(t *testing.T) {
	for _, allow := range []bool{true, false} {
		db, _ := openDB(t)
		sari := addPartner(t, db, "sari", store.PartnerAffiliate, "SARI25")
		buyer := newCustomer(t, db, "buyer")
		update(t, db, func(tx *store.Tx) error {
			_, _, err := tx.Attribute(buyer, "SARI25", store.ArrivedStart)
			return err
		})
		// Sent to Sari's own phone.
		o := order(t, db, buyer, "6281234567890", "Jl. Kenanga 3", item("KAOS", 2, "99900"), item("TAS", 1, "100000"))
		update(t, db, func(tx *store.Tx) error {
			po, _, err := tx.AttributeOrder(o.ID, fixedQuote("29980"))
			if err != nil {
				return err
			}
			if po.Status != store.POReview {
				t.Fatalf("status %s, want review", po.Status)
			}
			// A refund while it waits is remembered, not booked.
			if _, _, err := tx.ClawbackOrder(o.ID, dec("149900"), "retur", "test:owner", shareClaw); err != nil {
				return err
			}
			return tx.DecideSelfReferral(o.ID, allow, "test:owner", "dicek pemilik", shareClaw)
		})
		var b store.PartnerBalance
		var po store.PartnerOrder
		view(t, db, func(tx *store.Tx) error {
			var err error
			if b, err = tx.PartnerBalanceOf(sari.ID); err != nil {
				return err
			}
			po, err = tx.PartnerOrderOf(o.ID)
			return err
		})
		want, status := "0", store.POVoid
		if allow {
			want, status = "14990", store.POPending
		}
		if !b.Pending.Equal(dec(want)) || po.Status != status {
			t.Fatalf("allow %v: pending %s status %s, want %s %s", allow, b.Pending, po.Status, want, status)
		}
		err := db.Update(contextBG(), func(tx *store.Tx) error {
			return tx.DecideSelfReferral(o.ID, true, "test:owner", "", shareClaw)
		})
		wantCode(t, err, store.EConflict)
	}
}

func TestPayoutAndStatement(t *testing.T) {
	f := newPartnerSale(t)
	second := f.place(t) // a second sale of the same, still held at the end
	f.move(t, f.order, store.StatusProcessing, store.StatusShipped, store.StatusDone)
	f.clk.Add(7 * 24 * time.Hour)
	f.release(t)
	wantBalance(t, f.balance(t), "29980", "29980")
	proof, err := saveMedia(f.db, t.TempDir(), pngBytes(7), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	update(t, f.db, func(tx *store.Tx) error {
		if err := tx.SetSetting(store.SettingPartnerMinPayout, "50000"); err != nil {
			return err
		}
		_, err := tx.PayPartner(f.sari.ID, decimal.Zero, proof.ID, "test:owner")
		wantCode(t, err, store.EInvalid) // below the minimum
		if err := tx.SetSetting(store.SettingPartnerMinPayout, "10000"); err != nil {
			return err
		}
		_, err = tx.PayPartner(f.sari.ID, dec("30000"), proof.ID, "test:owner")
		wantCode(t, err, store.EConflict) // more than payable
		_, err = tx.PayPartner(f.sari.ID, dec("5000"), proof.ID, "test:owner")
		wantCode(t, err, store.EInvalid) // below the minimum
		l, err := tx.PayPartner(f.sari.ID, dec("20000"), proof.ID, "test:owner")
		if err != nil {
			return err
		}
		if !l.Amount.Equal(dec("-20000")) || l.MediaID != proof.ID || l.Kind != store.PLPayout {
			t.Errorf("payout line = %+v", l)
		}
		_, err = tx.AdjustPartner(f.sari.ID, dec("-980"), "", "test:owner")
		wantCode(t, err, store.EInvalid)
		_, err = tx.AdjustPartner(f.sari.ID, dec("-980"), "Biaya transfer antarbank", "test:owner")
		return err
	})
	wantBalance(t, f.balance(t), "29980", "9000")
	// Everything payable: 9.000 is below the minimum of 10.000.
	update(t, f.db, func(tx *store.Tx) error {
		_, err := tx.PayPartner(f.sari.ID, decimal.Zero, proof.ID, "test:owner")
		wantCode(t, err, store.EInvalid)
		return nil
	})
	var st store.PartnerStatement
	view(t, f.db, func(tx *store.Tx) error {
		var err error
		st, err = tx.PartnerStatementOf(f.sari.ID, t0, t0.Add(30*24*time.Hour))
		return err
	})
	// Lines: two commissions (29.980 each), the payout, the adjustment.
	if len(st.Lines) != 4 || !st.Earned.Equal(dec("58980")) || !st.Paid.Equal(dec("20000")) ||
		!st.Pending.Equal(dec("29980")) || !st.Payable.Equal(dec("9000")) {
		t.Fatalf("statement = %+v", st)
	}
	if st.Lines[1].OrderCode != second.Code || !st.Lines[1].Held {
		t.Fatalf("second line = %+v, want the held commission of %s", st.Lines[1], second.Code)
	}
	// A period before anything happened is empty but shows today's balance.
	view(t, f.db, func(tx *store.Tx) error {
		var err error
		st, err = tx.PartnerStatementOf(f.sari.ID, t0.Add(-48*time.Hour), t0.Add(-24*time.Hour))
		return err
	})
	if len(st.Lines) != 0 || !st.Earned.IsZero() || !st.Payable.Equal(dec("9000")) {
		t.Fatalf("empty statement = %+v", st)
	}
}

func TestCommissionRulesStore(t *testing.T) {
	db, _ := openDB(t)
	update(t, db, func(tx *store.Tx) error {
		for _, bad := range []store.CommissionRule{
			{PartnerKind: "supplier", Scope: store.ScopeDefault, Actor: "o"},
			{PartnerKind: store.PartnerAffiliate, Scope: "brand", Ref: "x", Actor: "o"},
			{PartnerKind: store.PartnerAffiliate, Scope: store.ScopeDefault, Ref: "x", Actor: "o"},
			{PartnerKind: store.PartnerAffiliate, Scope: store.ScopeProduct, Actor: "o"},
			{PartnerKind: store.PartnerAffiliate, Scope: store.ScopeDefault, Percent: dec("-1"), Actor: "o"},
			{PartnerKind: store.PartnerAffiliate, Scope: store.ScopeDefault, Percent: dec("101"), Actor: "o"},
			{PartnerKind: store.PartnerAffiliate, Scope: store.ScopeDefault},
		} {
			_, err := tx.SetCommissionRule(bad)
			wantCode(t, err, store.EInvalid)
		}
		id, err := tx.SetCommissionRule(store.CommissionRule{PartnerKind: store.PartnerAffiliate, Scope: store.ScopeCategory,
			Ref: "Tas", Percent: dec("12"), Cap: price("25000"), Actor: "test:owner"})
		if err != nil {
			return err
		}
		// The same scope and ref (any case) replaces it.
		id2, err := tx.SetCommissionRule(store.CommissionRule{PartnerKind: store.PartnerAffiliate, Scope: store.ScopeCategory,
			Ref: "tas", Percent: dec("15"), Actor: "test:owner"})
		if err != nil {
			return err
		}
		if id2 != id {
			t.Errorf("replacing rule got id %d, want %d", id2, id)
		}
		if _, err := tx.SetCommissionRule(store.CommissionRule{PartnerKind: store.PartnerReseller, Scope: store.ScopeDefault,
			Fixed: dec("2000"), Actor: "test:owner"}); err != nil {
			return err
		}
		rules, err := tx.CommissionRules(store.PartnerAffiliate)
		if err != nil {
			return err
		}
		if len(rules) != 1 || !rules[0].Percent.Equal(dec("15")) || rules[0].Cap.Valid {
			t.Errorf("affiliate rules = %+v", rules)
		}
		all, err := tx.CommissionRules("")
		if err != nil || len(all) != 2 {
			t.Errorf("all rules = %d, %v", len(all), err)
		}
		ok, err := tx.DeleteCommissionRule(id)
		if !ok || err != nil {
			t.Errorf("delete = %v, %v", ok, err)
		}
		return nil
	})
}

func TestCommissionQuoteSeesGoodsOnlyWithCategories(t *testing.T) {
	db, _ := openDB(t)
	sup := addSupplier(t, db, "S1")
	upsert(t, db, store.CatalogRow{SKU: "TAS", Name: "Tas", SupplierID: sup, Cost: dec("60000"), Category: ptr("Tas")})
	tas := productBySKU(t, db, "TAS")
	addPartner(t, db, "sari", store.PartnerAffiliate, "SARI25")
	buyer := newCustomer(t, db, "buyer")
	update(t, db, func(tx *store.Tx) error {
		if _, err := tx.SetCommissionRule(store.CommissionRule{PartnerKind: store.PartnerAffiliate, Scope: store.ScopeCategory,
			Ref: "Tas", Percent: dec("12"), Actor: "test:owner"}); err != nil {
			return err
		}
		if _, err := tx.SetCommissionRule(store.CommissionRule{PartnerKind: store.PartnerReseller, Scope: store.ScopeDefault,
			Percent: dec("1"), Actor: "test:owner"}); err != nil {
			return err
		}
		_, _, err := tx.Attribute(buyer, "SARI25", store.ArrivedWAText)
		return err
	})
	tasItem := item("TAS", 1, "100000")
	tasItem.VariantID = tas.Variants[0].ID
	gone := item("OLD", 1, "50000")
	gone.Status = "dibatalkan"
	o := order(t, db, buyer, "0813", "Jl. Anggrek", tasItem, item("KAOS", 2, "99900"), gone)
	var seen store.CommissionQuote
	update(t, db, func(tx *store.Tx) error {
		_, _, err := tx.AttributeOrder(o.ID, func(q store.CommissionQuote) (decimal.Decimal, string, error) {
			seen = q
			return decimal.Zero, "{}", nil
		})
		return err
	})
	if seen.PartnerKind != store.PartnerAffiliate || len(seen.Lines) != 2 || len(seen.Rules) != 1 {
		t.Fatalf("quote = %+v", seen)
	}
	if l := seen.Lines[0]; l.SKU != "TAS" || l.Category != "Tas" || !l.Total.Equal(dec("100000")) {
		t.Fatalf("first line = %+v", l)
	}
	if l := seen.Lines[1]; l.SKU != "KAOS" || l.Category != "" || l.Qty != 2 || !l.Total.Equal(dec("199800")) {
		t.Fatalf("second line = %+v", l)
	}
}

// plainBonus is fixed + percent of revenue, rounded down (the real rule is
// flows/commission.Bonus).
func plainBonus(fixed, percent, revenue decimal.Decimal) decimal.Decimal {
	return fixed.Add(revenue.Mul(percent).Div(decimal.NewFromInt(100))).Truncate(0)
}

func TestTargetsAndBonuses(t *testing.T) {
	f := newPartnerSale(t)
	second := f.place(t)
	day := 24 * time.Hour
	var perOrders, perTier int64
	update(t, f.db, func(tx *store.Tx) error {
		if err := tx.SetPartnerTier(f.sari.ID, "gold", "test:owner"); err != nil {
			return err
		}
		for _, bad := range []store.PartnerTarget{
			{Metric: store.MetricOrders, Goal: dec("2"), From: t0, To: t0.Add(day), BonusFixed: dec("1"), Actor: "o"},
			{PartnerID: f.sari.ID, Metric: "clicks", Goal: dec("2"), From: t0, To: t0.Add(day), BonusFixed: dec("1"), Actor: "o"},
			{PartnerID: f.sari.ID, Metric: store.MetricOrders, Goal: dec("2.5"), From: t0, To: t0.Add(day), BonusFixed: dec("1"), Actor: "o"},
			{PartnerID: f.sari.ID, Metric: store.MetricOrders, Goal: dec("2"), From: t0, To: t0, BonusFixed: dec("1"), Actor: "o"},
			{PartnerID: f.sari.ID, Metric: store.MetricOrders, Goal: dec("2"), From: t0, To: t0.Add(day), Actor: "o"},
			{PartnerID: f.sari.ID, Metric: store.MetricOrders, Goal: dec("0"), From: t0, To: t0.Add(day), BonusFixed: dec("1"), Actor: "o"},
		} {
			_, err := tx.AddPartnerTarget(bad)
			wantCode(t, err, store.EInvalid)
		}
		var err error
		// Two orders in 30 days: Rp50.000.
		if perOrders, err = tx.AddPartnerTarget(store.PartnerTarget{PartnerID: f.sari.ID, Metric: store.MetricOrders,
			Goal: dec("2"), From: t0.Add(-time.Hour), To: t0.Add(30 * day), BonusFixed: dec("50000"), Actor: "test:owner"}); err != nil {
			return err
		}
		// Every gold partner: Rp500.000 of goods in 30 days earns 2 % of it.
		perTier, err = tx.AddPartnerTarget(store.PartnerTarget{Tier: "gold", Metric: store.MetricRevenue,
			Goal: dec("500000"), From: t0.Add(-time.Hour), To: t0.Add(30 * day), BonusPercent: dec("2"), Actor: "test:owner"})
		return err
	})
	award := func() []store.PartnerLine {
		var out []store.PartnerLine
		update(t, f.db, func(tx *store.Tx) error {
			var err error
			out, err = tx.AwardDueBonuses(plainBonus)
			return err
		})
		return out
	}
	progress := func(id int64) store.TargetProgress {
		var pr store.TargetProgress
		view(t, f.db, func(tx *store.Tx) error {
			var err error
			pr, err = tx.TargetProgressOf(id, f.sari.ID)
			return err
		})
		return pr
	}
	if pr := progress(perOrders); pr.Orders != 2 || pr.ConfirmedOrders != 0 || pr.Reached || pr.Unsettled != 2 {
		t.Fatalf("progress before release = %+v", pr)
	}
	if got := award(); len(got) != 0 {
		t.Fatalf("bonus before any order was released: %+v", got)
	}
	f.move(t, f.order, store.StatusProcessing, store.StatusShipped, store.StatusDone)
	f.move(t, second, store.StatusProcessing, store.StatusShipped, store.StatusDone)
	f.clk.Add(7 * day)
	f.release(t)
	pr := progress(perTier)
	if !pr.Reached || !pr.ConfirmedRevenue.Equal(dec("599600")) || pr.Unsettled != 0 {
		t.Fatalf("tier progress after release = %+v", pr)
	}
	got := award()
	if len(got) != 1 || got[0].TargetID != perOrders || !got[0].Amount.Equal(dec("50000")) || got[0].Held {
		t.Fatalf("bonuses on day 7 = %+v, want the fixed Rp50.000 only (the percent waits for the period's end)", got)
	}
	if again := award(); len(again) != 0 {
		t.Fatalf("bonus paid twice: %+v", again)
	}
	f.clk.Add(23 * day) // the period has ended
	got = award()
	// 2 % of Rp599.600 = Rp11.992.
	if len(got) != 1 || got[0].TargetID != perTier || !got[0].Amount.Equal(dec("11992")) {
		t.Fatalf("bonuses after the period = %+v", got)
	}
	if !progress(perTier).Paid || len(award()) != 0 {
		t.Fatal("tier bonus not marked paid")
	}
	wantBalance(t, f.balance(t), "0", "121952") // 2 × 29.980 + 50.000 + 11.992
	var targets []store.PartnerTarget
	view(t, f.db, func(tx *store.Tx) error {
		var err error
		targets, err = tx.TargetsOfPartner(f.sari.ID, t0)
		return err
	})
	if len(targets) != 2 {
		t.Fatalf("targets of Sari = %+v", targets)
	}
}

func TestPartnerKPIs(t *testing.T) {
	f := newPartnerSale(t)
	second := f.place(t)
	browser := newCustomer(t, f.db, "browser")
	update(t, f.db, func(tx *store.Tx) error {
		for range 2 {
			if _, _, err := tx.Attribute(browser, "sari25", store.ArrivedCode); err != nil {
				return err
			}
		}
		_, _, err := tx.ClawbackOrder(second.ID, dec("149900"), "retur", "test:owner", shareClaw)
		return err
	})
	third := f.place(t)
	update(t, f.db, func(tx *store.Tx) error {
		_, err := tx.VoidPartnerOrder(third.ID, "dibatalkan", "system")
		return err
	})
	var k store.PartnerKPI
	var all []store.PartnerKPI
	view(t, f.db, func(tx *store.Tx) error {
		var err error
		if k, err = tx.PartnerKPIOf(f.sari.ID, t0, t0.Add(24*time.Hour)); err != nil {
			return err
		}
		all, err = tx.PartnerKPIs(t0, t0.Add(24*time.Hour))
		return err
	})
	// 3 arrivals by 2 people, 1 of whom ordered: 50 %. Two orders count (the
	// third was cancelled): 299.800 + 149.900 of goods, 29.980 + 14.990 earned.
	want := store.PartnerKPI{PartnerID: f.sari.ID, Arrivals: 3, Visitors: 2, Converted: 1, Conversion: dec("50"),
		Orders: 2, Revenue: dec("449700"), Commission: dec("44970")}
	if k.PartnerID != want.PartnerID || k.Arrivals != want.Arrivals || k.Visitors != want.Visitors ||
		k.Converted != want.Converted || !k.Conversion.Equal(want.Conversion) || k.Orders != want.Orders ||
		!k.Revenue.Equal(want.Revenue) || !k.Commission.Equal(want.Commission) {
		t.Fatalf("KPI = %+v, want %+v", k, want)
	}
	if len(all) != 1 || all[0].PartnerID != f.sari.ID {
		t.Fatalf("all KPIs = %+v", all)
	}
}

func TestOwnerListsOwedAndReview(t *testing.T) {
	f := newPartnerSale(t)
	dewi := addPartner(t, f.db, "dewi", store.PartnerAffiliate, "DEWI10")
	addPartner(t, f.db, "rina", store.PartnerAffiliate, "RINA") // owed nothing
	other := newCustomer(t, f.db, "other")
	update(t, f.db, func(tx *store.Tx) error {
		_, _, err := tx.Attribute(other, "DEWI10", store.ArrivedCode)
		return err
	})
	// Sent to Dewi's own phone: in review.
	o := order(t, f.db, other, "081234567890", "Jl. Anggrek 9", item("TAS", 1, "100000"))
	update(t, f.db, func(tx *store.Tx) error {
		_, _, err := tx.AttributeOrder(o.ID, fixedQuote("10000"))
		return err
	})
	var owed []store.PartnerOwed
	var review []store.PartnerOrderReview
	view(t, f.db, func(tx *store.Tx) error {
		var err error
		if owed, err = tx.PartnersOwed(); err != nil {
			return err
		}
		review, err = tx.PartnerOrdersInReview()
		return err
	})
	if len(owed) != 1 || owed[0].ID != f.sari.ID || !owed[0].Pending.Equal(dec("29980")) || !owed[0].Payable.IsZero() {
		t.Fatalf("owed = %+v", owed)
	}
	if len(review) != 1 || review[0].OrderCode != o.Code || review[0].PartnerCode != "DEWI10" ||
		review[0].PartnerID != dewi.ID || review[0].SelfReferral != "phone" || !review[0].Commission.Equal(dec("10000")) {
		t.Fatalf("review = %+v", review)
	}
}
