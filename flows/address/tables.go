package address

import "slices"

// Immutable lookup tables. Keys are "folded": lower case, dots removed,
// words separated by single spaces (see fold).

// provinces lists the 38 provinces of Indonesia (since the 2022 Papua split)
// by their canonical names, in the order of the official province codes.
var provinces = [...]string{
	"Aceh",
	"Sumatera Utara",
	"Sumatera Barat",
	"Riau",
	"Jambi",
	"Sumatera Selatan",
	"Bengkulu",
	"Lampung",
	"Kepulauan Bangka Belitung",
	"Kepulauan Riau",
	"DKI Jakarta",
	"Jawa Barat",
	"Jawa Tengah",
	"DI Yogyakarta",
	"Jawa Timur",
	"Banten",
	"Bali",
	"Nusa Tenggara Barat",
	"Nusa Tenggara Timur",
	"Kalimantan Barat",
	"Kalimantan Tengah",
	"Kalimantan Selatan",
	"Kalimantan Timur",
	"Kalimantan Utara",
	"Sulawesi Utara",
	"Sulawesi Tengah",
	"Sulawesi Selatan",
	"Sulawesi Tenggara",
	"Gorontalo",
	"Sulawesi Barat",
	"Maluku",
	"Maluku Utara",
	"Papua",
	"Papua Barat",
	"Papua Selatan",
	"Papua Tengah",
	"Papua Pegunungan",
	"Papua Barat Daya",
}

// provinceVariants maps folded spellings people type to the canonical name.
// The canonical names themselves are added by buildProvinceKeys.
var provinceVariants = map[string]string{
	"nad":                           "Aceh",
	"nanggroe aceh darussalam":      "Aceh",
	"di aceh":                       "Aceh",
	"sumut":                         "Sumatera Utara",
	"sumatra utara":                 "Sumatera Utara",
	"sumbar":                        "Sumatera Barat",
	"sumatra barat":                 "Sumatera Barat",
	"sumsel":                        "Sumatera Selatan",
	"sumatra selatan":               "Sumatera Selatan",
	"babel":                         "Kepulauan Bangka Belitung",
	"bangka belitung":               "Kepulauan Bangka Belitung",
	"kep bangka belitung":           "Kepulauan Bangka Belitung",
	"kepri":                         "Kepulauan Riau",
	"kep riau":                      "Kepulauan Riau",
	"dki":                           "DKI Jakarta",
	"jakarta":                       "DKI Jakarta",
	"dki jakarta":                   "DKI Jakarta",
	"jabar":                         "Jawa Barat",
	"jateng":                        "Jawa Tengah",
	"jatim":                         "Jawa Timur",
	"diy":                           "DI Yogyakarta",
	"di yogyakarta":                 "DI Yogyakarta",
	"daerah istimewa yogyakarta":    "DI Yogyakarta",
	"yogyakarta":                    "DI Yogyakarta",
	"jogja":                         "DI Yogyakarta",
	"jogjakarta":                    "DI Yogyakarta",
	"yogya":                         "DI Yogyakarta",
	"ntb":                           "Nusa Tenggara Barat",
	"ntt":                           "Nusa Tenggara Timur",
	"kalbar":                        "Kalimantan Barat",
	"kalteng":                       "Kalimantan Tengah",
	"kalsel":                        "Kalimantan Selatan",
	"kaltim":                        "Kalimantan Timur",
	"kaltara":                       "Kalimantan Utara",
	"sulut":                         "Sulawesi Utara",
	"sulteng":                       "Sulawesi Tengah",
	"sulsel":                        "Sulawesi Selatan",
	"sultra":                        "Sulawesi Tenggara",
	"sulbar":                        "Sulawesi Barat",
	"malut":                         "Maluku Utara",
	"pabar":                         "Papua Barat",
	"papua barat daya":              "Papua Barat Daya",
	"pbd":                           "Papua Barat Daya",
	"papua pegunungan":              "Papua Pegunungan",
	"papua tengah":                  "Papua Tengah",
	"papua selatan":                 "Papua Selatan",
	"daerah khusus ibukota jakarta": "DKI Jakarta",
}

// maxProvinceWords is the largest number of words in a province key.
const maxProvinceWords = 4

// provinceByKey is provinceVariants plus every canonical name, folded.
var provinceByKey = buildProvinceKeys()

func buildProvinceKeys() map[string]string {
	m := make(map[string]string, len(provinceVariants)+len(provinces))
	for k, v := range provinceVariants {
		m[k] = v
	}
	for _, p := range provinces {
		m[fold(p)] = p
	}
	return m
}

