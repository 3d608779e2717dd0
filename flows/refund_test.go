package flows_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

// paidTransferOrder places a transfer order and has the owner approve it.
func paidTransferOrder(t *testing.T, e *flowtest.SupEnv, customer, items string) string {
	t.Helper()
	e.Private(t, customer, "Nama: Ani\nHP: 081311112222\nAlamat: Jl. Kenari 2, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: "+
		items+"\nKurir: JNE REG")
	code := ""
	for _, o := range e.Private(t, customer, "1") {
		if o.Ref.Kind == "order" && o.To.ChatID == customer {
			code = o.Ref.ID
		}
	}
	if code == "" {
		t.Fatalf("no order for %s", customer)
	}
	e.Private(t, flowtest.SupOwner, "/lunas "+code)
	return code
}

// refundBooks is an order's status and its refunds with their destination.
func refundBooks(code string) func(t *testing.T, tx *store.Tx) string {
	return func(t *testing.T, tx *store.Tx) string {
		t.Helper()
		o, err := tx.OrderByCode(code)
		if err != nil {
			t.Fatal(err)
		}
		pays, err := tx.PaymentsOf(o.ID)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString(o.Status)
		for _, p := range pays {
			fmt.Fprintf(&b, ";%s %s %s %+v", p.Direction, p.Amount, p.Status, p.Dest)
		}
		return b.String()
	}
}

// A customer who cancels a sold-out item is asked where the refund goes;
// no hostile message at that step writes a destination or drops the
// question; the real answer is kept on the refund and reaches the owner.
func TestRefundDestinationAfterHabis(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := paidTransferOrder(t, e, "c1", "GMS-01 M x1")
	e.Group(t, flowtest.SupGMS, "dewi", "/habis "+code, flows.Ref{})
	if got := flowtest.TextsTo(e.Private(t, "c1", "3"), "c1"); !strings.Contains(got, "rekening tujuannya") {
		t.Fatalf("the customer was not asked where the refund goes: %q", got)
	}
	stepWalk{DB: e.DB, Shop: e.Shop, channel: "telegram", user: "c1", books: refundBooks(code)}.
		run(t, texts("BCA 1234567890 a.n. Ani Lestari"))

	if err := e.DB.View(t.Context(), func(tx *store.Tx) error {
		got := refundBooks(code)(t, tx)
		if !strings.Contains(got, "out") || !strings.Contains(got, "Bank:BCA Number:1234567890 Holder:Ani Lestari") {
			t.Errorf("refunds %s, want the destination on the refund", got)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// A stranger, or the same customer after the refund was sent, cannot
// write a destination on someone's refund.
func TestRefundDestinationOnlyWhileOwed(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := paidTransferOrder(t, e, "c1", "GMS-01 M x1")
	e.Group(t, flowtest.SupGMS, "dewi", "/habis "+code, flows.Ref{})
	e.Private(t, "c1", "3")
	e.Private(t, "c2", "BCA 9999999999 a.n. Maling")
	e.Private(t, flowtest.SupOwner, "/refundterkirim "+code)
	outs := e.Private(t, "c1", "BCA 1234567890 a.n. Ani")
	if got := flowtest.TextsTo(outs, "c1"); !strings.Contains(got, "tidak menunggu rekening") {
		t.Errorf("answer after the refund was sent: %q", got)
	}
	if got := flowtest.TextsTo(outs, flowtest.SupOwner); got != "" {
		t.Errorf("the owner was told a destination for a refund already sent: %q", got)
	}
	if err := e.DB.View(t.Context(), func(tx *store.Tx) error {
		if got := refundBooks(code)(t, tx); strings.Contains(got, "Maling") || strings.Contains(got, "1234567890") {
			t.Errorf("refunds %s: a destination was written", got)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// A customer who left the question (menu) gives the account later with
// /rekening; another customer's /rekening with that code gets nothing.
func TestRefundAccountLater(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := paidTransferOrder(t, e, "c1", "GMS-01 M x1")
	e.Group(t, flowtest.SupGMS, "dewi", "/habis "+code, flows.Ref{})
	e.Private(t, "c1", "3")
	e.Private(t, "c1", "menu")
	if got := flowtest.TextsTo(e.Private(t, "c2", "/rekening "+code), "c2"); !strings.Contains(got, "tidak ada refund") {
		t.Errorf("a stranger's /rekening %s: %q", code, got)
	}
	if got := flowtest.TextsTo(e.Private(t, "c1", "/rekening"), "c1"); !strings.Contains(got, "rekening tujuannya") {
		t.Fatalf("/rekening did not ask again: %q", got)
	}
	outs := e.Private(t, "c1", "BNI 0987654321 an Ani")
	if got := flowtest.TextsTo(outs, flowtest.SupOwner); !strings.Contains(got, "BNI `0987654321` a.n. Ani") {
		t.Errorf("the owner was not told the account: %q", got)
	}
}
