package order

import "testing"

// TestOrdersArgs: /pesanan tells a page number from a phone, and a phone
// typed as people type it is searched in its stored form.
func TestOrdersArgs(t *testing.T) {
	for _, tc := range []struct {
		in, search string
		page       int
	}{
		{"", "", 1},
		{"2", "", 2},
		{"dewi 2", "dewi", 2},
		{"dikirim 3", "dikirim", 3},
		{"dewi", "dewi", 1},
		{"5678", "5678", 1},
		{"0857", "62857", 1},
		{"085712345678", "6285712345678", 1},
		{"0857 1234 5678", "6285712345678", 1},
		{"0857 1234 567", "628571234567", 1},
		{"0857-1234-5678", "6285712345678", 1},
		{"+62 857-1234-5678", "6285712345678", 1},
		{"6285712345678 2", "6285712345678", 2},
		{"0", "0", 1},
		{"dewi 0", "dewi 0", 1},
		{"dewi 9999", "dewi 9999", 1},
		{"0857 abc", "0857 abc", 1},
		{"++0857", "++0857", 1},
		{"١٢٣", "١٢٣", 1}, // digits of another script are not a page
	} {
		search, page := ordersArgs(tc.in)
		search = phoneSearch(search)
		if search != tc.search || page != tc.page {
			t.Errorf("%q: search %q page %d, want %q page %d", tc.in, search, page, tc.search, tc.page)
		}
	}
}
