package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/pricing"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// maxMarkupExamples is how many price changes a markup preview shows.
const maxMarkupExamples = 5

// maxMarkupTiers bounds the tiers one /markup may write.
const maxMarkupTiers = 10

// exampleCost is the cost the /markup overview prices as an example.
var exampleCost = decimal.NewFromInt(100000)

// markupTierWords name the price list a /markup changes.
var markupTierWords = map[string]string{
	"ecer": store.PriceTierRetail, "eceran": store.PriceTierRetail, "retail": store.PriceTierRetail,
	"reseller": store.PriceTierReseller,
}

// Codes of a markupError (besides pricing's rule codes and money codes).
const (
	markupUnknownWord = "unknown_word" // a word the syntax does not know (Value)
	markupBadPercent  = "bad_percent"  // "30%" misspelt (Value)
	markupTwice       = "twice"        // the same part twice in one tier (Value)
	markupNeedsAmount = "needs_amount" // "dari"/"min"/"+" without an amount (Value)
	markupTooMany     = "too_many"     // more than maxMarkupTiers tiers
	markupBadMoney    = "bad_money"    // an amount ParseRupiah refuses (Money)
)

// markupError is a /markup the owner typed that cannot be read.
type markupError struct {
	Code  string
	Value string
	Money error // the *locales.MoneyError of bad_money
}

func (e *markupError) Error() string { return "markup: " + e.Code + " " + e.Value }

var percentRE = regexp.MustCompile(`^(-?\d{1,4}(?:[.,]\d{1,2})?)%$`)

// roundingWords are the Indonesian rounding words, with pricing's own
// ("up500", "nearest100", "none", "900") also accepted.
var roundingWords = map[string]string{
	"naik100": "up100", "naik500": "up500", "naik1000": "up1000", "naik1rb": "up1000",
	"bulat100": "nearest100", "bulat500": "nearest500", "bulat1000": "nearest1000", "bulat1rb": "nearest1000",
	"akhiran900": "900", "900": "900", "tanpa": "none", "tanpabulat": "none",
}

// parseRounding reads a rounding word, ok = false when w is not one.
func parseRounding(w string) (pricing.Rounding, bool) {
	if en, ok := roundingWords[w]; ok {
		w = en
	}
	r, err := pricing.ParseRounding(w)
	return r, err == nil
}

// parseMarkup applies the words of a /markup to base: "30%", "+2000" (or
// "+ 2rb", "-1000"), "dari100rb"/"dari 100rb" (a new tier from that cost),
// a rounding word ("naik500", "bulat1000", "900", "tanpa"), "min2000"/
// "min 2rb". Percent and amount before any "dari" make the tier from Rp0.
// When any percent, amount or "dari" is given the tiers are replaced; the
// rounding and the minimum margin change only when given. The result is
// not validated (see pricing.Rule.Validate).
func parseMarkup(base pricing.Rule, words []string) (pricing.Rule, error) {
	type tierParts struct {
		tier            pricing.Tier
		percent, amount bool
	}
	var tiers []tierParts
	current := func() *tierParts {
		if len(tiers) == 0 {
			tiers = append(tiers, tierParts{tier: pricing.Tier{From: decimal.Zero}})
		}
		return &tiers[len(tiers)-1]
	}
	out := base
	amount := func(i *int, w, prefix string) (decimal.Decimal, error) {
		s := strings.TrimPrefix(w, prefix)
		if s == "" {
			if *i+1 >= len(words) {
				return decimal.Zero, &markupError{Code: markupNeedsAmount, Value: w}
			}
			*i++
			s = words[*i]
		}
		d, err := locales.ParseRupiah(s)
		if err != nil {
			return decimal.Zero, &markupError{Code: markupBadMoney, Value: s, Money: err}
		}
		return d, nil
	}
	for i := 0; i < len(words); i++ {
		w := strings.ToLower(words[i])
		switch {
		case strings.HasPrefix(w, "dari"):
			from, err := amount(&i, w, "dari")
			if err != nil {
				return out, err
			}
			if len(tiers) == maxMarkupTiers {
				return out, &markupError{Code: markupTooMany}
			}
			tiers = append(tiers, tierParts{tier: pricing.Tier{From: from}})
		case strings.HasSuffix(w, "%"):
			m := percentRE.FindStringSubmatch(w)
			if m == nil {
				return out, &markupError{Code: markupBadPercent, Value: words[i]}
			}
			c := current()
			if c.percent {
				return out, &markupError{Code: markupTwice, Value: words[i]}
			}
			c.tier.Markup.Percent, c.percent = decimal.RequireFromString(strings.ReplaceAll(m[1], ",", ".")), true
		case strings.HasPrefix(w, "+") || strings.HasPrefix(w, "-") && (len(w) == 1 || w[1] >= '0' && w[1] <= '9'):
			d, err := amount(&i, w, w[:1])
			if err != nil {
				return out, err
			}
			if w[0] == '-' {
				d = d.Neg()
			}
			c := current()
			if c.amount {
				return out, &markupError{Code: markupTwice, Value: w}
			}
			c.tier.Markup.Fixed, c.amount = d, true
		case strings.HasPrefix(w, "min"):
			prefix := "min"
			for _, p := range []string{"minimal", "minimum"} {
				if strings.HasPrefix(w, p) {
					prefix = p
				}
			}
			d, err := amount(&i, w, prefix)
			if err != nil {
				return out, err
			}
			out.MinMargin = d
		default:
			r, ok := parseRounding(w)
			if !ok {
				return out, &markupError{Code: markupUnknownWord, Value: words[i]}
			}
			out.Rounding = r
		}
	}
	if len(tiers) > 0 {
		out.Tiers = make([]pricing.Tier, len(tiers))
		for i, tp := range tiers {
			out.Tiers[i] = tp.tier
		}
	}
	return out, nil
}

