package relay_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/store"
)

// waitingHJBOrder is a COD order of 2 × HJB-11 Navy that HJB marked out of
// stock and whose customer chose to wait.
func waitingHJBOrder(t *testing.T, e *flowtest.SupEnv) string {
	t.Helper()
	code := e.CODOrder(t, "ani", "HJB-11 Navy x2")
	e.Group(t, flowtest.SupHJB, "tini", "/habis "+code, flows.Ref{})
	if got := flowtest.TextsTo(e.Private(t, "ani", "1"), flowtest.SupHJB); !strings.Contains(got, code) {
		t.Fatalf("the group is not told the customer waits: %q", got)
	}
	return code
}

func navyStock(t *testing.T, e *flowtest.SupEnv) int64 {
	t.Helper()
	var n int64 = -1
	err := e.DB.View(context.Background(), func(tx *store.Tx) error {
		p, err := tx.ProductBySKU("HJB-11")
		if err != nil {
			return err
		}
		for _, v := range p.Variants {
			if v.Name == "Navy" {
				n = v.Stock.Int64
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRestockNamesTheWaitingOrder: only the order's own supplier group
// restocking the very variant hears of the waiting order; the restock holds
// its quantity once, however often the count is sent.
func TestRestockNamesTheWaitingOrder(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := waitingHJBOrder(t, e)
	for _, c := range []struct{ chat, text string }{
		{flowtest.SupGMS, "/stok HJB-11 Navy 10"},  // another supplier's group
		{"stranger", "/stok HJB-11 Navy 10"},       // an unlinked group
		{flowtest.SupHJB, "/stok HJB-11 Hitam 10"}, // another variant
		{flowtest.SupHJB, "/stok HJB-11 Navy banyak"},
		{flowtest.SupHJB, "/stok HJB-11 Navy 0"},
	} {
		before := navyStock(t, e)
		for _, o := range e.Group(t, c.chat, "tini", c.text, flows.Ref{}) {
			if strings.Contains(o.Text, code) {
				t.Errorf("%s %q names the waiting order to %s: %q", c.chat, c.text, o.To.ChatID, o.Text)
			}
		}
		if c.text != "/stok HJB-11 Navy 0" && navyStock(t, e) != before {
			t.Errorf("%s %q changed the Navy stock %d → %d", c.chat, c.text, before, navyStock(t, e))
		}
	}
	// Too few for the order: named, nothing held.
	outs := e.Group(t, flowtest.SupHJB, "tini", "/stok HJB-11 Navy 1", flows.Ref{})
	if got := flowtest.TextsTo(outs, flowtest.SupHJB); !strings.Contains(got, code) || !strings.Contains(got, "belum cukup") {
		t.Errorf("a short restock does not name the order as not covered: %q", got)
	}
	if n := navyStock(t, e); n != 1 {
		t.Errorf("stock after a short restock = %d, want 1", n)
	}
	// Enough: held, and the owner is told; a repeated count holds no more.
	for range 2 {
		outs = e.Group(t, flowtest.SupHJB, "tini", "/stok HJB-11 Navy 10", flows.Ref{})
		if got := flowtest.TextsTo(outs, flowtest.SupHJB); !strings.Contains(got, "terima "+code) {
			t.Errorf("the restock does not ask to ship %s: %q", code, got)
		}
		if got := flowtest.TextsTo(outs, flowtest.SupOwner); !strings.Contains(got, code) {
			t.Errorf("the owner is not told of the restock for %s: %q", code, got)
		}
		if n := navyStock(t, e); n != 8 {
			t.Errorf("stock for sale = %d, want 8 (10 less the 2 held)", n)
		}
	}
	// Once accepted the order waits no more: the count is the count.
	e.Group(t, flowtest.SupHJB, "tini", "/terima "+code, flows.Ref{})
	for _, o := range e.Group(t, flowtest.SupHJB, "tini", "/stok HJB-11 Navy 10", flows.Ref{}) {
		if strings.Contains(o.Text, code) {
			t.Errorf("an accepted order is still named: %q", o.Text)
		}
	}
	if n := navyStock(t, e); n != 10 {
		t.Errorf("stock after the order was accepted = %d, want 10", n)
	}
}

// TestRestockReminderRefs: the reminder job survives refs that are not its
// own, does nothing for an order that no longer waits, and stops after the
// last reminder.
func TestRestockReminderRefs(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := waitingHJBOrder(t, e)
	other := e.CODOrder(t, "budi", "GMS-02 x1") // not waiting
	run := func(ref string) []flows.Out {
		t.Helper()
		var outs []flows.Out
		err := e.DB.Update(context.Background(), func(tx *store.Tx) (err error) {
			outs, err = e.Shop.Job(context.Background(), tx, store.Job{Kind: relay.JobRestockRemind, Ref: ref})
			return err
		})
		if err != nil {
			t.Fatalf("%q: %v", ref, err)
		}
		return outs
	}
	for _, ref := range []string{"", "/", code, code + "/", code + "/0", code + "/4", code + "/-1", code + "/x", code + "/1/2",
		"ZZZZZ/1", other + "/1", "../../x/1", strings.Repeat("9", 40) + "/99999999999999999999"} {
		if outs := run(ref); len(outs) != 0 {
			t.Errorf("ref %q sent %d messages: %q", ref, len(outs), outs[0].Text)
		}
	}
	outs := run(code + "/3")
	if !strings.Contains(flowtest.TextsTo(outs, flowtest.SupHJB), code) || !strings.Contains(flowtest.TextsTo(outs, flowtest.SupOwner), "terakhir") {
		t.Errorf("the last reminder: %v", outs)
	}
	err := e.DB.View(context.Background(), func(tx *store.Tx) error {
		due, err := tx.DueJobs(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), 1000)
		if err != nil {
			return err
		}
		for _, j := range due {
			if j.Kind == relay.JobRestockRemind && j.Ref == code+"/4" {
				t.Errorf("a reminder after the last was planned")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
