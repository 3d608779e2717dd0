package locales

import (
	"fmt"
	"time"
)

// WIB is Western Indonesia Time (UTC+7), the zone dropbot shows times in.
// It is a fixed zone, so no tzdata is needed (Indonesia has no daylight
// saving time). Treat it as a constant: never assign to it.
var WIB = time.FixedZone("WIB", 7*3600)

// monthsID are the Indonesian month abbreviations. Read-only.
var monthsID = [12]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}

// Printer writes text for one language. The zero Printer is usable: it
// speaks ID and every key is missing.
type Printer struct {
	b    *Bundle
	lang Lang
}

// For returns a Printer for lang, which falls back to ID when the bundle
// does not have it.
func (b *Bundle) For(lang Lang) Printer {
	return Printer{b: b, lang: b.resolve(lang)}
}

// Lang returns the language the Printer writes (after any fallback).
func (p Printer) Lang() Lang {
	if p.lang == "" {
		return ID
	}
	return p.lang
}

// T is Bundle.T in the Printer's language.
func (p Printer) T(key string, args ...any) string {
	return p.b.T(p.Lang(), key, args...)
}

// Date formats the day of t in WIB: "23 Nov 2026" ("5 Agu 2026" in
// Indonesian, "5 Aug 2026" in English).
func (p Printer) Date(t time.Time) string {
	t = t.In(WIB)
	month := monthsID[t.Month()-1]
	if p.Lang() == EN {
		month = t.Month().String()[:3]
	}
	return fmt.Sprintf("%d %s %d", t.Day(), month, t.Year())
}

// DateTime formats t in WIB with a 24-hour clock: "23 Nov 2026 17.50 WIB" in
// Indonesian (which writes times with a dot), "23 Nov 2026 17:50 WIB" in
// English.
func (p Printer) DateTime(t time.Time) string {
	t = t.In(WIB)
	sep := "."
	if p.Lang() == EN {
		sep = ":"
	}
	return fmt.Sprintf("%s %02d%s%02d WIB", p.Date(t), t.Hour(), sep, t.Minute())
}
