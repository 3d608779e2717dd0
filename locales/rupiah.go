package locales

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Codes of MoneyError.
const (
	moneyEmpty      = "empty"
	moneyNegative   = "negative"
	moneyAmbiguous  = "ambiguous"
	moneyInvalid    = "invalid"
	moneyTooLarge   = "too_large"
	moneyTooPrecise = "too_precise"
)

// maxRupiah is the largest amount ParseRupiah accepts: Rp1.000.000.000.000.
var maxRupiah = decimal.New(1, 12)

// FormatRupiah writes d the official Indonesian way: "Rp150.000",
// "Rp2.500.000", "Rp0", "-Rp5.000". The amount is rounded half away from
// zero to 2 decimal places; decimals are shown only when they are not zero,
// and then always as two digits after a comma: "Rp41.333,30".
func FormatRupiah(d decimal.Decimal) string {
	r := d.Abs().Round(2)
	if d.Sign() < 0 && !r.IsZero() {
		return "-Rp" + formatAmount(r, 2)
	}
	return "Rp" + formatAmount(r, 2)
}

// formatAmount writes non-negative d with dots between thousands and, unless
// the fraction is zero, a decimal comma followed by at least minPlaces
// digits (more if d has more significant decimals).
func formatAmount(d decimal.Decimal, minPlaces int32) string {
	places := minPlaces
	if !d.Equal(d.Truncate(minPlaces)) {
		places = -d.Exponent()
	}
	whole, frac, _ := strings.Cut(d.StringFixed(places), ".")
	var sb strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			sb.WriteByte('.')
		}
		sb.WriteRune(c)
	}
	if strings.Trim(frac, "0") != "" {
		sb.WriteByte(',')
		sb.WriteString(frac)
	}
	return sb.String()
}

// MoneyError reports an amount ParseRupiah cannot accept. Code is one of
// "empty", "negative", "ambiguous", "invalid", "too_large", "too_precise";
// the catalogues have a message for each under "money.err.<code>", to be
// shown as p.T("money.err."+e.Code, e.Args()...).
type MoneyError struct {
	Code  string // stable reason, see above
	Input string // the text as the user typed it
}

// Error describes the problem for logs.
func (e *MoneyError) Error() string {
	return fmt.Sprintf("locales: cannot read rupiah amount %q: %s", e.Input, e.Code)
}

// Args returns the placeholder arguments for the "money.err.<code>" message.
// For "ambiguous" they are "a" and "b", the two readings of the input
// formatted as Rupiah (e.g. "150,000": a = "Rp150", b = "Rp150.000"); the
// other codes need none.
func (e *MoneyError) Args() []any {
	if e.Code != moneyAmbiguous {
		return nil
	}
	_, readings, err := parseRupiah(e.Input)
	if err == nil || err.Code != moneyAmbiguous {
		return nil // a hand-made error: no readings to offer
	}
	return []any{"a", "Rp" + formatAmount(readings[0], 2), "b", "Rp" + formatAmount(readings[1], 2)}
}

// ParseRupiah reads an amount of money as people type it in a chat:
// "150000", "150.000", "Rp150.000", "Rp 150.000", "Rp.150.000", "IDR 150000",
// "Rp150.000,-", "Rp41.333,33", "150rb", "150 ribu", "150k", "1,5jt",
// "1.5 juta". The result is non-negative, has at most 2 decimals and is at
// most Rp1.000.000.000.000. The error is always a *MoneyError.
//
// The number may use dots as thousands separators (groups of exactly three
// digits) and a comma as the decimal separator, the Indonesian way. Text
// that could be read two ways is rejected as "ambiguous" instead of being
// guessed: "150,000" (Rp150 or Rp150.000?), "1.5" (Rp1,50 or Rp15?),
// "1,500.50" (English notation), and a single separator followed by three
// digits together with a unit ("1.500rb": Rp1.500 or Rp1.500.000?). With a
// unit (rb, ribu, k, jt, juta) a single dot or comma followed by fewer than
// three digits is a decimal point: "1.5 juta" = Rp1.500.000. Spaces inside
// the number are not accepted.
func ParseRupiah(s string) (decimal.Decimal, error) {
	v, _, err := parseRupiah(s)
	if err != nil {
		return decimal.Zero, err
	}
	return v, nil
}

