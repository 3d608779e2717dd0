package catalog

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/store"
)

func TestImportGoodCSV(t *testing.T) {
	db := newDB(t)
	sup := addSupplier(t, db, "SUP1")
	const file = `sku,name,variant,supplier,cost,price,weight_g,stock,category,description
KAOS-01,Kaos Katun Pria,M,sup1,85000,"Rp125.000",250,10,Pakaian,Kaos katun combed 30s
KAOS-01,Kaos Katun Pria,L,SUP1,"87.500",,260,,Pakaian,
TAS-9,Tas Selempang,,sendiri,150rb,,1.000,habis,,
`
	rep := mustImport(t, db, "katalog.csv", file, Options{})
	wantErrors(t, rep.Errors, nil)
	if rep.Created != 3 || rep.Updated != 0 || rep.Rows != 3 || rep.Skipped() != 0 {
		t.Errorf("report = %+v, want 3 created of 3 rows", rep)
	}

	kaos := product(t, db, "kaos-01") // SKUs compare without case
	if kaos.Name != "Kaos Katun Pria" || kaos.SupplierID != sup || kaos.Fulfilment != store.FulfilSupplier ||
		kaos.Category != "Pakaian" || kaos.Description != "Kaos katun combed 30s" {
		t.Errorf("product = %+v", kaos)
	}
	m := variant(t, db, "KAOS-01", "M")
	wantMoney(t, "M cost", m.Cost, "85000")
	if !m.Price.Valid {
		t.Fatal("M: price override missing")
	}
	wantMoney(t, "M price", m.Price.Decimal, "125000")
	if m.WeightG != 250 || !m.Stock.Valid || m.Stock.Int64 != 10 {
		t.Errorf("M weight/stock = %d/%v", m.WeightG, m.Stock)
	}
	l := variant(t, db, "KAOS-01", "L")
	wantMoney(t, "L cost", l.Cost, "87500") // "87.500": the dot groups thousands
	if l.Price.Valid || l.Stock.Valid || l.WeightG != 260 {
		t.Errorf("L: price %v stock %v weight %d; want no override, stock not counted, 260 g", l.Price, l.Stock, l.WeightG)
	}

	tas := product(t, db, "TAS-9")
	if tas.SupplierID != 0 || tas.Fulfilment != store.FulfilOwn {
		t.Errorf("own stock product: supplier %d fulfilment %q", tas.SupplierID, tas.Fulfilment)
	}
	v := variant(t, db, "TAS-9", "")
	wantMoney(t, "tas cost", v.Cost, "150000") // 150rb = 150 × 1.000
	if v.WeightG != 1000 || !v.Stock.Valid || v.Stock.Int64 != 0 {
		t.Errorf("tas weight/stock = %d/%v, want 1000 g and 0 (habis)", v.WeightG, v.Stock)
	}
}

func TestImportSemicolonCSVWithIndonesianHeaders(t *testing.T) {
	db := newDB(t)
	addSupplier(t, db, "SUP1")
	// What Excel with Indonesian regional settings writes: ';' separators,
	// decimal commas, a BOM, Indonesian headers.
	const file = "\uFEFFSKU;Nama Produk;Varian;Pemasok;Harga_Modal (Rp);Harga Jual;Berat;Stok;Kategori;Deskripsi;Catatan\r\n" +
		"KAOS-01;Kaos Katun, Pria;Hitam;SUP1;85.000;Rp 125.000;0,25kg;12;Pakaian;Bahan adem;jangan dijual\r\n" +
		"KAOS-02;Kemeja;;SUP1;Rp100.000,-;;1,5 kg;kosong;;;\r\n"
	rep := mustImport(t, db, "export.CSV", file, Options{})
	wantErrors(t, rep.Errors, nil)
	if rep.Created != 2 {
		t.Errorf("created = %d, want 2", rep.Created)
	}
	if len(rep.IgnoredColumns) != 1 || rep.IgnoredColumns[0] != "Catatan" {
		t.Errorf("ignored columns = %q, want [Catatan]", rep.IgnoredColumns)
	}
	if p := product(t, db, "KAOS-01"); p.Name != "Kaos Katun, Pria" || p.Category != "Pakaian" {
		t.Errorf("product = %q / %q", p.Name, p.Category)
	}
	v := variant(t, db, "KAOS-01", "Hitam")
	wantMoney(t, "cost", v.Cost, "85000")
	wantMoney(t, "price", v.Price.Decimal, "125000")
	if v.WeightG != 250 || v.Stock.Int64 != 12 { // 0,25 kg × 1000 = 250 g
		t.Errorf("weight/stock = %d/%v", v.WeightG, v.Stock)
	}
	w := variant(t, db, "KAOS-02", "")
	wantMoney(t, "cost", w.Cost, "100000")
	if w.WeightG != 1500 || !w.Stock.Valid || w.Stock.Int64 != 0 { // 1,5 kg = 1500 g; kosong = 0
		t.Errorf("weight/stock = %d/%v", w.WeightG, w.Stock)
	}
}

