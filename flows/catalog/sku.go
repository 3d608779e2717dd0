package catalog

import (
	"strings"

	"github.com/dropbot/dropbot/store"
)

// lookalikes maps letters that look like ASCII ones (Cyrillic, Greek,
// dashes) to them, to suggest what a SKU should have been.
var lookalikes = map[rune]rune{
	'А': 'A', 'В': 'B', 'С': 'C', 'Е': 'E', 'Н': 'H', 'І': 'I', 'Ј': 'J', 'К': 'K', 'М': 'M', 'О': 'O',
	'Р': 'P', 'Ѕ': 'S', 'Т': 'T', 'Х': 'X', 'У': 'Y',
	'а': 'a', 'с': 'c', 'е': 'e', 'і': 'i', 'ј': 'j', 'о': 'o', 'р': 'p', 'ѕ': 's', 'х': 'x', 'у': 'y',
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O',
	'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'ο': 'o',
	'‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '−': '-',
}

// asciiSKU reports whether sku is plain printable ASCII (spaces allowed):
// a SKU that merely looks the same ("GМS-01" with a Cyrillic М) would be
// another product. When it is not, suggest is the SKU with each lookalike
// replaced by its ASCII letter, or "" when some character has none.
func asciiSKU(sku string) (ok bool, suggest string) {
	if store.PlainSKU(sku) {
		return true, ""
	}
	var b strings.Builder
	for _, r := range sku {
		switch {
		case r >= 0x20 && r <= 0x7e:
			b.WriteRune(r)
		case r >= 0xFF01 && r <= 0xFF5E: // fullwidth forms
			b.WriteRune(r - 0xFEE0)
		case lookalikes[r] != 0:
			b.WriteRune(lookalikes[r])
		default:
			return false, ""
		}
	}
	return false, b.String()
}
