package pricing

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

var allRoundings = []string{"none", "nearest100", "nearest500", "nearest1000", "up100", "up500", "up1000", "900"}

// randAmount returns a random amount in [0, max] rupiah with 0, 1 or 2 decimals.
func randAmount(rng *rand.Rand, max int64) decimal.Decimal {
	places := rng.IntN(3)
	scale := int64(1)
	for range places {
		scale *= 10
	}
	return decimal.New(rng.Int64N(max*scale+1), -int32(places))
}

// randCost is a cost in Rp0–Rp50.000.000, biased toward smaller values so
// that tier boundaries and rounding steps are exercised.
func randCost(rng *rand.Rand) decimal.Decimal {
	switch rng.IntN(3) {
	case 0:
		return randAmount(rng, 50_000_000)
	case 1:
		return randAmount(rng, 500_000)
	default:
		return randAmount(rng, 5_000)
	}
}

// randRule builds a random rule with 1–4 tiers. Most rules are valid (the
// upper tier's fixed amount is raised to keep prices monotone), some are not
// (random negative values, unrepaired boundaries), so callers filter with
// Validate.
func randRule(rng *rand.Rand) Rule {
	n := 1 + rng.IntN(4)
	tiers := make([]Tier, n)
	from := decimal.Zero
	for i := range tiers {
		if i > 0 {
			from = from.Add(randAmount(rng, 5_000_000)).Add(decimal.New(1, -2))
		}
		m := Markup{Percent: randAmount(rng, 100), Fixed: randAmount(rng, 20_000)}
		if rng.IntN(10) == 0 {
			m.Percent = m.Percent.Neg()
		}
		if rng.IntN(10) == 0 {
			m.Fixed = m.Fixed.Neg()
		}
		if i > 0 && rng.IntN(4) != 0 {
			// Repair the boundary: upper raw(from) >= lower raw(from).
			need := tiers[i-1].Markup.Apply(from).Sub(m.Apply(from))
			if need.Sign() > 0 {
				m.Fixed = m.Fixed.Add(need)
			}
		}
		tiers[i] = Tier{From: from, Markup: m}
	}
	rounding, _ := ParseRounding(allRoundings[rng.IntN(len(allRoundings))])
	return Rule{Tiers: tiers, Rounding: rounding, MinMargin: randAmount(rng, 10_000)}
}

// checkPrice checks the invariants of one successful Price call.
func checkPrice(t *testing.T, r Rule, cost, price decimal.Decimal) {
	t.Helper()
	floor := cost.Add(r.MinMargin)
	if price.LessThan(floor) {
		t.Fatalf("rule %+v: Price(%s) = %s < cost + margin %s", r, cost, price, floor)
	}
	switch r.Rounding.Mode {
	case RoundUp, RoundNearest:
		if !price.Mod(r.Rounding.Step).IsZero() {
			t.Fatalf("rule %+v: Price(%s) = %s not a multiple of %s", r, cost, price, r.Rounding.Step)
		}
	case RoundEnding900:
		if !floorMod(price, step1000).Equal(nine100) {
			t.Fatalf("rule %+v: Price(%s) = %s does not end in 900", r, cost, price)
		}
	case RoundNone:
		want := decimal.Max(r.tierFor(cost).Markup.Apply(cost), floor)
		if !price.Equal(want) {
			t.Fatalf("rule %+v: Price(%s) = %s, want max(raw, floor) = %s", r, cost, price, want)
		}
	}
	if !r.Rounding.Apply(price).Equal(price) {
		t.Fatalf("rule %+v: Price(%s) = %s is not a fixed point of Apply", r, cost, price)
	}
}

