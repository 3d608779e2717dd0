package flows_test

import (
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// TestHostileInputsEveryStep walks the two step-by-step conversations — a
// customer ordering through the menus and the owner adding a product — and
// before every scripted answer sends every hostile input at that step. Each
// must get an answer without an error; a plain (non-command) message must
// not throw the conversation away; no hostile message may place, change or
// cancel an order. The conversation is then put back where it was and the
// scripted answer sent, so at the end the script must have done exactly
// what it does without the noise: one order at the right total, one new
// product with the typed cost. That is "bad input loses nothing" at every
// step, not only at the menu.
func TestHostileInputsEveryStep(t *testing.T) {
	walks := []struct {
		name, user string
		script     []string
		check      func(t *testing.T, tx *store.Tx)
	}{
		{
			name: "customer ordering through the menus", user: "sari",
			script: []string{"halo", "1", "2", "1", "1", "2", "1", "Sari Wulandari", "0812-3456-7890",
				"Jl. Melati No. 12 RT 03/RW 05, Kel. Sukamaju, Kec. Cibeunying Kidul, Kota Bandung, Jawa Barat 40121", "1", "1"},
			check: func(t *testing.T, tx *store.Tx) {
				os, _, err := tx.SearchOrders(store.OrderQuery{Text: "Sari Wulandari"})
				if err != nil {
					t.Fatal(err)
				}
				if len(os) != 1 {
					t.Fatalf("the script placed %d orders, want 1", len(os))
				}
				if o := os[0]; o.Status != store.StatusAwaitPay || !o.Total.IsPositive() {
					t.Errorf("order %s: status %s total %s, want awaiting payment with a total", o.Code, o.Status, o.Total)
				}
			},
		},
		{
			name: "owner adding a product", user: "owner",
			script: []string{"/tambahproduk", "Gamis Kaftan Rayon", "gamis", "-", "1", "150000", "700", "habis", "lewati", "ya"},
			check: func(t *testing.T, tx *store.Tx) {
				ps, _, err := tx.Products(store.ProductFilter{Words: []string{"kaftan"}, Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) != 1 || ps[0].Name != "Gamis Kaftan Rayon" || len(ps[0].Variants) != 1 || ps[0].Variants[0].Cost.String() != "150000" {
					t.Fatalf("the script saved %+v, want one Gamis Kaftan Rayon at cost 150000", ps)
				}
			},
		},
	}
	for _, w := range walks {
		t.Run(w.name, func(t *testing.T) {
			ctx, db, shop := openShop(t)
			err := db.Update(ctx, func(tx *store.Tx) error {
				if _, err := flows.SeedDemo(tx); err != nil {
					return err
				}
				return tx.SetStaff("play", "owner", store.StaffOwner, "test")
			})
			if err != nil {
				t.Fatal(err)
			}
			send := func(text string) []flows.Out {
				t.Helper()
				var outs []flows.Out
				err := db.Update(ctx, func(tx *store.Tx) error {
					var err error
					outs, err = shop.Handle(ctx, tx, flows.Message{Channel: "play", ChatID: w.user, UserID: w.user, Text: text})
					return err
				})
				if err != nil {
					t.Fatalf("%q: %v", trim(text), err)
				}
				return outs
			}
			conv := func() store.Conversation {
				t.Helper()
				var c store.Conversation
				if err := db.View(ctx, func(tx *store.Tx) error {
					var err error
					c, err = tx.Conversation("play", w.user, w.user)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				return c
			}
			orders := func() string {
				t.Helper()
				var b strings.Builder
				if err := db.View(ctx, func(tx *store.Tx) error {
					os, _, err := tx.SearchOrders(store.OrderQuery{Limit: 100})
					for _, o := range os {
						b.WriteString(o.Code + ":" + o.Status + ":" + o.Total.String() + ";")
					}
					return err
				}); err != nil {
					t.Fatal(err)
				}
				return b.String()
			}
			for i, answer := range w.script {
				at := conv()
				for _, in := range hostileInputs {
					before := orders()
					if outs := send(in); len(outs) == 0 {
						t.Errorf("step %d (%s/%s): %q got no answer", i, at.Flow, at.Step, trim(in))
					}
					if after := orders(); after != before {
						t.Errorf("step %d (%s/%s): %q changed orders:\n before %s\n after  %s", i, at.Flow, at.Step, trim(in), before, after)
					}
					if now := conv(); at.Flow != "" && !strings.HasPrefix(strings.TrimSpace(in), "/") && now.Flow != at.Flow {
						t.Errorf("step %d (%s/%s): plain %q dropped the conversation (now %q/%q)", i, at.Flow, at.Step, trim(in), now.Flow, now.Step)
					}
					// Put the conversation back, as if the noise had not
					// been sent, so the script goes on from the same step.
					if err := db.Update(ctx, func(tx *store.Tx) error {
						return tx.SetConversation("play", w.user, w.user, at)
					}); err != nil {
						t.Fatal(err)
					}
				}
				if outs := send(answer); len(outs) == 0 {
					t.Fatalf("step %d: the scripted %q got no answer", i, answer)
				}
			}
			if err := db.View(ctx, func(tx *store.Tx) error { w.check(t, tx); return nil }); err != nil {
				t.Fatal(err)
			}
		})
	}
}
