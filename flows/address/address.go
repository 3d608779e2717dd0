// Package address structures Indonesian shipping addresses typed by people
// in chat: street line (jalan, nomor, RT/RW), kelurahan/desa, kecamatan,
// kota/kabupaten, provinsi and kode pos.
//
// Parse only structures text: it knows the 38 provinces and a list of
// common city names, and what was not typed stays empty. Resolve then checks
// the names against the official list of areas (Kemendagri, embedded from
// idn-area-data, see data/NOTICE): it fills the kecamatan's city and
// province, respells names, and reports an ambiguous or conflicting name
// with its candidates (see Resolve). There is no postal-code table: a
// missing kode pos stays missing, and Missing reports what the conversation
// should still ask.
//
// How Parse reads text (the rules the tests pin down):
//
//   - Text is cut into segments at line breaks, commas, semicolons and "|".
//   - Inside a segment, marker words start a part: "Kel."/"Kelurahan"/
//     "Desa"/"Ds." (kelurahan), "Kec."/"Kecamatan" (kecamatan), "Kota"/
//     "Kab."/"Kabupaten" (city; the word is kept and normalised),
//     "Kota/Kab" (city, no word added), "Prov."/"Provinsi", "Kode pos",
//     "Alamat". "RT"/"RW" pieces always belong to the street line. A marker
//     directly after another marker or after a street word ("Jl. Kota Baru",
//     "Kec. Kota Tengah") is part of the name, not a marker; so is "Kota"
//     before a number ("Jl. Pusat Kota 5") and a marker ending a segment
//     without a colon ("Kec. Batam Kota"). A label with no value
//     ("Kecamatan:") is dropped.
//   - The postal code is the last stand-alone 5-digit number that
//     ValidPostalCode accepts; other numbers stay where they were typed.
//   - A province is recognised when a segment (or the text after a marker)
//     is a province name or variant ("Jabar", "DIY", "Sumut", ...), or ends
//     with one ("kota bandung jabar"). In the first piece of text, which is
//     the street line, a trailing province is only split off when the postal
//     code follows it, and never right after a street word, so "Jl. Bali"
//     stays a street. When several provinces appear the last one wins.
//   - A segment that is exactly a known city name ("Bandung", "Jakarta
//     Selatan") is the city, written as typed (no "Kota" is invented). The
//     five Jakarta cities also give the province DKI Jakarta when none was
//     written, because the name itself says so.
//   - Unlabelled segments right before a labelled or recognised part are
//     read positionally, the way Indonesians write addresses (street, kel,
//     kec, city, province, postal code): before a kecamatan the segment is
//     the kelurahan; before a city, the kecamatan then the kelurahan;
//     before a province or postal code, the city, then the kecamatan, then
//     the kelurahan. Parts already given elsewhere are skipped. Segments with
//     digits or street words (Jl, Gg, Blok, Perum, No, RT, ...) and the first
//     piece of text are never read positionally: they are street text.
//   - Everything else belongs to the street line, in the order typed;
//     pieces from different segments are joined with ", ".
//   - Kelurahan, kecamatan and city typed entirely in lower case are
//     title-cased ("cibeunying kidul" → "Cibeunying Kidul"); the street line
//     is kept as typed.
//   - Dropped on purpose: label words, an invalid number after "Kode pos",
//     a "Provinsi:" value that is not a known province, and a bare
//     "Indonesia". The caller keeps the raw text if it needs it.
package address

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Address is a shipping address split into the parts a courier label needs.
type Address struct {
	Line       string // street part: "Jl. Melati No. 12 RT 03/RW 05"
	Kelurahan  string // "Sukamaju" (from "Kel. X", "Kelurahan X", "Desa X", "Ds. X")
	Kecamatan  string // "Cibeunying Kidul" (from "Kec. X", "Kecamatan X")
	City       string // "Kota Bandung", "Kabupaten Bogor", or a bare known name as typed
	Province   string // canonical name, one of Provinces()
	PostalCode string // 5 digits, or empty
}

// Field names one part of an Address. The values are stable codes.
type Field string

// The parts of an address, as reported by Missing.
const (
	FieldLine       Field = "line"
	FieldKelurahan  Field = "kelurahan"
	FieldKecamatan  Field = "kecamatan"
	FieldCity       Field = "city"
	FieldProvince   Field = "province"
	FieldPostalCode Field = "postal_code"
)