func TestPropertyPrice(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240611, 1))
	valid := 0
	multiTier := 0
	for range 3000 {
		r := randRule(rng)
		if r.Validate() != nil {
			continue
		}
		valid++
		if len(r.Tiers) > 1 {
			multiTier++
		}
		// Costs to try: random ones, plus each boundary and a cent below it.
		costs := []decimal.Decimal{randCost(rng), randCost(rng), randCost(rng)}
		for _, tr := range r.Tiers[1:] {
			costs = append(costs, tr.From, tr.From.Sub(decimal.New(1, -2)))
		}
		for _, c := range costs {
			p, err := r.Price(c)
			if err != nil {
				t.Fatalf("rule %+v: Price(%s): %v", r, c, err)
			}
			checkPrice(t, r, c, p)
			// Validate's negative_markup check is sound: raw >= cost.
			if raw := r.tierFor(c).Markup.Apply(c); raw.LessThan(c) {
				t.Fatalf("rule %+v passed Validate but raw(%s) = %s < cost", r, c, raw)
			}
			// Monotone: a cent more, a rupiah more, and some random higher cost.
			for _, c2 := range []decimal.Decimal{c.Add(decimal.New(1, -2)), c.Add(decimal.NewFromInt(1)), c.Add(randCost(rng))} {
				p2, err := r.Price(c2)
				if err != nil {
					t.Fatalf("rule %+v: Price(%s): %v", r, c2, err)
				}
				if p2.LessThan(p) {
					t.Fatalf("rule %+v: Price(%s) = %s > Price(%s) = %s", r, c, p, c2, p2)
				}
			}
		}
	}
	// Guard against a generator that produces nothing useful.
	t.Logf("%d valid rules, %d tiered", valid, multiTier)
	if valid < 1500 || multiTier < 700 {
		t.Fatalf("only %d valid rules (%d tiered) out of 3000", valid, multiTier)
	}
}

// For rules that Validate rejects as not monotone at a boundary (and whose
// tiers all rise, Percent >= -100), a witness exists: with rounding none and
// no margin, a cost just below the boundary is priced above the boundary
// itself. So the check is not stricter than needed.
func TestPropertyNotMonotoneHasWitness(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	found := 0
	for range 3000 {
		r := randRule(rng)
		var re *RuleError
		if !errors.As(r.Validate(), &re) || re.Code != CodeNotMonotone || re.Tier <= 0 {
			continue
		}
		found++
		r.Rounding = Rounding{Mode: RoundNone}
		r.MinMargin = decimal.Zero
		b := r.Tiers[re.Tier].From
		below := b.Sub(decimal.New(1, -9))
		// Raw prices of tiers re.Tier-1 and re.Tier (the rule no longer
		// validates, so compute them directly).
		pBelow := r.Tiers[re.Tier-1].Markup.Apply(below)
		pAt := r.Tiers[re.Tier].Markup.Apply(b)
		if !pBelow.GreaterThan(pAt) {
			t.Fatalf("rule %+v rejected at tier %d but raw(%s) = %s <= raw(%s) = %s", r, re.Tier, below, pBelow, b, pAt)
		}
	}
	t.Logf("%d not-monotone rules", found)
	if found < 100 {
		t.Fatalf("only %d not-monotone rules generated", found)
	}
}

func TestPropertyApplyIdempotentAndMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(99, 3))
	for _, s := range allRoundings {
		r, err := ParseRounding(s)
		if err != nil {
			t.Fatal(err)
		}
		for range 5000 {
			x := randAmount(rng, 2_000_000)
			if rng.IntN(5) == 0 {
				x = x.Neg()
			}
			if rng.IntN(5) == 0 {
				x = x.Add(decimal.New(rng.Int64N(10000), -4)) // up to 4 more decimals
			}
			ax := r.Apply(x)
			if !r.Apply(ax).Equal(ax) {
				t.Fatalf("%s: Apply(Apply(%s)) = %s != Apply(%s) = %s", s, x, r.Apply(ax), x, ax)
			}
			cx := r.Ceil(x)
			if !r.Ceil(cx).Equal(cx) || cx.LessThan(x) {
				t.Fatalf("%s: Ceil(%s) = %s", s, x, cx)
			}
			// Apply and Ceil land on the same grid.
			if !r.Apply(cx).Equal(cx) {
				t.Fatalf("%s: Ceil(%s) = %s is off Apply's grid", s, x, cx)
			}
			// Only nearest may go below x, and by at most half a step.
			if ax.LessThan(x) && (r.Mode != RoundNearest || x.Sub(ax).Mul(two).GreaterThan(r.Step)) {
				t.Fatalf("%s: Apply(%s) = %s", s, x, ax)
			}
			y := x.Add(randAmount(rng, 3000))
			if r.Apply(y).LessThan(ax) {
				t.Fatalf("%s: Apply(%s) = %s > Apply(%s) = %s", s, x, ax, y, r.Apply(y))
			}
		}
	}
}
