// Package commission holds the money rules of the partner books: what an
// order earns a reseller or affiliate, what a refund takes back, and what a
// target's bonus is. It is pure: no turn, no state, no SQL, decimals only.
//
// Rules. A rule is a percent of a line's goods total and/or a fixed amount
// per unit, scoped to a product (by SKU), a category, a partner tier, or
// the default for the partner kind. For each order line the most specific
// rule wins: product > category > tier > default. A rule may cap what one
// order earns under it. Affiliates without any rule earn DefaultPercent of
// the goods; resellers earn nothing unless the owner sets a rule (their
// margin over the reseller price is their income).
//
// Base. Only the goods count: ongkir, the COD fee and the kode unik never
// reach this package. The order's commission is rounded down to whole
// rupiah once, after the caps; the shop never pays a fraction.
//
// Clawback. A refund of part of the goods takes back the same share of the
// commission, computed on the running total of refunds so that several
// partial refunds add up exactly to a full one.
package commission

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Scopes of a rule, most specific first.
const (
	ScopeProduct  = "product"
	ScopeCategory = "category"
	ScopeTier     = "tier"
	ScopeDefault  = "default"
)

// Partner kinds.
const (
	Reseller  = "reseller"
	Affiliate = "affiliate"
)

// DefaultPercent is what an affiliate earns until the owner sets a rule.
var DefaultPercent = decimal.NewFromInt(10)

var hundred = decimal.NewFromInt(100)

// Rule is one commission rule. ID 0 with Scope default is the built-in
// affiliate default.
type Rule struct {
	ID      int64               `json:"id,omitempty"`
	Scope   string              `json:"scope"`
	Ref     string              `json:"ref,omitempty"`
	Percent decimal.Decimal     `json:"percent"`
	Fixed   decimal.Decimal     `json:"fixed"` // per unit
	Cap     decimal.NullDecimal `json:"cap"`   // per order under this rule; invalid = none
}

// Line is one order line's goods.
type Line struct {
	SKU      string
	Category string
	Qty      int
	Total    decimal.Decimal // qty × unit price
}

// Applied is one rule's share of an order.
type Applied struct {
	Rule   Rule            `json:"rule"`
	Base   decimal.Decimal `json:"base"`   // goods under the rule
	Units  int             `json:"units"`  // units under the rule
	Raw    decimal.Decimal `json:"raw"`    // before the cap
	Amount decimal.Decimal `json:"amount"` // after the cap, before rounding
}

// Result is an order's commission and how it was reached.
type Result struct {
	Kind    string          `json:"kind"`
	Tier    string          `json:"tier,omitempty"`
	Base    decimal.Decimal `json:"base"`   // all goods of the order
	Amount  decimal.Decimal `json:"amount"` // whole rupiah, rounded down
	Applied []Applied       `json:"applied,omitempty"`
}

// Errors of Compute.
var (
	ErrKind = errors.New("commission: unknown partner kind")
	ErrLine = errors.New("commission: a line with no units or a negative total")
	ErrRule = errors.New("commission: a rule with an unknown scope or a negative number")
)

