package console

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dropbot/dropbot/flows/catalog"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// MIME types of the catalogue files the bot reads (as store.SaveMedia
// sniffs them).
const (
	mimeCSV  = "text/csv"
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// Limits of the import report in chat.
const (
	maxImportErrorLines = 25 // row problems listed one by one; the rest are counted
	maxUnsafeLines      = 10 // unsafe manual prices listed after an import
)

// importColumns are the canonical column names of flows/catalog, each with
// an "import.col.<name>" label.
var importColumns = []string{"sku", "name", "variant", "supplier", "cost", "price", "weight_g", "stock", "category", "description", "photo"}

// importRowCodes are catalog's RowError codes, each with an
// "import.row.<code>" message.
var importRowCodes = []string{
	catalog.CodeMissingColumn, catalog.CodeEmptyRequired, catalog.CodeBadMoney, catalog.CodeNegative,
	catalog.CodeBadNumber, catalog.CodeUnknownSupplier, catalog.CodeDuplicate, catalog.CodeBadPhoto,
	catalog.CodeTooLong, catalog.CodeBadEncoding, catalog.CodeRagged, catalog.CodeNotASCII,
}

// importFileCodes are catalog's fatal *Error codes, each with an
// "import.err.<code>" message.
var importFileCodes = []string{
	catalog.CodeUnsupportedFormat, catalog.CodeMissingColumn, catalog.CodeDuplicateColumn,
	catalog.CodeTooBig, catalog.CodeTooManyRows, catalog.CodeUnreadable, catalog.CodeUnzipTooBig,
	catalog.CodeSheetTooLong, catalog.CodeTooManyColumns, catalog.CodeTooManyStrings,
}

// ownerImportFile imports a CSV/XLSX catalogue the owner sent to the bot,
// within this message's transaction, with the same rules as `dropbot
// import` except photos (a file in chat has no folder of photos beside it).
// Good rows are saved; bad rows are reported with their row number and
// reason and never block the good ones.
func (t *turn) ownerImportFile(m *chat.Media) error {
	if !t.OwnerOnly() {
		return nil
	}
	if m.TooBig {
		t.Reply(t.P.T("import.too_big", "max", store.MaxMediaBytes>>20))
		return nil
	}
	if m.MediaID == 0 {
		t.Reply(t.P.T("import.err.unreadable"))
		return nil
	}
	md, err := t.Tx.MediaByID(m.MediaID)
	if err != nil {
		return err
	}
	if strings.HasPrefix(md.MIME, "image/") {
		// A photo sent as a file (uncompressed) is still a product photo.
		return t.ownerCatalogPhoto(m)
	}
	name, ok := importFileName(md, m.FileName)
	if !ok {
		key := "import.not_catalogue"
		if strings.EqualFold(filepath.Ext(m.FileName), ".xls") {
			key = "import.old_excel"
		}
		t.Reply(t.P.T(key))
		return nil
	}
	f, err := os.Open(filepath.Join(t.Env.MediaDir, md.RelPath()))
	if err != nil {
		return fmt.Errorf("open the catalogue file: %w", err)
	}
	defer f.Close()
	rep, err := catalog.ImportTx(t.Tx, name, f, catalog.Options{})
	var fe *catalog.Error
	if errors.As(err, &fe) {
		t.Reply(fe.Message(t.P))
		return nil
	}
	if err != nil {
		return err
	}
	text, err := t.importReport(rep)
	if err != nil {
		return err
	}
	t.Reply(text)
	return nil
}

// importFileName picks the format from the stored file's sniffed type, or
// from the sender's file name when sniffing cannot tell (a CSV sent as
// text/plain, an XLSX as a zip). The name returned only carries the
// extension catalog reads; the sender's name is never used as a path.
func importFileName(md store.Media, senderName string) (string, bool) {
	ext := strings.ToLower(filepath.Ext(senderName))
	switch {
	case md.MIME == mimeCSV:
		return "katalog.csv", true
	case md.MIME == mimeXLSX:
		return "katalog.xlsx", true
	case ext == ".csv" && strings.HasPrefix(md.MIME, "text/plain"):
		return "katalog.csv", true
	case ext == ".xlsx" && md.MIME == "application/zip":
		return "katalog.xlsx", true
	}
	return "", false
}

// importReport writes the result of an import: counts, the problems row by
// row, the columns ignored, and the manual prices now below the safe floor.
func (t *turn) importReport(rep catalog.Report) (string, error) {
	var b strings.Builder
	b.WriteString(t.P.T("import.done", "rows", rep.Rows, "created", rep.Created, "updated", rep.Updated,
		"skipped", rep.Skipped()))
	if len(rep.Errors) > 0 {
		b.WriteString("\n\n" + t.P.T("import.problems_head"))
		for i, e := range rep.Errors {
			if i == maxImportErrorLines {
				b.WriteString("\n" + t.P.T("import.problems_more", "count", len(rep.Errors)-i))
				break
			}
			b.WriteString("\n" + e.Message(t.P))
		}
		b.WriteString("\n" + t.P.T("import.fix_hint"))
	}
	if len(rep.IgnoredColumns) > 0 {
		b.WriteString("\n\n" + t.P.T("import.ignored", "columns", strings.Join(rep.IgnoredColumns, ", ")))
	}
	unsafe, err := t.unsafePrices()
	if err != nil {
		return "", err
	}
	if len(unsafe) > 0 {
		b.WriteString("\n\n" + t.P.T("import.unsafe_head"))
		for i, line := range unsafe {
			if i == maxUnsafeLines {
				b.WriteString("\n" + t.P.T("import.problems_more", "count", len(unsafe)-i))
				break
			}
			b.WriteString("\n" + line)
		}
	}
	return b.String(), nil
}

// unsafePrices lists the visible variants whose manual price (retail or
// reseller) is below cost + that tier's minimum margin: an import writes
// the prices it is given, so the owner is told which ones lose money.
func (t *turn) unsafePrices() ([]string, error) {
	rules, err := t.Rules()
	if err != nil {
		return nil, err
	}
	vs, err := t.Tx.ActiveVariants()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, v := range vs {
		for _, tier := range []struct {
			price decimal.NullDecimal
			rule  string
		}{{v.Price, store.PriceTierRetail}, {v.ResellerPrice, store.PriceTierReseller}} {
			if !tier.price.Valid {
				continue
			}
			floor := v.Cost.Add(ruleOf(rules, tier.rule).MinMargin)
			if tier.price.Decimal.LessThan(floor) {
				out = append(out, t.P.T("import.unsafe_line", "sku", v.SKU, "variant", t.variantName(v.Name),
					"tier", t.P.T("prod.tier."+tier.rule), "price", locales.FormatRupiah(tier.price.Decimal),
					"floor", locales.FormatRupiah(floor)))
			}
		}
	}
	return out, nil
}
