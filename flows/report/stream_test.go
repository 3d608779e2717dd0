package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/xuri/excelize/v2"
)

var tenDays = report.Period{From: day(2026, 11, 15), To: day(2026, 11, 25), Kind: report.KindRange}

// TestWriteXLSXMatchesXLSX: streamed from the books with the English
// labels, the export is byte for byte the file XLSX makes from the orders
// in memory.
func TestWriteXLSXMatchesXLSX(t *testing.T) {
	db := randomBooks(t, 4, 250)
	en := report.Labels(locales.Default().For(locales.EN))
	err := db.View(context.Background(), func(tx *store.Tx) error {
		orders, err := tx.ReportOrders(tenDays.From, tenDays.To)
		if err != nil {
			return err
		}
		want, err := report.XLSX(tenDays, orders, wib, now)
		if err != nil {
			return err
		}
		var got bytes.Buffer
		n, err := report.WriteXLSX(tx, &got, tenDays, wib, now, en, t.TempDir())
		if err != nil {
			return err
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("streamed export (%d bytes) differs from XLSX (%d bytes)", got.Len(), len(want))
		}
		items, pays := 0, 0
		for _, o := range orders {
			items += len(o.Items)
			pays += len(o.Payments)
		}
		if n.Orders != len(orders) || n.Items != items || n.Payments != pays || n.Orders == 0 {
			t.Errorf("counts %+v, want %d orders, %d items, %d payments", n, len(orders), items, pays)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// englishWord is a header or value word that has no place in an
// Indonesian sheet.
var englishWord = regexp.MustCompile(`(?i)\b(orders?|items?|payments?|created|sale|yes|no|refunds?|profit|amount|direction|in|out|pending|confirmed|rejected|actor|qty|unit|line|product|variant|supplier|shipping|recipient|city|province|courier|service|code|method|decided)\b|_(wib)?$`)

// TestWriteXLSXIndonesian: in Indonesian the sheets, headers and the
// words of the values are Indonesian, and the money is the same as in
// English.
func TestWriteXLSXIndonesian(t *testing.T) {
	db := randomBooks(t, 5, 120)
	id := report.Labels(locales.Default().For(locales.ID))
	var buf bytes.Buffer
	err := db.View(context.Background(), func(tx *store.Tx) error {
		_, err := report.WriteXLSX(tx, &buf, tenDays, wib, now, id, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Pesanan", "Barang", "Pembayaran"}) {
		t.Fatalf("sheets = %v", got)
	}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) < 2 {
			t.Fatalf("sheet %s: %d rows (%v)", sheet, len(rows), err)
		}
		for _, h := range rows[0] {
			for _, w := range regexp.MustCompile(`[a-z]+`).FindAllString(h, -1) {
				if englishWord.MatchString(w) && w != "wib" {
					t.Errorf("%s header %q holds the English word %q", sheet, h, w)
				}
			}
		}
	}
	pays := readSheet(t, f, "Pembayaran")
	for _, r := range pays {
		if !slices.Contains([]string{"masuk", "keluar"}, r["arah"]) ||
			!slices.Contains([]string{"menunggu", "diterima", "ditolak"}, r["status"]) {
			t.Fatalf("payment row %v: direction or status not in Indonesian", r)
		}
	}
	for _, r := range readSheet(t, f, "Pesanan") {
		if r["terjual"] != "ya" && r["terjual"] != "tidak" {
			t.Fatalf("order row %v: terjual = %q", r, r["terjual"])
		}
	}
}

// TestExportParts: over the limit, the export comes as files that split
// the period into runs of days, each within the limit, together holding
// every order once; a single day over the limit is reported, not sent.
func TestExportParts(t *testing.T) {
	db := randomBooks(t, 6, 200)
	en := report.Labels(locales.Default().For(locales.EN))
	err := db.View(context.Background(), func(tx *store.Tx) error {
		dir := t.TempDir()
		whole, tooBig, err := report.ExportParts(tx, dir, tenDays, wib, now, en, 1<<30)
		if err != nil || tooBig != nil || len(whole) != 1 {
			t.Fatalf("within the limit: %d files, too big %v, err %v", len(whole), tooBig, err)
		}
		limit := whole[0].Size * 2 / 5 // about four parts
		parts, tooBig, err := report.ExportParts(tx, dir, tenDays, wib, now, en, limit)
		if err != nil || tooBig != nil {
			t.Fatalf("split: too big %v, err %v", tooBig, err)
		}
		if len(parts) < 3 {
			t.Errorf("%d parts for a limit of %d of %d bytes", len(parts), limit, whole[0].Size)
		}
		orders := 0
		at := tenDays.From
		for i, p := range parts {
			if !p.Period.From.Equal(at) {
				t.Errorf("part %d starts %v, want %v", i, p.Period.From, at)
			}
			at = p.Period.To
			if p.Size > limit {
				t.Errorf("part %d: %d bytes over the limit %d", i, p.Size, limit)
			}
			if st, err := os.Stat(p.Path); err != nil || st.Size() != p.Size || filepath.Dir(p.Path) != dir {
				t.Errorf("part %d file %s: %v", i, p.Path, err)
			}
			orders += p.Orders
		}
		if !at.Equal(tenDays.To) || orders != whole[0].Orders {
			t.Errorf("parts end %v with %d orders, want %v with %d", at, orders, tenDays.To, whole[0].Orders)
		}

		before, _ := os.ReadDir(dir)
		parts, tooBig, err = report.ExportParts(tx, dir, tenDays, wib, now, en, 1000)
		if err != nil || tooBig == nil || tooBig.Days() != 1 || parts != nil {
			t.Errorf("a tiny limit: %d parts, too big %v, err %v", len(parts), tooBig, err)
		}
		if after, _ := os.ReadDir(dir); len(after) != len(before) {
			t.Errorf("%d files left behind by the refused export", len(after)-len(before))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLimits(t *testing.T) {
	for _, c := range []struct {
		channel string
		want    string
	}{{"telegram", "50 MB"}, {"whatsapp", "100 MB"}, {"playground", "50 MB"}} {
		if got := report.LimitText(report.MaxExportBytes(c.channel)); got != c.want {
			t.Errorf("%s: %s, want %s", c.channel, got, c.want)
		}
	}
}

// TestExportForChat: /ekspor's files and texts, whole, in parts, refused
// and empty; the files are stored as XLSX media and no temp file stays.
func TestExportForChat(t *testing.T) {
	// A temp dir of its own: counting files in the machine's shared one
	// failed whenever another test process made or removed an export.
	t.Setenv("TMPDIR", t.TempDir())
	db := randomBooks(t, 7, 150)
	id := locales.Default().For(locales.ID)
	media := t.TempDir()
	text := func(p report.Period) string {
		return p.From.Format("2006-01-02") + ".." + p.Last().Format("2006-01-02")
	}
	temps := func() int {
		n, _ := filepath.Glob(filepath.Join(os.TempDir(), "ekspor-*.xlsx"))
		m, _ := filepath.Glob(filepath.Join(os.TempDir(), "dropbot-sheet-*"))
		return len(n) + len(m)
	}
	before := temps()
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		notice, files, err := report.ExportForChat(tx, id, media, tenDays, wib, now, report.TelegramMaxBytes, text)
		if err != nil || notice != "" || len(files) != 1 {
			t.Fatalf("whole: notice %q, %d files, err %v", notice, len(files), err)
		}
		m, err := tx.MediaByID(files[0].MediaID)
		if err != nil || m.MIME != report.XLSXMIME || m.Ext != ".xlsx" {
			t.Fatalf("media %+v (%v)", m, err)
		}
		if !strings.Contains(files[0].Text, "2026-11-15..2026-11-24") || !strings.Contains(files[0].Text, "Lembar Pesanan") {
			t.Errorf("caption %q", files[0].Text)
		}

		notice, parts, err := report.ExportForChat(tx, id, media, tenDays, wib, now, m.Size/3, text)
		if err != nil || len(parts) < 3 || !strings.Contains(notice, fmt.Sprintf("bagi jadi %d file", len(parts))) {
			t.Fatalf("split: notice %q, %d files, err %v", notice, len(parts), err)
		}
		if !strings.Contains(parts[1].Text, "bagian 2 dari") {
			t.Errorf("part caption %q", parts[1].Text)
		}

		notice, none, err := report.ExportForChat(tx, id, media, tenDays, wib, now, 1000, text)
		if err != nil || none != nil || !strings.Contains(notice, "satu hari") {
			t.Errorf("too big: notice %q, %d files, err %v", notice, len(none), err)
		}

		empty := report.Period{From: day(2026, 10, 1), To: day(2026, 10, 2), Kind: report.KindDay}
		notice, none, err = report.ExportForChat(tx, id, media, empty, wib, now, report.TelegramMaxBytes, text)
		if err != nil || none != nil || !strings.Contains(notice, "Tidak ada pesanan") {
			t.Errorf("empty: notice %q, %d files, err %v", notice, len(none), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if after := temps(); after != before {
		t.Errorf("%d temp files left behind", after-before)
	}
}
