package telegram

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// botMessages reads the bot's messages out of a golden transcript: the
// indented lines under each "bot → …" line.
func botMessages(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
		}
		cur = nil
	}
	in := false
	for _, l := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(l, "bot → "):
			flush()
			in = true
		case in && strings.HasPrefix(l, "  "):
			if !strings.HasPrefix(l, "  [") { // options and attachments are not text
				cur = append(cur, strings.TrimPrefix(l, "  "))
			}
		default:
			flush()
			in = false
		}
	}
	flush()
	return out
}

// TestGoldenTranscriptsRenderOnTelegram renders every message of a few
// golden transcripts as Telegram gets it: no marker that formed a span is
// left in the text, every entity lies inside it on whole characters, and
// the figures a buyer copies (the code spans) become code entities. (On
// WhatsApp the texts go out as they are: bot/whatsapp's send tests.)
func TestGoldenTranscriptsRenderOnTelegram(t *testing.T) {
	for _, name := range []string{"format_order.txt", "order_menu.txt", "supplier_one.txt", "owner_payments.txt", "aftersales_refund.txt"} {
		msgs := botMessages(t, filepath.Join("..", "playground", "testdata", name))
		if len(msgs) == 0 {
			t.Fatalf("%s: no bot messages read", name)
		}
		codes := 0
		for _, m := range msgs {
			f := format(m)
			u := utf16.Encode([]rune(f.text))
			for _, s := range f.spans {
				if s.start < 0 || s.end > len(u) || s.start >= s.end {
					t.Errorf("%s: entity %+v outside %q", name, s, f.text)
					continue
				}
				if s.typ == "code" {
					codes++
					inner := string(utf16.Decode(u[s.start:s.end]))
					if strings.ContainsAny(inner, "`*") {
						t.Errorf("%s: code entity %q keeps a marker", name, inner)
					}
				}
			}
			if strings.Count(m, "`") >= 2 && !strings.Contains(f.text, "`") && len(f.spans) == 0 {
				t.Errorf("%s: markers removed but no entity in %q", name, m)
			}
		}
		if codes == 0 {
			t.Errorf("%s: no copyable figure became a code entity", name)
		}
	}
}
