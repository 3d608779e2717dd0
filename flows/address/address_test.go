package address

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// parseCases are hand-written expectations; they also seed FuzzParse.
var parseCases = []struct {
	name string
	in   string
	want Address
}{
	{
		name: "one line with commas and labels",
		in:   "Jl. Melati No. 12 RT 03/RW 05, Kel. Sukamaju, Kec. Cibeunying Kidul, Kota Bandung, Jawa Barat 40121",
		want: Address{Line: "Jl. Melati No. 12 RT 03/RW 05", Kelurahan: "Sukamaju", Kecamatan: "Cibeunying Kidul",
			City: "Kota Bandung", Province: "Jawa Barat", PostalCode: "40121"},
	},
	{
		name: "several lines, RT/RW on its own line",
		in:   "Jl. Melati No. 12\nRT 03/RW 05\nKel. Sukamaju\nKec. Cibeunying Kidul\nKota Bandung\nJawa Barat 40121",
		want: Address{Line: "Jl. Melati No. 12, RT 03/RW 05", Kelurahan: "Sukamaju", Kecamatan: "Cibeunying Kidul",
			City: "Kota Bandung", Province: "Jawa Barat", PostalCode: "40121"},
	},
	{
		name: "Windows line endings and a trailing comma per line",
		in:   "Jl. Melati No. 12,\r\nKel. Sukamaju,\r\nKec. Cibeunying Kidul,\r\nKota Bandung,\r\nJawa Barat 40121\r\n",
		want: Address{Line: "Jl. Melati No. 12", Kelurahan: "Sukamaju", Kecamatan: "Cibeunying Kidul",
			City: "Kota Bandung", Province: "Jawa Barat", PostalCode: "40121"},
	},
	{
		name: "labelled form, one part per line",
		in:   "Alamat: Jl. Melati No. 12\nKelurahan: Sukamaju\nKecamatan: Cibeunying Kidul\nKota/Kab: Bandung\nProvinsi: Jawa Barat\nKode Pos: 40121",
		want: Address{Line: "Jl. Melati No. 12", Kelurahan: "Sukamaju", Kecamatan: "Cibeunying Kidul",
			City: "Bandung", Province: "Jawa Barat", PostalCode: "40121"},
	},
	{
		name: "lower case, no commas, province abbreviation",
		in:   "jl melati 12 kec cibeunying kidul kota bandung jabar 40121",
		// kecamatan and city are title-cased because they were all lower case;
		// the street line stays as typed.
		want: Address{Line: "jl melati 12", Kecamatan: "Cibeunying Kidul", City: "Kota Bandung",
			Province: "Jawa Barat", PostalCode: "40121"},
	},
	{
		name: "Kab. becomes Kabupaten, DIY becomes DI Yogyakarta",
		in:   "Kab. Sleman, DIY 55281",
		want: Address{City: "Kabupaten Sleman", Province: "DI Yogyakarta", PostalCode: "55281"},
	},
	{
		name: "one word",
		in:   "rumah",
		want: Address{Line: "rumah"},
	},
	{
		name: "only a postal code",
		in:   "40121",
		want: Address{PostalCode: "40121"},
	},
	{
		name: "postal code starting with 0 is not a postal code",
		in:   "Jl. Melati 01234",
		want: Address{Line: "Jl. Melati 01234"},
	},
	{
		name: "RT 3 RW 5",
		in:   "Jl. Melati No. 12 RT 3 RW 5, Kec. Coblong",
		want: Address{Line: "Jl. Melati No. 12 RT 3 RW 5", Kecamatan: "Coblong"},
	},
	{
		name: "RT.003/RW.005",
		in:   "Jl. Melati No. 12 RT.003/RW.005, Kec. Coblong",
		want: Address{Line: "Jl. Melati No. 12 RT.003/RW.005", Kecamatan: "Coblong"},
	},
	{
		name: "Rt 03 Rw 05",
		in:   "Jl. Melati No. 12 Rt 03 Rw 05, Kec. Coblong",
		want: Address{Line: "Jl. Melati No. 12 Rt 03 Rw 05", Kecamatan: "Coblong"},
	},
	{
		name: "RT/RW after the desa goes back to the line",
		in:   "Dusun Krajan, Desa Sumberrejo RT 02/RW 01, Kec. Wonosari",
		want: Address{Line: "Dusun Krajan, RT 02/RW 01", Kelurahan: "Sumberrejo", Kecamatan: "Wonosari"},
	},
	{
		name: "housing estate line",
		in:   "Perum Griya Asri Blok C2 No 7",
		want: Address{Line: "Perum Griya Asri Blok C2 No 7"},
	},
	{
		name: "housing estate with the rest of the address",
		in:   "Perum Griya Asri Blok C2 No 7, Ds. Tegalwaru, Kec Ciampea, Kab Bogor, Jabar 16620",
		want: Address{Line: "Perum Griya Asri Blok C2 No 7", Kelurahan: "Tegalwaru", Kecamatan: "Ciampea",
			City: "Kabupaten Bogor", Province: "Jawa Barat", PostalCode: "16620"},
	},
	{
		name: "markers glued to values",
		in:   "Jl.Melati 12, Kel.Sukamaju, Kec.Cibeunying Kidul, Kab.Bandung, Jabar",
		want: Address{Line: "Jl.Melati 12", Kelurahan: "Sukamaju", Kecamatan: "Cibeunying Kidul",
			City: "Kabupaten Bandung", Province: "Jawa Barat"},
	},
	{
		name: "Kota. typo and Kecamatan spelled out",
		in:   "Jl. Pahlawan 3, Kecamatan Genteng, Kota. Surabaya, Jatim 60275",
		want: Address{Line: "Jl. Pahlawan 3", Kecamatan: "Genteng", City: "Kota Surabaya",
			Province: "Jawa Timur", PostalCode: "60275"},
	},
	{
		name: "neutral city label with Kab. in the value",
		in:   "Kota/Kab: Kab. Bogor",
		want: Address{City: "Kabupaten Bogor"},
	},
	{
		name: "marker after a marker is part of the name",
		in:   "Jl. Kota Baru 1, Kec. Kota Tengah, Kota Gorontalo, Gorontalo 96128",
		want: Address{Line: "Jl. Kota Baru 1", Kecamatan: "Kota Tengah", City: "Kota Gorontalo",
			Province: "Gorontalo", PostalCode: "96128"},
	},
	{
		name: "Kota before a number is part of the street",
		in:   "Jl. Pusat Kota 5, Kec. Coblong",
		want: Address{Line: "Jl. Pusat Kota 5", Kecamatan: "Coblong"},
	},
	{
		name: "street named after a province stays a street",
		in:   "Jl. Bali No. 3, Denpasar, Bali 80111",
		want: Address{Line: "Jl. Bali No. 3", City: "Denpasar", Province: "Bali", PostalCode: "80111"},
	},
	{
		name: "street named after a province, alone",
		in:   "Jl. Riau",
		want: Address{Line: "Jl. Riau"},
	},
	{
		name: "no labels at all: read by position before the known city",
		in:   "Jl Melati 12, Sukamaju, Cibeunying Kidul, Bandung, Jawa Barat 40121",
		want: Address{Line: "Jl Melati 12", Kelurahan: "Sukamaju", Kecamatan: "Cibeunying Kidul",
			City: "Bandung", Province: "Jawa Barat", PostalCode: "40121"},
	},
	{
		name: "no labels: unknown city read by position before the province",
		in:   "Jl. Sudirman 5, Cibabat, Cimahi Utara, Cimahi, Jawa Barat 40513",
		want: Address{Line: "Jl. Sudirman 5", Kelurahan: "Cibabat", Kecamatan: "Cimahi Utara",
			City: "Cimahi", Province: "Jawa Barat", PostalCode: "40513"},
	},
	{
		name: "no labels, no commas: city and province split off before the postal code",
		in:   "jl melati 12 bandung jabar 40121",
		want: Address{Line: "jl melati 12", City: "Bandung", Province: "Jawa Barat", PostalCode: "40121"},
	},
	{
		name: "a segment with digits is never read as kecamatan",
		in:   "Jl. Melati, Blok C 12, Kota Bandung",
		want: Address{Line: "Jl. Melati, Blok C 12", City: "Kota Bandung"},
	},
	{
		name: "Jakarta city gives the province",
		in:   "Jl. Kebayoran Baru 5, Kebayoran Baru, Jakarta Selatan 12120",
		want: Address{Line: "Jl. Kebayoran Baru 5", Kecamatan: "Kebayoran Baru", City: "Jakarta Selatan",
			Province: "DKI Jakarta", PostalCode: "12120"},
	},
	{
		name: "bare Jakarta is the province",
		in:   "Jl. Salemba Raya 6, Kec. Senen, Jakarta 10430",
		want: Address{Line: "Jl. Salemba Raya 6", Kecamatan: "Senen", Province: "DKI Jakarta", PostalCode: "10430"},
	},
	{
		name: "Jogja and Indonesia",
		in:   "Jl. Malioboro 52, Kec. Gedong Tengen, Kota Yogyakarta, Jogja 55271, Indonesia",
		want: Address{Line: "Jl. Malioboro 52", Kecamatan: "Gedong Tengen", City: "Kota Yogyakarta",
			Province: "DI Yogyakarta", PostalCode: "55271"},
	},
	{
		name: "longest province wins: Papua Barat Daya, Kepulauan Riau",
		in:   "Jl. Basuki Rahmat 1, Kota Sorong, Papua Barat Daya 98412",
		want: Address{Line: "Jl. Basuki Rahmat 1", City: "Kota Sorong", Province: "Papua Barat Daya", PostalCode: "98412"},
	},
	{
		name: "Kota ending a kecamatan name is a word, not a marker",
		in:   "Jl. Engku Putri 1, Kec. Batam Kota, Kota Batam, Kep. Riau 29461",
		want: Address{Line: "Jl. Engku Putri 1", Kecamatan: "Batam Kota", City: "Kota Batam",
			Province: "Kepulauan Riau", PostalCode: "29461"},
	},
	{
		name: "doubled Kota in a city value",
		in:   "Jl. Engku Putri 1, Kota: Kota Batam",
		want: Address{Line: "Jl. Engku Putri 1", City: "Kota Batam"},
	},
	{
		name: "empty labels are dropped",
		in:   "Alamat: Jl. Melati 12\nKelurahan:\nKecamatan: -\nKota:\nKode pos:",
		want: Address{Line: "Jl. Melati 12"},
	},
	{
		name: "invalid number after Kode pos is dropped",
		in:   "Jl. Melati 12, Kode pos 4012",
		want: Address{Line: "Jl. Melati 12"},
	},
	{
		name: "last postal code wins, earlier 5-digit numbers stay in place",
		in:   "Ruko Mega 12345, Kota Bekasi, Jawa Barat 17141",
		want: Address{Line: "Ruko Mega 12345", City: "Kota Bekasi", Province: "Jawa Barat", PostalCode: "17141"},
	},
	{
		name: "Desa with NTT",
		in:   "Dusun II, Desa Oelnasi, Kec. Kupang Tengah, Kab. Kupang, NTT 85361",
		want: Address{Line: "Dusun II", Kelurahan: "Oelnasi", Kecamatan: "Kupang Tengah", City: "Kabupaten Kupang",
			Province: "Nusa Tenggara Timur", PostalCode: "85361"},
	},
	{
		name: "Provinsi label with D.I. dots",
		in:   "Jl. Kaliurang km 5, Kab. Sleman, Provinsi D.I. Yogyakarta, 55281",
		want: Address{Line: "Jl. Kaliurang km 5", City: "Kabupaten Sleman", Province: "DI Yogyakarta", PostalCode: "55281"},
	},
	{
		name: "unknown province label value is dropped",
		in:   "Jl. Melati 12, Provinsi: Atlantis",
		want: Address{Line: "Jl. Melati 12"},
	},
	{
		name: "empty text",
		in:   "  \n ,, ",
		want: Address{},
	},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Parse(tc.in); got != tc.want {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", tc.in, got, tc.want)
			}
		})
	}
}

