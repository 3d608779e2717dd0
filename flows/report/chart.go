package report

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"

	"github.com/shopspring/decimal"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Size of the recap chart: two panels of ChartWidth × ChartHeight/2.
const (
	ChartWidth  = 800
	ChartHeight = 800
)

// ChartText is what the chart writes, in the owner's language.
type ChartText struct {
	TitleShort string // title of the top panel (the last 7 days)
	TitleLong  string // title of the bottom panel (all the days given)
	Omzet      string // legend of the omzet line
	Profit     string // legend of the profit line
	// Money writes a tick of the money axis compactly ("Rp1,5jt"); nil =
	// the plain decimal.
	Money func(decimal.Decimal) string
}

var (
	colorOmzet  = drawing.Color{R: 0, G: 116, B: 217, A: 255}
	colorProfit = drawing.Color{R: 0, G: 160, B: 80, A: 255}
)

// Chart draws omzet and profit per day as a PNG of ChartWidth ×
// ChartHeight: the last 7 of days on top, all of them below (the recap
// passes 30). Money becomes float64 only here, to place points on a
// picture; every figure written on it comes from the decimals.
func Chart(days []DayFigures, text ChartText) ([]byte, error) {
	if len(days) == 0 {
		return nil, fmt.Errorf("report: chart of no days")
	}
	short := days
	if len(short) > 7 {
		short = short[len(short)-7:]
	}
	canvas := image.NewRGBA(image.Rect(0, 0, ChartWidth, ChartHeight))
	for i, panel := range []struct {
		title string
		days  []DayFigures
	}{{text.TitleShort, short}, {text.TitleLong, days}} {
		img, err := renderPanel(panel.title, panel.days, text)
		if err != nil {
			return nil, err
		}
		top := i * ChartHeight / 2
		draw.Draw(canvas, image.Rect(0, top, ChartWidth, top+ChartHeight/2), img, img.Bounds().Min, draw.Src)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, canvas); err != nil {
		return nil, fmt.Errorf("report: encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

func renderPanel(title string, days []DayFigures, text ChartText) (image.Image, error) {
	if len(days) == 1 {
		// A line needs two points: draw the one day as a flat line.
		days = []DayFigures{days[0], days[0]}
	}
	n := len(days)
	xs := make([]float64, n)
	omzet := make([]float64, n)
	profit := make([]float64, n)
	lo, hi := decimal.Zero, decimal.Zero
	for i, d := range days {
		xs[i] = float64(i)
		omzet[i] = d.Omzet.InexactFloat64()
		profit[i] = d.Profit.InexactFloat64()
		for _, v := range []decimal.Decimal{d.Omzet, d.Profit} {
			lo, hi = decimal.Min(lo, v), decimal.Max(hi, v)
		}
	}
	yTicks, yMin, yMax := moneyTicks(lo, hi, text.Money)
	// Label every day of a short panel, every fifth of a long one; the
	// first and the last day always.
	every := 1
	if n > 10 {
		every = 5
	}
	var xTicks []chart.Tick
	for i := 0; i < n; i += every {
		if i != n-1 && n-1-i < every/2+1 && i != 0 {
			continue // too close to the last day's label
		}
		xTicks = append(xTicks, dayTick(days[i], i))
	}
	if (n-1)%every != 0 {
		xTicks = append(xTicks, dayTick(days[n-1], n-1))
	}
	xMax := float64(n - 1)
	graph := chart.Chart{
		Title:      title,
		TitleStyle: chart.Style{FontSize: 13},
		Width:      ChartWidth,
		Height:     ChartHeight / 2,
		Background: chart.Style{Padding: chart.Box{Top: 80, Left: 20, Right: 20, Bottom: 20}},
		XAxis:      chart.XAxis{Ticks: xTicks, Range: &chart.ContinuousRange{Min: 0, Max: xMax}},
		YAxis:      chart.YAxis{Ticks: yTicks, Range: &chart.ContinuousRange{Min: yMin, Max: yMax}},
		Series: []chart.Series{
			chart.ContinuousSeries{Name: text.Omzet, XValues: xs, YValues: omzet,
				Style: chart.Style{StrokeColor: colorOmzet, StrokeWidth: 3, DotColor: colorOmzet, DotWidth: 3}},
			chart.ContinuousSeries{Name: text.Profit, XValues: xs, YValues: profit,
				Style: chart.Style{StrokeColor: colorProfit, StrokeWidth: 3, DotColor: colorProfit, DotWidth: 3}},
		},
	}
	graph.Elements = []chart.Renderable{chart.LegendThin(&graph)}
	var buf bytes.Buffer
	if err := graph.Render(chart.PNG, &buf); err != nil {
		return nil, fmt.Errorf("report: render chart: %w", err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		return nil, fmt.Errorf("report: read chart: %w", err)
	}
	return img, nil
}

// moneyTicks chooses about five round ticks (1, 2 or 5 × 10^k rupiah apart)
// from below lo (or 0) to above hi, with their labels.
func moneyTicks(lo, hi decimal.Decimal, money func(decimal.Decimal) string) ([]chart.Tick, float64, float64) {
	if money == nil {
		money = func(d decimal.Decimal) string { return d.String() }
	}
	span := hi.Sub(lo)
	step := niceStep(span)
	start := lo.Div(step).Floor().Mul(step)
	end := hi.Div(step).Ceil().Mul(step)
	if end.LessThanOrEqual(start) {
		end = start.Add(step)
	}
	var ticks []chart.Tick
	for v := start; v.LessThanOrEqual(end); v = v.Add(step) {
		ticks = append(ticks, chart.Tick{Value: v.InexactFloat64(), Label: money(v)})
	}
	return ticks, start.InexactFloat64(), end.InexactFloat64()
}

// niceStep is the smallest of Rp1.000, 2.000, 5.000, 10.000, 20.000, …
// that cuts span into at most five steps.
func niceStep(span decimal.Decimal) decimal.Decimal {
	five := decimal.NewFromInt(5)
	for exp := int32(3); ; exp++ {
		for _, m := range []int64{1, 2, 5} {
			step := decimal.New(m, exp)
			if span.Div(step).LessThanOrEqual(five) || exp > 15 {
				return step
			}
		}
	}
}

func dayTick(d DayFigures, i int) chart.Tick {
	return chart.Tick{Value: float64(i), Label: fmt.Sprintf("%d/%d", d.Date.Day(), int(d.Date.Month()))}
}
