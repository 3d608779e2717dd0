package flows

import (
	"testing"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// TestDynamicKeysExist covers the keys flows build from data, which the
// static scan in locales cannot see.
func TestDynamicKeysExist(t *testing.T) {
	b := locales.Default()
	var keys []string
	for _, s := range store.OrderStatuses() {
		keys = append(keys, "status."+s)
	}
	for _, n := range []string{"next", "prev", "back"} {
		keys = append(keys, "catalog.nav_"+n)
	}
	for _, r := range []string{"help", "complaint"} {
		keys = append(keys, "staff.reason."+r)
	}
	for _, m := range []string{"transfer", "qris", "cod"} {
		keys = append(keys, "payment.method."+m)
	}
	for _, f := range []address.Field{address.FieldLine, address.FieldKelurahan, address.FieldKecamatan,
		address.FieldCity, address.FieldProvince, address.FieldPostalCode} {
		keys = append(keys, "address.field."+string(f))
	}
	for _, s := range []string{"pending", "confirmed", "rejected"} {
		keys = append(keys, "payment.status."+s, "refund.status."+s)
	}
	for _, r := range []string{store.StaffOwner, store.StaffAdmin} {
		keys = append(keys, "staff.role."+r)
	}
	for _, c := range []string{"empty", "negative", "ambiguous", "invalid", "too_large", "too_precise"} {
		keys = append(keys, "money.err."+c)
	}
	for _, c := range []string{"empty", "invalid", "too_short", "too_long", "not_indonesian"} {
		keys = append(keys, "phone.err."+c)
	}
	for _, lang := range b.Langs() {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s: missing key %s", lang, k)
			}
		}
	}
}

func TestCommand(t *testing.T) {
	tests := []struct {
		in, name, args string
		ok             bool
	}{
		{"/katalog", "katalog", "", true},
		{"!cari hijab voal", "cari", "hijab voal", true},
		{".CARI  gamis ", "cari", "gamis", true},
		{"/start@DropBot", "start", "", true},
		{"/supplier@DropBot GMS", "supplier", "GMS", true},
		{"/", "", "", false},
		{"...", "", "", false},
		{". halo", "", "", false},
		{"halo", "", "", false},
		{"/rm -rf", "rm", "-rf", true},
		{"/ka%slog", "", "", false},
		{"150.000", "", "", false},
	}
	for _, tc := range tests {
		name, args, ok := SplitCommand(tc.in)
		if name != tc.name || args != tc.args || ok != tc.ok {
			t.Errorf("command(%q) = %q, %q, %v; want %q, %q, %v", tc.in, name, args, ok, tc.name, tc.args, tc.ok)
		}
	}
}

func TestChoose(t *testing.T) {
	labels := []string{"Katalog", "Pesan", "Cek pesanan", "Komplain / retur", "Chat admin"}
	tests := []struct {
		in   string
		want int
	}{
		{"1", 0}, {"2.", 1}, {" 5 ", 4}, {"3)", 2},
		{"0", -1}, {"6", -1}, {"-1", -1}, {"99999999999999999999", -1},
		{"katalog", 0}, {"KATALOG", 0}, {"cek", 2}, {"cek pesanan", 2},
		{"kom", 3}, {"chat", 4},
		{"pe", -1}, // too short to be a prefix
		{"", -1}, {"gamis", -1},
	}
	for _, tc := range tests {
		if got := Choose(tc.in, labels); got != tc.want {
			t.Errorf("choose(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
	// An ambiguous prefix chooses nothing.
	if got := Choose("kat", []string{"Katalog", "Kategori"}); got != -1 {
		t.Errorf("ambiguous prefix chose %d", got)
	}
}

func TestParseQty(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"2", 2, true}, {" 12 ", 12, true}, {"2 pcs", 2, true}, {"x3", 3, true}, {"3x", 3, true},
		{"dua", 2, true}, {"Sepuluh", 10, true}, {"999", 999, true},
		{"0", 0, false}, {"-1", 0, false}, {"1000", 0, false}, {"1e9", 0, false}, {"1,5", 0, false},
		{"seratus", 0, false}, {"", 0, false}, {"🙏", 0, false}, {"99999999999999999999", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseQty(tc.in)
		if got != tc.want && tc.ok || ok != tc.ok {
			t.Errorf("parseQty(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
