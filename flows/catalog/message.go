package catalog

import (
	"strings"

	"github.com/dropbot/dropbot/locales"
)

// Message says what went wrong with the whole file, in p's language, with
// the limit that was passed and what to do about it ("import.err.<code>").
func (e *Error) Message(p locales.Printer) string {
	cols := make([]string, len(e.Columns))
	for i, c := range e.Columns {
		cols[i] = p.T("import.col." + c)
	}
	return p.T("import.err."+e.Code, "columns", strings.Join(cols, ", "), "row", e.Row,
		"max_rows", MaxRows, "max", MaxFileBytes>>20, "max_unzip", MaxUnzipBytes>>20,
		"max_sheet_rows", MaxSheetRows, "max_columns", MaxColumns, "max_strings", MaxStrings)
}

// Message says what is wrong with one row, in p's language: "Row 5,
// column cost: "abc" is not an amount of rupiah (e.g. 85000 …)" — where,
// the value, and what to write instead (import.row.<code>).
func (e RowError) Message(p locales.Printer) string {
	where := p.T("import.at_row", "row", e.Row)
	if e.Column != "" {
		where = p.T("import.at_row_column", "row", e.Row, "column", p.T("import.col."+e.Column))
	}
	key := "import.row." + e.Code
	if e.Hint != "" {
		key += "_hint"
	}
	return p.T("import.problem_line", "where", where, "reason", p.T(key, "value", e.Value, "hint", e.Hint))
}
