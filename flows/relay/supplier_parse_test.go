package relay

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/resi"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

func TestParseResiText(t *testing.T) {
	tests := []struct {
		in     string
		stated resi.Courier
		number string // resi.Normalize of the raw part; "" = not a resi
	}{
		{"JNE 1704 3004 5644 420", resi.JNE, "170430045644420"},
		{"170430045644420", "", "170430045644420"},
		{"resi: 1704-3004-5644 420", "", "170430045644420"},
		{"J&T JP 6961 1819 26", resi.JNT, "JP6961181926"},
		{"J&T Express JP6961181926", resi.JNT, "JP6961181926"},
		{"jnt jp6961181926", resi.JNT, "JP6961181926"},
		{"J&T Cargo 1234567890", resi.JNTCargo, "1234567890"},
		{"sicepat reg 0046-0785-5558", resi.SiCepat, "004607855558"},
		{"SiCepat: 004607855558", resi.SiCepat, "004607855558"},
		{"SPXID06503790480A", "", "SPXID06503790480A"},
		{"SPXID 0650 3790 480A", "", "SPXID06503790480A"},
		{"Shopee Express SPXID06503790480A", resi.SPX, "SPXID06503790480A"},
		{"no resi NLIDAP12345678", "", "NLIDAP12345678"},
		{"JNE ABC1234", resi.JNE, "ABC1234"},
		// Polite words after the number (issue 22: "QUFW8 resi JP1122334455 ya").
		{"resi JP1122334455 ya", "", "JP1122334455"},
		{"JNE 170430045644420 ya kak 🙏", resi.JNE, "170430045644420"},
		{"ya", "", ""},
		// The courier after the number (fix round: "JP1234567890 JNT" was
		// recorded as "JP1234567890JNT", "… jnt" dropped).
		{"JP1234567890 JNT", resi.JNT, "JP1234567890"},
		{"JX9876543210 jnt", resi.JNT, "JX9876543210"},
		{"resi JX9876543210 jnt", resi.JNT, "JX9876543210"},
		{"170430045644420 jne reg", resi.JNE, "170430045644420"},
		{"JP1234567890 j&t ya kak", resi.JNT, "JP1234567890"},
		{"JNE 170430045644420 jne", resi.JNE, "170430045644420"},
		{"SPXID 0650 3790 480A", "", "SPXID06503790480A"},
		// Not a resi: no digits, too few, or chatter around a number.
		{"ok makasih", "", ""},
		{"terima", "", ""},
		{"JNE", "", ""},
		{"123", "", ""},
		{"kirim besok ya 2 paket", "", ""},
		{"habis 2", "", ""},
		{"ABCDEF12", "", ""}, // only 2 digits
		{"", "", ""},
		{"1704300456444@20", "", ""},
	}
	for _, tc := range tests {
		c, ok := ParseResiText(tc.in)
		got := ""
		if ok {
			got = resi.Normalize(c.raw)
		}
		if got != tc.number || (ok && c.stated != tc.stated) {
			t.Errorf("parseResiText(%q) = %q (courier %q, ok %v), want %q (courier %q)", tc.in, got, c.stated, ok, tc.number, tc.stated)
		}
	}
}

func TestInspectResi(t *testing.T) {
	tests := []struct {
		in, orderCourier string
		courier          string
		unusual          bool
	}{
		// The supplier's stated courier wins, even over the number's look.
		{"JNE 004607855558", "SiCepat", "JNE", true},
		{"SiCepat 004607855558", "JNE", "SiCepat", false},
		// No courier stated: the order's courier when the number fits it …
		{"170430045644420", "JNE", "JNE", false},
		{"123456789012", "SiCepat", "SiCepat", false},
		// … else the one courier the number points to …
		{"SPXID06503790480A", "J&T", "Shopee Express", false},
		{"004607855558", "J&T", "SiCepat", false},
		// … else the order's courier, flagged.
		{"ABC1234567", "JNE", "JNE", true},
		{"ABC1234567", "", "-", true},
		{"ABC1234567", "Kurir Lokal", "Kurir Lokal", true},
	}
	for _, tc := range tests {
		c, ok := ParseResiText(tc.in)
		if !ok {
			t.Fatalf("parseResiText(%q) not ok", tc.in)
		}
		ch, courier := InspectResi(c, tc.orderCourier)
		if courier != tc.courier || ch.Unusual != tc.unusual {
			t.Errorf("inspectResi(%q, order %q) = %q unusual %v, want %q unusual %v", tc.in, tc.orderCourier, courier, ch.Unusual, tc.courier, tc.unusual)
		}
	}
}

