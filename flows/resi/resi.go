// Package resi normalises air waybill ("resi") numbers and suggests which
// courier issued them (DESIGN.md §5).
//
// Detection only suggests: the courier the supplier states always wins, and
// a number that does not look right is flagged Unusual, never rejected.
// O/0 and I/1 are never folded: a resi is copied, not retyped, and folding
// would turn a real typo into a wrong but plausible number.
package resi

import (
	"regexp"
	"strings"
	"unicode"
)

// Normalize trims raw, upper-cases it and drops white space (spaces, tabs,
// newlines, no-break and zero-width spaces) and dashes (ASCII '-', the
// Unicode dash punctuation class such as '–' and '—', and '−'). Every other
// character is kept, so that Inspect can flag it. Only ASCII a–z are
// upper-cased: Unicode case mapping would turn look-alikes into valid
// characters ('ı' → 'I', 'ſ' → 'S') and hide them. Invalid UTF-8 becomes
// U+FFFD. Normalize is idempotent.
func Normalize(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	for _, r := range raw {
		if dropped(r) {
			continue
		}
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func dropped(r rune) bool {
	switch r {
	case '-', '\u2212', // minus sign
		'\u200b', '\u200c', '\u200d', '\u2060', '\ufeff': // zero-width space/joiners, word joiner, BOM
		return true
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r)
}

// patternKind ranks how much a pattern says about the courier.
type patternKind int

const (
	// specific: a prefix or shape that (fairly reliably) belongs to one
	// courier. When any specific pattern matches, only those are suggested.
	specific patternKind = iota
	// plain: a plain-digit shape the courier is known for (JNE 15–16
	// digits). Counts when checking a stated courier.
	plain
	// hint: a plain-digit length the courier might use. Used only to list
	// candidates for an ambiguous number, never to judge a stated courier.
	hint
)

type pattern struct {
	courier Courier
	kind    patternKind
	re      *regexp.Regexp
}

// patterns, in order: most specific first, and within the length-only
// entries the more likely courier first. Sources: DESIGN.md §5. The
// candidate lists for plain 12/14/15-digit numbers are the ones to revise
// when better data is known.
var patterns = []pattern{
	{JNT, specific, regexp.MustCompile(`^JP[0-9]{10}$`)},
	{SPX, specific, regexp.MustCompile(`^SPXID[0-9]{10,16}[A-Z]?$`)},
	{IDExpress, specific, regexp.MustCompile(`^IDS[0-9]{12}$`)},
	{Ninja, specific, regexp.MustCompile(`^(NLID|NVID|NVSOID)[A-Z0-9]+$`)},
	{JNE, specific, regexp.MustCompile(`^CM[0-9]{11}$`)},
	{AnterAja, specific, regexp.MustCompile(`^1000[0-9]{10}$`)},
	{SiCepat, specific, regexp.MustCompile(`^00[0-9]{10}$`)},

	{JNE, plain, regexp.MustCompile(`^[0-9]{15,16}$`)},

	{SiCepat, hint, regexp.MustCompile(`^[0-9]{12}$`)},
	{JNE, hint, regexp.MustCompile(`^[0-9]{12}$`)},
	{TIKI, hint, regexp.MustCompile(`^[0-9]{12}$`)},
	{AnterAja, hint, regexp.MustCompile(`^[0-9]{14}$`)},
	{JNE, hint, regexp.MustCompile(`^[0-9]{14}$`)},
	{POS, hint, regexp.MustCompile(`^[0-9]{15}$`)},
}

// wellFormed is the shape every resi must have to be usual.
var wellFormed = regexp.MustCompile(`^[A-Z0-9]{8,30}$`)

// Length limits of a usual resi.
const (
	MinLen = 8
	MaxLen = 30
)

// Check is the result of Inspect.
type Check struct {
	Raw       string    // what the supplier typed, trimmed
	Number    string    // Normalize(Raw)
	Suggested []Courier // couriers whose patterns match, most specific first; nil when none
	Courier   Courier   // the stated courier when given (it always wins), else the single suggestion, else ""
	// Unusual is true when the number is empty, is not [A-Z0-9]+, has fewer
	// than MinLen or more than MaxLen characters, does not match the stated
	// courier's known patterns (couriers without known patterns, and unknown
	// couriers, accept any well-formed number), or, with no stated courier,
	// matches nothing at all.
	Unusual bool
	// Ambiguous is true when several couriers match (plain 12/14/15-digit
	// numbers) and none was stated.
	Ambiguous bool
}

// Inspect normalises raw and suggests couriers for it. stated is the
// courier the supplier named, or "".
//
// When a specific pattern (a prefix such as JP, SPXID, IDS, NLID, CM, 1000,
// 00) matches, only specific matches are suggested; otherwise the
// plain-digit candidates are, so "004607855558" is SiCepat while
// "123456789012" could be SiCepat, JNE or TIKI.
func Inspect(raw string, stated Courier) Check {
	ch := Check{Raw: strings.TrimSpace(raw)}
	ch.Number = Normalize(ch.Raw)

	var general []Courier
	for _, p := range patterns {
		if !p.re.MatchString(ch.Number) {
			continue
		}
		if p.kind == specific {
			ch.Suggested = appendNew(ch.Suggested, p.courier)
		} else {
			general = appendNew(general, p.courier)
		}
	}
	if len(ch.Suggested) == 0 {
		ch.Suggested = general
	}

	wellShaped := wellFormed.MatchString(ch.Number)
	switch {
	case stated != "":
		ch.Courier = stated
		ch.Unusual = !wellShaped || !fitsStated(ch.Number, stated)
	default:
		if len(ch.Suggested) == 1 {
			ch.Courier = ch.Suggested[0]
		}
		ch.Ambiguous = len(ch.Suggested) > 1
		ch.Unusual = !wellShaped || len(ch.Suggested) == 0
	}
	return ch
}

// fitsStated reports whether number matches one of c's known (specific or
// plain) patterns, or c has no known patterns at all.
func fitsStated(number string, c Courier) bool {
	known := false
	for _, p := range patterns {
		if p.courier != c || p.kind == hint {
			continue
		}
		known = true
		if p.re.MatchString(number) {
			return true
		}
	}
	return !known
}

func appendNew(list []Courier, c Courier) []Courier {
	for _, x := range list {
		if x == c {
			return list
		}
	}
	return append(list, c)
}
