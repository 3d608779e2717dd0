package flows_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// supEnv is a demo shop on channel "telegram" with the owner, GMS's group
// and HJB's group linked, for driving the flows directly.
type supEnv struct {
	db   *store.DB
	shop *flows.Shop
	n    int
}

const (
	supOwner = "owner"
	supGMS   = "g-gms"
	supHJB   = "g-hjb"
	supNone  = "g-none" // a group nobody linked
)

func newSupEnv(t *testing.T) *supEnv {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName), store.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	err = db.Update(ctx, func(tx *store.Tx) error {
		if _, err := flows.SeedDemo(tx); err != nil {
			return err
		}
		return tx.SetStaff("telegram", supOwner, store.StaffOwner, "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &supEnv{db: db, shop: flows.NewShop(flows.Config{MediaDir: t.TempDir()})}
	e.group(t, supGMS, supOwner, "/supplier GMS", flows.Ref{})
	e.group(t, supHJB, supOwner, "/supplier HJB", flows.Ref{})
	return e
}

func (e *supEnv) handle(t *testing.T, m flows.Message) []flows.Out {
	t.Helper()
	var outs []flows.Out
	err := e.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		outs, err = e.shop.Handle(context.Background(), tx, m)
		return err
	})
	if err != nil {
		t.Fatalf("%q: %v", m.Text, err)
	}
	return outs
}

func (e *supEnv) group(t *testing.T, chat, user, text string, ref flows.Ref) []flows.Out {
	t.Helper()
	return e.handle(t, flows.Message{Channel: "telegram", ChatID: chat, UserID: user, Group: true, Text: text, ReplyRef: ref})
}

func (e *supEnv) private(t *testing.T, user, text string) []flows.Out {
	t.Helper()
	return e.handle(t, flows.Message{Channel: "telegram", ChatID: user, UserID: user, Text: text})
}

// codOrder places a COD order with a format order and returns its code.
func (e *supEnv) codOrder(t *testing.T, customer, items string) string {
	t.Helper()
	e.private(t, customer, "Nama: Ani\nHP: 081311112222\nAlamat: Jl. Kenari 2, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: "+
		items+"\nKurir: JNE REG")
	for _, o := range e.private(t, customer, "3") {
		if o.Ref.Kind == "order" && o.To.ChatID == customer {
			return o.Ref.ID
		}
	}
	t.Fatalf("no order for %s", customer)
	return ""
}

// snapshot is everything a supplier action could change about an order
// and HJB's catalogue, as text.
func snapshot(t *testing.T, tx *store.Tx, code string) string {
	t.Helper()
	var b strings.Builder
	o, err := tx.OrderByCode(code)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "order %s %s\n", o.Code, o.Status)
	for _, it := range o.Items {
		fmt.Fprintf(&b, "item %s %s %d %s %s\n", it.SKU, it.VariantName, it.Qty, it.UnitCost, it.Status)
	}
	ships, err := tx.ShipmentsOf(o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ships {
		fmt.Fprintf(&b, "ship %d %s %q %s %v\n", s.SupplierID, s.Status, s.Resi, s.Courier, s.AcceptedAt)
	}
	pays, err := tx.PaymentsOf(o.ID)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "payments %d\n", len(pays))
	hist, err := tx.StatusHistory("order", o.ID)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "history %d\n", len(hist))
	sups, err := tx.Suppliers()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sups {
		bal, err := tx.SupplierBalance(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		l, err := tx.LedgerOf(s.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "ledger %s %s %d\n", s.Code, bal, len(l))
	}
	for _, sku := range []string{"HJB-11", "HJB-20"} {
		p, err := tx.ProductBySKU(sku)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range p.Variants {
			fmt.Fprintf(&b, "variant %s %s %s %+v\n", sku, v.Name, v.Cost, v.Stock)
		}
	}
	cc, err := tx.PendingCostChanges()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "cost changes %d\n", len(cc))
	c, err := tx.Conversation("telegram", "ani", "ani")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "customer state %s/%s\n", c.Flow, c.Step)
	return b.String()
}

var errRollback = errors.New("rollback")

// TestNoGroupActsOnAnotherSuppliersOrder drives every group action, in
// every form (command, plain words, quote-reply with a forged quote, bare
// resi, catalogue commands), from GMS's group and from an unlinked group
// against an order that is HJB's alone, and against the HJB part of a mixed
// order. Nothing of HJB's may change, nobody else may be told anything, and
// the answer must not reveal the order.
func TestNoGroupActsOnAnotherSuppliersOrder(t *testing.T) {
	e := newSupEnv(t)
	hjbOnly := e.codOrder(t, "ani", "HJB-20 x1, HJB-11 Navy x1")
	mixed := e.codOrder(t, "ani", "GMS-02 x1, HJB-11 Hitam x2")
	// The HJB group has accepted the mixed order, so "terima" and "habis"
	// would both be real changes there.
	e.group(t, supHJB, "tini", "/terima "+mixed, flows.Ref{})

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
		for _, group := range []string{supGMS, supNone} {
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
					err := e.db.Update(context.Background(), func(tx *store.Tx) error {
						before = snapshot(t, tx, code)
						var err error
						if outs, err = e.shop.Handle(context.Background(), tx, m); err != nil {
							return err
						}
						after = snapshot(t, tx, code)
						return errRollback
					})
					if !errors.Is(err, errRollback) {
						t.Fatalf("handle: %v", err)
					}
					if code == hjbOnly && before != after {
						t.Errorf("the order changed:\nbefore:\n%s\nafter:\n%s", before, after)
					}
					if code == mixed {
						// GMS may act on its own part; HJB's lines, shipment,
						// ledger and catalogue must stay.
						if hjbPart(before) != hjbPart(after) {
							t.Errorf("HJB's part changed:\nbefore:\n%s\nafter:\n%s", hjbPart(before), hjbPart(after))
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

// hjbPart keeps the lines of a snapshot that are HJB's.
func hjbPart(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "HJB") || strings.HasPrefix(l, "ship 2 ") || strings.HasPrefix(l, "cost changes") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestOwnGroupMayAct is the control: the same forms from HJB's own group do
// change the order, so the test above is not passing for a broken reason.
func TestOwnGroupMayAct(t *testing.T) {
	e := newSupEnv(t)
	code := e.codOrder(t, "ani", "HJB-20 x1")
	for _, tc := range []struct {
		text   string
		quote  bool
		status string
	}{
		{"/terima " + code, false, store.StatusPacked},
		{"JNE 170430045644420", true, store.StatusShipped},
	} {
		m := flows.Message{Channel: "telegram", ChatID: supHJB, UserID: "tini", Group: true, Text: tc.text}
		if tc.quote {
			m.ReplyRef = flows.Ref{Kind: "order", ID: code}
		}
		e.handle(t, m)
		err := e.db.View(context.Background(), func(tx *store.Tx) error {
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
