package catalog

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestReadRowsCSVFlavours(t *testing.T) {
	wantHeader := []string{"sku", "name", "supplier", "cost"}
	wantRows := [][]string{{"K1", "Kaos, Pria", "own", "85.000"}}
	cases := map[string]string{
		"comma":          "sku,name,supplier,cost\nK1,\"Kaos, Pria\",own,85.000\n",
		"crlf and bom":   "\uFEFFsku,name,supplier,cost\r\nK1,\"Kaos, Pria\",own,85.000\r\n",
		"semicolon":      "sku;name;supplier;cost\nK1;Kaos, Pria;own;85.000\n",
		"tab":            "sku\tname\tsupplier\tcost\nK1\tKaos, Pria\town\t85.000\n",
		"excel sep hint": "sep=;\nsku;name;supplier;cost\nK1;Kaos, Pria;own;85.000\n",
		"leading blanks": "\n\nsku,name,supplier,cost\nK1,\"Kaos, Pria\",own,85.000\n",
		"no final eol":   "sku,name,supplier,cost\nK1,\"Kaos, Pria\",own,85.000",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			header, rows, err := ReadRows("x.csv", strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(header, wantHeader) || !reflect.DeepEqual(rows, wantRows) {
				t.Errorf("got %q %q", header, rows)
			}
		})
	}
}

func TestReadRowsUTF16(t *testing.T) {
	// Excel's "Unicode Text": UTF-16 little endian with a BOM, tab separated.
	text := "sku\tname\tsupplier\tcost\r\nK1\tCafé – Hitam\town\t1000\r\n"
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, u := range utf16.Encode([]rune(text)) {
		b.Write([]byte{byte(u), byte(u >> 8)})
	}
	header, rows, err := ReadRows("x.csv", &b)
	if err != nil {
		t.Fatal(err)
	}
	if len(header) != 4 || len(rows) != 1 || rows[0][1] != "Café – Hitam" {
		t.Errorf("got %q %q", header, rows)
	}
}

func TestSemicolonNeedsMajority(t *testing.T) {
	// The delimiter is the one the header line uses most, outside quotes.
	cases := map[string]rune{
		"a,b,c\n":          ',',
		"a;b;c\n":          ';',
		"a;b,c;d\n":        ';',
		"\"a;b;c\",d,e\n":  ',', // semicolons inside quotes do not count
		"a\tb\tc;d\n":      '\t',
		"\n\n a;b\n":       ';',
		"nothing here\n":   ',',
		"a;b\nc,d,e,f,g\n": ';', // only the header line decides
	}
	for in, want := range cases {
		if got := guessComma([]byte(in)); got != want {
			t.Errorf("guessComma(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestImportKeepsUnknownColumnsOut(t *testing.T) {
	c := mapHeader([]string{"SKU", "Nama", "Catatan Internal", "", "Pemasok", "Harga Modal", "Margin %"})
	if want := []string{"Catatan Internal", "Margin %"}; !reflect.DeepEqual(c.ignored, want) {
		t.Errorf("ignored = %q, want %q", c.ignored, want)
	}
	if len(c.missing) != 0 || c.idx[fCost] != 5 || c.idx[fSupplier] != 4 || c.has(fPrice) {
		t.Errorf("columns = %+v", c)
	}
}
