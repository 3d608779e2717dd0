package report_test

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/dropbot/dropbot/flows/report"
	"github.com/shopspring/decimal"
)

var chartText = report.ChartText{TitleShort: "7 hari terakhir", TitleLong: "30 hari terakhir", Omzet: "Omzet", Profit: "Profit",
	Money: func(d decimal.Decimal) string { return "Rp" + d.String() }}

func thirtyDays(f func(i int) (omzet, profit string)) []report.DayFigures {
	days := make([]report.DayFigures, 30)
	for i := range days {
		o, p := f(i)
		days[i] = report.DayFigures{Date: day(2026, 10, 25).AddDate(0, 0, i), Omzet: dec(o), Profit: dec(p)}
	}
	return days
}

func TestChartIsPNG(t *testing.T) {
	cases := map[string][]report.DayFigures{
		"sales": thirtyDays(func(i int) (string, string) {
			return decimal.NewFromInt(int64(i*137000 + 50000)).String(), decimal.NewFromInt(int64(i * 21000)).String()
		}),
		// All zero: no range to scale; must still draw.
		"nothing sold": thirtyDays(func(int) (string, string) { return "0", "0" }),
		// Losses: profit below zero.
		"losses":  thirtyDays(func(i int) (string, string) { return "100000", decimal.NewFromInt(int64(-i * 5000)).String() }),
		"one day": {{Date: day(2026, 11, 23), Omzet: dec("1250000.50"), Profit: dec("250000.25")}},
		// Large sums: billions.
		"big": thirtyDays(func(i int) (string, string) { return "2500000000", "400000000" }),
	}
	for name, days := range cases {
		t.Run(name, func(t *testing.T) {
			b, err := report.Chart(days, chartText)
			if err != nil {
				t.Fatalf("Chart: %v", err)
			}
			if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
				t.Fatalf("not a PNG signature: % x", b[:8])
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if got := img.Bounds(); got.Dx() != report.ChartWidth || got.Dy() != report.ChartHeight || report.ChartWidth != 800 || report.ChartHeight != 800 {
				t.Fatalf("size %v, want 800×800", got)
			}
			// Both panels were drawn: neither half is a single colour.
			for _, half := range []int{0, 1} {
				y0 := half * report.ChartHeight / 2
				first := img.At(0, y0)
				uniform := true
				for y := y0; y < y0+report.ChartHeight/2 && uniform; y += 7 {
					for x := 0; x < report.ChartWidth; x += 7 {
						if img.At(x, y) != first {
							uniform = false
							break
						}
					}
				}
				if uniform {
					t.Errorf("panel %d is blank", half)
				}
			}
		})
	}
	// The same figures draw the same bytes (the recap's media is stored by
	// content hash, and transcripts quote it).
	a, _ := report.Chart(cases["sales"], chartText)
	b, _ := report.Chart(cases["sales"], chartText)
	if !bytes.Equal(a, b) {
		t.Error("the same figures drew different PNGs")
	}
	if _, err := report.Chart(nil, chartText); err == nil {
		t.Error("a chart of no days")
	}
}