// parseRupiah is ParseRupiah; for an "ambiguous" input it also returns the
// two readings: the one with a decimal separator first.
func parseRupiah(input string) (decimal.Decimal, [2]decimal.Decimal, *MoneyError) {
	var none [2]decimal.Decimal
	fail := func(code string) (decimal.Decimal, [2]decimal.Decimal, *MoneyError) {
		return decimal.Zero, none, &MoneyError{Code: code, Input: input}
	}
	s := strings.ToLower(strings.TrimSpace(input))
	if s == "" {
		return fail(moneyEmpty)
	}
	s, neg := cutMinus(s)
	for _, prefix := range []string{"idr", "rp.", "rp"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			s = strings.TrimSpace(rest)
			if !neg {
				s, neg = cutMinus(s)
			}
			break
		}
	}
	for _, suffix := range []string{",-", ".-"} {
		if rest, ok := strings.CutSuffix(s, suffix); ok {
			s = strings.TrimSpace(rest)
			break
		}
	}
	var shift int32
	for _, u := range []struct {
		name  string
		shift int32
	}{{"ribu", 3}, {"juta", 6}, {"rb", 3}, {"jt", 6}, {"k", 3}} {
		if rest, ok := strings.CutSuffix(s, u.name); ok {
			s, shift = strings.TrimSpace(rest), u.shift
			break
		}
	}

	first, alt, ok := readNumber(s, shift != 0)
	if !ok {
		return fail(moneyInvalid)
	}
	if neg {
		return fail(moneyNegative)
	}
	v, err := decimal.NewFromString(first)
	if err != nil {
		return fail(moneyInvalid) // e.g. a fraction too long for an int32 exponent
	}
	v = v.Shift(shift)
	if alt != "" {
		w, err := decimal.NewFromString(alt)
		if err != nil {
			return fail(moneyInvalid)
		}
		w = w.Shift(shift)
		if !v.Equal(w) {
			return decimal.Zero, [2]decimal.Decimal{v, w}, &MoneyError{Code: moneyAmbiguous, Input: input}
		}
	}
	if v.GreaterThan(maxRupiah) {
		return fail(moneyTooLarge)
	}
	if !v.Equal(v.Truncate(2)) {
		return fail(moneyTooPrecise)
	}
	return v, none, nil
}

// cutMinus removes a leading minus sign ("-", "−", "–" or the word "minus").
func cutMinus(s string) (string, bool) {
	for _, m := range []string{"-", "\u2212", "\u2013", "minus"} {
		if rest, ok := strings.CutPrefix(s, m); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return s, false
}

// readNumber interprets digits with '.' and ',' separators as a plain
// decimal string ("41333.33"). When the text can be read two ways, first is
// the reading with a decimal separator and alt the reading where every
// separator groups thousands; otherwise alt is "". withUnit tells whether a
// unit (rb, jt, …) followed the number.
func readNumber(num string, withUnit bool) (first, alt string, ok bool) {
	if num == "" || !isDigit(num[0]) || !isDigit(num[len(num)-1]) {
		return "", "", false
	}
	for i := 0; i < len(num); i++ {
		if c := num[i]; !isDigit(c) && c != '.' && c != ',' {
			return "", "", false
		}
	}
	dots, commas := strings.Count(num, "."), strings.Count(num, ",")
	switch {
	case dots == 0 && commas == 0:
		return num, "", true
	case commas == 0:
		return readSeparated(num, '.', withUnit)
	case dots == 0:
		return readSeparated(num, ',', withUnit)
	}
	lastDot, lastComma := strings.LastIndexByte(num, '.'), strings.LastIndexByte(num, ',')
	switch {
	case commas == 1 && lastComma > lastDot: // Indonesian: 41.333,33
		whole, frac := num[:lastComma], num[lastComma+1:]
		if !grouped(whole, ".") {
			return "", "", false
		}
		digits := strings.ReplaceAll(whole, ".", "")
		if len(frac) == 3 { // 1.500,000: Rp1.500 or Rp1.500.000?
			return digits + "." + frac, digits + frac, true
		}
		return digits + "." + frac, "", true
	case dots == 1 && lastDot > lastComma: // English: 1,500.50
		whole, frac := num[:lastDot], num[lastDot+1:]
		if !grouped(whole, ",") {
			return "", "", false
		}
		digits := strings.ReplaceAll(whole, ",", "")
		return digits + "." + frac, digits + frac, true
	}
	return "", "", false
}

// readSeparated is readNumber for a number with only one kind of separator.
func readSeparated(num string, sep byte, withUnit bool) (first, alt string, ok bool) {
	parts := strings.Split(num, string(sep))
	joined := strings.Join(parts, "")
	if len(parts) > 2 { // 1.500.000 or 1,500,000: thousands only
		if grouped(num, string(sep)) {
			return joined, "", true
		}
		return "", "", false
	}
	head, tail := parts[0], parts[1]
	dec := head + "." + tail
	if sep == ',' { // the Indonesian decimal comma
		if len(tail) == 3 { // 150,000: Rp150 or Rp150.000?
			return dec, joined, true
		}
		return dec, "", true
	}
	switch {
	case len(tail) == 3 && len(head) <= 3:
		if withUnit { // 1.500rb: Rp1.500 or Rp1.500.000?
			return dec, joined, true
		}
		return joined, "", true // 150.000
	case len(tail) <= 2:
		if withUnit { // 1.5 juta
			return dec, "", true
		}
		return dec, joined, true // 1.5: Rp1,50 or Rp15?
	}
	return "", "", false
}

// grouped reports whether s is digit groups joined by sep, the first of
// 1–3 digits and every other of exactly 3.
func grouped(s, sep string) bool {
	parts := strings.Split(s, sep)
	if len(parts) < 2 || len(parts[0]) < 1 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
