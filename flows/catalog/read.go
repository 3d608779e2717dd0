package catalog

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// maxZipParts bounds the number of parts (files) in a workbook; a real one
// has a few dozen.
const maxZipParts = 1000

// sheet is a file's table: the header (the first non-blank row) and the
// non-blank rows after it.
type sheet struct {
	header    []string
	headerRow int
	rows      []sheetRow
	csv       bool
}

// sheetRow is one non-blank data row.
type sheetRow struct {
	n     int            // row number as a spreadsheet shows it
	cells []string       // as displayed
	raw   map[int]string // XLSX numeric cells of the wanted columns: cell index → stored number
}

// ReadRows reads a CSV or XLSX catalogue (name's extension picks the
// format) and returns its header, the first non-blank row, and the
// non-blank rows after it, cells as a spreadsheet displays them (decoded to
// UTF-8, untrimmed). Blank rows are left out, so rows[i] is not always
// spreadsheet row i+2. Errors are *Error.
func ReadRows(name string, r io.Reader) (header []string, rows [][]string, err error) {
	sh, err := readSheet(name, r, nil)
	if err != nil {
		return nil, nil, err
	}
	rows = make([][]string, len(sh.rows))
	for i, sr := range sh.rows {
		rows[i] = sr.cells
	}
	return sh.header, rows, nil
}

// readSheet reads the file. wantRaw, given the header, marks the columns
// whose XLSX numeric cells should also be returned as stored numbers.
func readSheet(name string, r io.Reader, wantRaw func(header []string) []bool) (*sheet, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".csv" && ext != ".xlsx" {
		return nil, &Error{Code: CodeUnsupportedFormat, Err: fmt.Errorf("extension %q: want .csv or .xlsx", cut(ext))}
	}
	if r == nil {
		return nil, &Error{Code: CodeUnreadable, Err: errors.New("no reader")}
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Err: err}
	}
	if len(data) > MaxFileBytes {
		return nil, &Error{Code: CodeTooBig, Err: fmt.Errorf("over %d bytes", MaxFileBytes)}
	}
	var sh *sheet
	if ext == ".csv" {
		sh, err = readCSV(data)
	} else {
		sh, err = readXLSX(data, wantRaw)
	}
	if err != nil {
		return nil, err
	}
	if sh.header == nil {
		return nil, &Error{Code: CodeUnreadable, Err: errors.New("no header row")}
	}
	return sh, nil
}

// blank reports whether every cell is empty or spaces.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readCSV parses a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM,
// or Windows-1252 (any line that is not valid UTF-8 is decoded so); comma,
// semicolon or tab separated (the header line decides, or an Excel
// "sep=;" first line).
func readCSV(data []byte) (*sheet, error) {
	data, err := decodeText(data)
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Err: err}
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, &Error{Code: CodeUnreadable, Err: errors.New("binary data in a CSV file")}
	}
	var comma rune
	if line, rest, _ := bytes.Cut(data, []byte("\n")); bytes.HasPrefix(bytes.ToLower(line), []byte("sep=")) {
		// Excel's hint line; Excel does not show it as a row.
		if hint := []rune(strings.TrimRight(string(line[4:]), "\r")); len(hint) == 1 && validComma(hint[0]) {
			comma, data = hint[0], rest
		}
	}
	if comma == 0 {
		comma = guessComma(data)
	}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	sh := &sheet{csv: true}
	embedded := 0             // line breaks inside quoted cells so far: a spreadsheet shows them in one row
	lastLine, lastCol := 0, 0 // where the last field of the last record starts
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			e := &Error{Code: CodeUnreadable, Err: err}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				e.Row = pe.StartLine - embedded
			}
			return nil, e
		}
		line, _ := cr.FieldPos(0)
		n := line - embedded
		lastLine, lastCol = cr.FieldPos(len(rec) - 1)
		for _, f := range rec {
			embedded += strings.Count(f, "\n")
		}
		if sh.header == nil {
			// A byte-order mark left after decoding (a second one, say) is
			// not a header cell.
			rec[0] = strings.TrimLeft(rec[0], "\uFEFF")
		}
		if len(rec) > MaxColumns {
			if !blank(rec[MaxColumns:]) {
				return nil, &Error{Code: CodeTooManyColumns, Row: n, Err: fmt.Errorf("a cell past column %d", MaxColumns)}
			}
			rec = rec[:MaxColumns:MaxColumns] // trailing separators
		}
		if blank(rec) {
			continue
		}
		if sh.header == nil {
			sh.header, sh.headerRow = rec, n
			continue
		}
		if len(sh.rows) == MaxRows {
			return nil, &Error{Code: CodeTooManyRows, Err: fmt.Errorf("over %d rows", MaxRows)}
		}
		sh.rows = append(sh.rows, sheetRow{n: n, cells: rec})
	}
	if lastLine > 0 && unclosedQuote(data, lastLine, lastCol) {
		// With lazy quotes an opening quote that never closes swallows the
		// rest of the file into one cell: refuse rather than lose rows.
		row := sh.headerRow
		if len(sh.rows) > 0 {
			row = sh.rows[len(sh.rows)-1].n
		}
		return nil, &Error{Code: CodeUnreadable, Row: row, Err: errors.New("a quoted cell is never closed")}
	}
	if sh.header != nil {
		sh.header[0] = strings.TrimLeft(sh.header[0], "\uFEFF")
	}
	return sh, nil
}

