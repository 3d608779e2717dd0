package order

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

func (t *turn) cmdApprove(args string) error {
	code, amount := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("staff.approve_how"))
		return nil
	}
	o, ok, err := t.StaffOrder(code)
	if err != nil || !ok {
		return err
	}
	return t.approve(o, amount)
}

// approve records the payment of an order and releases it to the
// suppliers. amountText, when given, is what actually arrived: less than the
// total is recorded as a partial payment and the order keeps waiting; more
// is recorded as an over-payment for the owner to return.
func (t *turn) approve(o store.Order, amountText string) error {
	switch o.Status {
	case store.StatusAwaitPay, store.StatusAwaitVerify:
	case store.StatusProcessing, store.StatusPacked, store.StatusShipped, store.StatusDone:
		t.Reply(t.P.T("staff.already_paid", "code", o.Code, "status", t.P.T("status."+o.Status)))
		return nil
	default:
		t.Reply(t.P.T("staff.cannot_approve", "code", o.Code, "status", t.P.T("status."+o.Status)))
		return nil
	}
	paid := o.Total
	if amountText != "" {
		v, err := locales.ParseRupiah(amountText)
		if err != nil {
			code, args := "invalid", []any(nil)
			if me, ok := err.(*locales.MoneyError); ok {
				code, args = me.Code, me.Args()
			}
			t.Reply(t.P.T("money.err."+code, args...) + "\n" + t.P.T("staff.approve_how"))
			return nil
		}
		if v.IsZero() {
			t.Reply(t.P.T("staff.approve_zero"))
			return nil
		}
		paid = v
	}
	// Confirm what the customer sent, with the amount the owner saw.
	pays, err := t.Tx.PaymentsOf(o.ID)
	if err != nil {
		return err
	}
	var pending *store.Payment
	for i := range pays {
		if pays[i].Direction == "in" && pays[i].Status == "pending" {
			pending = &pays[i]
		}
	}
	// Money already confirmed earlier (a partial payment) counts too.
	before := decimal.Zero
	for _, p := range pays {
		if p.Direction == "in" && p.Status == "confirmed" {
			before = before.Add(p.Amount)
		}
	}
	if amountText == "" && before.IsPositive() && before.LessThan(o.Total) {
		// "/lunas KODE" after a partial payment: the rest has arrived.
		paid = o.Total.Sub(before)
	}
	if pending != nil {
		// One approval is one payment of the approved amount: the newest
		// proof carries it, any older proof still pending was the same
		// money sent again and is set aside, so the books hold only what
		// the owner confirmed.
		if err := t.Tx.SetPaymentAmount(pending.ID, paid); err != nil {
			return err
		}
		if _, err := t.Tx.DecidePayment(pending.ID, "confirmed", t.Actor(), ""); err != nil {
			return err
		}
		if _, err := t.Tx.DecidePendingPayments(o.ID, "rejected", t.Actor(), "superseded by payment "+fmt.Sprint(pending.ID)); err != nil {
			return err
		}
	} else {
		if _, err := t.Tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "in", Method: o.PaymentMethod, Amount: paid,
			Status: "confirmed", Actor: t.Actor(), Note: "approved without proof"}); err != nil {
			return err
		}
	}
	total := before.Add(paid)
	cust := t.CustomerPrinter(o)
	// Short by no more than the kode unik: the customer sent the round
	// amount, which is the price; the order is paid and the owner told.
	kodeOnly := total.LessThan(o.Total) && o.UniqueCode > 0 &&
		o.Total.Sub(total).LessThanOrEqual(decimal.NewFromInt(int64(o.UniqueCode)))
	if total.LessThan(o.Total) && !kodeOnly {
		short := o.Total.Sub(total)
		if o.Status == store.StatusAwaitVerify {
			if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusAwaitPay, t.Actor(), "partial payment"); err != nil {
				return err
			}
		}
		t.Reply(t.P.T("staff.partial", "code", o.Code, "paid", locales.FormatRupiah(total), "short", locales.FormatRupiah(short)))
		t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code},
			Text: cust.T("order.partial", "code", o.Code, "paid", locales.FormatRupiah(total), "short", locales.FormatRupiah(short))})
		return nil
	}
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusProcessing, t.Actor(), "payment approved"); err != nil {
		return err
	}
	if err := t.commitStock(o); err != nil {
		return err
	}
	text := cust.T("order.paid", "code", o.Code)
	reply := t.P.T("staff.approved", "code", o.Code, "amount", locales.FormatRupiah(total))
	if kodeOnly {
		reply += "\n" + t.P.T("staff.kode_unik_missing", "short", locales.FormatRupiah(o.Total.Sub(total)))
	}
	if over := total.Sub(o.Total); over.IsPositive() {
		text += "\n" + cust.T("order.overpaid", "amount", locales.FormatRupiah(over))
		reply += "\n" + t.P.T("staff.overpaid", "amount", locales.FormatRupiah(over))
	}
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code}, Text: text})
	t.Reply(reply)
	o.Status = store.StatusProcessing
	return relay.ReleaseToSuppliers(t.Turn, o)
}