// provinceKeys are the keys of provinceByKey, sorted.
var provinceKeys = func() []string {
	ks := make([]string, 0, len(provinceByKey))
	for k := range provinceByKey {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}()

// lookupProvince returns the canonical province for a folded key.
func lookupProvince(key string) (string, bool) {
	p, ok := provinceByKey[key]
	return p, ok
}

// knownCities holds bare names of cities and regencies (folded) that are
// recognised as the city part when they stand alone in a segment. Names that
// are also a province variant (Jakarta, Yogyakarta, Jambi, Bengkulu,
// Gorontalo, ...) are deliberately absent: the province reading wins.
var knownCities = map[string]bool{
	"jakarta pusat": true, "jakarta utara": true, "jakarta barat": true,
	"jakarta selatan": true, "jakarta timur": true, "jakpus": true,
	"jakut": true, "jakbar": true, "jaksel": true, "jaktim": true,
	"bandung": true, "bandung barat": true, "surabaya": true, "medan": true,
	"semarang": true, "makassar": true, "palembang": true, "tangerang": true,
	"tangerang selatan": true, "tangsel": true, "depok": true, "bekasi": true,
	"bogor": true, "malang": true, "solo": true, "surakarta": true,
	"denpasar": true, "batam": true, "pekanbaru": true, "padang": true,
	"balikpapan": true, "samarinda": true, "pontianak": true,
	"banjarmasin": true, "banjarbaru": true, "manado": true, "cimahi": true,
	"cirebon": true, "tasikmalaya": true, "sukabumi": true, "serang": true,
	"cilegon": true, "kediri": true, "madiun": true, "blitar": true,
	"mojokerto": true, "pasuruan": true, "probolinggo": true,
	"sidoarjo": true, "gresik": true, "jember": true, "banyuwangi": true,
	"magelang": true, "salatiga": true, "pekalongan": true, "tegal": true,
	"purwokerto": true, "kudus": true, "sleman": true, "bantul": true,
	"kulon progo": true, "gunungkidul": true, "gunung kidul": true,
	"mataram": true, "kupang": true, "bandar lampung": true,
	"banda aceh": true, "ambon": true, "jayapura": true, "palu": true,
	"kendari": true, "ternate": true, "palangkaraya": true,
	"palangka raya": true, "tarakan": true, "sorong": true,
	"bukittinggi": true, "binjai": true, "pematangsiantar": true,
	"dumai": true, "tanjungpinang": true, "pangkalpinang": true,
	"karawang": true, "purwakarta": true, "garut": true, "sumedang": true,
	"subang": true, "indramayu": true, "kuningan": true, "majalengka": true,
	"ciamis": true, "cianjur": true, "lebak": true, "pandeglang": true,
	"klaten": true, "boyolali": true, "sukoharjo": true, "wonogiri": true,
	"karanganyar": true, "sragen": true, "demak": true, "jepara": true,
	"pati": true, "rembang": true, "blora": true, "grobogan": true,
	"kendal": true, "batang": true, "pemalang": true, "brebes": true,
	"banyumas": true, "cilacap": true, "purbalingga": true,
	"banjarnegara": true, "kebumen": true, "wonosobo": true,
	"temanggung": true, "lamongan": true, "tuban": true, "bojonegoro": true,
	"ngawi": true, "ponorogo": true, "pacitan": true, "trenggalek": true,
	"tulungagung": true, "nganjuk": true, "jombang": true, "lumajang": true,
	"bondowoso": true, "situbondo": true, "sumenep": true, "pamekasan": true,
	"sampang": true, "bangkalan": true, "gianyar": true, "badung": true,
	"tabanan": true, "buleleng": true,
}

// jakartaCities are the bare city names that can only lie in DKI Jakarta;
// when one of them is the city and no province was written, the province is
// taken from the name itself (it is not looked up anywhere).
var jakartaCities = map[string]bool{
	"jakarta pusat": true, "jakarta utara": true, "jakarta barat": true,
	"jakarta selatan": true, "jakarta timur": true, "jakpus": true,
	"jakut": true, "jakbar": true, "jaksel": true, "jaktim": true,
	"kepulauan seribu": true,
}

// maxCityWords is the largest number of words in a knownCities key.
const maxCityWords = 2

// streetWords start or qualify a street-level description. A marker word
// right after one of them is part of a street name ("Jl. Kota Baru"), and a
// segment starting with one of them is street text, never kelurahan/kecamatan.
var streetWords = map[string]bool{
	"jl": true, "jln": true, "jalan": true, "gg": true, "gang": true,
	"raya": true, "komp": true, "komplek": true, "kompleks": true,
	"perum": true, "perumahan": true, "blok": true, "blk": true, "no": true,
	"nomor": true, "dusun": true, "dsn": true, "kp": true, "kampung": true,
	"lingkungan": true, "link": true, "lk": true, "apartemen": true,
	"apt": true, "tower": true, "lantai": true, "lt": true, "ruko": true,
	"griya": true, "villa": true, "vila": true, "cluster": true,
	"klaster": true, "residence": true, "pondok": true, "asrama": true,
	"kav": true, "kavling": true, "rt": true, "rw": true, "pulau": true,
}

// nameIntro are words after which a marker word is part of a name:
// "Jl. Kota Baru", "Gg. Desa", "Perum Kota Wisata".
var nameIntro = map[string]bool{
	"jl": true, "jln": true, "jalan": true, "gg": true, "gang": true,
	"komp": true, "komplek": true, "kompleks": true, "perum": true,
	"perumahan": true, "dusun": true, "dsn": true, "kp": true,
	"kampung": true, "pulau": true,
}