// unclosedQuote reports whether the field starting at line:col (the last
// field of the last record) opened a quote that the file never closes.
func unclosedQuote(data []byte, line, col int) bool {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return false
		}
		off += i + 1
	}
	off += col - 1
	if off < 0 || off >= len(data) || data[off] != '"' {
		return false
	}
	end := bytes.TrimRight(data, "\r\n")
	return len(end) <= off || end[len(end)-1] != '"'
}

func validComma(r rune) bool {
	return r == ',' || r == ';' || r == '\t' || r == '|'
}

// guessComma picks the separator that occurs most often, outside quotes, in
// the first non-blank line: ',' unless ';' or tab beat it.
func guessComma(data []byte) rune {
	var line []byte
	for len(data) > 0 {
		line, data, _ = bytes.Cut(data, []byte("\n"))
		if len(bytes.TrimSpace(line)) > 0 {
			break
		}
	}
	counts := map[byte]int{}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// decodeText turns the bytes of a text file into UTF-8: it strips a UTF-8
// byte-order mark, decodes UTF-16 that starts with one, and decodes every
// line that is not valid UTF-8 as Windows-1252 (what Excel writes for "CSV"
// on an Indonesian or English Windows; a superset of Latin-1).
func decodeText(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("utf-16: %w", err)
		}
		return out, nil
	}
	if utf8.Valid(data) {
		return data, nil
	}
	dec := charmap.Windows1252.NewDecoder()
	out := make([]byte, 0, len(data)+len(data)/8)
	for len(data) > 0 {
		line, rest, found := bytes.Cut(data, []byte("\n"))
		if utf8.Valid(line) {
			out = append(out, line...)
		} else {
			d, err := dec.Bytes(line)
			if err != nil {
				return nil, fmt.Errorf("windows-1252: %w", err)
			}
			out = append(out, d...)
		}
		if found {
			out = append(out, '\n')
		}
		data = rest
	}
	return out, nil
}

// readXLSX reads the first sheet of a workbook, cells as displayed, as a
// stream: the workbook's parts must expand to at most MaxUnzipBytes (checked
// on the zip's directory before anything is expanded, and again by excelize
// while it reads), the sheet may not run past row MaxSheetRows nor hold a
// cell past column MaxColumns. Everything stays in memory, bounded by those
// limits: no part is spilled to a temporary file.
func readXLSX(data []byte, wantRaw func([]string) []bool) (sh *sheet, err error) {
	defer func() {
		// excelize is large and parses untrusted input: a panic in it must
		// not take the bot down.
		if p := recover(); p != nil {
			sh, err = nil, &Error{Code: CodeUnreadable, Err: fmt.Errorf("xlsx reader panicked: %v", p)}
		}
	}()
	zr, err := checkZip(data)
	if err != nil {
		return nil, err
	}
	// UnzipXMLSizeLimit = UnzipSizeLimit: no worksheet is ever written to a
	// temporary file (a file left behind by a crash would fill the disk).
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxUnzipBytes, UnzipXMLSizeLimit: MaxUnzipBytes})
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Err: err}
	}
	defer f.Close()
	list := f.GetSheetList()
	if len(list) == 0 {
		return nil, &Error{Code: CodeUnreadable, Err: errors.New("workbook has no sheet")}
	}
	name := list[0]
	it, err := f.Rows(name)
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Err: err}
	}
	defer it.Close()
	// raws walks the same sheet beside it, giving stored numbers instead of
	// displayed text, and types tells which cells are numbers. (GetCellValue
	// and GetCellType would load the whole sheet into memory.)
	var raws *excelize.Rows
	var types *numberCells
	if wantRaw != nil {
		if raws, err = f.Rows(name); err != nil {
			return nil, &Error{Code: CodeUnreadable, Err: err}
		}
		defer raws.Close()
		types = openNumberCells(zr)
		defer types.close()
	}
	sh = &sheet{}
	var numeric []bool
	for n := 1; it.Next(); n++ {
		if n > MaxSheetRows {
			return nil, &Error{Code: CodeSheetTooLong, Row: n, Err: fmt.Errorf("rows past %d", MaxSheetRows)}
		}
		cells, err := it.Columns()
		if err != nil {
			return nil, &Error{Code: CodeUnreadable, Row: n, Err: err}
		}
		var rawCells []string
		if raws != nil {
			if !raws.Next() {
				return nil, &Error{Code: CodeUnreadable, Row: n, Err: errors.New("raw reader ended early")}
			}
			if rawCells, err = raws.Columns(excelize.Options{RawCellValue: true}); err != nil {
				return nil, &Error{Code: CodeUnreadable, Row: n, Err: err}
			}
		}
		if len(cells) > MaxColumns || len(rawCells) > MaxColumns {
			return nil, &Error{Code: CodeTooManyColumns, Row: n, Err: fmt.Errorf("a cell past column %d", MaxColumns)}
		}
		if sh.header == nil && len(cells) > 0 {
			cells[0] = strings.TrimLeft(cells[0], "\uFEFF")
		}
		if blank(cells) {
			continue
		}
		if sh.header == nil {
			sh.header, sh.headerRow = cells, n
			if wantRaw != nil {
				numeric = wantRaw(cells)
			}
			continue
		}
		if len(sh.rows) == MaxRows {
			return nil, &Error{Code: CodeTooManyRows, Err: fmt.Errorf("over %d rows", MaxRows)}
		}
		if len(cells) > len(sh.header) {
			// Cells right of the header belong to no column: not kept.
			cells = cells[:len(sh.header):len(sh.header)]
		}
		row := sheetRow{n: n, cells: cells}
		var isNumber map[int]bool
		if types != nil {
			isNumber = types.numbers(n)
		}
		for i, c := range cells {
			if i >= len(numeric) || !numeric[i] || i >= len(rawCells) || !isNumber[i] {
				continue
			}
			// The number stored, not its display ("Rp 85,000" stores 85000).
			raw := strings.TrimSpace(rawCells[i])
			if raw == "" || strings.TrimSpace(c) == "" {
				continue
			}
			if row.raw == nil {
				row.raw = map[int]string{}
			}
			row.raw[i] = raw
		}
		sh.rows = append(sh.rows, row)
	}
	if err := it.Error(); err != nil {
		return nil, &Error{Code: CodeUnreadable, Err: err}
	}
	return sh, nil
}

