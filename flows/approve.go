package flows

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// firstWord splits "KODE rest of it".
func FirstWord(s string) (string, string) {
	s = strings.TrimSpace(s)
	head, rest, _ := strings.Cut(s, " ")
	return head, strings.TrimSpace(rest)
}

// staffOrder finds an order by code for a staff command, answering when
// there is none.
func (t *turn) StaffOrder(code string) (store.Order, bool, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return store.Order{}, false, nil
	}
	o, err := t.Tx.OrderByCode(code)
	if store.IsNotFound(err) || (err == nil && o.Status == store.StatusCart) {
		t.Reply(t.P.T("staff.unknown_order", "code", code))
		return store.Order{}, false, nil
	}
	return o, err == nil, err
}

func (t *turn) cmdApprove(args string) error {
	code, amount := FirstWord(args)
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
	if pending != nil {
		if err := t.Tx.SetPaymentAmount(pending.ID, paid); err != nil {
			return err
		}
		if _, err := t.Tx.DecidePendingPayments(o.ID, "confirmed", t.Actor(), ""); err != nil {
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
	if total.LessThan(o.Total) {
		short := o.Total.Sub(total)
		if o.Status == store.StatusAwaitVerify {
			if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusAwaitPay, t.Actor(), "partial payment"); err != nil {
				return err
			}
		}
		t.Reply(t.P.T("staff.partial", "code", o.Code, "paid", locales.FormatRupiah(total), "short", locales.FormatRupiah(short)))
		t.Send(Out{To: Address{o.Channel, o.ChatID}, Ref: Ref{Kind: "order", ID: o.Code},
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
	if over := total.Sub(o.Total); over.IsPositive() {
		text += "\n" + cust.T("order.overpaid", "amount", locales.FormatRupiah(over))
		reply += "\n" + t.P.T("staff.overpaid", "amount", locales.FormatRupiah(over))
	}
	t.Send(Out{To: Address{o.Channel, o.ChatID}, Ref: Ref{Kind: "order", ID: o.Code}, Text: text})
	t.Reply(reply)
	o.Status = store.StatusProcessing
	return t.releaseToSuppliers(o)
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

// customerPrinter speaks the order's customer's language.
func (t *turn) CustomerPrinter(o store.Order) locales.Printer {
	lang, err := t.Tx.CustomerLang(o.CustomerID)
	if err != nil {
		return t.Env.Loc.For(locales.ID)
	}
	l, _ := locales.ParseLang(lang)
	return t.Env.Loc.For(l)
}

func (t *turn) cmdReject(args string) error {
	code, reason := FirstWord(args)
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
	t.Send(Out{To: Address{o.Channel, o.ChatID}, Ref: Ref{Kind: "order", ID: o.Code},
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
	word, rest := FirstWord(text)
	switch strings.ToLower(word) {
	case "lunas", "ok", "oke", "approve", "paid", "1":
		return t.approve(o, rest)
	case "tolak", "reject", "2":
		return t.reject(o, rest)
	case "terima", "accept":
		return t.ownerAct(actAccept, o.Code)
	case "habis":
		return t.ownerAct(actOut, strings.TrimSpace(o.Code+" "+rest))
	}
	// Anything else quoting a paid order's packing list is a resi.
	if o.Status == store.StatusProcessing || o.Status == store.StatusPacked || o.Status == store.StatusShipped {
		return t.ownerAct(actResi, o.Code+" "+text)
	}
	t.Reply(t.P.T("staff.reply_how", "code", o.Code))
	return nil
}

// statusFromWord reads a status the way an owner types it: the code
// ("dikirim"), or the start of its label ("menunggu pembayaran").
func (t *turn) statusFromWord(w string) (string, bool) {
	w = Normalize(strings.ReplaceAll(w, "_", " "))
	if w == "" {
		return "", false
	}
	for _, s := range store.OrderStatuses() {
		if w == Normalize(strings.ReplaceAll(s, "_", " ")) || strings.HasPrefix(Normalize(t.P.T("status."+s)), w) && len(w) >= 4 {
			return s, true
		}
	}
	return "", false
}

// cmdOrders lists orders newest first: "/pesanan", "/pesanan dikirim",
// "/pesanan budi", with a page number at the end ("/pesanan dikirim 2").
func (t *turn) cmdOrders(args string) error {
	q := store.OrderQuery{Limit: 10}
	words := strings.Fields(args)
	page := 1
	if n := len(words); n > 0 {
		if k, ok := MenuNumber(words[n-1]); ok && k > 0 {
			page, words = k, words[:n-1]
		}
	}
	rest := strings.Join(words, " ")
	if s, ok := t.statusFromWord(rest); ok {
		q.Status = s
	} else {
		q.Text = rest
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
		lines = append(lines, t.P.T("staff.orders_more", "next", strings.TrimSpace("/pesanan "+rest+" "+fmt.Sprint(page+1))))
	}
	t.Reply(strings.Join(lines, "\n"))
	return nil
}

// cmdOrderDetail shows one order with its money, payments and timeline.
func (t *turn) cmdOrderDetail(args string) error {
	code, _ := FirstWord(args)
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
	b.WriteString(t.P.T("invoice.subtotal", "amount", locales.FormatRupiah(o.Subtotal)) + "\n")
	b.WriteString(t.P.T("invoice.shipping", "courier", strings.TrimSpace(o.Courier+" "+o.Service), "amount", locales.FormatRupiah(o.Shipping)) + "\n")
	if o.UniqueCode > 0 {
		b.WriteString(t.P.T("invoice.kode_unik", "amount", locales.FormatRupiah(decimal.NewFromInt(int64(o.UniqueCode)))) + "\n")
	}
	if o.CODFee.IsPositive() {
		b.WriteString(t.P.T("invoice.cod_fee", "amount", locales.FormatRupiah(o.CODFee)) + "\n")
	}
	b.WriteString(t.P.T("invoice.total", "amount", locales.FormatRupiah(o.Total)) + "\n")
	if o.RecipientName == "" && o.RecipientPhone == "" && o.AddressLine == "" {
		b.WriteString(t.P.T("staff.detail_recipient_erased"))
	} else {
		b.WriteString(t.P.T("staff.detail_recipient", "name", o.RecipientName, "phone", locales.LocalPhone(o.RecipientPhone),
			"address", FormatOrderAddress(o)))
	}
	if o.SenderName != "" {
		b.WriteString("\n" + t.P.T("form.sender", "sender", strings.TrimSpace(o.SenderName+" "+locales.LocalPhone(o.SenderPhone))))
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
	}
	hist, err := t.Tx.StatusHistory("order", o.ID)
	if err != nil {
		return err
	}
	b.WriteString("\n" + t.P.T("staff.detail_timeline"))
	for _, h := range hist {
		b.WriteString("\n" + t.P.T("staff.detail_step", "date", t.P.DateTime(h.At), "status", t.P.T("status."+h.To), "actor", h.Actor))
	}
	t.Send(Out{To: Address{t.Msg.Channel, t.Msg.ChatID}, Text: b.String(), Ref: Ref{Kind: "order", ID: o.Code}})
	return nil
}

// formatOrderAddress writes an order's address as invoices and cards do.
func FormatOrderAddress(o store.Order) string {
	return address.Address{Line: o.AddressLine, Kelurahan: o.Kelurahan, Kecamatan: o.Kecamatan, City: o.City,
		Province: o.Province, PostalCode: o.PostalCode}.String()
}

// cmdAdmin lists, adds and removes staff admins (owner only):
// "/admin", "/admin tambah telegram:123", "/admin hapus telegram:123".
func (t *turn) cmdAdmin(args string) error {
	if !t.OwnerOnly() {
		return nil
	}
	verb, who := FirstWord(args)
	ch, id, okID := strings.Cut(strings.TrimSpace(who), ":")
	switch strings.ToLower(verb) {
	case "":
		staff, err := t.Tx.Staff("")
		if err != nil {
			return err
		}
		lines := []string{t.P.T("staff.admin_head")}
		for _, s := range staff {
			lines = append(lines, t.P.T("staff.admin_line", "who", s.Channel+":"+s.UserID, "role", t.P.T("staff.role."+s.Role)))
		}
		t.Reply(strings.Join(lines, "\n") + "\n" + t.P.T("staff.admin_how"))
		return nil
	case "tambah", "add":
		if !okID || ch == "" || id == "" {
			t.Reply(t.P.T("staff.admin_how"))
			return nil
		}
		if err := t.Tx.SetStaff(ch, id, store.StaffAdmin, t.Actor()); err != nil {
			return err
		}
		t.Reply(t.P.T("staff.admin_added", "who", ch+":"+id))
		return nil
	case "hapus", "remove":
		if !okID {
			t.Reply(t.P.T("staff.admin_how"))
			return nil
		}
		removed, err := t.Tx.RemoveStaff(ch, id)
		if err != nil {
			return err
		}
		if !removed {
			t.Reply(t.P.T("staff.admin_not_found", "who", ch+":"+id))
			return nil
		}
		t.Reply(t.P.T("staff.admin_removed", "who", ch+":"+id))
		return nil
	}
	t.Reply(t.P.T("staff.admin_how"))
	return nil
}

// Claim code settings.
const (
	settingClaimCode  = "owner.claim_code"
	settingClaimTries = "owner.claim_tries"
	maxClaimTries     = 10
)

// EnsureClaimCode returns the one-time code that makes its sender the
// owner, creating it when the shop has no owner yet; "" when there is an
// owner. cmd prints it at start.
func EnsureClaimCode(tx *store.Tx) (string, error) {
	n, err := tx.OwnerCount()
	if err != nil || n > 0 {
		return "", err
	}
	code, err := tx.Setting(settingClaimCode, "")
	if err != nil || code != "" {
		return code, err
	}
	v, err := rand.Int(rand.Reader, big.NewInt(900000))
	if err != nil {
		return "", err
	}
	code = fmt.Sprint(100000 + v.Int64())
	if err := tx.SetSetting(settingClaimCode, code); err != nil {
		return "", err
	}
	return code, tx.SetSetting(settingClaimTries, "0")
}

// claim makes the sender the owner when the code matches. A wrong code is
// answered like any unknown command; after ten wrong tries the code is
// void (a new one is printed at the next start).
func (t *turn) claim(arg string) error {
	code, err := t.Tx.Setting(settingClaimCode, "")
	if err != nil {
		return err
	}
	if code == "" || strings.TrimSpace(arg) != code {
		if code != "" {
			tries, err := t.SettingInt(settingClaimTries, 0)
			if err != nil {
				return err
			}
			tries++
			if tries >= maxClaimTries {
				if err := t.Tx.SetSetting(settingClaimCode, ""); err != nil {
					return err
				}
				t.Env.Log.Warn("owner claim code voided after too many wrong tries")
			}
			if err := t.Tx.SetSetting(settingClaimTries, fmt.Sprint(tries)); err != nil {
				return err
			}
		}
		t.Reply(t.P.T("customer.unknown_command"), t.MenuLabels()...)
		return nil
	}
	if err := t.Tx.SetStaff(t.Msg.Channel, t.Msg.UserID, store.StaffOwner, "claim code"); err != nil {
		return err
	}
	if err := t.Tx.SetSetting(settingClaimCode, ""); err != nil {
		return err
	}
	if err := t.Tx.SetConversation(t.Msg.Channel, t.Msg.ChatID, t.Msg.UserID, store.Conversation{}); err != nil {
		return err
	}
	t.Reply(t.P.T("staff.claimed") + "\n\n" + t.StaffHelp())
	return nil
}
