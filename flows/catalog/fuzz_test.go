package catalog

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzReadRowsCSV: any bytes give rows or a typed *Error, never a panic,
// and whatever is returned is valid UTF-8 within the limits.
func FuzzReadRowsCSV(f *testing.F) {
	seeds := []string{
		"sku,name,supplier,cost\nK1,Kaos,own,85.000\n",
		"\uFEFFsku;nama;pemasok;harga modal\r\nK1;Kaos;own;85.000\r\n",
		"sep=;\nsku;name\n",
		"sep=\t\nsku\tname\n",
		"sku,name\nK1,\"unclosed\nK2,x\n",
		"sku,name\nK1,\"a\"\"b\",\"c\nd\"\n\n\nK2,\"\"\n",
		"sku,name,supplier,cost\nK1,Kaos Katun Pria \x96 Hitam,SUP1,85000\nK2,Caf\xe9,x,1\n",
		"\xff\xfes\x00k\x00u\x00\n\x00",
		"\xfe\xff\x00s\x00k",
		"\x81\x8d\x8f\x90\x9d",
		"\"",
		",,,\n;;;\n\t\t\n",
		"a\rb\rc",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		header, rows, err := ReadRows("fuzz.csv", bytes.NewReader(data))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if header != nil || rows != nil {
				t.Fatal("rows returned with an error")
			}
			return
		}
		if blank(header) {
			t.Fatal("blank header")
		}
		if len(rows) > MaxRows {
			t.Fatalf("%d rows", len(rows))
		}
		for _, c := range header {
			if !utf8.ValidString(c) {
				t.Fatalf("header cell %q is not UTF-8", c)
			}
		}
		for _, r := range rows {
			if blank(r) {
				t.Fatal("blank row returned")
			}
			for _, c := range r {
				if !utf8.ValidString(c) {
					t.Fatalf("cell %q is not UTF-8", c)
				}
			}
		}
	})
}

// FuzzParseMoney: any text gives an amount within the books' bounds or a
// row code, never a panic; a dot decimal keeps every digit it was given.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"85.000", "41333.33", "9875.5", "41.333", "Rp 1.250.000,-", "1,5jt", "-9875.5", "0.500", "1234.567", ".5", "rp"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, code := parseMoney(text, "", false)
		if code != "" {
			if code != CodeBadMoney && code != CodeNegative {
				t.Fatalf("parseMoney(%q) code %q", text, code)
			}
			return
		}
		if d.IsNegative() || d.GreaterThan(maxMoney) || !d.Equal(d.Truncate(2)) {
			t.Fatalf("parseMoney(%q) = %s: out of bounds", text, d)
		}
		if dd, ok := dotDecimal(text); ok && !dd.Equal(d) {
			t.Fatalf("parseMoney(%q) = %s, but the dot decimal reads %s", text, d, dd)
		}
	})
}
