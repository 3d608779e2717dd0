package report_test

import (
	"errors"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

var wib = locales.WIB

// now is Monday 23 Nov 2026, 10:00 WIB.
var now = time.Date(2026, 11, 23, 10, 0, 0, 0, wib)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, wib) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in       string
		from, to time.Time
		kind     string
	}{
		{"", day(2026, 11, 23), day(2026, 11, 24), report.KindDay},
		{"hari", day(2026, 11, 23), day(2026, 11, 24), report.KindDay},
		{"Hari  Ini", day(2026, 11, 23), day(2026, 11, 24), report.KindDay},
		{"today", day(2026, 11, 23), day(2026, 11, 24), report.KindDay},
		{"kemarin", day(2026, 11, 22), day(2026, 11, 23), report.KindDay},
		// The last 7 days with today: 17, 18, …, 23 Nov.
		{"minggu", day(2026, 11, 17), day(2026, 11, 24), report.KindWeek},
		{"week", day(2026, 11, 17), day(2026, 11, 24), report.KindWeek},
		{"bulan", day(2026, 11, 1), day(2026, 12, 1), report.KindMonth},
		{"BULAN", day(2026, 11, 1), day(2026, 12, 1), report.KindMonth},
		{"month", day(2026, 11, 1), day(2026, 12, 1), report.KindMonth},
		{"bulan lalu", day(2026, 10, 1), day(2026, 11, 1), report.KindMonth},
		{"2026-11", day(2026, 11, 1), day(2026, 12, 1), report.KindMonth},
		{"2026-02", day(2026, 2, 1), day(2026, 3, 1), report.KindMonth},
		{"2024-2", day(2024, 2, 1), day(2024, 3, 1), report.KindMonth},
		{"2026-11-05", day(2026, 11, 5), day(2026, 11, 6), report.KindDay},
		{"5/11/2026", day(2026, 11, 5), day(2026, 11, 6), report.KindDay},
		// Ranges include both ends: 1..15 Nov is 15 days, To = 16 Nov.
		{"2026-11-01..2026-11-15", day(2026, 11, 1), day(2026, 11, 16), report.KindRange},
		{"2026-11-01 .. 2026-11-15", day(2026, 11, 1), day(2026, 11, 16), report.KindRange},
		{"2026-11-01 - 2026-11-15", day(2026, 11, 1), day(2026, 11, 16), report.KindRange},
		{"1/11/2026 s/d 15/11/2026", day(2026, 11, 1), day(2026, 11, 16), report.KindRange},
		{"2026-11-01 sampai 2026-11-15", day(2026, 11, 1), day(2026, 11, 16), report.KindRange},
		{"2026-11-01 to 2026-11-15", day(2026, 11, 1), day(2026, 11, 16), report.KindRange},
		{"2026-11-10..2026-11-10", day(2026, 11, 10), day(2026, 11, 11), report.KindRange},
		// Reaching past today is allowed: the days to come are empty.
		{"2026-11-20..2026-12-31", day(2026, 11, 20), day(2027, 1, 1), report.KindRange},
		// 1 Nov 2025 … 1 Nov 2026 = 365 + 1 = 366 days: the longest allowed.
		{"2025-11-01..2026-11-01", day(2025, 11, 1), day(2026, 11, 2), report.KindRange},
		{"2024-02-29", day(2024, 2, 29), day(2024, 3, 1), report.KindDay},
	}
	for _, tc := range tests {
		p, err := report.ParsePeriod(tc.in, now, wib)
		if err != nil {
			t.Errorf("ParsePeriod(%q): %v", tc.in, err)
			continue
		}
		if !p.From.Equal(tc.from) || !p.To.Equal(tc.to) || p.Kind != tc.kind {
			t.Errorf("ParsePeriod(%q) = %v..%v %s; want %v..%v %s", tc.in, p.From, p.To, p.Kind, tc.from, tc.to, tc.kind)
		}
	}
}

