package catalog

import (
	"errors"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/locales"
)

// Bounds that keep numbers sane and inside an int.
const (
	maxStock   = 1_000_000_000
	maxWeightG = 1_000_000 // one tonne
)

// maxMoney matches locales.ParseRupiah's ceiling: Rp1.000.000.000.000.
var maxMoney = decimal.New(1, 12)

// parseMoney reads a cost or price cell. raw is the number an XLSX numeric
// cell holds (English notation, isRaw true); text cells go through
// locales.ParseRupiah, so "85.000" is eighty-five thousand. It returns a
// RowError code, "" when fine.
func parseMoney(text, raw string, isRaw bool) (decimal.Decimal, string) {
	if isRaw {
		if d, err := decimal.NewFromString(strings.TrimSpace(raw)); err == nil {
			switch d = excelDigits(d); {
			case d.IsNegative():
				return decimal.Zero, CodeNegative
			case d.GreaterThan(maxMoney), !d.Equal(d.Truncate(2)):
				return decimal.Zero, CodeBadMoney
			}
			return d, ""
		}
	}
	if d, ok := dotDecimal(text); ok {
		switch {
		case d.IsNegative():
			return decimal.Zero, CodeNegative
		case d.GreaterThan(maxMoney), !d.Equal(d.Truncate(2)):
			return decimal.Zero, CodeBadMoney
		}
		return d, ""
	}
	d, err := locales.ParseRupiah(text)
	if err != nil {
		var me *locales.MoneyError
		if errors.As(err, &me) && me.Code == "negative" {
			return decimal.Zero, CodeNegative
		}
		return decimal.Zero, CodeBadMoney
	}
	return d, ""
}

// dotDecimal reads a plain number whose one dot is a decimal point, as a
// spreadsheet exports it ("41333.33", "9875.5", "-12.5", "Rp 1234.567"):
// the dot is a decimal point when one or two digits follow it, or when it
// cannot be a thousands separator (more than three digits before it, a
// leading 0, or other than three digits after it). "41.333" is left to
// ParseRupiah, which reads forty-one thousand. ok is false for anything
// else. The amount keeps every digit written.
func dotDecimal(text string) (d decimal.Decimal, ok bool) {
	s := strings.TrimSpace(text)
	neg := false
	if rest, found := strings.CutPrefix(s, "-"); found {
		s, neg = strings.TrimSpace(rest), true
	}
	if len(s) >= 2 && strings.EqualFold(s[:2], "rp") {
		s = strings.TrimSpace(s[2:])
	}
	whole, frac, found := strings.Cut(s, ".")
	if !found || !allDigits(whole) || !allDigits(frac) {
		return decimal.Zero, false
	}
	thousands := len(frac) == 3 && len(whole) <= 3 && whole[0] != '0'
	if thousands {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(whole + "." + frac)
	if err != nil {
		return decimal.Zero, false
	}
	if neg {
		d = d.Neg()
	}
	return d, true
}

// excelDigits rounds d to the 15 significant digits Excel keeps, so a
// stored 85000.100000000006 reads as 85000.1.
func excelDigits(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() || d.Exponent() >= 0 {
		return d
	}
	intDigits := int32(d.NumDigits()) + d.Exponent() // digits left of the point (may be <= 0)
	if places := 15 - intDigits; -d.Exponent() > places {
		return d.Round(places)
	}
	return d
}

// parseStock reads a stock cell: a whole number >= 0, or "habis"/"kosong".
func parseStock(text, raw string, isRaw bool) (int64, string) {
	switch strings.Join(strings.Fields(strings.ToLower(text)), " ") {
	case "habis", "kosong", "stok habis", "sold out":
		return 0, ""
	}
	if isRaw {
		if d, err := decimal.NewFromString(strings.TrimSpace(raw)); err == nil {
			return wholeNumber(excelDigits(d), maxStock)
		}
	}
	return parseCount(text, maxStock)
}

// parseWeight reads a weight cell into grams. Plain numbers are grams
// ("250", "1.000"), or kilograms when inKg (the header said so). A unit
// may follow: g, gr, gram, kg, kilo, kilogram. With kilograms a single dot
// or comma is a decimal point ("0,25kg", "1.5 kg", "1.250 kg" = 1250 g).
func parseWeight(text, raw string, isRaw, inKg bool) (int64, string) {
	if isRaw {
		if d, err := decimal.NewFromString(strings.TrimSpace(raw)); err == nil {
			d = excelDigits(d)
			if inKg {
				d = d.Shift(3)
			}
			return wholeNumber(d, maxWeightG)
		}
	}
	s := strings.ToLower(strings.Join(strings.Fields(text), ""))
	kg := inKg
	for _, u := range []struct {
		name string
		kg   bool
	}{{"kilogram", true}, {"kilo", true}, {"kg", true}, {"gram", false}, {"gr", false}, {"g", false}} {
		if rest, ok := strings.CutSuffix(s, u.name); ok {
			s, kg = rest, u.kg
			break
		}
	}
	if !kg {
		return parseCount(s, maxWeightG)
	}
	neg := false
	if rest, ok := cutSign(s); ok {
		s, neg = rest, true
	}
	whole, frac, hasSep := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if !allDigits(whole) || (hasSep && (!allDigits(frac) || len(frac) > 3)) {
		return 0, CodeBadNumber
	}
	if neg {
		return 0, CodeNegative
	}
	d, err := decimal.NewFromString(whole + "." + frac + "0")
	if err != nil {
		return 0, CodeBadNumber
	}
	return wholeNumber(d.Shift(3), maxWeightG)
}

// parseCount reads a whole number typed by a person: digits, optionally
// grouped by thousands dots ("1.000"). A comma is refused: "1,000" could be
// one or a thousand.
func parseCount(s string, limit int64) (int64, string) {
	s = strings.TrimSpace(s)
	neg := false
	if rest, ok := cutSign(s); ok {
		s, neg = strings.TrimSpace(rest), true
	}
	if !allDigits(s) {
		groups := strings.Split(s, ".")
		if len(groups[0]) > 3 {
			return 0, CodeBadNumber
		}
		for i, g := range groups {
			if !allDigits(g) || (i > 0 && len(g) != 3) {
				return 0, CodeBadNumber
			}
		}
		s = strings.Join(groups, "")
	}
	if neg {
		return 0, CodeNegative
	}
	if len(s) > 18 {
		return 0, CodeBadNumber
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > limit {
		return 0, CodeBadNumber
	}
	return n, ""
}

// wholeNumber checks that d is a whole number in [0, limit].
func wholeNumber(d decimal.Decimal, limit int64) (int64, string) {
	switch {
	case d.IsNegative():
		return 0, CodeNegative
	case !d.IsInteger(), d.GreaterThan(decimal.NewFromInt(limit)):
		return 0, CodeBadNumber
	}
	return d.IntPart(), ""
}

// cutSign removes a leading minus ("-" or the Unicode minus sign).
func cutSign(s string) (string, bool) {
	for _, m := range []string{"-", "\u2212"} {
		if rest, ok := strings.CutPrefix(s, m); ok {
			return rest, true
		}
	}
	return s, false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
