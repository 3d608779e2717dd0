package partner

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// A partner's own side of /mitra: their code and links, their sales, their
// statement and their targets. Everything shown is theirs only, and never
// a buyer's name, phone or address.

// links are a partner's Telegram and WhatsApp links.
func (t *turn) links(p store.Partner) (tg, wa string, err error) {
	bot, err := BotUsername.Read(t.Tx)
	if err != nil {
		return "", "", err
	}
	tg = t.P.T("partner.link_unset")
	if bot = strings.TrimPrefix(strings.TrimSpace(bot), "@"); bot != "" {
		tg = "https://t.me/" + bot + "?start=" + p.Code
	}
	phone, err := t.Tx.Setting(chat.SettingShopPhone, "")
	if err != nil {
		return "", "", err
	}
	wa = t.P.T("partner.link_unset")
	if phone != "" {
		wa = "https://wa.me/" + phone + "?text=" + url.QueryEscape(t.P.T("partner.wa_text", "code", p.Code))
	}
	return tg, wa, nil
}

// mine is the speaker's partner row; ok is false (and the person is
// offered the enrolment) when they are not an active or suspended partner.
func (t *turn) mine(args string) (store.Partner, bool, error) {
	p, err := t.Tx.PartnerOfCustomer(t.Who.CustomerID)
	if store.IsNotFound(err) || (err == nil && p.Status == store.PartnerDeclined) {
		return store.Partner{}, false, t.cmdApply(args)
	}
	if err != nil {
		return store.Partner{}, false, err
	}
	if p.Status == store.PartnerPending {
		t.Reply(t.P.T("partner.apply.already", "kind", t.P.T("partner.kind."+p.Kind), "status", t.P.T("partner.status."+p.Status)))
		return store.Partner{}, false, nil
	}
	return p, true, nil
}

// cmdPartner is a customer's /mitra [kode|penjualan|rekap|target].
func (t *turn) cmdPartner(args string) error {
	verb, rest := chat.FirstWord(args)
	if kindWord(verb) != "" || verb == "daftar" {
		// "/mitra daftar reseller" and "/mitra reseller" apply like /daftar.
		if verb == "daftar" {
			verb = rest
		}
		p, err := t.Tx.PartnerOfCustomer(t.Who.CustomerID)
		if store.IsNotFound(err) || (err == nil && p.Status == store.PartnerDeclined) {
			return t.cmdApply(verb)
		}
	}
	p, ok, err := t.mine(args)
	if !ok || err != nil {
		return err
	}
	switch strings.ToLower(verb) {
	case "", "kode", "code", "link", "tautan":
		return t.showCode(p)
	case "penjualan", "sales", "pesanan":
		return t.showSales(p, rest)
	case "rekap", "statement", "saldo", "komisi":
		return t.showStatement(p, rest)
	case "target", "targets", "bonus":
		return t.showTargets(p)
	}
	t.Reply(t.P.T("partner.help"))
	return nil
}

func (t *turn) showCode(p store.Partner) error {
	tg, wa, err := t.links(p)
	if err != nil {
		return err
	}
	bal, err := t.Tx.PartnerBalanceOf(p.ID)
	if err != nil {
		return err
	}
	text := t.P.T("partner.me", "name", p.Name, "kind", t.P.T("partner.kind."+p.Kind), "status", t.P.T("partner.status."+p.Status),
		"code", p.Code, "tg_link", tg, "wa_link", wa, "pending", locales.FormatRupiah(bal.Pending),
		"payable", locales.FormatRupiah(bal.Payable))
	if p.Kind == store.PartnerReseller {
		dep, err := t.Tx.PartnerDepositOf(p.ID)
		if err != nil {
			return err
		}
		text += "\n" + t.P.T("partner.deposit.balance", "balance", locales.FormatRupiah(dep))
	}
	t.Reply(text + "\n\n" + t.P.T("partner.help"))
	return nil
}

// period reads a period (default: this month), answering when it cannot.
func (t *turn) period(args string) (report.Period, bool) {
	if strings.TrimSpace(args) == "" {
		args = "bulan"
	}
	per, err := report.ParsePeriod(args, t.Tx.Now(), locales.WIB)
	if err == nil {
		return per, true
	}
	code := report.CodeMalformed
	var re *report.Error
	if errors.As(err, &re) {
		code = re.Code
	}
	t.Reply(t.P.T("report.err."+code, "input", chat.Clip(strings.TrimSpace(args), 40), "max", report.MaxDays) + "\n" + t.P.T("partner.period_how"))
	return report.Period{}, false
}

func (t *turn) day(d time.Time) string { return t.P.Date(d.In(locales.WIB)) }

func (t *turn) showSales(p store.Partner, args string) error {
	per, ok := t.period(args)
	if !ok {
		return nil
	}
	sales, err := t.Tx.PartnerSales(p.ID, per.From, per.To)
	if err != nil {
		return err
	}
	if len(sales) == 0 {
		t.Reply(t.P.T("partner.sales.none"))
		return nil
	}
	var b strings.Builder
	b.WriteString(t.P.T("partner.sales.head", "from", t.day(per.From), "to", t.day(per.Last())))
	for _, s := range sales {
		b.WriteString("\n" + t.P.T("partner.sales.line", "code", s.OrderCode, "date", t.day(s.Date),
			"status", t.P.T("status."+s.OrderStatus), "subtotal", locales.FormatRupiah(s.Subtotal),
			"commission", locales.FormatRupiah(s.Commission), "commission_status", t.P.T("partner.commission."+s.CommissionStatus)))
		if s.VoidReason != "" {
			b.WriteString("\n" + t.P.T("partner.sales.void_reason", "reason", t.reasonText(s.VoidReason)))
		}
	}
	t.Reply(b.String())
	return nil
}

