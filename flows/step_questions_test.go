package flows_test

import (
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

// demoShop is the demo shop with a clock and an owner.
func demoShop(t *testing.T) *flowtest.OwnerShop {
	t.Helper()
	s := flowtest.NewOwnerShop(t)
	s.Update(func(tx *store.Tx) error { _, err := flows.SeedDemo(tx); return err })
	return s
}

// stepOf is the customer's saved step.
func stepOf(t *testing.T, s *flowtest.OwnerShop, user string) string {
	t.Helper()
	var c store.Conversation
	s.Update(func(tx *store.Tx) (err error) { c, err = tx.Conversation("telegram", user, user); return err })
	return c.Step
}

// expectAt sends budi's text and checks the reply holds want and budi is
// then at step.
func expectAt(t *testing.T, s *flowtest.OwnerShop, text, want, step string) {
	t.Helper()
	if got := s.Reply("budi", text); !strings.Contains(got, want) {
		t.Errorf("%q: want %q in\n%s", text, want, got)
	}
	if now := stepOf(t, s, "budi"); now != step {
		t.Errorf("%q: step %s, want %s", text, now, step)
	}
}

// cartOf is the lines of a customer's cart.
func cartOf(t *testing.T, s *flowtest.OwnerShop, user string) []store.OrderItem {
	t.Helper()
	var items []store.OrderItem
	s.Update(func(tx *store.Tx) error {
		w, err := tx.Resolve("telegram", user, false, user, "")
		if err != nil {
			return err
		}
		cart, _, err := tx.CartOf(w.CustomerID)
		items = cart.Items
		return err
	})
	return items
}

// TestQuestionsMidStep: a question typed at the variant or the quantity
// step is answered, and the step's own question follows in the same
// message; the step is kept, so a number still answers it. Text that is no
// question gets the step's hint, as before.
func TestQuestionsMidStep(t *testing.T) {
	const (
		askVariant = "Mau pesan yang mana"
		askQty     = "mau pesan berapa"
	)
	cases := []struct {
		step, text string
		want       []string
	}{
		{"product", "ready kak?", []string{"Navy: Rp41.000 — sisa 3", "Hitam: Rp41.000", askVariant}},
		{"product", "harga hijab voal brp", []string{"Dusty pink: Rp41.000", askVariant}},
		{"product", "ongkir ke bekasi berapa", []string{"Ongkir ke Bekasi", "JNE REG", askVariant}},
		{"product", "bisa cod?", []string{"COD", askVariant}},
		{"qty", "ready kak?", []string{"Navy: Rp41.000 — sisa 3", askQty}},
		{"qty", "min, harga keripik manis brp", []string{`Produk "keripik manis" belum ada`, askQty}},
		{"qty", "harga gamis brp", []string{"Gamis Polos Busui Friendly — mulai Rp153.500", "Gamis Syari Motif Bunga", askQty}},
		{"qty", "ongkir ke bekasi berapa", []string{"Ongkir ke Bekasi", askQty}},
		{"qty", "berapa ongkir ke antahberantah?", []string{"antahberantah", askQty}},
		{"qty", "bisa cod?", []string{"COD", askQty}},
		{"qty", "Assalamualaikum kak, mukena ready?", []string{"Wa'alaikumsalam", "Mukena Katun Jepang", "Rp125.500", askQty}},
		{"qty", "makasih kak", []string{"Sama-sama", askQty}},
		{"qty", "asdf qwer", []string{"Jumlahnya belum bisa kami baca"}},

		{"qty", "X8QMT", []string{"Jumlahnya belum bisa kami baca"}},
		{"qty", "-1", []string{"Jumlahnya belum bisa kami baca"}},
	}
	// "ga jadi kak" at a step that holds nothing typed: back to the menu,
	// kindly (it was "Jumlahnya belum bisa kami baca").
	for _, setup := range [][]string{{"min, harga hijab brp"}, {"min, harga hijab brp", "navy"}} {
		s := demoShop(t)
		for _, m := range setup {
			s.Reply("budi", m)
		}
		if got := s.Reply("budi", "ga jadi kak"); !strings.Contains(got, "tidak apa-apa") || stepOf(t, s, "budi") != "menu" {
			t.Errorf("ga jadi kak after %v: %s", setup, got)
		}
	}
	// From a product page, a question about another product opens that
	// product: the customer is browsing and nothing typed is lost.
	s := demoShop(t)
	s.Reply("budi", "min, harga hijab brp")
	if got := s.Reply("budi", "min, harga gamis busui brp"); !strings.Contains(got, "Gamis Polos Busui Friendly") || !strings.Contains(got, askQty) {
		t.Errorf("another product from a product page: %s", got)
	}
	for _, c := range cases {
		t.Run(c.step+"/"+c.text, func(t *testing.T) {
			s := demoShop(t)
			s.Reply("budi", "min, harga hijab brp")
			if c.step == "qty" {
				s.Reply("budi", "navy")
			}
			if got := stepOf(t, s, "budi"); got != c.step {
				t.Fatalf("walk reached step %q, want %q", got, c.step)
			}
			got := s.Reply("budi", c.text)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q at %s: want %q in\n%s", c.text, c.step, w, got)
				}
			}
			if now := stepOf(t, s, "budi"); now != c.step {
				t.Errorf("%q moved the customer from %s to %s", c.text, c.step, now)
			}
			// The step still takes its answer.
			next := map[string]string{"product": "2", "qty": "2"}[c.step]
			s.Reply("budi", next)
			want := map[string]string{"product": "qty", "qty": "cart"}[c.step]
			if now := stepOf(t, s, "budi"); now != want {
				t.Errorf("after %q, %q led to %s, want %s", c.text, next, now, want)
			}
		})
	}
	// The walk to the end: the quantity typed after the questions is in the cart.
	s = demoShop(t)
	for _, m := range []string{"min, harga hijab brp", "navy", "ready kak?", "ongkir ke bekasi berapa", "2"} {
		s.Reply("budi", m)
	}
	if items := cartOf(t, s, "budi"); len(items) != 1 || items[0].Qty != 2 || items[0].VariantName != "Navy" {
		t.Errorf("cart %+v, want 2 × Navy", items)
	}
}

