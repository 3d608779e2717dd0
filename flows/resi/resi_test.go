package resi

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"JP6961181926", "JP6961181926"},
		{"  jp 6961-181926 \n", "JP6961181926"},
		{"jp\t6961\r\n181926", "JP6961181926"},
		{"spxid06503790480a", "SPXID06503790480A"},
		{"0046–0785–5558", "004607855558"},           // en dash
		{"0046—0785—5558", "004607855558"},           // em dash
		{"0046‐0785‑5558", "004607855558"},           // hyphen U+2010, non-breaking hyphen U+2011
		{"0046−0785 5558", "004607855558"},           // minus sign U+2212, no-break space
		{"\ufeffJP6961\u200b181926", "JP6961181926"}, // BOM, zero-width space
		{"JPO961181926", "JPO961181926"},             // letter O kept
		{"jpl96ii81926", "JPL96II81926"},             // l and i upper-cased, not turned into 1
		{"JP.6961/181926", "JP.6961/181926"},         // other punctuation kept, to be flagged
		{"resi: jp123", "RESI:JP123"},
		{"", ""},
		{" \t\n ", ""},
		{"---", ""},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Normalize is idempotent for every single rune, including the ones whose
// upper case is a different rune.
func TestNormalizeIdempotentAllRunes(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		s := "A" + string(r) + "0"
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("Normalize not idempotent on %U: %q → %q", r, n, Normalize(n))
		}
	}
}

