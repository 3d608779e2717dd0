package console

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// JobRecap is the daily recap to the owners; ref: its WIB date
// ("2026-11-23"), so each day is a job of its own.
const JobRecap = "recap.daily"

// Report limits.
const (
	reportTopLines = 10            // lines per breakdown in the chat; /ekspor has them all
	recapLateNames = 5             // late orders named in the recap
	recapStale     = 6 * time.Hour // a recap that could not run for this long is skipped
	recapChartDays = 30            // days in the recap chart
)

// periodText writes a period as the owner reads it.
func periodText(p locales.Printer, per report.Period) string {
	if per.Days() == 1 {
		return p.Date(per.From)
	}
	return p.T("report.range", "from", p.Date(per.From), "to", p.Date(per.Last()))
}

// periodArg writes a period back as a /laporan or /ekspor argument.
func periodArg(per report.Period) string {
	from := per.From.In(locales.WIB)
	switch {
	case per.Kind == report.KindMonth:
		return from.Format("2006-01")
	case per.Days() == 1:
		return from.Format("2006-01-02")
	}
	return from.Format("2006-01-02") + ".." + per.Last().In(locales.WIB).Format("2006-01-02")
}

// reportPeriod reads the period argument, answering when it cannot; how is
// the key of the usage line shown after an error.
func (t *turn) reportPeriod(args, how string) (report.Period, bool) {
	per, err := report.ParsePeriod(args, t.Tx.Now(), locales.WIB)
	if err == nil {
		return per, true
	}
	code := report.CodeMalformed
	var re *report.Error
	if errors.As(err, &re) {
		code = re.Code
	}
	t.Reply(t.P.T("report.err."+code, "input", strings.TrimSpace(args), "max", report.MaxDays) + "\n" + t.P.T(how))
	return report.Period{}, false
}

// percentText writes a margin: "22,1%" in Indonesian, "22.1%" in English.
func (t *turn) percentText(d decimal.Decimal) string {
	return t.decimalText(d) + "%"
}

// profitLine is the profit with its margin when there is one.
func (t *turn) profitLine(key, keyMargin string, tot report.Totals, name string) string {
	amount := locales.FormatRupiah(tot.Profit())
	if m, ok := tot.Margin(); ok {
		return t.P.T(keyMargin, name, amount, "margin", t.percentText(m))
	}
	return t.P.T(key, name, amount)
}

// cmdReport is /laporan [periode]: the owner's numbers of a period.
func (t *turn) cmdReport(args string) error {
	if err := t.UseOwnerLang(); err != nil {
		return err
	}
	if err := EnsureRecapJob(t.Tx); err != nil {
		return err
	}
	per, ok := t.reportPeriod(args, "report.how")
	if !ok {
		return nil
	}
	r, err := report.BuildFrom(t.Tx, per)
	if err != nil {
		return err
	}
	parcels, err := t.parcelSection(r.Period)
	if err != nil {
		return err
	}
	t.Reply(t.reportText(r, parcels))
	return nil
}

// reportText is the report; parcels is the "Ongkir per paket" section.
func (t *turn) reportText(r report.Report, parcels []string) string {
	rp := locales.FormatRupiah
	lines := []string{
		t.P.T("report.head", "period", periodText(t.P, r.Period)),
		t.P.T("report.orders", "sales", r.Orders, "created", r.Created, "waiting", r.Waiting, "cancelled", r.Cancelled),
	}
	if r.Orders == 0 {
		lines = append(lines, t.P.T("report.empty"), "", t.P.T("report.how"))
		return strings.Join(lines, "\n")
	}
	lines = append(lines,
		t.P.T("report.omzet", "amount", rp(r.Omzet)),
		t.P.T("report.modal", "amount", rp(r.Modal)),
		t.P.T("report.refunds", "amount", rp(r.Refunds)),
		t.profitLine("report.profit", "report.profit_margin", r.Totals, "amount"),
		t.P.T("report.passthrough", "ongkir", rp(r.Ongkir), "cod", rp(r.CODFee), "kode", rp(r.KodeUnik), "billed", rp(r.Billed())),
	)
	more := func(ls []report.Line) []string {
		if len(ls) <= reportTopLines {
			return nil
		}
		return []string{t.P.T("report.more", "count", len(ls)-reportTopLines, "period", periodArg(r.Period))}
	}
	lines = append(lines, "", t.P.T("report.by_product"))
	for i, l := range r.ByProduct {
		if i == reportTopLines {
			break
		}
		lines = append(lines, t.P.T("report.product_line", "name", l.Name, "units", l.Units, "omzet", rp(l.Omzet),
			"gross", rp(l.Omzet.Sub(l.Modal))))
	}
	lines = append(lines, more(r.ByProduct)...)
	lines = append(lines, "", t.P.T("report.by_supplier"))
	for i, l := range r.BySupplier {
		if i == reportTopLines {
			break
		}
		name := l.Key + " " + l.Name
		if l.Key == "" {
			name = t.P.T("report.own_stock")
		}
		lines = append(lines, t.P.T("report.supplier_line", "name", name, "units", l.Units, "omzet", rp(l.Omzet), "modal", rp(l.Modal)))
	}
	lines = append(lines, more(r.BySupplier)...)
	lines = append(lines, "", t.P.T("report.by_channel"))
	for _, l := range r.ByChannel {
		lines = append(lines, t.P.T("report.channel_line", "channel", t.channelName(l.Key), "orders", l.Orders,
			"omzet", rp(l.Omzet), "profit", rp(l.Profit())))
	}
	lines = append(lines, parcels...)
	lines = append(lines, "", t.P.T("report.note"), t.P.T("report.how"))
	return strings.Join(lines, "\n")
}

