package address

import (
	"strings"
)

// mark is what a marker word announces.
type mark int

const (
	mNone     mark = iota
	mLine          // "Alamat", "Alamat lengkap": street line, label word dropped
	mRT            // "RT", "RW", "RT/RW": street line, words kept
	mKel           // kelurahan / desa
	mKec           // kecamatan
	mCityKota      // "Kota": city, word "Kota" kept
	mCityKab       // "Kab.", "Kabupaten": city, word "Kabupaten" kept
	mCityAny       // "Kota/Kab": city, no word added
	mProv          // "Prov.", "Provinsi"
	mPostal        // "Kode pos", "Kodepos"
)

// markerKind classifies a single word key (see key).
func markerKind(k string) mark {
	switch k {
	case "alamat":
		return mLine
	case "kel", "kelurahan", "desa", "ds":
		return mKel
	case "kec", "kecamatan":
		return mKec
	case "kota", "kodya", "kotamadya", "kotamadia":
		return mCityKota
	case "kab", "kabupaten":
		return mCityKab
	case "prov", "provinsi", "propinsi", "prop":
		return mProv
	case "kodepos", "kdpos":
		return mPostal
	}
	if isRT(k) {
		return mRT
	}
	if strings.Contains(k, "/") {
		return slashKind(strings.Split(k, "/"))
	}
	return mNone
}

// isRT reports whether a key starts an RT/RW piece: "rt", "rw", "rt.003",
// "rt03", "rt/rw", "rw:05".
func isRT(k string) bool {
	if len(k) < 2 || k[0] != 'r' || (k[1] != 't' && k[1] != 'w') {
		return false
	}
	if len(k) == 2 {
		return true
	}
	c := k[2]
	return !(c >= 'a' && c <= 'z')
}

// slashKind classifies "kota/kab", "kel/desa" and friends: all parts must be
// markers of the same group.
func slashKind(parts []string) mark {
	var got mark
	n := 0
	for _, p := range parts {
		p = strings.TrimRight(p, ".:")
		if p == "" {
			continue
		}
		m := markerKind(p)
		switch m {
		case mCityKota, mCityKab:
			if got == mCityKota || got == mCityKab || got == mCityAny {
				if got != m {
					m = mCityAny
				}
			} else if got != mNone {
				return mNone
			}
		case mKel, mKec, mProv:
			if got != mNone && got != m {
				return mNone
			}
		default:
			return mNone
		}
		got = m
		n++
	}
	if n == 0 {
		return mNone
	}
	return got
}

// markerAt recognises a marker starting at ws[i] and returns its kind and
// how many words it spans.
func markerAt(ws []string, i int) (mark, int) {
	k := key(ws[i])
	if k == "kode" || k == "kd" {
		if i+1 < len(ws) && key(ws[i+1]) == "pos" {
			return mPostal, 2
		}
		return mNone, 0
	}
	m := markerKind(k)
	switch m {
	case mNone, mRT:
		return m, 1
	case mLine:
		if i+1 < len(ws) && key(ws[i+1]) == "lengkap" {
			return mLine, 2
		}
		return mLine, 1
	}
	// "Kota / Kab", "Kel / Desa" written with spaces around the slash.
	if i+2 < len(ws) && ws[i+1] == "/" {
		if s := slashKind([]string{k, key(ws[i+2])}); s != mNone {
			return s, 3
		}
	}
	return m, 1
}

// splittable are marker keys that may be glued to their value by a dot or a
// colon: "Kec.Cibeunying", "Kel:Sukamaju", "Kab.Sleman".
var splittable = map[string]bool{
	"kel": true, "kelurahan": true, "desa": true, "ds": true, "kec": true,
	"kecamatan": true, "kota": true, "kab": true, "kabupaten": true,
	"prov": true, "provinsi": true, "kodepos": true, "pos": true,
	"alamat": true,
}

