// Package catalog imports a shop's catalogue from a CSV or XLSX file: the
// `dropbot import FILE` command and, later, a file the owner sends in chat.
//
// The file has a header row and one product variant per row. Required
// columns: sku, name, supplier, cost. Optional: variant, price, weight_g,
// stock, category, description, photo. Headers are matched without regard
// to case, spacing, "_" or "-", a trailing unit in brackets ("Harga Modal
// (Rp)") and a byte-order mark, and Indonesian names are accepted (see
// header.go). Unknown columns are ignored and listed in the Report.
//
// Cell rules (see cells.go for the exact grammar):
//   - A cell holding only "-" counts as empty. An empty optional cell keeps
//     what the shop already has (weight, stock, category, description, photo,
//     and the price override); it never clears it.
//   - cost and price are Rupiah as Indonesians write them ("85000", "85.000",
//     "Rp85.000", "85rb"); a numeric XLSX cell is read as the number it holds.
//     price, when given, is stored as a retail price override; otherwise the
//     markup rules compute the price when it is shown. A price of 0 is refused.
//   - stock is a whole number >= 0, or "habis"/"kosong" for 0.
//   - weight_g is whole grams: "250", "250g", "250 gr", "1.000" (= 1000 g with
//     a thousands dot), or kilograms with a unit: "0,25kg", "0.25 kg", "1,5 kg"
//     (one dot or comma with kilograms is always a decimal point, so "1.250 kg"
//     is 1250 g). Under a header that names kilograms ("berat (kg)", "weight_kg")
//     a number without unit is kilograms.
//   - supplier is the supplier's code, any case; "sendiri", "own", "own stock"
//     or "stok sendiri" mean the owner's own stock.
//   - photo is a path relative to Options.PhotoRoot ("/" or "\" separated).
//
// Rows are keyed by sku + variant (case-insensitive, as the books compare
// them), so importing the same file again updates instead of duplicating.
// When several rows share a sku, the product's name, category, description
// and supplier come from the last of them.
package catalog

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/store"
)

// Limits of one import.
const (
	MaxFileBytes  = 20 << 20 // a bigger file is refused with "too_big"
	MaxRows       = 20000    // more non-blank data rows are refused with "too_many_rows"
	MaxCellRunes  = 2000     // a longer cell is a "too_long" row error
	MaxUnzipBytes = 32 << 20 // an XLSX whose parts expand to more is refused with "unzip_too_big"
	MaxSheetRows  = 100000   // an XLSX sheet running past this row (blank rows too) is refused with "sheet_too_long"
	MaxColumns    = 100      // a cell past this column is refused with "too_many_columns"
	MaxStrings    = 200000   // an XLSX whose shared-strings table holds more texts is refused with "too_many_strings"
	MaxPhotoBytes = 5 << 20  // a bigger photo is a "bad_photo" row error
	maxValueRunes = 60       // RowError.Value is cut to this many runes
)

// Codes of a fatal *Error.
const (
	CodeUnsupportedFormat = "unsupported_format" // the name's extension is not .csv or .xlsx
	CodeMissingColumn     = "missing_column"     // the header lacks a required column (also a RowError code)
	CodeDuplicateColumn   = "duplicate_column"   // two header cells name the same column ("harga" and "price")
	CodeTooBig            = "too_big"            // over MaxFileBytes
	CodeTooManyRows       = "too_many_rows"      // over MaxRows
	CodeUnreadable        = "unreadable"         // not a CSV/XLSX, damaged, no header, or a quote never closed
	CodeUnzipTooBig       = "unzip_too_big"      // an XLSX expanding past MaxUnzipBytes (a zip bomb, or a huge sheet)
	CodeSheetTooLong      = "sheet_too_long"     // an XLSX sheet running past row MaxSheetRows (Row says where)
	CodeTooManyColumns    = "too_many_columns"   // a cell past column MaxColumns (Row says where)
	CodeTooManyStrings    = "too_many_strings"   // an XLSX shared-strings table over MaxStrings texts (each costs memory to load)
)

