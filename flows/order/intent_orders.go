package order

import (
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
