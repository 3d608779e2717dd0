package pricing

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

// d reads a decimal written the Go way ("41333.33"). Comments below use the
// Indonesian way (41.333,33).
func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func mustRounding(t *testing.T, s string) Rounding {
	t.Helper()
	r, err := ParseRounding(s)
	if err != nil {
		t.Fatalf("ParseRounding(%q): %v", s, err)
	}
	return r
}

func TestPriceWorkedExamples(t *testing.T) {
	// Tiered rule that passes Validate: 0–49.999,99 → 40 %; 50.000+ → 25 % + Rp7.500.
	// At the boundary 50.000: lower tier 50.000 × 1,40 = 70.000; upper tier
	// 50.000 × 1,25 + 7.500 = 62.500 + 7.500 = 70.000 ≥ 70.000, so monotone.
	tiered := Rule{
		Tiers: []Tier{
			{From: d("0"), Markup: Markup{Percent: d("40")}},
			{From: d("50000"), Markup: Markup{Percent: d("25"), Fixed: d("7500")}},
		},
		Rounding: Rounding{Mode: RoundUp, Step: d("500")},
	}
	flat35 := func(rounding string) Rule {
		return Flat(d("35"), d("0"), mustRounding(t, rounding), d("0"))
	}
	tests := []struct {
		name string
		rule Rule
		cost string
		want string
	}{
		// 41.333,33 × 1,35 = 41.333,33 + 14.466,6655 = 55.799,9955 (raw).
		// Min margin 0, so floor = cost and Ceil(floor) is far below raw.
		{"35% up500", flat35("up500"), "41333.33", "56000"},             // 55.500 < raw ≤ 56.000
		{"35% up100", flat35("up100"), "41333.33", "55800"},             // 55.700 < raw ≤ 55.800
		{"35% up1000", flat35("up1000"), "41333.33", "56000"},           // 55.000 < raw ≤ 56.000
		{"35% nearest1000", flat35("nearest1000"), "41333.33", "56000"}, // raw mod 1.000 = 799,9955 ≥ 500 → up
		{"35% nearest500", flat35("nearest500"), "41333.33", "56000"},   // raw mod 500 = 299,9955 ≥ 250 → up
		{"35% nearest100", flat35("nearest100"), "41333.33", "55800"},   // raw mod 100 = 99,9955 ≥ 50 → up
		{"35% ending 900", flat35("900"), "41333.33", "55900"},          // 55.000 + 900 = 55.900 ≥ raw
		{"35% none", flat35("none"), "41333.33", "55799.9955"},          // kept exactly, no rounding

		// 85.000 × 1,20 + 3.000 = 102.000 + 3.000 = 105.000, already on every grid.
		{"20%+3000 none", Flat(d("20"), d("3000"), mustRounding(t, "none"), d("0")), "85000", "105000"},
		{"20%+3000 up1000", Flat(d("20"), d("3000"), mustRounding(t, "up1000"), d("0")), "85000", "105000"},
		// 85.001 × 1,20 + 3.000 = 102.001,2 + 3.000 = 105.001,2 → up1000 = 106.000.
		{"20%+3000 up1000 just above", Flat(d("20"), d("3000"), mustRounding(t, "up1000"), d("0")), "85001", "106000"},

		// Tiered (up500):
		{"tier low", tiered, "30000", "42000"},          // 30.000 × 1,40 = 42.000 (on grid)
		{"tier low top", tiered, "49999", "70000"},      // 49.999 × 1,40 = 69.998,6 → up500 70.000
		{"tier low cents", tiered, "49999.99", "70000"}, // 49.999,99 × 1,40 = 69.999,986 → 70.000
		{"tier boundary", tiered, "50000", "70000"},     // upper tier: 62.500 + 7.500 = 70.000
		{"tier high", tiered, "80000", "107500"},        // 80.000 × 1,25 + 7.500 = 100.000 + 7.500 = 107.500
		{"tier high odd", tiered, "80001", "108000"},    // 100.001,25 + 7.500 = 107.501,25 → 108.000

		// Min margin dominating a tiny markup: cost 10.000, 5 %, min margin 2.000, nearest500.
		// raw = 10.500; floor = 12.000; Apply(max(10.500, 12.000)) = nearest500(12.000) = 12.000;
		// Ceil(floor) = up500(12.000) = 12.000 → 12.000.
		{"min margin", Flat(d("5"), d("0"), mustRounding(t, "nearest500"), d("2000")), "10000", "12000"},
		// Nearest would drop below the floor: cost 10.100, 5 %, min margin 2.000, nearest500.
		// raw = 10.605; floor = 12.100; nearest500(12.100) = 12.000 (rem 100 < 250) < floor;
		// Ceil(12.100) = up500 = 12.500 → max(12.000, 12.500) = 12.500.
		{"min margin beats nearest", Flat(d("5"), d("0"), mustRounding(t, "nearest500"), d("2000")), "10100", "12500"},
		// Same with 900: floor 12.100 → 12.900; raw 10.605 → 10.900; max = 12.900.
		{"min margin 900", Flat(d("5"), d("0"), mustRounding(t, "900"), d("2000")), "10100", "12900"},
		// Cost 0: raw 0, floor = min margin 2.000 → up500 2.000.
		{"cost zero", Flat(d("30"), d("0"), mustRounding(t, "up500"), d("2000")), "0", "2000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.rule.Price(d(tc.cost))
			if err != nil {
				t.Fatalf("Price(%s): %v", tc.cost, err)
			}
			if !got.Equal(d(tc.want)) {
				t.Fatalf("Price(%s) = %s, want %s", tc.cost, got, tc.want)
			}
		})
	}
}

