package partner

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dropbot/dropbot/store"
)

func TestParseBank(t *testing.T) {
	cases := []struct {
		in                   string
		bank, number, holder string
		ok                   bool
	}{
		{"BCA 1234567890 Sari Wulandari", "BCA", "1234567890", "Sari Wulandari", true},
		{"bri 1234-5678-9012 Budi", "BRI", "123456789012", "Budi", true},
		{"Mandiri 130 001 234 5678 Budi Santoso", "MANDIRI", "1300012345678", "Budi Santoso", true},
		{"BCA saja", "", "", "", false},
		{"BCA 1234567890", "", "", "", false},      // no holder
		{"BCA 1234 Sari", "", "", "", false},       // too short to be an account
		{"BCA Sari 1234567890", "", "", "", false}, // the number first, then the holder
		{"", "", "", "", false},
		{"BCA 123456789012345678901 Sari", "", "", "", false}, // over 20 digits
		{"BCA " + strings.Repeat("1", 10) + " " + strings.Repeat("x", 61), "", "", "", false},
	}
	for _, c := range cases {
		bank, number, holder, ok := parseBank(c.in)
		if ok != c.ok || bank != c.bank || number != c.number || holder != c.holder {
			t.Errorf("parseBank(%q) = %q %q %q %v, want %q %q %q %v", c.in, bank, number, holder, ok, c.bank, c.number, c.holder, c.ok)
		}
	}
}

func TestKindWord(t *testing.T) {
	cases := map[string]string{
		"reseller": store.PartnerReseller, "Reseller": store.PartnerReseller, "afiliasi": store.PartnerAffiliate,
		"affiliate": store.PartnerAffiliate, " Mitra  Afiliasi ": store.PartnerAffiliate, "": "", "supplier": "", "1": "",
	}
	for in, want := range cases {
		if got := kindWord(in); got != want {
			t.Errorf("kindWord(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseBank(f *testing.F) {
	for _, s := range []string{"BCA 1234567890 Sari", "bri 1-2-3-4-5 x", "  ", "BCA 00000 \x00", "Ω 12345 ☃"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bank, number, holder, ok := parseBank(s)
		if !ok {
			return
		}
		if bank == "" || holder == "" || len(number) < 5 || len(number) > 20 || strings.Trim(number, "0123456789") != "" {
			t.Fatalf("parseBank(%q) accepted %q %q %q", s, bank, number, holder)
		}
		if utf8.ValidString(s) && !utf8.ValidString(holder) {
			t.Fatalf("parseBank(%q) made invalid text %q", s, holder)
		}
	})
}

// TestPartnerWords reads partners' questions and applications in words,
// and leaves a buyer's own words (a payment link, an order code, a
// reseller price) alone.
func TestPartnerWords(t *testing.T) {
	cases := []struct {
		in         string
		what, kind string
	}{
		{"komisi saya berapa kak", wordsMine, ""},
		{"deposit saya sisa brp", wordsMine, ""},
		{"saldo aku berapa min?", wordsMine, ""},
		{"link aku mana ya", wordsMine, ""},
		{"minta link afiliasi saya kak", wordsMine, ""},
		{"kode referral aku apa ya", wordsMine, ""},
		{"mau daftar reseller kak", wordsApply, store.PartnerReseller},
		{"kak aku mau jadi afiliasi dong", wordsApply, store.PartnerAffiliate},
		{"gabung mitra gimana kak", wordsApply, ""},
		{"link pembayaran mana kak", wordsNone, ""},
		{"kode pesanan saya mana", wordsNone, ""},
		{"harga reseller gamis brp", wordsNone, ""},
		{"jadi reseller dapat harga berapa", wordsNone, ""},
		{"daftar harga gamis", wordsNone, ""},
		{"", wordsNone, ""},
		{strings.Repeat("komisi ", 50), wordsNone, ""},
		{"komisi saya berapa, daftar reseller", wordsApply, store.PartnerReseller},
	}
	for _, c := range cases {
		what, kind := partnerWords(c.in)
		if what != c.what || kind != c.kind {
			t.Errorf("partnerWords(%q) = %q %q, want %q %q", c.in, what, kind, c.what, c.kind)
		}
	}
}
