package flows

import (
	"time"

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