func TestDefaultRules(t *testing.T) {
	rs := DefaultRules()
	if err := rs.Validate(); err != nil {
		t.Fatalf("DefaultRules invalid: %v", err)
	}
	tests := []struct {
		cost, retail, reseller string
	}{
		// retail: 41.333,33 × 1,30 = 41.333,33 + 12.399,999 = 53.733,329 → up500 54.000
		//         (floor 43.333,33 → 43.500, lower).
		// reseller: 41.333,33 × 1,15 = 41.333,33 + 6.199,9995 = 47.533,3295 → up100 47.600
		//         (floor 42.333,33 → 42.400, lower).
		{"41333.33", "54000", "47600"},
		// retail: 5.000 × 1,30 = 6.500 < floor 5.000 + 2.000 = 7.000 → 7.000.
		// reseller: 5.000 × 1,15 = 5.750 < floor 5.000 + 1.000 = 6.000 → 6.000.
		{"5000", "7000", "6000"},
		// retail: 100.000 × 1,30 = 130.000 (on grid). reseller: 115.000 (on grid).
		{"100000", "130000", "115000"},
		// retail: 0 → floor 2.000. reseller: 0 → floor 1.000.
		{"0", "2000", "1000"},
		// retail: 12.345 × 1,30 = 16.048,5 → up500 16.500 (floor 14.345 → 14.500).
		// reseller: 12.345 × 1,15 = 14.196,75 → up100 14.200 (floor 13.345 → 13.400).
		{"12345", "16500", "14200"},
	}
	for _, tc := range tests {
		gotR, err := rs.Retail.Price(d(tc.cost))
		if err != nil || !gotR.Equal(d(tc.retail)) {
			t.Errorf("retail Price(%s) = %s, %v; want %s", tc.cost, gotR, err, tc.retail)
		}
		gotS, err := rs.Reseller.Price(d(tc.cost))
		if err != nil || !gotS.Equal(d(tc.reseller)) {
			t.Errorf("reseller Price(%s) = %s, %v; want %s", tc.cost, gotS, err, tc.reseller)
		}
	}
	// Documented parameters.
	if got := rs.Retail.Rounding.String(); got != "up500" {
		t.Errorf("retail rounding = %s", got)
	}
	if got := rs.Reseller.Rounding.String(); got != "up100" {
		t.Errorf("reseller rounding = %s", got)
	}
	if !rs.Retail.MinMargin.Equal(d("2000")) || !rs.Reseller.MinMargin.Equal(d("1000")) {
		t.Errorf("min margins = %s, %s", rs.Retail.MinMargin, rs.Reseller.MinMargin)
	}
	if !rs.Retail.Tiers[0].Markup.Percent.Equal(d("30")) || !rs.Reseller.Tiers[0].Markup.Percent.Equal(d("15")) {
		t.Errorf("percents = %s, %s", rs.Retail.Tiers[0].Markup.Percent, rs.Reseller.Tiers[0].Markup.Percent)
	}
}

