package console

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows/catalog"
	"github.com/dropbot/dropbot/flows/pricing"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// catDec is a decimal from text, for tables.
func catDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestParseMarkup(t *testing.T) {
	base := pricing.DefaultRules().Retail // 30 %, up500, min 2000
	up1000, _ := pricing.ParseRounding("up1000")
	near100, _ := pricing.ParseRounding("nearest100")
	end900, _ := pricing.ParseRounding("900")
	none, _ := pricing.ParseRounding("none")
	tier := func(from, pct, fixed string) pricing.Tier {
		return pricing.Tier{From: catDec(from), Markup: pricing.Markup{Percent: catDec(pct), Fixed: catDec(fixed)}}
	}
	tests := []struct {
		in      string
		tiers   []pricing.Tier // nil = base tiers kept
		round   pricing.Rounding
		margin  string
		errCode string
	}{
		{in: "25%", tiers: []pricing.Tier{tier("0", "25", "0")}, round: base.Rounding, margin: "2000"},
		{in: "12,5% +2rb naik1000 min3000", tiers: []pricing.Tier{tier("0", "12.5", "2000")}, round: up1000, margin: "3000"},
		{in: "+ 15.000", tiers: []pricing.Tier{tier("0", "0", "15000")}, round: base.Rounding, margin: "2000"},
		{in: "10% -5000", tiers: []pricing.Tier{tier("0", "10", "-5000")}, round: base.Rounding, margin: "2000"},
		{in: "bulat100", round: near100, margin: "2000"},
		{in: "min 1rb tanpa", round: none, margin: "1000"},
		{in: "MINIMAL2500 AKHIRAN900", round: end900, margin: "2500"},
		{in: "up1000", round: up1000, margin: "2000"},
		{in: "30% dari100rb 25% +5000 dari 500rb 20% +30000", tiers: []pricing.Tier{
			tier("0", "30", "0"), tier("100000", "25", "5000"), tier("500000", "20", "30000")}, round: base.Rounding, margin: "2000"},
		{in: "dari100rb 20%", tiers: []pricing.Tier{tier("100000", "20", "0")}, round: base.Rounding, margin: "2000"},
		{in: "30 persen", errCode: markupUnknownWord},
		{in: "30%%", errCode: markupBadPercent},
		{in: "30% 20%", errCode: markupTwice},
		{in: "+1000 +2000", errCode: markupTwice},
		{in: "30% min", errCode: markupNeedsAmount},
		{in: "dari", errCode: markupNeedsAmount},
		{in: "+abc", errCode: markupBadMoney},
		{in: "min-5", errCode: markupBadMoney},
		{in: "naik700", errCode: markupUnknownWord},
		{in: strings.Repeat("dari1 1% ", 11), errCode: markupTooMany},
	}
	for _, tc := range tests {
		got, err := parseMarkup(base, strings.Fields(tc.in))
		if tc.errCode != "" {
			me, ok := err.(*markupError)
			if !ok || me.Code != tc.errCode {
				t.Errorf("%q: err = %v, want code %s", tc.in, err, tc.errCode)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		want := base
		if tc.tiers != nil {
			want.Tiers = tc.tiers
		}
		want.Rounding, want.MinMargin = tc.round, catDec(tc.margin)
		if !catSameRule(got, want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.in, catRuleJSON(got), catRuleJSON(want))
		}
	}
}

func catRuleJSON(r pricing.Rule) string {
	b, _ := json.Marshal(r)
	return string(b)
}

// catSameRule compares rules by value (decimals by Equal).
func catSameRule(a, b pricing.Rule) bool {
	if len(a.Tiers) != len(b.Tiers) || a.Rounding.Mode != b.Rounding.Mode || !a.Rounding.Step.Equal(b.Rounding.Step) ||
		!a.MinMargin.Equal(b.MinMargin) {
		return false
	}
	for i := range a.Tiers {
		x, y := a.Tiers[i], b.Tiers[i]
		if !x.From.Equal(y.From) || !x.Markup.Percent.Equal(y.Markup.Percent) || !x.Markup.Fixed.Equal(y.Markup.Fixed) {
			return false
		}
	}
	return true
}

// Property: the command /markup shows for a rule makes that same rule,
// whatever rule it is applied to.
func TestMarkupCommandRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 4))
	roundings := []string{"none", "900", "nearest100", "nearest500", "nearest1000", "up100", "up500", "up1000"}
	for i := range 2000 {
		var r pricing.Rule
		from := int64(0)
		for k := range 1 + rng.IntN(4) {
			if k > 0 {
				from += 1000 * (1 + rng.Int64N(500))
			}
			pct := decimal.New(rng.Int64N(20001)-100, -2) // -1.00 … 199.00, two decimals
			fixed := decimal.NewFromInt(rng.Int64N(40001) - 20000)
			r.Tiers = append(r.Tiers, pricing.Tier{From: decimal.NewFromInt(from), Markup: pricing.Markup{Percent: pct, Fixed: fixed}})
		}
		r.Rounding, _ = pricing.ParseRounding(roundings[rng.IntN(len(roundings))])
		r.MinMargin = decimal.NewFromInt(rng.Int64N(10000))
		words := markupCommand(r)
		got, err := parseMarkup(pricing.DefaultRules().Reseller, words)
		if err != nil || !catSameRule(got, r) {
			t.Fatalf("case %d: %q → %s, %v; want %s", i, strings.Join(words, " "), catRuleJSON(got), err, catRuleJSON(r))
		}
	}
}

