package intent

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClassify: never panics, and what it returns fits its kind.
func FuzzClassify(f *testing.F) {
	for _, c := range corpus {
		f.Add(c.text)
	}
	ns := names()
	f.Fuzz(func(t *testing.T, s string) {
		in := Classify(s, ns)
		if in.Kind == "" {
			t.Fatalf("empty kind for %q", s)
		}
		if in.Number != 0 && (in.Kind != Number || in.Number < 1 || in.Number > 99) {
			t.Fatalf("%q: number %d with kind %s", s, in.Number, in.Kind)
		}
		if in.Code != "" {
			if (in.Kind != Track && in.Kind != Cancel && in.Kind != Wrong) || utf8.RuneCountInString(in.Code) != codeLength {
				t.Fatalf("%q: code %q with kind %s", s, in.Code, in.Kind)
			}
			for _, r := range in.Code {
				if !strings.ContainsRune(codeAlphabet, r) {
					t.Fatalf("%q: code %q outside the alphabet", s, in.Code)
				}
			}
		}
		if in.City != "" && in.Kind != Ongkir && in.Kind != COD {
			t.Fatalf("%q: city with kind %s", s, in.Kind)
		}
		if in.Qty < 0 || in.Qty > 9999 || (in.Qty != 0 && in.Kind != Order) || (in.Kind == ProductOnly && in.Product == "") {
			t.Fatalf("%q: qty %d with kind %s", s, in.Qty, in.Kind)
		}
		if len(in.Items) > 0 && in.Kind != Order {
			t.Fatalf("%q: items with kind %s", s, in.Kind)
		}
		for _, it := range in.Items {
			if it.Qty < 0 || it.Qty > 9999 {
				t.Fatalf("%q: item %+v", s, it)
			}
		}
		for _, i := range in.ProductMatches {
			if i < 0 || i >= len(ns) {
				t.Fatalf("%q: product index %d", s, i)
			}
		}
	})
}
