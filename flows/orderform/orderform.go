// Package orderform reads the "format order" a customer or reseller pastes
// in one chat message:
//
//	Nama: Sari Wulandari
//	No HP: 0812-3456-7890
//	Alamat: Jl. Melati No. 12 RT 03/RW 05, Kel. Sukamaju, Kec. Cibeunying Kidul, Kota Bandung, Jawa Barat 40121
//	Pesanan: GMS-01 x2, Hijab voal dusty pink 1
//	Ekspedisi: JNE REG
//	Pengirim: Butik Sari / 0813 1111 2222
//
// It only structures text: no catalogue, no courier list, no phone
// normalisation. Nothing typed is lost: what cannot be placed is returned in
// Form.Unknown, and doubtful quantities are reported in Form.Problems.
//
// Lines. The text is split into lines ("\r\n", "\r" and "\n" all end a
// line). Leading bullets, numbering ("1.", "2)"), emoji and WhatsApp markup
// ("*Nama*:") are ignored when looking for a label. A label is one of the
// known words (see labels.go) followed by ":", "=", "-" or a tab, or alone on
// its line. A line without letters or digits is blank.
//
// Values over several lines. Alamat, Pesanan, Catatan and address parts
// (Kecamatan, Kota, Kode pos, Patokan, ...) take the following unlabelled
// lines until the next label or a blank line. Pengirim takes following lines
// until it has a name and a phone (at most three lines). Other labels take
// the next line only when their own line had no value ("Nama:\nSari").
// Unlabelled lines elsewhere, lines with an unknown label ("Ongkir: 15rb"),
// and a second value for a one-value field (a second "Nama:") go to Unknown.
//
// One line, many labels. "Nama: Dewi, HP: 0813…, Alamat: Jl. Mawar 3, Kec.
// Jatiasih, Bekasi, Pesanan: KRP-05 x3, Kurir: JNE" is cut before every
// known label that follows a comma, semicolon or "|" and carries ":" or
// "=", and each piece is then read as its own line.
//
// Quantities (see Item). Jumlah/Qty/Jml lines and Warna/Ukuran/Size lines
// apply to the Pesanan block they follow (or, before any Pesanan, the first
// one after them) when that block has exactly one item; otherwise they are
// Unknown. A Jumlah line beats the weakest quantity rule: when the item's
// quantity was only a bare number at its end ("Keripik Pedas 250g Level 5"
// with "Jumlah: 10"), that number goes back into the product words and the
// Jumlah is the quantity. ParseKnown also keeps a trailing number that is
// part of a known product or variant name.
package orderform

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/dropbot/dropbot/flows/address"
)

// Item is one ordered product as typed.
//
// Quantity rules, in order of preference:
//  1. An explicit marker: "x2", "X 2", "2x", "2 pcs", "2pcs", "2 buah",
//     "(2)", "(2 pcs)", "qty 2", "jumlah 2", and the number words satu..
//     sepuluh with a marker ("x dua", "dua pcs", "(dua)"). "1 lusin" is 12
//     and "1 kodi" is 20 pieces. When several markers appear, the one
//     ending last wins.
//  2. "@2", when no other marker exists ("@50.000" and "@50rb" are prices,
//     not quantities).
//  3. Only when no marker exists: a bare number at the start, before
//     words ("2 gamis busui"), else a bare number at the end, after at
//     least one word ("Hijab voal 2", "Hijab - 2"), unless it has a leading
//     zero ("GMS 01" is a code). Digits inside a name are never taken: "GMS-01",
//     "Kaos 3D", "Hijab 2 warna" keep theirs. A bare number word at the end
//     is not a quantity ("Hijab segi empat").
//
// Without a quantity, Qty is 1 and QtyGiven false. A quantity that is 0,
// negative, fractional ("1,5"), above MaxQty, or a compound number word
// ("dua belas") gives Qty 0, QtyGiven true and a "bad_qty" Problem.
type Item struct {
	Query    string // SKU or product words, with the quantity removed
	Qty      int    // 1..MaxQty, or 0 with a bad_qty Problem
	QtyGiven bool   // false when Qty is the default 1
	Raw      string // the item text as typed (bullet removed)
}

// Problem is something the customer typed that needs a question back.
type Problem struct {
	Field string // "name", "phone", "address", "items", "courier", "qty"
	Code  string // CodeBadQty or CodeEmptyValue
	Raw   string // the text concerned: the item, the Jumlah value, or the label line
}

