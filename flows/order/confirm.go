package order

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// The review before the invoice: everything the order will be (items,
// recipient, address, courier, each payment method with its total and
// fee), with the payment methods as the options that place the order and
// "ubah nama / alamat / kurir" to change a detail. Choosing how to pay is
// the confirmation, so the review costs the customer no extra message.

// StepConfirm is the review step.
const StepConfirm = "confirm"

// Edits offered under the payment methods, in this order.
var confirmEdits = []string{"name", "address", "courier"}

// editWords are what people type to change a detail ("ubah alamat",
// "alamat salah", "ganti kurir"), with the word that names it.
var editWords = map[string]string{
	"nama": "name", "name": "name", "penerima": "name",
	"alamat": "address", "address": "address",
	"kurir": "courier", "ekspedisi": "courier", "courier": "courier", "ongkir": "courier",
	"bayar": "payment", "pembayaran": "payment", "payment": "payment",
}

// confirm shows the review and waits for a payment method or an edit.
func (t *turn) confirm(d stateData) error {
	methods, err := t.paymentMethods()
	if err != nil {
		return err
	}
	if len(methods) == 0 {
		t.AddNote(t.P.T("checkout.no_payment"))
		return t.askAdmin("no_payment") // the owner learns why the order stopped
	}
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if !ok || len(cart.Items) == 0 || d.Courier == nil || d.Addr == nil {
		return t.Menu(t.P.T("cart.is_empty"))
	}
	ship, err := decimal.NewFromString(d.Courier.Cost)
	if err != nil {
		return fmt.Errorf("saved ongkir: %w", err)
	}
	total := cart.Subtotal.Add(ship)
	summary, err := t.paySummary(d.Courier, cart.Subtotal)
	if err != nil {
		return err
	}
	who := d.Name + " (" + locales.LocalPhone(d.Phone) + ")"
	lines := []string{t.P.T("confirm.head"), t.itemLines(cart.Items),
		t.P.T("cart.subtotal", "amount", locales.FormatRupiah(cart.Subtotal)),
		summary, t.P.T("form.recipient", "who", who), t.P.T("form.address", "address", d.Addr.String())}
	if d.SenderName != "" {
		lines = append(lines, t.P.T("form.sender", "sender", d.SenderName))
	}
	if code, err := t.samePending(cart, d); err != nil {
		return err
	} else if code != "" {
		lines = append(lines, "", t.P.T("confirm.same_pending", "code", code))
	}
	var opts []string
	for _, m := range methods {
		if m == "cod" {
			fee, err := t.codFee(total)
			if err != nil {
				return err
			}
			opts = append(opts, t.P.T("confirm.pay_cod", "method", t.P.T("payment.method.cod"),
				"total", locales.FormatRupiah(total.Add(fee)), "fee", locales.FormatRupiah(fee)))
			continue
		}
		opts = append(opts, t.P.T("confirm.pay", "method", t.P.T("payment.method."+m), "total", locales.FormatRupiah(total)))
	}
	for _, e := range confirmEdits {
		opts = append(opts, t.P.T("confirm.edit_"+e))
	}
	lines = append(lines, "", t.P.T("confirm.pick"))
	t.Reply(strings.Join(lines, "\n"), opts...)
	d.Methods = methods
	return t.save(state{Flow: chat.FlowCustomer, Step: StepConfirm, Data: d})
}

// samePendingWindow is how far back an unpaid order counts as the same
// order sent again.
const samePendingWindow = 24 * time.Hour

// samePending returns the code of the customer's order still waiting for
// payment, made in the last 24 hours, with the same items (variant and
// quantity) and the same recipient (name and phone) as the cart, or "".
// The review names it so a format order pasted twice by accident is not
// paid twice; the customer may still go on (two identical parcels can be
// meant).
func (t *turn) samePending(cart store.Order, d stateData) (string, error) {
	orders, err := t.Tx.OrdersWithStatus(t.Who.CustomerID, store.StatusAwaitPay)
	if err != nil {
		return "", err
	}
	want := itemCounts(cart.Items)
	since := t.Tx.Now().Add(-samePendingWindow)
	for _, o := range orders {
		if o.ID == cart.ID || o.CreatedAt.Before(since) || !sameRecipient(o, d) {
			continue
		}
		items, err := t.Tx.OrderItems(o.ID)
		if err != nil {
			return "", err
		}
		if maps.Equal(itemCounts(items), want) {
			return o.Code, nil
		}
	}
	return "", nil
}

