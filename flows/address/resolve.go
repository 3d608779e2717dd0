package address

import (
	"slices"
	"strings"
)

// Status says how far an address could be matched to the official list of
// areas.
type Status int

// The outcomes of Resolve.
const (
	// NotFound: no typed name is an official area (or the data could not
	// be read); the address is exactly what Parse gives.
	NotFound Status = iota
	// Resolved: one place explains every area name typed; the address is
	// completed and spelled from the official list.
	Resolved
	// Ambiguous: several places explain what was typed equally well
	// ("Depok" alone: Kota Depok, or Kec. Depok in Sleman or in Cirebon).
	// Candidates lists them; only what they share was filled in.
	Ambiguous
	// Conflict: the typed names do not lie inside each other ("Kec.
	// Coblong, Kota Surabaya"). Candidates lists the best partial readings;
	// nothing was filled in.
	Conflict
)

func (s Status) String() string {
	switch s {
	case Resolved:
		return "resolved"
	case Ambiguous:
		return "ambiguous"
	case Conflict:
		return "conflict"
	}
	return "not_found"
}

// Resolution is an address read from text and checked against the
// official list of Indonesian areas (Kemendagri, via idn-area-data).
type Resolution struct {
	Address Address
	Status  Status
	// Place is the matched chain when Status is Resolved.
	Place Place
	// Candidates are the competing places when Status is Ambiguous or
	// Conflict, the larger areas first (kota/kabupaten, then kecamatan,
	// then kelurahan), each level in code order, at most MaxCandidates.
	// When a kota/kabupaten or kecamatan fits, same-named villages are
	// left out.
	Candidates []Place
	// Names are the typed names that matched areas, as typed, in the order
	// found.
	Names []string
	// Name is the typed name to ask about: for Ambiguous the one the
	// candidates read differently ("Depok" → "Depok yang mana, Kak?"), for
	// Conflict a labelled name the best reading could not place
	// ("Coblong" with "Kota Surabaya"). Empty otherwise.
	Name string
}

// MaxCandidates caps Resolution.Candidates.
const MaxCandidates = 8

// Resolve parses text like Parse, then matches the names in it against the
// official list of areas:
//
//   - Names come from the kelurahan, kecamatan, city and province parts
//     (a part that is no name is read as several names ending it: "Kota
//     Bangun Kutai Kartanegara"; a province word Parse cut off a name is
//     put back: "Bandar Lampung"), from street segments that are a name
//     as a whole, and from the end of street segments, after the last
//     number, RT/RW or street name ("jl kenanga 5 rt 2 rw 7 jatiasih
//     bekasi" offers "jatiasih" and "bekasi"; "Raya" after a plain word is
//     part of a name: "Tanjung Raya").
//   - The place chosen is the one whose chain (kelurahan → kecamatan → kota/
//     kabupaten → provinsi) contains the most typed names; a labelled part
//     weighs twice a name taken from the street line. A name equal at two
//     levels of one chain counts at its label's level, else at the higher
//     level ("Jatiasih" is the kecamatan, though it also has a kelurahan
//     Jatiasih).
//   - Resolved: the parts are filled and spelled from the list (City
//     becomes "Kota Bekasi", the province its canonical name), the names
//     used are taken out of the street line, and a part typed in the wrong
//     slot moves to the right one ("Caturtunggal, Depok, Sleman" gives Kel.
//     Caturtunggal, Kec. Depok, Kabupaten Sleman, DI Yogyakarta). Names
//     that are not in the list (new villages, typos) stay as typed.
//   - Names found only in the street line must be two that agree, or a
//     kota/kabupaten: village and kecamatan names repeat and look like
//     street words.
//   - When readings tie, one that puts a kelurahan or kecamatan part at its
//     own level wins ("Kel. Jatiasih, Bekasi" is the kelurahan).
//   - Two names may not stand for one area: "Lopok, Lopok, Sumbawa" is
//     the kelurahan Lopok in the kecamatan Lopok.
//   - The postal code and street are never invented: the list has no
//     postal codes.
func Resolve(text string) Resolution {
	return ResolveAddress(Parse(text))
}

