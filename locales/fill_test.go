package locales

import (
	"fmt"
	"strings"
	"testing"
)

// fillByRegexp is the old implementation of T's substitution: the
// reference fill must agree with.
func fillByRegexp(text string, args []any) string {
	return placeholderRE.ReplaceAllStringFunc(text, func(m string) string {
		name := m[1 : len(m)-1]
		for {
			for i := 0; i+1 < len(args); i += 2 {
				if argName(args[i]) == name {
					v := fmt.Sprint(args[i+1])
					for range strings.Count(m[1:len(m)-1], "_digits") - strings.Count(name, "_digits") {
						v = digitsOf(v)
					}
					return v
				}
			}
			base, ok := strings.CutSuffix(name, "_digits")
			if !ok || base == "" {
				return m
			}
			name = base
		}
	})
}

func TestFill(t *testing.T) {
	args := []any{"name", "Sari", "n", 3, "total", "Rp 10.000", "x_1", true}
	for _, tc := range []struct{ text, want string }{
		{"Halo Kak {name}!", "Halo Kak Sari!"},
		{"{n} barang, {total}", "3 barang, Rp 10.000"},
		{"{unknown} stays", "{unknown} stays"},
		{"{x_1}{name}", "trueSari"},
		{"{} {1a} {Name} { name} {name", "{} {1a} {Name} { name} {name"},
		{"{{name}}", "{Sari}"},
		{"no placeholders", "no placeholders"},
		{"emoji 🙏 {name} 🙏", "emoji 🙏 Sari 🙏"},
		// Derived: the digits of an argument, before its decimal comma.
		{"{total_digits} {n_digits}", "10000 3"},
		{"{name_digits}|{unknown_digits}|{_digits}", "|{unknown_digits}|{_digits}"},
	} {
		if got := fill(tc.text, args); got != tc.want {
			t.Errorf("fill(%q) = %q, want %q", tc.text, got, tc.want)
		}
		if ref := fillByRegexp(tc.text, args); ref != tc.want {
			t.Errorf("reference fill(%q) = %q, want %q (table wrong)", tc.text, ref, tc.want)
		}
	}
}

// FuzzFill: the hand scan and the regexp agree on any text.
func FuzzFill(f *testing.F) {
	for _, s := range []string{"{total_digits}", "{a9__digits}", "{total_digits_digits}", "Halo {name}", "{n}{n}", "{", "}", "{a", "{_}", "{a9_}", "{{a}}", "\x00{name}\xff"} {
		f.Add(s)
	}
	args := []any{"name", "Sari", "n", 7, "a", "A", "_", "U", "a9_", 1.5, "total", "Rp1.500,50", "total_digits_x", "X"}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := fill(text, args), fillByRegexp(text, args); got != want {
			t.Fatalf("fill(%q) = %q, regexp gives %q", text, got, want)
		}
	})
}
