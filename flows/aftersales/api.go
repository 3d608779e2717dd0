package aftersales

import "github.com/dropbot/dropbot/flows/chat"

// What the router calls in after-sales.

// ComplaintStart opens a complaint from the customer's menu.
func ComplaintStart(ct *chat.Turn) error { return (&turn{ct}).complaintStart() }

// GroupTicketReply is a supplier's quote-reply to a ticket card.
func GroupTicketReply(ct *chat.Turn, code, text string) error {
	return (&turn{ct}).groupTicketReply(code, text)
}

// TicketMedia takes a customer's photo or video as evidence for a
// complaint, when one is waiting for it; handled is false otherwise.
func TicketMedia(ct *chat.Turn) (handled bool, err error) {
	t := &turn{ct}
	st, err := t.load()
	if err != nil {
		return false, err
	}
	return t.ticketMedia(st, ct.Msg.Media)
}