func TestTrackingURL(t *testing.T) {
	for in, want := range map[string]string{
		"JNE": "https://www.jne.co.id", "J&T Express": "https://www.jet.co.id", "jnt": "https://www.jet.co.id",
		"SiCepat": "", "Shopee Express": "", "-": "", "": "",
	} {
		if got := trackingURL(in); got != want {
			t.Errorf("trackingURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLooksLikeCodeAndPhone(t *testing.T) {
	for in, want := range map[string]bool{
		"X8QMT": true, "x8qmt": true, "4U5W4": true, "X8QM": false, "X8QMTT": false, "X8QM0": false, "X8QMI": false,
		"kasih": false, "ZZZZZ": true, "": false, "12345": false,
	} {
		if got := chat.LooksLikeCode(in); got != want {
			t.Errorf("looksLikeCode(%q) = %v", in, got)
		}
	}
	for in, want := range map[string]bool{
		"081234567890": true, "6281234567890": true, "+6281234567890": true, "0812345": false,
		"004607855558": false, "170430045644420": false, "08ABC4567890": false,
	} {
		if got := looksLikePhone(in); got != want {
			t.Errorf("looksLikePhone(%q) = %v", in, got)
		}
	}
}

func TestReceivedText(t *testing.T) {
	for in, want := range map[string]bool{
		"sudah terima": true, "udah diterima kak": true, "paket sudah sampai": true, "sdh nyampe": true,
		"barang sudah diterima, makasih": true,
		"terima kasih":                   false, "belum sampai": false, "sudah transfer": false, "kapan sampai": false,
		"sudah terima tapi ada yang kurang dan rusak parah sekali": false,
	} {
		if got := ReceivedText(chat.Normalize(in)); got != want {
			t.Errorf("receivedText(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestPickItems(t *testing.T) {
	items := []store.OrderItem{
		{ID: 1, SKU: "GMS-01", ProductName: "Gamis Syari Motif Bunga", VariantName: "M", Status: store.ItemOK},
		{ID: 2, SKU: "GMS-07", ProductName: "Mukena Katun Jepang", VariantName: "Dewasa", Status: store.ItemOK},
		{ID: 3, SKU: "GMS-01", ProductName: "Gamis Syari Motif Bunga", VariantName: "L", Status: store.ItemOK},
	}
	tests := []struct {
		arg  string
		want []int64
		ok   bool
	}{
		{"", []int64{1, 2, 3}, true},
		{"2", []int64{2}, true},
		{"2.", []int64{2}, true},
		{"4", nil, false},
		{"0", nil, false},
		{"mukena", []int64{2}, true},
		{"gamis l", []int64{3}, true},
		{"GMS-01 m", []int64{1}, true},
		{"gamis", []int64{1, 3}, false}, // two lines: ask which
		{"sepatu", nil, false},
	}
	for _, tc := range tests {
		got, ok := pickItems(items, tc.arg)
		var ids []int64
		for _, it := range got {
			ids = append(ids, it.ID)
		}
		if ok != tc.ok || (ok && !equalIDs(ids, tc.want)) {
			t.Errorf("pickItems(%q) = %v, %v; want %v, %v", tc.arg, ids, ok, tc.want, tc.ok)
		}
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestShipmentShareAndCost(t *testing.T) {
	dec := decimal.RequireFromString
	o := store.Order{
		// Goods 371000 + 41000×2 = 453000; ongkir 12000, COD fee 14000, kode unik 0.
		Subtotal: dec("453000"), Total: dec("479000"),
		Items: []store.OrderItem{
			{SupplierID: 2, Qty: 2, UnitPrice: dec("41000"), UnitCost: dec("31500"), Status: store.ItemOK},
			{SupplierID: 1, Qty: 2, UnitPrice: dec("185500"), UnitCost: dec("142500"), Status: store.ItemOK},
			{SupplierID: 1, Qty: 1, UnitPrice: dec("99000"), UnitCost: dec("80000"), Status: store.ItemCancelled},
		},
	}
	if got := OrderSuppliers(o); !equalIDs(got, []int64{1, 2}) {
		t.Fatalf("orderSuppliers = %v", got)
	}
	tests := []struct {
		supplier    int64
		share, cost string
	}{
		// Supplier 1 is first: 2×185500 = 371000, plus everything on top of
		// the goods (479000 - 453000 = 26000) = 397000; cost 2×142500 = 285000
		// (the cancelled line counts for neither).
		{1, "397000", "285000"},
		// Supplier 2: 2×41000 = 82000; cost 2×31500 = 63000.
		{2, "82000", "63000"},
		{3, "0", "0"},
	}
	sum := decimal.Zero
	for _, tc := range tests {
		share, cost := ShipmentShare(o, tc.supplier), ShipmentCost(o, tc.supplier)
		if !share.Equal(dec(tc.share)) || !cost.Equal(dec(tc.cost)) {
			t.Errorf("supplier %d: share %s cost %s, want %s %s", tc.supplier, share, cost, tc.share, tc.cost)
		}
		sum = sum.Add(share)
	}
	// The shares add up to the total: 397000 + 82000 = 479000.
	if !sum.Equal(o.Total) {
		t.Errorf("shares add up to %s, want %s", sum, o.Total)
	}
}

func TestFormatPercent(t *testing.T) {
	dec := decimal.RequireFromString
	for in, want := range map[string]string{
		// (150000 - 142500) / 142500 × 100 = 5.263… → +5,3%
		"5.2631578947": "+5,3%", "-3.45": "-3,5%", "40": "+40%", "0": "0%",
	} {
		if got := formatPercent(dec(in)); got != want {
			t.Errorf("formatPercent(%s) = %q, want %q", in, got, want)
		}
	}
}

// TestRelayKeysExist checks every catalogue key the relay builds or passes
// around as a value (the static scan in locales sees only literal keys
// given straight to T).
func TestRelayKeysExist(t *testing.T) {
	b := locales.Default()
	keyRE := regexp.MustCompile(`"((?:relay|supgroup|supcat|ledger)\.[a-z0-9_.]*[a-z0-9_])"`)
	var keys []string
	for _, f := range []string{"relay.go", "group.go", "supplier_actions.go", "supplier_catalog.go", "supplier_customer.go",
		"supplier_jobs.go", "supplier_ledger.go"} {
		src, err := os.ReadFile(filepath.Join(".", f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(src), -1) {
			keys = append(keys, m[1])
		}
	}
	for _, a := range []string{ActAccept, ActOut, ActResi} {
		keys = append(keys, "relay.which_how."+a)
	}
	for _, s := range []string{store.ShipNew, store.ShipPacking, store.ShipOut, store.ShipSent, store.ShipCancelled} {
		keys = append(keys, "relay.ship_status."+s)
	}
	for _, k := range ledgerKinds {
		keys = append(keys, "ledger.kind."+k)
	}
	for _, m := range payModes {
		keys = append(keys, "ledger.mode."+m)
	}
	for _, s := range []string{store.CostPending, store.CostApproved, store.CostRejected, store.CostReplaced} {
		keys = append(keys, "supcat.cost_status."+s)
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	for _, lang := range b.Langs() {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s: missing key %s", lang, k)
			}
		}
	}
	for _, k := range keys {
		if strings.HasSuffix(k, ".") {
			t.Errorf("scan kept a prefix %q", k)
		}
	}
}

func FuzzParseResiText(f *testing.F) {
	for _, s := range []string{"JNE 1704 3004 5644 420", "J&T JP 6961 1819 26", "resi: SPXID06503790480A",
		"sicepat reg 0046-0785-5558", "terima kasih", "1", "kurir via pakai 123456", "J&T Cargo 1234567890", "\xff\xfe 12345678"} {
		f.Add(s, "JNE")
	}
	f.Fuzz(func(t *testing.T, text, orderCourier string) {
		c, ok := ParseResiText(text)
		if !ok {
			return
		}
		n := resi.Normalize(c.raw)
		digits := 0
		for _, r := range n {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if len(n) < 6 || digits < 4 {
			t.Fatalf("parseResiText(%q) accepted %q", text, n)
		}
		ch, courier := InspectResi(c, orderCourier)
		if ch.Number != n || courier == "" {
			t.Fatalf("inspectResi(%q) = %q, courier %q", text, ch.Number, courier)
		}
	})
}

// TestPoliteAction: an action word wrapped in polite filler is read; thanks,
// chatter, two actions and resi words are not.
func TestPoliteAction(t *testing.T) {
	tests := []struct {
		in, action, rest string
	}{
		{"terima kak", ActAccept, ""},
		{"siap kak diproses", ActAccept, ""},
		{"Siap, diproses ya kak 🙏", ActAccept, ""},
		{"habis kak", ActOut, ""},
		{"serum habis kak", ActOut, "serum"},
		{"stoknya mukena habis ya kak", ActOut, "mukena"},
		{"terima kasih kak", ActAccept, "kasih"}, // rest: not an acceptance
		{"siap kak", "", ""},
		{"terima tapi habis", "", ""},
		{"resi habis", "", ""},
		{"kemarin aku ke pasar dan stoknya habis semua", "", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		a, rest := politeAction(tc.in)
		if a != tc.action || strings.Join(rest, " ") != tc.rest {
			t.Errorf("politeAction(%q) = %q %q, want %q %q", tc.in, a, rest, tc.action, tc.rest)
		}
	}
}
