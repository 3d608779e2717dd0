package store_test

import (
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

// BenchmarkAttributeOrder is what checkout pays for the partner books, in
// its own write transaction: "none" for a buyer who came without a code
// (the usual case), "partner" for one who came with one (lines, rules,
// self-referral checks, the partner order and its held line).
func BenchmarkAttributeOrder(b *testing.B) {
	for _, withCode := range []bool{false, true} {
		name := "none"
		if withCode {
			name = "partner"
		}
		b.Run(name, func(b *testing.B) {
			db, _ := openDB(b)
			addPartner(b, db, "sari", store.PartnerAffiliate, "SARI25")
			buyer := newCustomer(b, db, "buyer")
			if withCode {
				update(b, db, func(tx *store.Tx) error {
					_, _, err := tx.Attribute(buyer, "SARI25", store.ArrivedStart)
					return err
				})
			}
			ids := make([]int64, b.N)
			update(b, db, func(tx *store.Tx) error {
				for i := range ids {
					o := store.Order{CustomerID: buyer, Channel: "telegram", ChatID: "buyer", Status: store.StatusAwaitPay,
						RecipientPhone: "081299998888", AddressLine: "Jl. Kenanga 3",
						Items: []store.OrderItem{item("KAOS", 2, "99900"), item("TAS", 1, "100000")}}
					if err := tx.CreateOrder(&o); err != nil {
						return err
					}
					ids[i] = o.ID
				}
				return nil
			})
			quote := fixedQuote("29980")
			b.ResetTimer()
			for _, id := range ids {
				if err := db.Update(contextBG(), func(tx *store.Tx) error {
					_, _, err := tx.AttributeOrder(id, quote)
					return err
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPartnerBalance sums a partner's ledger of 1000 orders (1000
// commission lines, a tenth clawed back) in Go.
func BenchmarkPartnerBalance(b *testing.B) {
	db, clk := openDB(b)
	sari := addPartner(b, db, "sari", store.PartnerAffiliate, "SARI25")
	buyer := newCustomer(b, db, "buyer")
	update(b, db, func(tx *store.Tx) error {
		if _, _, err := tx.Attribute(buyer, "SARI25", store.ArrivedStart); err != nil {
			return err
		}
		for i := range 1000 {
			o := store.Order{CustomerID: buyer, Channel: "telegram", ChatID: "buyer", Status: store.StatusAwaitPay,
				Items: []store.OrderItem{item("TAS", 1, "100000")}}
			if err := tx.CreateOrder(&o); err != nil {
				return err
			}
			if _, _, err := tx.AttributeOrder(o.ID, fixedQuote("10000")); err != nil {
				return err
			}
			if i%10 == 0 {
				if _, _, err := tx.ClawbackOrder(o.ID, dec("50000"), "retur", "bench", shareClaw); err != nil {
					return err
				}
			}
		}
		return nil
	})
	clk.Add(time.Hour)
	b.ResetTimer()
	for range b.N {
		if err := db.View(contextBG(), func(tx *store.Tx) error {
			bal, err := tx.PartnerBalanceOf(sari.ID)
			if err == nil && !bal.Pending.Equal(dec("9500000")) { // 1000 × 10.000 − 100 × 5.000
				b.Fatalf("pending = %s", bal.Pending)
			}
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
}
