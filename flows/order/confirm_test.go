package order

import (
	"slices"
	"testing"
)

func TestPlausibleName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"Sari Wulandari", true}, {"Lina M", true}, {"Stephen Tjhin", true}, {"Ni Made Ayu", true},
		{"asdfgh", false}, {"Sari qwerty", false}, {"zxcvbnm", false}, {"xkcdqz", false}, {"a", false},
		{"12345", false}, {"", false},
	} {
		if got := plausibleName(tc.name); got != tc.want {
			t.Errorf("plausibleName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMethodIndex(t *testing.T) {
	methods := []string{"transfer", "qris", "cod"}
	for _, tc := range []struct {
		text string
		want int
	}{
		{"transfer aja kak", 0}, {"tf", 0}, {"qris aja", 1}, {"cod aja kak", 2}, {"apa ya", -1}, {"", -1},
	} {
		if got := methodIndex(methods, tc.text); got != tc.want {
			t.Errorf("methodIndex(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
	if got := methodIndex([]string{"transfer"}, "cod aja"); got != -1 {
		t.Errorf("COD when not offered = %d, want -1", got)
	}
}

func TestRecipientLines(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // nil: not a recipient block
	}{
		{"Dewi\n081234567890\nJl. Kenanga 5, Bekasi", []string{"Dewi", "081234567890", "Jl. Kenanga 5, Bekasi"}},
		{"Dewi Lestari, 081234567890, Jl. Kenanga No 5 RT 2 RW 7, Jatiasih, Bekasi 17423",
			[]string{"Dewi Lestari", "081234567890", "Jl. Kenanga No 5 RT 2 RW 7", "Jatiasih", "Bekasi 17423"}},
		{"Nama: Dewi, HP: 0813 1111 2222, Alamat: Jl. Mawar 1, Coblong, Bandung",
			[]string{"Nama: Dewi", "HP: 0813 1111 2222", "Alamat: Jl. Mawar 1", "Coblong", "Bandung"}},
		{"Dewi, Jl. Kenanga 5, Bekasi", nil},         // no phone: maybe not a block
		{"kak, yang merah ada, ukuran L?", nil},      // a question with commas
		{"gamis busui, 2, yang hitam", nil},          // 2 is no phone
		{"081234567890, Dewi", nil},                  // two parts only
		{"checkout", nil}, {"", nil}, {" , , ", nil}, // not blocks
	} {
		got, ok := recipientLines(tc.text)
		if ok != (tc.want != nil) || !slices.Equal(got, tc.want) {
			t.Errorf("recipientLines(%q) = %q, %v; want %q", tc.text, got, ok, tc.want)
		}
	}
}