// TestSearchOneHit: a search that finds one product opens it (its
// variants, or how many for one variant), not a list of one; "back to the
// list" from there is the catalogue, not the same page again.
func TestSearchOneHit(t *testing.T) {
	cases := []struct{ text, want, step string }{
		{"cari hijab", "Mau pesan yang mana", "product"},
		{"cari mukena", "mau pesan berapa", "qty"},
		{"/cari pashmina", "mau pesan berapa", "qty"},
		{"cari gamis", "Hasil pencarian", "products"},
		{"cari kulkas", "Belum ketemu", "menu"},
	}
	for _, c := range cases {
		expectAt(t, demoShop(t), c.text, c.want, c.step)
	}
	s := demoShop(t)
	s.Reply("budi", "cari hijab")
	if got := s.Reply("budi", "Kembali ke daftar"); !strings.Contains(got, "Katalog") || strings.Contains(got, "Mau pesan yang mana") {
		t.Errorf("back from a one-hit search: %s", got)
	}
}

// TestOrderWordsAtEveryStep: "mau order X 2" puts X ×2 in the cart from
// the menu, the catalogue, a search, a product page, the quantity step and
// the cart itself (where it used to show the cart again).
func TestOrderWordsAtEveryStep(t *testing.T) {
	cases := []struct {
		step  string
		setup []string
	}{
		{"menu", []string{"halo"}},
		{"categories", []string{"katalog"}},
		{"products", []string{"cari gamis"}},
		{"product", []string{"min, harga hijab brp"}},
		{"qty", []string{"min, harga hijab brp", "navy"}},
		{"cart", []string{"kak mau order gamis busui 1"}},
	}
	for _, c := range cases {
		t.Run(c.step, func(t *testing.T) {
			s := demoShop(t)
			for _, m := range c.setup {
				s.Reply("budi", m)
			}
			if got := stepOf(t, s, "budi"); got != c.step {
				t.Fatalf("setup reached %q, want %q", got, c.step)
			}
			got := s.Reply("budi", "mau order hijab voal hitam 2 ya kak")
			if !strings.Contains(got, "2 × Hijab Voal Polos Hitam masuk keranjang") {
				t.Errorf("at %s: %s", c.step, got)
			}
			if now := stepOf(t, s, "budi"); now != "cart" {
				t.Errorf("at %s: now at %s, want the cart", c.step, now)
			}
			n, items := 0, cartOf(t, s, "budi")
			for _, it := range items {
				if it.VariantName == "Hitam" {
					n += it.Qty
				}
			}
			if n != 2 {
				t.Errorf("at %s: %d Hitam in the cart, want 2 (%+v)", c.step, n, items)
			}
		})
	}
}

// TestQuestionsAtName: at the recipient's name, a question was taken as
// the name ("bisa cod?" became the recipient). It is answered and the name
// asked again; an order goes into the cart; real names still pass. The
// phone and the address steps answer questions too, but a street named
// "Ongkir" is still an address.
func TestQuestionsAtName(t *testing.T) {
	for _, c := range []struct{ text, want, step string }{
		{"bisa cod?", "Alamat lengkapnya", "address"},
		{"ongkir ke bekasi berapa", "Ongkir ke Bekasi", "address"},
		{"mau order pashmina 2", "", "address"}, // typed data is kept: not an order here
		{"Jl. Ongkir Raya", "Tinggal", "address"},
		{"Jl. Ongkir Raya 5, Kec. Coblong, Kota Bandung, Jawa Barat 40132", "Cek pesanannya", "confirm"},
	} {
		s := demoShop(t)
		for _, m := range []string{"kak mau order gamis busui 1 ya", "1", "Siti Aminah", "bisa cod?"} {
			s.Reply("budi", m)
		}
		expectAt(t, s, "081234567890", "Alamat lengkapnya", "address")
		expectAt(t, s, c.text, c.want, c.step)
	}
	cases := []struct{ text, want, step string }{
		{"bisa cod?", "Nama penerimanya siapa", "name"},
		{"ongkir ke bekasi berapa", "Ongkir ke Bekasi", "name"},
		{"makasih kak", "Nama penerimanya siapa", "name"},
		{"mau order pashmina 2", "2 × Pashmina Ceruti Babydoll Mocca masuk keranjang", "cart"},
		{"Siti Aminah", "Nomor HP Siti Aminah", "phone"},
		{"Ok Sari", "Nomor HP Ok Sari", "phone"},
		{"asdfgh", "", "name"},
	}
	for _, c := range cases {
		s := demoShop(t)
		s.Reply("budi", "kak mau order gamis busui 1 ya")
		s.Reply("budi", "1")
		if got := stepOf(t, s, "budi"); got != "name" {
			t.Fatalf("setup reached %q, want the name step", got)
		}
		expectAt(t, s, c.text, c.want, c.step)
	}
}
