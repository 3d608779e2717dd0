// Package flowtest holds the shops the flows' tests drive end to end: the
// demo shop with linked supplier groups (SupEnv), a shop with a settable
// clock and an owner (OwnerShop), and small readers of what was sent. Only
// tests import it.
package flowtest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/console"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// openShop opens a real SQLite file in a temp dir and a shop whose media
// go to another temp dir; the database is closed when the test ends.
func OpenShop(t testing.TB) (context.Context, *store.DB, *flows.Shop) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return ctx, db, flows.NewShop(flows.Config{MediaDir: t.TempDir()})
}

// supEnv is a demo shop on channel "telegram" with the owner, GMS's group
// and HJB's group linked, for driving the flows directly.
type SupEnv struct {
	DB   *store.DB
	Shop *flows.Shop
	n    int
}

func NewSupEnv(t *testing.T) *SupEnv {
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
		return tx.SetStaff("telegram", SupOwner, store.StaffOwner, "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &SupEnv{DB: db, Shop: flows.NewShop(flows.Config{MediaDir: t.TempDir()})}
	e.Group(t, SupGMS, SupOwner, "/supplier GMS", flows.Ref{})
	e.Group(t, SupHJB, SupOwner, "/supplier HJB", flows.Ref{})
	return e
}

func (e *SupEnv) Handle(t *testing.T, m flows.Message) []flows.Out {
	t.Helper()
	var outs []flows.Out
	err := e.DB.Update(context.Background(), func(tx *store.Tx) (err error) {
		outs, err = e.Shop.Handle(context.Background(), tx, m)
		return err
	})
	if err != nil {
		t.Fatalf("%q: %v", m.Text, err)
	}
	return outs
}

func (e *SupEnv) Group(t *testing.T, chat, user, text string, ref flows.Ref) []flows.Out {
	t.Helper()
	return e.Handle(t, flows.Message{Channel: "telegram", ChatID: chat, UserID: user, Group: true, Text: text, ReplyRef: ref})
}

func (e *SupEnv) Private(t *testing.T, user, text string) []flows.Out {
	t.Helper()
	return e.Handle(t, flows.Message{Channel: "telegram", ChatID: user, UserID: user, Text: text})
}

// codOrder places a COD order with a format order and returns its code.
func (e *SupEnv) CODOrder(t *testing.T, customer, items string) string {
	t.Helper()
	e.Private(t, customer, "Nama: Ani\nHP: 081311112222\nAlamat: Jl. Kenari 2, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: "+
		items+"\nKurir: JNE REG")
	for _, o := range e.Private(t, customer, "3") {
		if o.Ref.Kind == "order" && o.To.ChatID == customer {
			return o.Ref.ID
		}
	}
	t.Fatalf("no order for %s", customer)
	return ""
}

// snapshot is everything a supplier action could change about an order
// and HJB's catalogue, as text.
func Snapshot(t *testing.T, tx *store.Tx, code string) string {
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

// hjbPart keeps the lines of a snapshot that are HJB's.
func HJBPart(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "HJB") || strings.HasPrefix(l, "ship 2 ") || strings.HasPrefix(l, "cost changes") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// shippedCOD places a COD order for GMS-01 and has GMS post its resi.
func ShippedCOD(t *testing.T, e *SupEnv, customer string) string {
	t.Helper()
	code := e.CODOrder(t, customer, "GMS-01 M x1")
	e.Group(t, SupGMS, "dewi", "/resi "+code+" JNE 170430045644420", flows.Ref{})
	return code
}

func TextsTo(outs []flows.Out, chat string) string {
	var b strings.Builder
	for _, o := range outs {
		if o.To.ChatID == chat {
			b.WriteString(o.Text + "\n")
		}
	}
	return b.String()
}

// ownerShop is a shop with a settable clock, an owner "o1" on telegram and
// the media in a temp dir.
type OwnerShop struct {
	t     testing.TB
	DB    *store.DB
	Shop  *flows.Shop
	Media string
	mu    sync.Mutex
	now   time.Time
}

// startWIB is Monday 23 Nov 2026, 10:00 WIB.
var StartWIB = time.Date(2026, 11, 23, 10, 0, 0, 0, locales.WIB)

func NewOwnerShop(t testing.TB) *OwnerShop {
	t.Helper()
	s := &OwnerShop{t: t, now: StartWIB, Media: t.TempDir()}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName), store.WithClock(s.Clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s.DB = db
	s.Shop = flows.NewShop(flows.Config{MediaDir: s.Media})
	s.Update(func(tx *store.Tx) error { return tx.SetStaff("telegram", "o1", store.StaffOwner, "test") })
	return s
}

func (s *OwnerShop) Clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

func (s *OwnerShop) SetClock(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = t
}

func (s *OwnerShop) Update(fn func(*store.Tx) error) {
	s.t.Helper()
	if err := s.DB.Update(context.Background(), fn); err != nil {
		s.t.Fatal(err)
	}
}

// say sends a private message from user on telegram.
func (s *OwnerShop) Say(user, text string) []flows.Out {
	s.t.Helper()
	var outs []flows.Out
	s.Update(func(tx *store.Tx) (err error) {
		outs, err = s.Shop.Handle(context.Background(), tx, flows.Message{Channel: "telegram", ChatID: user, UserID: user, Text: text})
		return err
	})
	return outs
}

// reply is the text of the single answer to the speaker.
func (s *OwnerShop) Reply(user, text string) string {
	s.t.Helper()
	outs := s.Say(user, text)
	if len(outs) != 1 || outs[0].To.ChatID != user {
		s.t.Fatalf("%s %q: got %d messages: %+v", user, text, len(outs), outs)
	}
	return outs[0].Text
}

func (s *OwnerShop) Setting(key string) string {
	var v string
	s.Update(func(tx *store.Tx) (err error) { v, err = tx.Setting(key, "<unset>"); return err })
	return v
}

func (s *OwnerShop) RecapJobs() []store.Job {
	var jobs []store.Job
	s.Update(func(tx *store.Tx) (err error) { jobs, err = tx.PendingJobsOf(console.JobRecap); return err })
	return jobs
}

// runJob runs a job the way the engine does: the handler, then the row
// finished, in one transaction.
func (s *OwnerShop) RunJob(j store.Job) []flows.Out {
	s.t.Helper()
	var outs []flows.Out
	s.Update(func(tx *store.Tx) (err error) {
		cur, err := tx.JobByID(j.ID)
		if err != nil {
			return err
		}
		if outs, err = s.Shop.Job(context.Background(), tx, cur); err != nil {
			return err
		}
		return tx.FinishJob(cur.ID)
	})
	return outs
}

func Rdec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// seedReportOrders writes five orders: yesterday one sale, today two sales
// (one refunded in part, one COD of own stock with a fractional cost), one
// waiting and one cancelled. TestReportCommand computes the figures.
func SeedReportOrders(s *OwnerShop) {
	s.t.Helper()
	var gms, hjb, cust int64
	s.Update(func(tx *store.Tx) (err error) {
		if gms, err = tx.AddSupplier(store.Supplier{Code: "GMS", Name: "Grosir Muslim Solo"}); err != nil {
			return err
		}
		if hjb, err = tx.AddSupplier(store.Supplier{Code: "HJB", Name: "Hijab Bandung"}); err != nil {
			return err
		}
		w, err := tx.Resolve("telegram", "c9", false, "c9", "Sari")
		cust = w.CustomerID
		return err
	})
	order := func(channel, status, method string, ship, cod string, kode int, items []store.OrderItem, pays ...store.Payment) {
		o := store.Order{CustomerID: cust, Channel: channel, ChatID: "c9", Status: status, PaymentMethod: method,
			RecipientName: "Sari", Shipping: Rdec(ship), CODFee: Rdec(cod), UniqueCode: kode, Items: items}
		sub, _ := store.SumItems(items)
		o.Total = sub.Add(o.Shipping).Add(o.CODFee).Add(decimal.NewFromInt(int64(kode)))
		s.Update(func(tx *store.Tx) error {
			if err := tx.CreateOrder(&o); err != nil {
				return err
			}
			for _, p := range pays {
				p.OrderID = o.ID
				if _, err := tx.AddPayment(p); err != nil {
					return err
				}
			}
			return nil
		})
	}
	item := func(sup int64, sku, name, variant string, qty int, price, cost string) store.OrderItem {
		return store.OrderItem{SupplierID: sup, SKU: sku, ProductName: name, VariantName: variant, Qty: qty,
			UnitPrice: Rdec(price), UnitCost: Rdec(cost)}
	}
	pay := func(dir, amount, status string) store.Payment {
		return store.Payment{Direction: dir, Method: "transfer", Amount: Rdec(amount), Status: status, Actor: "test"}
	}
	// Yesterday 12:00 WIB.
	s.SetClock(StartWIB.Add(-22 * time.Hour))
	order("telegram", store.StatusDone, "transfer", "15000", "0", 0,
		[]store.OrderItem{item(gms, "GMS-01", "Gamis Syari", "M", 1, "200000", "150000.25")}, pay("in", "215000", "confirmed"))
	s.SetClock(StartWIB)
	order("telegram", store.StatusDone, "transfer", "11000", "0", 440,
		[]store.OrderItem{
			item(gms, "GMS-07", "Mukena Katun", "Dewasa", 3, "125500", "96333.33"),
			item(hjb, "HJB-11", "Hijab Voal", "Navy", 2, "41000", "31500"),
		},
		pay("in", "469940", "confirmed"), pay("out", "41000", "confirmed"), pay("out", "5000", "pending"))
	order("whatsapp", store.StatusProcessing, "cod", "9000", "5000", 0,
		[]store.OrderItem{item(0, "OWN-1", "Bros Mutiara", "", 4, "15000", "7500.5")})
	order("telegram", store.StatusAwaitPay, "transfer", "10000", "0", 12,
		[]store.OrderItem{item(hjb, "HJB-20", "Pashmina", "Mocca", 1, "100000", "27750")})
	order("telegram", store.StatusCancelled, "transfer", "10000", "0", 0,
		[]store.OrderItem{item(hjb, "HJB-20", "Pashmina", "Mocca", 1, "36500", "27750")})
}

const (
	SupOwner = "owner"
	SupGMS   = "g-gms"
	SupHJB   = "g-hjb"
	SupNone  = "g-none" // a group nobody linked
)

// SetT points the shop's failures at another test (a fuzz target's inner t).
func (s *OwnerShop) SetT(t testing.TB) { s.t = t }

// ErrRollback ends a transaction a test wanted only to look inside.
var ErrRollback = errors.New("rollback")

// Say sends one private telegram message from user in its own transaction
// and returns the replies.
func Say(t testing.TB, db *store.DB, shop *flows.Shop, user, text string) []flows.Out {
	t.Helper()
	var outs []flows.Out
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		outs, err = shop.Handle(context.Background(), tx, flows.Message{Channel: "telegram", ChatID: user, UserID: user, Text: text})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return outs
}