// words splits one segment into words, separating glued markers.
func words(seg string) []string {
	var out []string
	for _, w := range strings.Fields(seg) {
		if i := strings.IndexAny(w, ".:"); i > 0 && i < len(w)-1 {
			rest := strings.TrimLeft(w[i+1:], ".:")
			if splittable[strings.ToLower(w[:i])] && rest != "" {
				out = append(out, w[:i+1], rest)
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

// kind of a parsed piece of text.
type kind int

const (
	kText   kind = iota // unlabelled
	kLine               // street line
	kKel                // kelurahan
	kKec                // kecamatan
	kCity               // city
	kProv               // province (canonical in prov)
	kPostal             // postal code (in prov)
)

// piece is a run of words with one meaning.
type piece struct {
	kind   kind
	words  []string
	seg    int
	prefix string // city: "Kota", "Kabupaten" or ""
	value  string // province canonical name or postal code
	// beforeProv marks a text piece split off in front of a province in
	// the same segment ("bandung" in "bandung jabar 40121").
	beforeProv bool
	// postalNext marks a piece directly followed by the postal code in the
	// same segment.
	postalNext bool
}

func (p piece) text() string { return strings.Join(p.words, " ") }

// Parse structures free text into an Address. It never fails: what it
// cannot place goes to Line, what is absent stays empty. See the package
// documentation for the rules.
func Parse(text string) Address {
	segs := strings.FieldsFunc(text, func(r rune) bool {
		return r == '\n' || r == '\r' || r == ',' || r == ';' || r == '|'
	})
	var all [][]string
	for _, s := range segs {
		if ws := words(s); len(ws) > 0 {
			all = append(all, ws)
		}
	}
	// The postal code: the last valid 5-digit word.
	pSeg, pWord := -1, -1
	for si, ws := range all {
		for wi, w := range ws {
			if _, ok := postalToken(w); ok {
				pSeg, pWord = si, wi
			}
		}
	}
	var pieces []piece
	for si, ws := range all {
		pw := -1
		if si == pSeg {
			pw = pWord
		}
		pieces = append(pieces, segmentPieces(ws, si, pw)...)
	}
	pieces = findProvinces(pieces)
	pieces = findCities(pieces)
	assignPositional(pieces)
	return build(pieces)
}

// segmentPieces cuts one segment at its markers. postalAt is the index of
// the postal-code word in this segment, or -1.
func segmentPieces(ws []string, seg, postalAt int) []piece {
	var out []piece
	cur := piece{kind: kText, seg: seg}
	flush := func() {
		if len(cur.words) > 0 {
			out = append(out, cur)
		}
	}
	afterMarker := false
	for i := 0; i < len(ws); {
		if i == postalAt {
			code, _ := postalToken(ws[i])
			if len(cur.words) > 0 {
				cur.postalNext = true
			}
			flush()
			out = append(out, piece{kind: kPostal, seg: seg, value: code})
			cur = piece{kind: kText, seg: seg}
			afterMarker = false
			i++
			continue
		}
		m, n := markerAt(ws, i)
		if m != mNone && m != mRT {
			if afterMarker || (i > 0 && nameIntro[head(ws[i-1])]) {
				m = mNone
			}
		}
		if m == mNone {
			cur.words = append(cur.words, ws[i])
			afterMarker = false
			i++
			continue
		}
		if m == mRT {
			flush()
			cur = piece{kind: kLine, seg: seg, words: []string{ws[i]}}
			afterMarker = false
			i++
			continue
		}
		// Look past the marker and its punctuation for a value.
		j := i + n
		for j < len(ws) && j != postalAt && isPunct(ws[j]) {
			j++
		}
		if (m == mCityKota || m == mCityKab || m == mCityAny) && j < len(ws) && j != postalAt && !hasLetter(ws[j]) {
			// "Jl. Pusat Kota 5": no city name starts with a digit.
			cur.words = append(cur.words, ws[i:i+n]...)
			i += n
			afterMarker = false
			continue
		}
		if j >= len(ws) || (j == postalAt && m != mPostal) {
			labelled := i == 0 || strings.HasSuffix(ws[i+n-1], ":") || j > i+n
			if !labelled {
				// "Bandung Kota": a trailing word, not a label.
				cur.words = append(cur.words, ws[i:i+n]...)
				i += n
				afterMarker = false
				continue
			}
			// An empty label ("Kecamatan:"): drop it.
			flush()
			cur = piece{kind: kText, seg: seg}
			i = j
			afterMarker = false
			continue
		}
		flush()
		afterMarker = true
		switch m {
		case mPostal:
			// The value is one word; an invalid code is dropped.
			cur = piece{kind: kText, seg: seg}
			if j != postalAt && hasDigit(ws[j]) {
				j++
			}
			afterMarker = false
		case mLine:
			cur = piece{kind: kLine, seg: seg}
		case mKel:
			cur = piece{kind: kKel, seg: seg}
		case mKec:
			cur = piece{kind: kKec, seg: seg}
		case mCityKota:
			cur = piece{kind: kCity, seg: seg, prefix: "Kota"}
		case mCityKab:
			cur = piece{kind: kCity, seg: seg, prefix: "Kabupaten"}
		case mCityAny:
			cur = piece{kind: kCity, seg: seg}
		case mProv:
			cur = piece{kind: kProv, seg: seg}
		}
		i = j
	}
	flush()
	return out
}

// provinceSuffix finds the longest province name at the end of ws that
// leaves at least one word before it. It returns the canonical name and the
// number of words it spans.
func provinceSuffix(ws []string) (string, int) {
	for n := min(maxProvinceWords, len(ws)-1); n >= 1; n-- {
		if p, ok := lookupProvince(fold(strings.Join(ws[len(ws)-n:], " "))); ok {
			return p, n
		}
	}
	return "", 0
}

// provincePrefix finds the longest province name at the start of ws.
func provincePrefix(ws []string) (string, int) {
	for n := min(maxProvinceWords, len(ws)); n >= 1; n-- {
		if p, ok := lookupProvince(fold(strings.Join(ws[:n], " "))); ok {
			return p, n
		}
	}
	return "", 0
}

// endsInStreetWord reports whether the last word is a street word, so the
// next word is a street name ("Jl. Bali", "Jl. Raya Bogor").
func endsInStreetWord(ws []string) bool {
	return len(ws) > 0 && streetWords[head(ws[len(ws)-1])]
}

// findProvinces turns province names into kProv pieces.
func findProvinces(in []piece) []piece {
	var out []piece
	for idx, p := range in {
		switch p.kind {
		case kProv:
			ws := p.words
			for len(ws) > 0 && (markerKind(key(ws[0])) == mProv || isPunct(ws[0])) {
				ws = ws[1:]
			}
			name, n := provincePrefix(ws)
			if n == 0 {
				continue // not a province: dropped (documented)
			}
			out = append(out, piece{kind: kProv, seg: p.seg, value: name})
			if n < len(ws) {
				out = append(out, piece{kind: kText, seg: p.seg, words: ws[n:], postalNext: p.postalNext})
			}
		case kText:
			if fold(p.text()) == "indonesia" {
				continue
			}
			if name, ok := lookupProvince(fold(p.text())); ok {
				out = append(out, piece{kind: kProv, seg: p.seg, value: name})
				continue
			}
			// The first piece is the street line: a trailing province is
			// only split off it when the postal code follows.
			if idx > 0 || p.postalNext {
				if name, n := provinceSuffix(p.words); n > 0 && !endsInStreetWord(p.words[:len(p.words)-n]) {
					rest := p
					rest.words = p.words[:len(p.words)-n]
					rest.beforeProv = true
					rest.postalNext = false
					out = append(out, rest, piece{kind: kProv, seg: p.seg, value: name})
					continue
				}
			}
			out = append(out, p)
		case kKel, kKec, kCity:
			if name, n := provinceSuffix(p.words); n > 0 {
				rest := p
				rest.words = p.words[:len(p.words)-n]
				out = append(out, rest, piece{kind: kProv, seg: p.seg, value: name})
				continue
			}
			out = append(out, p)
		default:
			out = append(out, p)
		}
	}
	return out
}

// findCities turns known bare city names into kCity pieces.
func findCities(in []piece) []piece {
	var out []piece
	for idx, p := range in {
		if p.kind != kText {
			out = append(out, p)
			continue
		}
		if idx > 0 && knownCities[fold(p.text())] {
			p.kind = kCity
			out = append(out, p)
			continue
		}
		if p.beforeProv {
			split := false
			for n := min(maxCityWords, len(p.words)-1); n >= 1; n-- {
				head := p.words[:len(p.words)-n]
				if knownCities[fold(strings.Join(p.words[len(p.words)-n:], " "))] && !endsInStreetWord(head) {
					rest := p
					rest.words = head
					city := piece{kind: kCity, seg: p.seg, words: p.words[len(p.words)-n:]}
					out = append(out, rest, city)
					split = true
					break
				}
			}
			if split {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// streetLike reports whether an unlabelled piece reads as street text:
// it has a digit or starts with a street word.
func streetLike(p piece) bool {
	if hasDigit(p.text()) {
		return true
	}
	return len(p.words) > 0 && streetWords[head(p.words[0])]
}

// assignPositional reads unlabelled pieces in front of an anchor by their
// position (see the package documentation).
func assignPositional(ps []piece) {
	filled := map[kind]bool{}
	for _, p := range ps {
		filled[p.kind] = true
	}
	for a := range ps {
		var slots []kind
		switch ps[a].kind {
		case kKec:
			slots = []kind{kKel}
		case kCity:
			slots = []kind{kKec, kKel}
		case kProv, kPostal:
			slots = []kind{kCity, kKec, kKel}
		default:
			continue
		}
		for i := a - 1; i > 0; i-- { // index 0 is the street line
			if ps[i].kind != kText || streetLike(ps[i]) {
				break
			}
			for len(slots) > 0 && filled[slots[0]] {
				slots = slots[1:]
			}
			if len(slots) == 0 {
				break
			}
			ps[i].kind = slots[0]
			filled[slots[0]] = true
			slots = slots[1:]
		}
	}
}

// cityPrefix turns a leading "Kota"/"Kab."/"Kabupaten" word into the
// normalised prefix.
func cityPrefix(ws []string) (string, []string) {
	if len(ws) > 1 {
		switch markerKind(key(ws[0])) {
		case mCityKota:
			return "Kota", ws[1:]
		case mCityKab:
			return "Kabupaten", ws[1:]
		}
	}
	return "", ws
}

// cleanName trims label punctuation around a kelurahan/kecamatan/city name.
func cleanName(ws []string) string {
	for len(ws) > 0 && isPunct(ws[0]) {
		ws = ws[1:]
	}
	for len(ws) > 0 && isPunct(ws[len(ws)-1]) {
		ws = ws[:len(ws)-1]
	}
	s := strings.Join(ws, " ")
	s = strings.Trim(s, " .:-=/")
	return titleIfLower(s)
}

// stripMarkers drops leading words of the given marker kind
// ("Kelurahan: Desa Sukamaju" → "Sukamaju").
func stripMarkers(ws []string, m mark) []string {
	for len(ws) > 1 && (markerKind(key(ws[0])) == m || isPunct(ws[0])) {
		ws = ws[1:]
	}
	return ws
}

func joinInto(dst *string, s string) {
	if s == "" {
		return
	}
	if *dst == "" {
		*dst = s
		return
	}
	*dst += ", " + s
}

// build assembles the Address from classified pieces.
func build(ps []piece) Address {
	var a Address
	var line strings.Builder // built once: += on a long paste is quadratic
	lastLineSeg := -1
	cityKey := "" // folded name of the first city, for the Jakarta rule
	for _, p := range ps {
		switch p.kind {
		case kText, kLine:
			s := strings.Join(p.words, " ")
			s = strings.Trim(s, " ,;:=")
			if s == "" {
				continue
			}
			if line.Len() > 0 {
				if p.seg == lastLineSeg {
					line.WriteString(" ")
				} else {
					line.WriteString(", ")
				}
			}
			line.WriteString(s)
			lastLineSeg = p.seg
		case kKel:
			joinInto(&a.Kelurahan, cleanName(stripMarkers(p.words, mKel)))
		case kKec:
			joinInto(&a.Kecamatan, cleanName(stripMarkers(p.words, mKec)))
		case kCity:
			prefix, ws := cityPrefix(p.words)
			if prefix == "" {
				prefix = p.prefix
			}
			name := cleanName(ws)
			if name == "" {
				continue
			}
			if a.City == "" && prefix != "Kabupaten" {
				cityKey = jakartaKey(name)
			}
			if prefix != "" {
				name = prefix + " " + name
			}
			joinInto(&a.City, name)
		case kProv:
			a.Province = p.value
		case kPostal:
			a.PostalCode = p.value
		}
	}
	a.Line = line.String()
	if a.Province == "" && jakartaCities[cityKey] {
		a.Province = "DKI Jakarta"
	}
	return a
}

// jakartaKey folds a city name for the jakartaCities table, ignoring an
// "Administrasi"/"Adm." word ("Kota Administrasi Jakarta Selatan").
func jakartaKey(name string) string {
	k := fold(name)
	for _, w := range []string{"administrasi ", "adm "} {
		k = strings.TrimPrefix(k, w)
	}
	return k
}