// channelName is a channel's display name (its code when unknown).
func (t *turn) channelName(ch string) string {
	if t.Env.Loc.Has(t.P.Lang(), "report.channel."+ch) {
		return t.P.T("report.channel." + ch)
	}
	return ch
}

// cmdExport is /ekspor [periode] (this month by default): an XLSX of the
// orders, items and payments.
func (t *turn) cmdExport(args string) error {
	if err := t.UseOwnerLang(); err != nil {
		return err
	}
	if strings.TrimSpace(args) == "" {
		args = "bulan"
	}
	per, ok := t.reportPeriod(args, "report.export_how")
	if !ok {
		return nil
	}
	notice, files, err := report.ExportForChat(t.Tx, t.P, t.Env.MediaDir, per, locales.WIB, t.Tx.Now(),
		report.MaxExportBytes(t.Msg.Channel), func(p report.Period) string { return periodText(t.P, p) })
	if err != nil {
		return err
	}
	if notice != "" {
		t.Reply(notice)
	}
	for _, f := range files {
		t.Send(chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, MediaID: f.MediaID, Text: f.Text})
	}
	return nil
}

// cmdRecap is /rekap: today's recap now, to the owner who asked.
func (t *turn) cmdRecap(string) error {
	if err := t.UseOwnerLang(); err != nil {
		return err
	}
	if err := EnsureRecapJob(t.Tx); err != nil {
		return err
	}
	outs, err := recapMessages(t.Env, t.Tx, t.P, t.Tx.Now(), t.Tx.Now(), []chat.Address{{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}})
	if err != nil {
		return err
	}
	for _, o := range outs {
		t.Send(o)
	}
	return nil
}

// recapJob sends the day's recap to every owner and schedules tomorrow's.
// A recap from noon on reports the day so far; a morning recap (before
// recapMorningUntil) reports the whole previous day. A recap that comes
// more than recapStale late (the bot was down) is not sent: stale numbers
// help nobody.
func recapJob(s *chat.Env, _ context.Context, tx *store.Tx, j store.Job) ([]chat.Out, error) {
	hour, on, err := recapHour(tx)
	if err != nil || !on {
		return nil, err
	}
	now := tx.Now()
	var outs []chat.Out
	if now.Sub(j.RunAt) <= recapStale {
		lang, err := chat.OwnerLang(tx)
		if err != nil {
			return nil, err
		}
		owners, err := tx.Staff(store.StaffOwner)
		if err != nil {
			return nil, err
		}
		var to []chat.Address
		for _, o := range owners {
			to = append(to, chat.Address{Channel: o.Channel, ChatID: o.UserID})
		}
		if len(to) > 0 {
			if outs, err = recapMessages(s, tx, s.Loc.For(lang), recapDay(j.RunAt), now, to); err != nil {
				return nil, err
			}
		}
	}
	next := nextRecapAt(now, hour)
	if recapRef(next) == j.Ref {
		next = next.AddDate(0, 0, 1)
	}
	if err := tx.ScheduleJob(JobRecap, recapRef(next), next); err != nil {
		return nil, err
	}
	return outs, nil
}

// recapMorningUntil is the hour before which a daily recap reports the
// whole previous day instead of the few hours of the new one.
const recapMorningUntil = 12

// recapDay is the moment a recap sent at runAt reports up to: the run
// itself from noon on (the day so far), else the end of the previous day.
func recapDay(runAt time.Time) time.Time {
	w := runAt.In(locales.WIB)
	if w.Hour() >= recapMorningUntil {
		return runAt
	}
	return time.Date(w.Year(), w.Month(), w.Day(), 0, 0, 0, 0, locales.WIB).Add(-time.Second)
}

