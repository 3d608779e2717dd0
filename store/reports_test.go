package store_test

import (
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestReportOrders: the orders created in [from, to) come back with their
// items (and supplier codes) and payments, money exact, carts left out.
func TestReportOrders(t *testing.T) {
	db, clk := openDB(t)
	cust := newCustomer(t, db, "r1")
	var sup int64
	update(t, db, func(tx *store.Tx) (err error) {
		sup, err = tx.AddSupplier(store.Supplier{Code: "GMS", Name: "Grosir Muslim Solo"})
		return err
	})
	from := clk.Now()
	mk := func(status string, items ...store.OrderItem) store.Order {
		o := store.Order{CustomerID: cust, Channel: "telegram", ChatID: "r1", Status: status, Shipping: d("15000"),
			CODFee: d("0"), Total: d("0"), Items: items}
		update(t, db, func(tx *store.Tx) error { return tx.CreateOrder(&o) })
		return o
	}
	sale := mk(store.StatusDone,
		store.OrderItem{SupplierID: sup, SKU: "GMS-07", ProductName: "Mukena", VariantName: "Dewasa", Qty: 3,
			UnitPrice: d("125000"), UnitCost: d("96333.33")},
		store.OrderItem{SKU: "OWN-1", ProductName: "Bros", Qty: 1, UnitPrice: d("15000"), UnitCost: d("7500.5")})
	update(t, db, func(tx *store.Tx) error {
		if _, err := tx.AddPayment(store.Payment{OrderID: sale.ID, Direction: "in", Method: "transfer", Amount: d("405000"),
			Status: "confirmed", Actor: "play:owner"}); err != nil {
			return err
		}
		_, err := tx.AddPayment(store.Payment{OrderID: sale.ID, Direction: "out", Method: "transfer", Amount: d("12500.50"),
			Status: "confirmed", Actor: "play:owner"})
		return err
	})
	clk.Add(time.Hour)
	waiting := mk(store.StatusAwaitPay, store.OrderItem{SKU: "X", ProductName: "X", Qty: 1, UnitPrice: d("1"), UnitCost: d("1")})
	mk(store.StatusCart, store.OrderItem{SKU: "X", ProductName: "X", Qty: 1, UnitPrice: d("1"), UnitCost: d("1")})
	clk.Add(time.Hour)
	to := clk.Now() // an order created exactly at `to` is outside [from, to)
	mk(store.StatusDone, store.OrderItem{SKU: "X", ProductName: "X", Qty: 1, UnitPrice: d("1"), UnitCost: d("1")})

	var got []store.ReportOrder
	view(t, db, func(tx *store.Tx) (err error) {
		got, err = tx.ReportOrders(from, to)
		return err
	})
	if len(got) != 2 || got[0].Code != sale.Code || got[1].Code != waiting.Code {
		t.Fatalf("orders = %+v, want %s then %s", got, sale.Code, waiting.Code)
	}
	o := got[0]
	// Subtotal = 3 × 125000 + 15000 = 390000.
	if o.Status != store.StatusDone || o.Channel != "telegram" || !o.Subtotal.Equal(d("390000")) || !o.Shipping.Equal(d("15000")) ||
		!o.CreatedAt.Equal(from) {
		t.Errorf("order = %+v", o)
	}
	if len(o.Items) != 2 {
		t.Fatalf("items = %+v", o.Items)
	}
	if it := o.Items[0]; it.SupplierCode != "GMS" || it.SupplierName != "Grosir Muslim Solo" || it.SupplierID != sup ||
		!it.UnitCost.Equal(d("96333.33")) || it.Qty != 3 || it.VariantName != "Dewasa" {
		t.Errorf("item 0 = %+v", it)
	}
	if it := o.Items[1]; it.SupplierCode != "" || it.SupplierID != 0 || !it.UnitCost.Equal(d("7500.5")) {
		t.Errorf("own-stock item = %+v", it)
	}
	if len(o.Payments) != 2 || o.Payments[1].Direction != "out" || !o.Payments[1].Amount.Equal(d("12500.5")) ||
		o.Payments[1].Status != "confirmed" || o.Payments[0].Actor != "play:owner" {
		t.Errorf("payments = %+v", o.Payments)
	}
	if len(got[1].Items) != 1 || len(got[1].Payments) != 0 {
		t.Errorf("waiting order = %+v", got[1])
	}

	// An empty window.
	view(t, db, func(tx *store.Tx) (err error) {
		got, err = tx.ReportOrders(from.Add(-time.Hour), from)
		return err
	})
	if len(got) != 0 {
		t.Errorf("%d orders before the first", len(got))
	}
}

// TestRecapOpenOrders: the open orders, each with the time it entered its
// current status.
func TestRecapOpenOrders(t *testing.T) {
	db, clk := openDB(t)
	cust := newCustomer(t, db, "r2")
	paid, _ := createOrder(t, db, cust, store.StatusAwaitPay, 0)
	createOrder(t, db, cust, store.StatusDone, 0)
	createOrder(t, db, cust, store.StatusCart, 0)
	clk.Add(3 * time.Hour)
	moved := clk.Now()
	update(t, db, func(tx *store.Tx) error {
		return tx.SetOrderStatus(paid.ID, store.StatusAwaitPay, store.StatusProcessing, "test", "")
	})
	clk.Add(time.Hour)
	waiting, _ := createOrder(t, db, cust, store.StatusAwaitPay, 0)

	var got []store.RecapOrder
	view(t, db, func(tx *store.Tx) (err error) {
		got, err = tx.RecapOpenOrders()
		return err
	})
	if len(got) != 2 {
		t.Fatalf("open orders = %+v", got)
	}
	if got[0].Code != paid.Code || got[0].Status != store.StatusProcessing || !got[0].Since.Equal(moved) || !got[0].CreatedAt.Equal(t0) {
		t.Errorf("first = %+v (since want %v)", got[0], moved)
	}
	if got[1].Code != waiting.Code || !got[1].Since.Equal(clk.Now()) {
		t.Errorf("second = %+v", got[1])
	}
}

func TestPendingJobs(t *testing.T) {
	db, clk := openDB(t)
	update(t, db, func(tx *store.Tx) error {
		for _, j := range []struct {
			kind, ref string
			in        time.Duration
		}{{"recap.daily", "2025-03-02", 30 * time.Hour}, {"recap.daily", "2025-03-01", 10 * time.Hour}, {"order.remind", "K", time.Hour}} {
			if err := tx.ScheduleJob(j.kind, j.ref, clk.Now().Add(j.in)); err != nil {
				return err
			}
		}
		return nil
	})
	var jobs []store.Job
	view(t, db, func(tx *store.Tx) (err error) {
		jobs, err = tx.PendingJobsOf("recap.daily")
		return err
	})
	if len(jobs) != 2 || jobs[0].Ref != "2025-03-01" || jobs[1].Ref != "2025-03-02" {
		t.Fatalf("pending = %+v", jobs)
	}
	update(t, db, func(tx *store.Tx) error {
		n, err := tx.CancelPendingJobs("recap.daily")
		if n != 2 {
			t.Errorf("cancelled %d, want 2", n)
		}
		return err
	})
	view(t, db, func(tx *store.Tx) (err error) {
		jobs, err = tx.PendingJobsOf("recap.daily")
		if len(jobs) != 0 {
			t.Errorf("still pending: %+v", jobs)
		}
		due, err := tx.DueJobs(clk.Now().Add(48*time.Hour), 10)
		if len(due) != 1 || due[0].Kind != "order.remind" {
			t.Errorf("due = %+v; the other kind must stay", due)
		}
		return err
	})
	// A cancelled (kind, ref) can be scheduled again.
	update(t, db, func(tx *store.Tx) error { return tx.ScheduleJob("recap.daily", "2025-03-01", clk.Now()) })
	view(t, db, func(tx *store.Tx) (err error) {
		jobs, err = tx.PendingJobsOf("recap.daily")
		if len(jobs) != 1 {
			t.Errorf("rescheduled = %+v", jobs)
		}
		return err
	})
}

// TestBroadcastAudience: only opted-in customers, reachable, not staff,
// one row per identity.
func TestBroadcastAudience(t *testing.T) {
	db, _ := openDB(t)
	a := newCustomer(t, db, "a")
	b := newCustomer(t, db, "b")
	newCustomer(t, db, "c") // never opted in
	staffCust := newCustomer(t, db, "s")
	update(t, db, func(tx *store.Tx) error {
		for _, id := range []int64{a, b, staffCust} {
			if err := tx.SetCustomerOptIn(id, true); err != nil {
				return err
			}
		}
		if _, err := tx.MarkUnreachable("telegram", "b"); err != nil {
			return err
		}
		return tx.SetStaff("telegram", "s", store.StaffAdmin, "test")
	})
	var got []store.Recipient
	view(t, db, func(tx *store.Tx) (err error) {
		got, err = tx.BroadcastAudience()
		return err
	})
	if len(got) != 1 || got[0] != (store.Recipient{Channel: "telegram", ChatID: "a", CustomerID: a}) {
		t.Errorf("audience = %+v, want only a", got)
	}
	update(t, db, func(tx *store.Tx) error { return tx.SetCustomerOptIn(a, false) })
	view(t, db, func(tx *store.Tx) (err error) {
		got, err = tx.BroadcastAudience()
		return err
	})
	if len(got) != 0 {
		t.Errorf("audience after opt-out = %+v", got)
	}
	err := db.Update(contextBG(), func(tx *store.Tx) error { return tx.SetCustomerOptIn(999, true) })
	wantCode(t, err, store.ENotFound)
}