// itemCounts is the quantity per variant of the lines that still count.
func itemCounts(items []store.OrderItem) map[int64]int {
	out := map[int64]int{}
	for _, it := range items {
		if it.Status != store.StatusCancelled {
			out[it.VariantID] += it.Qty
		}
	}
	return out
}

// sameRecipient compares the order's recipient with the one being
// reviewed: the name without regard to case or spacing, the phone as
// normalised.
func sameRecipient(o store.Order, d stateData) bool {
	fold := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	if fold(o.RecipientName) != fold(d.Name) {
		return false
	}
	if o.RecipientPhone == d.Phone {
		return true
	}
	a, errA := locales.NormalizePhone(o.RecipientPhone)
	b, errB := locales.NormalizePhone(d.Phone)
	return errA == nil && errB == nil && a == b
}

// onConfirm reads the answer to the review: a payment method places the
// order; an edit asks for that detail again and comes back here.
func (t *turn) onConfirm(st state, text string) error {
	d := st.Data
	n := len(d.Methods)
	norm := chat.Normalize(text)
	if k, ok := chat.MenuNumber(norm); ok {
		switch {
		case k >= 1 && k <= n:
			return t.placeOrder(d, d.Methods[k-1])
		case k > n && k <= n+len(confirmEdits):
			return t.editDetail(d, confirmEdits[k-n-1])
		}
		t.AddNote(t.P.T("customer.bad_number", "max", n+len(confirmEdits)))
		return t.confirm(d)
	}
	if i := methodIndex(d.Methods, text); i >= 0 {
		return t.placeOrder(d, d.Methods[i])
	}
	var labels []string
	for _, m := range d.Methods {
		labels = append(labels, t.P.T("payment.method."+m))
	}
	if i := chat.Choose(text, labels); i >= 0 {
		return t.placeOrder(d, d.Methods[i])
	}
	for _, w := range strings.Fields(norm) {
		if e, ok := editWords[w]; ok {
			return t.editDetail(d, e)
		}
	}
	t.AddNote(t.P.T("confirm.unclear"))
	return t.confirm(d)
}

// editDetail forgets one detail and lets checkout ask for it again; every
// other detail is kept, so the customer is back at the review right after.
func (t *turn) editDetail(d stateData, what string) error {
	switch what {
	case "name":
		d.Name = ""
		t.Reply(t.P.T("confirm.ask_name"))
		return t.save(state{Flow: chat.FlowCustomer, Step: StepName, Data: d})
	case "address":
		// A new address may be in another province: its ongkir too.
		d.Addr, d.Courier, d.Quotes = nil, nil, nil
	case "courier":
		d.Courier, d.WantCourier, d.WantService, d.PickCourier = nil, "", "", true
	case "payment":
		t.AddNote(t.P.T("confirm.pay_how"))
		return t.confirm(d)
	}
	return t.continueCheckout(d)
}

// keyboardRows catch names typed by running a finger along the keys.
var keyboardRows = []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// mashed reports whether a word looks like keys hit at random: five
// letters or more along one keyboard row ("asdfgh"), or five consonants
// in a row with no vowel between ("xkcdq").
func mashed(word string) bool {
	w := strings.ToLower(word)
	if len([]rune(w)) >= 5 {
		for _, row := range keyboardRows {
			if strings.Contains(row, w) {
				return true
			}
		}
	}
	run := 0
	for _, r := range w {
		switch {
		case strings.ContainsRune("aiueoy", r) || r < 'a' || r > 'z':
			run = 0
		default:
			run++
			if run >= 5 {
				return true
			}
		}
	}
	return false
}
