package store

import (
	"strings"
	"unicode/utf8"
)

// The owner's search by a piece of a name or phone at a million orders: a
// common name ("sari") matches tens of thousands of orders, and sorting
// them all newest first to show ten cost 0.2 s. searchTextQuery walks the
// trigram index from its highest rowid down instead: the index's rowid is
// the order's id, ids grow with every order placed, so the walk meets the
// newest matches first and LIMIT stops it after the page. Newest here
// means the latest placed (highest id), which is the order of created_at
// as long as the clock does not go back.

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
	if useIndex(t) {
		return "(code = ? OR id IN (SELECT rowid FROM orders_search WHERE orders_search MATCH ?))", []any{strings.ToUpper(t), phrase(t)}
	}
	return shortTextFilter(t)
}

// useIndex tells whether the trigram index can answer a text: three
// characters or more, and no NUL (FTS5 reads its query as a C string: a
// NUL would cut it short, and fail).
func useIndex(t string) bool {
	return utf8.RuneCountInString(t) >= minSearchRunes && !strings.ContainsRune(t, 0)
}

// phrase is the FTS5 phrase of the whole text: a trigram phrase matches
// any substring, case-insensitively; quotes inside are doubled.
func phrase(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` }

// searchTextQuery is SearchOrders for a text the index answers (see the
// top of the file): the order with that code, and the orders whose name
// or phone holds it, newest (highest id) first. where must hold only
// columns of orders; its arguments come twice, after the code and after
// the phrase and the code again (searchTextArgs).
func searchTextQuery(where []string) string {
	cond := strings.Join(where, " AND ")
	return `SELECT ` + orderColsOf("o", "o.id") + ` FROM orders o WHERE o.code = ? AND ` + cond + `
		UNION ALL
		SELECT ` + orderColsOf("o", "orders_search.rowid") + ` FROM orders_search JOIN orders o ON o.id = orders_search.rowid
		WHERE orders_search MATCH ? AND o.code <> ? AND ` + cond + `
		ORDER BY 1 DESC LIMIT ? OFFSET ?`
}

// searchTextArgs are searchTextQuery's arguments before LIMIT and OFFSET.
func searchTextArgs(t string, where []any) []any {
	code := strings.ToUpper(t)
	args := append([]any{code}, where...)
	args = append(args, phrase(t), code)
	return append(args, where...)
}

// orderColsOf is orderCols of the table named alias, with the id taken
// from id (the index's rowid, so that ORDER BY 1 is the index's order).
func orderColsOf(alias, id string) string {
	cols := strings.Split(orderCols, ",")
	for i, c := range cols {
		cols[i] = alias + "." + strings.TrimSpace(c)
	}
	cols[0] = id
	return strings.Join(cols, ", ")
}

// shortTextFilter is the condition for a text the index cannot answer.
func shortTextFilter(t string) (string, []any) {
	lower := strings.ToLower(t)
	return "(code = ? OR instr(lower(recipient_name), ?) > 0 OR instr(recipient_phone, ?) > 0)",
		[]any{strings.ToUpper(t), lower, lower}
}
