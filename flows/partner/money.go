package partner

import (
	"errors"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/commission"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// The owner's money verbs of /mitra: commission rules, self-referral
// decisions, payouts with proof, targets and the partners' KPIs.

// setRule is /mitra komisi <reseller|afiliasi> <semua|produk SKU|kategori
// NAMA|tier NAMA> <rule text>, e.g. "/mitra komisi afiliasi semua 10%".
func (t *turn) setRule(args string) error {
	kw, rest := chat.FirstWord(args)
	kind := kindWord(kw)
	scopeWord, rest := chat.FirstWord(rest)
	var scope, ref string
	switch strings.ToLower(scopeWord) {
	case "semua", "all", "default":
		scope = store.ScopeDefault
	case "produk", "product", "sku":
		scope = store.ScopeProduct
		ref, rest = chat.FirstWord(rest)
		ref = strings.ToUpper(ref)
	case "kategori", "category":
		scope = store.ScopeCategory
		ref, rest = chat.FirstWord(rest)
	case "tier":
		scope = store.ScopeTier
		ref, rest = chat.FirstWord(rest)
	}
	if kind == "" || scope == "" || (scope != store.ScopeDefault && ref == "") {
		t.Reply(t.P.T("partner.owner.rule_how"))
		return nil
	}
	r, err := commission.ParseRule(rest)
	var te *commission.TextError
	if errors.As(err, &te) {
		t.Reply(t.P.T("partner.rule_err."+te.Code, te.Args()...) + "\n" + t.P.T("partner.owner.rule_how"))
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := t.Tx.SetCommissionRule(store.CommissionRule{PartnerKind: kind, Scope: scope, Ref: ref, Percent: r.Percent,
		Fixed: r.Fixed, Cap: r.Cap, Actor: t.Actor()}); err != nil {
		if store.ErrorCode(err) == store.EInvalid {
			t.Reply(t.P.T("partner.owner.rule_how"))
			return nil
		}
		return err
	}
	scopeText := t.P.T("partner.rule.default")
	if scope != store.ScopeDefault {
		scopeText = scopeWord + " " + ref
	}
	t.Reply(t.P.T("partner.owner.rule_set", "kind", t.P.T("partner.kind."+kind), "scope", scopeText, "rule", t.ruleText(r)))
	return nil
}

// ruleText writes a rule: "10% dari harga barang, maksimal Rp25.000 per pesanan".
func (t *turn) ruleText(r commission.Rule) string {
	var parts []string
	if r.Percent.IsPositive() {
		parts = append(parts, t.P.T("partner.rule.percent", "percent", r.Percent.String()))
	}
	if r.Fixed.IsPositive() {
		parts = append(parts, t.P.T("partner.rule.fixed", "amount", locales.FormatRupiah(r.Fixed)))
	}
	if r.Cap.Valid {
		parts = append(parts, t.P.T("partner.rule.cap", "cap", locales.FormatRupiah(r.Cap.Decimal)))
	}
	return strings.Join(parts, ", ")
}

// decideSelf is /mitra izinkan ORDER or /mitra tolakkomisi ORDER alasan.
func (t *turn) decideSelf(args string, allow bool) error {
	code, reason := chat.FirstWord(args)
	o, ok, err := t.StaffOrder(code)
	if !ok || err != nil {
		if code == "" {
			t.Reply(t.P.T("partner.owner.help"))
		}
		return err
	}
	if !allow && reason == "" {
		t.Reply(t.P.T("partner.owner.need_reason", "example", "/mitra tolakkomisi "+o.Code+" "+t.P.T("partner.owner.reason_example")))
		return nil
	}
	if allow && reason == "" {
		reason = t.P.T("partner.owner.allowed_reason")
	}
	err = t.Tx.DecideSelfReferral(o.ID, allow, t.Actor(), reason, commission.Clawback)
	if store.IsNotFound(err) || store.ErrorCode(err) == store.EConflict {
		t.Reply(t.P.T("partner.owner.no_review", "order", o.Code))
		return nil
	}
	if err != nil {
		return err
	}
	po, p, err := t.partnerOfOrder(o.ID)
	if err != nil {
		return err
	}
	if allow {
		hold, err := t.Int(HoldDays)
		if err != nil {
			return err
		}
		t.tellPartner(p, "partner.new_sale", "code", o.Code, "subtotal", locales.FormatRupiah(po.Base),
			"commission", locales.FormatRupiah(po.Commission), "days", hold)
		t.Reply(t.P.T("partner.owner.allowed", "order", o.Code, "code", p.Code))
		return nil
	}
	t.tellPartner(p, "partner.self_refused", "code", o.Code, "reason", reason)
	t.Reply(t.P.T("partner.owner.refused", "order", o.Code, "code", p.Code))
	return nil
}

// payText is /mitra bayar KODE [jumlah] typed without a photo: the proof
// must come with it, so the owner is told how.
func (t *turn) payText(args string) error {
	p, amount, ok, err := t.payArgs(args)
	if !ok || err != nil {
		return err
	}
	t.Reply(t.P.T("partner.owner.pay_photo", "code", p.Code, "amount", locales.FormatRupiah(amount)))
	return nil
}

// payArgs reads "KODE [jumlah]" and checks the amount against the
// balance and the minimum payout, answering when it does not fit.
func (t *turn) payArgs(args string) (store.Partner, decimal.Decimal, bool, error) {
	code, rest := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("partner.owner.pay_how"))
		return store.Partner{}, decimal.Zero, false, nil
	}
	p, ok, err := t.partnerByCode(code)
	if !ok || err != nil {
		return p, decimal.Zero, false, err
	}
	bal, err := t.Tx.PartnerBalanceOf(p.ID)
	if err != nil {
		return p, decimal.Zero, false, err
	}
	amount := bal.Payable
	if rest != "" {
		if amount, err = locales.ParseRupiah(rest); err != nil || !amount.IsPositive() {
			t.Reply(t.P.T("partner.owner.pay_bad_amount", "input", chat.Clip(rest, 30)) + "\n" + t.P.T("partner.owner.pay_how"))
			return p, decimal.Zero, false, nil
		}
	}
	minText, err := MinPayout.Read(t.Tx)
	if err != nil {
		return p, decimal.Zero, false, err
	}
	minPay, perr := decimal.NewFromString(minText)
	if perr != nil {
		minPay = decimal.Zero
	}
	switch {
	case !bal.Payable.IsPositive():
		t.Reply(t.P.T("partner.err.nothing_payable"))
	case amount.GreaterThan(bal.Payable):
		t.Reply(t.P.T("partner.err.above_payable", "payable", locales.FormatRupiah(bal.Payable)))
	case amount.LessThan(minPay):
		t.Reply(t.P.T("partner.err.below_min", "min", locales.FormatRupiah(minPay), "payable", locales.FormatRupiah(bal.Payable)))
	default:
		return p, amount, true, nil
	}
	return p, decimal.Zero, false, nil
}

