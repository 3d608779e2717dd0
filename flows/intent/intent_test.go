package intent

import (
	"slices"
	"testing"
)

func TestClassifyEdges(t *testing.T) {
	ns := names()
	tests := []struct {
		text string
		kind Kind
		code string
		sure bool
	}{
		{"cek harga gamis", Price, "", false},
		{"belum tf kak", NotPaid, "", false},
		{"blm bayar", NotPaid, "", false},
		{"sudah terima barangnya kak, makasih", Thanks, "", false},
		{"BELUM", Unknown, "", false}, // a known word in capitals is not a code
		{"KXQMT", Track, "KXQMT", false},
		{"kxqmt", Unknown, "", false}, // no digit and lower case: a word
		{"cek kxqmt", Unknown, "", false},
		{"cek KXQMT", Track, "KXQMT", false},
		{"status pesanan X8QM2", Track, "X8QM2", true},
		{"23456", Unknown, "", false}, // digits only: not a code
		{"min", Salam, "", false},
		{"halo, ongkir ke bekasi brp", Ongkir, "", false},
		{"admin, harga hijab brp?", Price, "", false},
		{"ada admin?", Human, "", false},
		{"100", Unknown, "", false}, // too big for a menu choice
		{"2 atau 3", Unknown, "", false},
	}
	for _, tt := range tests {
		in := Classify(tt.text, ns)
		if in.Kind != tt.kind || in.Code != tt.code || in.CodeSure != tt.sure {
			t.Errorf("Classify(%q) = %s code %q sure %v; want %s %q %v", tt.text, in.Kind, in.Code, in.CodeSure, tt.kind, tt.code, tt.sure)
		}
	}
}

// TestWrongAbout tells a wrong address from wrong goods, and keeps common
// words one typo from a known word as what they are.
func TestWrongAbout(t *testing.T) {
	ns := names()
	tests := []struct {
		text    string
		kind    Kind
		address bool
		code    string
	}{
		{"eh kak alamatnya salah, harusnya Jl. Kenari no 15 bukan 2", Wrong, true, ""},
		{"alamat pesanan X8QM2 salah kak", Wrong, true, "X8QM2"},
		{"almt salah min", Wrong, true, ""},
		{"barangnya salah kirim kak", Wrong, false, ""},
		{"ukurannya salah kak", Wrong, false, ""},
		{"salah", Wrong, false, ""},
		{"salam kak", Salam, false, ""},
		{"susah kak", Unknown, false, ""},    // not "sudah"
		{"masih ada kak?", Stock, false, ""}, // not "kasih"
		{"dalam kota", Unknown, false, ""},   // not "malam"
		{"trnsfer aja", Transfer, false, ""},
		{"makasi kak", Thanks, false, ""},
	}
	for _, tt := range tests {
		in := Classify(tt.text, ns)
		if in.Kind != tt.kind || in.WrongAddress != tt.address || in.Code != tt.code {
			t.Errorf("Classify(%q) = %s address %v code %q; want %s %v %q", tt.text, in.Kind, in.WrongAddress, in.Code, tt.kind, tt.address, tt.code)
		}
	}
}

func TestSqueeze(t *testing.T) {
	for in, want := range map[string]string{
		"makasiiih": "makasih", "kaaak": "kak", "siaaap": "siap", "assalamualaikum": "assalamualaikum",
		"sipp": "sipp", "1000": "1000", "": "",
	} {
		if got := squeeze(in); got != want {
			t.Errorf("squeeze(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"trnsfer", "transfer", true},   // deletion
		{"transfeer", "transfer", true}, // insertion
		{"tranfser", "transfer", true},  // swap
		{"transfar", "transfer", true},  // substitution
		{"transfer", "transfer", false}, // equal is not an edit
		{"trnsfr", "transfer", false},
		{"abc", "", false},
	}
	for _, tt := range tests {
		if got := oneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestMatchProducts(t *testing.T) {
	ns := names()
	tests := []struct {
		q    string
		want []int
	}{
		{"gamis", []int{0, 1}},
		{"gamis bus", []int{0}},
		{"GMS-01", []int{0}},
		{"hitam", []int{1, 3}},
		{"keripik level 5", []int{4}},
		{"kaos 3", nil}, // one character must be a whole word
		{"", nil},
		{"sepatu", nil},
		{"gamis busui ukuran L", []int{0}}, // "ukuran" is in no product
		{"gamis merah", []int{0, 1}},       // no red one: every gamis
		{"ukuran size", nil},
	}
	for _, tt := range tests {
		if got := MatchProducts(tt.q, ns); !slices.Equal(got, tt.want) {
			t.Errorf("MatchProducts(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func BenchmarkClassify(b *testing.B) {
	ns := names()
	for b.Loop() {
		for _, c := range corpus[:60] {
			Classify(c.text, ns)
		}
	}
}
