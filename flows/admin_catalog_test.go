package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/catalog"
	"github.com/dropbot/dropbot/flows/pricing"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// catShop is the demo shop with the real flows, spoken to one message at a
// time as the engine would (one transaction per message).
type catShop struct {
	t     *testing.T
	db    *store.DB
	Env   *Shop
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
		if _, err := SeedDemo(tx); err != nil {
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
	return &catShop{t: t, db: db, Env: NewShop(Config{MediaDir: media}), media: media}
}

// say sends one private message from user and returns the replies' texts.
func (c *catShop) say(user, text string, m *Media) []Out {
	c.t.Helper()
	var outs []Out
	err := c.db.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		outs, err = c.Env.Handle(context.Background(), tx, Message{Channel: "play", ChatID: user, UserID: user, Text: text, Media: m})
		return err
	})
	if err != nil {
		c.t.Fatalf("%s %q: %v", user, text, err)
	}
	return outs
}

// reply sends and returns the one reply's text.
func (c *catShop) Reply(user, text string, m *Media) string {
	c.t.Helper()
	outs := c.say(user, text, m)
	if len(outs) != 1 {
		c.t.Fatalf("%s %q: %d replies, want 1: %+v", user, text, len(outs), outs)
	}
	return outs[0].Text
}

// file stores data as the engine does and returns the document attachment.
func (c *catShop) file(name, mime string, data []byte) *Media {
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
	return &Media{Kind: MediaDocument, MediaID: md.ID, MIME: md.MIME, FileName: name, Size: int64(len(data))}
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
		v, found = findVariant(p, variant)
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
	for i, declared := range []string{mimeXLSX, "application/octet-stream"} {
		got := c.Reply("owner", "", c.file("Sarung.xlsx", declared, buf.Bytes()))
		want := "2 baris dibaca — 2 baru, 0 diperbarui, 0 dilewati"
		if i == 1 {
			want = "2 baris dibaca — 0 baru, 2 diperbarui, 0 dilewati"
		}
		catHolds(t, got, want, "Kolom yang tidak kukenal (diabaikan): Warna")
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
		media *Media
		want  string
	}{
		{"20 MB file", "owner", &Media{Kind: MediaDocument, FileName: "besar.csv", Size: store.MaxMediaBytes + 1, TooBig: true}, "maksimal 20 MB"},
		{"a PDF", "owner", pdf, "bukan katalog yang bisa kubaca"},
		{"old Excel", "owner", c.file("lama.xls", "application/vnd.ms-excel", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}), "Excel lama"},
		{"csv named .txt", "owner", c.file("katalog.txt", "text/plain", []byte("sku,name,supplier,cost\nA,B,GMS,1000\n")), "bukan katalog"},
		{"missing column", "owner", c.file("k.csv", "text/csv", []byte("sku,nama,supplier\nA-1,Baju,GMS\n")), "Kolom wajib belum ada: modal"},
		{"duplicate column", "owner", c.file("k2.csv", "text/csv", []byte("sku,nama,supplier,modal,harga,price\nA-1,Baju,GMS,1000,5000,5000\n")), "Ada kolom yang dobel: harga"},
		{"not stored", "owner", &Media{Kind: MediaDocument, FileName: "k.csv"}, "tidak bisa kubaca"},
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
			raw, err = tx.Setting(SettingPricing, "")
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

// catDec is a decimal from text, for tables.
func catDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestParseMarkup(t *testing.T) {
	base := pricing.DefaultRules().Retail // 30 %, up500, min 2000
	up1000, _ := pricing.ParseRounding("up1000")
	near100, _ := pricing.ParseRounding("nearest100")
	end900, _ := pricing.ParseRounding("900")
	none, _ := pricing.ParseRounding("none")
	tier := func(from, pct, fixed string) pricing.Tier {
		return pricing.Tier{From: catDec(from), Markup: pricing.Markup{Percent: catDec(pct), Fixed: catDec(fixed)}}
	}
	tests := []struct {
		in      string
		tiers   []pricing.Tier // nil = base tiers kept
		round   pricing.Rounding
		margin  string
		errCode string
	}{
		{in: "25%", tiers: []pricing.Tier{tier("0", "25", "0")}, round: base.Rounding, margin: "2000"},
		{in: "12,5% +2rb naik1000 min3000", tiers: []pricing.Tier{tier("0", "12.5", "2000")}, round: up1000, margin: "3000"},
		{in: "+ 15.000", tiers: []pricing.Tier{tier("0", "0", "15000")}, round: base.Rounding, margin: "2000"},
		{in: "10% -5000", tiers: []pricing.Tier{tier("0", "10", "-5000")}, round: base.Rounding, margin: "2000"},
		{in: "bulat100", round: near100, margin: "2000"},
		{in: "min 1rb tanpa", round: none, margin: "1000"},
		{in: "MINIMAL2500 AKHIRAN900", round: end900, margin: "2500"},
		{in: "up1000", round: up1000, margin: "2000"},
		{in: "30% dari100rb 25% +5000 dari 500rb 20% +30000", tiers: []pricing.Tier{
			tier("0", "30", "0"), tier("100000", "25", "5000"), tier("500000", "20", "30000")}, round: base.Rounding, margin: "2000"},
		{in: "dari100rb 20%", tiers: []pricing.Tier{tier("100000", "20", "0")}, round: base.Rounding, margin: "2000"},
		{in: "30 persen", errCode: markupUnknownWord},
		{in: "30%%", errCode: markupBadPercent},
		{in: "30% 20%", errCode: markupTwice},
		{in: "+1000 +2000", errCode: markupTwice},
		{in: "30% min", errCode: markupNeedsAmount},
		{in: "dari", errCode: markupNeedsAmount},
		{in: "+abc", errCode: markupBadMoney},
		{in: "min-5", errCode: markupBadMoney},
		{in: "naik700", errCode: markupUnknownWord},
		{in: strings.Repeat("dari1 1% ", 11), errCode: markupTooMany},
	}
	for _, tc := range tests {
		got, err := parseMarkup(base, strings.Fields(tc.in))
		if tc.errCode != "" {
			me, ok := err.(*markupError)
			if !ok || me.Code != tc.errCode {
				t.Errorf("%q: err = %v, want code %s", tc.in, err, tc.errCode)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		want := base
		if tc.tiers != nil {
			want.Tiers = tc.tiers
		}
		want.Rounding, want.MinMargin = tc.round, catDec(tc.margin)
		if !catSameRule(got, want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.in, catRuleJSON(got), catRuleJSON(want))
		}
	}
}

func catRuleJSON(r pricing.Rule) string {
	b, _ := json.Marshal(r)
	return string(b)
}

// catSameRule compares rules by value (decimals by Equal).
func catSameRule(a, b pricing.Rule) bool {
	if len(a.Tiers) != len(b.Tiers) || a.Rounding.Mode != b.Rounding.Mode || !a.Rounding.Step.Equal(b.Rounding.Step) ||
		!a.MinMargin.Equal(b.MinMargin) {
		return false
	}
	for i := range a.Tiers {
		x, y := a.Tiers[i], b.Tiers[i]
		if !x.From.Equal(y.From) || !x.Markup.Percent.Equal(y.Markup.Percent) || !x.Markup.Fixed.Equal(y.Markup.Fixed) {
			return false
		}
	}
	return true
}

// Property: the command /markup shows for a rule makes that same rule,
// whatever rule it is applied to.
func TestMarkupCommandRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 4))
	roundings := []string{"none", "900", "nearest100", "nearest500", "nearest1000", "up100", "up500", "up1000"}
	for i := range 2000 {
		var r pricing.Rule
		from := int64(0)
		for k := range 1 + rng.IntN(4) {
			if k > 0 {
				from += 1000 * (1 + rng.Int64N(500))
			}
			pct := decimal.New(rng.Int64N(20001)-100, -2) // -1.00 … 199.00, two decimals
			fixed := decimal.NewFromInt(rng.Int64N(40001) - 20000)
			r.Tiers = append(r.Tiers, pricing.Tier{From: decimal.NewFromInt(from), Markup: pricing.Markup{Percent: pct, Fixed: fixed}})
		}
		r.Rounding, _ = pricing.ParseRounding(roundings[rng.IntN(len(roundings))])
		r.MinMargin = decimal.NewFromInt(rng.Int64N(10000))
		words := markupCommand(r)
		got, err := parseMarkup(pricing.DefaultRules().Reseller, words)
		if err != nil || !catSameRule(got, r) {
			t.Fatalf("case %d: %q → %s, %v; want %s", i, strings.Join(words, " "), catRuleJSON(got), err, catRuleJSON(r))
		}
	}
}

