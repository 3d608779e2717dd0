package commission

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func capOf(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }

// The figures in these tables are worked by hand in the comments.
func TestCompute(t *testing.T) {
	kaos := Line{SKU: "KAOS-01", Category: "Pakaian", Qty: 2, Total: d("199800")} // 2 × 99.900
	tas := Line{SKU: "TAS-01", Category: "Tas", Qty: 1, Total: d("100000")}
	serum := Line{SKU: "SRM-01", Category: "Kecantikan", Qty: 3, Total: d("225000")} // 3 × 75.000
	tests := []struct {
		name  string
		kind  string
		tier  string
		lines []Line
		rules []Rule
		want  string
		// scope of each applied rule, in line order of first use
		scopes []string
	}{
		{"affiliate default 10% of Rp299.800", Affiliate, "", []Line{kaos, tas}, nil, "29980", []string{ScopeDefault}},
		{"reseller without a rule earns nothing", Reseller, "", []Line{kaos, tas}, nil, "0", nil},
		{"owner's default replaces the built-in", Affiliate, "", []Line{kaos, tas},
			[]Rule{{ID: 1, Scope: ScopeDefault, Percent: d("5")}}, "14990", []string{ScopeDefault}}, // 5% of 299.800
		{"product beats category beats tier beats default", Affiliate, "gold", []Line{kaos, tas, serum},
			[]Rule{
				{ID: 1, Scope: ScopeDefault, Percent: d("5")},
				{ID: 2, Scope: ScopeTier, Ref: "GOLD", Percent: d("8")},         // serum: 8% of 225.000 = 18.000
				{ID: 3, Scope: ScopeCategory, Ref: "tas", Percent: d("12")},     // tas: 12% of 100.000 = 12.000
				{ID: 4, Scope: ScopeProduct, Ref: "kaos-01", Fixed: d("7500")},  // kaos: 2 × 7.500 = 15.000
				{ID: 5, Scope: ScopeCategory, Ref: "Pakaian", Percent: d("50")}, // loses to the product rule
			}, "45000", []string{ScopeProduct, ScopeCategory, ScopeTier}},
		{"percent and fixed together", Affiliate, "", []Line{serum},
			[]Rule{{ID: 1, Scope: ScopeDefault, Percent: d("10"), Fixed: d("1000")}}, "25500", // 22.500 + 3 × 1.000
			[]string{ScopeDefault}},
		{"cap per order under one rule", Affiliate, "", []Line{kaos, tas},
			[]Rule{
				{ID: 1, Scope: ScopeCategory, Ref: "Pakaian", Percent: d("20"), Cap: capOf("25000")}, // 39.960 → 25.000
				{ID: 2, Scope: ScopeDefault, Percent: d("10")},                                       // 10.000
			}, "35000", []string{ScopeCategory, ScopeDefault}},
		{"fractions are rounded down once, after the cap", Affiliate, "", []Line{{SKU: "X", Qty: 1, Total: d("33333")}},
			[]Rule{{ID: 1, Scope: ScopeDefault, Percent: d("7.5")}}, "2499", []string{ScopeDefault}}, // 2.499,975
		{"reseller with the owner's rule", Reseller, "", []Line{tas},
			[]Rule{{ID: 1, Scope: ScopeProduct, Ref: "TAS-01", Percent: d("3")}}, "3000", []string{ScopeProduct}},
		{"reseller: only lines with a rule earn", Reseller, "", []Line{kaos, tas},
			[]Rule{{ID: 1, Scope: ScopeProduct, Ref: "TAS-01", Percent: d("3")}}, "3000", []string{ScopeProduct}},
		{"a tier rule needs the partner's tier", Affiliate, "", []Line{tas},
			[]Rule{{ID: 2, Scope: ScopeTier, Ref: "gold", Percent: d("8")}}, "10000", []string{ScopeDefault}},
		{"no lines", Affiliate, "", nil, nil, "0", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Compute(tt.kind, tt.tier, tt.lines, tt.rules)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Amount.Equal(d(tt.want)) {
				t.Errorf("amount = %s, want %s (%+v)", res.Amount, tt.want, res.Applied)
			}
			var scopes []string
			for _, a := range res.Applied {
				scopes = append(scopes, a.Rule.Scope)
			}
			if len(scopes) != len(tt.scopes) {
				t.Fatalf("applied scopes = %v, want %v", scopes, tt.scopes)
			}
			for i := range scopes {
				if scopes[i] != tt.scopes[i] {
					t.Errorf("applied scopes = %v, want %v", scopes, tt.scopes)
				}
			}
			base := decimal.Zero
			for _, l := range tt.lines {
				base = base.Add(l.Total)
			}
			if !res.Base.Equal(base) {
				t.Errorf("base = %s, want %s", res.Base, base)
			}
		})
	}
}

