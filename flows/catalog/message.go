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
		"max_sheet_rows", MaxSheetRows, "max_columns", MaxColumns)
}