func TestImportLatin1CSV(t *testing.T) {
	db := newDB(t)
	addSupplier(t, db, "SUP1")
	// Windows-1252: 0x96 is the en dash, 0xE9 is é. 0x81 is undefined in
	// Windows-1252 and cannot be decoded.
	file := "sku,name,supplier,cost\n" +
		"K1,Kaos Katun Pria \x96 Hitam,SUP1,85000\n" +
		"K2,Caf\xe9,SUP1,10000\n" +
		"K3,Rusak \x81,SUP1,10000\n"
	rep := mustImport(t, db, "latin1.csv", file, Options{})
	wantErrors(t, rep.Errors, []RowError{{Row: 4, Column: "name", Code: CodeBadEncoding, Value: "Rusak \uFFFD"}})
	if rep.Created != 2 {
		t.Errorf("created = %d, want 2", rep.Created)
	}
	if got := product(t, db, "K1").Name; got != "Kaos Katun Pria – Hitam" {
		t.Errorf("K1 name = %q", got)
	}
	if got := product(t, db, "K2").Name; got != "Café" {
		t.Errorf("K2 name = %q", got)
	}
}

func TestImportMixedEncodingLinesDecodedSeparately(t *testing.T) {
	// One line UTF-8 (é = C3 A9), one Windows-1252 (é = E9): each line is
	// read the way it was written.
	file := "sku,name,supplier,cost\nK1,Caf\xc3\xa9,own,1\nK2,Caf\xe9,own,1\n"
	_, rows, err := ReadRows("x.csv", strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][1] != "Café" || rows[1][1] != "Café" {
		t.Errorf("names = %q, %q; want Café twice", rows[0][1], rows[1][1])
	}
}

func TestImportMissingRequiredColumn(t *testing.T) {
	db := newDB(t)
	rep, err := importText(t, db, "x.csv", "sku,name,cost,harga\nK1,Kaos,1000,2000\n", Options{})
	e := wantFatal(t, err, CodeMissingColumn)
	if len(e.Columns) != 1 || e.Columns[0] != "supplier" {
		t.Errorf("missing columns = %q, want [supplier]", e.Columns)
	}
	wantErrors(t, rep.Errors, []RowError{{Row: 1, Column: "supplier", Code: CodeMissingColumn}})
	if n := countVariants(t, db); n != 0 {
		t.Errorf("%d variants imported, want none", n)
	}
}

func TestImportGoodRowsDespiteBadOnes(t *testing.T) {
	db := newDB(t)
	addSupplier(t, db, "SUP1")
	var b strings.Builder
	b.WriteString("sku,name,supplier,cost\n") // row 1
	for row := 2; row <= 14; row++ {
		switch row {
		case 5:
			b.WriteString("BAD-5,Kaos,SUP1,-5000\n")
		case 9:
			b.WriteString("BAD-9,Kaos,NOPE,5000\n")
		case 14:
			b.WriteString("BAD-14,Kaos,SUP1,abc\n")
		default:
			fmt.Fprintf(&b, "OK-%d,Kaos %d,SUP1,%d000\n", row, row, row)
		}
	}
	rep := mustImport(t, db, "x.csv", b.String(), Options{})
	// 13 data rows (2..14), 3 bad → 10 imported.
	if rep.Created != 10 || rep.Updated != 0 || rep.Rows != 13 || rep.Skipped() != 3 {
		t.Errorf("report = %+v", rep)
	}
	wantErrors(t, rep.Errors, []RowError{
		{Row: 5, Column: "cost", Code: CodeNegative, Value: "-5000"},
		{Row: 9, Column: "supplier", Code: CodeUnknownSupplier, Value: "NOPE"},
		{Row: 14, Column: "cost", Code: CodeBadMoney, Value: "abc"},
	})
	if n := countVariants(t, db); n != 10 {
		t.Errorf("variants = %d, want 10", n)
	}
	wantMoney(t, "OK-13 cost", variant(t, db, "OK-13", "").Cost, "13000")
}