// Every example the help texts give is a rule the bot accepts.
func TestMarkupHelpExamplesAreValid(t *testing.T) {
	b := locales.Default()
	examples := []string{
		"30% +2000 naik500 min2000", "15% naik100 min1000", "30% dari100rb 25% +5000",
		"30% dari100rb 25% +5000 dari500rb 20% +30000",
	}
	text := b.T(locales.ID, "markup.how") + b.T(locales.ID, "markup.rule.tiers_not_sorted") + b.T(locales.ID, "markup.rule.not_monotone")
	for _, ex := range examples {
		if !strings.Contains(text, ex) {
			t.Errorf("the help no longer shows %q; update this test", ex)
		}
		r, err := parseMarkup(pricing.DefaultRules().Retail, strings.Fields(ex))
		if err == nil {
			err = r.Validate()
		}
		if err != nil {
			t.Errorf("help example %q is refused: %v", ex, err)
		}
	}
}

// FuzzParseMarkup: any words either fail with a markupError or give a rule;
// a rule that validates never prices below cost + its minimum margin.
func FuzzParseMarkup(f *testing.F) {
	for _, s := range []string{"30% +2000 naik500 min2000", "dari100rb 20%", "30% dari100rb 25% +5000 900",
		"-10%", "+ 1,5jt bulat1000", "min", "12,5% tanpa", "1e9999%", "dari-1 5%", "%", "+", "-"} {
		f.Add(s)
	}
	costs := []decimal.Decimal{decimal.Zero, catDec("1"), catDec("31500"), catDec("99999.99"), catDec("100000"), catDec("2500000")}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 300 {
			return
		}
		r, err := parseMarkup(pricing.DefaultRules().Retail, strings.Fields(s))
		if err != nil {
			if _, ok := err.(*markupError); !ok {
				t.Fatalf("%q: error %T %v", s, err, err)
			}
			return
		}
		if r.Validate() != nil {
			return
		}
		for _, c := range costs {
			p, err := r.Price(c)
			if err != nil {
				t.Fatalf("%q: price of %v: %v", s, c, err)
			}
			if p.LessThan(c.Add(r.MinMargin)) {
				t.Fatalf("%q: price %v below cost %v + margin %v", s, p, c, r.MinMargin)
			}
		}
	})
}