func TestParsePeriodErrors(t *testing.T) {
	tests := []struct{ in, code string }{
		{"bulan depan", report.CodeFuture},
		{"besok", report.CodeFuture},
		{"next month", report.CodeFuture},
		{"2026-12", report.CodeFuture},
		{"2026-11-24", report.CodeFuture},
		{"2026-11-24..2026-11-30", report.CodeFuture},
		{"2026-11-15..2026-11-01", report.CodeEndBeforeStart},
		// 31 Oct 2025 … 1 Nov 2026 = 367 days.
		{"2025-10-31..2026-11-01", report.CodeTooLong},
		{"2020-01-01..2026-11-01", report.CodeTooLong},
		{"2026-02-30", report.CodeBadDate},
		{"2025-02-29", report.CodeBadDate},
		{"2026-13", report.CodeBadDate},
		{"2026-00", report.CodeBadDate},
		{"31/11/2026", report.CodeBadDate},
		{"1999-01", report.CodeBadDate},
		{"2026-11-01..2026-11-31", report.CodeBadDate},
		{"abc", report.CodeMalformed},
		{"bulan kemarin lusa", report.CodeMalformed},
		{"2026/11", report.CodeMalformed},
		{"2026-11-01..", report.CodeMalformed},
		{"..2026-11-01", report.CodeMalformed},
		{"2026-11-01..2026-11-05..2026-11-09", report.CodeMalformed},
		{"20261101", report.CodeMalformed},
		{"2026-11-01..2026-11", report.CodeMalformed},
	}
	for _, tc := range tests {
		_, err := report.ParsePeriod(tc.in, now, wib)
		var e *report.Error
		if !errors.As(err, &e) || e.Code != tc.code {
			t.Errorf("ParsePeriod(%q) error = %v, want code %s", tc.in, err, tc.code)
		}
	}
}

// TestParsePeriodMidnight: "today" is the WIB day, also when the UTC date
// differs (00:10 WIB is 17:10 UTC of the day before).
func TestParsePeriodMidnight(t *testing.T) {
	for _, n := range []time.Time{
		time.Date(2026, 11, 22, 17, 10, 0, 0, time.UTC), // 23 Nov 00:10 WIB
		time.Date(2026, 11, 23, 16, 59, 0, 0, time.UTC), // 23 Nov 23:59 WIB
	} {
		p, err := report.ParsePeriod("hari", n, wib)
		if err != nil || !p.From.Equal(day(2026, 11, 23)) {
			t.Errorf("hari at %v = %v, %v; want 23 Nov WIB", n, p.From, err)
		}
	}
	// At 00:10 WIB on 1 Dec, "bulan" is December and November is "bulan lalu".
	n := time.Date(2026, 11, 30, 17, 10, 0, 0, time.UTC)
	p, _ := report.ParsePeriod("bulan", n, wib)
	q, _ := report.ParsePeriod("bulan lalu", n, wib)
	if !p.From.Equal(day(2026, 12, 1)) || !q.From.Equal(day(2026, 11, 1)) || q.Days() != 30 {
		t.Errorf("bulan = %v, bulan lalu = %v (%d days)", p.From, q.From, q.Days())
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"", "hari", "minggu", "bulan", "bulan depan", "2026-11", "2026-11-01..2026-11-15",
		"1/11/2026 s/d 15/11/2026", "2026-02-30", "2025-10-31..2026-11-01", "9999-99-99..0000-00-00", " .. ", "-"} {
		f.Add(s)
	}
	today := day(2026, 11, 23)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := report.ParsePeriod(s, now, wib)
		if err != nil {
			var e *report.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not *report.Error", err)
			}
			switch e.Code {
			case report.CodeMalformed, report.CodeBadDate, report.CodeFuture, report.CodeEndBeforeStart, report.CodeTooLong:
			default:
				t.Fatalf("unknown code %q", e.Code)
			}
			return
		}
		if !p.From.Before(p.To) || p.Days() < 1 || p.Days() > report.MaxDays || p.From.After(today) {
			t.Fatalf("ParsePeriod(%q) = %v..%v (%d days)", s, p.From, p.To, p.Days())
		}
		if p.From.Hour() != 0 || p.From.Location() != wib {
			t.Fatalf("period does not start at 00:00 WIB: %v", p.From)
		}
	})
}