// markupCommand writes a rule as the words of /markup that make it
// (parseMarkup(anything, markupCommand(r)) == r for a valid r).
func markupCommand(r pricing.Rule) []string {
	var words []string
	for i, t := range r.Tiers {
		if i > 0 || !t.From.IsZero() {
			words = append(words, "dari"+t.From.String())
		}
		words = append(words, t.Markup.Percent.String()+"%")
		if !t.Markup.Fixed.IsZero() {
			sign := "+"
			if t.Markup.Fixed.IsNegative() {
				sign = "-"
			}
			words = append(words, sign+t.Markup.Fixed.Abs().String())
		}
	}
	words = append(words, roundingWord(r.Rounding), "min"+r.MinMargin.String())
	return words
}

// roundingWord is the Indonesian word of a rounding.
func roundingWord(r pricing.Rounding) string {
	switch r.Mode {
	case pricing.RoundUp:
		return "naik" + r.Step.String()
	case pricing.RoundNearest:
		return "bulat" + r.Step.String()
	case pricing.RoundEnding900:
		return "900"
	}
	return "tanpa"
}

// cmdMarkup shows the markup rules, or previews a change and asks for the
// owner's "YA" before saving it (owner only).
func (t *turn) cmdMarkup(args string) error {
	cur, err := t.Rules()
	if err != nil {
		return err
	}
	words := strings.Fields(args)
	if len(words) == 0 {
		text, err := t.markupOverview(cur)
		if err != nil {
			return err
		}
		t.Reply(text)
		return nil
	}
	next := cur
	head := strings.ToLower(words[0])
	switch {
	case head == "standar" || head == "default" || head == "awal":
		next = pricing.DefaultRules()
	case markupTierWords[head] != "":
		if len(words) == 1 {
			t.Reply(t.P.T("markup.how"))
			return nil
		}
		tier := markupTierWords[head]
		rule, err := parseMarkup(ruleOf(cur, tier), words[1:])
		if err != nil {
			t.Reply(t.markupProblem(err, 0))
			return nil
		}
		if err := rule.Validate(); err != nil {
			t.Reply(t.markupProblem(err, len(rule.Tiers)))
			return nil
		}
		if tier == store.PriceTierReseller {
			next.Reseller = rule
		} else {
			next.Retail = rule
		}
	default:
		t.Reply(t.P.T("markup.unknown_list", "word", words[0]) + "\n\n" + t.P.T("markup.how"))
		return nil
	}
	return t.markupPreview(cur, next)
}

