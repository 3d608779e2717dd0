package markup

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// sp is a span written as the plain text it covers, for readable tables.
type sp struct {
	style Style
	text  string
}

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		plain string
		spans []sp
	}{
		{"bold", "Silakan transfer *Rp310.768* ke", "Silakan transfer Rp310.768 ke", []sp{{Bold, "Rp310.768"}}},
		{"italic strike", "_catatan_ dan ~lama~", "catatan dan lama", []sp{{Italic, "catatan"}, {Strike, "lama"}}},
		{"inline code", "kode `ABCDE`.", "kode ABCDE.", []sp{{Code, "ABCDE"}}},
		{"triple code", "resi ```JP6961181926```!", "resi JP6961181926!", []sp{{Code, "JP6961181926"}}},
		{"code keeps markers", "`a*b*c`", "a*b*c", []sp{{Code, "a*b*c"}}},
		{"nested", "*_penting_ sekali*", "penting sekali", []sp{{Bold, "penting sekali"}, {Italic, "penting"}}},
		{"code inside bold", "*Total: `Rp317.305`*", "Total: Rp317.305", []sp{{Bold, "Total: Rp317.305"}, {Code, "Rp317.305"}}},
		{"in brackets", "(`317305`)", "(317305)", []sp{{Code, "317305"}}},
		{"whole bold line", "*Total: Rp317.305*", "Total: Rp317.305", []sp{{Bold, "Total: Rp317.305"}}},
		{"emoji around", "📦 *Pesanan baru K7QX2* 🎉", "📦 Pesanan baru K7QX2 🎉", []sp{{Bold, "Pesanan baru K7QX2"}}},
		{"indonesian", "Kak, balas *selesai* ya. _Terima kasih_ 🙏", "Kak, balas selesai ya. Terima kasih 🙏", []sp{{Bold, "selesai"}, {Italic, "Terima kasih"}}},
		// Not spans: markers inside words, spaced, across lines, empty,
		// without a letter or digit.
		{"inside words", "NAMA_FILE per_order|deposit", "NAMA_FILE per_order|deposit", nil},
		{"snake in name", "Budi_Santoso_Jr", "Budi_Santoso_Jr", nil},
		{"spaced", "a * b * c", "a * b * c", nil},
		{"opening before space", "* bukan tebal*", "* bukan tebal*", nil},
		{"closing after space", "*bukan tebal *", "*bukan tebal *", nil},
		{"across lines", "*baris satu\nbaris dua*", "*baris satu\nbaris dua*", nil},
		{"empty", "** __ ``", "** __ ``", nil},
		{"symbols only", "*_[]()~* dan *-*", "*_[]()~* dan *-*", nil},
		{"closing before letter", "*a*b", "*a*b", nil},
		{"lone", "5 * 3 = 15, 2*3", "5 * 3 = 15, 2*3", nil},
		{"symbols then word", "*_* x*", "*_* x*", nil},
		{"doubled markers", "__init__ dan Siti** dan **a**", "__init__ dan Siti** dan **a**", nil},
		{"next to emoji", "😀_*😀 dan *a*😀", "😀_*😀 dan *a*😀", nil},
		{"after emoji", "😀*b*", "😀*b*", nil},
		{"person marker before template closing", "*Pesanan untuk Siti** kode", "Pesanan untuk Siti* kode", []sp{{Bold, "Pesanan untuk Siti*"}}},
		{"person marker after template opening", "*Pesanan untuk *Rahma* kode", "Pesanan untuk *Rahma kode", []sp{{Bold, "Pesanan untuk *Rahma"}}},
		// A person's markers that do form a proper span format, as they
		// would on WhatsApp: the accepted trade-off of having no escape.
		{"name that is a span", "Halo Kak *_[Budi]*(~Sari_~!", "Halo Kak _[Budi](Sari_!", []sp{{Bold, "_[Budi]"}, {Strike, "Sari_"}}},
		// A name with its own marker inside a template span stays text.
		{"marker inside span", "*Budi * Sari*", "Budi * Sari", []sp{{Bold, "Budi * Sari"}}},
		{"first closing wins", "*a* b*", "a b*", []sp{{Bold, "a"}}},
		{"punctuation around", "\"*ya*\", (_tidak_)! `A`:", "\"ya\", (tidak)! A:", []sp{{Bold, "ya"}, {Italic, "tidak"}, {Code, "A"}}},
		{"invalid utf8", "*a\xffb*", "a\xffb", []sp{{Bold, "a\xffb"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse(tt.in)
			if d.Plain != tt.plain {
				t.Errorf("Plain = %q, want %q", d.Plain, tt.plain)
			}
			var got []sp
			for _, s := range d.Spans {
				got = append(got, sp{s.Style, d.Plain[s.Start:s.End]})
			}
			if len(got) != len(tt.spans) {
				t.Fatalf("spans = %v, want %v", got, tt.spans)
			}
			for i := range got {
				if got[i] != tt.spans[i] {
					t.Errorf("span %d = %v, want %v", i, got[i], tt.spans[i])
				}
			}
			if back := d.Source(); back != tt.in {
				t.Errorf("Source() = %q, want the input %q", back, tt.in)
			}
		})
	}
}

// FuzzParse: Parse never panics, its spans are non-empty, in bounds,
// ordered and properly nested, and putting the markers back at the spans'
// bounds gives the input: the plain text is the input minus exactly the
// markers that became formatting.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Silakan transfer *Rp310.768* ke", "*_a_*", "```x```", "`a`b`", "*a* b*", "Budi_Santoso",
		"*_[]()~*", "😀*😀*😀", "*\n*", "\xff*a*", "~~a~~", "````a````", "*a _b* c_",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := Parse(s)
		prev := Span{}
		for i, sp := range d.Spans {
			if sp.Start < 0 || sp.End > len(d.Plain) || sp.Start >= sp.End {
				t.Fatalf("span %d %+v out of bounds or empty (plain %d bytes)", i, sp, len(d.Plain))
			}
			if i > 0 && sp.Start < prev.Start {
				t.Fatalf("span %d starts before span %d", i, i-1)
			}
			if utf8.ValidString(s) && (!utf8.ValidString(d.Plain[:sp.Start]) || !utf8.ValidString(d.Plain[sp.Start:sp.End])) {
				t.Fatalf("span %d cuts a character", i)
			}
			for _, o := range d.Spans[:i] { // nested or disjoint, never crossing
				if o.Start < sp.End && sp.Start < o.End && !(o.Start <= sp.Start && sp.End <= o.End) {
					t.Fatalf("spans %+v and %+v cross", o, sp)
				}
			}
			prev = sp
		}
		if got := d.Source(); got != s {
			t.Fatalf("Source() = %q, want %q", got, s)
		}
		removed := 0
		for _, sp := range d.Spans {
			removed += 2 * len(sp.Marker)
		}
		if len(d.Plain)+removed != len(s) {
			t.Fatalf("plain %d bytes + markers %d != input %d", len(d.Plain), removed, len(s))
		}
		if strings.Count(d.Plain, "\n") != strings.Count(s, "\n") {
			t.Fatal("line breaks changed")
		}
	})
}

func BenchmarkParse(b *testing.B) {
	s := "✅ Pesanan `K7QX2` dibuat, Kak!\n*Total: `Rp317.305`*\nSilakan transfer *`Rp317.305`* (`317305`) ke BCA `1234567890` a.n. Siti_Rahma."
	b.ReportAllocs()
	for b.Loop() {
		Parse(s)
	}
}