// recapMessages is the recap of the WIB day of at (what still waits is
// counted at now): the text, then the chart of the 7 and 30 days up to
// that day, to each address.
func recapMessages(s *chat.Env, tx *store.Tx, p locales.Printer, at, now time.Time, to []chat.Address) ([]chat.Out, error) {
	day := report.Day(at, locales.WIB)
	month := report.LastDays(at, recapChartDays, locales.WIB)
	r, err := report.BuildFrom(tx, day)
	if err != nil {
		return nil, err
	}
	days, err := report.DailyFrom(tx, month)
	if err != nil {
		return nil, err
	}
	open, err := tx.RecapOpenOrders()
	if err != nil {
		return nil, err
	}
	sla, err := ResiSLAHours.Read(tx)
	if err != nil {
		return nil, err
	}
	text := recapText(p, r, open, at, now, sla)

	png, err := report.Chart(days, report.ChartText{
		TitleShort: p.T("report.chart_short"), TitleLong: p.T("report.chart_long"),
		Omzet: p.T("report.chart_omzet"), Profit: p.T("report.chart_profit"),
		Money: func(d decimal.Decimal) string { return compactRupiah(p, d) },
	})
	if err != nil {
		return nil, err
	}
	m, err := tx.SaveMedia(s.MediaDir, png, "image/png")
	if err != nil {
		return nil, err
	}
	var outs []chat.Out
	for _, a := range to {
		outs = append(outs, chat.Out{To: a, Text: text}, chat.Out{To: a, MediaID: m.ID, Text: p.T("report.chart_caption")})
	}
	return outs, nil
}

// recapText writes the recap: the figures of the day of at, then what
// still waits at now.
func recapText(p locales.Printer, r report.Report, open []store.RecapOrder, at, now time.Time, slaHours int) string {
	rp := locales.FormatRupiah
	lines := []string{
		p.T("report.recap_head", "date", p.Date(at)),
		p.T("report.recap_orders", "created", r.Created, "sales", r.Orders),
		p.T("report.recap_money", "omzet", rp(r.Omzet), "modal", rp(r.Modal), "ongkir", rp(r.Ongkir)),
	}
	if m, ok := r.Margin(); ok {
		lines = append(lines, p.T("report.recap_profit_margin", "profit", rp(r.Profit()), "margin", decimalIn(p, m)+"%"))
	} else {
		lines = append(lines, p.T("report.recap_profit", "profit", rp(r.Profit())))
	}
	var payN, resiN, codN, complaints int
	payAmt, codAmt := decimal.Zero, decimal.Zero
	var late []string
	lateN := 0
	for _, o := range open {
		switch o.Status {
		case store.StatusAwaitPay, store.StatusAwaitVerify:
			payN++
			payAmt = payAmt.Add(o.Total)
		case store.StatusProcessing, store.StatusPacked:
			resiN++
			if age := now.Sub(o.Since); age > time.Duration(slaHours)*time.Hour {
				lateN++
				if len(late) < recapLateNames {
					late = append(late, o.Code+" ("+ageText(p, age)+")")
				}
			}
		case store.StatusShipped:
			if o.PaymentMethod == "cod" {
				codN++
				codAmt = codAmt.Add(o.Total)
			}
		case store.StatusComplaint, store.StatusReturn, store.StatusExchange, store.StatusRefund:
			complaints++
		}
	}
	lines = append(lines, "",
		p.T("report.recap_waiting_pay", "count", payN, "amount", rp(payAmt)),
		p.T("report.recap_waiting_resi", "count", resiN))
	if lateN > 0 {
		names := strings.Join(late, ", ")
		if lateN > len(late) {
			names += " " + p.T("report.recap_late_more", "count", lateN-len(late))
		}
		lines = append(lines, p.T("report.recap_late", "hours", slaHours, "orders", names))
	}
	lines = append(lines,
		p.T("report.recap_cod", "count", codN, "amount", rp(codAmt)),
		p.T("report.recap_complaints", "count", complaints),
		"", p.T("report.recap_foot"))
	return strings.Join(lines, "\n")
}

// ageText is "30 jam" under two days, "3 hari" from then on.
func ageText(p locales.Printer, d time.Duration) string {
	h := int(d / time.Hour)
	if h < 48 {
		return p.T("report.age_hours", "n", h)
	}
	return p.T("report.age_days", "n", h/24)
}

// compactRupiah writes a chart tick short: Rp1,5jt, Rp350rb, Rp500.
func compactRupiah(p locales.Printer, d decimal.Decimal) string {
	sign := ""
	if d.IsNegative() {
		sign = "-"
	}
	abs := d.Abs()
	key, unit := "", decimal.Zero
	switch {
	case abs.GreaterThanOrEqual(decimal.New(1, 6)):
		key, unit = "report.money_million", decimal.New(1, 6)
	case abs.GreaterThanOrEqual(decimal.New(1, 3)):
		key, unit = "report.money_thousand", decimal.New(1, 3)
	default:
		return sign + locales.FormatRupiah(abs)
	}
	return sign + p.T(key, "n", decimalIn(p, abs.Div(unit).Round(1)))
}