// markupProblem is the kind answer to a /markup that cannot be used;
// tiers is how many tiers the rule has (a tier is named only among several).
func (t *turn) markupProblem(err error, tiers int) string {
	var me *markupError
	var re *pricing.RuleError
	var text string
	switch {
	case errors.As(err, &me) && me.Code == markupBadMoney:
		text = t.moneyProblem(me.Money)
	case errors.As(err, &me):
		text = t.P.T("markup.err."+me.Code, "value", me.Value, "max", maxMarkupTiers)
	case errors.As(err, &re):
		text = t.P.T("markup.rule." + re.Code)
		if re.Tier >= 0 && tiers > 1 {
			text += "\n" + t.P.T("markup.at_tier", "tier", re.Tier+1)
		}
	default:
		return t.P.T("markup.how")
	}
	return text + "\n\n" + t.P.T("markup.how_short")
}

// describeRule writes a rule in words: its tiers, rounding and minimum margin.
func (t *turn) describeRule(r pricing.Rule) string {
	var parts []string
	for i, tier := range r.Tiers {
		var m []string
		if !tier.Markup.Percent.IsZero() || tier.Markup.Fixed.IsZero() {
			m = append(m, t.P.T("markup.percent", "percent", tier.Markup.Percent.String()))
		}
		if !tier.Markup.Fixed.IsZero() {
			key := "markup.plus"
			if tier.Markup.Fixed.IsNegative() {
				key = "markup.minus"
			}
			m = append(m, t.P.T(key, "amount", locales.FormatRupiah(tier.Markup.Fixed.Abs())))
		}
		text := strings.Join(m, " ")
		switch {
		case len(r.Tiers) == 1:
			text = t.P.T("markup.flat", "markup", text)
		case i+1 == len(r.Tiers):
			text = t.P.T("markup.tier_from", "from", locales.FormatRupiah(tier.From), "markup", text)
		case tier.From.IsZero():
			text = t.P.T("markup.tier_below", "to", locales.FormatRupiah(r.Tiers[i+1].From), "markup", text)
		default:
			text = t.P.T("markup.tier_range", "from", locales.FormatRupiah(tier.From),
				"to", locales.FormatRupiah(r.Tiers[i+1].From), "markup", text)
		}
		parts = append(parts, text)
	}
	return t.P.T("markup.rule", "tiers", strings.Join(parts, "; "),
		"rounding", t.roundingText(r.Rounding), "margin", locales.FormatRupiah(r.MinMargin))
}

// roundingText says a rounding in words.
func (t *turn) roundingText(r pricing.Rounding) string {
	step := locales.FormatRupiah(r.Step)
	switch r.Mode {
	case pricing.RoundUp:
		return t.P.T("markup.round_up", "step", step)
	case pricing.RoundNearest:
		return t.P.T("markup.round_nearest", "step", step)
	case pricing.RoundEnding900:
		return t.P.T("markup.round_900")
	}
	return t.P.T("markup.round_none")
}

// markupOverview shows both rules, an example, and how to change them.
func (t *turn) markupOverview(r pricing.Rules) (string, error) {
	retail, err := r.Retail.Price(exampleCost)
	if err != nil {
		return "", err
	}
	reseller, err := r.Reseller.Price(exampleCost)
	if err != nil {
		return "", err
	}
	return t.P.T("markup.overview",
		"retail", t.describeRule(r.Retail), "reseller", t.describeRule(r.Reseller),
		"retail_cmd", "/markup ecer "+strings.Join(markupCommand(r.Retail), " "),
		"reseller_cmd", "/markup reseller "+strings.Join(markupCommand(r.Reseller), " "),
		"cost", locales.FormatRupiah(exampleCost), "retail_price", locales.FormatRupiah(retail),
		"reseller_price", locales.FormatRupiah(reseller)) + "\n\n" + t.P.T("markup.how"), nil
}

