package bot

import (
	"strings"
	"unicode/utf8"
)

// CleanText makes a person's text safe to pass on to supplier cards,
// labels, owner reports and logs: control characters (C0 but line feed and
// tab, DEL, C1) and the bidirectional overrides, embeddings, isolates and
// marks that can make a label read backwards (U+202E "RIGHT-TO-LEFT
// OVERRIDE" and its kin) are dropped; a carriage return and the Unicode
// line and paragraph separators become a line feed ("\r\n" one line feed);
// bytes that are not UTF-8 are dropped. Emoji joiners and every printable
// character stay. A clean text is returned as it is, without copying.
func CleanText(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, dirty) < 0 {
		return s
	}
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r' || r == '\u2028' || r == '\u2029':
			return '\n'
		case dirty(r):
			return -1
		}
		return r
	}, s)
}

// CleanName is CleanText for a one-line value (a sender's name, a file
// name): line breaks and tabs become spaces, and the ends are trimmed.
func CleanName(s string) string {
	s = CleanText(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\t' }), " ")
	}
	return strings.TrimSpace(s)
}

// dirty reports a rune CleanText removes or replaces.
func dirty(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f): // C0, DEL, C1
		return true
	case r >= 0x202a && r <= 0x202e: // LRE RLE PDF LRO RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI RLI FSI PDI
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c: // LRM RLM ALM
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}
