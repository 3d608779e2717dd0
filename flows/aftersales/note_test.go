package aftersales

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNoteText(t *testing.T) {
	long := strings.Repeat("jahitan lepas ", 100)
	tests := []struct {
		name, in, want string
	}{
		{"a description", "  jahitan lepas di lengan  ", "jahitan lepas di lengan"},
		{"blank", " \t\n", ""},
		{"a stray ok", "ok", ""},
		{"emoji only", "🙏🙏🙏😡", ""},
		{"numbers only", "12345", ""},
		{"three letters", "bau", "bau"},
		{"too long is cut", long, string([]rune(long)[:maxNoteAdd]) + "…"},
	}
	for _, tt := range tests {
		if got := noteText(tt.in, maxNoteAdd); got != tt.want {
			t.Errorf("%s: noteText = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := noteText(long, maxNoteAdd); utf8.RuneCountInString(got) != maxNoteAdd+1 {
		t.Errorf("cut note has %d runes, want %d and the ellipsis", utf8.RuneCountInString(got), maxNoteAdd)
	}
}
