package orderform

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQty is the largest quantity accepted for one item.
const MaxQty = 9999

// numberWords are the Indonesian number words accepted as quantities.
var numberWords = map[string]int{
	"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
	"tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10,
}

// compoundWords follow a number word to make a larger number ("dua belas",
// "tiga puluh"): such quantities are not accepted (bad_qty).
var compoundWords = map[string]bool{
	"belas": true, "puluh": true, "ratus": true, "ribu": true, "juta": true,
	"koma": true, "setengah": true,
}

// unitFactor are the counting words accepted after a quantity, with how many
// pieces one of them is. A lusin is a dozen (12) and a kodi is a score (20):
// both are fixed trade measures in Indonesia, so "1 lusin" is 12 pieces.
var unitFactor = map[string]int{
	"pieces": 1, "piece": 1, "pcs": 1, "psc": 1, "pc": 1, "buah": 1, "bh": 1,
	"biji": 1, "bj": 1, "pasang": 1, "psg": 1, "unit": 1, "item": 1,
	"lembar": 1, "lbr": 1, "botol": 1, "btl": 1, "lusin": 12, "kodi": 20,
}

const (
	numPat  = `((?:-\s?)?\d+(?:[.,]\d+)*|(?:sepuluh|sebelas|seratus|seribu|setengah|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)\b)`
	unitPat = `(pieces|piece|pcs|psc|pc|buah|bh|biji|bj|pasang|psg|unit|item|lembar|lbr|botol|btl|lusin|kodi)\b`
)

// Explicit quantity markers. Group 1 is the span removed from the query,
// group 2 the number, group 3 (when present) the unit.
var markerRes = []*regexp.Regexp{
	// x2, X 2, × 2, x2 pcs
	regexp.MustCompile(`(?i)(?:^|\s)([x×]\s*` + numPat + `(?:\s*` + unitPat + `)?)`),
	// 2x, 2 x
	regexp.MustCompile(`(?i)(?:^|\s)(` + numPat + `\s*[x×])(?:\s|$)`),
	// 2 pcs, 2pcs, dua buah, 1 lusin
	regexp.MustCompile(`(?i)(?:^|[\s(])(` + numPat + `\s*` + unitPat + `)`),
	// (2), (2 pcs), (x2), (qty 2)
	regexp.MustCompile(`(?i)(\(\s*(?:(?:qty|jml|jumlah)\s*[:=]?\s*)?(?:[x×]\s*)?` + numPat + `\s*(?:` + unitPat + `\s*|[x×]\s*)?\))`),
	// qty 2, qty: 2, jml 2, jumlah 2
	regexp.MustCompile(`(?i)(?:^|\s)((?:qty|jml|jumlah)\s*[:=.]?\s*` + numPat + `(?:\s*` + unitPat + `)?)`),
}

// atRe is the weakest marker: "@2". A price such as "@50.000" or "@50rb"
// is not a quantity.
var atRe = regexp.MustCompile(`(?:^|\s)(@\s*(\d+))`)

// qty is a quantity read from text.
type qty struct {
	n   int  // valid quantity, 1..MaxQty
	bad bool // given but not acceptable (0, negative, fractional, too big, unknown word)
}

// numValue reads the number matched by numPat, times the unit factor.
func numValue(num, unit string) qty {
	num = strings.ToLower(strings.Join(strings.Fields(num), ""))
	factor := 1
	if unit != "" {
		factor = unitFactor[strings.ToLower(unit)]
	}
	if n, ok := numberWords[num]; ok {
		return checkQty(n * factor)
	}
	if num == "" || num[0] < '0' || num[0] > '9' {
		return qty{bad: true} // negative, or sebelas/seratus/...
	}
	if strings.Contains(num, ",") {
		return qty{bad: true} // decimal comma: 1,5
	}
	if strings.Contains(num, ".") {
		// Only thousands grouping is a whole number: 1.000.
		parts := strings.Split(num, ".")
		if len(parts[0]) > 3 {
			return qty{bad: true}
		}
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return qty{bad: true}
			}
		}
		num = strings.Join(parts, "")
	}
	if len(num) > 9 {
		return qty{bad: true}
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return qty{bad: true}
	}
	return checkQty(n * factor)
}