func TestInspectSamples(t *testing.T) {
	tests := []struct {
		name      string
		raw       string
		stated    Courier
		number    string
		suggested []Courier
		courier   Courier
		unusual   bool
		ambiguous bool
	}{
		// Real samples from DESIGN.md §5.
		// JNE 15 digits: plain 15-digit numbers are ambiguous (JNE, or a POS number of that length).
		{"JNE sample", "170430045644420", "", "170430045644420", []Courier{JNE, POS}, "", false, true},
		{"JNE sample stated", "170430045644420", JNE, "170430045644420", []Courier{JNE, POS}, JNE, false, false},
		{"JNE 16 digits", "0114101900123456", "", "0114101900123456", []Courier{JNE}, JNE, false, false},
		{"JNE marketplace CM", "CM12345678901", "", "CM12345678901", []Courier{JNE}, JNE, false, false},
		{"J&T sample", "JP6961181926", "", "JP6961181926", []Courier{JNT}, JNT, false, false},
		{"SiCepat sample", "004607855558", "", "004607855558", []Courier{SiCepat}, SiCepat, false, false},
		{"SPX sample", "SPXID06503790480A", "", "SPXID06503790480A", []Courier{SPX}, SPX, false, false},
		{"SPX without letter", "SPXID0650379048", "", "SPXID0650379048", []Courier{SPX}, SPX, false, false},
		{"ID Express", "IDS123456789012", "", "IDS123456789012", []Courier{IDExpress}, IDExpress, false, false},
		{"Ninja NLID", "NLIDAP12345678", "", "NLIDAP12345678", []Courier{Ninja}, Ninja, false, false},
		{"Ninja NVSOID", "NVSOIDTKPD12345", "", "NVSOIDTKPD12345", []Courier{Ninja}, Ninja, false, false},
		// AnterAja 1000 + 10 digits = 14 digits; the specific pattern beats the 14-digit hint.
		{"AnterAja", "10001234567890", "", "10001234567890", []Courier{AnterAja}, AnterAja, false, false},

		// Typing variations.
		{"spaces and dashes", "jp 6961-181926", "", "JP6961181926", []Courier{JNT}, JNT, false, false},
		{"lower case", "spxid06503790480a", "", "SPXID06503790480A", []Courier{SPX}, SPX, false, false},
		{"surrounding space", "  004607855558\n", "", "004607855558", []Courier{SiCepat}, SiCepat, false, false},

		// The stated courier always wins; a mismatch is flagged.
		{"stated JNE, J&T number", "JP6961181926", JNE, "JP6961181926", []Courier{JNT}, JNE, true, false},
		{"stated J&T, J&T number", "JP6961181926", JNT, "JP6961181926", []Courier{JNT}, JNT, false, false},
		{"stated SiCepat, SPX number", "SPXID06503790480A", SiCepat, "SPXID06503790480A", []Courier{SPX}, SiCepat, true, false},
		// Couriers without known patterns accept any well-formed number.
		{"stated POS", "P2304010012345", POS, "P2304010012345", nil, POS, false, false},
		{"stated TIKI", "030012345678", TIKI, "030012345678", []Courier{SiCepat, JNE, TIKI}, TIKI, false, false},
		{"stated Lion", "11-23-12345678", Lion, "112312345678", []Courier{SiCepat, JNE, TIKI}, Lion, false, false},
		{"stated J&T Cargo with JP", "JP6961181926", JNTCargo, "JP6961181926", []Courier{JNT}, JNTCargo, false, false},
		// ...but not a malformed one.
		{"stated POS, too short", "P123", POS, "P123", nil, POS, true, false},
		{"stated Wahana, punctuation", "AG.123456789", Wahana, "AG.123456789", nil, Wahana, true, false},
		// Hints do not vouch for a stated courier: SiCepat's known shape is 00 + 10 digits.
		{"stated SiCepat, plain 12 digits", "123456789012", SiCepat, "123456789012", []Courier{SiCepat, JNE, TIKI}, SiCepat, true, false},

		// Plain numbers of ambiguous length.
		{"12 digits", "123456789012", "", "123456789012", []Courier{SiCepat, JNE, TIKI}, "", false, true},
		{"14 digits", "20001234567890", "", "20001234567890", []Courier{AnterAja, JNE}, "", false, true},
		{"15 digits", "123456789012345", "", "123456789012345", []Courier{JNE, POS}, "", false, true},

		// O and 0 are not folded: JPO961181926 has a letter O, so it is no J&T number.
		{"O not folded", "JPO961181926", "", "JPO961181926", nil, "", true, false},
		{"O not folded, stated", "JPO961181926", JNT, "JPO961181926", nil, JNT, true, false},
		{"I not folded", "JP696II81926", "", "JP696II81926", nil, "", true, false},

		// Garbage and edge cases.
		{"garbage", "belum ada resi kak", "", "BELUMADARESIKAK", nil, "", true, false},
		{"emoji", "JP6961181926 👍", "", "JP6961181926👍", nil, "", true, false},
		{"empty", "", "", "", nil, "", true, false},
		{"blank", "  \n ", "", "", nil, "", true, false},
		{"empty stated", "", JNE, "", nil, JNE, true, false},
		{"too long", strings.Repeat("A1", 16), "", strings.Repeat("A1", 16), nil, "", true, false},
		{"too long stated", strings.Repeat("A1", 16), TIKI, strings.Repeat("A1", 16), nil, TIKI, true, false},
		{"well formed, unknown shape", "XYZ12345678", "", "XYZ12345678", nil, "", true, false},
		{"13 digits", "1234567890123", "", "1234567890123", nil, "", true, false},
		// A Ninja prefix alone is too short to be usual.
		{"Ninja prefix too short", "NLID1", "", "NLID1", []Courier{Ninja}, Ninja, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Inspect(tc.raw, tc.stated)
			if got.Raw != strings.TrimSpace(tc.raw) {
				t.Errorf("Raw = %q", got.Raw)
			}
			if got.Number != tc.number {
				t.Errorf("Number = %q, want %q", got.Number, tc.number)
			}
			if !slices.Equal(got.Suggested, tc.suggested) {
				t.Errorf("Suggested = %v, want %v", got.Suggested, tc.suggested)
			}
			if got.Courier != tc.courier {
				t.Errorf("Courier = %q, want %q", got.Courier, tc.courier)
			}
			if got.Unusual != tc.unusual {
				t.Errorf("Unusual = %v, want %v", got.Unusual, tc.unusual)
			}
			if got.Ambiguous != tc.ambiguous {
				t.Errorf("Ambiguous = %v, want %v", got.Ambiguous, tc.ambiguous)
			}
		})
	}
}

func TestInspectKeepsRawTrimmed(t *testing.T) {
	got := Inspect("  jp 6961-181926\t", "")
	if got.Raw != "jp 6961-181926" {
		t.Fatalf("Raw = %q", got.Raw)
	}
}

