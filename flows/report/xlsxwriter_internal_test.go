package report

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// FuzzAppendEscaped: any text (a product name, a recipient typed in chat)
// written into a cell is well-formed XML that reads back as the text, with
// only the characters XML cannot hold replaced by U+FFFD.
func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"Mukena <Dewasa> & \"Anak\"", "\x00\x1b\t\n", "\xff\xfe", "\uFFFE", "]]>", "日本 ✓"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := "<t>" + string(appendEscaped(nil, s)) + "</t>"
		var got string
		if err := xml.Unmarshal([]byte(doc), &got); err != nil {
			t.Fatalf("%q escaped to malformed XML %q: %v", s, doc, err)
		}
		want := strings.Map(func(r rune) rune {
			if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF || r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
				return '\uFFFD'
			}
			return r
		}, strings.ToValidUTF8(s, "\uFFFD"))
		// XML readers turn \r and \r\n into \n.
		want = strings.ReplaceAll(strings.ReplaceAll(want, "\r\n", "\n"), "\r", "\n")
		if got != want && strings.ToValidUTF8(s, "") == s {
			t.Fatalf("%q read back as %q, want %q", s, got, want)
		}
	})
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := string(columnName(nil, i)); got != want {
			t.Errorf("column %d = %s, want %s", i, got, want)
		}
	}
}

// FuzzSmallMoney: the fast path of a money cell writes exactly what the
// general one writes, for every decimal it takes.
func FuzzSmallMoney(f *testing.F) {
	for _, c := range []struct {
		coef int64
		exp  int8
	}{{150000, 0}, {5, -1}, {-5, -2}, {123456789012345, -3}, {1e15, 0}, {15000000, -2}, {7, 3}, {-99, -15}} {
		f.Add(c.coef, c.exp)
	}
	f.Fuzz(func(t *testing.T, coef int64, exp int8) {
		d := decimal.New(coef, int32(exp))
		var fast, slow sheetWriter
		if !fast.smallMoney(d) {
			return
		}
		slow.bigMoney(d)
		if string(fast.buf) != string(slow.buf) {
			t.Fatalf("%s: fast %q, general %q", d, fast.buf, slow.buf)
		}
	})
}