func checkQty(n int) qty {
	if n < 1 || n > MaxQty {
		return qty{bad: true}
	}
	return qty{n: n}
}

// span is a found quantity and the part of the text it occupies.
type span struct {
	start, end int
	q          qty
}

// findMarker finds the explicit quantity marker to use: the one ending
// last, the widest among those.
func findMarker(s string) (span, bool) {
	var best span
	found := false
	for _, re := range markerRes {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			start, end := m[2], m[3]
			if end < len(s) {
				if r, _ := utf8.DecodeRuneInString(s[end:]); unicode.IsLetter(r) || unicode.IsDigit(r) {
					continue // "x2a": not a marker
				}
			}
			num := s[m[4]:m[5]]
			unit := ""
			if len(m) > 6 && m[6] >= 0 {
				unit = s[m[6]:m[7]]
			}
			q := numValue(num, unit)
			// "x dua belas": a compound number word is not accepted.
			if ws := wordSpans(s[end:]); len(ws) > 0 && numberWords[strings.ToLower(num)] > 0 &&
				compoundWords[strings.ToLower(s[end+ws[0][0]:end+ws[0][1]])] {
				q = qty{bad: true}
				end += ws[0][1]
			}
			sp := span{start: start, end: end, q: q}
			if !found || sp.end > best.end || (sp.end == best.end && sp.start < best.start) {
				best, found = sp, true
			}
		}
	}
	return best, found
}

// findAt finds "@2" when no other marker exists.
func findAt(s string) (span, bool) {
	ms := atRe.FindAllStringSubmatchIndex(s, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		end := m[3]
		if end < len(s) {
			r, _ := utf8.DecodeRuneInString(s[end:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == ',' {
				continue // "@50rb", "@50.000": a price
			}
		}
		return span{start: m[2], end: end, q: numValue(s[m[4]:m[5]], "")}, true
	}
	return span{}, false
}

// findTrailing reads a bare number at the end ("Hijab voal 2",
// "Hijab - 2", "Hijab -2"), used only when no marker exists. It must
// follow at least one word. A number with a leading zero ("GMS 01") is a
// code, not a quantity. Number words are not read here: "Hijab segi
// empat" is a product, not four hijabs.
func findTrailing(s string) (span, bool) {
	ws := wordSpans(s)
	if len(ws) < 2 {
		return span{}, false
	}
	last := ws[len(ws)-1]
	w := s[last[0]:last[1]]
	start := last[0]
	if strings.HasPrefix(w, "-") {
		w = w[1:] // "Hijab -2": the dash separates
	}
	if !isNumberToken(w) || (len(w) > 1 && w[0] == '0' && w[1] >= '0' && w[1] <= '9') {
		return span{}, false
	}
	prevIdx := len(ws) - 2
	if p := s[ws[prevIdx][0]:ws[prevIdx][1]]; p == "-" || p == "–" || p == "—" {
		if prevIdx == 0 {
			return span{}, false
		}
		start = ws[prevIdx][0]
	}
	return span{start: start, end: last[1], q: numValue(w, "")}, true
}

// isNumberToken reports whether w is digits with optional . or , groups.
func isNumberToken(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' || w[len(w)-1] < '0' || w[len(w)-1] > '9' {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < '0' || c > '9') && c != '.' && c != ',' {
			return false
		}
		if (c == '.' || c == ',') && (w[i-1] == '.' || w[i-1] == ',') {
			return false
		}
	}
	return true
}

// wordSpans returns the byte ranges of whitespace-separated words.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// parseItem reads one item. See Item for the rules. The second result is
// set when the quantity was given but is not acceptable.
func parseItem(raw string) (Item, bool) {
	it, bad, _ := readItem(raw, nil)
	return it, bad
}

