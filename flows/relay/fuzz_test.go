package relay

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/resi"
)

// FuzzSupplierWords: the readers of a supplier's plain words never panic, a
// resi they find is letters and digits only, and a polite action is one of
// the actions.
func FuzzSupplierWords(f *testing.F) {
	for _, s := range []string{"JP1234567890 JNT", "JX9876543210 jnt", "resi JX9876543210 jnt", "serum habis kak",
		"siap kak diproses", "udah dikirim ya kak resinya JX9876543210", "terima kasih kak", "JNE 1704 3004 5644 420 jne reg",
		"", "🙏", "habis 2", "J&T", "0812345678901"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if c, ok := ParseResiText(s); ok {
			if n := resi.Normalize(c.raw); strings.IndexFunc(n, func(r rune) bool {
				return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z')
			}) >= 0 {
				t.Errorf("ParseResiText(%q) number %q", s, n)
			}
		}
		if n, ok := resiInSentence(s); ok && (len(n) < resi.MinLen || len(n) > resi.MaxLen || looksLikePhone(n)) {
			t.Errorf("resiInSentence(%q) = %q", s, n)
		}
		switch a, _ := politeAction(s); a {
		case "", ActAccept, ActOut:
		default:
			t.Errorf("politeAction(%q) = %q", s, a)
		}
	})
}
