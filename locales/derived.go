package locales

import "strings"

// DigitsSuffix makes a derived placeholder: {x_digits} is filled, when no
// argument is called x_digits, with the digits of argument x up to its
// first comma — "Rp317.305" gives "317305". Transfer texts show the amount
// as bare digits too, because banking apps want them typed that way; the
// catalogue derives them so callers pass the amount once.
const DigitsSuffix = "_digits"

// derived fills a placeholder no argument names from the argument its name
// is built on; ok is false when there is none.
func derived(name string, args []any) (string, bool) {
	base, ok := strings.CutSuffix(name, DigitsSuffix)
	if !ok || base == "" {
		return "", false
	}
	v, ok := lookupArg(base, args)
	if !ok {
		return "", false
	}
	return digitsOf(v), true
}

// digitsOf keeps the ASCII digits of s before its first comma (the
// Indonesian decimal separator): "Rp1.500.000" → "1500000".
func digitsOf(s string) string {
	s, _, _ = strings.Cut(s, ",")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}