// readItem is parseItem knowing the shop's folded names (see foldNames):
// a bare number that, with the word beside it, is part of a known name is
// not a quantity. weak reports a quantity read from a bare number only
// (rule 3 of Item), which a Jumlah line may overrule.
func readItem(raw string, known []string) (it Item, bad, weak bool) {
	s := strings.TrimSpace(raw)
	it = Item{Raw: s, Qty: 1}
	sp, ok := findMarker(s)
	if !ok {
		sp, ok = findAt(s)
	}
	if !ok {
		for _, find := range []func(string) (span, bool){findLeading, findTrailing} {
			if sp, ok = find(s); ok && !nameHolds(known, s, sp) {
				weak = true
				break
			}
			ok = false
		}
	}
	query := s
	if ok {
		query = s[:sp.start] + " " + s[sp.end:]
		it.QtyGiven = true
		it.Qty = sp.q.n
		bad = sp.q.bad
	}
	it.Query = cleanQuery(query)
	return it, bad, weak
}

// findLeading reads a bare number starting an item that has words after
// it ("2 gamis busui"), used only when no marker exists. Like a trailing
// number, one with a leading zero is a code, and it beats a trailing
// number: in "2 Keripik Level 5" the 5 is the level.
func findLeading(s string) (span, bool) {
	ws := wordSpans(s)
	if len(ws) < 2 {
		return span{}, false
	}
	w := s[ws[0][0]:ws[0][1]]
	if !isNumberToken(w) || (len(w) > 1 && w[0] == '0') || !hasLetterRune(s[ws[1][0]:]) {
		return span{}, false
	}
	return span{start: ws[0][0], end: ws[0][1], q: numValue(w, "")}, true
}

func hasLetterRune(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// nameHolds reports whether the number at sp, with the word next to it
// (before it at the end of an item, after it at the start), appears in
// one of the known names: "Keripik Pedas Level 5" with "Keripik Pedas
// 250g Level 5" known.
func nameHolds(known []string, s string, sp span) bool {
	if len(known) == 0 {
		return false
	}
	ws := strings.Fields(labelKey(s))
	if len(ws) < 2 {
		return false
	}
	pair := ws[len(ws)-2:]
	if sp.start == 0 {
		pair = ws[:2]
	}
	tail := " " + strings.Join(pair, " ") + " "
	for _, k := range known {
		if strings.Contains(k, tail) {
			return true
		}
	}
	return false
}

// cleanQuery collapses spaces and trims separators and markup.
func cleanQuery(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "()", "")
	return strings.Trim(s, " -–—:,.;=@*_~`/+")
}

// splitItems cuts one line of a Pesanan value into item texts at ";",
// "|", " + " and "," (a comma between two digits, as in "1,5", does not
// cut).
func splitItems(s string) []string {
	var out []string
	rs := []rune(s)
	start := 0
	cut := func(i, skip int) {
		out = append(out, string(rs[start:i]))
		start = i + skip
	}
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case ';', '|':
			cut(i, 1)
		case ',':
			if i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]) {
				continue
			}
			cut(i, 1)
		case '+':
			if (i > 0 && unicode.IsSpace(rs[i-1])) || (i+1 < len(rs) && unicode.IsSpace(rs[i+1])) {
				cut(i, 1)
			}
		}
	}
	out = append(out, string(rs[start:]))
	var items []string
	for _, it := range out {
		if it = strings.TrimSpace(stripLead(it)); it != "" && hasAlnum(it) {
			items = append(items, it)
		}
	}
	return items
}

// parseQtyValue reads the value of a "Jumlah:" line: "2", "2 pcs", "x2",
// "dua", "1 lusin". Anything else is a bad quantity.
func parseQtyValue(v string) qty {
	v = strings.TrimSpace(v)
	if sp, ok := findMarker(v); ok && strings.TrimSpace(v[:sp.start]+v[sp.end:]) == "" {
		return sp.q
	}
	if isNumberToken(v) || strings.HasPrefix(v, "-") {
		return numValue(v, "")
	}
	if n, ok := numberWords[strings.ToLower(v)]; ok {
		return qty{n: n}
	}
	return qty{bad: true}
}
