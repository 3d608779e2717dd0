package console_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func TestReportCommand(t *testing.T) {
	s := flowtest.NewOwnerShop(t)
	flowtest.SeedReportOrders(s)
	got := s.Reply("o1", "/laporan hari")
	// Today's sales: the transfer order and the COD order.
	//   omzet  = (3×125500 + 2×41000) + 4×15000 = 458500 + 60000          = 518500
	//   modal  = 3×96333.33 + 2×31500 + 4×7500.5 = 288999.99 + 63000 + 30002 = 382001.99
	//   refund = 41000 (the pending 5000 does not count)
	//   profit = 518500 − 382001.99 − 41000                                 = 95498.01
	//   margin = 95498.01 / 518500 = 18.418…% → 18,4%
	//   billed = 518500 + ongkir (11000 + 9000) + COD 5000 + kode 440        = 543940
	for _, want := range []string{
		"📊 Laporan 23 Nov 2026",
		"Pesanan dibayar: 2 (dari 4 pesanan masuk; 1 menunggu bayar, 1 batal/kedaluwarsa)",
		"Omzet: Rp518.500",
		"Modal (ke supplier): Rp382.001,99",
		"Refund: Rp41.000",
		"Profit: Rp95.498,01 (margin 18,4%)",
		"ongkir Rp20.000, biaya COD Rp5.000, kode unik Rp440. Total tagihan Rp543.940",
		// By product, biggest omzet first; gross = omzet − modal.
		"• Mukena Katun Dewasa — 3 pcs — omzet Rp376.500, untung kotor Rp87.500,01\n" +
			"• Hijab Voal Navy — 2 pcs — omzet Rp82.000, untung kotor Rp19.000\n" +
			"• Bros Mutiara — 4 pcs — omzet Rp60.000, untung kotor Rp29.998",
		"• GMS Grosir Muslim Solo — 3 pcs — omzet Rp376.500, modal Rp288.999,99\n" +
			"• HJB Hijab Bandung — 2 pcs — omzet Rp82.000, modal Rp63.000\n" +
			"• Stok sendiri — 4 pcs — omzet Rp60.000, modal Rp30.002",
		// telegram: 458500 − 351999.99 − 41000 = 65500.01; whatsapp: 60000 − 30002 = 29998
		"• Telegram — 1 pesanan — omzet Rp458.500, profit Rp65.500,01\n" +
			"• WhatsApp — 1 pesanan — omzet Rp60.000, profit Rp29.998",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}

	got = s.Reply("o1", "/laporan bulan")
	// With yesterday's sale: omzet 518500 + 200000 = 718500,
	// modal 382001.99 + 150000.25 = 532002.24, profit 718500 − 532002.24 − 41000 = 145497.76,
	// margin 145497.76 / 718500 = 20.2502…% → 20,3%.
	for _, want := range []string{"📊 Laporan 1 Nov 2026 – 30 Nov 2026", "Omzet: Rp718.500", "Modal (ke supplier): Rp532.002,24",
		"Profit: Rp145.497,76 (margin 20,3%)"} {
		if !strings.Contains(got, want) {
			t.Errorf("month report lacks %q:\n%s", want, got)
		}
	}
	if got := s.Reply("o1", "/laporan kemarin"); !strings.Contains(got, "Omzet: Rp200.000") || !strings.Contains(got, "margin 25%") {
		// (200000 − 150000.25) / 200000 = 24.999875% → 25
		t.Errorf("yesterday:\n%s", got)
	}
	for cmd, want := range map[string]string{
		"/laporan bulan depan":             "belum dimulai",
		"/laporan 2026-11-15..2026-11-01":  "lebih awal dari tanggal mulai",
		"/laporan 2025-01-01..2026-11-01":  "366 hari",
		"/laporan 2026-02-30":              "tidak ada di kalender",
		"/laporan sebulan yang lalu kira2": "belum bisa kami baca",
	} {
		if got := s.Reply("o1", cmd); !strings.Contains(got, want) || !strings.Contains(got, "/laporan hari") {
			t.Errorf("%s answered %q", cmd, got)
		}
	}

	// The owner reads English if they chose it.
	s.Say("o1", "/atur bahasa en")
	if got := s.Reply("o1", "/laporan"); !strings.Contains(got, "Profit: Rp95.498,01 (margin 18.4%)") {
		t.Errorf("English report:\n%s", got)
	}
}

