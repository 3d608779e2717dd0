package pricing

import "fmt"

// Error codes carried by *RuleError. They are stable: the chat layer maps
// them to messages for the owner.
const (
	CodeNoTiers          = "no_tiers"            // a rule without tiers
	CodeFirstTierNotZero = "first_tier_not_zero" // the first tier does not start at cost 0
	CodeTiersNotSorted   = "tiers_not_sorted"    // tier starts are not strictly increasing
	CodeNegativeMarkup   = "negative_markup"     // a tier can price below cost
	CodeNotMonotone      = "not_monotone"        // a higher cost could get a lower price
	CodeBadStep          = "bad_step"            // nearest/up rounding without a step of 100, 500 or 1000
	CodeBadRounding      = "bad_rounding"        // unknown rounding mode or unparsable rounding text
	CodeNegativeMargin   = "negative_margin"     // MinMargin below zero
	CodeValueOutOfRange  = "value_out_of_range"  // a rule number outside the supported range (see the package doc)
	CodeNegativeCost     = "negative_cost"       // Price called with cost < 0
	CodeCostOutOfRange   = "cost_out_of_range"   // Price called with a cost outside the supported range
)

// noTier is RuleError.Tier for errors not about one tier.
const noTier = -1

// RuleError is the error returned by Validate, Price and ParseRounding.
// Code is one of the Code* constants; Tier is the index of the tier
// concerned, or -1 when the error is not about one tier.
type RuleError struct {
	Code string
	Tier int
}

func (e *RuleError) Error() string {
	if e.Tier >= 0 {
		return fmt.Sprintf("pricing: tier %d: %s", e.Tier, e.Code)
	}
	return "pricing: " + e.Code
}

func ruleErr(code string, tier int) error {
	return &RuleError{Code: code, Tier: tier}
}