// fixture is three sales, two waiting, two cancelled orders in the three
// days 19–21 Nov 2026, and one sale outside them. The expected figures
// are computed by hand in TestBuild.
func fixture() []store.ReportOrder {
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 30, 0, 0, wib) }
	item := func(sku, name, variant, sup, supName string, qty int, price, cost, status string) store.ReportItem {
		return store.ReportItem{SKU: sku, ProductName: name, VariantName: variant, SupplierCode: sup, SupplierName: supName,
			Qty: qty, UnitPrice: dec(price), UnitCost: dec(cost), Status: status}
	}
	pay := func(dir, amount, status string, d int) store.ReportPayment {
		return store.ReportPayment{Direction: dir, Method: "transfer", Amount: dec(amount), Status: status, CreatedAt: at(d, 12)}
	}
	return []store.ReportOrder{
		{ID: 1, Code: "AAAAA", Status: store.StatusDone, Channel: "telegram", PaymentMethod: "transfer", CreatedAt: at(19, 9),
			Subtotal: dec("411000"), Shipping: dec("15000"), UniqueCode: 123, Total: dec("426123"),
			Items: []store.ReportItem{
				item("GMS-01", "Gamis Syari", "M", "GMS", "Grosir Muslim Solo", 2, "185000", "142500", "ok"),
				item("HJB-11", "Hijab Voal", "Navy", "HJB", "Hijab Bandung", 1, "41000", "31500", "ok"),
			},
			Payments: []store.ReportPayment{pay("in", "426123", "confirmed", 19)}},
		{ID: 2, Code: "BBBBB", Status: store.StatusShipped, Channel: "whatsapp", PaymentMethod: "cod", CreatedAt: at(21, 8),
			Subtotal: dec("375000"), Shipping: dec("26000"), CODFee: dec("12030"), Total: dec("413030"),
			Items: []store.ReportItem{item("GMS-07", "Mukena Katun", "Dewasa", "GMS", "Grosir Muslim Solo", 3, "125000", "96333.33", "ok")}},
		{ID: 3, Code: "CCCCC", Status: store.StatusRefund, Channel: "telegram", PaymentMethod: "transfer", CreatedAt: at(21, 20),
			Subtotal: dec("187000"), Shipping: dec("11000"), UniqueCode: 7, Total: dec("198007"),
			Items: []store.ReportItem{
				item("HJB-20", "Pashmina Ceruti", "Mocca", "HJB", "Hijab Bandung", 4, "36500", "27750", "ok"),
				item("HJB-11", "Hijab Voal", "Hitam", "HJB", "Hijab Bandung", 1, "41000", "31500", "dibatalkan"),
			},
			Payments: []store.ReportPayment{
				pay("in", "198007", "confirmed", 21),
				pay("out", "41000", "confirmed", 22), // the cancelled hijab, refunded the next day
				pay("out", "5000", "pending", 22),    // not decided: not counted
				pay("out", "1000", "rejected", 22),   // refused: not counted
				pay("in", "99", "pending", 22),       // incoming money is never a refund
			}},
		{ID: 4, Code: "DDDDD", Status: store.StatusAwaitPay, Channel: "telegram", CreatedAt: at(20, 10), Subtotal: dec("100000"),
			Total: dec("115000"), Items: []store.ReportItem{item("GMS-01", "Gamis Syari", "L", "GMS", "", 1, "100000", "70000", "ok")}},
		{ID: 5, Code: "EEEEE", Status: store.StatusAwaitVerify, Channel: "whatsapp", CreatedAt: at(20, 11), Subtotal: dec("50000"), Total: dec("65000")},
		{ID: 6, Code: "FFFFF", Status: store.StatusCancelled, Channel: "whatsapp", CreatedAt: at(20, 12), Subtotal: dec("70000"), Total: dec("85000")},
		{ID: 7, Code: "GGGGG", Status: store.StatusExpired, Channel: "telegram", CreatedAt: at(19, 23), Subtotal: dec("90000"), Total: dec("105000")},
		// 18 Nov 23:30 WIB: outside 19–21 Nov although 16:30 UTC of the 18th is close.
		{ID: 8, Code: "HHHHH", Status: store.StatusDone, Channel: "telegram", CreatedAt: time.Date(2026, 11, 18, 23, 30, 0, 0, wib),
			Subtotal: dec("999999"), Total: dec("999999"),
			Items: []store.ReportItem{item("X", "X", "", "", "", 1, "999999", "1", "ok")}},
	}
}

func threeDays() report.Period {
	return report.Period{From: day(2026, 11, 19), To: day(2026, 11, 22), Kind: report.KindRange}
}

