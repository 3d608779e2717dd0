package address

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestResolveWholeTable writes sampled villages of the official list as a
// customer would (street, Kel., Kec., kota/kabupaten, province) and checks
// Resolve finds exactly that village. A village whose name repeats inside
// its own kecamatan cannot be told apart and is skipped.
func TestResolveWholeTable(t *testing.T) {
	w, err := loadWilayah()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(22, 2026))
	tried, failed := 0, 0
	for tried < 3000 {
		id := int32(rng.IntN(len(w.areas)))
		if w.areas[id].level != LevelKelurahan {
			continue
		}
		p := w.place(id)
		if twins(w, id) {
			continue
		}
		tried++
		text := "Jl. Mawar No. 1, Kel. " + p.Kelurahan.Name + ", Kec. " + p.Kecamatan.Name + ", " + p.City.Name + ", " + p.Province.Name
		r := Resolve(text)
		if r.Status != Resolved || r.Place != p {
			failed++
			if failed <= 10 {
				t.Errorf("Resolve(%q) = %s %v, candidates %v", text, r.Status, r.Place, r.Candidates)
			}
		}
	}
	t.Logf("%d/%d sampled villages resolved exactly", tried-failed, tried)
}

// twins reports whether another village of the same kecamatan has the
// same folded name.
func twins(w *wilayah, id int32) bool {
	a := w.areas[id]
	for _, o := range w.lookup(fold(a.name)) {
		if o != id && w.areas[o].parent == a.parent {
			return true
		}
	}
	return false
}

// TestResolveUnlabelledTable writes sampled villages the way people type
// without labels, and requires a floor of exact answers. The floors are
// the measured rates rounded down; the misses are names the text itself
// cannot settle ("dusun selatan barito selatan": is "Dusun Selatan" a
// hamlet of the street or the kecamatan?).
//
//	comma-separated: "Jl. Mawar No. 1, <kel>, <kec>, <bare city>"
//	one line:        "jl mawar 1 rt 2 rw 3 <kec> <bare city>" (lower case)
func TestResolveUnlabelledTable(t *testing.T) {
	w, err := loadWilayah()
	if err != nil {
		t.Fatal(err)
	}
	bare := func(n string) string {
		for _, p := range []string{"Kota Administrasi ", "Kabupaten Administrasi ", "Kota ", "Kabupaten "} {
			if s, ok := strings.CutPrefix(n, p); ok {
				return s
			}
		}
		return n
	}
	rng := rand.New(rand.NewPCG(7, 7))
	const n = 2000
	exact := [2]int{}
	for tried := 0; tried < n; {
		id := int32(rng.IntN(len(w.areas)))
		if w.areas[id].level != LevelKelurahan || twins(w, id) {
			continue
		}
		tried++
		p := w.place(id)
		kec := p
		kec.Kelurahan = Area{}
		for i, c := range []struct {
			text string
			want Place
		}{
			{"Jl. Mawar No. 1, " + p.Kelurahan.Name + ", " + p.Kecamatan.Name + ", " + bare(p.City.Name), p},
			{"jl mawar 1 rt 2 rw 3 " + strings.ToLower(p.Kecamatan.Name+" "+bare(p.City.Name)), kec},
		} {
			if r := Resolve(c.text); r.Status == Resolved && r.Place == c.want {
				exact[i]++
			}
		}
	}
	t.Logf("exact: comma-separated %d/%d, one line %d/%d", exact[0], n, exact[1], n)
	if exact[0] < n*99/100 || exact[1] < n*98/100 {
		t.Errorf("exact answers fell below the floor (99%%, 98%%): %v of %d", exact, n)
	}
}