// Every example the help texts give is a rule the bot accepts.
func TestMarkupHelpExamplesAreValid(t *testing.T) {
	b := locales.Default()
	examples := []string{
		"30% +2000 naik500 min2000", "15% naik100 min1000", "30% dari100rb 25% +5000",
		"30% dari100rb 25% +5000 dari500rb 20% +30000",
	}
	text := b.T(locales.ID, "markup.how") + b.T(locales.ID, "markup.rule.tiers_not_sorted") + b.T(locales.ID, "markup.rule.not_monotone")
	for _, ex := range examples {
		if !strings.Contains(text, ex) {
			t.Errorf("the help no longer shows %q; update this test", ex)
		}
		r, err := parseMarkup(pricing.DefaultRules().Retail, strings.Fields(ex))
		if err == nil {
			err = r.Validate()
		}
		if err != nil {
			t.Errorf("help example %q is refused: %v", ex, err)
		}
	}
}

// FuzzParseMarkup: any words either fail with a markupError or give a rule;
// a rule that validates never prices below cost + its minimum margin.
func FuzzParseMarkup(f *testing.F) {
	for _, s := range []string{"30% +2000 naik500 min2000", "dari100rb 20%", "30% dari100rb 25% +5000 900",
		"-10%", "+ 1,5jt bulat1000", "min", "12,5% tanpa", "1e9999%", "dari-1 5%", "%", "+", "-"} {
		f.Add(s)
	}
	costs := []decimal.Decimal{decimal.Zero, catDec("1"), catDec("31500"), catDec("99999.99"), catDec("100000"), catDec("2500000")}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 300 {
			return
		}
		r, err := parseMarkup(pricing.DefaultRules().Retail, strings.Fields(s))
		if err != nil {
			if _, ok := err.(*markupError); !ok {
				t.Fatalf("%q: error %T %v", s, err, err)
			}
			return
		}
		if r.Validate() != nil {
			return
		}
		for _, c := range costs {
			p, err := r.Price(c)
			if err != nil {
				t.Fatalf("%q: price of %v: %v", s, c, err)
			}
			if p.LessThan(c.Add(r.MinMargin)) {
				t.Fatalf("%q: price %v below cost %v + margin %v", s, p, c, r.MinMargin)
			}
		}
	})
}