func TestBuild(t *testing.T) {
	r := report.Build(threeDays(), fixture())
	// Sales: AAAAA, BBBBB, CCCCC.
	//   Omzet   = 411000 + 375000 + 187000                       = 973000
	//   Modal   = (2×142500 + 31500) + 3×96333.33 + 4×27750
	//           = 316500 + 288999.99 + 111000                    = 716499.99
	//            (the cancelled Hijab Hitam of CCCCC costs nothing)
	//   Ongkir  = 15000 + 26000 + 11000                          = 52000
	//   COD fee = 12030; kode unik = 123 + 7                     = 130
	//   Refunds = 41000 (the pending 5000 and rejected 1000 do not count)
	//   Profit  = 973000 − 716499.99 − 41000                     = 215500.01
	//   Margin  = 215500.01 / 973000 × 100 = 22.148… → 22.1
	//   Billed  = 973000 + 52000 + 12030 + 130 = 1037160 = 426123 + 413030 + 198007
	want := report.Totals{Orders: 3, Units: 10, Omzet: dec("973000"), Modal: dec("716499.99"), Ongkir: dec("52000"),
		CODFee: dec("12030"), KodeUnik: dec("130"), Refunds: dec("41000")}
	checkTotals(t, "total", r.Totals, want)
	if got := r.Profit(); !got.Equal(dec("215500.01")) {
		t.Errorf("profit = %s, want 215500.01", got)
	}
	if m, ok := r.Margin(); !ok || !m.Equal(dec("22.1")) {
		t.Errorf("margin = %s %v, want 22.1", m, ok)
	}
	if got := r.Billed(); !got.Equal(dec("1037160")) {
		t.Errorf("billed = %s, want 1037160", got)
	}
	// Created in the period: A, B, C, D, E, F, G (not H); waiting D, E; cancelled F, G.
	if r.Created != 7 || r.Waiting != 2 || r.Cancelled != 2 {
		t.Errorf("created/waiting/cancelled = %d/%d/%d, want 7/2/2", r.Created, r.Waiting, r.Cancelled)
	}

	// By product, biggest omzet first: 3×125000 = 375000, 2×185000 = 370000,
	// 4×36500 = 146000, 1×41000 = 41000.
	wantProducts := []report.Line{
		{Key: "GMS-07/Dewasa", Name: "Mukena Katun Dewasa", Totals: report.Totals{Orders: 1, Units: 3, Omzet: dec("375000"), Modal: dec("288999.99")}},
		{Key: "GMS-01/M", Name: "Gamis Syari M", Totals: report.Totals{Orders: 1, Units: 2, Omzet: dec("370000"), Modal: dec("285000")}},
		{Key: "HJB-20/Mocca", Name: "Pashmina Ceruti Mocca", Totals: report.Totals{Orders: 1, Units: 4, Omzet: dec("146000"), Modal: dec("111000")}},
		{Key: "HJB-11/Navy", Name: "Hijab Voal Navy", Totals: report.Totals{Orders: 1, Units: 1, Omzet: dec("41000"), Modal: dec("31500")}},
	}
	checkLines(t, "product", r.ByProduct, wantProducts)
	// By supplier: GMS = 370000 + 375000 = 745000, modal 285000 + 288999.99 = 573999.99;
	// HJB = 41000 + 146000 = 187000, modal 31500 + 111000 = 142500.
	checkLines(t, "supplier", r.BySupplier, []report.Line{
		{Key: "GMS", Name: "Grosir Muslim Solo", Totals: report.Totals{Orders: 2, Units: 5, Omzet: dec("745000"), Modal: dec("573999.99")}},
		{Key: "HJB", Name: "Hijab Bandung", Totals: report.Totals{Orders: 2, Units: 5, Omzet: dec("187000"), Modal: dec("142500")}},
	})
	// By channel: telegram = A + C: omzet 598000, modal 316500 + 111000 = 427500,
	// refunds 41000, profit 129500; whatsapp = B: profit 375000 − 288999.99 = 86000.01.
	checkLines(t, "channel", r.ByChannel, []report.Line{
		{Key: "telegram", Totals: report.Totals{Orders: 2, Units: 7, Omzet: dec("598000"), Modal: dec("427500"), Ongkir: dec("26000"),
			KodeUnik: dec("130"), Refunds: dec("41000")}},
		{Key: "whatsapp", Totals: report.Totals{Orders: 1, Units: 3, Omzet: dec("375000"), Modal: dec("288999.99"), Ongkir: dec("26000"),
			CODFee: dec("12030")}},
	})
	if p := r.ByChannel[0].Profit(); !p.Equal(dec("129500")) {
		t.Errorf("telegram profit = %s, want 129500", p)
	}
	if p := r.ByChannel[1].Profit(); !p.Equal(dec("86000.01")) {
		t.Errorf("whatsapp profit = %s, want 86000.01", p)
	}
	// The breakdowns add up to the totals (refunds only by channel).
	sum := func(ls []report.Line) (o, m decimal.Decimal) {
		for _, l := range ls {
			o, m = o.Add(l.Omzet), m.Add(l.Modal)
		}
		return
	}
	if o, m := sum(r.ByChannel); !o.Equal(r.Omzet) || !m.Equal(r.Modal) {
		t.Errorf("channels add to %s/%s, want %s/%s", o, m, r.Omzet, r.Modal)
	}
}

