// Package pricing turns a supplier cost into a selling price.
//
// All arithmetic is exact decimal (shopspring/decimal); results keep full
// precision until the rounding rule is applied, once. For a rule with tiers,
// rounding R and minimum margin M, the price of cost c is
//
//	raw   = c × (1 + p/100) + fixed     (p, fixed from the tier chosen by c)
//	floor = c + M
//	price = max( R.Apply(max(raw, floor)), R.Ceil(floor) )
//
// so the price is never below cost + M (even with nearest rounding), always
// lies on R's grid, and, for a rule that passes Validate, never decreases when
// the cost increases.
//
// Supported range: every number handed to this package (costs, percents,
// fixed amounts, tier starts, margins) must have |v| ≤ 10^15 and an exponent
// between -32 and 15 (at most 32 decimal places as written). Outside it,
// Validate reports "value_out_of_range" and Price "cost_out_of_range"; this
// keeps hostile input such as "1e-9999" from costing huge big-integer work.
package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"
)

var (
	maxAbs       = decimal.New(1, 15)
	minusHundred = decimal.NewFromInt(-100)
)

const (
	maxExp = 15
	minExp = -32
)

// inRange reports whether d is inside the supported range (see package doc).
// It looks at the exponent before comparing, so it is cheap for any input.
func inRange(d decimal.Decimal) bool {
	e := d.Exponent()
	if e > maxExp || e < minExp {
		return false
	}
	return d.Abs().Cmp(maxAbs) <= 0
}

// Markup is price = cost × (1 + Percent/100) + Fixed.
type Markup struct {
	Percent decimal.Decimal
	Fixed   decimal.Decimal
}

// Apply returns cost × (1 + Percent/100) + Fixed, exactly (no rounding).
func (m Markup) Apply(cost decimal.Decimal) decimal.Decimal {
	return cost.Add(m.margin(cost))
}

// margin returns Apply(cost) - cost = cost × Percent/100 + Fixed, exactly.
func (m Markup) margin(cost decimal.Decimal) decimal.Decimal {
	return cost.Mul(m.Percent).Shift(-2).Add(m.Fixed)
}

// Tier applies its Markup to costs >= From, up to (not including) the next
// tier's From.
type Tier struct {
	From   decimal.Decimal
	Markup Markup
}

// Rule is a (possibly tiered) markup, a rounding and a minimum margin in
// rupiah. See the package doc for how a price is computed.
type Rule struct {
	Tiers     []Tier
	Rounding  Rounding
	MinMargin decimal.Decimal
}

// Rules holds the shop's two price lists.
type Rules struct {
	Retail   Rule
	Reseller Rule
}

// Flat returns a one-tier rule: every cost gets percent and fixed.
func Flat(percent, fixed decimal.Decimal, rounding Rounding, minMargin decimal.Decimal) Rule {
	return Rule{
		Tiers:     []Tier{{From: decimal.Zero, Markup: Markup{Percent: percent, Fixed: fixed}}},
		Rounding:  rounding,
		MinMargin: minMargin,
	}
}

// DefaultRules are the rules of a new shop:
//   - retail: cost + 30 %, rounded up to Rp500, at least Rp2.000 above cost;
//   - reseller: cost + 15 %, rounded up to Rp100, at least Rp1.000 above cost.
func DefaultRules() Rules {
	return Rules{
		Retail: Flat(decimal.NewFromInt(30), decimal.Zero,
			Rounding{Mode: RoundUp, Step: step500}, decimal.NewFromInt(2000)),
		Reseller: Flat(decimal.NewFromInt(15), decimal.Zero,
			Rounding{Mode: RoundUp, Step: step100}, decimal.NewFromInt(1000)),
	}
}