func TestImportReportsEveryProblemOfARow(t *testing.T) {
	db := newDB(t)
	rep := mustImport(t, db, "x.csv", "sku,name,supplier,cost,stock,weight_g,price\n,Kaos,,1.5.0,-1,berat,0\n", Options{})
	wantErrors(t, rep.Errors, []RowError{
		{Row: 2, Column: "sku", Code: CodeEmptyRequired},
		{Row: 2, Column: "supplier", Code: CodeEmptyRequired},
		{Row: 2, Column: "cost", Code: CodeBadMoney, Value: "1.5.0"}, // not a number ("1.5" is Rp1,50 now: a dot decimal)
		{Row: 2, Column: "price", Code: CodeBadMoney, Value: "0"},    // a price of 0 is refused
		{Row: 2, Column: "weight_g", Code: CodeBadNumber, Value: "berat"},
		{Row: 2, Column: "stock", Code: CodeNegative, Value: "-1"},
	})
	if rep.Created+rep.Updated != 0 {
		t.Errorf("imported %d rows", rep.Created+rep.Updated)
	}
}

func TestImportDuplicateWithinFile(t *testing.T) {
	db := newDB(t)
	const file = `sku,name,variant,supplier,cost
K1,Kaos,M,own,1000
K1,Kaos,L,own,1000
k1,Kaos,m,own,2000
K2,Topi,,own,500
K2,Topi,-,own,600
`
	rep := mustImport(t, db, "x.csv", file, Options{})
	// Row 4 repeats row 2 (SKU and variant compare without case); row 6's
	// variant "-" is empty, so it repeats row 5.
	wantErrors(t, rep.Errors, []RowError{
		{Row: 4, Column: "sku", Code: CodeDuplicate, Value: "k1 / m"},
		{Row: 6, Column: "sku", Code: CodeDuplicate, Value: "K2"},
	})
	if rep.Created != 3 {
		t.Errorf("created = %d, want 3", rep.Created)
	}
	wantMoney(t, "first K1/M wins", variant(t, db, "K1", "M").Cost, "1000")
}

func TestImportRaggedRows(t *testing.T) {
	db := newDB(t)
	const file = `sku,name,supplier,cost
K1,Kaos,own
K2,Kaos,own,1000,geser
K3,Kaos,own,1000,,
K4,Kaos
`
	rep := mustImport(t, db, "x.csv", file, Options{})
	wantErrors(t, rep.Errors, []RowError{
		{Row: 2, Column: "cost", Code: CodeEmptyRequired},
		{Row: 3, Code: CodeRagged, Value: "geser"},
		{Row: 5, Column: "supplier", Code: CodeEmptyRequired},
		{Row: 5, Column: "cost", Code: CodeEmptyRequired},
	})
	if rep.Created != 1 { // K3: trailing empty cells are harmless
		t.Errorf("created = %d, want 1", rep.Created)
	}
}

func TestImportRowNumbersFollowTheSpreadsheet(t *testing.T) {
	db := newDB(t)
	// A spreadsheet shows a quoted cell with a line break in one row, and
	// shows blank lines as blank rows.
	file := "sku,name,supplier,cost\n" + // row 1
		"K1,\"Kaos\ndua baris\",own,abc\n" + // row 2 (two lines)
		"\n" + // row 3
		"K2,Kaos,own,xyz\n" // row 4
	rep := mustImport(t, db, "x.csv", file, Options{})
	wantErrors(t, rep.Errors, []RowError{
		{Row: 2, Column: "cost", Code: CodeBadMoney, Value: "abc"},
		{Row: 4, Column: "cost", Code: CodeBadMoney, Value: "xyz"},
	})
	if rep.Rows != 2 {
		t.Errorf("rows = %d, want 2 (blank rows are not counted)", rep.Rows)
	}
}

func TestImportTooLongCell(t *testing.T) {
	db := newDB(t)
	long := strings.Repeat("é", MaxCellRunes+1)
	ok := strings.Repeat("é", MaxCellRunes)
	rep := mustImport(t, db, "x.csv", "sku,name,supplier,cost,description\nK1,Kaos,own,1,"+long+"\nK2,Kaos,own,1,"+ok+"\n", Options{})
	wantErrors(t, rep.Errors, []RowError{{Row: 2, Column: "description", Code: CodeTooLong, Value: strings.Repeat("é", 60)}})
	if rep.Created != 1 {
		t.Errorf("created = %d, want 1 (2000 characters are allowed)", rep.Created)
	}
}

