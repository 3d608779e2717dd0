package report

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// A month of a big shop is 100,000 orders, 200,000 lines and 100,000
// payments: five million cells. excelize's StreamWriter allocated about
// nine values per cell (1.2 GB, 44 M allocations for that month) and the
// export took seconds of CPU, so the export writes its SpreadsheetML by
// hand: a sheet is a flat list of rows, and a cell is a few bytes appended
// to a reused buffer. Each sheet is deflated on the fly into its own temp
// file (the three grow side by side, one order at a time), and the package
// is assembled at the end with the parts in a fixed order, so the same
// books give the same bytes. excelize still reads these files back in the
// tests.

// Style ids of xlsxStyles (cellXfs in stylesXML).
const (
	styleHead  = 1
	styleDate  = 2
	styleMoney = 3
	styleCents = 4
)

// exportLevel is the deflate level of the sheets: BestSpeed costs a third
// of the default level's CPU for a file about a fifth bigger.
const exportLevel = flate.BestSpeed

// sheetWriter writes one sheet's XML, deflated, into a temp file. The
// deflating (a fifth of the export's CPU) runs in a goroutine of its own
// per sheet, beside the reading of the books and the writing of the XML.
type sheetWriter struct {
	file *os.File
	fw   *flate.Writer
	bw   *bufio.Writer
	buf  []byte
	row  int
	col  int
	gap  bool // a cell of this row was left empty: the next one names its place

	chunks chan []byte   // XML for the deflater
	free   chan []byte   // chunks it is done with, for reuse
	done   chan struct{} // closed when the deflater has stopped
	ended  bool          // chunks is closed
	// Owned by the deflater until done is closed:
	crc  hash.Hash32
	size int64 // bytes of XML written
	werr error
}

// Write is the sheetWriter's sink: it hands a copy of p to the deflater.
func (s *sheetWriter) Write(p []byte) (int, error) {
	var b []byte
	select {
	case b = <-s.free:
	default:
	}
	s.chunks <- append(b[:0], p...)
	return len(p), nil
}

// deflate takes the CRC and size of the XML and deflates it, until the
// chunks end; after an error it only drains them.
func (s *sheetWriter) deflate() {
	defer close(s.done)
	for b := range s.chunks {
		if s.werr == nil {
			s.crc.Write(b)
			s.size += int64(len(b))
			_, s.werr = s.fw.Write(b)
		}
		select {
		case s.free <- b:
		default:
		}
	}
}

// end stops the deflater and waits for it.
func (s *sheetWriter) end() error {
	if !s.ended {
		s.ended = true
		close(s.chunks)
	}
	<-s.done
	return s.werr
}

func newSheetWriter(dir string, cols []string, widths []float64, selected bool) (*sheetWriter, error) {
	f, err := os.CreateTemp(dir, "dropbot-sheet-*.xml.deflate")
	if err != nil {
		return nil, fmt.Errorf("sheet temp: %w", err)
	}
	fw, err := flate.NewWriter(f, exportLevel)
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	s := &sheetWriter{file: f, fw: fw, crc: crc32.NewIEEE(),
		chunks: make(chan []byte, 4), free: make(chan []byte, 6), done: make(chan struct{})}
	go s.deflate()
	s.bw = bufio.NewWriterSize(s, 64<<10)
	tab := ""
	if selected {
		tab = ` tabSelected="1"`
	}
	s.buf = append(s.buf, xmlHeader+`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `+
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheetViews><sheetView workbookViewId="0"`+tab+`><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`+
		`<sheetFormatPr defaultRowHeight="15"/><cols>`...)
	for i, w := range widths {
		n := strconv.Itoa(i + 1)
		s.buf = append(s.buf, `<col min="`+n+`" max="`+n+`" width="`...)
		s.buf = strconv.AppendFloat(s.buf, w, 'f', -1, 64)
		s.buf = append(s.buf, `" customWidth="1"/>`...)
	}
	s.buf = append(s.buf, `</cols><sheetData>`...)
	s.startRow()
	for _, c := range cols {
		s.str(c, styleHead)
	}
	return s, s.endRow()
}

// columnName is the letters of the 0-based column i (A … Z, AA …).
func columnName(buf []byte, i int) []byte {
	if i >= 26 {
		buf = columnName(buf, i/26-1)
	}
	return append(buf, byte('A'+i%26))
}

func (s *sheetWriter) startRow() {
	s.row++
	s.col = 0
	s.gap = false
	s.buf = append(s.buf, `<row r="`...)
	s.buf = strconv.AppendInt(s.buf, int64(s.row), 10)
	s.buf = append(s.buf, `">`...)
}

