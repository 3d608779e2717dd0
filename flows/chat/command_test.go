package chat

import "testing"

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
