package pricing

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzPrice builds a one- or two-tier rule from strings and prices a cost.
// It must never panic; when Price succeeds, the invariants hold: price >=
// cost + margin, on the rounding grid, a fixed point of Apply, and not above
// the price of a slightly higher cost.
func FuzzPrice(f *testing.F) {
	seeds := [][8]string{
		// cost, percent, fixed, tier2 from, tier2 percent, tier2 fixed, rounding, min margin
		{"41333.33", "35", "0", "", "", "", "up500", "0"},
		{"41333.33", "35", "0", "", "", "", "900", "0"},
		{"41333.33", "35", "0", "", "", "", "none", "0"},
		{"85000", "20", "3000", "", "", "", "nearest1000", "0"},
		{"10000", "5", "0", "", "", "", "nearest500", "2000"},
		{"49999.99", "40", "0", "50000", "25", "7500", "up500", "1000"},
		{"50000", "40", "0", "50000", "25", "5000", "up100", "0"}, // not monotone
		{"0", "0", "-1000", "", "", "", "up100", "0"},             // negative markup
		{"-1", "30", "0", "", "", "", "up500", "2000"},            // negative cost
		{"1e-9999", "30", "0", "", "", "", "up500", "2000"},       // out of range
		{"1e15", "30", "0", "", "", "", "up1000", "2000"},
		{"12345.6789", "-100", "50000", "100000", "0", "0", "900", "0"},
		{"0.01", "0.01", "0.01", "0.02", "0.01", "0.02", "nearest100", "0.01"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7])
	}
	f.Fuzz(func(t *testing.T, costS, pS, fS, from2S, p2S, f2S, roundS, marginS string) {
		cost, err1 := decimal.NewFromString(costS)
		p, err2 := decimal.NewFromString(pS)
		fixed, err3 := decimal.NewFromString(fS)
		margin, err4 := decimal.NewFromString(marginS)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return
		}
		rounding, err := ParseRounding(roundS)
		if err != nil {
			rounding = Rounding{Mode: RoundMode(roundS), Step: p} // an arbitrary, probably invalid rounding
		}
		r := Flat(p, fixed, rounding, margin)
		from2, err1 := decimal.NewFromString(from2S)
		p2, err2 := decimal.NewFromString(p2S)
		f2, err3 := decimal.NewFromString(f2S)
		if errors.Join(err1, err2, err3) == nil {
			r.Tiers = append(r.Tiers, Tier{From: from2, Markup: Markup{Percent: p2, Fixed: f2}})
		}
		price, err := r.Price(cost)
		if err != nil {
			var re *RuleError
			if !errors.As(err, &re) || re.Code == "" {
				t.Fatalf("Price error %v is not a coded *RuleError", err)
			}
			return
		}
		if r.Validate() != nil || cost.Sign() < 0 {
			t.Fatalf("Price succeeded on an invalid rule or negative cost")
		}
		checkPrice(t, r, cost, price)
		for _, c2 := range []decimal.Decimal{cost.Add(decimal.New(1, -2)), cost.Add(decimal.NewFromInt(1000))} {
			if !inRange(c2) {
				continue
			}
			p2, err := r.Price(c2)
			if err != nil {
				t.Fatalf("Price(%s): %v", c2, err)
			}
			if p2.LessThan(price) {
				t.Fatalf("rule %+v: Price(%s) = %s > Price(%s) = %s", r, cost, price, c2, p2)
			}
		}
		if len(r.Tiers) == 2 {
			// Just below and at the boundary.
			b := r.Tiers[1].From
			below := b.Sub(decimal.New(1, minExp))
			pb, errB := r.Price(below)
			pa, errA := r.Price(b)
			if errB == nil && errA == nil && pa.LessThan(pb) {
				t.Fatalf("rule %+v: Price(%s) = %s > Price(%s) = %s", r, below, pb, b, pa)
			}
		}
	})
}
