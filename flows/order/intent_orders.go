package order

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/handoff"
	"github.com/dropbot/dropbot/flows/intent"
	"github.com/dropbot/dropbot/store"
)

// What buyers type about an order they already placed: "alamatnya salah",
// "barangnya salah kirim". A person puts it right; the bot never answers it
// with a greeting.

// unshipped reports whether an order is placed and still before sending.
func unshipped(o store.Order) bool {
	switch o.Status {
	case store.StatusAwaitPay, store.StatusAwaitVerify, store.StatusProcessing, store.StatusPacked:
		return true
	}
	return false
}

// sentOrDone reports whether an order's parcels went out (a complaint is
// possible).
func sentOrDone(o store.Order) bool {
	return o.Status == store.StatusShipped || o.Status == store.StatusDone
}

// wrongOrder answers "alamatnya salah …", "barangnya salah kirim",
// "ukurannya salah": wrong goods of an order that was sent start a
// complaint (after-sales' /komplain); anything else wrong with an order
// goes to the admin with what the customer typed, and an address of an
// order not sent yet is said to be still changeable.
func (t *turn) wrongOrder(in intent.Intent, text string) error {
	os, err := t.Tx.OrdersOfCustomer(t.Who.CustomerID, 20)
	if err != nil {
		return err
	}
	var open, sent []store.Order
	for _, o := range os {
		if in.Code != "" && o.Code != in.Code {
			continue
		}
		switch {
		case unshipped(o):
			open = append(open, o)
		case sentOrDone(o):
			sent = append(sent, o)
		}
	}
	if !in.WrongAddress && len(sent) > 0 && len(open) == 0 {
		if c, ok := t.Env.Reg.Command(chat.ScopeCustomer, "komplain"); ok {
			return c.Run(t.Turn, "")
		}
	}
	reason, typed := "wrong_order", text
	if in.WrongAddress {
		reason = "wrong_address"
	}
	if len(open) > 0 {
		typed = open[0].Code + ": " + text
		if in.WrongAddress {
			t.AddNote(t.P.T("intent.wrong_address_open", "code", open[0].Code))
		}
	}
	return handoff.Start(t.Turn, reason, typed)
}

// StepCancelAsk asks the customer to confirm cancelling their one open
// order ("gajadi kak batalin aja"); Data.Choices holds its code.
const StepCancelAsk = "cancel_ask"

// cancelWords answers a cancel typed in words ("batalin pesanan X8QMT kak",
// "cancel X8QMT", "gajadi kak batalin aja yg td"): a code goes the way of
// "batalkan X8QMT"; without one, the customer's one open order is asked
// about; a paid order goes to the admin with the text. With no order, a
// cart is shown as kept (nothing is pretended away).
func (t *turn) cancelWords(in intent.Intent, text string) error {
	if in.Code != "" {
		o, err := t.Tx.OrderByCode(in.Code)
		if err == nil && o.CustomerID == t.Who.CustomerID && o.Status != store.StatusCart {
			return t.cancelOwn(o, text, false)
		}
		if err != nil && !store.IsNotFound(err) {
			return err
		}
		if in.CodeSure {
			return t.cancelOrder(in.Code) // someone else's code: "not found"
		}
	}
	os, err := t.Tx.OrdersOfCustomer(t.Who.CustomerID, 20)
	if err != nil {
		return err
	}
	var open []store.Order
	for _, o := range os {
		if unshipped(o) {
			open = append(open, o)
		}
	}
	switch len(open) {
	case 0:
		return t.cancelCart()
	case 1:
		return t.cancelOwn(open[0], text, true)
	}
	codes := make([]string, len(open))
	for i, o := range open {
		codes[i] = o.Code
	}
	return t.Menu(t.P.T("intent.cancel_which", "codes", strings.Join(codes, ", "), "code", codes[0]))
}

// cancelCart answers "gajadi kak" with no order to cancel: a cart is shown
// as kept, with how to empty it; otherwise the menu.
func (t *turn) cancelCart() error {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if ok && len(cart.Items) > 0 {
		t.AddNote(t.P.T("intent.cancel_cart"))
		return t.showCart()
	}
	return t.Menu(t.P.T("intent.cancel_reply"))
}

// cancelOwn cancels one of the customer's own orders: one not paid yet at
// once (or after a yes when ask is set), one paid or being processed goes
// to the admin with what the customer typed.
func (t *turn) cancelOwn(o store.Order, text string, ask bool) error {
	paid := false
	if o.Status == store.StatusAwaitPay {
		in, err := PaidIn(t.Tx, o.ID)
		if err != nil {
			return err
		}
		paid = in.IsPositive()
	} else if unshipped(o) {
		paid = true
	}
	switch {
	case paid:
		t.AddNote(t.P.T("intent.cancel_paid", "code", o.Code))
		return handoff.Start(t.Turn, "cancel_paid", o.Code+": "+text)
	case ask && o.Status == store.StatusAwaitPay:
		t.Reply(t.P.T("intent.cancel_ask", "code", o.Code), t.P.T("intent.cancel_yes"), t.P.T("intent.cancel_no"))
		return t.save(state{Flow: chat.FlowCustomer, Step: StepCancelAsk, Data: stateData{Choices: []string{o.Code}}})
	}
	return t.cancelOrder(o.Code)
}

// onCancelAsk reads the yes or no to cancelling the order asked about.
func (t *turn) onCancelAsk(st state, text string) error {
	if len(st.Data.Choices) != 1 {
		return t.Menu("")
	}
	code := st.Data.Choices[0]
	norm := chat.Normalize(text)
	k, _ := chat.MenuNumber(norm)
	switch {
	case k == 1 || cancelYes[norm] || chat.Choose(text, []string{t.P.T("intent.cancel_yes")}) == 0:
		return t.cancelOrder(code)
	case k == 2 || cancelNo[norm] || chat.Choose(text, []string{t.P.T("intent.cancel_no")}) == 0:
		return t.Menu(t.P.T("intent.cancel_kept", "code", code))
	}
	t.AddNote(t.P.T("customer.pick_option"))
	t.Reply(t.P.T("intent.cancel_ask", "code", code), t.P.T("intent.cancel_yes"), t.P.T("intent.cancel_no"))
	return nil
}

// cancelYes and cancelNo are the words of a yes or no to "cancel it?".
var (
	cancelYes = map[string]bool{"ya": true, "iya": true, "y": true, "yes": true, "ok": true, "oke": true,
		"batal": true, "batalkan": true, "batalin": true, "ya batalkan": true, "iya batalin": true, "cancel": true}
	cancelNo = map[string]bool{"tidak": true, "ga": true, "gak": true, "nggak": true, "no": true, "jangan": true,
		"gak jadi": true, "ga jadi": true, "tidak jadi": true, "lanjut": true}
)
