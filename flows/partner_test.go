package flows_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// partnerShop is a demo shop with an owner, the GMS group linked and
// GMS-02 at Rp149.900, so two of them are Rp299.800 of goods.
type partnerShop struct {
	t    *testing.T
	ctx  context.Context
	db   *store.DB
	shop *flows.Shop
}

func newPartnerShop(t *testing.T) *partnerShop {
	t.Helper()
	ctx, db, shop := flowtest.OpenShop(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := flows.SeedDemo(tx); err != nil {
			return err
		}
		if err := tx.SetStaff("play", "owner", store.StaffOwner, "test"); err != nil {
			return err
		}
		s, err := tx.SupplierByCode("GMS")
		if err != nil {
			return err
		}
		if err := tx.LinkGroup("play", "g-gms", s.ID, ""); err != nil {
			return err
		}
		p, err := tx.ProductBySKU("GMS-02")
		if err != nil {
			return err
		}
		return tx.SetVariantPrice(p.Variants[0].ID, "retail", decimal.NewNullDecimal(decimal.NewFromInt(149900)), "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	return &partnerShop{t: t, ctx: ctx, db: db, shop: shop}
}

// say sends one message and returns every text the bot sent, by chat.
func (s *partnerShop) say(user string, group bool, text string) map[string]string {
	s.t.Helper()
	chat := user
	if group {
		chat = "g-gms"
	}
	got := map[string]string{}
	err := s.db.Update(s.ctx, func(tx *store.Tx) error {
		outs, err := s.shop.Handle(s.ctx, tx, flows.Message{Channel: "play", ChatID: chat, UserID: user, Group: group, Text: text})
		for _, o := range outs {
			got[o.To.ChatID] += o.Text + "\n"
		}
		return err
	})
	if err != nil {
		s.t.Fatalf("%s %q: %v", user, text, err)
	}
	return got
}

func (s *partnerShop) view(f func(tx *store.Tx) error) {
	s.t.Helper()
	if err := s.db.View(s.ctx, f); err != nil {
		s.t.Fatal(err)
	}
}

// enrol makes user an approved affiliate through the chat and returns the code.
func (s *partnerShop) enrol(user, name, phone string) string {
	s.t.Helper()
	s.say(user, false, "/daftar afiliasi")
	s.say(user, false, name)
	s.say(user, false, phone)
	s.say(user, false, "BCA 1234567890 "+name)
	var code string
	s.view(func(tx *store.Tx) error {
		cid, _, err := tx.CustomerOf("play", user)
		if err != nil {
			return err
		}
		p, err := tx.PartnerOfCustomer(cid)
		code = p.Code
		return err
	})
	if got := s.say("owner", false, "/mitra terima "+code); !strings.Contains(got[user], code) {
		s.t.Fatalf("approval: the partner got %q", got[user])
	}
	return code
}

// order places a transfer order of two GMS-02 for user and returns its code.
func (s *partnerShop) order(user, name, phone string) string {
	s.t.Helper()
	s.say(user, false, "Nama: "+name+"\nHP: "+phone+"\nAlamat: Jl. Melati 12, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: GMS-02 x2\nKurir: JNE REG")
	s.say(user, false, "1")
	var code string
	s.view(func(tx *store.Tx) error {
		os, _, err := tx.SearchOrders(store.OrderQuery{Text: name})
		if len(os) > 0 {
			code = os[0].Code
		}
		return err
	})
	if code == "" {
		s.t.Fatalf("no order placed for %s", user)
	}
	return code
}

func (s *partnerShop) partnerOrder(code string) store.PartnerOrder {
	s.t.Helper()
	var po store.PartnerOrder
	s.view(func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		if err != nil {
			return err
		}
		po, err = tx.PartnerOrderOf(o.ID)
		return err
	})
	return po
}

// TestPartnerCommissionFigures checks the hand-computed figures through
// the chat: 10 % of Rp299.800 of goods is Rp29.980 (ongkir and kode unik
// earn nothing), and a refund of half the goods claws back Rp14.990.
func TestPartnerCommissionFigures(t *testing.T) {
	s := newPartnerShop(t)
	code := s.enrol("sari", "Sari Wulandari", "081298765432")
	if got := s.say("rina", false, "/start "+code); !strings.Contains(got["rina"], code) {
		t.Fatalf("/start %s: %q", code, got["rina"])
	}
	oc := s.order("rina", "Rina Kusuma", "081377778888")
	po := s.partnerOrder(oc)
	if want := decimal.NewFromInt(299800); !po.Base.Equal(want) {
		t.Errorf("base %s, want %s", po.Base, want)
	}
	if want := decimal.NewFromInt(29980); !po.Commission.Equal(want) || po.Status != store.POPending {
		t.Errorf("commission %s (%s), want %s pending", po.Commission, po.Status, want)
	}
	// Paid, shipped, complained about; the owner refunds half the goods.
	s.say("owner", false, "/lunas "+oc)
	s.say("staff", true, "/resi "+oc+" JP1234567890")
	s.say("rina", false, "/komplain "+oc)
	s.say("rina", false, "1")
	s.say("rina", false, "jahitan lepas")
	s.say("rina", false, "selesai")
	var ticket string
	s.view(func(tx *store.Tx) error {
		cid, _, err := tx.CustomerOf("play", "rina")
		if err != nil {
			return err
		}
		tk, err := tx.LatestTicketOfCustomer(cid)
		ticket = tk.Code
		return err
	})
	s.say("owner", false, "/refund "+ticket+" 149900")
	got := s.say("rina", false, "1")
	if !strings.Contains(got["sari"], "Rp14.990") {
		t.Errorf("the partner was told %q, want the clawback of Rp14.990", got["sari"])
	}
	for _, secret := range []string{"Rina", "77778888", "Melati"} {
		if strings.Contains(got["sari"], secret) {
			t.Errorf("the partner's notice shows the buyer's %q: %q", secret, got["sari"])
		}
	}
	s.view(func(tx *store.Tx) error {
		p, err := tx.PartnerByCode(code)
		if err != nil {
			return err
		}
		bal, err := tx.PartnerBalanceOf(p.ID)
		if want := decimal.NewFromInt(14990); err == nil && !bal.Pending.Equal(want) {
			t.Errorf("pending %s, want %s (29.980 − 14.990)", bal.Pending, want)
		}
		return err
	})
}

// TestPartnerSeesOnlyOwnSales: a partner's sales list holds their own
// orders only, never a buyer's name, phone or address; a customer typing
// an owner's /mitra verb is offered the enrolment and learns nothing.
func TestPartnerSeesOnlyOwnSales(t *testing.T) {
	s := newPartnerShop(t)
	sari := s.enrol("sari", "Sari Wulandari", "081298765432")
	dewi := s.enrol("dewi", "Dewi Lestari", "081311112222")
	s.say("rina", false, "/start "+sari)
	ro := s.order("rina", "Rina Kusuma", "081377778888")
	s.say("tia", false, "/start "+dewi)
	to := s.order("tia", "Tia Maharani", "081399990000")

	got := s.say("sari", false, "/mitra penjualan")["sari"]
	if !strings.Contains(got, ro) || strings.Contains(got, to) {
		t.Errorf("Sari's sales %q: want %s only", got, ro)
	}
	for _, secret := range []string{"Rina", "77778888", "Melati", "Tia"} {
		if strings.Contains(got, secret) {
			t.Errorf("Sari's sales show %q: %q", secret, got)
		}
	}
	for _, in := range []string{"/mitra terima " + dewi, "/mitra bayar " + dewi, "/mitra kinerja", "/mitra tolakkomisi " + to + " x"} {
		out := s.say("budi", false, in)
		if strings.Contains(out["budi"], dewi) || strings.Contains(out["budi"], "Dewi") || out["owner"] != "" || out["dewi"] != "" {
			t.Errorf("customer %q got %q (owner %q, dewi %q)", in, out["budi"], out["owner"], out["dewi"])
		}
		s.say("budi", false, "menu")
	}
	// Another partner's code in the partner's own commands changes nothing.
	out := s.say("sari", false, "/mitra penjualan "+dewi)
	if strings.Contains(out["sari"], to) {
		t.Errorf("Sari reading with Dewi's code got %q", out["sari"])
	}
}

// TestPartnerOwnLinkAttributesNothing: a partner opening their own link
// is greeted, not recorded as their own referral.
func TestPartnerOwnLinkAttributesNothing(t *testing.T) {
	s := newPartnerShop(t)
	code := s.enrol("sari", "Sari Wulandari", "081298765432")
	s.say("sari", false, "/start "+code)
	oc := s.order("sari", "Sari Wulandari", "081298765432")
	s.view(func(tx *store.Tx) error {
		o, err := tx.OrderByCode(oc)
		if err != nil {
			return err
		}
		if _, err := tx.PartnerOrderOf(o.ID); !store.IsNotFound(err) {
			t.Errorf("the partner's own order carries a partner (err %v)", err)
		}
		return nil
	})
}

// TestPartnerErasure: a partner who asks to erase their data loses name,
// phone and account, while the code stays so the books add up.
func TestPartnerErasure(t *testing.T) {
	s := newPartnerShop(t)
	code := s.enrol("sari", "Sari Wulandari", "081298765432")
	s.say("sari", false, "/hapusdata")
	s.say("sari", false, "HAPUS")
	s.view(func(tx *store.Tx) error {
		p, err := tx.PartnerByCode(code)
		if err != nil {
			return err
		}
		if p.Name != "" || p.Phone != "" || p.AccountNumber != "" || p.AccountName != "" {
			t.Errorf("after erasure the partner still holds %q %q %q %q", p.Name, p.Phone, p.AccountNumber, p.AccountName)
		}
		return nil
	})
}

// TestResellerDeposit: a reseller's transfer order that the deposit covers
// is paid from it at once (goods at the reseller price + ongkir, no kode
// unik), with the reseller's own Pengirim; an order the deposit does not
// cover waits for a transfer as usual.
func TestResellerDeposit(t *testing.T) {
	s := newPartnerShop(t)
	s.say("budi", false, "/daftar reseller")
	s.say("budi", false, "Budi Santoso")
	s.say("budi", false, "081355557777")
	s.say("budi", false, "Mandiri 1300012345678 Budi Santoso")
	var code string
	s.view(func(tx *store.Tx) error {
		ps, err := tx.Partners("", "")
		if len(ps) == 1 {
			code = ps[0].Code
		}
		return err
	})
	s.say("owner", false, "/mitra terima "+code)
	if got := s.say("owner", false, "/mitra deposit "+code+" 300rb"); !strings.Contains(got["budi"], "Rp300.000") {
		t.Fatalf("top-up: the reseller got %q", got["budi"])
	}
	oc := s.order("budi", "Ani Rahayu", "081366664444")
	var o store.Order
	var left decimal.Decimal
	s.view(func(tx *store.Tx) error {
		var err error
		if o, err = tx.OrderByCode(oc); err != nil {
			return err
		}
		p, err := tx.PartnerByCode(code)
		if err != nil {
			return err
		}
		left, err = tx.PartnerDepositOf(p.ID)
		return err
	})
	if o.Status != store.StatusProcessing || o.PaymentMethod != "deposit" || o.UniqueCode != 0 {
		t.Errorf("order %s: %s, %s, kode unik %d; want processing, paid from the deposit, no kode unik", oc, o.Status, o.PaymentMethod, o.UniqueCode)
	}
	if o.SenderName != "Budi Santoso" || o.SenderPhone != "6281355557777" {
		t.Errorf("Pengirim %q %q, want the reseller's own", o.SenderName, o.SenderPhone)
	}
	if want := decimal.NewFromInt(300000).Sub(o.Total); !left.Equal(want) || !o.Total.Equal(o.Subtotal.Add(o.Shipping)) {
		t.Errorf("deposit left %s after an order of %s, want %s", left, o.Total, want)
	}
	// The rest does not cover a second order: it waits for a transfer.
	s.say("budi", false, "Nama: Ani Rahayu\nHP: 081366664444\nAlamat: Jl. Melati 12, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: GMS-02 x2\nKurir: JNE REG")
	s.say("budi", false, "1")
	s.view(func(tx *store.Tx) error {
		os, _, err := tx.SearchOrders(store.OrderQuery{Status: store.StatusAwaitPay})
		if err == nil && (len(os) != 1 || os[0].PaymentMethod != "transfer") {
			t.Errorf("orders awaiting a transfer: %+v, want the second order", os)
		}
		return err
	})
}

// TestSelfReferralAllowed: an order through a partner's link shipped to
// the partner's own phone waits for the owner, earns nothing meanwhile,
// and earns its locked commission once allowed.
func TestSelfReferralAllowed(t *testing.T) {
	s := newPartnerShop(t)
	code := s.enrol("sari", "Sari Wulandari", "081298765432")
	s.say("tono", false, "/start "+code)
	s.say("tono", false, "Nama: Sari\nHP: 0812-9876-5432\nAlamat: Jl. Mawar 9, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: GMS-02 x2\nKurir: JNE REG")
	got := s.say("tono", false, "1")
	if !strings.Contains(got["owner"], "/mitra izinkan") || got["sari"] != "" {
		t.Fatalf("a self-referral: owner got %q, partner got %q; want the owner warned, the partner told nothing", got["owner"], got["sari"])
	}
	var oc string
	s.view(func(tx *store.Tx) error {
		r, err := tx.PartnerOrdersInReview()
		if len(r) == 1 {
			oc = r[0].OrderCode
		}
		return err
	})
	if po := s.partnerOrder(oc); po.Status != store.POReview || !po.Commission.Equal(decimal.NewFromInt(29980)) {
		t.Fatalf("in review: %s %s, want review with Rp29.980 locked", po.Status, po.Commission)
	}
	got = s.say("owner", false, "/mitra izinkan "+oc)
	if !strings.Contains(got["sari"], "Rp29.980") {
		t.Errorf("allowed: the partner got %q", got["sari"])
	}
	if po := s.partnerOrder(oc); po.Status != store.POPending {
		t.Errorf("after allowing: %s, want pending", po.Status)
	}
}

// TestPartnerWhatsAppText: the prefilled text of a partner's wa.me link,
// sent as a customer's first message, attributes the customer (the order
// carries the partner), and the reply says the code was kept.
func TestPartnerWhatsAppText(t *testing.T) {
	s := newPartnerShop(t)
	code := s.enrol("sari", "Sari Wulandari", "081298765432")
	got := s.say("wati", false, "Halo kak, saya mau belanja. Kode: "+code)
	if !strings.Contains(got["wati"], code) {
		t.Fatalf("first message with the code: %q", got["wati"])
	}
	oc := s.order("wati", "Wati Susanti", "081355556666")
	var want store.Partner
	s.view(func(tx *store.Tx) (err error) { want, err = tx.PartnerByCode(code); return err })
	if po := s.partnerOrder(oc); po.PartnerID != want.ID || !po.Commission.IsPositive() {
		t.Errorf("order %s: partner %d commission %s, want partner %d (%s) with a commission", oc, po.PartnerID, po.Commission, want.ID, code)
	}
	// A word that only looks like a code in a later message is not one.
	if got := s.say("wati", false, "kode KAKAK ya"); strings.Contains(got["wati"], "KAKAK") && strings.Contains(got["wati"], "disimpan") {
		t.Errorf("a non-code was kept: %q", got["wati"])
	}
}

// TestPartnerApplyInWordsAndApproveByQuote: "daftar reseller" typed in
// words starts the application; the owner approves by quote-replying to
// the application card with "ok"; an admin quoting it is told the
// decision is the owner's, and nothing changes.
func TestPartnerApplyInWordsAndApproveByQuote(t *testing.T) {
	s := newPartnerShop(t)
	if err := s.db.Update(s.ctx, func(tx *store.Tx) error { return tx.SetStaff("play", "admin", store.StaffAdmin, "test") }); err != nil {
		t.Fatal(err)
	}
	p := locales.Default().For(locales.ID)
	if got := s.say("dina", false, "daftar reseller"); !strings.Contains(got["dina"], p.T("partner.apply.ask_name")) {
		t.Fatalf("'daftar reseller' in words: %q", got["dina"])
	}
	s.say("dina", false, "Dina Lestari")
	s.say("dina", false, "081299990000")
	s.say("dina", false, "BCA 1234567890 a.n. Dina Lestari")
	var partner store.Partner
	s.view(func(tx *store.Tx) error {
		cid, _, err := tx.CustomerOf("play", "dina")
		if err != nil {
			return err
		}
		partner, err = tx.PartnerOfCustomer(cid)
		return err
	})
	if partner.Kind != store.PartnerReseller || partner.Status != store.PartnerPending {
		t.Fatalf("application = %+v, want a pending reseller", partner)
	}
	quote := func(user, text string) []flows.Out {
		var outs []flows.Out
		err := s.db.Update(s.ctx, func(tx *store.Tx) (err error) {
			outs, err = s.shop.Handle(s.ctx, tx, flows.Message{Channel: "play", ChatID: user, UserID: user, Text: text,
				ReplyRef: flows.Ref{Kind: "partner", ID: partner.Code}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return outs
	}
	if outs := quote("admin", "ok"); len(outs) != 1 || outs[0].Text != p.T("access.owner_only") {
		t.Errorf("admin quoting the card: %+v", outs)
	}
	quote("owner", "ok")
	s.view(func(tx *store.Tx) (err error) { partner, err = tx.PartnerByCode(partner.Code); return err })
	if partner.Status != store.PartnerActive {
		t.Errorf("after the owner's quoted ok: status %s, want active", partner.Status)
	}
}
