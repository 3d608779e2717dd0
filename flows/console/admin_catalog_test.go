package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/console"
	"github.com/dropbot/dropbot/flows/pricing"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// catShop is the demo shop with the real flows, spoken to one message at a
// time as the engine would (one transaction per message).
type catShop struct {
	t     *testing.T
	db    *store.DB
	Env   *flows.Shop
	media string
}

func newCatShop(t *testing.T) *catShop {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName), store.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	err = db.Update(ctx, func(tx *store.Tx) error {
		if _, err := flows.SeedDemo(tx); err != nil {
			return err
		}
		if err := tx.SetStaff("play", "owner", store.StaffOwner, "test"); err != nil {
			return err
		}
		return tx.SetStaff("play", "admin", store.StaffAdmin, "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	media := filepath.Join(dir, "media")
	return &catShop{t: t, db: db, Env: flows.NewShop(flows.Config{MediaDir: media}), media: media}
}

// say sends one private message from user and returns the replies' texts.
func (c *catShop) say(user, text string, m *flows.Media) []flows.Out {
	c.t.Helper()
	var outs []flows.Out
	err := c.db.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		outs, err = c.Env.Handle(context.Background(), tx, flows.Message{Channel: "play", ChatID: user, UserID: user, Text: text, Media: m})
		return err
	})
	if err != nil {
		c.t.Fatalf("%s %q: %v", user, text, err)
	}
	return outs
}

// Reply sends and returns the one reply's text.
func (c *catShop) Reply(user, text string, m *flows.Media) string {
	c.t.Helper()
	outs := c.say(user, text, m)
	if len(outs) != 1 {
		c.t.Fatalf("%s %q: %d replies, want 1: %+v", user, text, len(outs), outs)
	}
	return outs[0].Text
}

// file stores data as the engine does and returns the document attachment.
func (c *catShop) file(name, mime string, data []byte) *flows.Media {
	c.t.Helper()
	var md store.Media
	err := c.db.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		md, err = tx.SaveMedia(c.media, data, mime)
		return err
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return &flows.Media{Kind: flows.MediaDocument, MediaID: md.ID, MIME: md.MIME, FileName: name, Size: int64(len(data))}
}

func (c *catShop) variant(sku, variant string) (store.Variant, bool) {
	c.t.Helper()
	var v store.Variant
	found := false
	err := c.db.View(context.Background(), func(tx *store.Tx) error {
		p, err := tx.ProductBySKU(sku)
		if store.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		v, found = console.FindVariant(p, variant)
		return nil
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return v, found
}

func catHolds(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply does not hold %q:\n%s", w, got)
		}
	}
}

// The case: a CSV with 10 good and 3 bad rows imports the 10, lists
// the 3 with row number and reason, and importing it again updates.
func TestOwnerImportCSVGoodAndBadRows(t *testing.T) {
	c := newCatShop(t)
	var b strings.Builder
	b.WriteString("sku,nama,varian,supplier,modal,berat,stok,kategori\n")
	for i := 1; i <= 12; i++ {
		switch i {
		case 4: // row 5: cost is not money
			b.WriteString("KM-04,Kemeja Flanel,M,GMS,abc,300,5,Atasan\n")
		case 7: // row 8: unknown supplier
			b.WriteString("KM-07,Kemeja Linen,M,XXX,90000,300,5,Atasan\n")
		case 10: // row 11: no name
			b.WriteString("KM-10,,M,HJB,90000,300,5,Atasan\n")
		default:
			fmt.Fprintf(&b, "KM-%02d,Kemeja %d,M,GMS,%d,300,5,Atasan\n", i, i, 80000+i*1000)
		}
	}
	b.WriteString("KM-13,Kemeja 13,L,sendiri,\"Rp93.000\",0.3kg,habis,Atasan\n") // row 14: good, own stock
	file := c.file("katalog kemeja.csv", "text/csv", []byte(b.String()))

	got := c.Reply("owner", "", file)
	catHolds(t, got,
		"13 baris dibaca — 10 baru, 0 diperbarui, 3 dilewati",
		`• Baris 5, kolom modal: "abc" bukan nominal rupiah`,
		`• Baris 8, kolom supplier: supplier "XXX" belum terdaftar`,
		"• Baris 11, kolom nama: wajib diisi",
	)
	// KM-05 cost = 80000 + 5×1000 = 85000.
	v, ok := c.variant("KM-05", "M")
	if !ok || !v.Cost.Equal(decimal.NewFromInt(85000)) || v.WeightG != 300 || v.Stock.Int64 != 5 {
		t.Errorf("KM-05 M = %+v, %v", v, ok)
	}
	if v, ok := c.variant("KM-13", "L"); !ok || !v.Cost.Equal(decimal.NewFromInt(93000)) || !v.Stock.Valid || v.Stock.Int64 != 0 {
		t.Errorf("KM-13 L = %+v, %v", v, ok)
	}
	for _, sku := range []string{"KM-04", "KM-07", "KM-10"} {
		if _, ok := c.variant(sku, "M"); ok {
			t.Errorf("bad row %s was imported", sku)
		}
	}
	// The same file again updates the ten instead of doubling them.
	got = c.Reply("owner", "", c.file("katalog kemeja.csv", "text/csv", []byte(b.String())))
	catHolds(t, got, "13 baris dibaca — 0 baru, 10 diperbarui, 3 dilewati")
}