// endRow hands the row to the deflater.
func (s *sheetWriter) endRow() error {
	s.buf = append(s.buf, `</row>`...)
	_, err := s.bw.Write(s.buf)
	s.buf = s.buf[:0]
	return err
}

// cell opens the next cell (with its style and type): the caller appends
// the value and closes it. A cell's reference (r="C7") is optional in
// SpreadsheetML while the cells follow each other; it is written only
// after an empty cell, which keeps a fifth of the bytes out of the
// deflater.
func (s *sheetWriter) cell(style int, typ string) {
	s.buf = append(s.buf, `<c`...)
	if s.gap {
		s.buf = append(s.buf, ` r="`...)
		s.buf = columnName(s.buf, s.col)
		s.buf = strconv.AppendInt(s.buf, int64(s.row), 10)
		s.buf = append(s.buf, '"')
	}
	if style != 0 {
		s.buf = append(s.buf, ` s="`...)
		s.buf = strconv.AppendInt(s.buf, int64(style), 10)
		s.buf = append(s.buf, '"')
	}
	if typ != "" {
		s.buf = append(s.buf, ` t="`+typ+`"`...)
	}
	s.buf = append(s.buf, '>')
	s.col++
}

// skip leaves the next cell empty.
func (s *sheetWriter) skip() {
	s.col++
	s.gap = true
}

// str writes a text cell; an empty text leaves the cell empty.
func (s *sheetWriter) str(v string, style int) {
	if v == "" {
		s.skip()
		return
	}
	s.cell(style, "inlineStr")
	if strings.TrimSpace(v) != v {
		s.buf = append(s.buf, `<is><t xml:space="preserve">`...)
	} else {
		s.buf = append(s.buf, `<is><t>`...)
	}
	s.buf = appendEscaped(s.buf, v)
	s.buf = append(s.buf, `</t></is></c>`...)
}

func (s *sheetWriter) int(v int64) {
	s.cell(0, "")
	s.buf = append(s.buf, `<v>`...)
	s.buf = strconv.AppendInt(s.buf, v, 10)
	s.buf = append(s.buf, `</v></c>`...)
}

// money writes the decimal exactly: as a number when its text is one a
// spreadsheet reads back unchanged (a whole amount of up to 15 digits, or
// one whose shortest float text is the decimal's own), else as text
// rather than rounded.
func (s *sheetWriter) money(d decimal.Decimal) {
	if !s.smallMoney(d) {
		s.bigMoney(d)
	}
}

// bigMoney is money for any decimal.
func (s *sheetWriter) bigMoney(d decimal.Decimal) {
	if d.IsInteger() && d.Abs().LessThan(decimal.New(1, 15)) {
		s.cell(styleMoney, "")
		s.buf = append(s.buf, `<v>`...)
		s.buf = strconv.AppendInt(s.buf, d.IntPart(), 10)
		s.buf = append(s.buf, `</v></c>`...)
		return
	}
	text := d.String()
	if strconv.FormatFloat(d.InexactFloat64(), 'f', -1, 64) == text {
		s.cell(styleCents, "")
		s.buf = append(s.buf, `<v>`...)
		s.buf = append(s.buf, text...)
		s.buf = append(s.buf, `</v></c>`...)
		return
	}
	s.str(text, styleCents)
}

// smallMoney is money's common case without big-number arithmetic (a
// fifth of the export's time went there): a coefficient of at most 15
// digits is written as its digits with the point put in, which is the
// decimal's own text; a spreadsheet reads such a number back unchanged
// (15 significant digits survive a float64) when it has no trailing zero
// after the point. Anything else is left to money.
func (s *sheetWriter) smallMoney(d decimal.Decimal) bool {
	exp := d.Exponent()
	if exp > 0 || exp < -15 || d.NumDigits() > 15 {
		return false
	}
	c := d.CoefficientInt64()
	if exp < 0 && c%10 == 0 {
		return false
	}
	style := styleMoney
	if exp < 0 {
		style = styleCents
	}
	s.cell(style, "")
	s.buf = append(s.buf, `<v>`...)
	if exp == 0 {
		s.buf = strconv.AppendInt(s.buf, c, 10)
	} else {
		if c < 0 {
			s.buf = append(s.buf, '-')
			c = -c
		}
		var digits [20]byte
		t := strconv.AppendInt(digits[:0], c, 10)
		point := len(t) + int(exp)
		if point <= 0 {
			s.buf = append(s.buf, '0', '.')
			for range -point {
				s.buf = append(s.buf, '0')
			}
			s.buf = append(s.buf, t...)
		} else {
			s.buf = append(s.buf, t[:point]...)
			s.buf = append(s.buf, '.')
			s.buf = append(s.buf, t[point:]...)
		}
	}
	s.buf = append(s.buf, `</v></c>`...)
	return true
}