// Validate checks a rule and returns the first problem found as a
// *RuleError, in this order:
//   - "no_tiers": no tiers at all;
//   - "value_out_of_range": a number outside the supported range;
//   - "first_tier_not_zero": the first tier does not start at 0;
//   - "tiers_not_sorted": tier starts are not strictly increasing;
//   - "negative_markup": some cost in a tier's range would be priced below
//     cost (raw < cost), e.g. a negative Fixed at cost 0, or a negative
//     Percent on the last (unbounded) tier;
//   - "not_monotone": a higher cost could get a lower price, either inside a
//     tier (Percent < -100) or at a boundary b, where the upper tier's raw
//     price at b is below the lower tier's raw price at b;
//   - "bad_rounding" / "bad_step": unknown rounding mode, or nearest/up
//     without a step of 100, 500 or 1000;
//   - "negative_margin": MinMargin < 0.
//
// Tier is set to the offending tier's index where there is one.
func (r Rule) Validate() error {
	if len(r.Tiers) == 0 {
		return ruleErr(CodeNoTiers, noTier)
	}
	for i, t := range r.Tiers {
		if !inRange(t.From) || !inRange(t.Markup.Percent) || !inRange(t.Markup.Fixed) {
			return ruleErr(CodeValueOutOfRange, i)
		}
	}
	if !inRange(r.MinMargin) {
		return ruleErr(CodeValueOutOfRange, noTier)
	}
	if !r.Tiers[0].From.IsZero() {
		return ruleErr(CodeFirstTierNotZero, 0)
	}
	for i := 1; i < len(r.Tiers); i++ {
		if r.Tiers[i].From.Cmp(r.Tiers[i-1].From) <= 0 {
			return ruleErr(CodeTiersNotSorted, i)
		}
	}
	last := len(r.Tiers) - 1
	for i, t := range r.Tiers {
		// margin(c) = c×p/100 + fixed is linear in c, so over the tier's
		// range [From, next) its lowest value is at From when p >= 0, and
		// approaches margin(next) when p < 0 (unbounded below on the last tier).
		m := t.Markup
		switch {
		case m.Percent.Sign() >= 0:
			if m.margin(t.From).Sign() < 0 {
				return ruleErr(CodeNegativeMarkup, i)
			}
		case i == last:
			return ruleErr(CodeNegativeMarkup, i)
		default:
			if m.margin(r.Tiers[i+1].From).Sign() < 0 {
				return ruleErr(CodeNegativeMarkup, i)
			}
		}
	}
	for i, t := range r.Tiers {
		// raw(c) = c×(1 + p/100) + fixed falls as c rises when p < -100.
		if t.Markup.Percent.LessThan(minusHundred) {
			return ruleErr(CodeNotMonotone, i)
		}
		if i > 0 {
			b := t.From
			if t.Markup.Apply(b).LessThan(r.Tiers[i-1].Markup.Apply(b)) {
				return ruleErr(CodeNotMonotone, i)
			}
		}
	}
	if err := r.Rounding.validate(); err != nil {
		return err
	}
	if r.MinMargin.Sign() < 0 {
		return ruleErr(CodeNegativeMargin, noTier)
	}
	return nil
}

// tierFor returns the tier whose range holds cost (tiers sorted, first at 0,
// cost >= 0).
func (r Rule) tierFor(cost decimal.Decimal) Tier {
	for i := len(r.Tiers) - 1; i > 0; i-- {
		if r.Tiers[i].From.Cmp(cost) <= 0 {
			return r.Tiers[i]
		}
	}
	return r.Tiers[0]
}

// Price returns the selling price for cost (see the package doc). It
// validates the rule first and returns Validate's error if any; a negative
// cost is a *RuleError "negative_cost", a cost outside the supported range
// "cost_out_of_range".
func (r Rule) Price(cost decimal.Decimal) (decimal.Decimal, error) {
	if err := r.Validate(); err != nil {
		return decimal.Zero, err
	}
	if cost.Sign() < 0 {
		return decimal.Zero, ruleErr(CodeNegativeCost, noTier)
	}
	if !inRange(cost) {
		return decimal.Zero, ruleErr(CodeCostOutOfRange, noTier)
	}
	raw := r.tierFor(cost).Markup.Apply(cost)
	floor := cost.Add(r.MinMargin)
	price := r.Rounding.Apply(decimal.Max(raw, floor))
	if c := r.Rounding.Ceil(floor); c.GreaterThan(price) {
		price = c
	}
	return price, nil
}

// Validate validates both rules; the error wraps the *RuleError of the
// first invalid one, prefixed with "retail" or "reseller".
func (rs Rules) Validate() error {
	if err := rs.Retail.Validate(); err != nil {
		return fmt.Errorf("retail: %w", err)
	}
	if err := rs.Reseller.Validate(); err != nil {
		return fmt.Errorf("reseller: %w", err)
	}
	return nil
}

// NeedsApproval reports whether a supplier cost change from oldCost to
// newCost exceeds tolerancePercent: |new - old| / old × 100 > tolerance,
// computed exactly without division. An oldCost of 0 needs approval for any
// non-zero newCost. The change is measured against |oldCost|.
func NeedsApproval(oldCost, newCost, tolerancePercent decimal.Decimal) bool {
	if oldCost.IsZero() {
		return !newCost.IsZero()
	}
	change := newCost.Sub(oldCost).Abs().Shift(2) // |new-old| × 100
	return change.GreaterThan(tolerancePercent.Mul(oldCost.Abs()))
}
