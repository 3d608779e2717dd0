package resi

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

var fuzzSeeds = []string{
	"170430045644420", "JP6961181926", "004607855558", "SPXID06503790480A",
	"jp 6961-181926", "JPO961181926", "spxid06503790480a", "IDS123456789012",
	"NLIDAP12345678", "10001234567890", "CM12345678901", "123456789012",
	"", "   ", "belum ada resi kak", "0046–0785—5558", "\ufeffJP6961\u200b181926",
	"ǅǆ ß ﬀ", "\xff\xfe", "JP6961181926 👍",
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		n := Normalize(raw)
		if Normalize(n) != n {
			t.Fatalf("Normalize(%q) = %q, but Normalize again = %q", raw, n, Normalize(n))
		}
		for _, r := range n {
			if unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '-' {
				t.Fatalf("Normalize(%q) = %q keeps %U", raw, n, r)
			}
		}
		// ASCII letters and digits survive, in order, upper-cased.
		var want strings.Builder
		for _, r := range raw {
			if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				want.WriteRune(unicode.ToUpper(r))
			}
		}
		var got strings.Builder
		for _, r := range n {
			if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				got.WriteRune(r)
			}
		}
		if got.String() != want.String() {
			t.Fatalf("Normalize(%q) = %q lost or changed letters/digits", raw, n)
		}
	})
}

func FuzzInspect(f *testing.F) {
	stated := append([]string{"", "jne", "jnt", "pos", "tiki", "unknown"}, string(SPX))
	for i, s := range fuzzSeeds {
		f.Add(s, stated[i%len(stated)])
	}
	f.Fuzz(func(t *testing.T, raw, statedS string) {
		st := Courier(statedS)
		c := Inspect(raw, st)
		if c.Raw != strings.TrimSpace(raw) {
			t.Fatalf("Raw = %q", c.Raw)
		}
		if c.Number != Normalize(raw) {
			t.Fatalf("Number = %q, Normalize = %q", c.Number, Normalize(raw))
		}
		if strings.ContainsAny(c.Number, " \t\n-") {
			t.Fatalf("Number %q contains a space or dash", c.Number)
		}
		for i, s := range c.Suggested {
			if !s.Known() || slices.Index(c.Suggested, s) != i {
				t.Fatalf("Suggested = %v", c.Suggested)
			}
		}
		if !c.Unusual && !wellFormed.MatchString(c.Number) {
			t.Fatalf("Number %q is not [A-Z0-9]{8,30} but not Unusual", c.Number)
		}
		if st != "" {
			if c.Courier != st || c.Ambiguous {
				t.Fatalf("stated %q: Courier = %q, Ambiguous = %v", st, c.Courier, c.Ambiguous)
			}
		} else {
			if c.Ambiguous != (len(c.Suggested) > 1) {
				t.Fatalf("Ambiguous = %v with %v", c.Ambiguous, c.Suggested)
			}
			if (len(c.Suggested) == 1) != (c.Courier != "") || (c.Courier != "" && c.Courier != c.Suggested[0]) {
				t.Fatalf("Courier = %q with %v", c.Courier, c.Suggested)
			}
			if len(c.Suggested) == 0 && !c.Unusual {
				t.Fatalf("nothing matches %q but not Unusual", c.Number)
			}
		}
		// Inspecting the normalised number gives the same verdict.
		again := Inspect(c.Number, st)
		if again.Number != c.Number || !slices.Equal(again.Suggested, c.Suggested) ||
			again.Courier != c.Courier || again.Unusual != c.Unusual || again.Ambiguous != c.Ambiguous {
			t.Fatalf("Inspect(%q) = %+v, Inspect(Number) = %+v", raw, c, again)
		}
		if got, ok := ParseCourier(raw); ok && !got.Known() {
			t.Fatalf("ParseCourier(%q) = unknown %q", raw, got)
		}
	})
}