// excelEpoch is day 0 of a spreadsheet's dates (1900 system).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// date writes t as a date-time in loc, to the millisecond; a zero t
// leaves the cell empty.
func (s *sheetWriter) date(t time.Time, loc *time.Location) {
	if t.IsZero() {
		s.skip()
		return
	}
	w := t.In(loc)
	wall := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), time.UTC)
	ms := wall.Sub(excelEpoch).Milliseconds()
	s.cell(styleDate, "")
	s.buf = append(s.buf, `<v>`...)
	s.buf = strconv.AppendFloat(s.buf, float64(ms)/float64(24*time.Hour/time.Millisecond), 'f', -1, 64)
	s.buf = append(s.buf, `</v></c>`...)
}

// finish ends the sheet and flushes it to its file.
func (s *sheetWriter) finish() error {
	if _, err := s.bw.WriteString(`</sheetData></worksheet>`); err != nil {
		return err
	}
	if err := s.bw.Flush(); err != nil {
		return err
	}
	if err := s.end(); err != nil {
		return err
	}
	return s.fw.Close()
}

func (s *sheetWriter) close() {
	s.end()
	s.file.Close()
	os.Remove(s.file.Name())
}

// copyTo adds the sheet to the package as name, its deflated bytes as
// they are.
func (s *sheetWriter) copyTo(zw *zip.Writer, name string) error {
	compressed, err := s.file.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: s.crc.Sum32(),
		CompressedSize64: uint64(compressed), UncompressedSize64: uint64(s.size)})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, s.file)
	return err
}

// appendEscaped appends v as XML text: markup characters escaped, and the
// characters XML 1.0 cannot hold (most control characters, broken UTF-8)
// replaced by U+FFFD.
func appendEscaped(buf []byte, v string) []byte {
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				buf = append(buf, "&amp;"...)
			case c == '<':
				buf = append(buf, "&lt;"...)
			case c == '>':
				buf = append(buf, "&gt;"...)
			case c == '"':
				buf = append(buf, "&quot;"...)
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
				buf = append(buf, "\uFFFD"...)
			default:
				buf = append(buf, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(v[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			buf = append(buf, "\uFFFD"...)
		} else {
			buf = append(buf, v[i:i+n]...)
		}
		i += n
	}
	return buf
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// The fixed parts of the package.
const (
	contentTypesXML = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`</Types>`
	rootRelsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
		`</Relationships>`
	appXML = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
		`<Application>dropbot</Application></Properties>`
	workbookRelsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/>` +
		`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`</Relationships>`
	// Number formats: [$Rp-421] is the Rupiah symbol of the Indonesian
	// locale; the separators follow the reader's spreadsheet settings.
	stylesXML = xmlHeader + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>` +
		`<numFmt numFmtId="165" formatCode="[$Rp-421]#,##0"/><numFmt numFmtId="166" formatCode="[$Rp-421]#,##0.00"/></numFmts>` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
		`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
		`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
		`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
		`<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
)

func workbookXML(sheets [3]string) []byte {
	b := []byte(xmlHeader + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, name := range sheets {
		n := strconv.Itoa(i + 1)
		b = append(b, `<sheet name="`...)
		b = appendEscaped(b, name)
		b = append(b, `" sheetId="`+n+`" r:id="rId`+n+`"/>`...)
	}
	return append(b, `</sheets></workbook>`...)
}

func coreXML(generated time.Time) []byte {
	at := generated.UTC().Format(time.RFC3339)
	return []byte(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:creator>dropbot</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + at + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + at + `</dcterms:modified></cp:coreProperties>`)
}

// writePackage writes the XLSX: the fixed parts, then the three sheets.
func writePackage(w io.Writer, sheets [3]*sheetWriter, names [3]string, generated time.Time) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, exportLevel)
	})
	for _, part := range []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(contentTypesXML)},
		{"_rels/.rels", []byte(rootRelsXML)},
		{"docProps/app.xml", []byte(appXML)},
		{"docProps/core.xml", coreXML(generated)},
		{"xl/_rels/workbook.xml.rels", []byte(workbookRelsXML)},
		{"xl/styles.xml", []byte(stylesXML)},
		{"xl/workbook.xml", workbookXML(names)},
	} {
		pw, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := pw.Write(part.data); err != nil {
			return err
		}
	}
	for i, s := range sheets {
		if err := s.copyTo(zw, "xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml"); err != nil {
			return fmt.Errorf("xlsx sheet %d: %w", i+1, err)
		}
	}
	return zw.Close()
}
