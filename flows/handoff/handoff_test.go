package handoff

import "testing"

func TestParseCode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		id   int64
		want bool
	}{
		{"C12", 12, true}, {"c12", 12, true}, {" 7 ", 7, true}, {Code(99), 99, true},
		{"", 0, false}, {"C", 0, false}, {"C0", 0, false}, {"C-3", 0, false}, {"X8QMT", 0, false},
		{"C99999999999999999999", 0, false}, {"%n", 0, false},
	} {
		id, ok := parseCode(tc.in)
		if ok != tc.want || (ok && id != tc.id) {
			t.Errorf("parseCode(%q) = %d, %v; want %d, %v", tc.in, id, ok, tc.id, tc.want)
		}
	}
}
