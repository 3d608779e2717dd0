package order

import (
	"strings"
	"testing"

	"github.com/dropbot/dropbot/locales"
)

// TestProofCaption: what the owner sees of a proof's caption is one
// printable line, clipped; an empty or blank caption adds nothing.
func TestProofCaption(t *testing.T) {
	p := locales.Default().For(locales.ID)
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{" \n\t ", ""},
		{"ini bukti yg X8QMT ya kak", `"ini bukti yg X8QMT ya kak"`},
		{"baris\nsatu\t\x07dua\u200b", `"baris satu dua`},
		{strings.Repeat("a", 500), strings.Repeat("a", 160) + `…"`},
	} {
		got := proofCaption(p, tc.in)
		if tc.want == "" {
			if got != "" {
				t.Errorf("proofCaption(%q) = %q, want nothing", tc.in, got)
			}
			continue
		}
		if !strings.Contains(got, tc.want) || strings.Count(got, "\n") != 1 || strings.ContainsAny(got, "\t\x07") {
			t.Errorf("proofCaption(%q) = %q, want one line with %q", tc.in, got, tc.want)
		}
	}
}