func TestImportReimportUpdates(t *testing.T) {
	db := newDB(t)
	addSupplier(t, db, "SUP1")
	const file = `sku,name,variant,supplier,cost,stock
K1,Kaos,M,SUP1,1000,5
K1,Kaos,L,SUP1,1000,5
K2,Topi,,SUP1,500,5
`
	first := mustImport(t, db, "x.csv", file, Options{})
	if first.Created != 3 || first.Updated != 0 {
		t.Fatalf("first import = %+v", first)
	}
	second := mustImport(t, db, "x.csv", file, Options{})
	if second.Created != 0 || second.Updated != 3 || len(second.Errors) != 0 {
		t.Errorf("second import = %+v, want 0 created, 3 updated", second)
	}
	if n := countVariants(t, db); n != 3 {
		t.Errorf("variants = %d, want 3", n)
	}

	// A later file with other case, a new cost and no stock: updates, keeps stock.
	third := mustImport(t, db, "x.csv", "sku,name,variant,supplier,cost,stock\nk1,Kaos,m,sup1,1200,\n", Options{})
	if third.Created != 0 || third.Updated != 1 {
		t.Errorf("third import = %+v", third)
	}
	v := variant(t, db, "K1", "M")
	wantMoney(t, "cost", v.Cost, "1200")
	if !v.Stock.Valid || v.Stock.Int64 != 5 {
		t.Errorf("stock = %v, want kept at 5", v.Stock)
	}
}

func TestImportKeepsPriceOverrideWhenRowHasNone(t *testing.T) {
	db := newDB(t)
	mustImport(t, db, "x.csv", "sku,name,supplier,cost,price\nK1,Kaos,own,1000,2500\nK2,Topi,own,1000,2500\n", Options{})
	// Second file: K1 without a price column at all, K2 with an empty price.
	mustImport(t, db, "x.csv", "sku,name,supplier,cost\nK1,Kaos,own,1100\n", Options{})
	mustImport(t, db, "x.csv", "sku,name,supplier,cost,price\nK2,Topi,own,1100,\n", Options{})
	for _, sku := range []string{"K1", "K2"} {
		v := variant(t, db, sku, "")
		wantMoney(t, sku+" cost", v.Cost, "1100")
		if !v.Price.Valid || !v.Price.Decimal.Equal(dec("2500")) {
			t.Errorf("%s price = %v, want the 2500 override kept", sku, v.Price)
		}
	}
	// A new price replaces it.
	mustImport(t, db, "x.csv", "sku,name,supplier,cost,price\nK1,Kaos,own,1100,3000\n", Options{})
	wantMoney(t, "K1 new price", variant(t, db, "K1", "").Price.Decimal, "3000")
}

func TestImportCreateSuppliers(t *testing.T) {
	db := newDB(t)
	const file = "sku,name,supplier,cost\nK1,Kaos,NEWSUP,1000\nK2,Topi,newsup,1000\nK3,Bad,OTHER,abc\n"
	rep := mustImport(t, db, "x.csv", file, Options{CreateSuppliers: true})
	wantErrors(t, rep.Errors, []RowError{{Row: 4, Column: "cost", Code: CodeBadMoney, Value: "abc"}})
	if rep.Created != 2 {
		t.Errorf("created = %d, want 2", rep.Created)
	}
	var sups []store.Supplier
	if err := db.View(context.Background(), func(tx *store.Tx) (err error) {
		sups, err = tx.Suppliers()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// One supplier for NEWSUP/newsup; none for the bad row's OTHER.
	if len(sups) != 1 || sups[0].Code != "NEWSUP" || sups[0].Name != "NEWSUP" {
		t.Fatalf("suppliers = %+v, want only NEWSUP", sups)
	}
	if a, b := product(t, db, "K1").SupplierID, product(t, db, "K2").SupplierID; a != sups[0].ID || b != sups[0].ID {
		t.Errorf("supplier ids = %d, %d, want %d", a, b, sups[0].ID)
	}
}

func TestImportDuplicateHeaderIsFatal(t *testing.T) {
	db := newDB(t)
	_, err := importText(t, db, "x.csv", "sku,name,supplier,cost,harga,price\nK1,Kaos,own,1,2,3\n", Options{})
	e := wantFatal(t, err, CodeDuplicateColumn)
	if len(e.Columns) != 1 || e.Columns[0] != "price" {
		t.Errorf("columns = %q", e.Columns)
	}
}

func TestImportUnsupportedExtension(t *testing.T) {
	db := newDB(t)
	for _, name := range []string{"katalog.xls", "katalog.txt", "katalog", "katalog.csv.zip"} {
		_, err := importText(t, db, name, "sku,name,supplier,cost\n", Options{})
		wantFatal(t, err, CodeUnsupportedFormat)
	}
}

// endless is an io.Reader of endless commas: it costs no memory to create.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ','
	}
	return len(p), nil
}

