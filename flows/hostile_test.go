package flows_test

import (
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

// hostileInputs are the nasty messages every role and step must survive.
var hostileInputs = []string{
	"", "   \t\n ", strings.Repeat("halo ", 20000), "ha\x00lo\x01\x7f", "\u202e\u202bmenu\u200f", "🙏🙏🙏😡",
	"'; DROP TABLE orders; --", "%s %n %x %!d", "../../etc/passwd", "[photo:/etc/passwd]",
	"0", "-1", "1e9", "1,5", "99999999999999999999", "dua", "x",
	"/lunas X8QMT", "/tolak X8QMT palsu", "/batalkan X8QMT iseng", "/status X8QMT selesai iseng",
	"/cek X8QMT", "/pesanan", "/atur nama Toko Palsu", "/admin tambah play:c2", "/laporan bulan",
	"/resi X8QMT JP1234567890", "/terima X8QMT", "/habis X8QMT", "/stok HJB-11 0", "/harga HJB-11 1",
	// A restock from a stranger or another supplier's group, and counts that do not fit.
	"/stok HJB-11 10", "/stok GMS-01 M 10", "/stok GMS-01 M 99999999999", "/stok X8QMT 10", "/stok GMS-01 M -3",
	// Plain supplier words (fix round): polite action words, a courier after
	// the number, a resi inside a sentence.
	"terima kak", "siap kak diproses", "gamis habis kak", "habis semua kak", "JP1234567890 JNT",
	"udah dikirim ya kak resinya JX9876543210", "X8QMT JX9876543210 jnt",
	"/supplier HJB", "/komplain X8QMT", "/refund T00000", "/hapusdata", "HAPUS", "/klaim 000000",
	"batalkan X8QMT", "/dataku", "ZZZZZ", "X8QMT",
	"batalkan UNPAID", "/batal UNPAID", "/lunas UNPAID", "/cek UNPAID", "/komplain UNPAID",
	"/refundterkirim X8QMT", "/refundterkirim UNPAID", "/cadangan", "/retensi 30", "/langganan", "/berhenti",
	"/tiket", "/rts X8QMT 12000", "/setujui 1", "/topup GMS 1000000", "/markup ecer 0%",
	"/daftar", "/daftar reseller", "/mitra", "/mitra penjualan 2026-13", "/mitra rekap", "/mitra target",
	"/mitra terima SARI78", "/mitra tolak SARI78 iseng", "/mitra henti SARI78 iseng", "/mitra bayar SARI78 1jt",
	"/mitra komisi afiliasi semua 100%", "/mitra izinkan X8QMT", "/mitra tolakkomisi X8QMT iseng",
	"/mitra target SARI78 pesanan 1 1jt", "/mitra deposit SARI78 1jt", "/mitra kodebaru SARI78 HACK1", "/mitra kinerja", "/start SARI78",
	"/start ../../x", "/atur mitra_tahan 0", "/atur mitra_bot @@",
	"/lacak X8QMT", "/cek resi X8QMT", "/cek resi", "/atur ongkir sumber biteship", "/atur ongkir kunci biteship bocor-1234",
	"/atur asal GMS 57141", "/atur asal 00000",
	"/rekening", "/rekening X8QMT", "BCA 1234567890 a.n. Maling",
	// Issue 22: what buyers type, and the hand-off's staff commands.
	"/balas C1 halo", "/balas C99999999999999999999 x", "/balas", "/selesai C1", "/selesai %n",
	"kak mau order gamis 999999 ya", "sudah transfer kak", "ongkir ke ../../etc",
	// Questions at a step (issue 22, round 2): answered, the step kept.
	"min, harga keripik manis brp", "ready kak?", "ongkir ke bekasi berapa", "navy",
	// What buyers type that was misread (fix round): cancel and partner words.
	"cancel X8QMT", "komisi saya berapa kak", "link aku mana ya",
	// /bantuan pages from the command tables: an admin asks for the owner's page.
	"/bantuan toko", "/bantuan semua", "/bantuan ../../x",
	// /pesanan by phone: the victim's number typed as people type it, pages.
	"/pesanan 0812 9999 0000", "/pesanan 0000", "/pesanan +62+62 1", "/pesanan 99999999999999999999 999", "/pesanan victoria 0",
	// Two format orders in one message: refused, nothing created or merged.
	"Nama: Ani\nAlamat: Jl. Mawar 1, Kota Bandung\nPesanan: GMS-02 x1\nNama: Budi\nAlamat: Jl. Darmo 2, Kota Surabaya\nPesanan: GMS-02 x1",
}

// TestHostileInputsEveryRole sends every hostile input from every role —
// the order's customer mid-checkout, another customer, an admin, a member
// of the order's supplier group, a member of another supplier's group and
// of an unlinked group — and checks: nothing fails, every private chat gets
// an answer, no hostile message creates or changes an order it should not,
// and no reply to someone else shows the victim's name or phone.
func TestHostileInputsEveryRole(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	send := func(chat, user string, group bool, text string) []flows.Out {
		t.Helper()
		var outs []flows.Out
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			outs, err = shop.Handle(ctx, tx, flows.Message{Channel: "play", ChatID: chat, UserID: user, Group: group, Text: text})
			return err
		})
		if err != nil {
			t.Fatalf("%s %q: %v", user, trim(text), err)
		}
		return outs
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := flows.SeedDemo(tx); err != nil {
			return err
		}
		for _, s := range []struct{ id, role string }{{"owner", store.StaffOwner}, {"adm", store.StaffAdmin}} {
			if err := tx.SetStaff("play", s.id, s.role, "test"); err != nil {
				return err
			}
		}
		for code, chat := range map[string]string{"GMS": "g-gms", "HJB": "g-hjb"} {
			s, err := tx.SupplierByCode(code)
			if err != nil {
				return err
			}
			if err := tx.LinkGroup("play", chat, s.ID, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The victim: a paid GMS order, then a second order left mid-checkout.
	send("victim", "victim", false, "Nama: Victoria Secretname\nHP: 081299990000\nAlamat: Jl. Rahasia 1, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: GMS-01 M x1\nKurir: JNE REG")
	send("victim", "victim", false, "1")
	var code string
	db.View(ctx, func(tx *store.Tx) error {
		os, _, err := tx.SearchOrders(store.OrderQuery{Text: "victoria"})
		if err == nil && len(os) == 1 {
			code = os[0].Code
		}
		return err
	})
	if code == "" {
		t.Fatal("setup: the victim's order was not placed")
	}
	send("owner", "owner", false, "/lunas "+code)
	// A second, unpaid order of the victim.
	send("victim", "victim", false, "Nama: Victoria Secretname\nHP: 081299990000\nAlamat: Jl. Rahasia 1, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: GMS-02 x1\nKurir: JNE REG")
	send("victim", "victim", false, "1")
	var unpaid string
	db.View(ctx, func(tx *store.Tx) error {
		os, _, err := tx.SearchOrders(store.OrderQuery{Status: store.StatusAwaitPay})
		if err == nil && len(os) == 1 {
			unpaid = os[0].Code
		}
		return err
	})
	if unpaid == "" {
		t.Fatal("setup: the victim's unpaid order was not placed")
	}
	send("victim", "victim", false, "cari voal") // one hit: its product page

	speakers := []struct {
		name, chat, user string
		group, mustReply bool
	}{
		{"another customer", "c2", "c2", false, true},
		{"admin", "adm", "adm", false, true},
		{"the order's supplier group", "g-gms", "staff1", true, false},
		{"another supplier's group", "g-hjb", "staff2", true, false},
		{"an unlinked group", "g-x", "stranger", true, false},
		// Last, so the victim's own legitimate cancel does not hide what
		// the others could have done.
		{"victim mid-checkout", "victim", "victim", false, true},
	}
	snapshot := func() string {
		var b strings.Builder
		db.View(ctx, func(tx *store.Tx) error {
			os, _, err := tx.SearchOrders(store.OrderQuery{Limit: 100})
			for _, o := range os {
				b.WriteString(o.Code + ":" + o.Status + ":" + o.Total.String() + ";")
			}
			return err
		})
		return b.String()
	}
	for _, sp := range speakers {
		for _, in := range hostileInputs {
			text := strings.ReplaceAll(strings.ReplaceAll(in, "X8QMT", code), "UNPAID", unpaid)
			before := snapshot()
			outs := send(sp.chat, sp.user, sp.group, text)
			if sp.mustReply && len(outs) == 0 {
				t.Errorf("%s: %q got no answer", sp.name, trim(text))
			}
			for _, o := range outs {
				if o.To.ChatID == "victim" || o.To.ChatID == "owner" || o.To.ChatID == "adm" || o.To.ChatID == "g-gms" {
					continue // the victim, the shop and the order's supplier may see the order
				}
				if strings.Contains(o.Text, "Victoria") || strings.Contains(o.Text, "99990000") || strings.Contains(o.Text, "Rahasia") {
					t.Errorf("%s: %q leaked the victim's data to %s: %q", sp.name, trim(text), o.To.ChatID, trim(o.Text))
				}
			}
			// Only the shop's own staff and the order's supplier may move
			// the victim's order; garbage from anyone moves nothing else.
			if after := snapshot(); after != before && sp.name != "admin" && sp.name != "the order's supplier group" && sp.name != "victim mid-checkout" {
				t.Errorf("%s: %q changed orders:\n before %s\n after  %s", sp.name, trim(text), before, after)
			}
		}
	}
}

func trim(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