// ResolveAddress matches an already structured address (for example one
// merged from several messages) against the official list. See Resolve.
func ResolveAddress(a Address) Resolution {
	res := Resolution{Address: a}
	w, err := loadWilayah()
	if err != nil {
		return res
	}
	ms := mentions(w, a)
	if len(ms) == 0 {
		return res
	}
	for _, m := range ms {
		res.Names = append(res.Names, m.text)
	}
	best, bestScore := w.bestReadings(ms)
	if len(best) == 0 || bestScore == 0 {
		return res
	}
	if !strongEnough(w, ms, best[0]) {
		return res
	}
	// Every labelled name that is in the list must be explained.
	allFields := true
	for i, m := range ms {
		if m.field != FieldLine && !best[0].explained[i] {
			allFields = false
		}
	}
	if !allFields {
		res.Status = Conflict
		res.Candidates = w.places(best)
		for i, m := range ms {
			if m.field != FieldLine && !best[0].explained[i] {
				res.Name = m.text
				break
			}
		}
		return res
	}
	if len(best) > 1 {
		// Village names repeat by the hundred: when a kota/kabupaten or
		// kecamatan also fits, the villages are not worth a question.
		if slices.ContainsFunc(best, func(r reading) bool { return w.areas[r.id].level < LevelKelurahan }) {
			best = slices.DeleteFunc(best, func(r reading) bool { return w.areas[r.id].level == LevelKelurahan })
		}
	}
	if len(best) > 1 {
		res.Status = Ambiguous
		res.Candidates = w.places(best)
		res.Name = disputed(ms, best)
		res.Address = fillShared(a, res.Candidates)
		return res
	}
	r := best[0]
	res.Status = Resolved
	res.Place = w.place(r.id)
	res.Address = apply(a, ms, r, res.Place)
	return res
}

// strongEnough rejects a reading that rests only on words of the street
// line, unless two of them agree or one is a kota/kabupaten: village and
// kecamatan names repeat and look like street words ("Jl. Mawar 3
// Sukamaju").
func strongEnough(w *wilayah, ms []mention, r reading) bool {
	lines := 0
	for i, m := range ms {
		if !r.explained[i] {
			continue
		}
		if m.field != FieldLine || w.areas[r.assigned[i]].level <= LevelCity {
			return true
		}
		lines++
	}
	return lines >= 2
}

// mention is one typed name that is in the list.
type mention struct {
	text  string
	value string // the whole part it was read from (fields only)
	field Field  // where it was typed; FieldLine for the street line
	hint  Level  // the level its label suggests, 0 for none
	cands []int32
	// seg, from, to locate a street-line mention: words [from,to) of
	// segment seg of the line.
	seg, from, to int
}

// fieldLevel is the level a part of an Address names.
var fieldLevel = map[Field]Level{
	FieldKelurahan: LevelKelurahan, FieldKecamatan: LevelKecamatan,
	FieldCity: LevelCity, FieldProvince: LevelProvince,
}

// lineSegments splits Address.Line the way build joined it.
func lineSegments(line string) [][]string {
	var out [][]string
	for _, s := range strings.Split(line, ", ") {
		out = append(out, strings.Fields(s))
	}
	return out
}

func mentions(w *wilayah, a Address) []mention {
	var ms []mention
	for _, f := range []struct {
		field Field
		value string
	}{{FieldKelurahan, a.Kelurahan}, {FieldKecamatan, a.Kecamatan}, {FieldCity, a.City}, {FieldProvince, a.Province}} {
		for _, v := range strings.Split(f.value, ", ") {
			k := fold(v)
			if k == "" {
				continue
			}
			cands := w.lookup(k)
			if f.field != FieldProvince {
				cands = append(cands, w.provinceTails(k, a.Province, len(cands) == 0)...)
			}
			if f.field == FieldCity && (strings.HasPrefix(k, "kota ") || strings.HasPrefix(k, "kabupaten ")) {
				// "Kota Bekasi" typed with its word: only that city.
				if only := slices.DeleteFunc(slices.Clone(cands), func(id int32) bool { return w.areas[id].level != LevelCity }); len(only) > 0 {
					cands = only
				}
			}
			if f.field == FieldProvince {
				cands = slices.DeleteFunc(cands, func(id int32) bool { return w.areas[id].level != LevelProvince })
			}
			if len(cands) > 0 {
				ms = append(ms, mention{text: v, value: v, field: f.field, hint: fieldLevel[f.field], cands: cands})
				continue
			}
			// Several names in one part ("Kota Bangun Kutai Kartanegara"
			// read as one city): the names it ends with, without a hint.
			ws := strings.Fields(v)
			for _, m := range suffixNames(w, ws, 0) {
				m.field, m.value = f.field, v
				ms = append(ms, m)
			}
		}
	}
	segs := lineSegments(a.Line)
	for si := len(segs) - 1; si >= 0 && len(ms) < maxMentions; si-- { // the end of the line first
		ws := segs[si]
		// A whole segment that is a name ("Pulau Mambulau", "Natai
		// Raya"), else the names ending it after the street part.
		if cands := w.lookup(fold(strings.Join(ws, " "))); len(cands) > 0 && len(ws) > 0 {
			ms = append(ms, mention{text: strings.Join(ws, " "), field: FieldLine, cands: cands, seg: si, from: 0, to: len(ws)})
			continue
		}
		for _, m := range suffixNames(w, ws, tailStart(ws)) {
			m.field, m.seg = FieldLine, si
			ms = append(ms, m)
		}
	}
	if len(ms) > maxMentions {
		ms = ms[:maxMentions]
	}
	return ms
}

