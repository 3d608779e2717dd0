package telegram

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/bot/markup"
)

type ent = tgbotapi.MessageEntity

func TestFormatEntities(t *testing.T) {
	tests := []struct {
		name string
		in   string
		text string
		want []ent
	}{
		{"indonesian invoice", "Silakan transfer *Rp310.768* ke salah satu rekening berikut:",
			"Silakan transfer Rp310.768 ke salah satu rekening berikut:",
			[]ent{{Type: "bold", Offset: 17, Length: 9}}},
		// 📦 and 🎉 are two UTF-16 units each; ✅ (U+2705) is one.
		{"emoji before spans", "📦 *Pesanan baru K7QX2* 🎉 kode `K7QX2`",
			"📦 Pesanan baru K7QX2 🎉 kode K7QX2",
			[]ent{{Type: "bold", Offset: 3, Length: 18}, {Type: "code", Offset: 30, Length: 5}}},
		{"bmp symbol", "✅ _lunas_", "✅ lunas", []ent{{Type: "italic", Offset: 2, Length: 5}}},
		{"emoji inside span", "*🎁 Promo*", "🎁 Promo", []ent{{Type: "bold", Offset: 0, Length: 8}}},
		{"nested", "*Total: `Rp317.305`* (`317305`)", "Total: Rp317.305 (317305)",
			// Telegram's bold may not contain code: it is cut around it.
			[]ent{{Type: "bold", Offset: 0, Length: 7}, {Type: "code", Offset: 7, Length: 9}, {Type: "code", Offset: 18, Length: 6}}},
		{"code inside bold inside italic", "_a *b `c` d* e_", "a b c d e",
			[]ent{{Type: "italic", Offset: 0, Length: 4}, {Type: "bold", Offset: 2, Length: 2}, {Type: "code", Offset: 4, Length: 1},
				{Type: "italic", Offset: 5, Length: 4}, {Type: "bold", Offset: 5, Length: 2}}},
		{"only code inside bold", "*`K7QX2`*", "K7QX2", []ent{{Type: "code", Offset: 0, Length: 5}}},
		{"strike", "~Rp200.000~ Rp150.000", "Rp200.000 Rp150.000", []ent{{Type: "strikethrough", Offset: 0, Length: 9}}},
		{"no markup", "Halo Kak Budi_Santoso, 2*3", "Halo Kak Budi_Santoso, 2*3", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := plan(bot.Outgoing{ChatID: "1", Text: tt.in})
			if len(parts) != 1 {
				t.Fatalf("%d parts", len(parts))
			}
			if parts[0].text != tt.text {
				t.Errorf("text = %q, want %q", parts[0].text, tt.text)
			}
			if !reflect.DeepEqual(parts[0].entities, tt.want) {
				t.Errorf("entities = %+v, want %+v", parts[0].entities, tt.want)
			}
		})
	}
}

// TestFormatAcrossSplit: a span that crosses the 4096-unit cut is closed at
// the end of the first message and reopened at the start of the second; a
// span after the cut is counted from the second message's start.
func TestFormatAcrossSplit(t *testing.T) {
	// 4090 units of filler (with 😀, two units each), then a bold span of
	// 20 letters that crosses the cut at 4096, then a code span.
	// No space or line break before the cut: a hard cut at 4096.
	filler := strings.Repeat("😀", 45) + strings.Repeat("a", 3999) + "("
	in := filler + "*" + strings.Repeat("b", 20) + "*\nkode `K7QX2`"
	parts := plan(bot.Outgoing{ChatID: "1", Text: in})
	if len(parts) != 2 {
		t.Fatalf("%d parts", len(parts))
	}
	if got := utf16Len(parts[0].text); got != maxText {
		t.Fatalf("first part %d units", got)
	}
	want0 := []ent{{Type: "bold", Offset: 4090, Length: 6}}
	want1 := []ent{{Type: "bold", Offset: 0, Length: 14}, {Type: "code", Offset: 20, Length: 5}}
	if !reflect.DeepEqual(parts[0].entities, want0) || !reflect.DeepEqual(parts[1].entities, want1) {
		t.Errorf("entities = %+v / %+v, want %+v / %+v", parts[0].entities, parts[1].entities, want0, want1)
	}
	if parts[1].text != strings.Repeat("b", 14)+"\nkode K7QX2" {
		t.Errorf("second part = %q", parts[1].text)
	}
}