func TestImportTooBig(t *testing.T) {
	db := newDB(t)
	_, err := Import(context.Background(), db, "x.csv", io.LimitReader(endless{}, MaxFileBytes+1), Options{})
	wantFatal(t, err, CodeTooBig)
	// Import stops reading at the limit even when the reader never ends.
	_, err = Import(context.Background(), db, "x.xlsx", endless{}, Options{})
	wantFatal(t, err, CodeTooBig)
}

func TestReadRowsRowLimit(t *testing.T) {
	build := func(n int) string {
		var b strings.Builder
		b.WriteString("sku,name,supplier,cost\n\n")
		for i := range n {
			fmt.Fprintf(&b, "K%d,N,own,1\n\n", i) // blank rows do not count
		}
		return b.String()
	}
	_, rows, err := ReadRows("x.csv", strings.NewReader(build(MaxRows)))
	if err != nil || len(rows) != MaxRows {
		t.Fatalf("%d rows: got %d rows, err %v", MaxRows, len(rows), err)
	}
	_, _, err = ReadRows("x.csv", strings.NewReader(build(MaxRows+1)))
	wantFatal(t, err, CodeTooManyRows)
}

func TestImportUnreadable(t *testing.T) {
	db := newDB(t)
	cases := map[string]struct{ name, text string }{
		"xlsx that is not a zip": {"x.xlsx", "sku,name,supplier,cost\n"},
		"binary csv":             {"x.csv", "PK\x03\x04\x00\x00binary"},
		"empty csv":              {"x.csv", ""},
		"only blank lines":       {"x.csv", "\n \n,,\n"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := importText(t, db, c.name, c.text, Options{})
			wantFatal(t, err, CodeUnreadable)
		})
	}
}

func TestImportUnclosedQuoteIsFatal(t *testing.T) {
	db := newDB(t)
	// Row 3's description opens a quote that never closes: with lazy quotes
	// it would swallow rows 4 and 5 silently.
	file := "sku,name,supplier,cost,description\nK1,Kaos,own,1,ok\nK2,Kaos,own,1,\"bahan katun\nK3,Kaos,own,1,x\nK4,Kaos,own,1,y\n"
	_, err := importText(t, db, "x.csv", file, Options{})
	e := wantFatal(t, err, CodeUnreadable)
	if e.Row != 3 {
		t.Errorf("row = %d, want 3", e.Row)
	}
	if n := countVariants(t, db); n != 0 {
		t.Errorf("%d variants imported, want none", n)
	}
	// Quoted cells that do close, last one included, are fine.
	rep := mustImport(t, db, "x.csv", "sku,name,supplier,cost,description\nK1,Kaos,own,1,\"a\nb\"\nK2,\"Kaos 15\"\" layar\",own,1,\"c\"\r\n", Options{})
	if rep.Created != 2 {
		t.Errorf("created = %d, errors %+v", rep.Created, rep.Errors)
	}
	if got := product(t, db, "K2").Name; got != `Kaos 15" layar` {
		t.Errorf("name = %q", got)
	}
}

func TestImportContextCancelled(t *testing.T) {
	db := newDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Import(ctx, db, "x.csv", strings.NewReader("sku,name,supplier,cost\nK1,Kaos,own,1\n"), Options{})
	if err == nil {
		t.Fatal("import with a cancelled context succeeded")
	}
	if n := countVariants(t, db); n != 0 {
		t.Errorf("%d variants imported", n)
	}
}

func TestImportRefusesHomoglyphSKUs(t *testing.T) {
	db := newDB(t)
	file := "sku,name,supplier,cost\n" +
		"GMS-01,Gamis,own,1000\n" +
		"GМS-01,Gamis palsu,own,1000\n" + // Cyrillic М
		"ＫＡＯＳ１,Kaos,own,1000\n" + // fullwidth
		"TOPI–2,Topi,own,1000\n" + // en dash
		"鞋-1,Sepatu,own,1000\n" // no ASCII lookalike
	rep, err := importText(t, db, "x.csv", file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantErrors(t, rep.Errors, []RowError{
		{Row: 3, Column: "sku", Code: CodeNotASCII, Value: "GМS-01", Hint: "GMS-01"},
		{Row: 4, Column: "sku", Code: CodeNotASCII, Value: "ＫＡＯＳ１", Hint: "KAOS1"},
		{Row: 5, Column: "sku", Code: CodeNotASCII, Value: "TOPI–2", Hint: "TOPI-2"},
		{Row: 6, Column: "sku", Code: CodeNotASCII, Value: "鞋-1"},
	})
	if rep.Created != 1 || countVariants(t, db) != 1 {
		t.Errorf("report %+v: want only GMS-01 imported", rep)
	}
}