// Problem codes.
const (
	// CodeBadQty: a quantity of 0, negative, fractional, above MaxQty, or
	// an unaccepted number word. The item is listed with Qty 0.
	CodeBadQty = "bad_qty"
	// CodeEmptyValue: a required field's label was written without a
	// value ("Nama:" left blank) and no other line gave it. Optional
	// fields (Pengirim, Catatan, Jumlah, Warna) are not reported.
	CodeEmptyValue = "empty_value"
)

// Form is a parsed format order.
type Form struct {
	Name, Phone string          // as typed; Phone is not normalised
	AddressText string          // the address as typed; several lines are joined with "\n"
	Address     address.Address // address.Parse(AddressText)
	Items       []Item
	// Courier and Service are split from "JNE REG", "J&T EZ", "jne yes",
	// "SiCepat (BEST)", "JNE - REG": the courier words are kept as typed,
	// the service is upper-cased. The service is split off only when it is
	// a known service code (REG, YES, OKE, EZ, BEST, HALU, ...); couriers
	// are never checked against a list.
	Courier, Service string
	// SenderName and SenderPhone come from "Pengirim: Butik Sari / 0813…",
	// "Pengirim: Butik Sari (0813…)", a Pengirim label followed by lines,
	// or separate "Nama pengirim" / "No HP pengirim" labels.
	SenderName, SenderPhone string
	Notes                   string // Catatan lines joined with "\n"
	// SecondOrder is the label line (bullets stripped) that starts a
	// second recipient's block ("Nama: Dina"), or "" when the text holds
	// one order. It is set when a Nama or Alamat label with a value comes
	// after an item line while that field already has a value: two format
	// orders pasted in one message. A repeated phone alone does not count
	// (a second contact number is common), nor a Nama right after an empty
	// Pengirim label (the sender's name). The fields above still hold what
	// Parse merged; the caller should not use them as one order.
	SecondOrder string
	Unknown     []string  // input lines that could not be placed, verbatim
	Problems    []Problem // see Problem
}

// Missing lists the required fields that are absent or empty, in this
// order: "name", "phone", "address", "items", "courier". It does not judge
// the address: use Form.Address.Missing for that.
func (f Form) Missing() []string {
	var out []string
	if strings.TrimSpace(f.Name) == "" {
		out = append(out, "name")
	}
	if strings.TrimSpace(f.Phone) == "" {
		out = append(out, "phone")
	}
	if strings.TrimSpace(f.AddressText) == "" {
		out = append(out, "address")
	}
	if len(f.Items) == 0 {
		out = append(out, "items")
	}
	if strings.TrimSpace(f.Courier) == "" {
		out = append(out, "courier")
	}
	return out
}

// Looks reports whether text looks like a filled format order: at least
// three different known labels with a value, or both an address and an
// order (Pesanan) with values. The chat router uses it to decide to call
// Parse.
func Looks(text string) bool {
	blocks, _ := scan(splitLines(text))
	seen := map[label]bool{}
	for _, b := range blocks {
		if len(b.values) == 0 {
			continue
		}
		switch b.label {
		case lAddrPart:
			seen[lAddress] = true
		case lSenderPhone:
			seen[lSender] = true
		case lAttr:
			seen[lItems] = true
		case lForeign:
		default:
			seen[b.label] = true
		}
	}
	return len(seen) >= 3 || (seen[lAddress] && seen[lItems])
}

// splitLines cuts text into lines; "\r\n", "\r" and "\n" all end a line.
// A line holding several labels ("Nama: Dewi, HP: 0813…, Alamat: …") is
// cut before each further label (see cutLabels).
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []string
	for _, l := range strings.Split(text, "\n") {
		out = append(out, cutLabels(l)...)
	}
	return out
}