func TestFlat(t *testing.T) {
	r := Flat(d("12.5"), d("250"), mustRounding(t, "up100"), d("700"))
	if len(r.Tiers) != 1 || !r.Tiers[0].From.IsZero() ||
		!r.Tiers[0].Markup.Percent.Equal(d("12.5")) || !r.Tiers[0].Markup.Fixed.Equal(d("250")) ||
		r.Rounding.String() != "up100" || !r.MinMargin.Equal(d("700")) {
		t.Fatalf("Flat = %+v", r)
	}
}

func TestMarkupApply(t *testing.T) {
	// 41.333,33 × (1 + 35/100) + 0 = 55.799,9955 exactly (no 16-digit division).
	m := Markup{Percent: d("35")}
	if got := m.Apply(d("41333.33")); !got.Equal(d("55799.9955")) {
		t.Fatalf("Apply = %s", got)
	}
	// 12,34 % + 0,5: 1.000 × 12,34/100 = 123,4; 1.000 + 123,4 + 0,5 = 1.123,9.
	m = Markup{Percent: d("12.34"), Fixed: d("0.5")}
	if got := m.Apply(d("1000")); !got.Equal(d("1123.9")) {
		t.Fatalf("Apply = %s", got)
	}
}

func code(err error) string {
	var re *RuleError
	if errors.As(err, &re) {
		return re.Code
	}
	return ""
}

