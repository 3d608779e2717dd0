// Package refund asks a customer where a refund should go (bank or
// e-wallet, account number, account holder), keeps it with the refund
// owed, and puts it in the owner's notice. Relay (an item sold out) and
// aftersales (a complaint settled by refund) call Ask; the area sits just
// above chat so both can.
package refund

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dropbot/dropbot/store"
)

// Codes of ParseError; each has a message "refund.err.<code>".
const (
	CodeNoNumber = "no_number" // no account number (6–20 digits) in the text
	CodeNoBank   = "no_bank"   // nothing before the number names a bank or e-wallet
	CodeNoHolder = "no_holder" // no account holder's name after the number
	CodeTooLong  = "too_long"  // longer than anyone writes an account
)

// Limits of what Parse accepts.
const (
	minDigits    = 6
	maxDigits    = 20
	maxBankRunes = 30
	maxNameRunes = 60
	maxTextRunes = 300
)

// ParseError says what is missing from a refund destination.
type ParseError struct{ Code string }

func (e *ParseError) Error() string { return "refund: cannot read the destination: " + e.Code }

// number is a run of digits, maybe cut by spaces, dots or dashes
// ("123 456 7890", "0812-3456-7890").
var number = regexp.MustCompile(`\d[\d .\-]*\d`)

// labels are words people put before the parts ("Bank:", "No rek:",
// "atas nama"); they are not part of the bank or the name. "Bank" alone
// is not a label: "Bank Jago" is a bank's name.
var bankLabels = []string{"nama bank:", "bank:", "e-wallet", "ewallet", "nomor rekening", "no. rekening", "no rekening",
	"no. rek", "no rek", "norek", "rekening", "rek", "nomor", "no.", "no"}

var holderLabels = []string{"atas nama", "a.n.", "a.n", "a/n", "an.", "an", "nama pemilik", "nama"}

// Parse reads "BCA 1234567890 a.n. Budi Santoso", or the same on three
// lines with or without labels ("Bank: BCA / No rek: … / Atas nama: …"):
// the bank (or e-wallet) comes before the number and the holder after it.
// The error is always a *ParseError.
func Parse(text string) (store.RefundDest, error) {
	text = strings.TrimSpace(strings.ToValidUTF8(text, ""))
	if utf8.RuneCountInString(text) > maxTextRunes {
		return store.RefundDest{}, &ParseError{CodeTooLong}
	}
	flat := strings.Join(strings.Fields(text), " ")
	var digits string
	var loc []int
	for _, m := range number.FindAllStringIndex(flat, -1) {
		d := onlyDigits(flat[m[0]:m[1]])
		if len(d) >= minDigits && len(d) <= maxDigits {
			digits, loc = d, m
			break
		}
	}
	if loc == nil {
		return store.RefundDest{}, &ParseError{CodeNoNumber}
	}
	bank := clean(flat[:loc[0]], bankLabels)
	holder := clean(flat[loc[1]:], holderLabels)
	switch {
	case !hasLetter(bank) || utf8.RuneCountInString(bank) > maxBankRunes || !bankLike(bank):
		return store.RefundDest{}, &ParseError{CodeNoBank}
	case letters(holder) < 2 || utf8.RuneCountInString(holder) > maxNameRunes:
		return store.RefundDest{}, &ParseError{CodeNoHolder}
	}
	return store.RefundDest{Bank: strings.ToUpper(bank), Number: digits, Holder: holder}, nil
}

// bankNames are the banks and e-wallets Indonesian buyers name most, one
// word each (lower case), as they type them.
var bankNames = map[string]bool{
	"bca": true, "bri": true, "bni": true, "mandiri": true, "bsi": true, "btn": true, "cimb": true, "niaga": true,
	"permata": true, "danamon": true, "jago": true, "seabank": true, "blu": true, "ocbc": true, "maybank": true,
	"panin": true, "mega": true, "muamalat": true, "jenius": true, "btpn": true, "uob": true, "dbs": true,
	"hsbc": true, "bukopin": true, "kb": true, "neo": true, "allo": true, "superbank": true, "line": true,
	"dana": true, "ovo": true, "gopay": true, "shopeepay": true, "linkaja": true, "isaku": true,
}

// bankLike reports whether the words before the number name a bank or an
// e-wallet: one of the common names, or "Bank …"/"BPD …" for the others
// (Bank Sumut, BPD Bali), in a few words. "kak mau order gamis" is not.
func bankLike(s string) bool {
	words := strings.Fields(strings.ToLower(s))
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	if words[0] == "bank" || words[0] == "bpd" {
		return len(words) > 1
	}
	for _, w := range words {
		if bankNames[strings.Trim(w, ".,:;")] {
			return true
		}
	}
	return false
}

// clean trims separators and the label words from the ends of a part.
func clean(s string, labels []string) string {
	for {
		before := s
		s = strings.Trim(s, " :;,.-=/|()")
		low := strings.ToLower(s)
		for _, l := range labels {
			if strings.HasPrefix(low, l) && (len(low) == len(l) || !isWordRune(rune(low[len(l)])) || strings.HasSuffix(l, ".") || strings.HasSuffix(l, ":")) {
				s = s[len(l):]
				break
			}
		}
		for _, l := range bankLabels {
			// "BCA no rek" / "Budi Santoso" never ends with a label, but
			// "Bank BCA, no. rek" does.
			if strings.HasSuffix(strings.ToLower(s), " "+l) {
				s = s[:len(s)-len(l)-1]
				break
			}
		}
		if s == before {
			return strings.TrimSpace(s)
		}
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if '0' <= r && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hasLetter(s string) bool { return letters(s) > 0 }

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