// TestSendFormatted goes through the fake Bot API, which refuses entities
// outside the text as Telegram does, for a message, a caption and a name
// full of marker characters.
func TestSendFormatted(t *testing.T) {
	names := []string{
		"Budi_Santoso", "*_[]()~", "Siti *Rahma", "[Ani] (Dewi) ~ _", "__init__", "A*B*C", "~~", "`", "Rina_ *_", "😀_*😀",
	}
	f := newFake(t)
	c := newChannel(t, f, nil)
	photo, _ := writePhoto(t)
	for i, name := range names {
		// The shape of the real texts: the name inside and outside a span.
		text := "Halo Kak " + name + " 👋\n*Pesanan untuk " + name + "* kode `K7QX2`, total *`Rp317.305`*"
		m := bot.Outgoing{ChatID: "5551", Text: text}
		if i%2 == 1 {
			m.PhotoPath = photo
		}
		if _, err := c.Send(context.Background(), m); err != nil {
			t.Fatalf("name %q: %v", name, err)
		}
		sent := f.Sent()[i]
		if sent.ParseMode != "" {
			t.Errorf("parse_mode %q", sent.ParseMode)
		}
		if !strings.HasPrefix(sent.Text, "Halo Kak "+name+" 👋\nPesanan untuk "+name) {
			t.Errorf("name %q not intact: %q", name, sent.Text)
		}
		var spans []string
		for _, e := range sent.Entities {
			spans = append(spans, e.Type+":"+e.Span(sent.Text))
		}
		want := []string{"bold:Pesanan untuk " + name, "code:K7QX2", "code:Rp317.305"}
		if !reflect.DeepEqual(spans, want) {
			t.Errorf("name %q: entities %q, want %q", name, spans, want)
		}
	}
}

// FuzzFormat: rendering never panics; the messages joined are the input
// minus exactly the markers that became entities; every entity lies inside
// its message, counted in UTF-16 units.
func FuzzFormat(f *testing.F) {
	f.Add("Silakan transfer *Rp310.768* ke", 0)
	f.Add("📦 *Pesanan* `K7QX2`", 3)
	f.Add("*"+strings.Repeat("😀", 10)+"*", 5)
	f.Add("a _b_ *c* ~d~ ```e```\n*f\xff*", 4)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if !utf8.ValidString(s) || limit < 2 || limit > 64 {
			return
		}
		fm := format(s)
		if fm.text != markup.Plain(s) {
			t.Fatal("format and markup disagree on the text")
		}
		var joined strings.Builder
		at := 0
		for _, chunk := range split(fm.text, limit) {
			n := utf16Len(chunk)
			for _, e := range fm.entities(at, at+n) {
				if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > len(utf16.Encode([]rune(chunk))) {
					t.Fatalf("entity %+v outside %q", e, chunk)
				}
			}
			joined.WriteString(chunk)
			at += n
		}
		if joined.String() != markup.Plain(s) {
			t.Fatal("pieces do not join back to the plain text")
		}
		d := markup.Parse(s)
		if d.Source() != s {
			t.Fatal("markers removed are not exactly the spans' markers")
		}
		// Spans lie in the text; code spans are exactly the markup's and no
		// other span overlaps one (Telegram refuses code inside bold).
		u := utf16.Encode([]rune(fm.text))
		var codes []string
		for _, sp := range fm.spans {
			if sp.start < 0 || sp.start >= sp.end || sp.end > len(u) {
				t.Fatalf("span %+v outside %d units", sp, len(u))
			}
			if sp.typ != "code" {
				for _, c := range fm.spans {
					if c.typ == "code" && c.start < sp.end && sp.start < c.end {
						t.Fatalf("%s span %+v overlaps code %+v", sp.typ, sp, c)
					}
				}
				continue
			}
			codes = append(codes, string(utf16.Decode(u[sp.start:sp.end])))
		}
		var want []string
		for _, sp := range d.Spans {
			if sp.Style == markup.Code {
				want = append(want, d.Plain[sp.Start:sp.End])
			}
		}
		if !slices.Equal(codes, want) {
			t.Fatalf("code spans %q, want %q", codes, want)
		}
	})
}

// BenchmarkPlanInvoice: parsing the markup and building the entities of a
// typical invoice, the cost added to every Telegram send.
func BenchmarkPlanInvoice(b *testing.B) {
	m := bot.Outgoing{ChatID: "1", Text: "🧾 Pesanan `K7QX2`\n1. Gamis Polos Busui Friendly (Hitam, L) x1 — Rp189.000\nSubtotal: Rp189.000\n" +
		"Ongkir JNE REG: Rp18.000\nKode unik: Rp305\n*Total: Rp207.305*\n\nSilakan transfer `Rp207.305` (`207305`) ke salah satu rekening berikut:\n" +
		"• BCA `1234567890` a.n. Siti Rahma\n• BRI `0987654321` a.n. Siti Rahma\n\nMohon transfer persis sampai 3 digit terakhir ya, Kak 🙏"}
	b.ReportAllocs()
	for b.Loop() {
		plan(m)
	}
}