// cutLabels cuts one line before every label that follows a comma, a
// semicolon or "|" and is itself followed by ":" or "=" ("…, HP: 0813…").
// A known label always cuts; an unknown one ("…, Ongkir: 15rb") cuts only
// when the line starts with a known label, so that piece becomes Unknown
// instead of riding in the value before it. Words after other punctuation
// never cut, so an address with commas stays whole. The pieces keep their
// text exactly (leading spaces included).
func cutLabels(line string) []string {
	var out []string
	start := 0
	formLine := false
	if l, _, _ := matchLabel(stripLead(line)); l != lNone && l != lForeign {
		formLine = true
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c != ',' && c != ';' && c != '|' {
			continue
		}
		rest := line[i+1:]
		// A label is short: look no further than 40 bytes, so a long line
		// of commas costs no more than its length.
		j := strings.IndexAny(rest[:min(len(rest), 41)], ":=")
		if j <= 0 || strings.ContainsAny(rest[:j], ",;|") {
			continue
		}
		head := stripLead(rest[:j])
		k := labelKey(head)
		if k == "" {
			continue
		}
		l := lookupLabel(k, false)
		if l == lNone && formLine && rest[j] == ':' && foreignLabel(head) {
			l = lForeign
		}
		if l != lNone && (l != lForeign || formLine) {
			out = append(out, line[start:i])
			start = i + 1
		}
	}
	return append(out, line[start:])
}

// block is a label and the lines that belong to it.
type block struct {
	label  label
	lines  []int    // input line numbers: the label line, then continuations
	values []string // non-empty values: the label line's, then continuations
	first  string   // the label line with bullets stripped, for Problem.Raw
	head   string   // the label as typed, markup removed ("Kecamatan")
}

// trace records what became of every input line. The three sets are
// disjoint and together hold every line.
type trace struct {
	consumed, unknown, blank []int
}

// scan groups lines into blocks. Lines that belong to no block are
// returned as unknown in the trace; the caller may still move a block's
// lines to unknown when it resolves the block.
func scan(lines []string) ([]*block, []int) {
	var blocks []*block
	var unknown []int
	var cur *block
	for i, line := range lines {
		if !hasAlnum(line) {
			if cur != nil && len(cur.values) > 0 {
				cur = nil
			}
			continue
		}
		s := stripLead(line)
		if l, head, v := matchLabel(s); l != lNone {
			if l == lForeign {
				unknown = append(unknown, i)
				cur = nil
				continue
			}
			cur = &block{label: l, lines: []int{i}, first: strings.TrimSpace(s), head: cleanValue(head)}
			if v = cleanValue(v); v != "" {
				cur.values = append(cur.values, v)
			}
			blocks = append(blocks, cur)
			continue
		}
		if cur != nil && cur.accepts(s) {
			cur.lines = append(cur.lines, i)
			if v := cleanValue(s); v != "" {
				cur.values = append(cur.values, v)
			}
			continue
		}
		unknown = append(unknown, i)
		cur = nil
	}
	return blocks, unknown
}

// accepts reports whether an unlabelled line (bullets stripped) continues
// the block.
func (b *block) accepts(line string) bool {
	switch b.label {
	case lAddress, lAddrPart, lItems, lNotes:
		return true
	case lSender:
		// The name first, then only a phone: "Pengirim: Butik Sari" is
		// not continued by "Terima kasih".
		if len(b.values) >= 3 {
			return false
		}
		name, phone := parseSender(b.values)
		if name == "" {
			return true
		}
		_, p := splitPhone(line)
		return phone == "" && p != ""
	default:
		return len(b.values) == 0
	}
}

// hasAlnum reports whether s has a letter or a digit.
func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// isBullet reports whether r is decoration before a label or an item:
// bullets, dashes, arrows, markup, emoji and their joiners.
func isBullet(r rune) bool {
	switch r {
	case '-', '*', '•', '·', '▪', '▫', '◦', '‣', '⁃', '–', '—', '>', '»', '→',
		'_', '~', '`', '○', '●', '■', '□', '◆', '◇', '★', '☆', '✓', '✔', '=':
		return true
	}
	return unicode.In(r, unicode.So, unicode.Sk, unicode.Cf, unicode.Mn, unicode.Me, unicode.Co) ||
		unicode.IsSpace(r)
}

var numberingRe = regexp.MustCompile(`^\d{1,2}[.)](?:\s|$)`)

// stripLead removes bullets, numbering ("1.", "2)"), keycap digits
// ("1️⃣") and emoji from the start of s.
func stripLead(s string) string {
	for {
		t := strings.TrimLeftFunc(s, isBullet)
		if m := numberingRe.FindString(t); m != "" {
			t = t[len(m):]
		} else if len(t) > 1 && t[0] >= '0' && t[0] <= '9' {
			// keycap "1️⃣": a digit, maybe U+FE0F, then U+20E3
			rest := strings.TrimPrefix(t[1:], "\ufe0f")
			if strings.HasPrefix(rest, "\u20e3") {
				t = rest[len("\u20e3"):]
			}
		}
		if t == s {
			return s
		}
		s = t
	}
}

