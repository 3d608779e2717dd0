package flows_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

// stepWalk is one step-by-step conversation for hostileAtEveryStep.
type stepWalk struct {
	DB      *store.DB
	Shop    *flows.Shop
	channel string
	user    string
	// books is everything no hostile message may change, as text.
	books func(t *testing.T, tx *store.Tx) string
}

// run sends, before each scripted message, every hostile input at that
// step. Each must get an answer without an error; a plain (non-command)
// message must not throw the conversation away (see dropped); none may
// change the books. A customer command such as /pesanan may leave the step:
// the person asked to go elsewhere. Each hostile message runs in its own
// transaction that is then rolled back, so the script goes on from the
// same step with the same cart, as if the noise had not been sent.
func (w stepWalk) run(t *testing.T, script []flows.Message) {
	t.Helper()
	ctx := context.Background()
	address := func(m flows.Message) flows.Message {
		m.Channel, m.ChatID, m.UserID = w.channel, w.user, w.user
		return m
	}
	for i, step := range script {
		for _, in := range hostileInputs {
			err := w.DB.Update(ctx, func(tx *store.Tx) error {
				at, err := tx.Conversation(w.channel, w.user, w.user)
				if err != nil {
					return err
				}
				before := w.books(t, tx)
				outs, err := w.Shop.Handle(ctx, tx, address(flows.Message{Text: in}))
				if err != nil {
					return err
				}
				if len(outs) == 0 {
					t.Errorf("step %d (%s/%s): %q got no answer", i, at.Flow, at.Step, trim(in))
				}
				real := realAnswers[at.Step][in]
				if after := w.books(t, tx); after != before && !real {
					t.Errorf("step %d (%s/%s): %q changed the books:\n before %s\n after  %s", i, at.Flow, at.Step, trim(in), before, after)
				}
				now, err := tx.Conversation(w.channel, w.user, w.user)
				if err != nil {
					return err
				}
				if at.Flow != "" && !strings.HasPrefix(strings.TrimSpace(in), "/") && !real && !cancelSteps[at.Step] && dropped(at, now) {
					t.Errorf("step %d (%s/%s): plain %q dropped the conversation (now %q/%q)", i, at.Flow, at.Step, trim(in), now.Flow, now.Step)
				}
				return flowtest.ErrRollback
			})
			if !errors.Is(err, flowtest.ErrRollback) {
				t.Fatalf("step %d: %q: %v", i, trim(in), err)
			}
		}
		var outs []flows.Out
		if err := w.DB.Update(ctx, func(tx *store.Tx) error {
			var err error
			outs, err = w.Shop.Handle(ctx, tx, address(step))
			return err
		}); err != nil {
			t.Fatalf("step %d: %q: %v", i, trim(step.Text), err)
		}
		if len(outs) == 0 {
			t.Fatalf("step %d: the scripted %q got no answer", i, step.Text)
		}
	}
}

// realAnswers are hostile inputs that are a real answer at a step, exempt
// from the checks: "0" or "hapus" for a cart line's quantity removes it
// (and an empty cart goes back to the menu); HAPUS confirms erasing one's
// data; an account at the refund question is where the refund goes, and
// at a partner application's bank question it is the bank account that
// completes the application.
var realAnswers = map[string]map[string]bool{"edit_qty": {"0": true, "HAPUS": true}, "erase_confirm": {"HAPUS": true},
	"refund_to": {"BCA 1234567890 a.n. Maling": true}, "partner_bank": {"BCA 1234567890 a.n. Maling": true}}

// cancelSteps are confirmations of something that cannot be undone, where
// anything but the confirmation word cancels on purpose.
var cancelSteps = map[string]bool{"erase_confirm": true}

// browsing is the customer's steps that hold nothing typed: falling back to
// the menu from them loses nothing.
var browsing = map[string]bool{"menu": true, "categories": true, "products": true, "product": true, "tk_sent": true}

// dropped reports whether a message threw away a conversation: it left the
// flow, or landed a customer on the menu from a step holding what they
// typed (a checkout, a complaint). Moving on to another step is fine: a
// product name may well be "X8QMT".
func dropped(at, now store.Conversation) bool {
	return now.Flow != at.Flow || now.Step == "menu" && !browsing[at.Step]
}

func texts(ss ...string) []flows.Message {
	ms := make([]flows.Message, len(ss))
	for i, s := range ss {
		ms[i] = flows.Message{Text: s}
	}
	return ms
}