// payPhoto records a payout with the transfer photo the owner sent
// (caption /mitra bayar KODE [jumlah]); the partner gets the photo.
func (t *turn) payPhoto(args string, m *chat.Media) error {
	if m.TooBig || m.MediaID == 0 || !strings.HasPrefix(m.MIME, "image/") {
		t.Reply(t.P.T("partner.owner.pay_photo_bad"))
		return nil
	}
	p, amount, ok, err := t.payArgs(args)
	if !ok || err != nil {
		return err
	}
	if _, err := t.Tx.PayPartner(p.ID, amount, m.MediaID, t.Actor()); err != nil {
		return err
	}
	bal, err := t.Tx.PartnerBalanceOf(p.ID)
	if err != nil {
		return err
	}
	t.tellPartnerOut(p, m.MediaID, "partner.payout.sent", "name", p.Name, "amount", locales.FormatRupiah(amount),
		"bank", p.BankName, "account", p.AccountNumber, "payable", locales.FormatRupiah(bal.Payable))
	t.Reply(t.P.T("partner.owner.paid", "amount", locales.FormatRupiah(amount), "code", p.Code,
		"payable", locales.FormatRupiah(bal.Payable)))
	return nil
}

// addTarget is /mitra target <KODE|tier:NAMA> <pesanan|omzet> <goal>
// <bonus: 50rb or 2%> [periode, default this month].
func (t *turn) addTarget(args string) error {
	f := strings.Fields(args)
	if len(f) < 4 {
		t.Reply(t.P.T("partner.owner.target_how"))
		return nil
	}
	tg := store.PartnerTarget{Actor: t.Actor()}
	if tier, ok := strings.CutPrefix(strings.ToLower(f[0]), "tier:"); ok && tier != "" {
		tg.Tier = tier
	} else {
		p, ok, err := t.partnerByCode(f[0])
		if !ok || err != nil {
			return err
		}
		tg.PartnerID = p.ID
	}
	switch strings.ToLower(f[1]) {
	case "pesanan", "orders", "order":
		tg.Metric = store.MetricOrders
	case "omzet", "omset", "revenue", "penjualan":
		tg.Metric = store.MetricRevenue
	}
	var err error
	if tg.Metric == store.MetricOrders {
		tg.Goal, err = decimal.NewFromString(f[2])
	} else {
		tg.Goal, err = locales.ParseRupiah(f[2])
	}
	bonusOK := false
	if pct, isPct := strings.CutSuffix(f[3], "%"); isPct {
		v, perr := decimal.NewFromString(strings.ReplaceAll(pct, ",", "."))
		tg.BonusPercent, tg.BonusFixed, bonusOK = v, decimal.Zero, perr == nil && v.IsPositive() && v.LessThanOrEqual(decimal.NewFromInt(100))
	} else if v, perr := locales.ParseRupiah(f[3]); perr == nil && v.IsPositive() {
		tg.BonusFixed, tg.BonusPercent, bonusOK = v, decimal.Zero, true
	}
	if tg.Metric == "" || err != nil || !tg.Goal.IsPositive() || !bonusOK ||
		(tg.Metric == store.MetricOrders && !tg.Goal.Equal(tg.Goal.Truncate(0))) {
		t.Reply(t.P.T("partner.owner.target_how"))
		return nil
	}
	per, ok := t.period(strings.Join(f[4:], " "))
	if !ok {
		return nil
	}
	tg.From, tg.To = per.From, per.To
	id, err := t.Tx.AddPartnerTarget(tg)
	if err != nil {
		return err
	}
	if err := ensureDaily(t.Tx); err != nil {
		return err
	}
	saved, err := t.Tx.PartnerTargetByID(id)
	if err != nil {
		return err
	}
	if tg.PartnerID != 0 {
		p, err := t.Tx.PartnerByID(tg.PartnerID)
		if err != nil {
			return err
		}
		pr, err := t.Tx.TargetProgressOf(id, p.ID)
		if err != nil {
			return err
		}
		t.tellPartner(p, "partner.target.new", "line", (&turn{t.partnerTurn(p)}).targetLine(pr))
	}
	t.Reply(t.P.T("partner.owner.target_set", "line", t.targetLine(store.TargetProgress{Target: saved})))
	return nil
}