// Codes of a RowError.
const (
	CodeEmptyRequired   = "empty_required"   // a required cell is empty
	CodeBadMoney        = "bad_money"        // cost/price is not an amount of money (or price is 0)
	CodeNegative        = "negative"         // a number below zero
	CodeBadNumber       = "bad_number"       // stock/weight is not a whole number (or absurdly big)
	CodeUnknownSupplier = "unknown_supplier" // no supplier has that code (and Options.CreateSuppliers is off)
	CodeDuplicate       = "duplicate"        // the same sku+variant appeared earlier in the file
	CodeBadPhoto        = "bad_photo"        // the photo is missing, outside PhotoRoot, not an image, too big, or a URL
	CodeBadPostal       = "bad_postal"       // origin_postal_code is not a 5-digit kode pos
	CodeTooLong         = "too_long"         // a cell over MaxCellRunes characters
	CodeBadEncoding     = "bad_encoding"     // a cell with characters that could not be decoded
	CodeRagged          = "ragged"           // CSV: more non-empty cells than header columns (columns shifted?)
	CodeNotASCII        = "not_ascii"        // a SKU with characters outside plain ASCII (a Cyrillic М in "GМS-01"); Hint may suggest the ASCII one
)

// Options tune an import.
type Options struct {
	MediaDir        string // where store.SaveMedia writes photos (data/media); "" = photos not allowed
	PhotoRoot       string // photo cells are paths relative to this directory (the imported file's); "" = photos not allowed
	CreateSuppliers bool   // an unknown supplier code creates that supplier (name = code) instead of rejecting the row
}

// RowError is one problem with one row; the row is skipped.
type RowError struct {
	Row    int    // 1-based row number as a spreadsheet shows it (the header is row 1)
	Column string // canonical column name ("cost", "sku", …); "" when about the whole row
	Code   string // one of the Code* row codes
	Value  string // the offending cell, at most 60 characters ("url" for a photo URL)
	Hint   string // what to write instead, when the import can tell ("" otherwise)
}

// Report tells what an import did.
type Report struct {
	Created, Updated int        // variants created and updated
	Errors           []RowError // in row order; a row may have several
	Rows             int        // non-blank data rows read
	IgnoredColumns   []string   // header cells that name no known column, as written (cut to 60 characters)
}

// Skipped is the number of rows not imported because of errors.
func (r Report) Skipped() int { return r.Rows - r.Created - r.Updated }

// Error is a problem with the whole file; nothing was imported.
type Error struct {
	Code    string   // one of the fatal Code* codes
	Columns []string // missing_column, duplicate_column: the canonical column names
	Row     int      // unreadable: the row where reading failed, when known
	Err     error    // the cause, for logs
}