func TestParseGrams(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"250", 250, true}, {"250g", 250, true}, {" 250 gr ", 250, true}, {"1.200 gram", 1200, true},
		{"0,25kg", 250, true}, {"0.25 kg", 250, true}, {"1,5 kg", 1500, true}, {"1 kg", 1000, true},
		{"1,250kg", 1250, true}, {"100kg", 100000, true}, {"100000", 100000, true},
		{"0", 0, false}, {"0 kg", 0, false}, {"101 kg", 0, false}, {"100001", 0, false}, {"-5", 0, false},
		{"1,5", 0, false}, {"berat", 0, false}, {"", 0, false}, {"1.2.3", 0, false}, {"12345678", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseGrams(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseGrams(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseStockAnswer(t *testing.T) {
	tests := []struct {
		in          string
		n           int64
		counted, ok bool
	}{
		{"12", 12, true, true}, {"12 pcs", 12, true, true}, {"1.000", 1000, true, true}, {"0", 0, true, true},
		{"habis", 0, true, true}, {"Kosong", 0, true, true}, {"-", 0, false, true}, {"tidak dihitung", 0, false, true},
		{"1000000", 1000000, true, true},
		{"1000001", 0, false, false}, {"-3", 0, false, false}, {"banyak", 0, false, false}, {"", 0, false, false},
		{"1,5", 0, false, false}, {"12g", 0, false, false},
	}
	for _, tc := range tests {
		n, counted, ok := parseStockAnswer(tc.in)
		if n != tc.n || counted != tc.counted || ok != tc.ok {
			t.Errorf("parseStockAnswer(%q) = %d, %v, %v; want %d, %v, %v", tc.in, n, counted, ok, tc.n, tc.counted, tc.ok)
		}
	}
}

func TestValidSKU(t *testing.T) {
	for s, want := range map[string]bool{
		"GMS-08": true, "kaos_01.b": true, "A": true, strings.Repeat("A", 32): true,
		"": false, "-A": false, "ada spasi": false, "A/B": false, strings.Repeat("A", 33): false, "ÄB": false,
	} {
		if validSKU(s) != want {
			t.Errorf("validSKU(%q) = %v", s, !want)
		}
	}
}

// TestAdminCatalogDynamicKeys covers the keys the catalogue tools build
// from codes, which the static key scan cannot see.
func TestAdminCatalogDynamicKeys(t *testing.T) {
	b := locales.Default()
	var keys []string
	for _, c := range importColumns {
		keys = append(keys, "import.col."+c)
	}
	for _, c := range importRowCodes {
		keys = append(keys, "import.row."+c)
	}
	for _, c := range importFileCodes {
		keys = append(keys, "import.err."+c)
	}
	for _, c := range []string{markupUnknownWord, markupBadPercent, markupTwice, markupNeedsAmount, markupTooMany} {
		keys = append(keys, "markup.err."+c)
	}
	for _, c := range []string{pricing.CodeNoTiers, pricing.CodeFirstTierNotZero, pricing.CodeTiersNotSorted,
		pricing.CodeNegativeMarkup, pricing.CodeNotMonotone, pricing.CodeBadStep, pricing.CodeBadRounding,
		pricing.CodeNegativeMargin, pricing.CodeValueOutOfRange} {
		keys = append(keys, "markup.rule."+c)
	}
	for _, tier := range []string{store.PriceTierRetail, store.PriceTierReseller} {
		keys = append(keys, "prod.tier."+tier)
	}
	for _, lang := range b.Langs() {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s: missing key %s", lang, k)
			}
		}
	}
	// Every import column and code of flows/catalog has its message: a
	// column added there must be added here too.
	rep, err := catalog.ImportTx(nil, "x.csv", strings.NewReader("a,b\n1,2\n"), catalog.Options{})
	var fe *catalog.Error
	if err == nil || !errors.As(err, &fe) || len(rep.Errors) != 4 {
		t.Fatalf("missing columns: %+v %v", rep, err)
	}
	for _, e := range rep.Errors {
		if !b.Has(locales.ID, "import.col."+e.Column) {
			t.Errorf("no label for column %s", e.Column)
		}
	}
}

// FuzzCatalogAnswers: the wizard's readers never panic and stay in range.
func FuzzCatalogAnswers(f *testing.F) {
	for _, s := range []string{"250", "0,25kg", "1.200 gram", "12 pcs", "habis", "-", "1.000.000", "999kg", "1,2345kg", "sku GMS-08", "İİ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if g, ok := parseGrams(s); ok && (g < 1 || g > maxWeightG) {
			t.Fatalf("parseGrams(%q) = %d", s, g)
		}
		if n, counted, ok := parseStockAnswer(s); ok && counted && (n < 0 || n > maxStock) || !ok && (n != 0 || counted) {
			t.Fatalf("parseStockAnswer(%q) = %d, %v, %v", s, n, counted, ok)
		}
		if validSKU(s) && (len(s) > maxSKURunes || strings.ContainsAny(s, " /\\\n")) {
			t.Fatalf("validSKU(%q)", s)
		}
	})
}