func TestOwnerImportXLSX(t *testing.T) {
	c := newCatShop(t)
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"SKU", "Nama Produk", "Varian", "Supplier", "Harga Modal (Rp)", "Harga", "Berat (kg)", "Stok", "Warna"},
		{"SR-01", "Sarung Tenun", "Hijau", "GMS", 65000.5, 99000, 0.45, 7, "hijau"},
		{"SR-01", "Sarung Tenun", "Biru", "gms", "Rp66.000", nil, 0.45, "-", "biru"},
	}
	for r, row := range rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", r+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// Telegram declares the XLSX type; the bot also accepts it sniffed as zip
	// when the name says .xlsx.
	for i, declared := range []string{console.MimeXLSX, "application/octet-stream"} {
		got := c.Reply("owner", "", c.file("Sarung.xlsx", declared, buf.Bytes()))
		want := "2 baris dibaca — 2 baru, 0 diperbarui, 0 dilewati"
		if i == 1 {
			want = "2 baris dibaca — 0 baru, 2 diperbarui, 0 dilewati"
		}
		catHolds(t, got, want, "Kolom yang tidak kami kenal (diabaikan): Warna")
	}
	v, ok := c.variant("SR-01", "Hijau")
	// A numeric cell is read as the number it holds: 65000.5; 0.45 kg = 450 g.
	if !ok || !v.Cost.Equal(decimal.RequireFromString("65000.5")) || v.WeightG != 450 ||
		!v.Price.Valid || !v.Price.Decimal.Equal(decimal.NewFromInt(99000)) {
		t.Errorf("SR-01 Hijau = %+v", v)
	}
	if v, ok := c.variant("SR-01", "Biru"); !ok || v.Stock.Valid {
		t.Errorf("SR-01 Biru = %+v (stock must be not counted)", v)
	}
}

func TestOwnerImportRefusals(t *testing.T) {
	c := newCatShop(t)
	pdf := c.file("katalog.pdf", "application/pdf", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"))
	tests := []struct {
		name  string
		user  string
		media *flows.Media
		want  string
	}{
		{"20 MB file", "owner", &flows.Media{Kind: flows.MediaDocument, FileName: "besar.csv", Size: store.MaxMediaBytes + 1, TooBig: true}, "maksimal 20 MB"},
		{"a PDF", "owner", pdf, "bukan katalog yang bisa kami baca"},
		{"old Excel", "owner", c.file("lama.xls", "application/vnd.ms-excel", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}), "Excel lama"},
		{"csv named .txt", "owner", c.file("katalog.txt", "text/plain", []byte("sku,name,supplier,cost\nA,B,GMS,1000\n")), "bukan katalog"},
		{"missing column", "owner", c.file("k.csv", "text/csv", []byte("sku,nama,supplier\nA-1,Baju,GMS\n")), "Kolom wajib belum ada: modal"},
		{"duplicate column", "owner", c.file("k2.csv", "text/csv", []byte("sku,nama,supplier,modal,harga,price\nA-1,Baju,GMS,1000,5000,5000\n")), "Ada kolom yang dobel: harga"},
		{"not stored", "owner", &flows.Media{Kind: flows.MediaDocument, FileName: "k.csv"}, "tidak bisa kami baca"},
		{"admin", "admin", c.file("a.csv", "text/csv", []byte("sku,nama,supplier,modal\nADM-1,Baju,GMS,1000\n")), "khusus pemilik"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			catHolds(t, c.Reply(tc.user, "", tc.media), tc.want)
		})
	}
	if _, ok := c.variant("ADM-1", ""); ok {
		t.Error("an admin's file was imported")
	}
	if _, ok := c.variant("A-1", ""); ok {
		t.Error("a refused file was imported")
	}
}