// cleanValue trims spaces and WhatsApp markup around a value; "-" alone is
// empty.
func cleanValue(v string) string {
	v = strings.TrimSpace(v)
	v = strings.Trim(v, "*_~`")
	v = strings.TrimSpace(v)
	if !hasAlnum(v) {
		return ""
	}
	return v
}

// Parse reads a format order. It never fails; see the package
// documentation for the rules.
func Parse(text string) Form {
	f, _ := parse(text, nil)
	return f
}

// ParseKnown is Parse with the shop's product names, variant names and
// SKUs (as shown to customers, in any case). A bare number ending an item
// is not read as its quantity when, with the word before it, it appears in
// one of the names: with "Keripik Pedas 250g Level 5" known, "Pesanan:
// Keripik Pedas Level 5" is one pack of Level 5, not five. Explicit
// markers ("x2", "2 pcs") still count.
func ParseKnown(text string, known []string) Form {
	f, _ := parse(text, foldNames(known))
	return f
}

// foldNames folds names for nameHolds: " name words ".
func foldNames(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if k := labelKey(n); k != "" {
			out = append(out, " "+k+" ")
		}
	}
	return out
}

// pending is a Jumlah or Warna line waiting for its Pesanan block.
type pending struct {
	b     *block
	index int // position among blocks
}

