package relay_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

// TestNoGroupActsOnAnotherSuppliersOrder drives every group action, in
// every form (command, plain words, quote-reply with a forged quote, bare
// resi, catalogue commands), from GMS's group and from an unlinked group
// against an order that is HJB's alone, and against the HJB part of a mixed
// order. Nothing of HJB's may change, nobody else may be told anything, and
// the answer must not reveal the order.
func TestNoGroupActsOnAnotherSuppliersOrder(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	hjbOnly := e.CODOrder(t, "ani", "HJB-20 x1, HJB-11 Navy x1")
	mixed := e.CODOrder(t, "ani", "GMS-02 x1, HJB-11 Hitam x2")
	// The HJB group has accepted the mixed order, so "terima" and "habis"
	// would both be real changes there.
	e.Group(t, flowtest.SupHJB, "tini", "/terima "+mixed, flows.Ref{})

	type action struct {
		text  string
		quote bool // sent as a quote-reply to the order's card
	}
	forms := []action{
		{"/terima %s", false}, {"/accept %s", false}, {"/habis %s", false}, {"/habis %s 1", false}, {"/habis %s 2", false},
		{"/resi %s JNE 170430045644420", false}, {"/resi %s 170430045644420", false}, {"/awb %s JP6961181926", false},
		{"terima %s", false}, {"habis %s", false}, {"habis %s 1", false}, {"resi %s 170430045644420", false}, {"%s 170430045644420", false}, {"%s JNE 1704-3004-5644-420", true},
		{"1", true}, {"2", true}, {"terima", true}, {"ok", true}, {"habis", true}, {"habis 1", true},
		{"170430045644420", true}, {"JNE 170430045644420", true}, {"resi JP6961181926", true}, {"apa ini", true},
		{"/terima", true}, {"/resi 170430045644420", true},
		{"170430045644420", false}, {"terima", false}, {"habis", false},
		{"/stok HJB-20 5", false}, {"/stok HJB-11 Navy habis", false}, {"/harga HJB-20 1000", false},
		{"/harga HJB-11 Navy 99000", false}, {"/saldo", false}, {"/pesanan", false}, {"/bantuan", false},
	}
	secrets := []string{"Kenari", "081311112222", "Pashmina", "Hijab", "Ani (", "Jl."}
	for _, code := range []string{hjbOnly, mixed} {
		for _, group := range []string{flowtest.SupGMS, flowtest.SupNone} {
			for _, f := range forms {
				text := f.text
				if strings.Contains(text, "%s") {
					text = fmt.Sprintf(text, code)
				}
				name := fmt.Sprintf("%s/%s/%s", code, group, text)
				if f.quote {
					name += "/quote"
				}
				t.Run(name, func(t *testing.T) {
					m := flows.Message{Channel: "telegram", ChatID: group, UserID: "dewi", Group: true, Text: text}
					if f.quote {
						m.ReplyRef = flows.Ref{Kind: "order", ID: code}
					}
					var before, after string
					var outs []flows.Out
					err := e.DB.Update(context.Background(), func(tx *store.Tx) error {
						before = flowtest.Snapshot(t, tx, code)
						var err error
						if outs, err = e.Shop.Handle(context.Background(), tx, m); err != nil {
							return err
						}
						after = flowtest.Snapshot(t, tx, code)
						return flowtest.ErrRollback
					})
					if !errors.Is(err, flowtest.ErrRollback) {
						t.Fatalf("handle: %v", err)
					}
					if code == hjbOnly && before != after {
						t.Errorf("the order changed:\nbefore:\n%s\nafter:\n%s", before, after)
					}
					if code == mixed {
						// GMS may act on its own part; HJB's lines, shipment,
						// ledger and catalogue must stay.
						if flowtest.HJBPart(before) != flowtest.HJBPart(after) {
							t.Errorf("HJB's part changed:\nbefore:\n%s\nafter:\n%s", flowtest.HJBPart(before), flowtest.HJBPart(after))
						}
					}
					for _, o := range outs {
						// A bare form may act on the group's own open card (of
						// the mixed order); nothing may go anywhere about HJB's.
						if code == hjbOnly && o.To.ChatID != group && (o.Ref.ID == code || strings.Contains(o.Text, code)) {
							t.Errorf("message to %v: %q", o.To, o.Text)
						}
						if o.To.ChatID != group {
							continue
						}
						for _, s := range secrets {
							if code == hjbOnly && strings.Contains(o.Text, s) {
								t.Errorf("the answer reveals %q: %q", s, o.Text)
							}
						}
						if code == hjbOnly && o.Ref.Kind == "order" && o.Ref.ID == code {
							t.Errorf("the answer is tied to the order: %+v", o)
						}
					}
				})
			}
		}
	}
}

// TestOwnGroupMayAct is the control: the same forms from HJB's own group do
// change the order, so the test above is not passing for a broken reason.
func TestOwnGroupMayAct(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := e.CODOrder(t, "ani", "HJB-20 x1")
	for _, tc := range []struct {
		text   string
		quote  bool
		status string
	}{
		{"/terima " + code, false, store.StatusPacked},
		{"JNE 170430045644420", true, store.StatusShipped},
	} {
		m := flows.Message{Channel: "telegram", ChatID: flowtest.SupHJB, UserID: "tini", Group: true, Text: tc.text}
		if tc.quote {
			m.ReplyRef = flows.Ref{Kind: "order", ID: code}
		}
		e.Handle(t, m)
		err := e.DB.View(context.Background(), func(tx *store.Tx) error {
			o, err := tx.OrderByCode(code)
			if err == nil && o.Status != tc.status {
				t.Errorf("after %q: status %s, want %s", tc.text, o.Status, tc.status)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
