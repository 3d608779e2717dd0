package address

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// wilayahGz is the official list of Indonesian areas, built by
// internal/gen from idn-area-data (ODbL; see data/NOTICE). To rebuild it:
//
//	cd /tmp && npm pack idn-area-data@4.0.1 && tar xzf idn-area-data-4.0.1.tgz
//	IDN_AREA_DATA=/tmp/package go generate ./flows/address
//
// The same CSV files give the same bytes.
//
//go:generate go run ./internal/gen -src ${IDN_AREA_DATA}/data -out data/wilayah.tsv.gz
//go:embed data/wilayah.tsv.gz
var wilayahGz []byte

// Level is the depth of an administrative area.
type Level uint8

// The four levels of Indonesian administration a shipping address names.
const (
	LevelProvince  Level = 1 // provinsi
	LevelCity      Level = 2 // kota / kabupaten
	LevelKecamatan Level = 3 // kecamatan (distrik in Papua)
	LevelKelurahan Level = 4 // kelurahan / desa
)

// Area is one administrative area of the official (Kemendagri) list.
type Area struct {
	Code  string // Kemendagri code: "32", "32.75", "32.75.09", "32.75.09.1001"
	Name  string // official name: "Jawa Barat", "Kota Bekasi", "Jatiasih"
	Level Level
}

// Desa reports whether a kelurahan-level area is a desa (village, code
// 2xxx) rather than a kelurahan (urban ward, code 1xxx).
func (a Area) Desa() bool {
	i := strings.LastIndexByte(a.Code, '.')
	return a.Level == LevelKelurahan && i >= 0 && i+1 < len(a.Code) && a.Code[i+1] == '2'
}

// Place is a chain of areas from the province down to the deepest level
// that is known. Empty areas (Level 0) were not resolved.
type Place struct {
	Province  Area
	City      Area
	Kecamatan Area
	Kelurahan Area
}

// Deepest returns the most specific area of the place.
func (p Place) Deepest() Area {
	for _, a := range []Area{p.Kelurahan, p.Kecamatan, p.City, p.Province} {
		if a.Level != 0 {
			return a
		}
	}
	return Area{}
}

// String renders the place for a person: "Desa Caturtunggal, Kec. Depok,
// Kabupaten Sleman, DI Yogyakarta", "Kel. Jatiasih, Kec. Jatiasih, Kota
// Bekasi, Jawa Barat".
func (p Place) String() string {
	var parts []string
	switch {
	case p.Kelurahan.Desa():
		parts = append(parts, "Desa "+p.Kelurahan.Name)
	case p.Kelurahan.Name != "":
		parts = append(parts, "Kel. "+p.Kelurahan.Name)
	}
	if p.Kecamatan.Name != "" {
		parts = append(parts, "Kec. "+p.Kecamatan.Name)
	}
	if p.City.Name != "" {
		parts = append(parts, p.City.Name)
	}
	if p.Province.Name != "" {
		parts = append(parts, p.Province.Name)
	}
	return strings.Join(parts, ", ")
}

// area is one row of the index.
type area struct {
	name   string // official name (a substring of the decompressed table)
	parent int32  // index of the parent area, -1 for a province
	local  uint16 // own part of the code: 2 digits, 4 for a kelurahan/desa
	level  Level
}

// keyEntry maps a folded name to an area.
type keyEntry struct {
	key string
	id  int32
}

// wilayah is the immutable index over the official list.
type wilayah struct {
	areas []area
	keys  []keyEntry // sorted by key
	// maxWords is the largest number of words in a key.
	maxWords int
}

// loadWilayah decompresses and indexes the embedded table once per process.
// The index is never changed after it is built.
var loadWilayah = sync.OnceValues(func() (*wilayah, error) {
	return parseWilayah(wilayahGz)
})

// cityAliases are names people type for a kota/kabupaten that the official
// list spells differently. Each maps to the folded official name.
var cityAliases = map[string]string{
	"jogja":          "kota yogyakarta",
	"jogjakarta":     "kota yogyakarta",
	"yogya":          "kota yogyakarta",
	"solo":           "kota surakarta",
	"jakpus":         "kota administrasi jakarta pusat",
	"jakut":          "kota administrasi jakarta utara",
	"jakbar":         "kota administrasi jakarta barat",
	"jaksel":         "kota administrasi jakarta selatan",
	"jaktim":         "kota administrasi jakarta timur",
	"tangsel":        "kota tangerang selatan",
	"palangkaraya":   "kota palangka raya",
	"gunungkidul":    "kabupaten gunungkidul",
	"gunung kidul":   "kabupaten gunungkidul",
	"kulonprogo":     "kabupaten kulon progo",
	"bandar lampung": "kota bandar lampung",
}