// Required reports whether a part is needed for Complete. The kelurahan is
// not: couriers deliver on kecamatan + city + postal code, and many people
// do not know or write their kelurahan/desa. It is still reported by Missing
// so a flow may ask for it once, politely, if it wants.
func (f Field) Required() bool {
	return f != FieldKelurahan
}

// Missing lists the empty parts in the order a person would be asked for
// them: line, kelurahan, kecamatan, city, province, postal code. It includes
// the optional kelurahan; use Field.Required to skip it.
func (a Address) Missing() []Field {
	var out []Field
	add := func(v string, f Field) {
		if strings.TrimSpace(v) == "" {
			out = append(out, f)
		}
	}
	add(a.Line, FieldLine)
	add(a.Kelurahan, FieldKelurahan)
	add(a.Kecamatan, FieldKecamatan)
	add(a.City, FieldCity)
	add(a.Province, FieldProvince)
	add(a.PostalCode, FieldPostalCode)
	return out
}

// Complete reports whether the line, kecamatan, city, province and a valid
// postal code are present. The kelurahan is optional (see Field.Required).
func (a Address) Complete() bool {
	for _, f := range a.Missing() {
		if f.Required() {
			return false
		}
	}
	return ValidPostalCode(a.PostalCode)
}

// String renders the address on one line, comma separated, for order cards
// and shipping labels: "Jl. Melati No. 12, Kel. Sukamaju, Kec. Cibeunying
// Kidul, Kota Bandung, Jawa Barat 40121". Empty parts are left out.
// Parsing the result gives back the same parts for a Complete address.
func (a Address) String() string {
	var parts []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	add(a.Line)
	if strings.TrimSpace(a.Kelurahan) != "" {
		add("Kel. " + a.Kelurahan)
	}
	if strings.TrimSpace(a.Kecamatan) != "" {
		add("Kec. " + a.Kecamatan)
	}
	add(a.City)
	add(strings.TrimSpace(a.Province + " " + a.PostalCode))
	return strings.Join(parts, ", ")
}

// ValidPostalCode reports whether s is an Indonesian postal code: exactly
// five ASCII digits, the first one 1–9.
func ValidPostalCode(s string) bool {
	if len(s) != 5 || s[0] < '1' || s[0] > '9' {
		return false
	}
	for i := 1; i < 5; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Provinces returns the canonical names of the 38 provinces (a fresh copy).
func Provinces() []string {
	out := make([]string, len(provinces))
	copy(out, provinces[:])
	return out
}

// CanonicalProvince recognises a province name or common variant typed on
// its own ("jabar", "D.I. Yogyakarta", "Prov. Jawa Timur") and returns the
// canonical name.
func CanonicalProvince(s string) (string, bool) {
	ws := strings.Fields(s)
	for len(ws) > 0 && markerKind(key(ws[0])) == mProv {
		ws = ws[1:]
	}
	return lookupProvince(fold(strings.Join(ws, " ")))
}

// fold lower-cases s, removes dots and turns every other non-letter,
// non-digit into a single space.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '.':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

// key is the lower-cased word without surrounding label punctuation.
func key(w string) string {
	w = strings.ToLower(w)
	w = strings.TrimLeft(w, "(")
	return strings.TrimRight(w, ".:)")
}

// head is the key up to the first dot or colon: "jl.melati" → "jl".
func head(w string) string {
	k := key(w)
	if i := strings.IndexAny(k, ".:"); i >= 0 {
		return k[:i]
	}
	return k
}

// isPunct reports whether w has no letters and no digits (":", "-", "=").
func isPunct(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// postalToken returns the postal code a word stands for, if it is one.
func postalToken(w string) (string, bool) {
	w = strings.Trim(w, "().,:;-#")
	return w, ValidPostalCode(w)
}

// titleIfLower title-cases s when it contains no upper-case letter.
func titleIfLower(s string) string {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return s
		}
	}
	ws := strings.Fields(s)
	for i, w := range ws {
		r, n := utf8.DecodeRuneInString(w)
		if r != utf8.RuneError && unicode.IsLetter(r) {
			ws[i] = string(unicode.ToUpper(r)) + w[n:]
		}
	}
	return strings.Join(ws, " ")
}
