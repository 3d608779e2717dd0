package order

import (
	"context"
	"fmt"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/partner"
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
	hours, err := t.Int(ReminderHours)
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

// paymentJob reminds a customer of an unpaid order, or expires it. A job
// whose order moved on (paid, cancelled) does nothing.
func paymentJob(e *chat.Env, ctx context.Context, tx *store.Tx, j store.Job) ([]chat.Out, error) {
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
	p := e.Loc.For(l)
	to := chat.Address{Channel: o.Channel, ChatID: o.ChatID}
	ref := chat.Ref{Kind: "order", ID: o.Code}
	if j.Kind == JobRemindPayment {
		if !tx.Now().Before(o.ExpiresAt) {
			return nil, nil // the expiry says it all; no reminder after the deadline
		}
		return []chat.Out{{To: to, Ref: ref, Text: p.T("jobs.remind", "code", o.Code, "total", locales.FormatRupiah(o.Total),
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
	st := e.SystemTurn(ctx, tx) // the store voided the order's commission: tell its partner
	if err := partner.Cancelled(st, o); err != nil {
		return nil, err
	}
	return append(st.Outs, chat.Out{To: to, Ref: ref, Text: p.T("jobs.expired", "code", o.Code)}), nil
}