// reasonText shows a void reason: an order status the store wrote
// (dibatalkan, kedaluwarsa) as its label, anything else as typed.
func (t *turn) reasonText(r string) string {
	switch r {
	case store.StatusCancelled, store.StatusExpired, store.StatusRefund:
		return t.P.T("status." + r)
	}
	return r
}

func (t *turn) showStatement(p store.Partner, args string) error {
	per, ok := t.period(args)
	if !ok {
		return nil
	}
	s, err := t.Tx.PartnerStatementOf(p.ID, per.From, per.To)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(t.P.T("partner.statement.head", "name", p.Name, "from", t.day(per.From), "to", t.day(per.Last())))
	for _, l := range s.Lines {
		what := t.P.T("partner.ledger."+l.Kind, "code", l.OrderCode, "note", t.reasonText(l.Note))
		b.WriteString("\n" + t.P.T("partner.statement.line", "date", t.day(l.At), "what", what, "amount", signed(l.Amount)))
	}
	b.WriteString("\n\n" + t.P.T("partner.statement.totals", "earned", signed(s.Earned), "paid", locales.FormatRupiah(s.Paid),
		"pending", locales.FormatRupiah(s.Pending), "payable", locales.FormatRupiah(s.Payable)))
	t.Reply(b.String())
	return nil
}

// signed writes an amount with its sign: −Rp14.990.
func signed(d decimal.Decimal) string {
	if d.IsNegative() {
		return "−" + locales.FormatRupiah(d.Neg())
	}
	return locales.FormatRupiah(d)
}

func (t *turn) showTargets(p store.Partner) error {
	ts, err := t.Tx.TargetsOfPartner(p.ID, t.Tx.Now())
	if err != nil {
		return err
	}
	if len(ts) == 0 {
		t.Reply(t.P.T("partner.target.none"))
		return nil
	}
	var lines []string
	for _, tg := range ts {
		pr, err := t.Tx.TargetProgressOf(tg.ID, p.ID)
		if err != nil {
			return err
		}
		lines = append(lines, t.targetLine(pr))
	}
	t.Reply(strings.Join(lines, "\n"))
	return nil
}

// targetLine shows one target with its progress.
func (t *turn) targetLine(pr store.TargetProgress) string {
	tg := pr.Target
	metric := t.P.T("partner.target.metric_" + tg.Metric)
	from, to := t.day(tg.From), t.day(tg.To.Add(-time.Nanosecond))
	if pr.Reached {
		return t.P.T("partner.target.reached", "metric", metric, "from", from, "to", to)
	}
	progress, goal, confirmed := decimal.NewFromInt(int64(pr.Orders)).String(), tg.Goal.String(), decimal.NewFromInt(int64(pr.ConfirmedOrders)).String()
	if tg.Metric == store.MetricRevenue {
		progress, goal, confirmed = locales.FormatRupiah(pr.Revenue), locales.FormatRupiah(tg.Goal), locales.FormatRupiah(pr.ConfirmedRevenue)
	}
	return t.P.T("partner.target.line", "metric", metric, "from", from, "to", to, "progress", progress, "goal", goal,
		"confirmed", confirmed, "bonus", t.bonusText(tg))
}

// bonusText writes a target's bonus: Rp50.000, 2%, or both.
func (t *turn) bonusText(tg store.PartnerTarget) string {
	var parts []string
	if tg.BonusFixed.IsPositive() {
		parts = append(parts, locales.FormatRupiah(tg.BonusFixed))
	}
	if tg.BonusPercent.IsPositive() {
		parts = append(parts, t.P.T("partner.target.bonus_percent", "percent", tg.BonusPercent.String()))
	}
	return strings.Join(parts, " + ")
}

// linkArrival answers /start CODE from a partner's Telegram link: the
// customer is attributed to the partner and greeted. A payload that is no
// active partner's code is not ours.
func linkArrival(ct *chat.Turn, payload string) (bool, error) {
	t := &turn{ct}
	code := strings.ToUpper(strings.TrimSpace(payload))
	if t.Who.CustomerID == 0 || !store.ValidPartnerCode(code) {
		return false, nil
	}
	p, ok, err := t.Tx.Attribute(t.Who.CustomerID, code, store.ArrivedStart)
	if store.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !ok { // the partner's own link: nothing to record
		return true, t.Menu("")
	}
	return true, t.Menu(t.P.T("partner.customer.code_saved", "code", p.Code))
}

// TextArrival attributes a customer whose message carries an active
// partner's code: the prefilled text of the partner's wa.me link ("Halo
// kak, saya mau belanja. Kode: SARI25") as a first message, or a code
// typed after the word "kode". The note that the code was kept goes with
// whatever reply the message gets; the message itself is answered as usual.
func TextArrival(ct *chat.Turn, text string) error {
	t := &turn{ct}
	if t.Who.CustomerID == 0 || !(t.Fresh || strings.Contains(strings.ToLower(text), "kode")) {
		return nil
	}
	p, found, err := t.Tx.ActivePartnerIn(text)
	if err != nil || !found {
		return err
	}
	if _, ok, err := t.Tx.Attribute(t.Who.CustomerID, p.Code, store.ArrivedWAText); err != nil || !ok {
		if store.IsNotFound(err) {
			return nil
		}
		return err // !ok: the partner's own code, nothing to record
	}
	t.AddNote(t.P.T("partner.customer.code_saved", "code", p.Code))
	return nil
}
