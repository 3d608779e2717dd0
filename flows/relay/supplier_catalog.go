package relay

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

func sqlInt(n int64) sql.NullInt64 { return sql.NullInt64{Int64: n, Valid: true} }

// maxSupplierStock bounds a stock typed in a group: above it is a typo.
const maxSupplierStock = 1000000

// supplierVariant finds the variant "SKU [varian]" names among this
// group's supplier's products, answering when it cannot: an SKU of another
// supplier looks exactly like an unknown one.
func (t *turn) supplierVariant(sku, variant, example string) (store.Product, store.Variant, bool, error) {
	p, err := t.Tx.ProductBySKU(sku)
	if store.IsNotFound(err) || (err == nil && (p.SupplierID == 0 || p.SupplierID != t.Who.SupplierID)) {
		t.Reply(t.P.T("supcat.unknown_sku", "sku", chat.Clip(sku, 32)))
		return p, store.Variant{}, false, nil
	}
	if err != nil {
		return p, store.Variant{}, false, err
	}
	var names []string
	var found []store.Variant
	want := chat.Normalize(variant)
	for _, v := range p.Variants {
		names = append(names, v.Name)
		n := chat.Normalize(v.Name)
		switch {
		case want == "" && len(p.Variants) == 1, want != "" && n == want:
			return p, v, true, nil
		case want != "" && strings.HasPrefix(n, want):
			found = append(found, v)
		}
	}
	if len(found) == 1 {
		return p, found[0], true, nil
	}
	key := "supcat.which_variant"
	if want != "" {
		key = "supcat.unknown_variant"
	}
	t.Reply(t.P.T(key, "sku", p.SKU, "variant", chat.Clip(variant, 40), "variants", strings.Join(names, ", "),
		"example", fmt.Sprintf(example, p.SKU+" "+firstNonEmpty(names))))
	return p, store.Variant{}, false, nil
}

func firstNonEmpty(names []string) string {
	for _, n := range names {
		if n != "" {
			return n
		}
	}
	return ""
}

// supplierStock is "/stok SKU [varian] n" or "/stok SKU [varian] habis".
func (t *turn) supplierStock(args string) error {
	words := strings.Fields(args)
	if len(words) < 2 {
		t.Reply(t.P.T("supcat.stock_how"))
		return nil
	}
	last := strings.ToLower(words[len(words)-1])
	var n int64
	switch last {
	case "habis", "kosong", "0":
	default:
		v, err := strconv.ParseInt(last, 10, 64)
		if err != nil || v < 0 || v > maxSupplierStock {
			t.Reply(t.P.T("supcat.stock_bad", "value", chat.Clip(words[len(words)-1], 20)) + "\n" + t.P.T("supcat.stock_how"))
			return nil
		}
		n = v
	}
	p, v, ok, err := t.supplierVariant(words[0], strings.Join(words[1:len(words)-1], " "), "/stok %s 10")
	if err != nil || !ok {
		return err
	}
	var waiting []waitingLine
	left := n
	if n > 0 { // orders waiting for this restock keep their quantity
		var err error
		if waiting, left, err = t.restockFor(v.ID, n); err != nil {
			return err
		}
	}
	if err := t.Tx.SetVariantStock(v.ID, sqlInt(left), t.Actor()); err != nil {
		return err
	}
	name := strings.TrimSpace(p.SKU + " " + v.Name)
	if n == 0 {
		t.Reply(t.P.T("supcat.stock_out", "name", name))
		return nil
	}
	note, err := t.restockNotes(name, n, left, waiting)
	if err != nil {
		return err
	}
	t.Reply(strings.TrimSpace(t.P.T("supcat.stock_set", "name", name, "count", n) + "\n\n" + note))
	return nil
}

// formatPercent writes a change in percent the Indonesian way: "+25%",
// "-3,5%".
func formatPercent(d decimal.Decimal) string {
	s := strings.Replace(d.Round(1).String(), ".", ",", 1)
	if d.IsPositive() {
		s = "+" + s
	}
	return s + "%"
}