func TestComputeRefuses(t *testing.T) {
	tests := []struct {
		name  string
		kind  string
		lines []Line
		rules []Rule
		want  error
	}{
		{"unknown kind", "supplier", nil, nil, ErrKind},
		{"zero quantity", Affiliate, []Line{{SKU: "A", Qty: 0, Total: d("1")}}, nil, ErrLine},
		{"negative total", Affiliate, []Line{{SKU: "A", Qty: 1, Total: d("-1")}}, nil, ErrLine},
		{"negative percent", Affiliate, nil, []Rule{{Scope: ScopeDefault, Percent: d("-1")}}, ErrRule},
		{"negative cap", Affiliate, nil, []Rule{{Scope: ScopeDefault, Cap: capOf("-5")}}, ErrRule},
		{"unknown scope", Affiliate, nil, []Rule{{Scope: "brand"}}, ErrRule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Compute(tt.kind, "", tt.lines, tt.rules); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestClawback(t *testing.T) {
	tests := []struct {
		name                                string
		commission, base, before, now, want string
	}{
		{"half of Rp299.800 refunded takes back half of Rp29.980", "29980", "299800", "0", "149900", "14990"},
		{"the other half takes the rest", "29980", "299800", "149900", "149900", "14990"},
		{"a full refund takes it all", "29980", "299800", "0", "299800", "29980"},
		{"a refund above the goods (ongkir included) takes no more than all", "29980", "299800", "0", "320000", "29980"},
		{"after a full refund nothing is left", "29980", "299800", "299800", "1000", "0"},
		// thirds: 10.000 × 1/3 = 3.333 (down), × 2/3 = 6.666 → 3.333, then the rest 3.334
		{"thirds round down and add up", "10000", "300", "0", "100", "3333"},
		{"second third", "10000", "300", "100", "100", "3333"},
		{"last third takes the remainder", "10000", "300", "200", "100", "3334"},
		{"no commission", "0", "299800", "0", "1000", "0"},
		{"no refund", "29980", "299800", "0", "0", "0"},
		{"no base", "29980", "0", "0", "1000", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clawback(d(tt.commission), d(tt.base), d(tt.before), d(tt.now))
			if !got.Equal(d(tt.want)) {
				t.Fatalf("Clawback = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestBonus(t *testing.T) {
	tests := []struct{ fixed, percent, revenue, want string }{
		{"250000", "0", "5000000", "250000"},
		{"0", "2", "5000000", "100000"},
		{"50000", "1.5", "3333333", "99999"}, // 50.000 + 49.999,995
		{"-1", "-1", "5000000", "0"},
	}
	for _, tt := range tests {
		if got := Bonus(d(tt.fixed), d(tt.percent), d(tt.revenue)); !got.Equal(d(tt.want)) {
			t.Errorf("Bonus(%s, %s, %s) = %s, want %s", tt.fixed, tt.percent, tt.revenue, got, tt.want)
		}
	}
}

// FuzzClawback: partial refunds in any split never take back more than the
// commission, and refunds reaching the base take back exactly all of it.
func FuzzClawback(f *testing.F) {
	f.Add(int64(29980), int64(299800), int64(149900), int64(100000))
	f.Add(int64(10000), int64(300), int64(100), int64(100))
	f.Add(int64(1), int64(3), int64(1), int64(1))
	f.Fuzz(func(t *testing.T, comm, base, r1, r2 int64) {
		if comm < 0 || base <= 0 || r1 <= 0 || r2 <= 0 || comm > 1e12 || base > 1e12 || r1 > 1e12 || r2 > 1e12 {
			t.Skip()
		}
		c, b := decimal.NewFromInt(comm), decimal.NewFromInt(base)
		one := Clawback(c, b, decimal.Zero, decimal.NewFromInt(r1))
		two := Clawback(c, b, decimal.NewFromInt(r1), decimal.NewFromInt(r2))
		rest := Clawback(c, b, decimal.NewFromInt(r1+r2), b)
		total := one.Add(two).Add(rest)
		if one.IsNegative() || two.IsNegative() || rest.IsNegative() {
			t.Fatalf("negative clawback: %s %s %s", one, two, rest)
		}
		if !total.Equal(c) {
			t.Fatalf("refunds up to the base took back %s of %s", total, c)
		}
		if !one.Equal(one.Truncate(0)) || !two.Equal(two.Truncate(0)) {
			t.Fatalf("fractional clawback %s %s", one, two)
		}
	})
}