func TestValidateErrors(t *testing.T) {
	up500 := Rounding{Mode: RoundUp, Step: d("500")}
	tier := func(from, p, f string) Tier {
		return Tier{From: d(from), Markup: Markup{Percent: d(p), Fixed: d(f)}}
	}
	tests := []struct {
		name     string
		rule     Rule
		wantCode string
		wantTier int
	}{
		{"no tiers", Rule{Rounding: up500}, CodeNoTiers, -1},
		{"first tier not zero", Rule{Tiers: []Tier{tier("1000", "30", "0")}, Rounding: up500}, CodeFirstTierNotZero, 0},
		{"duplicate start", Rule{Tiers: []Tier{tier("0", "30", "0"), tier("50000", "30", "0"), tier("50000", "30", "0")}, Rounding: up500}, CodeTiersNotSorted, 2},
		{"descending start", Rule{Tiers: []Tier{tier("0", "30", "0"), tier("50000", "30", "0"), tier("20000", "30", "0")}, Rounding: up500}, CodeTiersNotSorted, 2},
		// cost 0: 0 × 1,00 − 1.000 = −1.000 < 0.
		{"negative fixed at zero", Rule{Tiers: []Tier{tier("0", "0", "-1000")}, Rounding: up500}, CodeNegativeMarkup, 0},
		// cost 0: 0 × 1,10 − 100 = −100 < 0.
		{"percent cannot cover fixed at zero", Rule{Tiers: []Tier{tier("0", "10", "-100")}, Rounding: up500}, CodeNegativeMarkup, 0},
		// last tier −10 % + 100.000: at cost 2.000.000, 1.800.000 + 100.000 < 2.000.000.
		{"negative percent on last tier", Rule{Tiers: []Tier{tier("0", "-10", "100000")}, Rounding: up500}, CodeNegativeMarkup, 0},
		// tier 0 up to 10.000 at −10 % + 999: cost 9.999,99 → margin −999,999 + 999 < 0.
		{"negative percent below cost near next tier", Rule{Tiers: []Tier{tier("0", "-10", "999"), tier("10000", "0", "0")}, Rounding: up500}, CodeNegativeMarkup, 0},
		// Tier 1 starts at 5.000 with 10 % − 600: 5.000 × 0,10 − 600 = −100 < 0.
		{"negative fixed on upper tier", Rule{Tiers: []Tier{tier("0", "30", "0"), tier("5000", "10", "-600")}, Rounding: up500}, CodeNegativeMarkup, 1},
		// 0–49.999: 40 %, 50.000+: 25 % + 5.000. At 50.000: lower 50.000 × 1,40 = 70.000;
		// upper 50.000 × 1,25 + 5.000 = 67.500 < 70.000 — cost 49.999 → 69.998,6 but 50.000 → 67.500.
		{"not monotone at boundary", Rule{Tiers: []Tier{tier("0", "40", "0"), tier("50000", "25", "5000")}, Rounding: up500}, CodeNotMonotone, 1},
		// −150 % + 100.000 on 0–9.999: raw(0) = 100.000, raw(9.999) = 9.999 × (−0,5) + 100.000 = 95.000,5.
		// (Margin at 10.000 is −15.000 + 100.000 ≥ 0, so it is not negative_markup.)
		{"falling inside a tier", Rule{Tiers: []Tier{tier("0", "-150", "100000"), tier("10000", "0", "100000")}, Rounding: up500}, CodeNotMonotone, 0},
		{"nearest without step", Rule{Tiers: []Tier{tier("0", "30", "0")}, Rounding: Rounding{Mode: RoundNearest}}, CodeBadStep, -1},
		{"up with step 250", Rule{Tiers: []Tier{tier("0", "30", "0")}, Rounding: Rounding{Mode: RoundUp, Step: d("250")}}, CodeBadStep, -1},
		{"negative step", Rule{Tiers: []Tier{tier("0", "30", "0")}, Rounding: Rounding{Mode: RoundNearest, Step: d("-500")}}, CodeBadStep, -1},
		{"empty mode", Rule{Tiers: []Tier{tier("0", "30", "0")}}, CodeBadRounding, -1},
		{"unknown mode", Rule{Tiers: []Tier{tier("0", "30", "0")}, Rounding: Rounding{Mode: "ceil", Step: d("500")}}, CodeBadRounding, -1},
		{"negative margin", Rule{Tiers: []Tier{tier("0", "30", "0")}, Rounding: up500, MinMargin: d("-1")}, CodeNegativeMargin, -1},
		{"huge percent", Rule{Tiers: []Tier{tier("0", "1e16", "0")}, Rounding: up500}, CodeValueOutOfRange, 0},
		{"too many decimals", Rule{Tiers: []Tier{tier("0", "30", "0"), tier("1000", "30", "1e-40")}, Rounding: up500}, CodeValueOutOfRange, 1},
		{"huge margin", Rule{Tiers: []Tier{tier("0", "30", "0")}, Rounding: up500, MinMargin: d("1e16")}, CodeValueOutOfRange, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.rule.Validate()
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("Validate() = %v, want *RuleError %s", err, tc.wantCode)
			}
			if re.Code != tc.wantCode || re.Tier != tc.wantTier {
				t.Fatalf("Validate() = {%s, tier %d}, want {%s, tier %d}", re.Code, re.Tier, tc.wantCode, tc.wantTier)
			}
			if re.Error() == "" {
				t.Fatal("empty Error()")
			}
			// Price refuses an invalid rule with the same error.
			if _, err := tc.rule.Price(d("10000")); code(err) != tc.wantCode {
				t.Fatalf("Price error = %v, want %s", err, tc.wantCode)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	up500 := Rounding{Mode: RoundUp, Step: d("500")}
	tier := func(from, p, f string) Tier {
		return Tier{From: d(from), Markup: Markup{Percent: d(p), Fixed: d(f)}}
	}
	tests := []struct {
		name string
		rule Rule
	}{
		// Equal raw prices at the boundary are fine: 50.000 × 1,40 = 70.000 = 50.000 × 1,25 + 7.500.
		{"tiers touching", Rule{Tiers: []Tier{tier("0", "40", "0"), tier("50000", "25", "7500")}, Rounding: up500}},
		// Negative fixed is fine once cost covers it: margin at 5.000 = 5.000 × 0,10 − 500 = 0 ≥ 0.
		// Boundary: lower 5.000 × 1,00 = 5.000 ≤ upper 5.000 × 1,10 − 500 = 5.000.
		{"negative fixed above cost", Rule{Tiers: []Tier{tier("0", "0", "0"), tier("5000", "10", "-500")}, Rounding: up500}},
		// Discount tier bounded above: −10 % + 1.000 on 0–9.999,99; margin at 10.000 = −1.000 + 1.000 = 0.
		// Boundary: lower 10.000 × 0,90 + 1.000 = 10.000 ≤ upper 10.000.
		{"bounded discount", Rule{Tiers: []Tier{tier("0", "-10", "1000"), tier("10000", "0", "0")}, Rounding: up500}},
		// −100 %: a constant price 20.000 on 0–9.999,99, then 100 % (20.000 at 10.000).
		{"constant tier", Rule{Tiers: []Tier{tier("0", "-100", "20000"), tier("10000", "100", "0")}, Rounding: up500}},
		{"none ignores step", Rule{Tiers: []Tier{tier("0", "30", "0")}, Rounding: Rounding{Mode: RoundNone, Step: d("7")}}},
		{"900 ignores step", Rule{Tiers: []Tier{tier("0", "30", "0")}, Rounding: Rounding{Mode: RoundEnding900}}},
		{"step written 1E3", Rule{Tiers: []Tier{tier("0", "30", "0")}, Rounding: Rounding{Mode: RoundUp, Step: decimal.New(1, 3)}}},
	}
	for _, tc := range tests {
		if err := tc.rule.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v, want nil", tc.name, err)
		}
	}
}

func TestPriceCostErrors(t *testing.T) {
	r := DefaultRules().Retail
	tests := []struct {
		cost, want string
	}{
		{"-0.01", CodeNegativeCost},
		{"-50000", CodeNegativeCost},
		{"1e16", CodeCostOutOfRange},    // Rp10.000.000.000.000.000 > 10^15
		{"1e-40", CodeCostOutOfRange},   // 40 decimal places
		{"1e-9999", CodeCostOutOfRange}, // must be refused cheaply
		{"1000000000000001", CodeCostOutOfRange},
	}
	for _, tc := range tests {
		p, err := r.Price(d(tc.cost))
		if code(err) != tc.want {
			t.Errorf("Price(%s) = %s, %v; want %s", tc.cost, p, err, tc.want)
		}
	}
	// The top of the range is accepted: 10^15 × 1,30 = 1,3 × 10^15.
	p, err := r.Price(d("1e15"))
	if err != nil || !p.Equal(d("1300000000000000")) {
		t.Errorf("Price(1e15) = %s, %v", p, err)
	}
}

func TestRulesValidateWraps(t *testing.T) {
	rs := DefaultRules()
	rs.Reseller.MinMargin = d("-5")
	err := rs.Validate()
	if code(err) != CodeNegativeMargin {
		t.Fatalf("Rules.Validate() = %v", err)
	}
	if got := err.Error(); got != "reseller: pricing: negative_margin" {
		t.Fatalf("Error() = %q", got)
	}
	rs = DefaultRules()
	rs.Retail.Tiers = nil
	if err := rs.Validate(); code(err) != CodeNoTiers || err.Error() != "retail: pricing: no_tiers" {
		t.Fatalf("Rules.Validate() = %v", err)
	}
}

func TestNeedsApproval(t *testing.T) {
	tests := []struct {
		old, new, tol string
		want          bool
	}{
		// |120.000 − 100.000| / 100.000 × 100 = 20 %, not above 20 → no.
		{"100000", "120000", "20", false},
		// 20.001 / 100.000 × 100 = 20,001 % > 20 → yes.
		{"100000", "120001", "20", true},
		// down 20 % exactly → no; down 20,001 % → yes.
		{"100000", "80000", "20", false},
		{"100000", "79999", "20", true},
		// 0,01 / 85.000 × 100 ≈ 0,0000118 % > 0 → yes with tolerance 0.
		{"85000", "85000.01", "0", true},
		{"85000", "85000", "0", false},
		// 41.333,33 → 49.600: 8.266,67 / 41.333,33 × 100 ≈ 20,0000016 % > 20 → yes.
		{"41333.33", "49600", "20", true},
		// 41.333,33 → 49.599,99: 8.266,66 / 41.333,33 × 100 ≈ 19,99998 % → no.
		{"41333.33", "49599.99", "20", false},
		{"0", "0", "20", false},
		{"0", "1", "20", true},
	}
	for _, tc := range tests {
		if got := NeedsApproval(d(tc.old), d(tc.new), d(tc.tol)); got != tc.want {
			t.Errorf("NeedsApproval(%s, %s, %s) = %v, want %v", tc.old, tc.new, tc.tol, got, tc.want)
		}
	}
}

// The shop stores Rules as JSON in a setting; a round trip keeps the prices.
func TestRulesJSONRoundTrip(t *testing.T) {
	in := DefaultRules()
	in.Retail.Tiers = append(in.Retail.Tiers, Tier{From: d("1000000"), Markup: Markup{Percent: d("20"), Fixed: d("100000")}})
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Rules
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if err := out.Validate(); err != nil {
		t.Fatalf("round-tripped rules invalid: %v (%s)", err, b)
	}
	for _, c := range []string{"0", "41333.33", "999999.99", "1000000", "2500000"} {
		for _, pair := range [][2]Rule{{in.Retail, out.Retail}, {in.Reseller, out.Reseller}} {
			p1, err1 := pair[0].Price(d(c))
			p2, err2 := pair[1].Price(d(c))
			if err1 != nil || err2 != nil || !p1.Equal(p2) {
				t.Fatalf("Price(%s): %s, %v before; %s, %v after (%s)", c, p1, err1, p2, err2, b)
			}
		}
	}
}