// partnerTurn is this turn speaking the partner's language.
func (t *turn) partnerTurn(p store.Partner) *chat.Turn {
	pr := t.Env.Loc.For(locales.ID)
	if lang, err := t.Tx.CustomerLang(p.CustomerID); err == nil {
		l, _ := locales.ParseLang(lang)
		pr = t.Env.Loc.For(l)
	}
	return &chat.Turn{Ctx: t.Ctx, Tx: t.Tx, Env: t.Env, P: pr, Msg: t.Msg, Who: t.Who}
}

// kpis is /mitra kinerja [periode]: every partner's arrivals, orders,
// conversion, revenue and commission.
func (t *turn) kpis(args string) error {
	per, ok := t.period(args)
	if !ok {
		return nil
	}
	ks, err := t.Tx.PartnerKPIs(per.From, per.To)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.P.T("partner.owner.kpi_head", "from", t.day(per.From), "to", t.day(per.Last())))
	if len(ks) == 0 {
		b.WriteString("\n" + t.P.T("partner.owner.kpi_none"))
	}
	for _, k := range ks {
		p, err := t.Tx.PartnerByID(k.PartnerID)
		if err != nil {
			return err
		}
		b.WriteString("\n" + t.P.T("partner.owner.kpi_line", "code", p.Code, "name", p.Name, "arrivals", k.Arrivals,
			"visitors", k.Visitors, "orders", k.Orders, "conversion", k.Conversion.String(),
			"revenue", locales.FormatRupiah(k.Revenue), "commission", locales.FormatRupiah(k.Commission)))
	}
	t.Reply(b.String())
	return nil
}