func TestOwnerImportPhotosAndUnsafePrices(t *testing.T) {
	c := newCatShop(t)
	csv := "sku,nama,supplier,modal,harga,foto\n" +
		"PH-1,Bros Mutiara,GMS,10000,11500,\n" + // row 2: price below 10000 + 2000 = 12000: imported, warned
		"PH-2,Bros Kristal,GMS,10000,,bros.jpg\n" + // row 3: photos are not allowed from chat
		"PH-3,Bros Emas,GMS,10000,12000,\n" // row 4: exactly the floor: safe
	got := c.Reply("owner", "", c.file("bros.csv", "text/csv", []byte(csv)))
	catHolds(t, got,
		"3 baris dibaca — 2 baru, 0 diperbarui, 1 dilewati",
		"• Baris 3, kolom foto: foto tidak bisa diimpor lewat chat",
		"⚠️ Harga manual di bawah batas aman",
		"• PH-1 (tanpa varian): ecer Rp11.500, batas aman Rp12.000",
	)
	if strings.Contains(got, "PH-3") {
		t.Errorf("a price at the floor was warned about:\n%s", got)
	}
}

// A customer's document never reaches the catalogue import.
func TestCustomerFileIsNotImported(t *testing.T) {
	c := newCatShop(t)
	c.say("customer:budi", "", c.file("k.csv", "text/csv", []byte("sku,nama,supplier,modal\nCU-1,Baju,GMS,1000\n")))
	if _, ok := c.variant("CU-1", ""); ok {
		t.Error("a customer's file was imported")
	}
}

