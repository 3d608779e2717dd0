package refund

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/dropbot/dropbot/store"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want store.RefundDest
		code string
	}{
		{"BCA 1234567890 a.n. Budi Santoso", store.RefundDest{Bank: "BCA", Number: "1234567890", Holder: "Budi Santoso"}, ""},
		{"bca 123-456-7890 an Budi", store.RefundDest{Bank: "BCA", Number: "1234567890", Holder: "Budi"}, ""},
		{"Bank: BRI\nNo rek: 0123 4567 8901 23\nAtas nama: Siti Aminah", store.RefundDest{Bank: "BRI", Number: "01234567890123", Holder: "Siti Aminah"}, ""},
		{"DANA 0812-3456-7890 a/n Rina", store.RefundDest{Bank: "DANA", Number: "081234567890", Holder: "Rina"}, ""},
		{"Mandiri 1370012345678 Andi", store.RefundDest{Bank: "MANDIRI", Number: "1370012345678", Holder: "Andi"}, ""},
		{"Bank Jago, no. rek 100200300, atas nama: Dewi Lestari", store.RefundDest{Bank: "BANK JAGO", Number: "100200300", Holder: "Dewi Lestari"}, ""},
		{"Bank Sumut 1234567 a.n. Ucok", store.RefundDest{Bank: "BANK SUMUT", Number: "1234567", Holder: "Ucok"}, ""},
		{"OVO 081234567890 a.n. Rina", store.RefundDest{Bank: "OVO", Number: "081234567890", Holder: "Rina"}, ""},
		{"kak mau order gamis 999999 ya", store.RefundDest{}, CodeNoBank},
		{"saya 1234567890 budi", store.RefundDest{}, CodeNoBank},
		{"BCA", store.RefundDest{}, CodeNoNumber},
		{"BCA 12345 Budi", store.RefundDest{}, CodeNoNumber},
		{"1234567890 a.n. Budi", store.RefundDest{}, CodeNoBank},
		{"BCA 1234567890", store.RefundDest{}, CodeNoHolder},
		{"BCA 1234567890 a.n.", store.RefundDest{}, CodeNoHolder},
		{"halo kak", store.RefundDest{}, CodeNoNumber},
		{"", store.RefundDest{}, CodeNoNumber},
		{"BCA 123456789012345678901234 Budi", store.RefundDest{}, CodeNoNumber},
		{string(make([]byte, 400)), store.RefundDest{}, CodeTooLong},
	} {
		got, err := Parse(c.in)
		var pe *ParseError
		switch {
		case c.code == "" && (err != nil || got != c.want):
			t.Errorf("Parse(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		case c.code != "" && (!errors.As(err, &pe) || pe.Code != c.code):
			t.Errorf("Parse(%q) = %+v, %v; want code %s", c.in, got, err, c.code)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"BCA 1234567890 a.n. Budi", "Bank: BRI\nNo rek: 0123\nAtas nama: X", "an an an 1234567 an", "\xff\xfe 999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			return
		}
		if d.Bank == "" || d.Holder == "" || len(d.Number) < minDigits || len(d.Number) > maxDigits || !utf8.ValidString(d.Holder+d.Bank) {
			t.Fatalf("Parse(%q) = %+v", s, d)
		}
	})
}