// orderBooks is every order's code, status and total.
func orderBooks(t *testing.T, tx *store.Tx) string {
	t.Helper()
	var b strings.Builder
	os, _, err := tx.SearchOrders(store.OrderQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range os {
		b.WriteString(o.Code + ":" + o.Status + ":" + o.Total.String() + ";")
	}
	return b.String()
}

// TestHostileInputsEveryStep walks the customer ordering through the menus
// and the owner adding a product, with every hostile input before every
// step. At the end the script must have done exactly what it does without
// the noise: one order at a total, one new product with the typed cost.
// That is "bad input loses nothing" at every step, not only at the menu.
func TestHostileInputsEveryStep(t *testing.T) {
	walks := []struct {
		name, user string
		script     []string
		check      func(t *testing.T, tx *store.Tx)
	}{
		{
			// Menu, category, product, variant, quantity 2, then the cart
			// edited to 3 (pick the line, the new quantity), checkout.
			name: "customer ordering through the menus", user: "sari",
			script: []string{"halo", "1", "2", "1", "1", "2", "3", "1", "3", "1", "Sari Wulandari", "0812-3456-7890",
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
				items, err := tx.OrderItems(os[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(items) != 1 || items[0].Qty != 3 {
					t.Errorf("order items %+v, want one line of 3 (the edited quantity)", items)
				}
			},
		},
		{
			// An order placed, then cancelled in words: asked first, "2"
			// keeps it (issue: cancel in words did nothing).
			name: "customer cancelling in words", user: "sari",
			script: []string{"halo", "1", "2", "1", "1", "2", "1", "Sari Wulandari", "0812-3456-7890",
				"Jl. Melati No. 12 RT 03/RW 05, Kel. Sukamaju, Kec. Cibeunying Kidul, Kota Bandung, Jawa Barat 40121", "1", "1",
				"gajadi kak batalin aja yg td", "2"},
			check: func(t *testing.T, tx *store.Tx) {
				os, _, err := tx.SearchOrders(store.OrderQuery{Text: "Sari Wulandari"})
				if err != nil {
					t.Fatal(err)
				}
				if len(os) != 1 || os[0].Status != store.StatusAwaitPay {
					t.Fatalf("orders %+v, want one still awaiting payment (the customer said keep it)", os)
				}
			},
		},
		{
			// The enrolment: kind, name, phone, bank; one pending affiliate.
			name: "customer applying as a partner", user: "sari",
			script: []string{"/daftar", "2", "Sari Wulandari", "0812-9876-5432", "BCA 1234567890 Sari Wulandari"},
			check: func(t *testing.T, tx *store.Tx) {
				ps, err := tx.Partners("", "")
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) != 1 || ps[0].Kind != store.PartnerAffiliate || ps[0].Status != store.PartnerPending ||
					ps[0].Name != "Sari Wulandari" || ps[0].Phone != "6281298765432" || ps[0].AccountNumber != "1234567890" {
					t.Fatalf("the script applied %+v, want one pending affiliate Sari Wulandari", ps)
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
			ctx, db, shop := flowtest.OpenShop(t)
			err := db.Update(ctx, func(tx *store.Tx) error {
				if _, err := flows.SeedDemo(tx); err != nil {
					return err
				}
				return tx.SetStaff("play", "owner", store.StaffOwner, "test")
			})
			if err != nil {
				t.Fatal(err)
			}
			stepWalk{DB: db, Shop: shop, channel: "play", user: w.user, books: orderBooks}.run(t, texts(w.script...))
			if err := db.View(ctx, func(tx *store.Tx) error { w.check(t, tx); return nil }); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestHostileInputsComplaintSteps walks a complaint about a shipped order —
// /komplain, the reason, a photo, "selesai" — with every hostile input
// before every step. No hostile message may open a second ticket, add
// evidence, move the ticket or touch the order; at the end there is one
// ticket waiting for the supplier with the one photo.
func TestHostileInputsComplaintSteps(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := flowtest.ShippedCOD(t, e, "c1")
	png, err := os.ReadFile("../bot/playground/testdata/bukti.png")
	if err != nil {
		t.Fatal(err)
	}
	var photo int64
	if err := e.DB.Update(t.Context(), func(tx *store.Tx) error {
		m, err := tx.SaveMedia(t.TempDir(), png, "image/png")
		photo = m.ID
		return err
	}); err != nil {
		t.Fatal(err)
	}
	tickets := func(t *testing.T, tx *store.Tx) []store.Ticket {
		t.Helper()
		tks, err := tx.OpenTickets(100)
		if err != nil {
			t.Fatal(err)
		}
		return tks
	}
	books := func(t *testing.T, tx *store.Tx) string {
		b := []string{flowtest.Snapshot(t, tx, code)}
		for _, tk := range tickets(t, tx) {
			ev, err := tx.TicketEvidence(tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			b = append(b, tk.Code+":"+tk.Reason+":"+tk.Status+":"+strconv.Itoa(len(ev)))
		}
		return strings.Join(b, ";")
	}
	script := texts("/komplain "+code, "1")
	script = append(script, flows.Message{Media: &flows.Media{Kind: flows.MediaPhoto, MediaID: photo}}, flows.Message{Text: "selesai"})
	stepWalk{DB: e.DB, Shop: e.Shop, channel: "telegram", user: "c1", books: books}.run(t, script)

	// With the ticket sent nothing is asked: an unknown command gets the
	// menu, not "answer the last question above".
	if outs := e.Private(t, "c1", "/lunas "+code); len(outs) == 0 || len(outs[0].Options) == 0 {
		t.Errorf("unknown command after the ticket went out: %+v, want the menu", outs)
	}
	if err := e.DB.View(t.Context(), func(tx *store.Tx) error {
		tks := tickets(t, tx)
		if len(tks) != 1 {
			t.Fatalf("%d open tickets, want 1: %+v", len(tks), tks)
		}
		ev, err := tx.TicketEvidence(tks[0].ID)
		if err != nil {
			return err
		}
		if tk := tks[0]; tk.Reason != store.ReasonDamaged || tk.Status != store.TicketAwaitSupp || len(ev) != 1 || ev[0].MediaID != photo {
			t.Errorf("ticket %s: reason %s status %s evidence %+v, want rusak, waiting for the supplier, the one photo", tk.Code, tk.Reason, tk.Status, ev)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestHostileInputsSoldOutSteps walks a customer's answer to a supplier's
// "habis": ganti varian, then the new variant, with every hostile input
// before each step. None may swap, cancel or otherwise touch the order; at
// the end the item is the one picked.
func TestHostileInputsSoldOutSteps(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := e.CODOrder(t, "c1", "GMS-01 M x1")
	if got := flowtest.TextsTo(e.Group(t, flowtest.SupGMS, "dewi", "/habis "+code, flows.Ref{}), "c1"); !strings.Contains(got, "habis") {
		t.Fatalf("the customer was not asked: %q", got)
	}
	books := func(t *testing.T, tx *store.Tx) string { return flowtest.Snapshot(t, tx, code) }
	stepWalk{DB: e.DB, Shop: e.Shop, channel: "telegram", user: "c1", books: books}.run(t, texts("2", "1"))

	if err := e.DB.View(t.Context(), func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		if err != nil {
			return err
		}
		if len(o.Items) != 1 || o.Items[0].VariantName != "L" || o.Items[0].Qty != 1 {
			t.Errorf("order %s items %+v, want the one gamis swapped to L", code, o.Items)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestHostileInputsEraseSteps walks /hapusdata and its confirmation with
// every hostile input before each step: none may erase anything (the names
// on the customer's finished order stay) except the real HAPUS, after
// which the order keeps its money but not the name.
func TestHostileInputsEraseSteps(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	var code string
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := flows.SeedDemo(tx); err != nil {
			return err
		}
		for _, text := range []string{"Nama: Nina Kartika\nHP: 081288887777\nAlamat: Jl. Lembang 9, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: HJB-20 x1\nKurir: JNE REG", "1"} {
			outs, err := shop.Handle(ctx, tx, flows.Message{Channel: "play", ChatID: "nina", UserID: "nina", Text: text})
			if err != nil {
				return err
			}
			for _, o := range outs {
				if o.Ref.Kind == "order" {
					code = o.Ref.ID
				}
			}
		}
		o, err := tx.OrderByCode(code)
		if err != nil {
			return err
		}
		return tx.SetOrderStatus(o.ID, o.Status, store.StatusCancelled, "test", "finished, so it may be erased")
	})
	if err != nil {
		t.Fatal(err)
	}
	books := func(t *testing.T, tx *store.Tx) string {
		o, err := tx.OrderByCode(code)
		if err != nil {
			t.Fatal(err)
		}
		return orderBooks(t, tx) + o.RecipientName + "/" + o.RecipientPhone + "/" + o.AddressLine
	}
	stepWalk{DB: db, Shop: shop, channel: "play", user: "nina", books: books}.run(t, texts("/hapusdata", "HAPUS"))

	if err := db.View(ctx, func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		if err != nil {
			return err
		}
		if strings.Contains(o.RecipientName, "Nina") || strings.Contains(o.RecipientPhone, "88887777") || strings.Contains(o.AddressLine, "Lembang") {
			t.Errorf("after HAPUS order %s still holds %q %q %q", code, o.RecipientName, o.RecipientPhone, o.AddressLine)
		}
		if !o.Total.IsPositive() {
			t.Errorf("after HAPUS order %s lost its total %s", code, o.Total)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
