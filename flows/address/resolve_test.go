package address

import (
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestWilayahCounts(t *testing.T) {
	w, err := loadWilayah()
	if err != nil {
		t.Fatal(err)
	}
	var got [5]int
	for _, a := range w.areas {
		got[a.level]++
	}
	// The figures idn-area-data 4.0.1 publishes for the latest Kepmendagri.
	want := [5]int{0, 38, 514, 7285, 83762}
	if got != want {
		t.Fatalf("areas per level = %v, want %v", got, want)
	}
	for _, a := range w.areas {
		if a.level == LevelProvince {
			if _, ok := lookupProvince(fold(a.name)); !ok {
				t.Errorf("province %q has no canonical name in this package", a.name)
			}
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name string
		want []string // Place.String of each result, in order
	}{
		{"Jatiasih", []string{"Kec. Jatiasih, Kota Bekasi, Jawa Barat", "Kel. Jatiasih, Kec. Jatiasih, Kota Bekasi, Jawa Barat"}},
		{"kab. sleman", []string{"Kabupaten Sleman, DI Yogyakarta"}},
		{"KOTA BEKASI", []string{"Kota Bekasi, Jawa Barat"}},
		{"bekasi", []string{"Kabupaten Bekasi, Jawa Barat", "Kota Bekasi, Jawa Barat"}},
		{"jaksel", []string{"Kota Administrasi Jakarta Selatan, DKI Jakarta"}},
		{"Caturtunggal", []string{"Desa Caturtunggal, Kec. Depok, Kabupaten Sleman, DI Yogyakarta"}}, // code 2xxx: a desa
		{"atlantis", nil},
		{"", nil},
	}
	for _, tt := range tests {
		ps, err := Lookup(tt.name)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range ps {
			got = append(got, p.String())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Lookup(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if ps, _ := Lookup("Caturtunggal"); len(ps) != 1 || !ps[0].Kelurahan.Desa() {
		t.Errorf("Caturtunggal (34.04.07.2001) is a desa: %+v", ps)
	}
	if ps, _ := Lookup("Jatiasih"); len(ps) != 2 || ps[1].Kelurahan.Desa() || ps[0].Kecamatan.Desa() {
		t.Errorf("Kel. Jatiasih (32.75.09.1xxx) is a kelurahan, and a kecamatan is neither: %+v", ps)
	}
	ps, _ := Lookup("Jatiasih")
	if len(ps) == 0 || ps[0].Kecamatan.Code != "32.75.09" || ps[0].Deepest().Level != LevelKecamatan {
		t.Errorf("Jatiasih kecamatan code/level: %+v", ps)
	}
}

// resolveCases seed FuzzResolve too.
var resolveCases = []struct {
	name   string
	in     string
	status Status
	want   Address
	cands  []string // Place.String of the candidates
	ask    string   // Resolution.Name
}{
	{
		name:   "kecamatan and bare city at the end of the street line",
		in:     "jl kenanga 5 rt 2 rw 7 jatiasih bekasi",
		status: Resolved,
		want:   Address{Line: "jl kenanga 5 rt 2 rw 7", Kecamatan: "Jatiasih", City: "Kota Bekasi", Province: "Jawa Barat"},
	},
	{
		name:   "kelurahan, kecamatan, kabupaten unlabelled: the chain puts each in its slot",
		in:     "Caturtunggal, Depok, Sleman",
		status: Resolved,
		want:   Address{Kelurahan: "Caturtunggal", Kecamatan: "Depok", City: "Kabupaten Sleman", Province: "DI Yogyakarta"},
	},
	{
		name:   "street then kelurahan, kecamatan, kabupaten",
		in:     "Jl. Kaliurang km 5 no 12, Caturtunggal, Depok, Sleman 55281",
		status: Resolved,
		want: Address{Line: "Jl. Kaliurang km 5 no 12", Kelurahan: "Caturtunggal", Kecamatan: "Depok",
			City: "Kabupaten Sleman", Province: "DI Yogyakarta", PostalCode: "55281"},
	},
	{
		name:   "Depok alone is ambiguous",
		in:     "Jl. Mawar 3, Depok",
		status: Ambiguous,
		want:   Address{Line: "Jl. Mawar 3", City: "Depok"},
		cands: []string{"Kota Depok, Jawa Barat", "Kec. Depok, Kabupaten Cirebon, Jawa Barat",
			"Kec. Depok, Kabupaten Sleman, DI Yogyakarta"},
		ask: "Depok",
	},
	{
		name:   "Kota Depok with its word is the city",
		in:     "Jl. Mawar 3, Kota Depok",
		status: Resolved,
		want:   Address{Line: "Jl. Mawar 3", City: "Kota Depok", Province: "Jawa Barat"},
	},
	{
		name:   "Depok with its province is the kecamatan in Sleman",
		in:     "Jl. Mawar 3, Depok, DIY",
		status: Resolved,
		want:   Address{Line: "Jl. Mawar 3", Kecamatan: "Depok", City: "Kabupaten Sleman", Province: "DI Yogyakarta"},
	},
	{
		name:   "ambiguous city still gives the province both share",
		in:     "Jl Merdeka 4 bekasi",
		status: Ambiguous,
		want:   Address{Line: "Jl Merdeka 4 bekasi", Province: "Jawa Barat"},
		cands:  []string{"Kabupaten Bekasi, Jawa Barat", "Kota Bekasi, Jawa Barat"},
		ask:    "bekasi",
	},
	{
		name:   "full labelled address is respelled from the list",
		in:     "jl melati 12 kec cibeunying kidul kota bandung jabar 40121",
		status: Resolved,
		want: Address{Line: "jl melati 12", Kecamatan: "Cibeunying Kidul", City: "Kota Bandung",
			Province: "Jawa Barat", PostalCode: "40121"},
	},
	{
		name:   "unlabelled kelurahan and kecamatan pick Kota Bandung over Kabupaten",
		in:     "Jl Melati 12, Sukamaju, Cibeunying Kidul, Bandung, Jawa Barat 40121",
		status: Resolved,
		want: Address{Line: "Jl Melati 12", Kelurahan: "Sukamaju", Kecamatan: "Cibeunying Kidul",
			City: "Kota Bandung", Province: "Jawa Barat", PostalCode: "40121"},
	},
	{
		name:   "labelled kelurahan with the same name as its kecamatan stays a kelurahan",
		in:     "Jl. Kenanga 5, Kel. Jatiasih, Bekasi",
		status: Resolved,
		want:   Address{Line: "Jl. Kenanga 5", Kelurahan: "Jatiasih", Kecamatan: "Jatiasih", City: "Kota Bekasi", Province: "Jawa Barat"},
	},
	{
		name:   "Jakarta short name",
		in:     "Jl. Kebayoran Baru 5, Kebayoran Baru, jaksel 12120",
		status: Resolved,
		want: Address{Line: "Jl. Kebayoran Baru 5", Kecamatan: "Kebayoran Baru", City: "Kota Administrasi Jakarta Selatan",
			Province: "DKI Jakarta", PostalCode: "12120"},
	},
	{
		name:   "typo in the kecamatan is kept; the city resolves",
		in:     "Jl. Pahlawan 3, Kec. Gentengg, Kota Surabaya",
		status: Resolved,
		want:   Address{Line: "Jl. Pahlawan 3", Kecamatan: "Gentengg", City: "Kota Surabaya", Province: "Jawa Timur"},
	},
	{
		name:   "kecamatan in another city is a conflict and nothing is filled",
		in:     "Jl. Dago 1, Kec. Coblong, Kota Surabaya",
		status: Conflict,
		want:   Address{Line: "Jl. Dago 1", Kecamatan: "Coblong", City: "Kota Surabaya"},
		// The kecamatan label wins the tie: the best partial reading.
		cands: []string{"Kec. Coblong, Kota Bandung, Jawa Barat"},
		ask:   "Kota Surabaya",
	},
	{
		name:   "a lone village name in the street line is not enough",
		in:     "Jl. Mawar 3 Sukamaju",
		status: NotFound,
		want:   Address{Line: "Jl. Mawar 3 Sukamaju"},
	},
	{
		name:   "a street named after a city stays a street",
		in:     "Jl. Raya Bogor 12",
		status: NotFound,
		want:   Address{Line: "Jl. Raya Bogor 12"},
	},
	{
		name:   "no area names",
		in:     "rumah pagar hijau",
		status: NotFound,
		want:   Address{Line: "rumah pagar hijau"},
	},
	{
		name:   "the same name twice is the kelurahan and its kecamatan",
		in:     "Jl. Mawar 1, Lopok, Lopok, Sumbawa",
		status: Resolved,
		want:   Address{Line: "Jl. Mawar 1", Kelurahan: "Lopok", Kecamatan: "Lopok", City: "Kabupaten Sumbawa", Province: "Nusa Tenggara Barat"},
	},
	{
		name:   "Raya after a plain word is part of a name",
		in:     "jl mawar 1 rt 2 rw 3 tanjung raya mesuji",
		status: Resolved,
		want:   Address{Line: "jl mawar 1 rt 2 rw 3", Kecamatan: "Tanjung Raya", City: "Kabupaten Mesuji", Province: "Lampung"},
	},
	{
		name:   "a kecamatan starting with Kota read by Parse as one long city",
		in:     "jl mawar 1 kota bangun kutai kartanegara",
		status: Resolved,
		want:   Address{Line: "jl mawar 1", Kecamatan: "Kota Bangun", City: "Kabupaten Kutai Kartanegara", Province: "Kalimantan Timur"},
	},
	{
		name:   "a city ending in a province name",
		in:     "Jl. Pidada 3, Panjang, Bandar Lampung",
		status: Resolved,
		want:   Address{Line: "Jl. Pidada 3", Kecamatan: "Panjang", City: "Kota Bandar Lampung", Province: "Lampung"},
	},
	{
		name:   "a kecamatan ending in another province's name",
		in:     "Kel. Bahalat Bayu, Kec. Jawa Maraja Bah Jambi, Kabupaten Simalungun, Sumatera Utara",
		status: Resolved,
		want: Address{Kelurahan: "Bahalat Bayu", Kecamatan: "Jawa Maraja Bah Jambi", City: "Kabupaten Simalungun",
			Province: "Sumatera Utara"},
	},
	{
		name:   "Jl Raya with a city name stays the street",
		in:     "Jl. Raya Bogor Km 30, Cimanggis, Depok",
		status: Resolved,
		want:   Address{Line: "Jl. Raya Bogor Km 30", Kecamatan: "Cimanggis", City: "Kota Depok", Province: "Jawa Barat"},
	},
	{
		name:   "empty",
		in:     "",
		status: NotFound,
	},
}

// TestResolveCapsNames: a long paste reads no more names than
// maxMentions, from the end of the text (where area names are written).
func TestResolveCapsNames(t *testing.T) {
	s := strings.Repeat("Sukamaju, Mekarsari, ", 500) + "Caturtunggal, Depok, Sleman"
	r := Resolve(s)
	if len(r.Names) != maxMentions {
		t.Fatalf("%d names read, want %d", len(r.Names), maxMentions)
	}
	if !slices.Contains(r.Names, "Caturtunggal") {
		t.Errorf("the names at the end were not read: %q", r.Names)
	}
}

func TestResolve(t *testing.T) {
	for _, tt := range resolveCases {
		t.Run(tt.name, func(t *testing.T) {
			r := Resolve(tt.in)
			if r.Status != tt.status {
				t.Errorf("status = %v, want %v (candidates %v)", r.Status, tt.status, r.Candidates)
			}
			if r.Address != tt.want {
				t.Errorf("address\n got %+v\nwant %+v", r.Address, tt.want)
			}
			var cands []string
			for _, c := range r.Candidates {
				cands = append(cands, c.String())
			}
			if !slices.Equal(cands, tt.cands) {
				t.Errorf("candidates = %q, want %q", cands, tt.cands)
			}
			if r.Name != tt.ask {
				t.Errorf("name = %q, want %q", r.Name, tt.ask)
			}
			if r.Status == Resolved && r.Place.Deepest().Level == 0 {
				t.Errorf("resolved without a place")
			}
		})
	}
}

// TestResolveKeepsWhatParseKnows: resolving never loses the street line's
// digits, the postal code or a typed part that is not in the list.
func TestResolveKeepsWhatParseKnows(t *testing.T) {
	for _, c := range parseCases {
		r := Resolve(c.in)
		if r.Address.PostalCode != c.want.PostalCode {
			t.Errorf("%s: postal code %q, want %q", c.name, r.Address.PostalCode, c.want.PostalCode)
		}
		if r.Status != Resolved && r.Address.Line != c.want.Line {
			t.Errorf("%s: unresolved line changed: %q, want %q", c.name, r.Address.Line, c.want.Line)
		}
	}
}

// BenchmarkLoadWilayah measures building the index from the embedded table,
// with the heap it keeps.
func BenchmarkLoadWilayah(b *testing.B) {
	var w *wilayah
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		var err error
		if w, err = parseWilayah(wilayahGz); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-heap-kept")
	b.ReportMetric(float64(len(wilayahGz))/1024, "KiB-embedded")
	runtime.KeepAlive(w)
}

func BenchmarkResolve(b *testing.B) {
	if _, err := loadWilayah(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Resolve("Jl. Kaliurang km 5 no 12, Caturtunggal, Depok, Sleman 55281")
	}
}

// BenchmarkResolveLongPaste: a 110 KB paste of village names costs about
// what a real address does in the resolver (the names read are capped);
// what is left is Parse reading the text once.
func BenchmarkResolveLongPaste(b *testing.B) {
	if _, err := loadWilayah(); err != nil {
		b.Fatal(err)
	}
	s := strings.Repeat("Sukamaju, Sukamulya, Mekarsari, Sukajadi, Margamulya, ", 2000)
	for b.Loop() {
		Resolve(s)
	}
}
