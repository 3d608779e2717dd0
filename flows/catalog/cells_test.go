package catalog

import (
	"testing"
)

func TestParseMoney(t *testing.T) {
	cases := []struct {
		text, raw string
		isRaw     bool
		want      string // amount, when code is ""
		code      string
	}{
		// Text cells: Indonesian notation through locales.ParseRupiah.
		{text: "85000", want: "85000"},
		{text: "85.000", want: "85000"}, // the dot groups thousands
		{text: "Rp85.000", want: "85000"},
		{text: "Rp 1.250.000,-", want: "1250000"},
		{text: "85rb", want: "85000"},    // 85 × 1.000
		{text: "1,5jt", want: "1500000"}, // 1,5 × 1.000.000
		{text: "41.333,33", want: "41333.33"},
		{text: "85,000", code: CodeBadMoney}, // Rp85 or Rp85.000? refused, not guessed
		// Dot decimals as a spreadsheet exports them: one or two digits
		// after the dot, or a dot that cannot group thousands.
		{text: "85000.5", want: "85000.5"},
		{text: "41333.33", want: "41333.33"},
		{text: "9875.5", want: "9875.5"},
		{text: " 9875.50 ", want: "9875.5"},
		{text: "Rp 12500.5", want: "12500.5"},
		{text: "0.5", want: "0.5"},
		{text: "0.500", want: "0.5"},                  // a leading 0 groups nothing
		{text: "41.333", want: "41333"},               // three digits after 1–3: thousands, as ever
		{text: "1.250", want: "1250"},                 // idem
		{text: "41.333.333", want: "41333333"},        // several dots: thousands
		{text: "1234.567", code: CodeBadMoney},        // a decimal point (four digits before), but a third decimal
		{text: "41333.3333", code: CodeBadMoney},      // idem
		{text: "-9875.5", code: CodeNegative},         //
		{text: "5000000000000.5", code: CodeBadMoney}, // over Rp1.000.000.000.000
		{text: "12.5.0", code: CodeBadMoney},          // not a number
		{text: ".5", code: CodeBadMoney},              // no digit before the dot
		{text: "5.", code: CodeBadMoney},              // none after
		{text: "abc", code: CodeBadMoney},
		{text: "-5000", code: CodeNegative},
		{text: "-Rp5.000", code: CodeNegative},
		// XLSX numeric cells: the stored number, English notation.
		{text: "85,000.50", raw: "85000.5", isRaw: true, want: "85000.5"},
		{text: "0.3", raw: "0.30000000000000004", isRaw: true, want: "0.3"},        // 15 significant digits
		{text: "85000.1", raw: "85000.100000000006", isRaw: true, want: "85000.1"}, // idem
		{text: "1E+5", raw: "1E+5", isRaw: true, want: "100000"},                   // scientific notation
		{text: "85000.123", raw: "85000.123", isRaw: true, code: CodeBadMoney},     // a third decimal
		{text: "-1", raw: "-1", isRaw: true, code: CodeNegative},                   //
		{text: "x", raw: "1000000000001", isRaw: true, code: CodeBadMoney},         // over Rp1.000.000.000.000
		{text: "85.000", raw: "not a number", isRaw: true, want: "85000"},          // falls back to the text
	}
	for _, c := range cases {
		got, code := parseMoney(c.text, c.raw, c.isRaw)
		if code != c.code {
			t.Errorf("parseMoney(%q, %q) code = %q, want %q", c.text, c.raw, code, c.code)
			continue
		}
		if c.code == "" && !got.Equal(dec(c.want)) {
			t.Errorf("parseMoney(%q, %q) = %s, want %s", c.text, c.raw, got, c.want)
		}
	}
}

func TestParseStock(t *testing.T) {
	cases := []struct {
		text, raw string
		isRaw     bool
		want      int64
		code      string
	}{
		{text: "0", want: 0},
		{text: "12", want: 12},
		{text: "1.000", want: 1000}, // thousands dot
		{text: "12.345.678", want: 12345678},
		{text: "Habis", want: 0},
		{text: " kosong ", want: 0},
		{text: "stok habis", want: 0},
		{text: "1,000", code: CodeBadNumber}, // one or a thousand? refused
		{text: "1.5", code: CodeBadNumber},
		{text: "1000.000", code: CodeBadNumber}, // first group longer than 3 digits
		{text: "-3", code: CodeNegative},
		{text: "banyak", code: CodeBadNumber},
		{text: "1000000001", code: CodeBadNumber}, // over the 1.000.000.000 bound
		{text: "99999999999999999999999", code: CodeBadNumber},
		{text: "10", raw: "10", isRaw: true, want: 10},
		{text: "2.5", raw: "2.5", isRaw: true, code: CodeBadNumber},
		{text: "3", raw: "2.9999999999999996", isRaw: true, want: 3}, // Excel's 15 digits
		{text: "-2", raw: "-2", isRaw: true, code: CodeNegative},
	}
	for _, c := range cases {
		got, code := parseStock(c.text, c.raw, c.isRaw)
		if code != c.code || (code == "" && got != c.want) {
			t.Errorf("parseStock(%q, %q) = %d, %q; want %d, %q", c.text, c.raw, got, code, c.want, c.code)
		}
	}
}