// maxMentions caps the names read from one address, so a long paste costs
// no more than a real address: the parts first, then the street line from
// its end, where the area names are written.
const maxMentions = 12

// provinceTails undoes Parse splitting a province name off the end of a
// part: "Kel. Selok Aceh, ..., Aceh" gave Kelurahan "Selok", "Bandar
// Lampung" gave City "Bandar", "Kec. Jawa Maraja Bah Jambi" gave Kecamatan
// "Jawa Maraja Bah". It returns the kota/kabupaten, kecamatan and
// kelurahan named k plus the typed province, or, when any is true, plus
// any province name people type.
func (w *wilayah) provinceTails(k, province string, any bool) []int32 {
	var out []int32
	try := func(p string) {
		for _, id := range w.lookup(k + " " + p) {
			if w.areas[id].level != LevelProvince && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	if province != "" {
		try(fold(province))
	}
	if any {
		for _, p := range provinceKeys {
			try(p)
		}
	}
	return out
}

// suffixNames finds, from the end of ws back to start, the longest run of
// words that is a name, then the one before it, and so on until a word is
// not part of any name.
func suffixNames(w *wilayah, ws []string, start int) []mention {
	var out []mention
	for end := len(ws); end > start; {
		found := false
		for n := min(w.maxWords, end-start); n >= 1; n-- {
			text := strings.Join(ws[end-n:end], " ")
			if cands := w.lookup(fold(text)); len(cands) > 0 {
				out = append(out, mention{text: text, cands: cands, from: end - n, to: end})
				end -= n
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	return out
}

// tailStart returns the index of the first word after the street part of a
// line segment: after the last word that has a digit or is RT/RW, a street
// word ("Jl", "Gg", "Raya", "Blok") at the start or right after street
// text, or the name right after such a street word ("Jl Raya Bogor").
// "Raya" after a plain word is part of a name ("Tanjung Raya", "Kubu
// Raya").
func tailStart(ws []string) int {
	start := 0
	street := make([]bool, len(ws))
	for i, w := range ws {
		prev := i > 0 && street[i-1]
		sw := streetWords[head(w)] && (i == 0 || prev)
		afterSW := i > 0 && prev && streetWords[head(ws[i-1])]
		if hasDigit(w) || isRT(key(w)) || sw || afterSW {
			street[i] = true
			start = i + 1
		}
	}
	return start
}

// reading is one way to read the mentions: the chain ending at id.
type reading struct {
	id        int32   // the deepest area any mention was given
	explained []bool  // per mention
	assigned  []int32 // per mention: the area it names, when explained
}

// bestReadings scores every candidate chain and returns the distinct best
// readings (by their deepest named area) in code order, with their score.
func (w *wilayah) bestReadings(ms []mention) ([]reading, int) {
	var best []reading
	bestScore := 0
	seen := map[int32]bool{}
	sets := make([]map[int32]bool, len(ms))
	for i, m := range ms {
		sets[i] = make(map[int32]bool, len(m.cands))
		for _, c := range m.cands {
			sets[i][c] = true
		}
	}
	for _, m := range ms {
		for _, c := range m.cands {
			if seen[c] {
				continue
			}
			seen[c] = true
			var chain []int32
			for id := c; id >= 0; id = w.areas[id].parent {
				chain = append(chain, id)
			}
			r := reading{id: -1, explained: make([]bool, len(ms)), assigned: make([]int32, len(ms))}
			score := 0
			taken := map[int32]bool{}
			for i, mm := range ms {
				pick, spare := int32(-1), int32(-1)
				for _, id := range chain { // deepest first
					if !sets[i][id] {
						continue
					}
					if !taken[id] && spare < 0 {
						spare = id // the deepest area no other name took
					}
					if mm.hint != 0 && w.areas[id].level == mm.hint {
						pick = id
						break
					}
					pick = id // keeps the shallowest unless the hint matched
				}
				if pick < 0 {
					continue
				}
				r.explained[i] = true
				if taken[pick] {
					// "Lopok, Lopok, Sumbawa": the same name twice is a
					// kelurahan in its kecamatan; the same name with
					// nothing left for it adds nothing.
					if spare < 0 {
						r.assigned[i] = pick
						continue
					}
					pick = spare
				}
				taken[pick] = true
				r.assigned[i] = pick
				switch {
				case mm.field == FieldLine:
					score += 2
				default:
					score += 4
				}
				// A tie-break: a kelurahan or kecamatan label (or the
				// position that stands for one) was right.
				if (mm.hint == LevelKelurahan || mm.hint == LevelKecamatan) && w.areas[pick].level == mm.hint {
					score++
				}
				if r.id < 0 || w.areas[pick].level > w.areas[r.id].level {
					r.id = pick
				}
			}
			switch {
			case score > bestScore:
				bestScore, best = score, []reading{r}
			case score == bestScore && !slices.ContainsFunc(best, func(b reading) bool { return b.id == r.id }):
				best = append(best, r)
			}
		}
	}
	slices.SortFunc(best, func(a, b reading) int {
		if la, lb := w.areas[a.id].level, w.areas[b.id].level; la != lb {
			return int(la) - int(lb)
		}
		return strings.Compare(w.code(a.id), w.code(b.id))
	})
	return best, bestScore
}

func (w *wilayah) places(rs []reading) []Place {
	var out []Place
	for _, r := range rs {
		if len(out) == MaxCandidates {
			break
		}
		out = append(out, w.place(r.id))
	}
	return out
}

// disputed returns the first typed name that the readings give to
// different areas (or that some explain and others do not).
func disputed(ms []mention, rs []reading) string {
	for i, m := range ms {
		for _, r := range rs[1:] {
			if r.explained[i] != rs[0].explained[i] || r.assigned[i] != rs[0].assigned[i] {
				return m.text
			}
		}
	}
	return ""
}

// fillShared fills the empty parts every candidate agrees on (Kota and
// Kabupaten Bekasi both lie in Jawa Barat).
func fillShared(a Address, cs []Place) Address {
	same := func(get func(Place) Area) string {
		v := get(cs[0])
		for _, c := range cs[1:] {
			if get(c).Code != v.Code {
				return ""
			}
		}
		return v.Name
	}
	if a.Province == "" {
		a.Province = same(func(p Place) Area { return p.Province })
	}
	if a.City == "" {
		a.City = same(func(p Place) Area { return p.City })
	}
	return a
}

// apply writes a resolved place into the address: names that were used
// leave the slot they were typed in (and the street line), then every level
// of the place is set from the list.
func apply(a Address, ms []mention, r reading, p Place) Address {
	slots := map[Field]*string{FieldKelurahan: &a.Kelurahan, FieldKecamatan: &a.Kecamatan, FieldCity: &a.City, FieldProvince: &a.Province}
	segs := lineSegments(a.Line)
	drop := make([][]bool, len(segs))
	for i := range segs {
		drop[i] = make([]bool, len(segs[i]))
	}
	for i, m := range ms {
		if !r.explained[i] {
			continue
		}
		if m.field == FieldLine {
			for j := m.from; j < m.to; j++ {
				drop[m.seg][j] = true
			}
			continue
		}
		dst := slots[m.field]
		vs := strings.Split(*dst, ", ")
		*dst = strings.Join(slices.DeleteFunc(vs, func(v string) bool { return v == m.value }), ", ")
	}
	var line []string
	for i, ws := range segs {
		var keep []string
		for j, wd := range ws {
			if !drop[i][j] {
				keep = append(keep, wd)
			}
		}
		if s := strings.Trim(strings.Join(keep, " "), " ,;:-"); s != "" {
			line = append(line, s)
		}
	}
	a.Line = strings.Join(line, ", ")
	set := func(dst *string, ar Area) {
		if ar.Level != 0 {
			*dst = ar.Name
		}
	}
	set(&a.Kelurahan, p.Kelurahan)
	set(&a.Kecamatan, p.Kecamatan)
	set(&a.City, p.City)
	set(&a.Province, p.Province)
	return a
}
