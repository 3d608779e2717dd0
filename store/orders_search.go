package store

import (
	"strings"
	"unicode/utf8"
)

// minSearchRunes is the shortest text the trigram index (orders_search,
// migration 0012) can find: a trigram is three characters.
const minSearchRunes = 3

// orderTextFilter is SearchOrders' condition for a text: the order's code
// (any case), or a piece of the recipient's name (any case) or phone.
// From three characters on, names and phones are found through the
// orders_search index; a shorter text can only be compared with every
// order, so it is (the owner rarely types one or two letters), and so is
// a text holding a NUL.
func orderTextFilter(t string) (string, []any) {
	code := strings.ToUpper(t)
	// FTS5 reads its query as a C string: a NUL would cut it short (and
	// fail), so such a text is compared the slow way too.
	if utf8.RuneCountInString(t) < minSearchRunes || strings.ContainsRune(t, 0) {
		lower := strings.ToLower(t)
		return "(code = ? OR instr(lower(recipient_name), ?) > 0 OR instr(recipient_phone, ?) > 0)",
			[]any{code, lower, lower}
	}
	// A phrase of the whole text: a trigram phrase matches any substring,
	// case-insensitively; quotes inside are doubled.
	phrase := `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	return "(code = ? OR id IN (SELECT rowid FROM orders_search WHERE orders_search MATCH ?))", []any{code, phrase}
}