func (e *Error) Error() string {
	msg := "catalog: " + e.Code
	if len(e.Columns) > 0 {
		msg += " " + strings.Join(e.Columns, ",")
	}
	if e.Row > 0 {
		msg += fmt.Sprintf(" at row %d", e.Row)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Import reads the catalogue in r (name's extension picks the format) and
// writes its good rows in one transaction. Bad rows are reported in the
// Report and skipped. A problem with the whole file returns an *Error and
// imports nothing; a missing column is also listed in Report.Errors.
func Import(ctx context.Context, db *store.DB, name string, r io.Reader, opt Options) (Report, error) {
	job, rep, err := prepare(name, r, opt)
	if err != nil {
		return rep, err
	}
	defer job.close()
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	err = db.Update(ctx, func(tx *store.Tx) error { return job.write(tx) })
	return job.report(rep, err)
}

// ImportTx is Import inside a transaction the caller already holds (a
// file the owner sends in chat is imported within that message's
// transaction). It reads the whole file before writing. On an error of the
// books the caller must roll tx back; bad rows are reported as by Import.
func ImportTx(tx *store.Tx, name string, r io.Reader, opt Options) (Report, error) {
	job, rep, err := prepare(name, r, opt)
	if err != nil {
		return rep, err
	}
	defer job.close()
	return job.report(rep, job.write(tx))
}

// importJob is a file read and checked, ready to be written.
type importJob struct {
	rows            []parsedRow
	photos          *photoStore
	createSuppliers bool
	created         int
	updated         int
}

// prepare reads the file and checks every row without the books. A problem
// with the whole file is an *Error (rep may list a missing column).
func prepare(name string, r io.Reader, opt Options) (*importJob, Report, error) {
	var rep Report
	sh, err := readSheet(name, r, numericColumns)
	if err != nil {
		return nil, rep, err
	}
	cols := mapHeader(sh.header)
	rep.IgnoredColumns = cols.ignored
	if len(cols.duplicate) > 0 {
		return nil, rep, &Error{Code: CodeDuplicateColumn, Columns: cols.duplicate}
	}
	if len(cols.missing) > 0 {
		for _, c := range cols.missing {
			rep.Errors = append(rep.Errors, RowError{Row: sh.headerRow, Column: c, Code: CodeMissingColumn})
		}
		return nil, rep, &Error{Code: CodeMissingColumn, Columns: cols.missing}
	}

	rep.Rows = len(sh.rows)
	job := &importJob{rows: make([]parsedRow, len(sh.rows)), createSuppliers: opt.CreateSuppliers}
	rows := job.rows
	firstSeen := make(map[string]bool, len(sh.rows))
	for i, sr := range sh.rows {
		rows[i] = parseRow(sr, cols, sh.csv, opt)
		if rows[i].sku == "" {
			continue
		}
		key := foldKey(rows[i].sku) + "\x00" + foldKey(rows[i].variant)
		if firstSeen[key] {
			v := rows[i].sku
			if rows[i].variant != "" {
				v += " / " + rows[i].variant
			}
			rows[i].fail(fSKU, CodeDuplicate, v)
		}
		firstSeen[key] = true
	}
	if cols.has(fPhoto) && opt.PhotoRoot != "" && opt.MediaDir != "" {
		job.photos = openPhotos(opt.PhotoRoot, opt.MediaDir)
	}
	return job, rep, nil
}

func (j *importJob) close() { j.photos.close() }

// write writes the good rows. It may run again (db.Update retries), so it
// starts from the checks that need no database each time.
func (j *importJob) write(tx *store.Tx) error {
	j.created, j.updated = 0, 0
	sup := supplierCache{tx: tx, create: j.createSuppliers, ids: map[string]int64{}}
	for i := range j.rows {
		pr := &j.rows[i]
		pr.txErrs = pr.txErrs[:0]
		if err := importRow(tx, pr, &sup, j.photos); err != nil {
			return err
		}
		if len(pr.errs)+len(pr.txErrs) > 0 {
			continue
		}
		if pr.created {
			j.created++
		} else {
			j.updated++
		}
	}
	return nil
}

// report completes rep with the rows' errors (in row order) and, when the
// write succeeded, the counts.
func (j *importJob) report(rep Report, err error) (Report, error) {
	for i := range j.rows {
		rep.Errors = append(rep.Errors, j.rows[i].errs...)
		rep.Errors = append(rep.Errors, j.rows[i].txErrs...)
	}
	sort.SliceStable(rep.Errors, func(a, b int) bool { return rep.Errors[a].Row < rep.Errors[b].Row })
	if err != nil {
		return rep, fmt.Errorf("catalog: import: %w", err)
	}
	rep.Created, rep.Updated = j.created, j.updated
	return rep, nil
}

// parsedRow is one data row after the checks that need no database.
type parsedRow struct {
	n        int
	sku      string
	variant  string
	supplier string // the code as written; "" with own = true for own stock
	own      bool
	row      store.CatalogRow
	photo    string // cleaned relative path, "" = none
	origin   string // the supplier's kode pos for live ongkir, "" = keep
	errs     []RowError
	txErrs   []RowError // found inside the transaction (reset if it runs again)
	created  bool
}

func (p *parsedRow) fail(f field, code, value string) {
	p.errs = append(p.errs, RowError{Row: p.n, Column: fieldNames[f], Code: code, Value: cut(value)})
}

func (p *parsedRow) failTx(f field, code, value string) {
	p.txErrs = append(p.txErrs, RowError{Row: p.n, Column: fieldNames[f], Code: code, Value: cut(value)})
}

// parseRow checks one row's cells and builds its CatalogRow (without
// supplier id and photo, which need the transaction).
func parseRow(sr sheetRow, cols columns, isCSV bool, opt Options) parsedRow {
	p := parsedRow{n: sr.n}
	var val [numFields]string // cleaned cells; "" when absent
	var ok [numFields]bool    // false: the cell failed a generic check and has its error
	for f := field(0); f < numFields; f++ {
		ok[f] = true
		i := cols.idx[f]
		if i < 0 || i >= len(sr.cells) {
			continue // a short row: the cell is empty
		}
		v := cleanCell(sr.cells[i])
		switch {
		case utf8.RuneCountInString(v) > MaxCellRunes:
			p.fail(f, CodeTooLong, v)
			ok[f] = false
		case strings.ContainsRune(v, utf8.RuneError) || strings.ContainsRune(v, 0):
			p.fail(f, CodeBadEncoding, v)
			ok[f] = false
		default:
			val[f] = v
		}
	}
	if isCSV && len(sr.cells) > len(cols.header) {
		for _, extra := range sr.cells[len(cols.header):] {
			if e := cleanCell(extra); e != "" {
				p.errs = append(p.errs, RowError{Row: sr.n, Code: CodeRagged, Value: cut(e)})
				break
			}
		}
	}
	raw := func(f field) (string, bool) {
		r, found := sr.raw[cols.idx[f]]
		return r, found && cols.idx[f] >= 0
	}
	required := func(f field) string {
		if ok[f] && val[f] == "" {
			p.fail(f, CodeEmptyRequired, "")
		}
		return val[f]
	}

	p.sku = required(fSKU)
	if ok, suggest := asciiSKU(p.sku); !ok {
		p.errs = append(p.errs, RowError{Row: p.n, Column: fieldNames[fSKU], Code: CodeNotASCII, Value: cut(p.sku), Hint: cut(suggest)})
	}
	name := required(fName)
	p.variant = val[fVariant]
	if s := required(fSupplier); s != "" {
		if isOwnStock(s) {
			p.own = true
		} else {
			p.supplier = s
		}
	}
	p.row = store.CatalogRow{SKU: p.sku, Name: name, Variant: p.variant}

	if ok[fCost] && val[fCost] != "" {
		r, isRaw := raw(fCost)
		d, code := parseMoney(val[fCost], r, isRaw)
		if code != "" {
			p.fail(fCost, code, val[fCost])
		}
		p.row.Cost = d
	} else {
		required(fCost)
	}
	if ok[fPrice] && val[fPrice] != "" {
		r, isRaw := raw(fPrice)
		d, code := parseMoney(val[fPrice], r, isRaw)
		if code == "" && d.IsZero() {
			code = CodeBadMoney
		}
		if code != "" {
			p.fail(fPrice, code, val[fPrice])
		} else {
			p.row.Price = decimal.NewNullDecimal(d)
		}
	}
	if ok[fWeight] && val[fWeight] != "" {
		r, isRaw := raw(fWeight)
		g, code := parseWeight(val[fWeight], r, isRaw, cols.weightKg)
		if code != "" {
			p.fail(fWeight, code, val[fWeight])
		} else {
			w := int(g)
			p.row.WeightG = &w
		}
	}
	if ok[fStock] && val[fStock] != "" {
		r, isRaw := raw(fStock)
		n, code := parseStock(val[fStock], r, isRaw)
		if code != "" {
			p.fail(fStock, code, val[fStock])
		} else {
			p.row.Stock = &n
		}
	}
	if ok[fCategory] && val[fCategory] != "" {
		c := val[fCategory]
		p.row.Category = &c
	}
	if ok[fDescription] && val[fDescription] != "" {
		d := val[fDescription]
		p.row.Description = &d
	}
	if ok[fOrigin] && val[fOrigin] != "" {
		if zip := strings.TrimSpace(val[fOrigin]); shipping.ValidPostalCode(zip) {
			p.origin = zip
		} else {
			p.fail(fOrigin, CodeBadPostal, val[fOrigin])
		}
	}
	if ok[fPhoto] && val[fPhoto] != "" {
		rel, value, good := checkPhotoPath(val[fPhoto], opt.PhotoRoot, opt.MediaDir)
		if !good {
			p.fail(fPhoto, CodeBadPhoto, value)
		}
		p.photo = rel
	}
	return p
}

// importRow resolves the supplier and photo of one row and writes it when
// the row has no errors. It returns an error only for a failure of the books.
func importRow(tx *store.Tx, p *parsedRow, sup *supplierCache, photos *photoStore) error {
	if p.supplier != "" {
		id, found, err := sup.lookup(p.supplier, len(p.errs) == 0)
		if err != nil {
			return err
		}
		if !found && !sup.create {
			// With create on, an unknown code is not an error; it was not
			// created only because the row has other errors.
			p.failTx(fSupplier, CodeUnknownSupplier, p.supplier)
		}
		p.row.SupplierID = id
	}
	if len(p.errs)+len(p.txErrs) > 0 {
		return nil
	}
	if p.photo != "" {
		id, bad, err := photos.save(tx, p.photo)
		if err != nil {
			return err
		}
		if bad {
			p.failTx(fPhoto, CodeBadPhoto, p.photo)
			return nil
		}
		p.row.PhotoMediaID = id
	}
	if !p.row.Price.Valid {
		keep, err := existingPrice(tx, p.sku, p.variant)
		if err != nil {
			return err
		}
		p.row.Price = keep
	}
	created, err := tx.UpsertCatalogRow(p.row)
	if err != nil {
		return fmt.Errorf("row %d: %w", p.n, err)
	}
	p.created = created
	if p.origin != "" {
		// Where this supplier's parcels leave from (own stock: the shop's).
		if err := tx.SetOrigin(p.row.SupplierID, store.Origin{PostalCode: p.origin}); err != nil {
			return fmt.Errorf("row %d origin: %w", p.n, err)
		}
	}
	return nil
}

// existingPrice returns the price override the variant has now, so that a
// row without a price keeps it (UpsertCatalogRow would clear it).
func existingPrice(tx *store.Tx, sku, variant string) (decimal.NullDecimal, error) {
	prod, err := tx.ProductBySKU(sku)
	if store.IsNotFound(err) {
		return decimal.NullDecimal{}, nil
	}
	if err != nil {
		return decimal.NullDecimal{}, err
	}
	for _, v := range prod.Variants {
		if foldKey(v.Name) == foldKey(variant) {
			return v.Price, nil
		}
	}
	return decimal.NullDecimal{}, nil
}

// supplierCache resolves supplier codes once per import.
type supplierCache struct {
	tx     *store.Tx
	create bool
	ids    map[string]int64 // folded code → id; 0 = unknown
}

// lookup finds the supplier with code; with create (and mayCreate: the row
// is otherwise good) an unknown code becomes a new supplier.
func (c *supplierCache) lookup(code string, mayCreate bool) (int64, bool, error) {
	key := foldKey(code)
	if id, seen := c.ids[key]; seen && (id != 0 || !c.create || !mayCreate) {
		return id, id != 0, nil
	}
	s, err := c.tx.SupplierByCode(code)
	switch {
	case err == nil:
		c.ids[key] = s.ID
		return s.ID, true, nil
	case !store.IsNotFound(err):
		return 0, false, fmt.Errorf("supplier: %w", err)
	}
	if !c.create || !mayCreate {
		c.ids[key] = 0
		return 0, false, nil
	}
	id, err := c.tx.AddSupplier(store.Supplier{Code: code, Name: code})
	if err != nil {
		return 0, false, fmt.Errorf("create supplier: %w", err)
	}
	c.ids[key] = id
	return id, true, nil
}

var ownStock = map[string]bool{"sendiri": true, "own": true, "own stock": true, "stok sendiri": true, "stock sendiri": true}

func isOwnStock(s string) bool {
	return ownStock[strings.Join(strings.Fields(strings.ToLower(s)), " ")]
}

// cleanCell trims spaces (including no-break spaces) and treats a lone "-"
// as empty.
func cleanCell(s string) string {
	s = strings.TrimSpace(s)
	if s == "-" {
		return ""
	}
	return s
}

// foldKey folds ASCII letters the way SQLite's NOCASE does, so the file's
// duplicate check agrees with the books' unique keys.
func foldKey(s string) string {
	b := []byte(strings.TrimSpace(s))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// cut shortens s to maxValueRunes runes for a RowError.
func cut(s string) string {
	if utf8.RuneCountInString(s) <= maxValueRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == maxValueRunes {
			return s[:i]
		}
		n++
	}
	return s
}
