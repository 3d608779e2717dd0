package order

import "testing"

func TestParseQty(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"2", 2, true}, {" 12 ", 12, true}, {"2 pcs", 2, true}, {"x3", 3, true}, {"3x", 3, true},
		{"dua", 2, true}, {"Sepuluh", 10, true}, {"999", 999, true},
		{"0", 0, false}, {"-1", 0, false}, {"1000", 0, false}, {"1e9", 0, false}, {"1,5", 0, false},
		{"seratus", 0, false}, {"", 0, false}, {"🙏", 0, false}, {"99999999999999999999", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseQty(tc.in)
		if got != tc.want && tc.ok || ok != tc.ok {
			t.Errorf("parseQty(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
