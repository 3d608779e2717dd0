package bot_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, text, nameOut string }{
		{"plain", "Halo Kak, pesan 2 gamis 🙏", "Halo Kak, pesan 2 gamis 🙏", "Halo Kak, pesan 2 gamis 🙏"},
		{"lines and tabs kept", "Nama: Budi\nAlamat:\tJl. Mawar 5", "Nama: Budi\nAlamat:\tJl. Mawar 5", "Nama: Budi Alamat: Jl. Mawar 5"},
		{"RLO reverses a label", "Budi\u202Egnp.exe", "Budignp.exe", "Budignp.exe"},
		{"all overrides and embeddings", "a\u202Ab\u202Bc\u202Cd\u202De\u202Ef", "abcdef", "abcdef"},
		{"isolates", "a\u2066b\u2067c\u2068d\u2069e", "abcde", "abcde"},
		{"marks", "a\u200Eb\u200Fc\u061Cd", "abcd", "abcd"},
		{"bell and escape", "ding\a\x1b[31mmerah\x1b[0m", "ding[31mmerah[0m", "ding[31mmerah[0m"},
		{"NUL and DEL", "a\x00b\x7fc", "abc", "abc"},
		{"C1 controls", "a\u0085b\u009bc", "abc", "abc"},
		{"CRLF", "satu\r\ndua\rtiga", "satu\ndua\ntiga", "satu dua tiga"},
		{"unicode line separators", "satu\u2028dua\u2029tiga", "satu\ndua\ntiga", "satu dua tiga"},
		{"invalid UTF-8", "a\xffb\xfe\xfd", "ab", "ab"},
		{"emoji joiner stays", "👩\u200D👩\u200D👧", "👩\u200D👩\u200D👧", "👩\u200D👩\u200D👧"},
		{"name trimmed", "  \u202E Budi \t", "   Budi \t", "Budi"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bot.CleanText(tt.in); got != tt.text {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.text)
			}
			if got := bot.CleanName(tt.in); got != tt.nameOut {
				t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.nameOut)
			}
		})
	}
}

// FuzzCleanText: whatever comes in, what goes out is valid UTF-8 without
// a control or bidi character, and cleaning twice changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "halo", "a\u202Eb", "\r\n\x00\x1b", "a\xff", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, clean := range []func(string) string{bot.CleanText, bot.CleanName} {
			got := clean(s)
			if !utf8.ValidString(got) {
				t.Fatalf("invalid UTF-8 out of %q: %q", s, got)
			}
			if i := strings.IndexFunc(got, func(r rune) bool {
				return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) ||
					(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
			}); i >= 0 {
				t.Fatalf("%q left in %q", got[i:], got)
			}
			if again := clean(got); again != got {
				t.Fatalf("not idempotent: %q → %q → %q", s, got, again)
			}
		}
	})
}

// TestEngineCleansInbound: the one place where an inbound becomes a flows
// message strips controls and bidi characters from the text, the sender's
// name and a file's name.
func TestEngineCleansInbound(t *testing.T) {
	db := openDB(t, t.TempDir(), nil)
	var seen []flows.Message
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &recorder{seen: &seen}, MediaDir: t.TempDir()})
	m := in("c", "m1", "Kirim ke \u202Eamas\u202C ya\a\r\nmakasih")
	m.SenderName = "Budi\u202E\x1b\n"
	m.Media = &bot.InMedia{Kind: flows.MediaDocument, FileName: "bukti\u202Efdp.exe", Size: 3}
	if err := e.Handle(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := seen[0]
	if got.Text != "Kirim ke amas ya\nmakasih" || got.UserName != "Budi" || got.Media.FileName != "buktifdp.exe" {
		t.Errorf("flows got text %q name %q file %q", got.Text, got.UserName, got.Media.FileName)
	}
}