// Money safety of /ubah: the floor is cost + the tier's minimum margin.
func TestEditPriceFloor(t *testing.T) {
	c := newCatShop(t)
	// HJB-11 Navy: cost 31500; retail floor 31500 + 2000 = 33500,
	// reseller floor 31500 + 1000 = 32500.
	catHolds(t, c.Reply("owner", "/ubah HJB-11 Navy harga 33499", nil),
		"Rp33.499 terlalu rendah", "modal Rp31.500 + untung minimal Rp2.000 = Rp33.500")
	if v, _ := c.variant("HJB-11", "Navy"); v.Price.Valid {
		t.Fatalf("a refused price was saved: %v", v.Price)
	}
	catHolds(t, c.Reply("owner", "/ubah HJB-11 Navy harga 33500", nil), "Rp33.500 (manual)")
	catHolds(t, c.Reply("owner", "/ubah HJB-11 Navy reseller 32499", nil), "= Rp32.500")
	catHolds(t, c.Reply("owner", "/ubah HJB-11 Navy reseller 32500", nil), "reseller Rp32.500 (manual)")
	// A cost of 31501 would put both manual prices under their floors.
	catHolds(t, c.Reply("owner", "/ubah HJB-11 Navy modal 31501", nil), "Modal tidak diubah")
	v, _ := c.variant("HJB-11", "Navy")
	if !v.Cost.Equal(decimal.NewFromInt(31500)) || !v.Price.Decimal.Equal(decimal.NewFromInt(33500)) ||
		!v.ResellerPrice.Decimal.Equal(decimal.NewFromInt(32500)) {
		t.Fatalf("after refusals: %+v", v)
	}
	// An admin cannot edit at all.
	catHolds(t, c.Reply("admin", "/ubah HJB-11 Navy harga auto", nil), "khusus pemilik")
	// The changes are audited with who made them.
	err := c.db.View(context.Background(), func(tx *store.Tx) error {
		h, err := tx.StatusHistory("variant", v.ID)
		if err != nil {
			return err
		}
		if len(h) != 2 || h[0].From != "price=-" || h[0].To != "price=33500" || h[0].Actor != "play:owner" ||
			h[1].To != "reseller_price=32500" {
			t.Errorf("audit = %+v", h)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMarkupConfirmSavesAndAudits(t *testing.T) {
	c := newCatShop(t)
	catHolds(t, c.Reply("owner", "/markup ecer 20% +5000 naik1000 min5000", nil), "Simpan aturan baru ini?")
	// Nothing is saved before YA.
	var raw string
	view := func() {
		err := c.db.View(context.Background(), func(tx *store.Tx) (err error) {
			raw, err = tx.Setting(chat.SettingPricing, "")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	view()
	if raw != "" {
		t.Fatalf("saved before YA: %s", raw)
	}
	catHolds(t, c.Reply("owner", "YA", nil), "disimpan")
	view()
	var r pricing.Rules
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		t.Fatal(err)
	}
	// HJB-11: 31500 × 1.2 + 5000 = 42800 → up to Rp1.000 = 43000.
	price, err := r.Retail.Price(decimal.NewFromInt(31500))
	if err != nil || !price.Equal(decimal.NewFromInt(43000)) {
		t.Errorf("new retail price = %v, %v; want 43000", price, err)
	}
	if !r.Reseller.MinMargin.Equal(decimal.NewFromInt(1000)) {
		t.Errorf("the reseller rule changed: %+v", r.Reseller)
	}
	catHolds(t, c.Reply("owner", "/produk voal", nil), "ecer Rp43.000")
	err = c.db.View(context.Background(), func(tx *store.Tx) error {
		h, err := tx.StatusHistory("setting", 0)
		if err != nil {
			return err
		}
		if len(h) != 1 || h[0].To != raw || h[0].Actor != "play:owner" {
			t.Errorf("audit = %+v", h)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The wizard end to end, with the photo sent as a file (uncompressed), as
// owners often do on Telegram.
func TestAddProductWizardPhotoAsFile(t *testing.T) {
	c := newCatShop(t)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	steps := []struct {
		text  string
		media *flows.Media
		want  string
	}{
		{"/tambahproduk", nil, "Nama produknya apa?"},
		{"Tas Selempang Kanvas", nil, "Masuk kategori apa?"},
		{"Tas", nil, "Nama variannya apa"},
		{"Coklat", nil, "supplier mana?"},
		{"hjb", nil, "Harga modalnya"},
		{"Rp 52.250", nil, "Beratnya berapa gram"},
		{"1,2kg", nil, "Stoknya berapa?"},
		{"7", nil, "Kirim foto produknya"},
		{"", c.file("tas.png", "image/png", png), "SKU: HJB-21"},
		// 52250 × 1.3 = 67925 → up to Rp500 = 68000; × 1.15 = 60087.5 → up to Rp100 = 60100.
		{"ya", nil, "Coklat: modal Rp52.250 · ecer Rp68.000 · reseller Rp60.100 · stok 7 · 1200 g"},
	}
	for _, s := range steps {
		catHolds(t, c.Reply("owner", s.text, s.media), s.want)
	}
	var p store.Product
	err := c.db.View(context.Background(), func(tx *store.Tx) (err error) {
		p, err = tx.ProductBySKU("HJB-21")
		return err
	})
	if err != nil || p.Category != "Tas" || p.Fulfilment != store.FulfilSupplier || len(p.PhotoIDs) != 1 || !p.Active {
		t.Fatalf("HJB-21 = %+v, %v", p, err)
	}
	// The wizard is over: plain text gets the help again.
	catHolds(t, c.Reply("owner", "ya", nil), "/pesanan")
}

// "batal" leaves the wizard from any step and saves nothing.
func TestAddProductWizardCancel(t *testing.T) {
	c := newCatShop(t)
	for _, text := range []string{"/tambahproduk BTL-1", "Produk Batal", "-", "-", "sendiri", "10000", "100"} {
		c.Reply("owner", text, nil)
	}
	catHolds(t, c.Reply("owner", "Batal", nil), "dibatalkan")
	if _, ok := c.variant("BTL-1", ""); ok {
		t.Error("a cancelled product was saved")
	}
}

// A SKU typed with a look-alike letter (Cyrillic М) is refused in chat
// with the plain-ASCII SKU suggested, as `dropbot import` does.
func TestOwnerImportNotASCIISKUSuggestsASCII(t *testing.T) {
	c := newCatShop(t)
	csv := "sku,nama,varian,supplier,modal\nKМ-01,Kemeja,M,GMS,80000\nKM-02,Kemeja 2,M,GMS,80000\n"
	got := c.Reply("owner", "", c.file("katalog.csv", "text/csv", []byte(csv)))
	catHolds(t, got, "1 baru", "Baris 2", "tulis KM-01")
}