func parseWilayah(gz []byte) (*wilayah, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("wilayah: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("wilayah: %w", err)
	}
	text := string(raw) // one allocation; names are substrings of it
	w := &wilayah{areas: make([]area, 0, 91600)}
	var stack [4]int32
	sc := bufio.NewScanner(strings.NewReader(text))
	off := 0
	for sc.Scan() {
		line := sc.Text()
		start := off
		off += len(line) + 1
		depth := 0
		for depth < len(line) && line[depth] == '\t' {
			depth++
		}
		sp := strings.IndexByte(line[depth:], ' ')
		if depth > 3 || sp <= 0 {
			return nil, fmt.Errorf("wilayah: bad line at byte %d", start)
		}
		local, err := strconv.ParseUint(line[depth:depth+sp], 10, 16)
		if err != nil {
			return nil, fmt.Errorf("wilayah: bad code at byte %d: %w", start, err)
		}
		a := area{
			local:  uint16(local),
			name:   text[start+depth+sp+1 : start+len(line)],
			level:  Level(depth + 1),
			parent: -1,
		}
		if depth > 0 {
			a.parent = stack[depth-1]
		}
		stack[depth] = int32(len(w.areas))
		w.areas = append(w.areas, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("wilayah: %w", err)
	}
	// Keys: every folded name; for a kota/kabupaten also the bare name
	// and the short forms people type ("kab sleman").
	w.keys = make([]keyEntry, 0, len(w.areas)+3*600)
	add := func(k string, id int32) {
		if k == "" {
			return
		}
		w.keys = append(w.keys, keyEntry{k, id})
		if n := strings.Count(k, " ") + 1; n > w.maxWords {
			w.maxWords = n
		}
	}
	byFull := map[string]int32{}
	for i, a := range w.areas {
		id := int32(i)
		full := fold(a.name)
		add(full, id)
		switch a.level {
		case LevelProvince:
			if c, ok := lookupProvince(full); ok && fold(c) != full {
				add(fold(c), id)
			}
			for k, v := range provinceVariants {
				if v == canonicalOf(a.name) && fold(v) != k {
					add(k, id)
				}
			}
		case LevelCity:
			byFull[full] = id
			bare := full
			for _, p := range []string{"kota administrasi ", "kabupaten administrasi ", "kota ", "kabupaten "} {
				if strings.HasPrefix(full, p) {
					bare = strings.TrimPrefix(full, p)
					if strings.HasPrefix(p, "kota") {
						if p != "kota " {
							add("kota "+bare, id)
						}
					} else {
						add("kab "+bare, id)
						if p != "kabupaten " {
							add("kabupaten "+bare, id)
						}
					}
					break
				}
			}
			add(bare, id)
		}
	}
	for k, full := range cityAliases {
		if id, ok := byFull[full]; ok {
			add(k, id)
		}
	}
	slices.SortFunc(w.keys, func(a, b keyEntry) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return int(a.id - b.id)
	})
	w.keys = slices.Compact(w.keys)
	return w, nil
}

// canonicalOf turns the official province name into this package's
// canonical one ("Daerah Istimewa Yogyakarta" → "DI Yogyakarta").
func canonicalOf(name string) string {
	if c, ok := lookupProvince(fold(name)); ok {
		return c
	}
	return name
}

// lookup returns the areas whose folded name or alias is exactly k.
func (w *wilayah) lookup(k string) []int32 {
	i, _ := slices.BinarySearchFunc(w.keys, k, func(e keyEntry, k string) int { return strings.Compare(e.key, k) })
	var out []int32
	for ; i < len(w.keys) && w.keys[i].key == k; i++ {
		out = append(out, w.keys[i].id)
	}
	return out
}

// code builds the full Kemendagri code of an area.
func (w *wilayah) code(id int32) string {
	a := w.areas[id]
	own := fmt.Sprintf("%02d", a.local)
	if a.level == LevelKelurahan {
		own = fmt.Sprintf("%04d", a.local)
	}
	if a.parent < 0 {
		return own
	}
	return w.code(a.parent) + "." + own
}

// public turns an index row into an Area; provinces get the package's
// canonical name.
func (w *wilayah) public(id int32) Area {
	a := w.areas[id]
	name := a.name
	if a.level == LevelProvince {
		name = canonicalOf(name)
	}
	return Area{Code: w.code(id), Name: name, Level: a.level}
}

// place builds the chain from the province down to id.
func (w *wilayah) place(id int32) Place {
	var p Place
	for ; id >= 0; id = w.areas[id].parent {
		a := w.public(id)
		switch a.Level {
		case LevelProvince:
			p.Province = a
		case LevelCity:
			p.City = a
		case LevelKecamatan:
			p.Kecamatan = a
		case LevelKelurahan:
			p.Kelurahan = a
		}
	}
	return p
}

// Lookup returns every official area whose name (or a common short form:
// "Kab. Sleman", "Bekasi" for both Kota and Kabupaten Bekasi, "Jogja",
// "Jaksel") is name, as full places from the province down, in code order.
func Lookup(name string) ([]Place, error) {
	w, err := loadWilayah()
	if err != nil {
		return nil, err
	}
	ids := w.lookup(fold(name))
	out := make([]Place, 0, len(ids))
	for _, id := range ids {
		out = append(out, w.place(id))
	}
	return out, nil
}
