package flows

import (
	"context"
	"fmt"
	"time"

	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// Job kinds the flows schedule.
const (
	JobRemindPayment = "order.remind" // ref: order code
	JobExpireOrder   = "order.expire" // ref: order code
)

// SettingReminderHours is when an unpaid order gets a reminder.
const SettingReminderHours = "order.reminder_hours"

// schedulePaymentJobs sets the reminder and the expiry of an order that
// waits for payment. A reminder that would come at or after the expiry is
// not set.
func (t *turn) schedulePaymentJobs(o store.Order) error {
	hours, err := t.SettingInt(SettingReminderHours, 6)
	if err != nil {
		return err
	}
	remind := o.CreatedAt.Add(time.Duration(hours) * time.Hour)
	if remind.Before(o.ExpiresAt) {
		if err := t.Tx.ScheduleJob(JobRemindPayment, o.Code, remind); err != nil {
			return err
		}
	}
	return t.Tx.ScheduleJob(JobExpireOrder, o.Code, o.ExpiresAt)
}

// Job runs a due timer. Each kind re-checks the order: a job whose order
// moved on (paid, cancelled) does nothing.
func (s *Shop) Job(ctx context.Context, tx *store.Tx, j store.Job) ([]Out, error) {
	switch j.Kind {
	case JobRetention:
		return nil, s.retention(tx)
	case JobCardRemind, JobResiRemind, JobAutoDone:
		return s.relayJob(ctx, tx, j)
	case JobRecap:
		return s.recapJob(ctx, tx, j)
	case JobTicketRemind, JobTicketEscalate:
		return s.ticketJob(ctx, tx, j)
	case JobRemindPayment, JobExpireOrder:
	default:
		s.Log.Warn("unknown job kind finished without action", "kind", j.Kind)
		return nil, nil
	}
	o, err := tx.OrderByCode(j.Ref)
	if store.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if o.Status != store.StatusAwaitPay {
		return nil, nil
	}
	lang, err := tx.CustomerLang(o.CustomerID)
	if err != nil {
		return nil, err
	}
	l, _ := locales.ParseLang(lang)
	p := s.Loc.For(l)
	to := Address{o.Channel, o.ChatID}
	ref := Ref{Kind: "order", ID: o.Code}
	if j.Kind == JobRemindPayment {
		if !tx.Now().Before(o.ExpiresAt) {
			return nil, nil // the expiry says it all; no reminder after the deadline
		}
		return []Out{{To: to, Ref: ref, Text: p.T("jobs.remind", "code", o.Code, "total", locales.FormatRupiah(o.Total),
			"time", p.DateTime(o.ExpiresAt))}}, nil
	}
	if err := tx.SetOrderStatus(o.ID, o.Status, store.StatusExpired, "system", "not paid before the deadline"); err != nil {
		return nil, fmt.Errorf("expire %s: %w", o.Code, err)
	}
	for _, it := range o.Items {
		if it.VariantID != 0 {
			if err := tx.Release(it.VariantID, it.Qty); err != nil {
				return nil, err
			}
		}
	}
	return []Out{{To: to, Ref: ref, Text: p.T("jobs.expired", "code", o.Code)}}, nil
}