// commitStock turns an order's reservations into sales.
func (t *turn) commitStock(o store.Order) error {
	for _, it := range o.Items {
		if it.VariantID != 0 && it.Status == "ok" {
			if err := t.Tx.CommitReserved(it.VariantID, it.Qty); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *turn) cmdReject(args string) error {
	code, reason := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("staff.reject_how"))
		return nil
	}
	o, ok, err := t.StaffOrder(code)
	if err != nil || !ok {
		return err
	}
	return t.reject(o, reason)
}

// reject refuses a payment proof: the customer hears the reason and gets
// time to send a correct one.
func (t *turn) reject(o store.Order, reason string) error {
	if strings.TrimSpace(reason) == "" {
		t.Reply(t.P.T("staff.reject_needs_reason", "code", o.Code))
		return nil
	}
	if o.Status != store.StatusAwaitVerify {
		t.Reply(t.P.T("staff.cannot_reject", "code", o.Code, "status", t.P.T("status."+o.Status)))
		return nil
	}
	if _, err := t.Tx.DecidePendingPayments(o.ID, "rejected", t.Actor(), reason); err != nil {
		return err
	}
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusAwaitPay, t.Actor(), reason); err != nil {
		return err
	}
	// A deadline that passed while the proof was being checked is moved so
	// the customer can still pay.
	deadline := o.ExpiresAt
	if min := t.Tx.Now().Add(6 * time.Hour); deadline.Before(min) {
		deadline = min
		if err := t.Tx.SetOrderExpiry(o.ID, deadline); err != nil {
			return err
		}
		if err := t.Tx.ScheduleJob(JobExpireOrder, o.Code, deadline); err != nil {
			return err
		}
	}
	cust := t.CustomerPrinter(o)
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code},
		Text: cust.T("order.proof_rejected", "code", o.Code, "reason", reason, "total", locales.FormatRupiah(o.Total),
			"time", cust.DateTime(deadline))})
	t.Reply(t.P.T("staff.rejected", "code", o.Code))
	return nil
}

// staffReplyToOrder reads a quote-reply to an order card: "lunas" (or the
// first option), "tolak <alasan>" (or the second option).
func (t *turn) staffReplyToOrder(code string) error {
	o, ok, err := t.StaffOrder(code)
	if err != nil || !ok {
		return err
	}
	text := strings.TrimSpace(t.Msg.Text)
	word, rest := chat.FirstWord(text)
	switch strings.ToLower(word) {
	case "lunas", "ok", "oke", "approve", "paid", "1":
		return t.approve(o, rest)
	case "tolak", "reject", "2":
		return t.reject(o, rest)
	case "terima", "accept":
		return relay.OwnerAct(t.Turn, relay.ActAccept, o.Code)
	case "habis":
		return relay.OwnerAct(t.Turn, relay.ActOut, strings.TrimSpace(o.Code+" "+rest))
	}
	// Anything else quoting a paid order's packing list is a resi.
	if o.Status == store.StatusProcessing || o.Status == store.StatusPacked || o.Status == store.StatusShipped {
		return relay.OwnerAct(t.Turn, relay.ActResi, o.Code+" "+text)
	}
	t.Reply(t.P.T("staff.reply_how", "code", o.Code))
	return nil
}

// statusFromWord reads a status the way an owner types it: the code
// ("dikirim"), or the start of its label ("menunggu pembayaran").
func (t *turn) statusFromWord(w string) (string, bool) {
	w = chat.Normalize(strings.ReplaceAll(w, "_", " "))
	if w == "" {
		return "", false
	}
	for _, s := range store.OrderStatuses() {
		if w == chat.Normalize(strings.ReplaceAll(s, "_", " ")) || strings.HasPrefix(chat.Normalize(t.P.T("status."+s)), w) && len(w) >= 4 {
			return s, true
		}
	}
	return "", false
}

