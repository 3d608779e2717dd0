package pricing

import (
	"strings"

	"github.com/shopspring/decimal"
)

// RoundMode names a rounding rule.
type RoundMode string

// Rounding modes.
const (
	RoundNone      RoundMode = "none"    // keep the value as it is
	RoundNearest   RoundMode = "nearest" // nearest multiple of Step, halves go up
	RoundUp        RoundMode = "up"      // smallest multiple of Step that is >= the value
	RoundEnding900 RoundMode = "900"     // smallest value >= x that ends in …900 (x mod 1000 == 900)
)

var (
	step100  = decimal.NewFromInt(100)
	step500  = decimal.NewFromInt(500)
	step1000 = decimal.NewFromInt(1000)
	nine100  = decimal.NewFromInt(900)
	two      = decimal.NewFromInt(2)
)

// Rounding is a rounding rule. Step (100, 500 or 1000) is used by
// RoundNearest and RoundUp and ignored by RoundNone and RoundEnding900.
type Rounding struct {
	Mode RoundMode
	Step decimal.Decimal
}

// ParseRounding reads the text form of a rounding rule: "none",
// "nearest100", "nearest500", "nearest1000", "up100", "up500", "up1000" or
// "900". Surrounding space and letter case are ignored. Anything else is a
// *RuleError with Code "bad_rounding".
func ParseRounding(s string) (Rounding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none":
		return Rounding{Mode: RoundNone}, nil
	case "900":
		return Rounding{Mode: RoundEnding900}, nil
	case "nearest100":
		return Rounding{Mode: RoundNearest, Step: step100}, nil
	case "nearest500":
		return Rounding{Mode: RoundNearest, Step: step500}, nil
	case "nearest1000":
		return Rounding{Mode: RoundNearest, Step: step1000}, nil
	case "up100":
		return Rounding{Mode: RoundUp, Step: step100}, nil
	case "up500":
		return Rounding{Mode: RoundUp, Step: step500}, nil
	case "up1000":
		return Rounding{Mode: RoundUp, Step: step1000}, nil
	}
	return Rounding{}, ruleErr(CodeBadRounding, noTier)
}

// String is the inverse of ParseRounding for valid roundings. An invalid
// rounding prints as its mode followed by its step, which ParseRounding
// rejects.
func (r Rounding) String() string {
	switch r.Mode {
	case RoundNone, RoundEnding900:
		return string(r.Mode)
	}
	return string(r.Mode) + r.Step.String()
}

// validate reports CodeBadRounding for an unknown mode and CodeBadStep for a
// nearest/up rounding whose step is not 100, 500 or 1000.
func (r Rounding) validate() error {
	switch r.Mode {
	case RoundNone, RoundEnding900:
		return nil
	case RoundNearest, RoundUp:
		if r.Step.Equal(step100) || r.Step.Equal(step500) || r.Step.Equal(step1000) {
			return nil
		}
		return ruleErr(CodeBadStep, noTier)
	}
	return ruleErr(CodeBadRounding, noTier)
}

// floorMod returns x mod m in [0, m) for m > 0, exactly.
func floorMod(x, m decimal.Decimal) decimal.Decimal {
	r := x.Mod(m) // sign of x
	if r.Sign() < 0 {
		r = r.Add(m)
	}
	return r
}

// Apply rounds x once:
//   - none: x unchanged;
//   - nearest: nearest multiple of Step, a half goes up (toward +∞);
//   - up: smallest multiple of Step that is >= x;
//   - 900: smallest value >= x with x mod 1000 == 900
//     (55.799,99 → 55.900; 55.900 → 55.900; 55.901 → 56.900).
//
// An invalid rounding (see Rule.Validate) leaves x unchanged. Every mode is
// idempotent and monotone (x <= y ⇒ Apply(x) <= Apply(y)). The arithmetic is
// exact; x should lie in the range Price accepts (see the package doc).
func (r Rounding) Apply(x decimal.Decimal) decimal.Decimal {
	if r.validate() != nil {
		return x
	}
	switch r.Mode {
	case RoundNearest:
		rem := floorMod(x, r.Step)
		down := x.Sub(rem)
		if rem.Mul(two).Cmp(r.Step) >= 0 {
			return down.Add(r.Step)
		}
		return down
	case RoundUp:
		rem := floorMod(x, r.Step)
		if rem.IsZero() {
			return x
		}
		return x.Sub(rem).Add(r.Step)
	case RoundEnding900:
		c := x.Sub(floorMod(x, step1000)).Add(nine100)
		if c.LessThan(x) {
			c = c.Add(step1000)
		}
		return c
	}
	return x
}

// Ceil rounds x with the "up" counterpart of r: nearest500 → up500,
// up500 → up500, 900 → 900, none → x unchanged. Ceil(x) >= x always, and the
// result lies on the same grid as Apply's.
func (r Rounding) Ceil(x decimal.Decimal) decimal.Decimal {
	if r.Mode == RoundNearest {
		r.Mode = RoundUp
	}
	return r.Apply(x)
}
