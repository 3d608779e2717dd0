package catalog

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// withPart returns the workbook data with the zip part name rewritten:
// write gets the part's bytes and streams the new ones (the rest of the
// parts are kept as they are).
func withPart(t *testing.T, data []byte, name string, write func(orig []byte, w io.Writer) error) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		orig, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == name {
			err = write(orig, w)
		} else {
			_, err = w.Write(orig)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// withSheet returns the workbook data with its first sheet's XML replaced
// by what write streams.
func withSheet(t *testing.T, data []byte, write func(w io.Writer) error) []byte {
	t.Helper()
	return withPart(t, data, "xl/worksheets/sheet1.xml", func(_ []byte, w io.Writer) error { return write(w) })
}

// bombSheet writes a sheet with a header row and then empty rows until
// the XML is about size bytes: what the 351 KB, 40-million-row workbook
// that took 6.7 GB does, scaled down.
func bombSheet(size int, emptyRow string) func(w io.Writer) error {
	return func(w io.Writer) error {
		head := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>sku</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c>` +
			`<c r="C1" t="inlineStr"><is><t>supplier</t></is></c><c r="D1" t="inlineStr"><is><t>cost</t></is></c></row>`
		if _, err := io.WriteString(w, head); err != nil {
			return err
		}
		chunk := []byte(strings.Repeat(emptyRow, 1<<14))
		for written := len(head); written < size; written += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</sheetData></worksheet>`)
		return err
	}
}

func TestXLSXBombRefusedWithBoundedMemory(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where excelize would spill a big sheet
	base := xlsxFile(t, [][]any{{"sku"}}, nil)
	bomb := withSheet(t, base, bombSheet(MaxUnzipBytes+(8<<20), "<row/>"))
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes; it should be small", len(bomb))
	}
	db := newDB(t)

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Import(context.Background(), db, "bom.xlsx", bytes.NewReader(bomb), Options{})
	runtime.ReadMemStats(&after)
	wantFatal(t, err, CodeUnzipTooBig)
	// Refused from the zip's directory: nothing near the expanded size is
	// ever allocated (reading it row by row allocated gigabytes).
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("refusing the bomb allocated %d MB", alloc>>20)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if _, _, err := ReadRows("bom.xlsx", bytes.NewReader(bomb)); err == nil {
		t.Error("ReadRows read the bomb")
	}
}

func TestXLSXUnderTheUnzipLimitStaysInMemory(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	// 20 MB of empty rows: over excelize's own 16 MB spill threshold, under
	// the import's limit, and the sheet ends before MaxSheetRows.
	base := xlsxFile(t, [][]any{{"sku"}}, nil)
	data := withSheet(t, base, bombSheet(20<<20, "<row/>"+strings.Repeat(" ", 100)))
	_, _, err := ReadRows("x.xlsx", bytes.NewReader(data))
	wantFatal(t, err, CodeSheetTooLong)
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestXLSXSheetLimits(t *testing.T) {
	header := []any{"sku", "name", "supplier", "cost"}
	row := []any{"K1", "Kaos", "own", 1000}
	cases := []struct {
		name    string
		rows    func() [][]any
		code    string // "" = read fine
		wantRow int
	}{
		{"data on the last row allowed", func() [][]any {
			rows := make([][]any, MaxSheetRows)
			rows[0], rows[MaxSheetRows-1] = header, row
			return rows
		}, "", 0},
		{"data past the last row allowed", func() [][]any {
			rows := make([][]any, MaxSheetRows+1)
			rows[0], rows[MaxSheetRows] = header, row
			return rows
		}, CodeSheetTooLong, MaxSheetRows + 1},
		{"a cell on the last column allowed", func() [][]any {
			wide := make([]any, MaxColumns)
			copy(wide, row)
			wide[MaxColumns-1] = "x"
			return [][]any{header, wide}
		}, "", 0},
		{"a cell past the last column allowed", func() [][]any {
			wide := make([]any, MaxColumns+1)
			copy(wide, row)
			wide[MaxColumns] = "x"
			return [][]any{header, row, wide}
		}, CodeTooManyColumns, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := xlsxFile(t, c.rows(), nil)
			_, rows, err := ReadRows("x.xlsx", bytes.NewReader(data))
			if c.code == "" {
				if err != nil || len(rows) != 1 {
					t.Fatalf("rows %v, err %v", rows, err)
				}
				return
			}
			e := wantFatal(t, err, c.code)
			if e.Row != c.wantRow {
				t.Errorf("row = %d, want %d", e.Row, c.wantRow)
			}
		})
	}
}