// TestExportCommand: /ekspor sends an XLSX whose sums are the report's.
func TestExportCommand(t *testing.T) {
	s := flowtest.NewOwnerShop(t)
	flowtest.SeedReportOrders(s)
	outs := s.Say("o1", "/ekspor")
	if len(outs) != 1 || outs[0].MediaID == 0 {
		t.Fatalf("export = %+v", outs)
	}
	if !strings.Contains(outs[0].Text, "5 pesanan, 6 baris barang, 4 pembayaran") {
		t.Errorf("caption = %q", outs[0].Text)
	}
	var md store.Media
	s.Update(func(tx *store.Tx) (err error) { md, err = tx.MediaByID(outs[0].MediaID); return err })
	if md.MIME != report.XLSXMIME || md.Ext != ".xlsx" {
		t.Errorf("media = %+v", md)
	}
	b, err := os.ReadFile(filepath.Join(s.Media, md.RelPath()))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Pesanan", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	sums := map[string]decimal.Decimal{}
	for _, r := range rows[1:] {
		if r[col["terjual"]] != "ya" {
			continue
		}
		for _, c := range []string{"subtotal", "modal", "dana_kembali", "laba", "total"} {
			sums[c] = sums[c].Add(flowtest.Rdec(r[col[c]]))
		}
	}
	// The month's figures of TestReportCommand; total = 543940 + 215000.
	for c, want := range map[string]string{"subtotal": "718500", "modal": "532002.24", "dana_kembali": "41000", "laba": "145497.76",
		"total": "758940"} {
		if !sums[c].Equal(flowtest.Rdec(want)) {
			t.Errorf("Σ %s = %s, want %s", c, sums[c], want)
		}
	}
	// Times are WIB: the first order was placed 22 Nov 12:00 WIB.
	if v, _ := f.GetCellValue("Pesanan", "B2"); v != "2026-11-22 12:00" {
		t.Errorf("first created_wib = %q", v)
	}

	if got := s.Reply("o1", "/ekspor 2026-10"); !strings.Contains(got, "Tidak ada pesanan") {
		t.Errorf("empty export: %q", got)
	}
	if got := s.Reply("o1", "/ekspor 2026-11-31"); !strings.Contains(got, "tidak ada di kalender") || !strings.Contains(got, "/ekspor") {
		t.Errorf("bad export period: %q", got)
	}
}

// TestRecapText: the recap counts what waits and names the late orders.
func TestRecapText(t *testing.T) {
	s := flowtest.NewOwnerShop(t)
	flowtest.SeedReportOrders(s)
	// 26 Nov 20:00 WIB: the COD order has been processing since 23 Nov
	// 10:00 (82 hours), over the 48-hour default.
	s.SetClock(time.Date(2026, 11, 26, 20, 0, 0, 0, locales.WIB))
	outs := s.Say("o1", "/rekap")
	if len(outs) != 2 || outs[1].MediaID == 0 {
		t.Fatalf("recap = %+v", outs)
	}
	text := outs[0].Text
	for _, want := range []string{
		"🌙 Rekap 26 Nov 2026",
		"Pesanan masuk: 0 (dibayar 0)",
		"Menunggu pembayaran: 1 (Rp110.012)", // 100000 + ongkir 10000 + kode 12
		"Menunggu resi: 1",
		"Telat (lebih dari 48 jam): ",
		"(3 hari)",
		"COD di jalan: 0 (Rp0)",
		"Komplain terbuka: 0",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("recap lacks %q:\n%s", want, text)
		}
	}
	var md store.Media
	s.Update(func(tx *store.Tx) (err error) { md, err = tx.MediaByID(outs[1].MediaID); return err })
	if md.MIME != "image/png" {
		t.Errorf("chart media = %+v", md)
	}
}

// TestMorningRecap: a recap before noon reports the whole previous day.
func TestMorningRecap(t *testing.T) {
	s := flowtest.NewOwnerShop(t)
	flowtest.SeedReportOrders(s) // today (23 Nov): 4 orders, 2 sales
	s.Say("o1", "/atur rekap 7")
	jobs := s.RecapJobs()
	at7 := time.Date(2026, 11, 24, 7, 0, 0, 0, locales.WIB)
	if len(jobs) != 1 || !jobs[0].RunAt.Equal(at7) {
		t.Fatalf("jobs = %+v", jobs)
	}
	s.SetClock(at7)
	outs := s.RunJob(jobs[0])
	if len(outs) != 2 {
		t.Fatalf("recap = %+v", outs)
	}
	// 23 Nov: omzet 518500, profit 95498.01 (see TestReportCommand).
	for _, want := range []string{"🌙 Rekap 23 Nov 2026", "Pesanan masuk: 4 (dibayar 2)", "Omzet Rp518.500",
		"Profit Rp95.498,01 (margin 18,4%)"} {
		if !strings.Contains(outs[0].Text, want) {
			t.Errorf("morning recap lacks %q:\n%s", want, outs[0].Text)
		}
	}
	if jobs = s.RecapJobs(); len(jobs) != 1 || !jobs[0].RunAt.Equal(at7.AddDate(0, 0, 1)) {
		t.Errorf("next = %+v", jobs)
	}
}