func TestMissingAndComplete(t *testing.T) {
	full := Address{Line: "Jl. Melati 12", Kelurahan: "Sukamaju", Kecamatan: "Cibeunying Kidul",
		City: "Kota Bandung", Province: "Jawa Barat", PostalCode: "40121"}
	noKel := full
	noKel.Kelurahan = ""
	badPostal := full
	badPostal.PostalCode = "4012"
	tests := []struct {
		name     string
		a        Address
		missing  []Field
		complete bool
	}{
		{"full", full, nil, true},
		{"kelurahan is optional", noKel, []Field{FieldKelurahan}, true},
		{"invalid postal code", badPostal, nil, false},
		{"empty", Address{}, []Field{FieldLine, FieldKelurahan, FieldKecamatan, FieldCity, FieldProvince, FieldPostalCode}, false},
		{"one word", Parse("rumah"), []Field{FieldKelurahan, FieldKecamatan, FieldCity, FieldProvince, FieldPostalCode}, false},
		{"only postal code", Parse("40121"), []Field{FieldLine, FieldKelurahan, FieldKecamatan, FieldCity, FieldProvince}, false},
		{"blank line counts as missing", Address{Line: "  ", Kecamatan: "A", City: "B", Province: "Bali", PostalCode: "80111"},
			[]Field{FieldLine, FieldKelurahan}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Missing(); !slices.Equal(got, tc.missing) {
				t.Errorf("Missing() = %v, want %v", got, tc.missing)
			}
			if got := tc.a.Complete(); got != tc.complete {
				t.Errorf("Complete() = %v, want %v", got, tc.complete)
			}
		})
	}
}