func TestBuildEmpty(t *testing.T) {
	r := report.Build(threeDays(), nil)
	if r.Orders != 0 || !r.Omzet.IsZero() || !r.Profit().IsZero() || len(r.ByProduct) != 0 {
		t.Errorf("empty report = %+v", r)
	}
	if _, ok := r.Margin(); ok {
		t.Error("a margin without omzet")
	}
	// A loss: margin is negative and rounds half away from zero.
	// (100 − 100.25 − 0) / 100 × 100 = −0.25 → −0.3
	tot := report.Totals{Omzet: dec("100"), Modal: dec("100.25")}
	if m, _ := tot.Margin(); !m.Equal(dec("-0.3")) {
		t.Errorf("margin = %s, want -0.3", m)
	}
	// 1/3: 33.333… → 33.3; 2/3: 66.666… → 66.7
	if m, _ := (report.Totals{Omzet: dec("3"), Modal: dec("2")}).Margin(); !m.Equal(dec("33.3")) {
		t.Errorf("margin 1/3 = %s", m)
	}
	if m, _ := (report.Totals{Omzet: dec("3"), Modal: dec("1")}).Margin(); !m.Equal(dec("66.7")) {
		t.Errorf("margin 2/3 = %s", m)
	}
}

func TestDaily(t *testing.T) {
	days := report.Daily(threeDays(), fixture())
	// 19 Nov: AAAAA omzet 411000, profit 411000 − 316500 = 94500.
	// 20 Nov: no sale.
	// 21 Nov: BBBBB + CCCCC omzet 375000 + 187000 = 562000,
	//         profit 86000.01 + (187000 − 111000 − 41000 = 35000) = 121000.01.
	want := []struct {
		orders        int
		omzet, profit string
	}{{1, "411000", "94500"}, {0, "0", "0"}, {2, "562000", "121000.01"}}
	if len(days) != 3 {
		t.Fatalf("%d days, want 3", len(days))
	}
	for i, w := range want {
		d := days[i]
		if !d.Date.Equal(day(2026, 11, 19+i)) || d.Orders != w.orders || !d.Omzet.Equal(dec(w.omzet)) || !d.Profit.Equal(dec(w.profit)) {
			t.Errorf("day %d = %v %d %s %s; want %d %s %s", i, d.Date, d.Orders, d.Omzet, d.Profit, w.orders, w.omzet, w.profit)
		}
	}
}

func checkTotals(t *testing.T, what string, got, want report.Totals) {
	t.Helper()
	if got.Orders != want.Orders || got.Units != want.Units || !got.Omzet.Equal(want.Omzet) || !got.Modal.Equal(want.Modal) ||
		!got.Ongkir.Equal(want.Ongkir) || !got.CODFee.Equal(want.CODFee) || !got.KodeUnik.Equal(want.KodeUnik) ||
		!got.Refunds.Equal(want.Refunds) {
		t.Errorf("%s = %+v\nwant %+v", what, got, want)
	}
}

func checkLines(t *testing.T, what string, got, want []report.Line) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d lines, want %d: %+v", what, len(got), len(want), got)
	}
	for i := range want {
		if got[i].Key != want[i].Key || got[i].Name != want[i].Name {
			t.Errorf("%s %d = %q %q, want %q %q", what, i, got[i].Key, got[i].Name, want[i].Key, want[i].Name)
		}
		checkTotals(t, what+" "+want[i].Key, got[i].Totals, want[i].Totals)
	}
}
