package address

import (
	"slices"
	"strings"
	"testing"
)

// FuzzParse checks the invariants of Parse on arbitrary text:
// no panic, no line breaks in any part, a postal code that is empty or
// valid, a province that is empty or canonical, and for a Complete
// address, String() parses back to the same province and postal code.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.in)
	}
	for _, s := range []string{
		"", ",", "\n\n", "Kota", "Kota:", "kec kec kec", "Kode pos", "kode pos 4012",
		"Jl. Bali 80111", "Jl. Kota Baru, Kota Baru", "RT/RW", "rt", "Kel/Desa: /",
		"Kota / Kab : Kab. Bogor", "Provinsi: Atlantis", "Jawa Barat Jawa Timur 61234 40121",
		"Jl. Melati 12345, Kota Bandung, Jabar 40121", "Indonesia", "DKI",
		"Kab.", "kodepos:40121", "\u2028Kota Bandung\u2028Jabar", "Kec.\x00Kota",
		"Jl. Raya Bogor Jabar 16000", "Jakarta Selatan", "Kota Administrasi Jakarta Timur",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		a := Parse(in)
		for name, v := range map[string]string{
			"Line": a.Line, "Kelurahan": a.Kelurahan, "Kecamatan": a.Kecamatan,
			"City": a.City, "Province": a.Province, "PostalCode": a.PostalCode,
		} {
			if strings.ContainsAny(v, "\r\n") {
				t.Fatalf("Parse(%q).%s = %q contains a line break", in, name, v)
			}
			if v != strings.TrimSpace(v) {
				t.Fatalf("Parse(%q).%s = %q is not trimmed", in, name, v)
			}
		}
		if a.PostalCode != "" && !ValidPostalCode(a.PostalCode) {
			t.Fatalf("Parse(%q).PostalCode = %q", in, a.PostalCode)
		}
		if a.Province != "" && !slices.Contains(provinces[:], a.Province) {
			t.Fatalf("Parse(%q).Province = %q is not canonical", in, a.Province)
		}
		if a.Complete() {
			s := a.String()
			b := Parse(s)
			if b.Province != a.Province || b.PostalCode != a.PostalCode {
				t.Fatalf("round trip of %q:\n a=%#v\n s=%q\n b=%#v", in, a, s, b)
			}
		}
	})
}

// FuzzResolve: never panics; a resolved address names a real place, keeps
// the postal code Parse found, and resolving it again changes nothing.
func FuzzResolve(f *testing.F) {
	for _, c := range resolveCases {
		f.Add(c.in)
	}
	for _, c := range parseCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Resolve(s)
		if r.Address.PostalCode != Parse(s).PostalCode {
			t.Fatalf("postal code changed: %q", r.Address.PostalCode)
		}
		if len(r.Candidates) > MaxCandidates {
			t.Fatalf("%d candidates", len(r.Candidates))
		}
		if r.Status != Resolved {
			return
		}
		if r.Place.Deepest().Level == 0 || r.Place.Province.Name != r.Address.Province {
			t.Fatalf("resolved place %+v, address %+v", r.Place, r.Address)
		}
		// Resolving a resolved address changes nothing.
		if again := ResolveAddress(r.Address); again.Status != Resolved || again.Address != r.Address {
			t.Fatalf("again: %s %+v, first %+v", again.Status, again.Address, r.Address)
		}
	})
}