func TestParseCourier(t *testing.T) {
	tests := []struct {
		in   string
		want Courier
	}{
		{"J&T", JNT}, {"jnt", JNT}, {"J&T Express", JNT}, {"j & t", JNT}, {"JT", JNT}, {"j and t", JNT},
		{"J&T Cargo", JNTCargo}, {"jnt cargo", JNTCargo}, {"JNTCARGO", JNTCargo},
		{"jne", JNE}, {"JNE", JNE}, {"jne reg", JNE}, {"JNE-YES", JNE}, {"JNE Express", JNE}, {"kurir jne", JNE},
		{"SiCepat", SiCepat}, {"si cepat", SiCepat}, {"sicepat halu", SiCepat},
		{"shopee express", SPX}, {"Shopee Xpress", SPX}, {"spx", SPX}, {"SPX Standard", SPX}, {"shopee", SPX},
		{"ID Express", IDExpress}, {"idx", IDExpress}, {"idexpress", IDExpress},
		{"ninja xpress", Ninja}, {"Ninja", Ninja}, {"ninja van", Ninja},
		{"anter aja", AnterAja}, {"AnterAja", AnterAja}, {"anteraja reguler", AnterAja},
		{"pos indonesia", POS}, {"POS", POS}, {"pos aja", POS}, {"kantor pos", POS},
		{"tiki", TIKI}, {"TIKI ONS", TIKI},
		{"lion parcel", Lion}, {"Lion", Lion},
		{"wahana", Wahana}, {"Wahana Express", Wahana},
		{"sap", SAP}, {"SAP Express", SAP},
		{"  via  J&T  ", JNT},
	}
	for _, tc := range tests {
		got, ok := ParseCourier(tc.in)
		if !ok || got != tc.want {
			t.Errorf("ParseCourier(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
	for _, in := range []string{"", "   ", "gojek", "j", "t", "express", "id", "kurir", "via", "cargo", "posisi", "jnex", "reg jne"} {
		if got, ok := ParseCourier(in); ok {
			t.Errorf("ParseCourier(%q) = %q, want not found", in, got)
		}
	}
}

func TestCourierNames(t *testing.T) {
	want := map[Courier]string{
		JNE: "JNE", JNT: "J&T Express", SiCepat: "SiCepat", SPX: "Shopee Express",
		IDExpress: "ID Express", Ninja: "Ninja Xpress", AnterAja: "AnterAja", POS: "POS Indonesia",
		TIKI: "TIKI", Lion: "Lion Parcel", Wahana: "Wahana", SAP: "SAP Express", JNTCargo: "J&T Cargo",
	}
	all := Couriers()
	if len(all) != len(want) {
		t.Fatalf("Couriers() has %d entries, want %d", len(all), len(want))
	}
	for _, c := range all {
		if c.Name() != want[c] {
			t.Errorf("%q.Name() = %q, want %q", c, c.Name(), want[c])
		}
		if !c.Known() {
			t.Errorf("%q not Known", c)
		}
		// Code and display name both parse back.
		for _, s := range []string{string(c), c.Name()} {
			if got, ok := ParseCourier(s); !ok || got != c {
				t.Errorf("ParseCourier(%q) = %q, %v; want %q", s, got, ok, c)
			}
		}
	}
	if Courier("gojek").Known() || Courier("gojek").Name() != "gojek" {
		t.Error("unknown courier")
	}
	all[0] = "changed"
	if Couriers()[0] != JNE {
		t.Error("Couriers() shares its backing array")
	}
}

// Every pattern is exercised, and every alias key is no longer than
// maxAliasLen (ParseCourier stops looking past it).
func TestTables(t *testing.T) {
	for k, c := range aliases {
		if len(k) > maxAliasLen {
			t.Errorf("alias %q longer than maxAliasLen", k)
		}
		if !c.Known() {
			t.Errorf("alias %q → unknown courier %q", k, c)
		}
	}
	for _, p := range patterns {
		if !p.courier.Known() {
			t.Errorf("pattern %s for unknown courier %q", p.re, p.courier)
		}
	}
}

// Only ASCII letters are upper-cased: look-alikes whose Unicode upper case is
// ASCII stay as they are, so Inspect flags them.
func TestNormalizeLookAlikes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"jp696ı181926", "JP696ı181926"},       // dotless i U+0131 (upper case 'I')
		{"ſpxid0650379048", "ſPXID0650379048"}, // long s U+017F (upper case 'S')
		{"ｊｐ6961181926", "ｊｐ6961181926"},       // full-width letters
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if c := Inspect(tc.in, ""); !c.Unusual || len(c.Suggested) != 0 {
			t.Errorf("Inspect(%q) = %+v, want Unusual without suggestions", tc.in, c)
		}
	}
}
