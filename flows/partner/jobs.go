package partner

import (
	"context"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/commission"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// JobDaily releases the commissions whose hold is over and awards the
// bonuses of reached targets, once a day at 09:00 WIB, telling each
// partner what became payable.
const JobDaily = "partner.daily"

// dailyHour is when the daily run happens, in WIB.
const dailyHour = 9

// nextDaily is the next 09:00 WIB after now.
func nextDaily(now time.Time) time.Time {
	w := now.In(locales.WIB)
	at := time.Date(w.Year(), w.Month(), w.Day(), dailyHour, 0, 0, 0, locales.WIB)
	if !at.After(now) {
		at = at.AddDate(0, 0, 1)
	}
	return at
}

// ensureDaily schedules the next daily run unless one is pending. The
// partner commands and the order hooks call it, so it runs from the first
// partner on.
func ensureDaily(tx *store.Tx) error {
	jobs, err := tx.PendingJobsOf(JobDaily)
	if err != nil || len(jobs) > 0 {
		return err
	}
	at := nextDaily(tx.Now())
	return tx.ScheduleJob(JobDaily, at.In(locales.WIB).Format("2006-01-02"), at)
}

// dailyJob is the daily run.
func dailyJob(e *chat.Env, ctx context.Context, tx *store.Tx, _ store.Job) ([]chat.Out, error) {
	t := &turn{e.SystemTurn(ctx, tx)}
	released, err := tx.ReleaseDueCommissions(500)
	if err != nil {
		return nil, err
	}
	for _, r := range released {
		p, err := tx.PartnerByID(r.PartnerID)
		if err != nil {
			return nil, err
		}
		t.tellPartner(p, "partner.released", "code", r.OrderCode, "amount", locales.FormatRupiah(r.Amount))
	}
	bonuses, err := tx.AwardDueBonuses(commission.Bonus)
	if err != nil {
		return nil, err
	}
	for _, l := range bonuses {
		p, err := tx.PartnerByID(l.PartnerID)
		if err != nil {
			return nil, err
		}
		tg, err := tx.PartnerTargetByID(l.TargetID)
		if err != nil {
			return nil, err
		}
		pt := &turn{t.partnerTurn(p)}
		target := pt.P.T("partner.target.metric_"+tg.Metric) + " " + pt.day(tg.From) + " – " + pt.day(tg.To.Add(-time.Nanosecond))
		t.tellPartner(p, "partner.bonus", "target", target, "amount", locales.FormatRupiah(l.Amount))
	}
	at := nextDaily(tx.Now())
	if err := tx.ScheduleJob(JobDaily, at.In(locales.WIB).Format("2006-01-02"), at); err != nil {
		return nil, err
	}
	return t.Outs, nil
}
