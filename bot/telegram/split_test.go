package telegram

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dropbot/dropbot/bot"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name  string
		s     string
		limit int
		want  []string
	}{
		{"fits", "halo", 4, []string{"halo"}},
		{"empty", "", 4, nil},
		// 11 units, limit 8: the newline at 6 lies past half of 8 → cut there.
		{"cut after newline", "abcde\nfghij", 8, []string{"abcde\n", "fghij"}},
		// The newline at 2 is in the first half: the space at 7 wins.
		{"cut after space", "ab\ncd fgh ij", 8, []string{"ab\ncd ", "fgh ij"}},
		{"hard cut", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		// 😀 is 2 UTF-16 units: "a😀" = 3, "a😀b" = 4, "a😀b😀" = 6 > 5.
		{"surrogate pair kept whole", "a😀b😀c", 5, []string{"a😀b", "😀c"}},
		// é is one unit (and two bytes): 5 per piece.
		{"runes not bytes", "éééééééé", 5, []string{"ééééé", "ééé"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := split(tt.s, tt.limit); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("split(%q, %d) = %q, want %q", tt.s, tt.limit, got, tt.want)
			}
		})
	}
}

func TestUTF16Len(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0}, {"abc", 3}, {"Rp150.000", 9}, {"é", 1}, {"😀", 2}, {"a\xffb", 3},
	}
	for _, tt := range tests {
		if got := utf16Len(tt.s); got != tt.want {
			t.Errorf("utf16Len(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

// FuzzSplit: the pieces join back to the input, none is empty or over the
// limit, and none cuts a valid character in two.
func FuzzSplit(f *testing.F) {
	f.Add("halo kak\nmau pesan", 4)
	f.Add(strings.Repeat("a", 5000), 4096)
	f.Add("a😀b😀c😀", 2)
	f.Add("\xff\xfe😀\n \n", 3)
	f.Add(strings.Repeat("kata ", 30)+strings.Repeat("\n", 10), 7)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if limit < 2 || limit > 10000 {
			return
		}
		parts := split(s, limit)
		if strings.Join(parts, "") != s {
			t.Fatalf("pieces do not join back")
		}
		for _, p := range parts {
			if p == "" || utf16Len(p) > limit {
				t.Fatalf("piece %q of %d units, limit %d", p, utf16Len(p), limit)
			}
			if utf8.ValidString(s) && !utf8.ValidString(p) {
				t.Fatalf("piece %q cuts a character", p)
			}
		}
	})
}

// FuzzPlan: whatever the text and options, the parts respect Telegram's
// limits, only the last carries the keyboard, and no part is blank.
func FuzzPlan(f *testing.F) {
	f.Add("Pilih produk:", "Gamis|Hijab", false)
	f.Add(strings.Repeat("é😀 ", 2000), "", true)
	f.Add("", "a", true)
	f.Add("\xff", "", false)
	f.Fuzz(func(t *testing.T, text, opts string, photo bool) {
		var options []string
		if opts != "" {
			options = strings.Split(opts, "|")
		}
		m := outgoing(text, options, photo)
		parts := plan(m)
		for i, p := range parts {
			limit := maxText
			if p.photo {
				limit = maxCaption
			}
			if utf16Len(p.text) > limit || !utf8.ValidString(p.text) {
				t.Fatalf("part %d: %d units (limit %d) or invalid UTF-8", i, utf16Len(p.text), limit)
			}
			if !p.photo && strings.TrimSpace(p.text) == "" {
				t.Fatalf("part %d is blank", i)
			}
			if p.photo != (photo && i == 0) {
				t.Fatalf("part %d photo = %v", i, p.photo)
			}
			if (p.keyboard != nil) != (len(options) > 0 && i == len(parts)-1) {
				t.Fatalf("part %d of %d keyboard = %v with %d options", i, len(parts), p.keyboard != nil, len(options))
			}
		}
		if photo && len(parts) == 0 {
			t.Fatal("photo dropped")
		}
	})
}

func outgoing(text string, options []string, photo bool) bot.Outgoing {
	m := bot.Outgoing{ChatID: "1", Text: text, Options: options}
	if photo {
		m.PhotoPath = "x.jpg"
	}
	return m
}
