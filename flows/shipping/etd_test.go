package shipping

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeETD(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2-3 day", "2-3 hari"},
		{"1 day", "1 hari"},
		{"3", "3 hari"},
		{"", ""},
		{"1 - 2 days", "1-2 hari"},
		{"1-2 HARI", "1-2 hari"},
		{"3 - 5 Hari", "3-5 hari"},
		{"6 - 8 hours", "6-8 jam"},
		{"2-2 day", "2 hari"},
		{"4-2", "2-4 hari"},
		{"Next Day", ""},
		{"-", ""},
		{"1-2-3", ""},
		{"0", ""},
		{"1 week", "1 minggu"},
	}
	for _, tc := range tests {
		if got := NormalizeETD(tc.in); got != tc.want {
			t.Errorf("NormalizeETD(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzNormalizeETD(f *testing.F) {
	for _, s := range []string{"2-3 day", "1 day", "3", "", "1 - 2 days", "6 - 8 hours", "١٢", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeETD(s)
		if got == "" {
			return
		}
		if !utf8.ValidString(got) || !(strings.HasSuffix(got, " hari") || strings.HasSuffix(got, " jam") || strings.HasSuffix(got, " minggu")) {
			t.Fatalf("NormalizeETD(%q) = %q", s, got)
		}
		if NormalizeETD(got) != got {
			t.Fatalf("not stable: %q → %q → %q", s, got, NormalizeETD(got))
		}
	})
}