// checkZip refuses a workbook whose parts would expand past MaxUnzipBytes,
// or that has more than maxZipParts parts, from the zip's directory alone.
// The sizes there are what archive/zip (and so excelize) holds each part
// to while expanding it, so a part cannot lie its way past the check.
func checkZip(data []byte) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Err: err}
	}
	if len(zr.File) > maxZipParts {
		return nil, &Error{Code: CodeUnreadable, Err: fmt.Errorf("%d parts in the workbook", len(zr.File))}
	}
	var total uint64
	var strings *zip.File
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > MaxUnzipBytes || total > MaxUnzipBytes {
			return nil, &Error{Code: CodeUnzipTooBig, Err: fmt.Errorf("expands past %d bytes", MaxUnzipBytes)}
		}
		if isSharedStrings(zf.Name) {
			strings = zf
		}
	}
	if strings != nil {
		// excelize loads the whole table, at a few hundred bytes a text:
		// a small file of millions of one-letter texts would take gigabytes.
		n, err := countSharedStrings(strings)
		if err != nil {
			return nil, &Error{Code: CodeUnreadable, Err: err}
		}
		if n > MaxStrings {
			return nil, &Error{Code: CodeTooManyStrings, Err: fmt.Errorf("over %d shared strings", MaxStrings)}
		}
	}
	return zr, nil
}

// isSharedStrings reports whether a zip part is the workbook's shared
// strings table, as excelize finds it.
func isSharedStrings(name string) bool {
	return strings.EqualFold(strings.ReplaceAll(name, "\\", "/"), "xl/sharedStrings.xml")
}

// countSharedStrings counts the <si> items of the shared strings table by
// scanning its bytes (no XML decoding, constant memory), stopping once
// past MaxStrings. Text cannot hold a raw "<", so every "<si>", "<si "
// (or with a namespace prefix, ":si>", ":si ") opens an item.
func countSharedStrings(zf *zip.File) (int, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	const keep = 3 // bytes carried over between chunks: a pattern is 4 long
	buf := make([]byte, 64<<10)
	n, carry := 0, 0
	for n <= MaxStrings {
		m, err := rc.Read(buf[carry:])
		chunk := buf[:carry+m]
		for i := 0; i+3 < len(chunk); i++ {
			if (chunk[i] == '<' || chunk[i] == ':') && chunk[i+1] == 's' && chunk[i+2] == 'i' &&
				(chunk[i+3] == '>' || chunk[i+3] == ' ' || chunk[i+3] == '\t' || chunk[i+3] == '\n' || chunk[i+3] == '\r') {
				n++
			}
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return 0, err
		}
		carry = copy(buf, chunk[max(0, len(chunk)-keep):])
	}
	return n, nil
}