// parse is Parse with the trace of what became of every line.
func parse(text string, known []string) (Form, trace) {
	lines := splitLines(text)
	blocks, unknownLines := scan(lines)
	var f Form
	var tr trace
	unknownSet := map[int]bool{}
	for _, i := range unknownLines {
		unknownSet[i] = true
	}
	consume := func(b *block) { tr.consumed = append(tr.consumed, b.lines...) }
	reject := func(b *block) {
		for _, i := range b.lines {
			unknownSet[i] = true
		}
	}
	emptyLabel := map[string]string{} // field → first empty label line
	markEmpty := func(field string, b *block) {
		if _, ok := emptyLabel[field]; !ok {
			emptyLabel[field] = b.first
		}
	}
	var addressParts, notes []string
	itemBlocks := map[int][]int{} // block index → indexes into f.Items
	var qtys, attrs []pending
	weak := map[int]string{} // items whose quantity is only a trailing number → their query then
	itemsSeen := false
	for bi, b := range blocks {
		v := strings.Join(b.values, " ")
		if f.SecondOrder == "" && itemsSeen && secondRecipient(b, blocks[:bi], f.Name != "", len(addressParts) > 0) {
			f.SecondOrder = b.first
		}
		if b.label == lItems && len(b.values) > 0 {
			itemsSeen = true
		}
		switch b.label {
		case lName, lPhone, lCourier:
			field, dst := "name", &f.Name
			if b.label == lPhone {
				field, dst = "phone", &f.Phone
			} else if b.label == lCourier {
				field, dst = "courier", &f.Courier
			}
			switch {
			case v == "":
				markEmpty(field, b)
				consume(b)
			case *dst == "":
				*dst = v
				consume(b)
			default:
				reject(b) // a second value for a one-value field
			}
		case lAddress, lAddrPart:
			if len(b.values) == 0 {
				if b.label == lAddress {
					markEmpty("address", b)
				}
				consume(b)
				continue
			}
			vals := b.values
			if b.label == lAddrPart {
				// Keep the label: "Kecamatan: Coblong" tells the address
				// parser what the value is.
				vals = append([]string{b.head + ": " + b.values[0]}, b.values[1:]...)
			}
			addressParts = append(addressParts, vals...)
			consume(b)
		case lItems:
			if len(b.values) == 0 {
				markEmpty("items", b)
			}
			for _, val := range b.values {
				for _, raw := range splitItems(val) {
					it, bad, isWeak := readItem(raw, known)
					if isWeak {
						weak[len(f.Items)] = it.Query
					}
					if bad {
						f.Problems = append(f.Problems, Problem{Field: "items", Code: CodeBadQty, Raw: it.Raw})
					}
					if it.Query == "" {
						f.Problems = append(f.Problems, Problem{Field: "items", Code: CodeEmptyValue, Raw: it.Raw})
					}
					itemBlocks[bi] = append(itemBlocks[bi], len(f.Items))
					f.Items = append(f.Items, it)
				}
			}
			consume(b)
		case lQty:
			qtys = append(qtys, pending{b, bi})
		case lAttr:
			attrs = append(attrs, pending{b, bi})
		case lSender:
			name, phone := parseSender(b.values)
			switch {
			case name == "" && phone == "":
				consume(b)
			case (name == "" || f.SenderName == "") && (phone == "" || f.SenderPhone == ""):
				if name != "" {
					f.SenderName = name
				}
				if phone != "" {
					f.SenderPhone = phone
				}
				consume(b)
			default:
				reject(b)
			}
		case lSenderPhone:
			switch {
			case v == "":
				consume(b)
			case f.SenderPhone == "":
				f.SenderPhone = v
				consume(b)
			default:
				reject(b)
			}
		case lNotes:
			notes = append(notes, b.values...)
			consume(b)
		}
	}
	// Jumlah and Warna lines apply to a Pesanan block with one item.
	target := func(p pending) (int, bool) {
		best := -1
		for bi := range itemBlocks {
			if bi < p.index && bi > best {
				best = bi
			}
		}
		if best < 0 {
			for bi := range itemBlocks {
				if bi > p.index && (best < 0 || bi < best) {
					best = bi
				}
			}
		}
		if best < 0 || len(itemBlocks[best]) != 1 {
			return 0, false
		}
		return itemBlocks[best][0], true
	}
	for _, p := range attrs {
		if len(p.b.values) == 0 {
			consume(p.b)
			continue
		}
		i, ok := target(p)
		if !ok {
			reject(p.b)
			continue
		}
		f.Items[i].Query = strings.TrimSpace(f.Items[i].Query + " " + strings.Join(p.b.values, " "))
		consume(p.b)
	}
	for _, p := range qtys {
		if len(p.b.values) == 0 {
			consume(p.b)
			continue
		}
		i, ok := target(p)
		if !ok {
			reject(p.b)
			continue
		}
		v := strings.Join(p.b.values, " ")
		q := parseQtyValue(v)
		it := &f.Items[i]
		if orig, ok := weak[i]; ok && !q.bad && q.n != it.Qty {
			// "Keripik Pedas 250g Level 5" + "Jumlah: 10": the 5 was part
			// of the name (Warna/Varian words added since stay after it).
			// Its bad_qty problem, if any, goes with it.
			f.Problems = slices.DeleteFunc(f.Problems, func(p Problem) bool { return p.Raw == it.Raw && p.Code == CodeBadQty })
			it.Query = strings.TrimSpace(cleanQuery(it.Raw) + strings.TrimPrefix(it.Query, orig))
			it.QtyGiven, it.Qty = false, 1
			delete(weak, i)
		}
		switch {
		case !it.QtyGiven:
			it.QtyGiven = true
			it.Qty = q.n
			if q.bad {
				f.Problems = append(f.Problems, Problem{Field: "qty", Code: CodeBadQty, Raw: v})
			}
			consume(p.b)
		case !q.bad && q.n == it.Qty:
			consume(p.b) // says the same as the item
		default:
			reject(p.b) // contradicts the item's own quantity
		}
	}
	f.AddressText = strings.Join(addressParts, "\n")
	f.Address = address.Parse(f.AddressText)
	f.Notes = strings.Join(notes, "\n")
	f.Courier, f.Service = splitCourier(f.Courier)
	// Required fields whose label was left empty.
	for _, field := range []string{"name", "phone", "address", "items", "courier"} {
		raw, ok := emptyLabel[field]
		if ok && contains(f.Missing(), field) {
			f.Problems = append(f.Problems, Problem{Field: field, Code: CodeEmptyValue, Raw: raw})
		}
	}
	sort.Ints(tr.consumed)
	for i, line := range lines {
		switch {
		case unknownSet[i]:
			tr.unknown = append(tr.unknown, i)
			f.Unknown = append(f.Unknown, line)
		case !hasAlnum(line):
			tr.blank = append(tr.blank, i)
		}
	}
	return f, tr
}

// secondRecipient reports whether b, coming after an item line, starts a
// second recipient's block: a Nama or Alamat with a value while that field
// is already filled. A Nama right after an empty Pengirim label is the
// sender's ("Pengirim:\nNama: Butik Sari").
func secondRecipient(b *block, before []*block, haveName, haveAddress bool) bool {
	if len(b.values) == 0 {
		return false
	}
	switch b.label {
	case lName:
		if !haveName {
			return false
		}
		if n := len(before); n > 0 && before[n-1].label == lSender && len(before[n-1].values) == 0 {
			return false
		}
		return true
	case lAddress:
		return haveAddress
	}
	return false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
