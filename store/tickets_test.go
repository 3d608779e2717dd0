package store_test

import (
	"testing"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// newTicketOrder makes a shipped order for a fresh customer.
func newTicketOrder(t *testing.T, db *store.DB, user string) (store.Order, int64) {
	t.Helper()
	cust := newCustomer(t, db, user)
	o, err := createOrder(t, db, cust, store.StatusShipped, 0)
	if err != nil {
		t.Fatal(err)
	}
	return o, cust
}

func TestCreateTicketOnePerOpenOrder(t *testing.T) {
	db, _ := openDB(t)
	o, cust := newTicketOrder(t, db, "u1")
	var first store.Ticket
	update(t, db, func(tx *store.Tx) error {
		first = store.Ticket{OrderID: o.ID, CustomerID: cust, Reason: store.ReasonDamaged, OrderStatus: o.Status}
		return tx.CreateTicket(&first, "test:u1")
	})
	if len(first.Code) != 1+store.CodeLength || first.Code[0] != 'T' || first.Status != store.TicketOpen {
		t.Fatalf("ticket = %+v, want code T+5 letters, status dibuka", first)
	}
	update(t, db, func(tx *store.Tx) error {
		second := store.Ticket{OrderID: o.ID, CustomerID: cust, Reason: store.ReasonMissing}
		wantCode(t, tx.CreateTicket(&second, "test:u1"), store.EConflict)
		bad := store.Ticket{OrderID: o.ID, CustomerID: cust, Reason: "bosan"}
		wantCode(t, tx.CreateTicket(&bad, "test:u1"), store.EInvalid)
		noActor := store.Ticket{OrderID: o.ID, CustomerID: cust, Reason: store.ReasonOther}
		wantCode(t, tx.CreateTicket(&noActor, ""), store.EInvalid)
		// Closing the first lets a new one open.
		if err := tx.SetTicketStatus(first.ID, store.TicketOpen, store.TicketRejected, "test:owner", "no proof"); err != nil {
			return err
		}
		third := store.Ticket{OrderID: o.ID, CustomerID: cust, Reason: store.ReasonNotArrived}
		return tx.CreateTicket(&third, "test:u1")
	})
}

func TestCanMoveTicket(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     bool
	}{
		{store.TicketOpen, store.TicketAwaitProof, true},
		{store.TicketAwaitProof, store.TicketAwaitSupp, true},
		{store.TicketAwaitSupp, store.TicketAwaitCust, true},
		{store.TicketAwaitCust, store.TicketProcessing, true},
		{store.TicketAwaitCust, store.TicketOpen, true}, // the customer declined
		{store.TicketProcessing, store.TicketDone, true},
		{store.TicketDone, store.TicketOpen, false},          // closed stays closed
		{store.TicketRejected, store.TicketAwaitSupp, false}, // closed stays closed
		{store.TicketProcessing, store.TicketOpen, false},
		{store.TicketOpen, "hilang", false},
	} {
		if got := store.CanMoveTicket(c.from, c.to); got != c.want {
			t.Errorf("CanMoveTicket(%s, %s) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

func TestTicketStatusIsAudited(t *testing.T) {
	db, _ := openDB(t)
	o, cust := newTicketOrder(t, db, "u1")
	update(t, db, func(tx *store.Tx) error {
		tk := store.Ticket{OrderID: o.ID, CustomerID: cust, Reason: store.ReasonDamaged, Status: store.TicketAwaitProof}
		if err := tx.CreateTicket(&tk, "test:u1"); err != nil {
			return err
		}
		if err := tx.SetTicketStatus(tk.ID, store.TicketAwaitProof, store.TicketAwaitSupp, "test:u1", "sent"); err != nil {
			return err
		}
		// A stale from is a conflict and changes nothing.
		wantCode(t, tx.SetTicketStatus(tk.ID, store.TicketAwaitProof, store.TicketDone, "test:u1", ""), store.EConflict)
		wantCode(t, tx.SetTicketStatus(tk.ID, store.TicketAwaitSupp, store.TicketDone, "", ""), store.EInvalid)
		if err := tx.SetTicketStatus(tk.ID, store.TicketAwaitSupp, store.TicketDone, "test:owner", "refund"); err != nil {
			return err
		}
		h, err := tx.StatusHistory("ticket", tk.ID)
		if err != nil {
			return err
		}
		want := []string{"->menunggu_bukti test:u1", "menunggu_bukti->menunggu_supplier test:u1",
			"menunggu_supplier->selesai test:owner"}
		if len(h) != len(want) {
			t.Fatalf("history = %+v, want %v", h, want)
		}
		for i, c := range h {
			if got := c.From + "->" + c.To + " " + c.Actor; got != want[i] {
				t.Errorf("history[%d] = %s, want %s", i, got, want[i])
			}
		}
		got, err := tx.TicketByCode(tk.Code)
		if err != nil {
			return err
		}
		if got.ClosedAt.IsZero() || !store.TicketClosed(got.Status) {
			t.Errorf("closed ticket = %+v, want closed_at set", got)
		}
		_, err = tx.OpenTicketOfOrder(o.ID)
		wantCode(t, err, store.ENotFound)
		return nil
	})
}

func TestProposeTicketAndRefundedOut(t *testing.T) {
	db, _ := openDB(t)
	o, cust := newTicketOrder(t, db, "u1")
	update(t, db, func(tx *store.Tx) error {
		tk := store.Ticket{OrderID: o.ID, CustomerID: cust, Reason: store.ReasonMissing}
		if err := tx.CreateTicket(&tk, "test:u1"); err != nil {
			return err
		}
		wantCode(t, tx.ProposeTicket(tk.ID, store.ResolveRefund, decimal.Zero, "owner", ""), store.EInvalid)
		wantCode(t, tx.ProposeTicket(tk.ID, "gratis", decimal.Zero, "owner", ""), store.EInvalid)
		amount := decimal.RequireFromString("10000.50")
		if err := tx.ProposeTicket(tk.ID, store.ResolveRefund, amount, "supplier", ""); err != nil {
			return err
		}
		got, err := tx.TicketByCode(tk.Code)
		if err != nil {
			return err
		}
		if got.Resolution != store.ResolveRefund || !got.Amount.Equal(amount) || got.ProposedBy != "supplier" {
			t.Errorf("proposal = %+v", got)
		}
		// A swap carries no amount even when one is given.
		if err := tx.ProposeTicket(tk.ID, store.ResolveSwap, amount, "owner", ""); err != nil {
			return err
		}
		if got, _ = tx.TicketByCode(tk.Code); !got.Amount.IsZero() {
			t.Errorf("swap amount = %s, want 0", got.Amount)
		}
		for _, p := range []store.Payment{
			{OrderID: o.ID, Direction: "in", Method: "transfer", Amount: decimal.RequireFromString("382440"), Status: "confirmed", Actor: "t"},
			{OrderID: o.ID, Direction: "out", Method: "transfer", Amount: decimal.RequireFromString("10000.50"), Status: "pending", Actor: "t"},
			{OrderID: o.ID, Direction: "out", Method: "transfer", Amount: decimal.RequireFromString("2000.25"), Status: "confirmed", Actor: "t"},
			{OrderID: o.ID, Direction: "out", Method: "transfer", Amount: decimal.RequireFromString("5000"), Status: "rejected", Actor: "t"},
		} {
			if _, err := tx.AddPayment(p); err != nil {
				return err
			}
		}
		out, err := tx.RefundedOut(o.ID)
		if err != nil {
			return err
		}
		// 10.000,50 + 2.000,25 = 12.000,75; the rejected 5.000 does not count.
		if want := decimal.RequireFromString("12000.75"); !out.Equal(want) {
			t.Errorf("RefundedOut = %s, want %s", out, want)
		}
		return nil
	})
}

func TestTicketEvidence(t *testing.T) {
	db, _ := openDB(t)
	o, cust := newTicketOrder(t, db, "u1")
	dir := t.TempDir()
	update(t, db, func(tx *store.Tx) error {
		tk := store.Ticket{OrderID: o.ID, CustomerID: cust, Reason: store.ReasonDamaged}
		if err := tx.CreateTicket(&tk, "test:u1"); err != nil {
			return err
		}
		wantCode(t, tx.AddTicketMedia(tk.ID, 0, "photo"), store.EInvalid)
		m, err := tx.SaveMedia(dir, []byte("\x89PNG\r\n\x1a\n0000000000000000"), "image/png")
		if err != nil {
			return err
		}
		if err := tx.AddTicketMedia(tk.ID, m.ID, "photo"); err != nil {
			return err
		}
		ev, err := tx.TicketEvidence(tk.ID)
		if err != nil {
			return err
		}
		if len(ev) != 1 || ev[0].MediaID != m.ID || ev[0].Kind != "photo" {
			t.Errorf("evidence = %+v", ev)
		}
		return nil
	})
}

func TestReasonNeedsEvidence(t *testing.T) {
	want := map[string]bool{
		store.ReasonDamaged: true, store.ReasonWrongItem: true, store.ReasonMissing: true, store.ReasonNotAsDesc: true,
		store.ReasonNotArrived: false, store.ReasonOther: false,
	}
	if len(store.TicketReasons()) != len(want) {
		t.Fatalf("reasons = %v", store.TicketReasons())
	}
	for _, r := range store.TicketReasons() {
		if got := store.ReasonNeedsEvidence(r); got != want[r] {
			t.Errorf("ReasonNeedsEvidence(%s) = %v, want %v", r, got, want[r])
		}
	}
}

func TestAddRTS(t *testing.T) {
	db, _ := openDB(t)
	cust := newCustomer(t, db, "u1")
	update(t, db, func(tx *store.Tx) error {
		if n, err := tx.RTSCount(cust); err != nil || n != 0 {
			t.Errorf("fresh RTSCount = %d, %v; want 0", n, err)
		}
		for want := 1; want <= 2; want++ {
			n, err := tx.AddRTS(cust)
			if err != nil {
				return err
			}
			if n != want {
				t.Errorf("AddRTS = %d, want %d", n, want)
			}
		}
		_, err := tx.RTSCount(cust + 100)
		wantCode(t, err, store.ENotFound)
		return nil
	})
}