// markupPreview shows what a change of the rules does to the catalogue's
// prices and asks for "YA"; the new rules wait in the conversation state.
func (t *turn) markupPreview(cur, next pricing.Rules) error {
	curJSON, err := json.Marshal(cur)
	if err != nil {
		return err
	}
	nextJSON, err := json.Marshal(next)
	if err != nil {
		return err
	}
	if string(curJSON) == string(nextJSON) {
		t.Reply(t.P.T("markup.same"))
		return nil
	}
	vs, err := t.Tx.ActiveVariants()
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.P.T("markup.preview_head"))
	for _, side := range []struct {
		tier      string
		old, new  pricing.Rule
		overrides func(store.Variant) bool
	}{
		{store.PriceTierRetail, cur.Retail, next.Retail, func(v store.Variant) bool { return v.Price.Valid }},
		{store.PriceTierReseller, cur.Reseller, next.Reseller, func(v store.Variant) bool { return v.ResellerPrice.Valid }},
	} {
		oldJSON, _ := json.Marshal(side.old)
		newJSON, _ := json.Marshal(side.new)
		if string(oldJSON) == string(newJSON) {
			continue
		}
		name := t.P.T("prod.tier." + side.tier)
		b.WriteString("\n\n" + t.P.T("markup.preview_rule", "tier", name, "old", t.describeRule(side.old),
			"new", t.describeRule(side.new)))
		changed, manual, shown := 0, 0, 0
		seen := map[string]bool{}
		var lines []string
		for _, v := range vs {
			if side.overrides(v.Variant) {
				manual++
				continue
			}
			op, err := side.old.Price(v.Cost)
			if err != nil {
				return err
			}
			np, err := side.new.Price(v.Cost)
			if err != nil {
				return err
			}
			if op.Equal(np) {
				continue
			}
			changed++
			key := v.SKU + "\x00" + v.Cost.String()
			if shown < maxMarkupExamples && !seen[key] {
				seen[key] = true
				shown++
				lines = append(lines, t.P.T("markup.preview_line", "name", v.ProductName, "cost", locales.FormatRupiah(v.Cost),
					"old", locales.FormatRupiah(op), "new", locales.FormatRupiah(np)))
			}
		}
		if changed == 0 {
			b.WriteString("\n" + t.P.T("markup.preview_none"))
		} else {
			b.WriteString("\n" + t.P.T("markup.preview_count", "changed", changed, "total", len(vs)))
			for _, l := range lines {
				b.WriteString("\n" + l)
			}
		}
		if manual > 0 {
			b.WriteString("\n" + t.P.T("markup.preview_manual", "count", manual))
		}
	}
	b.WriteString("\n\n" + t.P.T("markup.confirm_ask"))
	t.Reply(b.String(), t.P.T("markup.confirm_option"), t.P.T("prod.cancel_option"))
	return t.save(state{Flow: FlowOwnerCatalog, Step: stepMarkupConfirm, Data: stateData{Rules: string(nextJSON)}})
}

// onMarkupConfirm reads the answer to a markup preview: "YA" saves.
func (t *turn) onMarkupConfirm(st state) error {
	norm := chat.Normalize(t.Msg.Text)
	if norm == "2" {
		t.Reply(t.P.T("markup.cancelled"))
		return t.save(state{})
	}
	if !catYesWords[norm] && norm != "1" && chat.Choose(t.Msg.Text, []string{t.P.T("markup.confirm_option")}) != 0 {
		t.Reply(t.P.T("markup.confirm_how"), t.P.T("markup.confirm_option"), t.P.T("prod.cancel_option"))
		return nil
	}
	var next pricing.Rules
	if err := json.Unmarshal([]byte(st.Data.Rules), &next); err != nil || next.Validate() != nil {
		// A state we cannot trust is dropped; the owner starts again.
		t.Reply(t.P.T("markup.expired"))
		return t.save(state{})
	}
	cur, err := t.Rules()
	if err != nil {
		return err
	}
	curJSON, err := json.Marshal(cur)
	if err != nil {
		return err
	}
	if err := t.Tx.SetSetting(chat.SettingPricing, st.Data.Rules); err != nil {
		return err
	}
	if err := t.Tx.LogCatalogChange("setting", 0, string(curJSON), st.Data.Rules, t.Actor(), chat.SettingPricing); err != nil {
		return fmt.Errorf("markup audit: %w", err)
	}
	t.Reply(t.P.T("markup.saved") + "\n\n" + t.describeRulesShort(next))
	return t.save(state{})
}

// describeRulesShort lists both rules in words.
func (t *turn) describeRulesShort(r pricing.Rules) string {
	return t.P.T("markup.rules_short", "retail", t.describeRule(r.Retail), "reseller", t.describeRule(r.Reseller))
}