// Compute applies rules to an order's lines for a partner of kind and tier.
func Compute(kind, tier string, lines []Line, rules []Rule) (Result, error) {
	if kind != Reseller && kind != Affiliate {
		return Result{}, fmt.Errorf("%w %q", ErrKind, kind)
	}
	for _, r := range rules {
		if err := checkRule(r); err != nil {
			return Result{}, err
		}
	}
	res := Result{Kind: kind, Tier: tier, Base: decimal.Zero, Amount: decimal.Zero}
	byRule := map[int]int{} // index in rules (-1 = built-in) → index in Applied
	builtin := Rule{Scope: ScopeDefault, Percent: DefaultPercent, Fixed: decimal.Zero}
	for _, l := range lines {
		if l.Qty <= 0 || l.Total.IsNegative() {
			return Result{}, ErrLine
		}
		res.Base = res.Base.Add(l.Total)
		i := pick(tier, l, rules)
		if i < 0 && kind == Reseller {
			continue // a reseller's margin is their commission
		}
		r := builtin
		if i >= 0 {
			r = rules[i]
		}
		a, seen := byRule[i]
		if !seen {
			a = len(res.Applied)
			byRule[i] = a
			res.Applied = append(res.Applied, Applied{Rule: r, Base: decimal.Zero, Raw: decimal.Zero})
		}
		ap := &res.Applied[a]
		ap.Base = ap.Base.Add(l.Total)
		ap.Units += l.Qty
		ap.Raw = ap.Raw.Add(l.Total.Mul(r.Percent).Div(hundred)).Add(r.Fixed.Mul(decimal.NewFromInt(int64(l.Qty))))
	}
	sum := decimal.Zero
	for i := range res.Applied {
		ap := &res.Applied[i]
		ap.Amount = ap.Raw
		if ap.Rule.Cap.Valid && ap.Amount.GreaterThan(ap.Rule.Cap.Decimal) {
			ap.Amount = ap.Rule.Cap.Decimal
		}
		sum = sum.Add(ap.Amount)
	}
	res.Amount = sum.Truncate(0)
	return res, nil
}

func checkRule(r Rule) error {
	switch r.Scope {
	case ScopeProduct, ScopeCategory, ScopeTier, ScopeDefault:
	default:
		return fmt.Errorf("%w: scope %q", ErrRule, r.Scope)
	}
	if r.Percent.IsNegative() || r.Fixed.IsNegative() || (r.Cap.Valid && r.Cap.Decimal.IsNegative()) {
		return ErrRule
	}
	return nil
}

// pick returns the index of the most specific rule for a line, -1 when none
// applies.
func pick(tier string, l Line, rules []Rule) int {
	best, rank := -1, 0
	for i, r := range rules {
		n := 0
		switch {
		case r.Scope == ScopeProduct && r.Ref != "" && strings.EqualFold(r.Ref, l.SKU):
			n = 4
		case r.Scope == ScopeCategory && r.Ref != "" && strings.EqualFold(r.Ref, l.Category):
			n = 3
		case r.Scope == ScopeTier && r.Ref != "" && strings.EqualFold(r.Ref, tier):
			n = 2
		case r.Scope == ScopeDefault:
			n = 1
		}
		if n > rank {
			best, rank = i, n
		}
	}
	return best
}

// Clawback is how much of a commission a refund of refundedNow worth of
// goods takes back, given refundedBefore already refunded of base. It is
// the share of the running total of refunds less the share already taken,
// each rounded down, so refunds adding up to the whole base take back the
// whole commission. Never negative, never more than what is left.
func Clawback(commission, base, refundedBefore, refundedNow decimal.Decimal) decimal.Decimal {
	if !commission.IsPositive() || !refundedNow.IsPositive() {
		return decimal.Zero
	}
	if !base.IsPositive() {
		return decimal.Zero
	}
	if refundedBefore.IsNegative() {
		refundedBefore = decimal.Zero
	}
	share := func(refunded decimal.Decimal) decimal.Decimal {
		if refunded.GreaterThanOrEqual(base) {
			return commission
		}
		return commission.Mul(refunded).Div(base).Truncate(0)
	}
	back := share(refundedBefore.Add(refundedNow)).Sub(share(refundedBefore))
	if back.IsNegative() {
		return decimal.Zero
	}
	return back
}

// Bonus is a target's bonus: fixed plus percent of the period's revenue,
// rounded down to whole rupiah; never negative.
func Bonus(fixed, percent, revenue decimal.Decimal) decimal.Decimal {
	b := decimal.Zero
	if fixed.IsPositive() {
		b = b.Add(fixed)
	}
	if percent.IsPositive() && revenue.IsPositive() {
		b = b.Add(revenue.Mul(percent).Div(hundred))
	}
	return b.Truncate(0)
}