func TestFieldRequired(t *testing.T) {
	for _, f := range []Field{FieldLine, FieldKecamatan, FieldCity, FieldProvince, FieldPostalCode} {
		if !f.Required() {
			t.Errorf("%s.Required() = false", f)
		}
	}
	if FieldKelurahan.Required() {
		t.Error("kelurahan.Required() = true")
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		a    Address
		want string
	}{
		{Address{Line: "Jl. Melati No. 12 RT 03/RW 05", Kelurahan: "Sukamaju", Kecamatan: "Cibeunying Kidul",
			City: "Kota Bandung", Province: "Jawa Barat", PostalCode: "40121"},
			"Jl. Melati No. 12 RT 03/RW 05, Kel. Sukamaju, Kec. Cibeunying Kidul, Kota Bandung, Jawa Barat 40121"},
		{Address{City: "Kabupaten Sleman", Province: "DI Yogyakarta", PostalCode: "55281"},
			"Kabupaten Sleman, DI Yogyakarta 55281"},
		{Address{Line: "rumah"}, "rumah"},
		{Address{PostalCode: "40121"}, "40121"},
		{Address{Line: "Jl. A", Province: "Bali"}, "Jl. A, Bali"},
		{Address{Line: "Jl. A", Kelurahan: " ", Kecamatan: "B"}, "Jl. A, Kec. B"},
		{Address{}, ""},
	}
	for _, tc := range tests {
		if got := tc.a.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.a, got, tc.want)
		}
	}
}

