package report

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// ExportLabels are the words written inside the export file: the sheet
// names (orders, items, payments), their columns, the "sale" column's
// yes and no, and the words for payment directions and statuses.
type ExportLabels struct {
	Sheets  [3]string
	Columns [3][]string
	Yes, No string
	Words   map[string]string // a code ("in", "confirmed") → its word; a code without one is written as it is
}

func (l ExportLabels) word(code string) string {
	if w, ok := l.Words[code]; ok {
		return w
	}
	return code
}

// Labels are the export's words in the printer's language (Indonesian
// sheets hold no English: issue 22).
func Labels(p locales.Printer) ExportLabels {
	cols := func(s string) []string { return strings.Split(s, ",") }
	return ExportLabels{
		Sheets: [3]string{p.T("export.sheet.orders"), p.T("export.sheet.items"), p.T("export.sheet.payments")},
		Columns: [3][]string{cols(p.T("export.columns.orders")), cols(p.T("export.columns.items")),
			cols(p.T("export.columns.payments"))},
		Yes: p.T("export.yes"), No: p.T("export.no"),
		Words: map[string]string{
			"in": p.T("export.direction.in"), "out": p.T("export.direction.out"),
			"pending": p.T("export.payment.pending"), "confirmed": p.T("export.payment.confirmed"),
			"rejected": p.T("export.payment.rejected"),
		},
	}
}

// ExportCounts tells what an export file holds.
type ExportCounts struct {
	Orders, Items, Payments int
}

// WriteXLSX writes the orders created in the period, with their items and
// payments, as an XLSX into w, row by row as the books give them: memory
// stays flat however many orders the period holds. Temporary files go to
// tmpDir ("" = the system's temp directory) and are removed. The columns
// are those of XLSX, named by l; the same books give the same bytes.
func WriteXLSX(tx *store.Tx, w io.Writer, p Period, loc *time.Location, generated time.Time, l ExportLabels,
	tmpDir string) (ExportCounts, error) {
	each := func(fn func(*store.ReportOrder) error) error { return tx.EachReportOrder(p.From, p.To, fn) }
	return writeXLSX(w, each, loc, generated, l, tmpDir)
}

// Document size limits of the chat platforms (Telegram's Bot API sends
// files up to 50 MB, WhatsApp documents up to 100 MB).
const (
	TelegramMaxBytes int64 = 50 << 20
	WhatsAppMaxBytes int64 = 100 << 20
)

// MaxExportBytes is the biggest file a chat on channel may receive; an
// unknown channel (the playground) gets Telegram's, the smaller.
func MaxExportBytes(channel string) int64 {
	if channel == "whatsapp" {
		return WhatsAppMaxBytes
	}
	return TelegramMaxBytes
}

// ExportFile is one file of an export: the part of the period it covers,
// where it was written and what it holds.
type ExportFile struct {
	Period Period
	Path   string
	Size   int64
	ExportCounts
}

// ExportParts writes the export of the period into dir as one file, or,
// when that file is bigger than limit, as several files that split the
// period into runs of whole days (halves, then halves of those, …), each
// within the limit. A single day still over the limit is returned with
// TooBig set (and its file removed); the caller says so (export.too_big).
// The caller removes the files it got once it has stored them.
func ExportParts(tx *store.Tx, dir string, p Period, loc *time.Location, generated time.Time, l ExportLabels,
	limit int64) (files []ExportFile, tooBig *Period, err error) {
	var write func(p Period) error
	write = func(p Period) error {
		f, err := writeFile(tx, dir, p, loc, generated, l)
		if err != nil {
			return err
		}
		if f.Size <= limit {
			files = append(files, f)
			return nil
		}
		os.Remove(f.Path)
		days := p.Days()
		if days <= 1 {
			tooBig = &p
			return nil
		}
		mid := p.From.AddDate(0, 0, days/2)
		for _, half := range []Period{{From: p.From, To: mid, Kind: KindRange}, {From: mid, To: p.To, Kind: KindRange}} {
			if err := write(half); err != nil || tooBig != nil {
				return err
			}
		}
		return nil
	}
	if err := write(p); err != nil || tooBig != nil {
		for _, f := range files {
			os.Remove(f.Path)
		}
		return nil, tooBig, err
	}
	return files, nil, nil
}

func writeFile(tx *store.Tx, dir string, p Period, loc *time.Location, generated time.Time, l ExportLabels) (ExportFile, error) {
	out := ExportFile{Period: p}
	f, err := os.CreateTemp(dir, "ekspor-*.xlsx")
	if err != nil {
		return out, fmt.Errorf("export file: %w", err)
	}
	out.Path = f.Name()
	out.ExportCounts, err = WriteXLSX(tx, f, p, loc, generated, l, dir)
	if err == nil {
		out.Size, err = f.Seek(0, io.SeekCurrent)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Path)
		return out, fmt.Errorf("export %s: %w", p.From.Format(time.DateOnly), err)
	}
	return out, nil
}

// LimitText writes a size limit as the chat says it: "50 MB".
func LimitText(limit int64) string { return fmt.Sprintf("%d MB", limit>>20) }

// ExportMessage is one file of /ekspor, stored as media, with its caption.
type ExportMessage struct {
	MediaID int64
	Text    string
}

// ExportForChat is /ekspor of a period for a chat that takes files up to
// limit bytes (MaxExportBytes of its channel): the files, stored below
// mediaDir, with their captions in p's language, and a notice to send
// before them ("" when there is none): the export is empty, comes in parts
// by date, or has a single day over the limit (then there are no files).
// periodText writes a period as the chat shows it. Temporary files go to
// the system's temp directory and are removed.
func ExportForChat(tx *store.Tx, p locales.Printer, mediaDir string, per Period, loc *time.Location, now time.Time,
	limit int64, periodText func(Period) string) (notice string, files []ExportMessage, err error) {
	parts, tooBig, err := ExportParts(tx, "", per, loc, now, Labels(p), limit)
	if err != nil {
		return "", nil, err
	}
	defer func() {
		for _, f := range parts {
			os.Remove(f.Path)
		}
	}()
	switch {
	case tooBig != nil:
		return p.T("export.too_big", "period", periodText(*tooBig), "limit", LimitText(limit)), nil, nil
	case len(parts) == 1 && parts[0].Orders == 0:
		return p.T("report.export_empty", "period", periodText(per)), nil, nil
	case len(parts) > 1:
		notice = p.T("export.split", "period", periodText(per), "limit", LimitText(limit), "parts", len(parts))
	}
	for i, f := range parts {
		m, err := tx.SaveMediaFile(mediaDir, f.Path, XLSXMIME, limit)
		if err != nil {
			return "", nil, fmt.Errorf("export file: %w", err)
		}
		text := p.T("export.caption", "period", periodText(per), "orders", f.Orders, "items", f.Items, "payments", f.Payments)
		if len(parts) > 1 {
			text = p.T("export.caption_part", "period", periodText(f.Period), "part", i+1, "parts", len(parts),
				"orders", f.Orders, "items", f.Items, "payments", f.Payments)
		}
		files = append(files, ExportMessage{MediaID: m.ID, Text: text})
	}
	return notice, files, nil
}
