package intent

// Product names in a message: which products a query names, and the items
// of an order ("mau order X 2 sama Y 1").

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/dropbot/dropbot/flows/orderform"
)

// MatchProducts returns the indexes of the products whose name holds every
// word of query, each as a word or the start of one ("gamis bus" fits
// "Gamis Busui Navy"). A word of one letter or digit must match a whole
// word. Matching ignores case and punctuation. Words found in no product
// at all ("ukuran", "size", "warna") are left out first, as long as one
// word is left; a query of only such words matches nothing.
func MatchProducts(query string, products []string) []int {
	var qs []string
	for _, q := range fields(query) {
		if len(matchAll([]string{q}, products)) > 0 {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return nil
	}
	return matchAll(qs, products)
}

// matchAll returns the indexes of the products holding every word of qs.
func matchAll(qs []string, products []string) []int {
	var out []int
	for i, p := range products {
		ps := fields(p)
		all := true
		for _, q := range qs {
			found := false
			for _, w := range ps {
				if w == q || (len(q) >= 2 && strings.HasPrefix(w, q)) {
					found = true
					break
				}
			}
			if !found {
				all = false
				break
			}
		}
		if all {
			out = append(out, i)
		}
	}
	return out
}

// fields lower-cases s and cuts it at anything that is not a letter or a
// digit ("KRP-05" is "krp", "05").
func fields(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// orderItems reads the items of "mau order X 2 sama Y 1": content words
// cut at "dan"/"sama"/"sm"/"serta"/"plus" (and at commas, "+" and "&" as
// typed), each read with orderform's item rules (x2, 2 pcs, a number
// first or last, 1 lusin), keeping numbers that belong to a known product
// name. In a chat sentence a number word ending an item is its quantity
// ("beli kaos anak dua"). Product words are lower case.
func orderItems(toks []token, products []string) []orderform.Item {
	var parts [][]string
	cur := []string{}
	cut := func() {
		if len(cur) > 0 {
			parts = append(parts, cur)
			cur = []string{}
		}
	}
	for _, t := range toks {
		if t.sep {
			cut()
		}
		switch {
		case andWords[t.word]:
			cut()
		case t.role == rNone && !fillerSet[t.word]:
			cur = append(cur, t.word)
		}
	}
	cut()
	var lines []string
	for _, ws := range parts {
		if n := numberWords[ws[len(ws)-1]]; n > 0 && len(ws) > 1 {
			ws[len(ws)-1] = strconv.Itoa(n)
		}
		lines = append(lines, strings.Join(ws, " "))
	}
	if len(lines) == 0 {
		return nil
	}
	f := orderform.ParseKnown("Pesanan: "+strings.Join(lines, "; "), products)
	for i := range f.Items {
		f.Items[i].Query = strings.ToLower(f.Items[i].Query)
	}
	return f.Items
}

// andWords join two items of one order.
var andWords = map[string]bool{"dan": true, "sama": true, "sm": true, "serta": true, "plus": true, "ama": true}

// firstItem gives Product and Qty from the first item (Qty 0 when not
// given).
func firstItem(items []orderform.Item) (string, int) {
	if len(items) == 0 {
		return "", 0
	}
	qty := 0
	if items[0].QtyGiven {
		qty = items[0].Qty
	}
	return items[0].Query, qty
}

// namesProduct reports whether a content word of three letters or more
// is found in a product name: "kak gamis busui 2 ya" names one, "2 atau
// 3" does not.
func namesProduct(content []token, products []string) bool {
	for _, t := range content {
		if len([]rune(t.word)) >= 3 && !hasDigit(t.word) && len(MatchProducts(t.word, products)) > 0 {
			return true
		}
	}
	return false
}