func TestValidPostalCode(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"40121", true},
		{"10110", true}, // Jakarta Pusat range starts at 1
		{"99351", true},
		{"01234", false}, // no Indonesian code starts with 0
		{"4012", false},
		{"401211", false},
		{"4012a", false},
		{" 40121", false},
		{"４０１２１", false}, // full-width digits are not ASCII
		{"", false},
	}
	for _, tc := range tests {
		if got := ValidPostalCode(tc.in); got != tc.want {
			t.Errorf("ValidPostalCode(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestProvinces(t *testing.T) {
	ps := Provinces()
	if len(ps) != 38 {
		t.Fatalf("len(Provinces()) = %d, want 38", len(ps))
	}
	ps[0] = "changed"
	if Provinces()[0] != "Aceh" {
		t.Fatal("Provinces() returned the table itself")
	}
	// Every canonical name parses to itself, alone and with a postal code.
	for _, p := range Provinces() {
		if got, ok := CanonicalProvince(p); !ok || got != p {
			t.Errorf("CanonicalProvince(%q) = %q, %v", p, got, ok)
		}
		a := Parse("Jl. Melati 12, Kota X, " + p + " 40121")
		if a.Province != p || a.PostalCode != "40121" {
			t.Errorf("Parse with %q: %#v", p, a)
		}
	}
}

func TestCanonicalProvince(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Jabar", "Jawa Barat", true},
		{"jatim", "Jawa Timur", true},
		{"JATENG", "Jawa Tengah", true},
		{"DKI", "DKI Jakarta", true},
		{"DKI Jakarta", "DKI Jakarta", true},
		{"Jakarta", "DKI Jakarta", true},
		{"DIY", "DI Yogyakarta", true},
		{"D.I. Yogyakarta", "DI Yogyakarta", true},
		{"Jogja", "DI Yogyakarta", true},
		{"Yogyakarta", "DI Yogyakarta", true},
		{"Sumut", "Sumatera Utara", true},
		{"Sumatra Utara", "Sumatera Utara", true},
		{"Sulsel", "Sulawesi Selatan", true},
		{"NTB", "Nusa Tenggara Barat", true},
		{"N.T.T", "Nusa Tenggara Timur", true},
		{"Kalbar", "Kalimantan Barat", true},
		{"Kaltara", "Kalimantan Utara", true},
		{"Kepri", "Kepulauan Riau", true},
		{"Babel", "Kepulauan Bangka Belitung", true},
		{"Prov. Jawa Timur", "Jawa Timur", true},
		{"Provinsi Papua Pegunungan", "Papua Pegunungan", true},
		{"NAD", "Aceh", true},
		{"Jawa", "", false},
		{"Bandung", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, ok := CanonicalProvince(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("CanonicalProvince(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestRoundTripGenerated builds many addresses from a pool of realistic and
// tricky words, and checks the FuzzParse round-trip property on every
// Complete one (random bytes rarely make a Complete address).
func TestRoundTripGenerated(t *testing.T) {
	pool := []string{"Jl.", "Melati", "No.", "12", "RT", "03/RW", "05", "Kota", "Kab.", "Kel.",
		"Kec.", "Desa", "Bali", "Jabar", "Jawa", "Barat", "Raya", "Bogor", "Bandung", "12345",
		"40121", "Provinsi", "Kode", "pos", "Jakarta", "Selatan", "Indonesia", ":", "-", "Riau",
		"Kepulauan", "Gg", "Sukamaju", "kota/kab", "Administrasi", "DKI", "DIY", "alamat",
		"lengkap", "Papua", "Daya"}
	seps := []string{" ", " ", " ", ", ", "\n"}
	r := rand.New(rand.NewPCG(1, 2))
	complete := 0
	for n := 0; n < 40000; n++ {
		var b strings.Builder
		for i, k := 0, 1+r.IntN(14); i < k; i++ {
			b.WriteString(pool[r.IntN(len(pool))])
			b.WriteString(seps[r.IntN(len(seps))])
		}
		a := Parse(b.String())
		if !a.Complete() {
			continue
		}
		complete++
		if c := Parse(a.String()); c.Province != a.Province || c.PostalCode != a.PostalCode {
			t.Fatalf("in=%q\n a=%#v\n s=%q\n c=%#v", b.String(), a, a.String(), c)
		}
	}
	if complete < 1000 {
		t.Fatalf("only %d complete addresses generated; the generator is too weak", complete)
	}
}
