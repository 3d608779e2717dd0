package catalog

import (
	"bytes"
	"context"
	"testing"

	"github.com/xuri/excelize/v2"
)

// xlsxFile builds a workbook whose first sheet holds rows (cell values as
// excelize.SetCellValue takes them) and lets style run on it before saving.
func xlsxFile(t *testing.T, rows [][]any, style func(f *excelize.File, sheet string)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if style != nil {
		style(f, sheet)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportXLSXGood(t *testing.T) {
	db := newDB(t)
	sup := addSupplier(t, db, "SUP1")
	data := xlsxFile(t, [][]any{
		{"SKU", "Nama", "Varian", "Supplier", "Harga Modal", "Harga", "Berat", "Stok", "Kategori"},
		{"KAOS-01", "Kaos Katun Pria – Hitam", "M", "sup1", "85.000", "Rp125.000", "250g", "10", "Pakaian"},
		nil, // a blank row 3
		{"KAOS-01", "Kaos Katun Pria – Hitam", "L", "SUP1", "Rp 87.500", nil, "0,3 kg", "habis", "Pakaian"},
		{"TOPI", "Topi", nil, "SUP1", "abc"},
	}, nil)
	rep, err := Import(context.Background(), db, "Katalog.XLSX", bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantErrors(t, rep.Errors, []RowError{{Row: 5, Column: "cost", Code: CodeBadMoney, Value: "abc"}})
	if rep.Created != 2 || rep.Rows != 3 {
		t.Errorf("report = %+v", rep)
	}
	p := product(t, db, "KAOS-01")
	if p.Name != "Kaos Katun Pria – Hitam" || p.SupplierID != sup || p.Category != "Pakaian" {
		t.Errorf("product = %+v", p)
	}
	m := variant(t, db, "KAOS-01", "M")
	wantMoney(t, "M cost", m.Cost, "85000") // a text cell "85.000" is Indonesian: 85 thousand
	wantMoney(t, "M price", m.Price.Decimal, "125000")
	if m.WeightG != 250 || m.Stock.Int64 != 10 {
		t.Errorf("M weight/stock = %d/%v", m.WeightG, m.Stock)
	}
	l := variant(t, db, "KAOS-01", "L")
	wantMoney(t, "L cost", l.Cost, "87500")
	if l.WeightG != 300 || !l.Stock.Valid || l.Stock.Int64 != 0 { // 0,3 kg = 300 g
		t.Errorf("L weight/stock = %d/%v", l.WeightG, l.Stock)
	}
}

func TestImportXLSXNumericCells(t *testing.T) {
	db := newDB(t)
	addSupplier(t, db, "SUP1")
	data := xlsxFile(t, [][]any{
		{"sku", "name", "supplier", "cost", "price", "weight_g", "stock"},
		{"A", "Kaos", "SUP1", 85000, 125000.5, 250, 10},
		{"B", "Kaos", "SUP1", 85000.5, nil, nil, nil},   // shown "85,000.50" by the format below
		{"C", "Kaos", "SUP1", 0.1 + 0.2, nil, nil, nil}, // stored 0.30000000000000004, Excel shows 0.3
		{"D", "Kaos", "SUP1", 85000.123, nil, 0.5, 2.5}, // three decimals; half a gram; half a piece
		{"E", "Kaos", "SUP1", -100, nil, -1, nil},       // negatives
		{1234, "Kaos", "SUP1", "85.000", nil, nil, nil}, // numeric sku; text cost
		{"F", "Kaos", "SUP1", 1e13, nil, nil, nil},      // over Rp1.000.000.000.000
	}, func(f *excelize.File, sheet string) {
		// "#,##0.00" displays 85000.5 as "85,000.50": English notation that
		// would be misread as text. The stored number must be used.
		style, err := f.NewStyle(&excelize.Style{NumFmt: 4})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, "D3", "D3", style); err != nil {
			t.Fatal(err)
		}
	})
	rep, err := Import(context.Background(), db, "x.xlsx", bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantErrors(t, rep.Errors, []RowError{
		{Row: 5, Column: "cost", Code: CodeBadMoney, Value: "85000.123"},
		{Row: 5, Column: "weight_g", Code: CodeBadNumber, Value: "0.5"},
		{Row: 5, Column: "stock", Code: CodeBadNumber, Value: "2.5"},
		{Row: 6, Column: "cost", Code: CodeNegative, Value: "-100"},
		{Row: 6, Column: "weight_g", Code: CodeNegative, Value: "-1"},
		{Row: 8, Column: "cost", Code: CodeBadMoney, Value: "10000000000000"},
	})
	a := variant(t, db, "A", "")
	wantMoney(t, "A cost", a.Cost, "85000")
	wantMoney(t, "A price", a.Price.Decimal, "125000.5")
	if a.WeightG != 250 || a.Stock.Int64 != 10 {
		t.Errorf("A weight/stock = %d/%v", a.WeightG, a.Stock)
	}
	wantMoney(t, "B cost", variant(t, db, "B", "").Cost, "85000.5")
	wantMoney(t, "C cost", variant(t, db, "C", "").Cost, "0.3")
	wantMoney(t, "1234 cost", variant(t, db, "1234", "").Cost, "85000")
}

func TestImportXLSXKilogramColumn(t *testing.T) {
	db := newDB(t)
	data := xlsxFile(t, [][]any{
		{"sku", "name", "supplier", "cost", "Berat (kg)"},
		{"A", "Kaos", "own", 1000, 0.25},   // number in kilograms: 250 g
		{"B", "Kaos", "own", 1000, "1,2"},  // text in kilograms: 1200 g
		{"C", "Kaos", "own", 1000, "300g"}, // an explicit unit wins
	}, nil)
	rep, err := Import(context.Background(), db, "x.xlsx", bytes.NewReader(data), Options{})
	if err != nil || len(rep.Errors) != 0 {
		t.Fatalf("import: %v %+v", err, rep.Errors)
	}
	for sku, want := range map[string]int{"A": 250, "B": 1200, "C": 300} {
		if got := variant(t, db, sku, "").WeightG; got != want {
			t.Errorf("%s weight = %d g, want %d", sku, got, want)
		}
	}
}

func TestImportXLSXFirstSheetOnly(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	first := f.GetSheetName(0)
	mustSet := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for i, h := range []string{"sku", "name", "supplier", "cost"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		mustSet(first, cell, h)
	}
	mustSet(first, "A2", "K1")
	if _, err := f.NewSheet("Lain"); err != nil {
		t.Fatal(err)
	}
	mustSet("Lain", "A1", "something else")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	header, rows, err := ReadRows("x.xlsx", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(header) != 4 || header[0] != "sku" || len(rows) != 1 || rows[0][0] != "K1" {
		t.Errorf("header %q rows %q", header, rows)
	}
}
