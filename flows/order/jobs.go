package order

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/partner"
	"github.com/dropbot/dropbot/flows/qris"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
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
		paid, err := PaidIn(tx, o.ID)
		if err != nil {
			return nil, err
		}
		if paid.IsPositive() && paid.LessThan(o.Total) {
			out, err := remindRemainder(e, tx, p, o, paid)
			if err != nil {
				return nil, err
			}
			out.To, out.Ref = to, ref
			return []chat.Out{out}, nil
		}
		return []chat.Out{{To: to, Ref: ref, Text: p.T("jobs.remind", "code", o.Code, "total", locales.FormatRupiah(o.Total),
			"time", p.DateTime(o.ExpiresAt))}}, nil
	}
	paid, err := PaidIn(tx, o.ID)
	if err != nil {
		return nil, err
	}
	if paid.IsPositive() {
		// Money arrived: cancelling "because unpaid" would keep it without a
		// word. The owner decides; the order keeps waiting meanwhile.
		return partlyPaidExpiry(e, tx, p, o, paid)
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

// PaidIn is what the shop has confirmed receiving for an order so far,
// less what it has sent or owes back.
func PaidIn(tx *store.Tx, orderID int64) (decimal.Decimal, error) {
	pays, err := tx.PaymentsOf(orderID)
	if err != nil {
		return decimal.Zero, err
	}
	paid := decimal.Zero
	for _, p := range pays {
		switch {
		case p.Direction == "in" && p.Status == "confirmed":
			paid = paid.Add(p.Amount)
		case p.Direction == "out" && p.Status != "rejected":
			paid = paid.Sub(p.Amount)
		}
	}
	return paid, nil
}

// remindRemainder is the reminder of a partly paid order: what arrived,
// what is left, and how to pay the rest (the bank accounts, or a QRIS for
// the remainder).
func remindRemainder(e *chat.Env, tx *store.Tx, p locales.Printer, o store.Order, paid decimal.Decimal) (chat.Out, error) {
	short := o.Total.Sub(paid)
	var b strings.Builder
	b.WriteString(p.T("jobs.remind_partial", "code", o.Code, "paid", locales.FormatRupiah(paid),
		"short", locales.FormatRupiah(short), "time", p.DateTime(o.ExpiresAt)))
	var out chat.Out
	switch o.PaymentMethod {
	case "qris":
		static, err := tx.Setting(SettingQRIS, "")
		if err != nil {
			return out, err
		}
		payload, err := qris.Dynamic(static, short)
		if err != nil {
			e.Log.Warn("qris payload rejected", "err", err)
			b.WriteString("\n\n" + p.T("invoice.qris_broken"))
			break
		}
		png, err := qris.PNG(payload, 512)
		if err != nil {
			return out, err
		}
		m, err := tx.SaveMedia(e.MediaDir, png, "image/png")
		if err != nil {
			return out, err
		}
		out.MediaID = m.ID
		b.WriteString("\n\n" + p.T("invoice.pay_qris", "amount", locales.FormatRupiah(short), "merchant", qris.MerchantName(static)))
	default:
		banks, err := tx.BankAccounts()
		if err != nil {
			return out, err
		}
		if len(banks) > 0 {
			b.WriteString("\n\n" + p.T("invoice.pay_transfer", "amount", locales.FormatRupiah(short)))
			for _, a := range banks {
				b.WriteString("\n" + p.T("invoice.bank_line", "bank", a.Bank, "number", a.Number, "holder", a.Holder))
			}
		}
	}
	out.Text = b.String()
	return out, nil
}

// partlyPaidExpiry handles the deadline of an order that is partly paid:
// it is not cancelled; the customer hears that the shop will get back to
// them, and each owner gets the choices (take the rest as arrived,
// cancel with the paid amount owed back, or keep waiting).
func partlyPaidExpiry(e *chat.Env, tx *store.Tx, p locales.Printer, o store.Order, paid decimal.Decimal) ([]chat.Out, error) {
	ref := chat.Ref{Kind: "order", ID: o.Code}
	short := o.Total.Sub(paid)
	outs := []chat.Out{{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: ref,
		Text: p.T("jobs.expired_partial", "code", o.Code, "paid", locales.FormatRupiah(paid), "short", locales.FormatRupiah(short))}}
	owners, err := tx.Staff(store.StaffOwner)
	if err != nil {
		return nil, err
	}
	lang, err := chat.OwnerLang(tx)
	if err != nil {
		return nil, err
	}
	op := e.Loc.For(lang)
	for _, ow := range owners {
		outs = append(outs, chat.Out{To: chat.Address{Channel: ow.Channel, ChatID: ow.UserID}, Ref: ref,
			Text: op.T("owner.expired_partial", "code", o.Code, "name", o.RecipientName, "total", locales.FormatRupiah(o.Total),
				"paid", locales.FormatRupiah(paid), "short", locales.FormatRupiah(short))})
	}
	return outs, nil
}
