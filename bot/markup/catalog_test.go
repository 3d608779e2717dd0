package markup

import (
	"regexp"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/locales"
)

var placeholder = regexp.MustCompile(`\{[a-z_][a-z0-9_]*\}`)

// TestCatalogMarkup: in every catalogue text, filled with sample values,
// every "*" and "`" forms a span. A stray one is a typo in the markup that
// Telegram would show as a literal star or backtick. ("_" and "~" are left
// out: the texts write NAMA_FILE and per_order as plain words.)
func TestCatalogMarkup(t *testing.T) {
	b := locales.Default()
	for _, lang := range b.Langs() {
		for _, key := range b.Keys(lang) {
			text := placeholder.ReplaceAllString(b.T(lang, key), "Budi123")
			if plain := Plain(text); strings.ContainsAny(plain, "*`") {
				t.Errorf("%s [%s]: a * or ` that is not a span: %q", lang, key, plain)
			}
		}
	}
}
