package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/store"
)

// TestSearchOrdersText: the owner finds an order by its code in any case,
// or by a piece of the recipient's name (any case) or phone, through the
// trigram index and, for one or two characters, without it; an erased
// name is found no more.
func TestSearchOrdersText(t *testing.T) {
	db, clk := openDB(t)
	cust := newCustomer(t, db, "s1")
	other := newCustomer(t, db, "s2")
	mk := func(c int64, name, phone string) store.Order {
		o := store.Order{CustomerID: c, Channel: "telegram", ChatID: "s", Status: store.StatusDone,
			RecipientName: name, RecipientPhone: phone, Total: d("0")}
		update(t, db, func(tx *store.Tx) error { return tx.CreateOrder(&o) })
		clk.Add(1)
		return o
	}
	sari := mk(cust, "Sari Wulandari", "6281234565678")
	budi := mk(other, "Budi Śantoso", "6285700001111")
	dewi := mk(other, `Dewi "Ayu"`, "6281399995678")
	search := func(text string) []string {
		var codes []string
		view(t, db, func(tx *store.Tx) error {
			os, _, err := tx.SearchOrders(store.OrderQuery{Text: text, Limit: 50})
			for _, o := range os {
				codes = append(codes, o.Code)
			}
			return err
		})
		slices.Sort(codes)
		return codes
	}
	sorted := func(codes ...string) []string { slices.Sort(codes); return codes }
	for _, c := range []struct {
		text string
		want []string
	}{
		{"wulan", sorted(sari.Code)},
		{"WULANDARI", sorted(sari.Code)},
		{"sari wu", sorted(sari.Code)},
		{"śantoso", sorted(budi.Code)},
		{"5678", sorted(sari.Code, dewi.Code)},
		{"62857", sorted(budi.Code)},
		{`"ayu"`, sorted(dewi.Code)},
		{"ar", sorted(sari.Code)}, // two letters: compared with every order
		{"zzz", nil},
		{sari.Code, sorted(sari.Code)},
		{string([]rune(budi.Code)), sorted(budi.Code)},
	} {
		if got := search(c.text); !slices.Equal(got, c.want) {
			t.Errorf("search %q = %v, want %v", c.text, got, c.want)
		}
	}
	// Codes are found in lower case too.
	lower := []byte(sari.Code)
	for i, b := range lower {
		if b >= 'A' && b <= 'Z' {
			lower[i] = b + 'a' - 'A'
		}
	}
	if got := search(string(lower)); !slices.Equal(got, []string{sari.Code}) {
		t.Errorf("search %q = %v, want %s", lower, got, sari.Code)
	}

	update(t, db, func(tx *store.Tx) error { return tx.AnonymiseCustomer(cust, "") })
	if got := search("wulan"); got != nil {
		t.Errorf("after the erasure, search wulan = %v", got)
	}
	if got := search("5678"); !slices.Equal(got, []string{dewi.Code}) {
		t.Errorf("after the erasure, search 5678 = %v, want %s", got, dewi.Code)
	}
}

// FuzzSearchOrdersText: whatever the owner types after the search
// command, the search answers (FTS5 query syntax in the text is only
// text), and what it finds holds the text.
func FuzzSearchOrdersText(f *testing.F) {
	for _, s := range []string{"wulan", `"`, `a" OR "b`, "NEAR(a b)", "*", "^sari", "ab", "x:y", "\x00\x00\x00", "日本語", "-5678"} {
		f.Add(s)
	}
	db, _ := openDB(f)
	cust := newCustomer(f, db, "fz")
	update(f, db, func(tx *store.Tx) error {
		for _, name := range []string{"Sari Wulandari", `Dewi "Ayu" (NEAR)`, "日本語 Tanaka"} {
			o := store.Order{CustomerID: cust, Channel: "telegram", ChatID: "fz", Status: store.StatusDone,
				RecipientName: name, RecipientPhone: "6281234565678", Total: d("0")}
			if err := tx.CreateOrder(&o); err != nil {
				return err
			}
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, text string) {
		err := db.View(t.Context(), func(tx *store.Tx) error {
			os, _, err := tx.SearchOrders(store.OrderQuery{Text: text, Limit: 5})
			for _, o := range os {
				q := strings.ToLower(strings.TrimSpace(text))
				if !strings.Contains(strings.ToLower(o.RecipientName), q) && !strings.Contains(o.RecipientPhone, q) &&
					!strings.EqualFold(o.Code, q) {
					t.Errorf("search %q found %s (%q, %q)", text, o.Code, o.RecipientName, o.RecipientPhone)
				}
			}
			return err
		})
		if err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
	})
}

// TestSearchOrdersNewestFirstPaged: a name many orders share comes back
// newest first, page after page, each order once; the order whose code
// is typed leads even when its name would not.
func TestSearchOrdersNewestFirstPaged(t *testing.T) {
	db, clk := openDB(t)
	cust := newCustomer(t, db, "p1")
	var all []store.Order
	for i := range 25 {
		o := store.Order{CustomerID: cust, Channel: "telegram", ChatID: "p", Status: store.StatusDone,
			RecipientName: "Sari Ayu", RecipientPhone: "62812000" + strings.Repeat("1", 1+i%3), Total: d("0")}
		if i == 7 {
			o.Status = store.StatusCancelled
		}
		update(t, db, func(tx *store.Tx) error { return tx.CreateOrder(&o) })
		clk.Add(1)
		all = append(all, o)
	}
	page := func(q store.OrderQuery) ([]string, bool) {
		var codes []string
		var more bool
		view(t, db, func(tx *store.Tx) error {
			os, m, err := tx.SearchOrders(q)
			for _, o := range os {
				codes = append(codes, o.Code)
			}
			more = m
			return err
		})
		return codes, more
	}
	var want []string
	for i := len(all) - 1; i >= 0; i-- {
		want = append(want, all[i].Code)
	}
	var got []string
	for off := 0; ; off += 10 {
		codes, more := page(store.OrderQuery{Text: "sari", Limit: 10, Offset: off})
		got = append(got, codes...)
		if !more {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("search sari, paged:\n got %v\nwant %v", got, want)
	}
	// With a status: only the cancelled one.
	if codes, _ := page(store.OrderQuery{Text: "ayu", Status: store.StatusCancelled}); !slices.Equal(codes, []string{all[7].Code}) {
		t.Errorf("search ayu, cancelled = %v, want %s", codes, all[7].Code)
	}
	// A code is found once, though nothing else matches it.
	if codes, _ := page(store.OrderQuery{Text: strings.ToLower(all[3].Code)}); !slices.Equal(codes, []string{all[3].Code}) {
		t.Errorf("search by code = %v, want %s", codes, all[3].Code)
	}
}