// supplierCost is "/harga SKU [varian] 85000": the supplier's new cost. A
// change within the shop's tolerance applies at once (selling prices follow
// by the markup rules); a bigger one waits for the owner.
func (t *turn) supplierCost(args string) error {
	words := strings.Fields(args)
	if len(words) < 2 {
		t.Reply(t.P.T("supcat.cost_how"))
		return nil
	}
	amount := words[len(words)-1]
	rest := words[1 : len(words)-1]
	if n := len(rest); n > 0 && (strings.EqualFold(rest[n-1], "rp") || strings.EqualFold(rest[n-1], "rp.")) {
		amount, rest = rest[n-1]+amount, rest[:n-1]
	}
	cost, err := locales.ParseRupiah(amount)
	if err != nil {
		code, margs := "invalid", []any(nil)
		var me *locales.MoneyError
		if errors.As(err, &me) {
			code, margs = me.Code, me.Args()
		}
		t.Reply(t.P.T("money.err."+code, margs...) + "\n" + t.P.T("supcat.cost_how"))
		return nil
	}
	if !cost.IsPositive() {
		t.Reply(t.P.T("supcat.cost_zero") + "\n" + t.P.T("supcat.cost_how"))
		return nil
	}
	p, v, ok, err := t.supplierVariant(words[0], strings.Join(rest, " "), "/harga %s 85000")
	if err != nil || !ok {
		return err
	}
	name := strings.TrimSpace(p.SKU + " " + v.Name)
	if cost.Equal(v.Cost) {
		t.Reply(t.P.T("supcat.cost_same", "name", name, "cost", locales.FormatRupiah(cost)))
		return nil
	}
	tol, err := t.Int(CostTolerance)
	if err != nil {
		return err
	}
	change := decimal.Zero
	if !v.Cost.IsZero() {
		change = cost.Sub(v.Cost).Mul(decimal.NewFromInt(100)).Div(v.Cost)
	}
	held := v.Cost.IsZero() || change.Abs().GreaterThan(decimal.NewFromInt(int64(tol)))
	rules, err := t.Rules()
	if err != nil {
		return err
	}
	priceNow, err := chat.PriceFor(rules, v, "retail")
	if err != nil {
		return err
	}
	nv := v
	nv.Cost = cost
	priceNew, err := chat.PriceFor(rules, nv, "retail")
	if err != nil {
		return err
	}
	sup, err := t.Tx.SupplierByID(t.Who.SupplierID)
	if err != nil {
		return err
	}
	owner := t.OwnerPrinter()
	margs := []any{"supplier", sup.Code, "name", name, "old", locales.FormatRupiah(v.Cost), "new", locales.FormatRupiah(cost),
		"change", formatPercent(change), "price_now", locales.FormatRupiah(priceNow), "price_new", locales.FormatRupiah(priceNew)}
	if held {
		id, err := t.Tx.ProposeCostChange(store.CostChange{SupplierID: sup.ID, VariantID: v.ID, OldCost: v.Cost, NewCost: cost, Actor: t.Actor()})
		if err != nil {
			return err
		}
		t.Reply(t.P.T("supcat.cost_held", "name", name, "old", locales.FormatRupiah(v.Cost), "new", locales.FormatRupiah(cost),
			"change", formatPercent(change)))
		t.TellOwners(chat.Ref{Kind: "cost", ID: fmt.Sprint(id)}, owner.T("supcat.owner_cost_held", append(margs, "id", id, "tolerance", tol)...))
		return nil
	}
	if err := t.Tx.SetVariantCost(v.ID, cost, t.Actor()); err != nil {
		return err
	}
	t.Reply(t.P.T("supcat.cost_set", "name", name, "cost", locales.FormatRupiah(cost)))
	t.TellOwners(chat.Ref{}, owner.T("supcat.owner_cost_set", margs...))
	return nil
}

// ownerDecideCost is the owner's "/setujui" (list, or approve one) and
// "/tolakharga N".
func (t *turn) ownerDecideCost(args string, approve bool) error {
	arg := strings.TrimPrefix(strings.TrimSpace(args), "#")
	if arg == "" {
		return t.listCostChanges()
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		t.Reply(t.P.T("supcat.decide_how"))
		return nil
	}
	c, err := t.Tx.DecideCostChange(id, approve, t.Actor())
	switch store.ErrorCode(err) {
	case "":
	case store.ENotFound:
		t.Reply(t.P.T("supcat.cost_unknown", "id", id))
		return nil
	case store.EConflict:
		t.Reply(t.P.T("supcat.cost_decided", "id", id, "status", t.P.T("supcat.cost_status."+c.Status)))
		return nil
	default:
		return err
	}
	v, p, err := t.Tx.VariantByID(c.VariantID)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(p.SKU + " " + v.Name)
	g := t.Env.Loc.For(locales.ID)
	key, gkey := "supcat.rejected", "supcat.group_rejected"
	if approve {
		key, gkey = "supcat.approved", "supcat.group_approved"
	}
	rules, err := t.Rules()
	if err != nil {
		return err
	}
	price, err := chat.PriceFor(rules, v, "retail")
	if err != nil {
		return err
	}
	t.Reply(t.P.T(key, "id", id, "name", name, "old", locales.FormatRupiah(c.OldCost), "new", locales.FormatRupiah(c.NewCost),
		"price", locales.FormatRupiah(price)))
	groups, err := t.Tx.SupplierGroups(c.SupplierID)
	if err != nil {
		return err
	}
	for _, gr := range groups {
		t.Send(chat.Out{To: chat.Address{Channel: gr.Channel, ChatID: gr.ChatID}, Text: g.T(gkey, "name", name, "old", locales.FormatRupiah(c.OldCost),
			"new", locales.FormatRupiah(c.NewCost))})
	}
	return nil
}

func (t *turn) listCostChanges() error {
	cs, err := t.Tx.PendingCostChanges()
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		t.Reply(t.P.T("supcat.none_pending"))
		return nil
	}
	lines := []string{t.P.T("supcat.pending_head")}
	for _, c := range cs {
		v, p, err := t.Tx.VariantByID(c.VariantID)
		if err != nil {
			return err
		}
		sup, err := t.Tx.SupplierByID(c.SupplierID)
		if err != nil {
			return err
		}
		change := decimal.Zero
		if !c.OldCost.IsZero() {
			change = c.NewCost.Sub(c.OldCost).Mul(decimal.NewFromInt(100)).Div(c.OldCost)
		}
		lines = append(lines, t.P.T("supcat.pending_line", "id", c.ID, "supplier", sup.Code, "name", strings.TrimSpace(p.SKU+" "+v.Name),
			"old", locales.FormatRupiah(c.OldCost), "new", locales.FormatRupiah(c.NewCost), "change", formatPercent(change)))
	}
	lines = append(lines, t.P.T("supcat.decide_how"))
	t.Reply(strings.Join(lines, "\n"))
	return nil
}