// cmdOrders lists orders newest first: "/pesanan", "/pesanan dikirim",
// "/pesanan budi", with a page number at the end ("/pesanan dikirim 2").
func (t *turn) cmdOrders(args string) error {
	q := store.OrderQuery{Limit: 10}
	rest, page := ordersArgs(args)
	if s, ok := t.statusFromWord(rest); ok {
		q.Status = s
	} else {
		q.Text = phoneSearch(rest)
	}
	q.Offset = (page - 1) * q.Limit
	orders, more, err := t.Tx.SearchOrders(q)
	if err != nil {
		return err
	}
	if len(orders) == 0 {
		t.Reply(t.P.T("staff.orders_none"))
		return nil
	}
	lines := []string{t.P.T("staff.orders_head", "page", page)}
	for _, o := range orders {
		lines = append(lines, t.P.T("staff.orders_line", "code", o.Code, "status", t.P.T("status."+o.Status),
			"total", locales.FormatRupiah(o.Total), "name", o.RecipientName, "date", t.P.DateTime(o.CreatedAt)))
	}
	if more {
		lines = append(lines, t.P.T("staff.orders_more", "next", strings.TrimSpace("/pesanan "+cmp.Or(q.Text, rest)+" "+fmt.Sprint(page+1))))
	}
	t.Reply(strings.Join(lines, "\n"))
	return nil
}

// cmdOrderDetail shows one order with its money, payments and timeline.
func (t *turn) cmdOrderDetail(args string) error {
	code, _ := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("staff.detail_how"))
		return nil
	}
	o, ok, err := t.StaffOrder(code)
	if err != nil || !ok {
		return err
	}
	var b strings.Builder
	b.WriteString(t.P.T("staff.detail_head", "code", o.Code, "status", t.P.T("status."+o.Status)) + "\n")
	b.WriteString(t.itemLines(o.Items) + "\n")
	sums, err := t.sumLines(o) // a line per parcel, as the invoice has
	if err != nil {
		return err
	}
	b.WriteString(sums + "\n")
	if o.RecipientName == "" && o.RecipientPhone == "" && o.AddressLine == "" {
		b.WriteString(t.P.T("staff.detail_recipient_erased"))
	} else {
		b.WriteString(t.P.T("staff.detail_recipient", "name", o.RecipientName, "phone", locales.LocalPhone(o.RecipientPhone),
			"address", chat.FormatOrderAddress(o)))
	}
	if o.SenderName != "" {
		b.WriteString("\n" + t.P.T("form.sender", "sender", strings.TrimSpace(o.SenderName+" "+locales.LocalPhone(o.SenderPhone))))
	}
	parcels, err := t.parcelLines(o)
	if err != nil {
		return err
	}
	for _, l := range parcels {
		b.WriteString("\n" + l)
	}
	pays, err := t.Tx.PaymentsOf(o.ID)
	if err != nil {
		return err
	}
	for _, p := range pays {
		key, status := "staff.detail_payment", "payment.status."+p.Status
		if p.Direction == "out" {
			key, status = "staff.detail_refund", "refund.status."+p.Status
		}
		b.WriteString("\n" + t.P.T(key, "method", t.P.T("payment.method."+p.Method),
			"amount", locales.FormatRupiah(p.Amount), "status", t.P.T(status), "date", t.P.DateTime(p.CreatedAt)))
		if p.Direction == "out" && !p.Dest.IsZero() {
			b.WriteString("\n" + t.P.T("staff.detail_refund_dest", "bank", p.Dest.Bank, "number", p.Dest.Number, "holder", p.Dest.Holder))
		}
	}
	hist, err := t.Tx.StatusHistory("order", o.ID)
	if err != nil {
		return err
	}
	b.WriteString("\n" + t.P.T("staff.detail_timeline"))
	for _, h := range hist {
		actor := h.Actor
		if actor == "system" {
			actor = t.P.T("staff.actor_system") // the bot itself: a cart made, an order expired
		}
		b.WriteString("\n" + t.P.T("staff.detail_step", "date", t.P.DateTime(h.At), "status", t.P.T("status."+h.To), "actor", actor))
		// A cancel by the shop shows the note its staff typed (the
		// customer never reads it); the bot's and the customer's own
		// cancels carry only internal words.
		if h.To == store.StatusCancelled && h.Reason != "" && h.Actor != "system" && h.Actor != o.Channel+":"+o.ChatID {
			b.WriteString(t.P.T("staff.detail_step_reason", "reason", chat.Clip(h.Reason, 200)))
		}
	}
	t.Send(chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, Text: b.String(), Ref: chat.Ref{Kind: "order", ID: o.Code}})
	return nil
}