func TestXLSXTooManyParts(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range maxZipParts + 1 {
		if _, err := zw.Create(fmt.Sprintf("x/%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	_, _, err := ReadRows("x.xlsx", bytes.NewReader(buf.Bytes()))
	wantFatal(t, err, CodeUnreadable)
}

// stringsBomb returns a workbook whose shared-strings table holds n
// one-letter texts (about 17 bytes each: a small file, a big table).
func stringsBomb(t *testing.T, n int) []byte {
	t.Helper()
	base := xlsxFile(t, [][]any{{"sku", "name", "supplier", "cost"}, {"K1", "Kaos", "own", "1000"}}, nil)
	return withPart(t, base, "xl/sharedStrings.xml", func(orig []byte, w io.Writer) error {
		// Keep the workbook's own texts, then add the filler.
		end := bytes.LastIndex(orig, []byte("</sst>"))
		_, err := w.Write(slices.Concat(orig[:end], bytes.Repeat([]byte("<si><t>a</t></si>"), n), orig[end:]))
		return err
	})
}

func TestXLSXSharedStringsLimit(t *testing.T) {
	// The workbook's own 8 texts plus the filler: at the limit it reads, one
	// more is refused before excelize loads the table (millions of tiny
	// texts took 1.4 GB in a 150 KB file).
	own := 8
	_, rows, err := ReadRows("x.xlsx", bytes.NewReader(stringsBomb(t, MaxStrings-own)))
	if err != nil || len(rows) != 1 {
		t.Fatalf("at the limit: %d rows, %v", len(rows), err)
	}
	_, _, err = ReadRows("x.xlsx", bytes.NewReader(stringsBomb(t, MaxStrings-own+1)))
	wantFatal(t, err, CodeTooManyStrings)
}

func TestCSVColumnLimit(t *testing.T) {
	head := "sku,name,supplier,cost"
	cases := []struct {
		name, file, code string
		wantRow          int
	}{
		{"trailing separators", head + strings.Repeat(",", 5000) + "\nK1,Kaos,own,1" + strings.Repeat(",", 5000) + "\n", "", 0},
		{"a cell on the last column allowed", head + "\nK1,Kaos,own,1" + strings.Repeat(",", MaxColumns-4) + "x\n", "", 0},
		{"a cell past it", head + "\nK1,Kaos,own,1\nK2,Kaos,own,1" + strings.Repeat(",", MaxColumns-3) + "x\n", CodeTooManyColumns, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			header, rows, err := ReadRows("x.csv", strings.NewReader(c.file))
			if c.code == "" {
				if err != nil || len(rows) != 1 || len(header) > MaxColumns || len(rows[0]) > MaxColumns {
					t.Fatalf("header %d cells, rows %d, err %v", len(header), len(rows), err)
				}
				return
			}
			e := wantFatal(t, err, c.code)
			if e.Row != c.wantRow {
				t.Errorf("row = %d, want %d", e.Row, c.wantRow)
			}
		})
	}
}

func TestByteOrderMarksAreNoHeader(t *testing.T) {
	// Marks left in the first cell are not a header, in either format.
	for name, data := range map[string][]byte{
		"x.csv":  []byte("\xfe\xff\xfe\xff\xfe\xff"),
		"x.xlsx": xlsxFile(t, [][]any{{"\uFEFF\uFEFF"}}, nil),
	} {
		header, _, err := ReadRows(name, bytes.NewReader(data))
		if err == nil {
			t.Errorf("%s: header %q, want the file refused (no header)", name, header)
		}
	}
}
