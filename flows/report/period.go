// Package report turns the shop's orders into the owner's numbers: the
// period a report covers, the sums (omzet, modal, ongkir, fees, refunds,
// profit, margin) overall and by product, supplier and channel, the daily
// series of the recap chart, the chart itself and the XLSX export.
//
// Everything here is pure: the store reads the rows, this package adds
// them up with shopspring/decimal (never SQL arithmetic on money text,
// never floats on money). Human text stays in locales; errors carry codes.
//
// # What the figures mean
//
// A report covers the orders CREATED in the period (WIB days). An order is a
// sale when it was paid or released: status diproses, dikemas, dikirim,
// selesai, or one of the after-sales statuses (komplain, retur, tukar,
// refund). COD orders are sales from diproses on, before the courier remits.
//
//   - Omzet: the goods billed to the customer (the order subtotal).
//   - Modal: the supplier cost of the lines not cancelled (Σ unit_cost × qty).
//   - Ongkir, COD fee and kode unik: collected with the order and shown, but
//     they are NOT income: ongkir goes to the courier (through the supplier),
//     the COD fee to the courier, and the kode unik is a 1–999 rupiah mark
//     that identifies a transfer, not a price the shop set.
//   - Refunds: confirmed outgoing payments of the sales of the period,
//     whenever they were paid: a refund lowers the profit of the period in
//     which its order was placed, so a closed month can still change when an
//     old order is refunded.
//   - Profit = Omzet − Modal − Refunds. Margin = Profit ÷ Omzet × 100,
//     rounded half up to one decimal; there is no margin without omzet.
//
// Orders that were cancelled or expired, and orders still waiting for their
// payment, are counted (Waiting, Cancelled) but add nothing to the money.
package report

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MaxDays is the longest period a report may cover.
const MaxDays = 366

// Period kinds.
const (
	KindDay   = "day"
	KindWeek  = "week"
	KindMonth = "month"
	KindRange = "range"
)

// Error codes of *Error (stable: the chat layer picks its message by Code).
const (
	// CodeMalformed: the text is not a period ParsePeriod knows.
	CodeMalformed = "malformed"
	// CodeBadDate: it looks like a date but is none (2026-02-30, month 13).
	CodeBadDate = "bad_date"
	// CodeFuture: the period starts after today ("bulan depan").
	CodeFuture = "future"
	// CodeEndBeforeStart: a range whose end is before its start.
	CodeEndBeforeStart = "end_before_start"
	// CodeTooLong: a range of more than MaxDays days.
	CodeTooLong = "too_long"
)

// Error is a period ParsePeriod refuses.
type Error struct {
	Code  string
	Input string
}

func (e *Error) Error() string { return fmt.Sprintf("report: period %q: %s", e.Input, e.Code) }

// Period is a run of whole days in WIB: From (00:00 WIB of the first day,
// inclusive) to To (00:00 WIB after the last day, exclusive).
type Period struct {
	From, To time.Time
	Kind     string
}

// Days is how many days the period covers.
func (p Period) Days() int {
	return int(p.To.Sub(p.From) / (24 * time.Hour))
}

// Last is the first instant of the period's last day.
func (p Period) Last() time.Time { return p.To.AddDate(0, 0, -1) }

// Contains reports whether t falls in the period.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }

// Day returns the period of the WIB day that contains t.
func Day(t time.Time, loc *time.Location) Period {
	d := startOfDay(t, loc)
	return Period{From: d, To: d.AddDate(0, 0, 1), Kind: KindDay}
}

// LastDays returns the n whole days that end with the day of t (n ≥ 1).
func LastDays(t time.Time, n int, loc *time.Location) Period {
	if n < 1 {
		n = 1
	}
	end := startOfDay(t, loc).AddDate(0, 0, 1)
	return Period{From: end.AddDate(0, 0, -n), To: end, Kind: KindRange}
}

func startOfDay(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

var (
	monthRE = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)
	isoRE   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	dmyRE   = regexp.MustCompile(`^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$`)
	// rangeSepRE splits "A..B", "A - B", "A s/d B", "A sampai B", "A to B".
	rangeSepRE = regexp.MustCompile(`\s*\.\.\s*|\s+-\s+|\s+(?:s/d|sd|sampai|hingga|to|until)\s+`)
)

