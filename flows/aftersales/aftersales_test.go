package aftersales_test

import (
	"os"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// TestAftersalesDynamicKeys covers the keys after-sales builds from data.
func TestAftersalesDynamicKeys(t *testing.T) {
	b := locales.Default()
	var keys []string
	for _, r := range store.TicketReasons() {
		keys = append(keys, "ticket_reason."+r)
	}
	for _, s := range []string{store.TicketOpen, store.TicketAwaitProof, store.TicketAwaitSupp, store.TicketAwaitCust,
		store.TicketProcessing, store.TicketDone, store.TicketRejected} {
		keys = append(keys, "ticket_status."+s)
	}
	for _, r := range []string{store.ResolveRefund, store.ResolveSwap, store.ResolveResend, store.ResolveReject} {
		keys = append(keys, "aftersales.resolution."+r)
	}
	for _, r := range []string{store.ResolveRefund, store.ResolveSwap, store.ResolveResend} {
		keys = append(keys, "aftersales.offer."+r)
	}
	for _, r := range []string{store.ResolveSwap, store.ResolveResend} {
		keys = append(keys, "aftersales.accepted."+r)
	}
	keys = append(keys, "aftersales.by_owner", "aftersales.by_supplier")
	for _, lang := range b.Langs() {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s: missing key %s", lang, k)
			}
		}
	}
}

