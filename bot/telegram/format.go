package telegram

import (
	"slices"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dropbot/dropbot/bot/markup"
)

// Telegram entity types of the neutral markup's styles. Code is "code":
// monospace, and copied with one tap on Telegram's mobile apps.
var entityTypes = map[markup.Style]string{
	markup.Bold:   "bold",
	markup.Italic: "italic",
	markup.Strike: "strikethrough",
	markup.Code:   "code",
}

// span is one entity with its bounds in UTF-16 code units of the whole
// plain text, before the text is cut into messages.
type span struct {
	typ        string
	start, end int
}

// formatted is a text as Telegram gets it: plain, with entities.
type formatted struct {
	text  string
	spans []span
}

// format reads the neutral markup of s (valid UTF-8) into plain text and
// spans counted in UTF-16 code units, which is what Telegram counts: an
// emoji before a span shifts it by two.
//
// Telegram lets bold, italic and strikethrough nest in each other but not
// contain code ("*Total: `Rp317.305`*"): such a span is cut around the code,
// so the figure stays tap-to-copy and the words around it stay bold.
func format(s string) formatted {
	d := markup.Parse(s)
	f := formatted{text: d.Plain, spans: make([]span, 0, len(d.Spans))}
	u16 := utf16Offsets(d.Plain, d.Spans)
	var codes []span
	for i, sp := range d.Spans {
		if sp.Style == markup.Code {
			codes = append(codes, span{typ: entityTypes[markup.Code], start: u16[2*i], end: u16[2*i+1]})
		}
	}
	for i, sp := range d.Spans {
		s := span{typ: entityTypes[sp.Style], start: u16[2*i], end: u16[2*i+1]}
		if sp.Style == markup.Code {
			f.spans = append(f.spans, s)
			continue
		}
		for _, c := range codes { // ordered by start; only those inside s
			if c.start < s.start || c.end > s.end {
				continue
			}
			if c.start > s.start {
				f.spans = append(f.spans, span{typ: s.typ, start: s.start, end: c.start})
			}
			s.start = c.end
		}
		if s.start < s.end {
			f.spans = append(f.spans, s)
		}
	}
	slices.SortStableFunc(f.spans, func(a, b span) int { return a.start - b.start })
	return f
}

// utf16Offsets returns, for each span, the UTF-16 offsets of its Start and
// End (pairs, in span order). Starts are ordered, so s is walked once up to
// the last start; each end is its start plus the span's own length.
func utf16Offsets(s string, spans []markup.Span) []int {
	out := make([]int, 2*len(spans))
	pos, u := 0, 0
	for i, sp := range spans {
		u += utf16Len(s[pos:sp.Start])
		pos = sp.Start
		out[2*i] = u
		out[2*i+1] = u + utf16Len(s[sp.Start:sp.End])
	}
	return out
}

// entities are the spans that fall in the UTF-16 range [from, to) of the
// whole text, clipped to it and rebased to from: a span that crosses a cut
// is closed at the end of one message and reopened in the next.
func (f formatted) entities(from, to int) []tgbotapi.MessageEntity {
	var out []tgbotapi.MessageEntity
	for _, sp := range f.spans {
		s, e := max(sp.start, from), min(sp.end, to)
		if s >= e {
			continue
		}
		out = append(out, tgbotapi.MessageEntity{Type: sp.typ, Offset: s - from, Length: e - s})
	}
	return out
}
