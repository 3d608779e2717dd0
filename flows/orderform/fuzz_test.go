package orderform

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows/address"
)

// FuzzParse checks the invariants of Parse on arbitrary text: no panic,
// every Item has 0 <= Qty <= MaxQty (and Qty 1 when not given), Unknown
// lines are verbatim lines of the input, and every input line is exactly
// one of consumed, unknown or blank.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.in)
	}
	for _, tc := range realCases {
		f.Add(tc.in)
	}
	for _, s := range []string{
		"", "\n", "\r\n\r\n", "Nama:", "Pesanan:\n\n- x2", "Pesanan: x0, (−1), qty 10000, @50.000, dua belas x",
		"Jumlah: 2\nPesanan: A\nJumlah: 3", "Pengirim: 0813 1111 2222 / 0813 3333 4444\nx",
		"Nama: A\nNama: B\nNo HP: 1\nHP: 2", "1️⃣ Nama: A\n2️⃣ HP: 0812", "*Nama:* *A*",
		"Ekspedisi: (REG)", "Ekspedisi: JNE - ", "Warna: merah\nPesanan: A, B",
		"Pesanan: A 1,5 + B -2 + C x 1.000 + D x10.000", "\t\t:\t=\t-",
		"Alamat:\nKec: A\nKota: B\n\nKode pos: 40121", "Pesanan: 2x\nQty: x",
		twoRecipients, "Pesanan: X\nNama: A\nNama: B\nPengirim:\nNama: C\nAlamat: 1\nAlamat: 2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		form, tr := parse(in, nil)
		_ = Looks(in)
		_ = form.Missing()
		if !reflect.DeepEqual(form, Parse(in)) {
			t.Fatalf("parse and Parse differ on %q", in)
		}
		known := ParseKnown(in, []string{"Keripik Pedas 250g Level 5", in})
		// Known names only change quantities (and so whether a Jumlah line
		// is taken), never which items there are.
		if len(known.Items) != len(form.Items) {
			t.Fatalf("ParseKnown(%q) found %d items, Parse %d", in, len(known.Items), len(form.Items))
		}
		for _, it := range append(slices.Clone(form.Items), known.Items...) {
			if it.Qty < 0 || it.Qty > MaxQty {
				t.Fatalf("Parse(%q): item %+v has Qty out of range", in, it)
			}
			if !it.QtyGiven && it.Qty != 1 {
				t.Fatalf("Parse(%q): item %+v: default Qty must be 1", in, it)
			}
		}
		if got := address.Parse(form.AddressText); got != form.Address {
			t.Fatalf("Parse(%q): Address %#v != address.Parse(AddressText) %#v", in, form.Address, got)
		}
		if form.SecondOrder != "" && (!strings.Contains(in, form.SecondOrder) || len(form.Items) == 0) {
			t.Fatalf("Parse(%q): SecondOrder %q is not an input line after an item", in, form.SecondOrder)
		}
		lines := splitLines(in)
		for _, u := range form.Unknown {
			if !slices.Contains(lines, u) || !strings.Contains(in, u) || strings.ContainsAny(u, "\r\n") {
				t.Fatalf("Parse(%q): Unknown line %q is not a verbatim input line", in, u)
			}
		}
		if len(form.Unknown) != len(tr.unknown) {
			t.Fatalf("Parse(%q): %d Unknown lines, trace has %d", in, len(form.Unknown), len(tr.unknown))
		}
		for j, i := range tr.unknown {
			if form.Unknown[j] != lines[i] {
				t.Fatalf("Parse(%q): Unknown[%d] = %q, line %d is %q", in, j, form.Unknown[j], i, lines[i])
			}
		}
		seen := make([]string, len(lines))
		for name, set := range map[string][]int{"consumed": tr.consumed, "unknown": tr.unknown, "blank": tr.blank} {
			for _, i := range set {
				if seen[i] != "" {
					t.Fatalf("Parse(%q): line %d %q is both %s and %s", in, i, lines[i], seen[i], name)
				}
				seen[i] = name
			}
		}
		for i, s := range seen {
			if s == "" {
				t.Fatalf("Parse(%q): line %d %q is neither consumed, unknown nor blank", in, i, lines[i])
			}
		}
	})
}