// words maps the period words (Indonesian and English) to a parser.
var words = map[string]func(today time.Time) Period{
	"":           func(d time.Time) Period { return Period{From: d, To: d.AddDate(0, 0, 1), Kind: KindDay} },
	"hari":       func(d time.Time) Period { return Period{From: d, To: d.AddDate(0, 0, 1), Kind: KindDay} },
	"hari ini":   func(d time.Time) Period { return Period{From: d, To: d.AddDate(0, 0, 1), Kind: KindDay} },
	"today":      func(d time.Time) Period { return Period{From: d, To: d.AddDate(0, 0, 1), Kind: KindDay} },
	"day":        func(d time.Time) Period { return Period{From: d, To: d.AddDate(0, 0, 1), Kind: KindDay} },
	"kemarin":    func(d time.Time) Period { return Period{From: d.AddDate(0, 0, -1), To: d, Kind: KindDay} },
	"yesterday":  func(d time.Time) Period { return Period{From: d.AddDate(0, 0, -1), To: d, Kind: KindDay} },
	"minggu":     week,
	"minggu ini": week,
	"pekan":      week,
	"7 hari":     week,
	"week":       week,
	"bulan":      month(0),
	"bulan ini":  month(0),
	"month":      month(0),
	"this month": month(0),
	"bulan lalu": month(-1),
	"last month": month(-1),
}

// week is the last 7 days, today included.
func week(d time.Time) Period {
	return Period{From: d.AddDate(0, 0, -6), To: d.AddDate(0, 0, 1), Kind: KindWeek}
}

func month(offset int) func(time.Time) Period {
	return func(d time.Time) Period {
		first := time.Date(d.Year(), d.Month()+time.Month(offset), 1, 0, 0, 0, 0, d.Location())
		return Period{From: first, To: first.AddDate(0, 1, 0), Kind: KindMonth}
	}
}

// futureWords are periods that have not begun; they get CodeFuture rather
// than CodeMalformed so the owner hears why.
var futureWords = map[string]bool{
	"besok": true, "tomorrow": true, "bulan depan": true, "next month": true,
	"minggu depan": true, "pekan depan": true, "next week": true, "tahun depan": true, "next year": true,
}

// ParsePeriod reads a report period as the owner types it, relative to now,
// in the location loc (WIB): "" or "hari" (today), "kemarin", "minggu" (the
// last 7 days, today included), "bulan" (this calendar month), "bulan
// lalu", a month "2026-11", a day "2026-11-05" or "5/11/2026", or a range
// of days "2026-11-01..2026-11-15" (also with " - ", " s/d ", " sampai ",
// " to "; both ends included). English words work too (today, week, month).
//
// A period that starts after today is CodeFuture; a range that ends before
// it starts is CodeEndBeforeStart; a range over MaxDays days CodeTooLong. A
// period that reaches past today is kept as asked (the days to come are
// simply empty). The error is always an *Error.
func ParsePeriod(s string, now time.Time, loc *time.Location) (Period, error) {
	in := s
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	today := startOfDay(now, loc)
	fail := func(code string) (Period, error) { return Period{}, &Error{Code: code, Input: in} }
	if f, ok := words[s]; ok {
		return f(today), nil
	}
	if futureWords[s] {
		return fail(CodeFuture)
	}
	var p Period
	if parts := rangeSepRE.Split(s, -1); len(parts) == 2 {
		a, code := parseDay(parts[0], loc)
		if code != "" {
			return fail(code)
		}
		b, code := parseDay(parts[1], loc)
		if code != "" {
			return fail(code)
		}
		if b.Before(a) {
			return fail(CodeEndBeforeStart)
		}
		p = Period{From: a, To: b.AddDate(0, 0, 1), Kind: KindRange}
	} else if len(parts) > 2 {
		return fail(CodeMalformed)
	} else if m := monthRE.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 || !yearOK(y) {
			return fail(CodeBadDate)
		}
		first := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, loc)
		p = Period{From: first, To: first.AddDate(0, 1, 0), Kind: KindMonth}
	} else {
		d, code := parseDay(s, loc)
		if code != "" {
			return fail(code)
		}
		p = Period{From: d, To: d.AddDate(0, 0, 1), Kind: KindDay}
	}
	if p.From.After(today) {
		return fail(CodeFuture)
	}
	if p.Days() > MaxDays {
		return fail(CodeTooLong)
	}
	return p, nil
}

func yearOK(y int) bool { return y >= 2000 && y <= 2100 }

// parseDay reads "2026-11-05" or "5/11/2026" (also "05-11-2026") as the
// start of that day in loc; the code is "" when it worked.
func parseDay(s string, loc *time.Location) (time.Time, string) {
	var y, m, d int
	if g := isoRE.FindStringSubmatch(s); g != nil {
		y, _ = strconv.Atoi(g[1])
		m, _ = strconv.Atoi(g[2])
		d, _ = strconv.Atoi(g[3])
	} else if g := dmyRE.FindStringSubmatch(s); g != nil {
		d, _ = strconv.Atoi(g[1])
		m, _ = strconv.Atoi(g[2])
		y, _ = strconv.Atoi(g[3])
	} else {
		return time.Time{}, CodeMalformed
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if !yearOK(y) || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, CodeBadDate // time.Date normalises 30 Feb to 2 Mar
	}
	return t, ""
}
