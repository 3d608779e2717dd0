// Package markup reads the neutral formatting of dropbot's texts and renders
// it per platform. It is pure: no I/O, no state.
//
// # The neutral markup
//
// It is WhatsApp's own syntax, so a catalogue text reads the same in the
// file, in the playground and on WhatsApp:
//
//	*bold*   _italic_   ~strike~   `code`   ```code```
//
// Code (either form) is what a buyer copies exactly — the amount to
// transfer, an account number, an order code, a resi: Telegram shows it
// monospace and copies it with one tap, WhatsApp shows it monospace.
//
// A marker is formatting only when it forms a proper span: the opening
// marker starts a word (it is at the start of the text or follows a space or
// a punctuation mark, and is followed by a character that is neither a
// space nor the same marker), the closing marker ends a word (it follows a
// character that is not a space, and is at the end
// of the text or followed by a space or a punctuation mark), both lie on the
// same line, and the content holds at least one letter or digit. Marker
// characters do not count as punctuation here, and neither do symbols such
// as emoji: "😀_*😀" and "__init__" are text. The first closing marker that qualifies closes the span
// (or, when its content has no letter or digit, leaves the opening as text).
// Spans of different styles nest (*_bold italic_*); inside code nothing is
// read. Every other marker character is text: "Budi_Santoso", "a * b",
// "NAMA_FILE", "per_order|deposit", "*_[]()~" stay as they are.
//
// # Text from people
//
// Names, addresses and product names are filled into the templates before
// rendering, and there is no escape: the renderer cannot tell a person's "*"
// from a template's. This is on purpose. WhatsApp has no escape either and
// formats what people type by the same kind of rule, so a name written as
// "*Budi*" shows bold on WhatsApp whatever dropbot does; the span rule above
// keeps every other stray marker literal, on both platforms alike. Because
// Telegram gets entities (never parse_mode), no text can make a send fail:
// the worst a person's marker can do is bold or unbold a few words.
package markup

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Style is one kind of formatting.
type Style uint8

// Styles.
const (
	Bold Style = 1 << iota
	Italic
	Strike
	Code
)

// Span is one formatted run of Doc.Plain: bytes [Start, End), never empty.
// Marker is the marker the source used ("*", "_", "~", "`" or "```").
type Span struct {
	Style      Style
	Start, End int
	Marker     string
}

// Doc is a parsed text: what a person reads and how it is formatted. Spans
// are ordered by Start, outer spans before the spans they contain.
type Doc struct {
	Plain string
	Spans []Span
}

// Parse reads the neutral markup of s. It never fails: what is not a proper
// span is text. Invalid UTF-8 is kept as it is.
func Parse(s string) Doc {
	p := parser{src: s}
	p.out.Grow(len(s))
	p.segment(0, len(s), 0)
	return Doc{Plain: p.out.String(), Spans: p.spans}
}

// Plain is the text of s without its formatting markers.
func Plain(s string) string { return Parse(s).Plain }

// Source writes d back in the neutral markup; Parse(s).Source() == s.
func (d Doc) Source() string {
	type mark struct {
		at   int
		open bool
		seq  int // opening: outer first; closing: inner first
		text string
	}
	marks := make([]mark, 0, 2*len(d.Spans))
	for i, sp := range d.Spans {
		marks = append(marks, mark{sp.Start, true, i, sp.Marker}, mark{sp.End, false, -i, sp.Marker})
	}
	// By position; at one position closings (inner first) before openings
	// (outer first).
	slices.SortFunc(marks, func(a, b mark) int {
		switch {
		case a.at != b.at:
			return a.at - b.at
		case a.open != b.open:
			if a.open {
				return 1
			}
			return -1
		}
		return a.seq - b.seq
	})
	var b strings.Builder
	b.Grow(len(d.Plain) + 2*len(marks))
	last := 0
	for _, m := range marks {
		b.WriteString(d.Plain[last:m.at])
		b.WriteString(m.text)
		last = m.at
	}
	b.WriteString(d.Plain[last:])
	return b.String()
}

type parser struct {
	src   string
	out   strings.Builder
	spans []Span
}

// segment copies src[lo:hi] to the output, turning proper spans whose
// style is not already open (active) into Spans.
func (p *parser) segment(lo, hi int, active Style) {
	i := lo
	for i < hi {
		j := strings.IndexAny(p.src[i:hi], "*_~`")
		if j < 0 {
			p.out.WriteString(p.src[i:hi])
			return
		}
		p.out.WriteString(p.src[i : i+j]) // text up to the next marker character, at once
		i += j
		mk, style := markerAt(p.src[i:hi])
		if active&style == 0 && p.canOpen(lo, i, hi, mk) {
			if end := p.closeOf(i+len(mk), hi, mk); end >= 0 {
				idx := len(p.spans)
				p.spans = append(p.spans, Span{Style: style, Start: p.out.Len(), Marker: mk})
				if style == Code {
					p.out.WriteString(p.src[i+len(mk) : end])
				} else {
					p.segment(i+len(mk), end, active|style)
				}
				p.spans[idx].End = p.out.Len()
				i = end + len(mk)
				continue
			}
		}
		p.out.WriteByte(p.src[i]) // a marker character that is text
		i++
	}
}

// markerAt is the marker at the start of s, if any.
func markerAt(s string) (string, Style) {
	if s == "" {
		return "", 0
	}
	switch s[0] {
	case '*':
		return "*", Bold
	case '_':
		return "_", Italic
	case '~':
		return "~", Strike
	case '`':
		if strings.HasPrefix(s, "```") {
			return "```", Code
		}
		return "`", Code
	}
	return "", 0
}

// canOpen: the marker at i starts a word of the segment [lo, hi): it is at
// the segment's start or after a space or a punctuation mark, and it is
// followed by a character that is neither a space nor a marker of its kind.
func (p *parser) canOpen(lo, i, hi int, mk string) bool {
	if i > lo {
		r, _ := utf8.DecodeLastRuneInString(p.src[lo:i])
		if !isBoundary(r) {
			return false
		}
	}
	next := i + len(mk)
	if next >= hi {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.src[next:hi])
	return !unicode.IsSpace(r) && r != rune(mk[0])
}

// isBoundary is a character a marker may stand next to on its outer side:
// a space or a punctuation mark, but not a marker character, so "__init__"
// and "Siti**" are text and a person's "*" next to a template's marker does
// not steal it.
func isBoundary(r rune) bool {
	switch r {
	case '*', '_', '~', '`':
		return false
	}
	return unicode.IsSpace(r) || unicode.IsPunct(r)
}

// closeOf finds the closing marker of a span whose content starts at from:
// the first marker within [from, hi) and on the same line that ends a word.
// It returns -1 when there is none or when the content it closes holds no
// letter or digit (then the opening marker is text).
func (p *parser) closeOf(from, hi int, mk string) int {
	word := false
	for k := from; k < hi; {
		r, size := utf8.DecodeRuneInString(p.src[k:hi])
		if r == '\n' {
			return -1
		}
		if k > from && strings.HasPrefix(p.src[k:hi], mk) {
			prev, _ := utf8.DecodeLastRuneInString(p.src[from:k])
			after := k + len(mk)
			nextOK := after >= hi
			if !nextOK {
				nr, _ := utf8.DecodeRuneInString(p.src[after:hi])
				nextOK = isBoundary(nr)
			}
			if !unicode.IsSpace(prev) && nextOK {
				if !word {
					return -1
				}
				return k
			}
		}
		if isWord(r) {
			word = true
		}
		k += size
	}
	return -1
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