func TestParseWeight(t *testing.T) {
	cases := []struct {
		text, raw   string
		isRaw, inKg bool
		want        int64
		code        string
	}{
		{text: "250", want: 250},
		{text: "250g", want: 250},
		{text: "250 gr", want: 250},
		{text: "250 Gram", want: 250},
		{text: "1.000", want: 1000},    // thousands dot
		{text: "1.000 g", want: 1000},  // idem
		{text: "0,25kg", want: 250},    // 0,25 × 1000
		{text: "0.25 kg", want: 250},   // 0.25 × 1000
		{text: "1,5 kg", want: 1500},   // 1,5 × 1000
		{text: "1.250 kg", want: 1250}, // with kg one separator is a decimal point
		{text: "2 kilo", want: 2000},   // 2 × 1000
		{text: "1 kilogram", want: 1000},
		{text: "0,001kg", want: 1},
		{text: "0,0005kg", code: CodeBadNumber}, // half a gram
		{text: "1.000.000 kg", code: CodeBadNumber},
		{text: "0,25", code: CodeBadNumber}, // grams: not whole
		{text: "-250", code: CodeNegative},
		{text: "-0,5kg", code: CodeNegative},
		{text: "kg", code: CodeBadNumber},
		{text: "2000000", code: CodeBadNumber}, // over one tonne
		{text: "0,5", inKg: true, want: 500},   // header said kg
		{text: "2", inKg: true, want: 2000},
		{text: "300g", inKg: true, want: 300}, // an explicit unit wins
		{text: "250", raw: "250", isRaw: true, want: 250},
		{text: "0.25", raw: "0.25", isRaw: true, inKg: true, want: 250},
		{text: "0.5", raw: "0.5", isRaw: true, code: CodeBadNumber},
	}
	for _, c := range cases {
		got, code := parseWeight(c.text, c.raw, c.isRaw, c.inKg)
		if code != c.code || (code == "" && got != c.want) {
			t.Errorf("parseWeight(%q, %q, kg=%v) = %d, %q; want %d, %q", c.text, c.raw, c.inKg, got, code, c.want, c.code)
		}
	}
}

func TestLookupHeader(t *testing.T) {
	cases := []struct {
		header string
		want   string // canonical name, "" = unknown
		kg     bool
	}{
		{"sku", "sku", false},
		{"\uFEFFSKU", "sku", false},
		{" Kode Produk ", "sku", false},
		{"Nama Produk", "name", false},
		{"nama", "name", false},
		{"Varian", "variant", false},
		{"PEMASOK", "supplier", false},
		{"harga_modal", "cost", false},
		{"Harga Modal (Rp)", "cost", false},
		{"modal", "cost", false},
		{"Cost*", "cost", false},
		{"harga", "price", false},
		{"harga-jual", "price", false},
		{"weight_g", "weight_g", false},
		{"Berat (gram)", "weight_g", false},
		{"berat_g", "weight_g", false},
		{"weight", "weight_g", false},
		{"Berat (kg)", "weight_g", true},
		{"weight_kg", "weight_g", true},
		{"stok", "stock", false},
		{"Stok (pcs)", "stock", false},
		{"kategori", "category", false},
		{"deskripsi", "description", false},
		{"foto", "photo", false},
		{"catatan", "", false},
		{"harga grosir", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		f, kg, found := lookupHeader(c.header)
		got := ""
		if found {
			got = fieldNames[f]
		}
		if got != c.want || kg != c.kg {
			t.Errorf("lookupHeader(%q) = %q kg=%v, want %q kg=%v", c.header, got, kg, c.want, c.kg)
		}
	}
}

func TestCut(t *testing.T) {
	if got := cut("abc"); got != "abc" {
		t.Errorf("cut = %q", got)
	}
	s := ""
	for range 61 {
		s += "é"
	}
	if got := cut(s); got != s[:120] { // 60 runes of 2 bytes
		t.Errorf("cut kept %d bytes, want 120", len(got))
	}
}
