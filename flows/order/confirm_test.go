package order

import "testing"

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
