package locales

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// bundleFrom parses an in-memory catalogue set; files maps paths under data/
// (e.g. "id/common.txt") to their text.
func bundleFrom(t *testing.T, files map[string]string) (*Bundle, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys["data/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	return parse(fsys, "data")
}

func mustBundle(t *testing.T, files map[string]string) *Bundle {
	t.Helper()
	b, err := bundleFrom(t, files)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return b
}

func TestLoadEmbedded(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := b.Langs(), []Lang{ID, EN}; !slices.Equal(got, want) {
		t.Errorf("Langs() = %v, want %v", got, want)
	}
	if !b.Has(ID, "common.yes") || b.T(ID, "common.yes") != "Ya" || b.T(EN, "common.yes") != "Yes" {
		t.Errorf("common.yes: ID %q, EN %q", b.T(ID, "common.yes"), b.T(EN, "common.yes"))
	}
	if d := Default(); d != Default() || !slices.Equal(d.Keys(ID), b.Keys(ID)) {
		t.Errorf("Default() is not a stable bundle of the embedded data")
	}
}

// TestParity: every language has the same keys, and each key the same
// placeholders.
func TestParity(t *testing.T) {
	b := Default()
	ref := b.Keys(ID)
	for _, lang := range b.Langs() {
		keys := b.Keys(lang)
		for _, k := range keys {
			if !slices.Contains(ref, k) {
				t.Errorf("%s has key %q that %s lacks", lang, k, ID)
			}
		}
		for _, k := range ref {
			if !slices.Contains(keys, k) {
				t.Errorf("%s lacks key %q", lang, k)
				continue
			}
			if got, want := placeholders(b.msgs[lang][k]), placeholders(b.msgs[ID][k]); !slices.Equal(got, want) {
				t.Errorf("%s %q has placeholders %v, %s has %v", lang, k, got, ID, want)
			}
		}
	}
}

// TestErrorCodesHaveMessages: every code the package returns has its
// message, and every placeholder of it is filled by the error's Args.
func TestErrorCodesHaveMessages(t *testing.T) {
	b := Default()
	money := map[string]string{ // code → an input that produces it
		moneyEmpty: " ", moneyNegative: "-5000", moneyAmbiguous: "150,000",
		moneyInvalid: "abc", moneyTooLarge: "2000000000000", moneyTooPrecise: "1,2345",
	}
	for code, input := range money {
		_, err := ParseRupiah(input)
		var me *MoneyError
		if !errors.As(err, &me) || me.Code != code {
			t.Fatalf("ParseRupiah(%q) = %v, want code %q", input, err, code)
		}
		for _, lang := range b.Langs() {
			msg := b.For(lang).T("money.err."+me.Code, me.Args()...)
			if strings.Contains(msg, "⟦") || placeholderRE.MatchString(msg) {
				t.Errorf("%s money.err.%s = %q: missing key or unfilled placeholder", lang, code, msg)
			}
		}
	}
	phone := map[string]string{
		phoneEmpty: "", phoneInvalid: "0812abc", phoneTooShort: "0812",
		phoneTooLong: "0812345678901234", phoneNotIndonesian: "+1 555 0100",
	}
	for code, input := range phone {
		_, err := NormalizePhone(input)
		var pe *PhoneError
		if !errors.As(err, &pe) || pe.Code != code {
			t.Fatalf("NormalizePhone(%q) = %v, want code %q", input, err, code)
		}
		for _, lang := range b.Langs() {
			msg := b.For(lang).T("phone.err." + pe.Code)
			if strings.Contains(msg, "⟦") || placeholderRE.MatchString(msg) {
				t.Errorf("%s phone.err.%s = %q: missing key or unfilled placeholder", lang, code, msg)
			}
		}
	}
}

func TestParseFormat(t *testing.T) {
	b := mustBundle(t, map[string]string{
		"id/a.txt": "\ufeff# header comment\n\n[x.one]\nsatu\n\n[x.two]   \n\n\n  first line\n\n# a comment inside the body\nthird line   \n\\# not a comment\n\\[not.a.header]\n\\\\ backslash\n\n\n[x.crlf]\r\nbaris satu\r\n\r\nbaris dua\r\n",
		"id/b.txt": "[y.three_3]\ntiga {n}\n",
		"en/a.txt": "[x.one]\none\n",
		"README":   "not a language directory, ignored",
	})
	want := map[string]string{
		"x.one":     "satu",
		"x.two":     "  first line\n\nthird line\n# not a comment\n[not.a.header]\n\\ backslash",
		"x.crlf":    "baris satu\n\nbaris dua",
		"y.three_3": "tiga {n}",
	}
	for k, w := range want {
		if got := b.T(ID, k); got != w {
			t.Errorf("T(ID, %q) = %q, want %q", k, got, w)
		}
	}
	if got, w := b.Keys(ID), []string{"x.crlf", "x.one", "x.two", "y.three_3"}; !slices.Equal(got, w) {
		t.Errorf("Keys(ID) = %v, want %v", got, w)
	}
	if got := b.Keys(EN); !slices.Equal(got, []string{"x.one"}) {
		t.Errorf("Keys(EN) = %v", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error
	}{
		{"duplicate in one file", map[string]string{"id/a.txt": "[a.b]\nx\n\n[a.b]\ny\n"},
			[]string{"data/id/a.txt:4:", `duplicate key "a.b"`, "data/id/a.txt:1"}},
		{"duplicate across files", map[string]string{"id/a.txt": "[a.b]\nx\n", "id/b.txt": "# c\n[a.b]\ny\n"},
			[]string{"data/id/b.txt:2:", `duplicate key "a.b"`, "data/id/a.txt:1"}},
		{"text before first header", map[string]string{"id/a.txt": "# ok\n\nhello\n[a.b]\nx\n"},
			[]string{"data/id/a.txt:3:", "before the first"}},
		{"empty body", map[string]string{"id/a.txt": "[a.b]\n\n# only a comment\n\n[a.c]\nx\n"},
			[]string{"data/id/a.txt:1:", "[a.b] has an empty body"}},
		{"empty body at end", map[string]string{"id/a.txt": "[a.b]\nx\n[a.c]\n"},
			[]string{"data/id/a.txt:3:", "[a.c] has an empty body"}},
		{"one segment", map[string]string{"id/a.txt": "[ab]\nx\n"},
			[]string{"data/id/a.txt:1:", "malformed header"}},
		{"uppercase", map[string]string{"id/a.txt": "[a.b]\nx\n[a.Yes]\ny\n"},
			[]string{"data/id/a.txt:3:", "malformed header"}},
		{"unclosed", map[string]string{"id/a.txt": "[a.b\nx\n"},
			[]string{"data/id/a.txt:1:", "malformed header"}},
		{"body text starting with [", map[string]string{"id/a.txt": "[a.b]\n[Promo] diskon\n"},
			[]string{"data/id/a.txt:2:", "malformed header"}},
		{"empty segment", map[string]string{"id/a.txt": "[a..b]\nx\n"},
			[]string{"data/id/a.txt:1:", "malformed header"}},
		{"invalid utf-8", map[string]string{"id/a.txt": "[a.b]\nx\xff\n"},
			[]string{"data/id/a.txt:2:", "UTF-8"}},
		{"no fallback language", map[string]string{"en/a.txt": "[a.b]\nx\n"},
			[]string{`missing the fallback language directory "id"`}},
		{"bad language directory", map[string]string{"id/a.txt": "[a.b]\nx\n", "English/a.txt": "[a.b]\nx\n"},
			[]string{"data/English", "not a lowercase language code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bundleFrom(t, tt.files)
			if err == nil {
				t.Fatal("parse succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestT(t *testing.T) {
	b := mustBundle(t, map[string]string{
		"id/a.txt": "[menu.greeting]\nHalo {name}, ada {count} pesanan. {name}!\n[menu.plain]\nTanpa {x}\n[menu.only_id]\nhanya id\n",
		"en/a.txt": "[menu.greeting]\nHi {name}, {count} orders. {name}!\n[menu.plain]\nNo {x}\n",
	})
	tests := []struct {
		name string
		lang Lang
		key  string
		args []any
		want string
	}{
		{"pairs", ID, "menu.greeting", []any{"name", "Budi", "count", 3}, "Halo Budi, ada 3 pesanan. Budi!"},
		{"english", EN, "menu.greeting", []any{"count", 3, "name", "Budi"}, "Hi Budi, 3 orders. Budi!"},
		{"missing arg left as is", ID, "menu.greeting", []any{"name", "Budi"}, "Halo Budi, ada {count} pesanan. Budi!"},
		{"odd args: last ignored", ID, "menu.greeting", []any{"name", "Budi", "count"}, "Halo Budi, ada {count} pesanan. Budi!"},
		{"no args", ID, "menu.greeting", nil, "Halo {name}, ada {count} pesanan. {name}!"},
		{"first pair wins", ID, "menu.plain", []any{"x", 1, "x", 2}, "Tanpa 1"},
		{"value not expanded again", ID, "menu.plain", []any{"x", "{x}"}, "Tanpa {x}"},
		{"non-string name", ID, "menu.plain", []any{7, "a", "x", "b"}, "Tanpa b"},
		{"nil value", ID, "menu.plain", []any{"x", nil}, "Tanpa <nil>"},
		{"unknown lang falls back to ID", Lang("fr"), "menu.plain", []any{"x", "y"}, "Tanpa y"},
		{"missing key", ID, "menu.nope", nil, "⟦menu.nope⟧"},
		{"key missing in EN only", EN, "menu.only_id", nil, "⟦menu.only_id⟧"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.T(tt.lang, tt.key, tt.args...); got != tt.want {
				t.Errorf("T(%q, %q, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
			}
			if got := b.For(tt.lang).T(tt.key, tt.args...); got != tt.want {
				t.Errorf("For(%q).T(%q, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
			}
		})
	}
	if !b.Has(Lang("fr"), "menu.only_id") || b.Has(EN, "menu.only_id") || b.Has(ID, "menu.nope") {
		t.Error("Has does not match T")
	}
	if got := b.Keys(Lang("xx")); !slices.Equal(got, b.Keys(ID)) {
		t.Errorf("Keys(unknown) = %v, want the ID keys", got)
	}
	// Keys returns a copy: changing it does not change the bundle.
	k := b.Keys(ID)
	k[0] = "changed"
	if b.Keys(ID)[0] == "changed" {
		t.Error("Keys exposes the bundle's slice")
	}
}

func TestNilAndZero(t *testing.T) {
	var b *Bundle
	if got := b.T(ID, "a.b"); got != "⟦a.b⟧" {
		t.Errorf("nil Bundle T = %q", got)
	}
	var p Printer
	if p.Lang() != ID || p.T("a.b", "x", 1) != "⟦a.b⟧" {
		t.Errorf("zero Printer: Lang %q, T %q", p.Lang(), p.T("a.b"))
	}
	if b.For(EN).Lang() != ID || b.Langs() != nil || b.Keys(ID) != nil || b.Has(ID, "a.b") {
		t.Error("nil Bundle misbehaves")
	}
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"id", ID, true}, {"ID", ID, true}, {" indonesia ", ID, true}, {"Indonesian", ID, true},
		{"Bahasa Indonesia", ID, true}, {"id-ID", ID, true}, {"in", ID, true},
		{"en", EN, true}, {"EN", EN, true}, {"english", EN, true}, {"en-US", EN, true},
		{"en_GB", EN, true}, {"Inggris", EN, true},
		{"fr", ID, false}, {"", ID, false}, {"-en", ID, false}, {"jawa", ID, false},
	}
	for _, tt := range tests {
		got, ok := ParseLang(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseLang(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPrinterDates(t *testing.T) {
	b := Default()
	utc := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, time.UTC) }
	tests := []struct {
		t              time.Time
		idDate, idTime string
		enDate, enTime string
	}{
		// 10:50 UTC + 7h = 17:50 WIB, same day.
		{utc(2026, time.November, 23, 10, 50), "23 Nov 2026", "23 Nov 2026 17.50 WIB", "23 Nov 2026", "23 Nov 2026 17:50 WIB"},
		// 17:05 UTC + 7h = 00:05 the next day in WIB.
		{utc(2026, time.August, 4, 17, 5), "5 Agu 2026", "5 Agu 2026 00.05 WIB", "5 Aug 2026", "5 Aug 2026 00:05 WIB"},
		// 31 Dec 23:00 UTC = 1 Jan 06:00 WIB: the year changes too.
		{utc(2026, time.December, 31, 23, 0), "1 Jan 2027", "1 Jan 2027 06.00 WIB", "1 Jan 2027", "1 Jan 2027 06:00 WIB"},
		{utc(2026, time.May, 10, 2, 9), "10 Mei 2026", "10 Mei 2026 09.09 WIB", "10 May 2026", "10 May 2026 09:09 WIB"},
		{utc(2026, time.October, 1, 3, 0), "1 Okt 2026", "1 Okt 2026 10.00 WIB", "1 Oct 2026", "1 Oct 2026 10:00 WIB"},
		{utc(2026, time.December, 1, 3, 0), "1 Des 2026", "1 Des 2026 10.00 WIB", "1 Dec 2026", "1 Dec 2026 10:00 WIB"},
		// Already in WIB: 23:59 stays 23:59.
		{time.Date(2026, time.March, 2, 23, 59, 0, 0, WIB), "2 Mar 2026", "2 Mar 2026 23.59 WIB", "2 Mar 2026", "2 Mar 2026 23:59 WIB"},
	}
	id, en, fr := b.For(ID), b.For(EN), b.For(Lang("fr"))
	if fr.Lang() != ID {
		t.Errorf("For(fr).Lang() = %q, want id", fr.Lang())
	}
	for _, tt := range tests {
		if got := id.Date(tt.t); got != tt.idDate {
			t.Errorf("ID Date(%v) = %q, want %q", tt.t, got, tt.idDate)
		}
		if got := id.DateTime(tt.t); got != tt.idTime {
			t.Errorf("ID DateTime(%v) = %q, want %q", tt.t, got, tt.idTime)
		}
		if got := fr.DateTime(tt.t); got != tt.idTime {
			t.Errorf("fallback DateTime(%v) = %q, want %q", tt.t, got, tt.idTime)
		}
		if got := en.Date(tt.t); got != tt.enDate {
			t.Errorf("EN Date(%v) = %q, want %q", tt.t, got, tt.enDate)
		}
		if got := en.DateTime(tt.t); got != tt.enTime {
			t.Errorf("EN DateTime(%v) = %q, want %q", tt.t, got, tt.enTime)
		}
	}
}