func TestComplaintEvidenceAndRelay(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := flowtest.ShippedCOD(t, e, "c1")

	// Another customer's attempt looks like an unknown code.
	if got := flowtest.TextsTo(e.Private(t, "c2", "/komplain "+code), "c2"); !strings.Contains(got, "tidak ketemu") {
		t.Errorf("someone else's order: %q", got)
	}
	e.Private(t, "c1", "/komplain "+code)
	outs := e.Private(t, "c1", "1") // rusak: evidence needed
	if got := flowtest.TextsTo(outs, "c1"); !strings.Contains(got, "video unboxing") {
		t.Fatalf("no evidence request: %q", got)
	}
	// A video over the platform limit: told the limit, nothing stored.
	outs = e.Handle(t, flows.Message{Channel: "telegram", ChatID: "c1", UserID: "c1",
		Media: &flows.Media{Kind: flows.MediaVideo, Size: 60 << 20, TooBig: true}})
	if got := flowtest.TextsTo(outs, "c1"); !strings.Contains(got, "20 MB") {
		t.Errorf("too big video: %q", got)
	}
	// "selesai" with no evidence yet is refused.
	if got := flowtest.TextsTo(e.Private(t, "c1", "selesai"), "c1"); !strings.Contains(got, "Belum ada bukti") {
		t.Errorf("done without evidence: %q", got)
	}
	png, err := os.ReadFile("../../bot/playground/testdata/bukti.png")
	if err != nil {
		t.Fatal(err)
	}
	var mediaID int64
	var ticket string
	err = e.DB.Update(t.Context(), func(tx *store.Tx) error {
		m, err := tx.SaveMedia(t.TempDir(), png, "image/png")
		mediaID = m.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e.Handle(t, flows.Message{Channel: "telegram", ChatID: "c1", UserID: "c1",
		Media: &flows.Media{Kind: flows.MediaPhoto, MediaID: mediaID}})
	outs = e.Private(t, "c1", "selesai")
	var groupCard, groupPhoto, ownerCard bool
	for _, o := range outs {
		if o.Ref.Kind != "ticket" {
			continue
		}
		ticket = o.Ref.ID
		switch {
		case o.To.ChatID == flowtest.SupGMS && o.MediaID == mediaID:
			groupPhoto = true
		case o.To.ChatID == flowtest.SupGMS && strings.Contains(o.Text, code):
			groupCard = true
		case o.To.ChatID == flowtest.SupOwner && strings.Contains(o.Text, code):
			ownerCard = true
		}
	}
	if !groupCard || !groupPhoto || !ownerCard {
		t.Fatalf("relay: card %v photo %v owner %v in %+v", groupCard, groupPhoto, ownerCard, outs)
	}
	// HJB's group is not told about GMS's ticket.
	if got := flowtest.TextsTo(outs, flowtest.SupHJB); got != "" {
		t.Errorf("HJB got %q", got)
	}
	err = e.DB.View(t.Context(), func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		if err != nil {
			return err
		}
		if o.Status != store.StatusComplaint {
			t.Errorf("order status = %s, want komplain", o.Status)
		}
		tk, err := tx.TicketByCode(ticket)
		if err != nil {
			return err
		}
		if tk.Status != store.TicketAwaitSupp || tk.Reason != store.ReasonDamaged {
			t.Errorf("ticket = %+v", tk)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A second complaint while this one is open.
	if got := flowtest.TextsTo(e.Private(t, "c1", "/komplain "+code), "c1"); !strings.Contains(got, ticket) {
		t.Errorf("second complaint: %q", got)
	}
	// HJB cannot answer GMS's ticket, even with a forged quote.
	if outs := e.Group(t, flowtest.SupHJB, "x", "refund", flows.Ref{Kind: "ticket", ID: ticket}); len(outs) != 0 {
		t.Errorf("HJB acted on GMS's ticket: %+v", outs)
	}
	// A COD order has no payment in yet: nothing to refund.
	if got := flowtest.TextsTo(e.Group(t, flowtest.SupGMS, "dewi", "refund", flows.Ref{Kind: "ticket", ID: ticket}), flowtest.SupGMS); !strings.Contains(got, "Belum ada pembayaran") {
		t.Errorf("refund of unpaid COD: %q", got)
	}
	// The owner rejects; evidence after that is answered as closed.
	e.Private(t, flowtest.SupOwner, "/tolakkomplain "+ticket+" tidak terbukti")
	outs = e.Handle(t, flows.Message{Channel: "telegram", ChatID: "c1", UserID: "c1",
		Media: &flows.Media{Kind: flows.MediaPhoto, MediaID: mediaID}})
	if got := flowtest.TextsTo(outs, "c1"); !strings.Contains(got, "sudah ditutup") {
		t.Errorf("evidence after close: %q", got)
	}
	err = e.DB.View(t.Context(), func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		if err != nil {
			return err
		}
		if o.Status != store.StatusShipped {
			t.Errorf("order after rejection = %s, want dikirim", o.Status)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestComplaintOnUnshippedOrder(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := e.CODOrder(t, "c1", "GMS-01 M x1")
	if got := flowtest.TextsTo(e.Private(t, "c1", "/komplain "+code), "c1"); !strings.Contains(got, "belum bisa dikomplain") {
		t.Errorf("unshipped: %q", got)
	}
}

// FuzzAftersalesText sends arbitrary text through every after-sales step
// (customer reason/evidence/answer, supplier quote-replies, owner
// commands): bad input is answered, never an error or a panic.
func FuzzAftersalesText(f *testing.F) {
	for _, s := range []string{"1", "5", "99", "selesai", "lanjut", "setuju", "tidak", "refund Rp10.000,50",
		"refund 1e9", "tolak", "tolak barang aman", "tukar", "kirim ulang", "diterima", "JNE 1704 3004 5644 420",
		"/refund T4U5W4 -5", "/tolakkomplain X", "/komplain", "/setuju ZZZZZZ", "", "\x00", "refund ,,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		e := flowtest.NewSupEnv(t)
		code := flowtest.ShippedCOD(t, e, "c1")
		e.Private(t, "c1", "/komplain "+code)
		e.Private(t, "c1", text)
		e.Private(t, "c1", "1")
		e.Private(t, "c1", text)
		var ticket string
		err := e.DB.View(t.Context(), func(tx *store.Tx) error {
			o, err := tx.OrderByCode(code)
			if err != nil {
				return err
			}
			tk, err := tx.LatestTicketOfOrder(o.ID)
			if err == nil {
				ticket = tk.Code
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		e.Group(t, flowtest.SupGMS, "dewi", text, flows.Ref{Kind: "ticket", ID: ticket})
		e.Private(t, flowtest.SupOwner, "/refund "+ticket+" "+text)
		e.Private(t, flowtest.SupOwner, "/tukar "+text)
		e.Private(t, "c1", text)
	})
}

func TestCODAllowedRule(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	e.Private(t, "c1", "halo")
	for _, c := range []struct {
		setting string
		rts     int // RTS count before the check
		want    bool
	}{
		{"0", 3, true},  // rule off
		{"", 3, true},   // unset
		{"x", 3, true},  // unreadable = off
		{"2", 1, true},  // 1 < 2
		{"2", 2, false}, // 2 ≥ 2: prepayment only
		{"1", 0, true},  // no history
		{"1", 1, false}, // one RTS is enough
	} {
		err := e.DB.Update(t.Context(), func(tx *store.Tx) error {
			w, err := tx.Resolve("telegram", "c1", false, "c1", "")
			if err != nil {
				return err
			}
			for n, _ := tx.RTSCount(w.CustomerID); n < c.rts; n, _ = tx.RTSCount(w.CustomerID) {
				if _, err := tx.AddRTS(w.CustomerID); err != nil {
					return err
				}
			}
			if err := tx.SetSetting(order.SettingCODMaxRTS, c.setting); err != nil {
				return err
			}
			got, err := order.CODAllowed(tx, w.CustomerID)
			if err != nil {
				return err
			}
			if got != c.want {
				t.Errorf("setting %q, %d RTS: CODAllowed = %v, want %v", c.setting, c.rts, got, c.want)
			}
			return flowtest.ErrRollback
		})
		if err != nil && err != flowtest.ErrRollback {
			t.Fatal(err)
		}
	}
}
