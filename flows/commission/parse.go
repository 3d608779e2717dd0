package commission

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/locales"
)

// Codes of a *TextError; the chat layer shows partner.rule_err.<code>.
const (
	TextEmpty    = "empty"     // nothing to read
	TextPercent  = "percent"   // a percent that is not a number, or above 100
	TextAmount   = "amount"    // an amount ParseRupiah refuses
	TextWord     = "word"      // a word that is neither an amount, a percent nor "maks"
	TextTwice    = "twice"     // two percents, two amounts or two caps
	TextCapAlone = "cap_alone" // a cap without anything to cap
)

// TextError is why a rule text could not be read; Word is the piece of
// the text concerned (may be empty).
type TextError struct {
	Code string
	Word string
}

func (e *TextError) Error() string { return "commission: rule text: " + e.Code + " " + e.Word }

// Args are the placeholders of the message partner.rule_err.<code>.
func (e *TextError) Args() []any { return []any{"word", e.Word} }

var maxPercent = decimal.NewFromInt(100)

// ParseRule reads the owner's commission text into the numbers of a rule
// (Scope and Ref are the caller's): "10%", "7,5%", "5rb" (per item),
// "10% + 2rb", "10% maks 25rb", "Rp5.000 per barang". Amounts are read by
// locales.ParseRupiah.
func ParseRule(text string) (Rule, error) {
	r := Rule{Percent: decimal.Zero, Fixed: decimal.Zero}
	words := strings.Fields(strings.NewReplacer("+", " ", "/", " ").Replace(strings.ToLower(text)))
	var havePct, haveFixed bool
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "per" || w == "barang" || w == "item" || w == "pcs" || w == "dan" || w == "komisi":
			continue
		case w == "maks" || w == "maksimal" || w == "max" || w == "maks." || w == "batas":
			if r.Cap.Valid {
				return Rule{}, &TextError{Code: TextTwice, Word: w}
			}
			if i+1 == len(words) {
				return Rule{}, &TextError{Code: TextAmount, Word: w}
			}
			i++
			v, err := locales.ParseRupiah(words[i])
			if err != nil {
				return Rule{}, &TextError{Code: TextAmount, Word: words[i]}
			}
			r.Cap = decimal.NewNullDecimal(v)
		case strings.HasSuffix(w, "%"):
			if havePct {
				return Rule{}, &TextError{Code: TextTwice, Word: w}
			}
			v, err := decimal.NewFromString(strings.Replace(strings.TrimSuffix(w, "%"), ",", ".", 1))
			if err != nil || v.IsNegative() || v.GreaterThan(maxPercent) {
				return Rule{}, &TextError{Code: TextPercent, Word: w}
			}
			r.Percent, havePct = v, true
		default:
			v, err := locales.ParseRupiah(w)
			if err != nil {
				if strings.ContainsAny(w, "0123456789") {
					return Rule{}, &TextError{Code: TextAmount, Word: w}
				}
				return Rule{}, &TextError{Code: TextWord, Word: w}
			}
			if haveFixed {
				return Rule{}, &TextError{Code: TextTwice, Word: w}
			}
			r.Fixed, haveFixed = v, true
		}
	}
	switch {
	case !havePct && !haveFixed && r.Cap.Valid:
		return Rule{}, &TextError{Code: TextCapAlone}
	case !havePct && !haveFixed:
		return Rule{}, &TextError{Code: TextEmpty}
	}
	return r, nil
}