func TestParseGrams(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"250", 250, true}, {"250g", 250, true}, {" 250 gr ", 250, true}, {"1.200 gram", 1200, true},
		{"0,25kg", 250, true}, {"0.25 kg", 250, true}, {"1,5 kg", 1500, true}, {"1 kg", 1000, true},
		{"1,250kg", 1250, true}, {"100kg", 100000, true}, {"100000", 100000, true},
		{"0", 0, false}, {"0 kg", 0, false}, {"101 kg", 0, false}, {"100001", 0, false}, {"-5", 0, false},
		{"1,5", 0, false}, {"berat", 0, false}, {"", 0, false}, {"1.2.3", 0, false}, {"12345678", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseGrams(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseGrams(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseStockAnswer(t *testing.T) {
	tests := []struct {
		in          string
		n           int64
		counted, ok bool
	}{
		{"12", 12, true, true}, {"12 pcs", 12, true, true}, {"1.000", 1000, true, true}, {"0", 0, true, true},
		{"habis", 0, true, true}, {"Kosong", 0, true, true}, {"-", 0, false, true}, {"tidak dihitung", 0, false, true},
		{"1000000", 1000000, true, true},
		{"1000001", 0, false, false}, {"-3", 0, false, false}, {"banyak", 0, false, false}, {"", 0, false, false},
		{"1,5", 0, false, false}, {"12g", 0, false, false},
	}
	for _, tc := range tests {
		n, counted, ok := parseStockAnswer(tc.in)
		if n != tc.n || counted != tc.counted || ok != tc.ok {
			t.Errorf("parseStockAnswer(%q) = %d, %v, %v; want %d, %v, %v", tc.in, n, counted, ok, tc.n, tc.counted, tc.ok)
		}
	}
}

func TestValidSKU(t *testing.T) {
	for s, want := range map[string]bool{
		"GMS-08": true, "kaos_01.b": true, "A": true, strings.Repeat("A", 32): true,
		"": false, "-A": false, "ada spasi": false, "A/B": false, strings.Repeat("A", 33): false, "ÄB": false,
	} {
		if validSKU(s) != want {
			t.Errorf("validSKU(%q) = %v", s, !want)
		}
	}
}

// TestAdminCatalogDynamicKeys covers the keys the catalogue tools build
// from codes, which the static key scan cannot see.
func TestAdminCatalogDynamicKeys(t *testing.T) {
	b := locales.Default()
	var keys []string
	for _, c := range importColumns {
		keys = append(keys, "import.col."+c)
	}
	for _, c := range importRowCodes {
		keys = append(keys, "import.row."+c)
	}
	for _, c := range importFileCodes {
		keys = append(keys, "import.err."+c)
	}
	for _, c := range []string{markupUnknownWord, markupBadPercent, markupTwice, markupNeedsAmount, markupTooMany} {
		keys = append(keys, "markup.err."+c)
	}
	for _, c := range []string{pricing.CodeNoTiers, pricing.CodeFirstTierNotZero, pricing.CodeTiersNotSorted,
		pricing.CodeNegativeMarkup, pricing.CodeNotMonotone, pricing.CodeBadStep, pricing.CodeBadRounding,
		pricing.CodeNegativeMargin, pricing.CodeValueOutOfRange} {
		keys = append(keys, "markup.rule."+c)
	}
	for _, tier := range []string{store.PriceTierRetail, store.PriceTierReseller} {
		keys = append(keys, "prod.tier."+tier)
	}
	for _, lang := range b.Langs() {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s: missing key %s", lang, k)
			}
		}
	}
	// Every import column and code of flows/catalog has its message: a
	// column added there must be added here too.
	rep, err := catalog.ImportTx(nil, "x.csv", strings.NewReader("a,b\n1,2\n"), catalog.Options{})
	var fe *catalog.Error
	if err == nil || !errors.As(err, &fe) || len(rep.Errors) != 4 {
		t.Fatalf("missing columns: %+v %v", rep, err)
	}
	for _, e := range rep.Errors {
		if !b.Has(locales.ID, "import.col."+e.Column) {
			t.Errorf("no label for column %s", e.Column)
		}
	}
}

// The wizard end to end, with the photo sent as a file (uncompressed), as
// owners often do on Telegram.
func TestAddProductWizardPhotoAsFile(t *testing.T) {
	c := newCatShop(t)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	steps := []struct {
		text  string
		media *Media
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

// FuzzCatalogAnswers: the wizard's readers never panic and stay in range.
func FuzzCatalogAnswers(f *testing.F) {
	for _, s := range []string{"250", "0,25kg", "1.200 gram", "12 pcs", "habis", "-", "1.000.000", "999kg", "1,2345kg", "sku GMS-08", "İİ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if g, ok := parseGrams(s); ok && (g < 1 || g > maxWeightG) {
			t.Fatalf("parseGrams(%q) = %d", s, g)
		}
		if n, counted, ok := parseStockAnswer(s); ok && counted && (n < 0 || n > maxStock) || !ok && (n != 0 || counted) {
			t.Fatalf("parseStockAnswer(%q) = %d, %v, %v", s, n, counted, ok)
		}
		if validSKU(s) && (len(s) > maxSKURunes || strings.ContainsAny(s, " /\\\n")) {
			t.Fatalf("validSKU(%q)", s)
		}
	})
}
