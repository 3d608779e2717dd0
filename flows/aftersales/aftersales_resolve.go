package aftersales

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/flows/partner"
	"github.com/dropbot/dropbot/flows/refund"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// Resolutions: the supplier (quote-reply to the ticket card) or the owner
// (commands) proposes a refund, an exchange or a resend, which the customer
// accepts or declines; a rejection by the owner closes the ticket, one by
// the supplier waits for the owner, who can always override the supplier.

// resolveEvidence names a request for more evidence where a resolution is
// named (the owner's notice of an answer that waits).
const resolveEvidence = "bukti"

// Who proposed a resolution.
const (
	byOwner    = "owner"
	bySupplier = "supplier"
)

// ticketPaid is what the customer paid for an order and has not been
// refunded yet: confirmed payments in minus payments out not rejected.
func (t *turn) ticketPaid(o store.Order) (decimal.Decimal, error) { return order.PaidIn(t.Tx, o.ID) }

// ticketFor loads a ticket and its order by the ticket code typed by staff.
// ok is false (and the person answered) when there is no such open ticket.
func (t *turn) ticketFor(code string, ref func(string)) (store.Ticket, store.Order, bool, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	tk, err := t.Tx.TicketByCode(code)
	if store.IsNotFound(err) && chat.LooksLikeCode(code) {
		// An order code names the order's open ticket.
		if o, oerr := t.Tx.OrderByCode(code); oerr == nil {
			tk, err = t.Tx.OpenTicketOfOrder(o.ID)
		} else if !store.IsNotFound(oerr) {
			return tk, store.Order{}, false, oerr
		}
	}
	if store.IsNotFound(err) {
		ref(t.P.T("aftersales.unknown_ticket", "ticket", code))
		return tk, store.Order{}, false, nil
	}
	if err != nil {
		return tk, store.Order{}, false, err
	}
	if store.TicketClosed(tk.Status) {
		ref(t.P.T("aftersales.ticket_already_closed", "ticket", tk.Code, "status", t.P.T("ticket_status."+tk.Status)))
		return tk, store.Order{}, false, nil
	}
	code, err = t.Tx.OrderCodeByID(tk.OrderID)
	if err != nil {
		return tk, store.Order{}, false, err
	}
	o, err := t.Tx.OrderByCode(code)
	return tk, o, err == nil, err
}

// propose records a resolution and asks the customer. amount is only
// read for a refund: zero means everything paid (a supplier's: its share).
func (t *turn) propose(tk store.Ticket, o store.Order, resolution string, amount decimal.Decimal, by, why string) error {
	p := t.Env.Loc.For(locales.ID)
	sid := int64(0)
	if by == bySupplier {
		sid = t.Who.SupplierID
		if tk.Status == store.TicketAwaitCust && (tk.ProposedBy != bySupplier || tk.OfferSupplier != sid) {
			// Another offer is with the customer: this one waits for the owner.
			return t.offerWaits(tk, o, resolution, amount)
		}
	}
	typed := amount.IsPositive()
	if resolution == store.ResolveRefund {
		paid, err := t.ticketPaid(o)
		if err != nil {
			return err
		}
		if !paid.IsPositive() {
			t.replyTicket(tk.Code, t.P.T("aftersales.nothing_paid", "code", o.Code))
			return nil
		}
		limit := paid
		if sid != 0 {
			// A supplier refunds its own goods (and their share of the
			// order), never the rest; it is not told the retail figures.
			share, err := relay.ParcelShare(t.Tx, o, sid)
			if err != nil {
				return err
			}
			limit = decimal.Min(paid, share)
			if !limit.IsPositive() {
				t.replyTicket(tk.Code, t.P.T("aftersales.nothing_paid", "code", o.Code))
				return nil
			}
		}
		if amount.IsZero() {
			amount = limit
		}
		if amount.GreaterThan(limit) {
			if sid != 0 {
				t.replyTicket(tk.Code, t.P.T("aftersales.supplier_refund_too_much", "amount", locales.FormatRupiah(amount)))
				return nil
			}
			t.replyTicket(tk.Code, t.P.T("aftersales.refund_too_much", "amount", locales.FormatRupiah(amount),
				"paid", locales.FormatRupiah(paid)))
			return nil
		}
	}
	if err := t.Tx.ProposeSupplierTicket(tk.ID, resolution, amount, by, sid, why); err != nil {
		return err
	}
	if resolution == store.ResolveReject && by == bySupplier {
		// The supplier's "no" goes to the owner, who decides.
		if err := t.moveTicket(tk, store.TicketOpen, "supplier rejected: "+why); err != nil {
			return err
		}
		t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, p.T("aftersales.owner_supplier_rejected", "ticket", tk.Code,
			"code", o.Code, "why", why))
		t.replyTicket(tk.Code, t.P.T("aftersales.supplier_reject_noted", "ticket", tk.Code))
		return nil
	}
	if err := t.moveTicket(tk, store.TicketAwaitCust, by+" proposed "+resolution); err != nil {
		return err
	}
	cust := t.CustomerPrinter(o)
	offer := t.offerText(cust, tk, o, resolution, amount)
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Text: offer, Ref: chat.Ref{Kind: "ticket", ID: tk.Code},
		Options: []string{cust.T("aftersales.option_accept"), cust.T("aftersales.option_decline")}})
	if err := t.setCustomerState(o, state{Flow: flowAftersales, Step: StepTicketAnswer,
		Data: stateData{TicketOrder: o.Code, TicketCode: tk.Code}}); err != nil {
		return err
	}
	what := p.T("aftersales.resolution."+resolution, "amount", locales.FormatRupiah(amount))
	if by == bySupplier {
		sup, err := t.Tx.SupplierByID(sid)
		if err != nil {
			return err
		}
		t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, p.T("aftersales.owner_supplier_proposed", "ticket", tk.Code,
			"code", o.Code, "what", what, "supplier", sup.Code))
		if resolution == store.ResolveRefund && !typed {
			what = t.P.T("aftersales.resolution.refund_goods")
		}
	} else {
		gwhat := what // suppliers never read the retail figures
		if resolution == store.ResolveRefund {
			gwhat = p.T("aftersales.resolution.refund_plain")
		}
		if err := t.toTicketGroups(o, tk, p.T("aftersales.group_owner_decided", "ticket", tk.Code, "code", o.Code,
			"what", gwhat)); err != nil {
			return err
		}
	}
	t.replyTicket(tk.Code, t.P.T("aftersales.proposed", "ticket", tk.Code, "what", what))
	return nil
}

// offerText is the offer as the customer reads it.
func (t *turn) offerText(cust locales.Printer, tk store.Ticket, o store.Order, resolution string, amount decimal.Decimal) string {
	return cust.T("aftersales.offer."+resolution, "ticket", tk.Code, "code", o.Code,
		"amount", locales.FormatRupiah(amount))
}

// replyTicket answers in the chat the staff or supplier wrote in.
func (t *turn) replyTicket(code, text string) {
	t.Send(chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, Text: text, Ref: chat.Ref{Kind: "ticket", ID: code}})
}

// toTicketGroups sends a text to the groups of the order's suppliers.
func (t *turn) toTicketGroups(o store.Order, tk store.Ticket, text string) error {
	for _, sid := range ticketSuppliers(o) {
		if err := t.toSupplierGroups(sid, tk, text); err != nil {
			return err
		}
	}
	return nil
}

// moveTicket changes a ticket's status when it is not there already.
func (t *turn) moveTicket(tk store.Ticket, to, why string) error {
	if tk.Status == to {
		return nil
	}
	return t.Tx.SetTicketStatus(tk.ID, tk.Status, to, t.Actor(), why)
}

// setCustomerState puts the customer of an order at a step (a private
// chat: the chat is the person).
func (t *turn) setCustomerState(o store.Order, st state) error {
	b, err := json.Marshal(st.Data)
	if err != nil {
		return err
	}
	return t.Tx.SetConversation(o.Channel, o.ChatID, o.ChatID,
		store.Conversation{Flow: st.Flow, Step: st.Step, Data: string(b)})
}

// onTicketAnswer reads the customer's answer to an offer.
func (t *turn) onTicketAnswer(st state, text string) error {
	norm := chat.Normalize(text)
	switch {
	case norm == "1" || norm == "setuju" || norm == "ya" || norm == "ok" || norm == "oke" ||
		chat.Choose(text, []string{t.P.T("aftersales.option_accept")}) == 0:
		return t.ticketAnswer(st.Data.TicketCode, true)
	case norm == "2" || norm == "tidak" || norm == "tidak setuju" || norm == "gak" || norm == "nggak" ||
		chat.Choose(text, []string{t.P.T("aftersales.option_decline")}) == 0:
		return t.ticketAnswer(st.Data.TicketCode, false)
	}
	t.Reply(t.P.T("aftersales.answer_how"), t.P.T("aftersales.option_accept"), t.P.T("aftersales.option_decline"))
	return nil
}

// ticketAnswer applies the customer's yes or no to the offer on a ticket.
func (t *turn) ticketAnswer(code string, yes bool) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	tk, err := t.Tx.TicketByCode(code)
	if store.IsNotFound(err) || (err == nil && tk.CustomerID != t.Who.CustomerID) {
		return t.Menu(t.P.T("aftersales.unknown_ticket_customer", "ticket", code))
	}
	if err != nil {
		return err
	}
	if tk.Status != store.TicketAwaitCust {
		if store.TicketClosed(tk.Status) {
			return t.Menu(t.P.T("aftersales.closed", "ticket", tk.Code))
		}
		return t.Menu(t.P.T("aftersales.no_offer", "ticket", tk.Code))
	}
	ocode, err := t.Tx.OrderCodeByID(tk.OrderID)
	if err != nil {
		return err
	}
	o, err := t.Tx.OrderByCode(ocode)
	if err != nil {
		return err
	}
	p, ow := t.Env.Loc.For(locales.ID), t.OwnerPrinter() // groups, owners
	next := state{Flow: flowAftersales, Step: StepTicketSent, Data: stateData{TicketOrder: o.Code, TicketCode: tk.Code}}
	if !yes {
		if err := t.moveTicket(tk, store.TicketOpen, "customer declined "+tk.Resolution); err != nil {
			return err
		}
		t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, ow.T("aftersales.owner_customer_declined", "ticket", tk.Code, "code", o.Code))
		t.Reply(t.P.T("aftersales.declined", "ticket", tk.Code), t.MenuLabels()...)
		return t.save(next)
	}
	what := p.T("aftersales.resolution."+tk.Resolution, "amount", locales.FormatRupiah(tk.Amount))
	extra := ""
	switch tk.Resolution {
	case store.ResolveRefund:
		paid, err := t.ticketPaid(o)
		if err != nil {
			return err
		}
		if tk.Amount.GreaterThan(paid) {
			// Something was refunded since the offer: the owner decides again.
			if err := t.moveTicket(tk, store.TicketOpen, "refund larger than paid"); err != nil {
				return err
			}
			t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, ow.T("aftersales.owner_customer_declined", "ticket", tk.Code, "code", o.Code))
			t.Reply(t.P.T("aftersales.declined", "ticket", tk.Code), t.MenuLabels()...)
			return t.save(next)
		}
		if _, err := t.Tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "out", Method: o.PaymentMethod,
			Amount: tk.Amount, Status: "pending", Actor: t.Actor(), Note: "refund " + tk.Code}); err != nil {
			return err
		}
		sid, charged, err := t.chargeback(o, tk)
		if err != nil {
			return err
		}
		if o.Status != store.StatusRefund {
			if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusRefund, t.Actor(), "refund "+tk.Code); err != nil {
				return err
			}
		}
		// Commission is on goods only: the refund takes back its share.
		if err := partner.Refunded(t.Turn, o, decimal.Min(tk.Amount, o.Subtotal), store.StatusRefund); err != nil {
			return err
		}
		// A supplier's refund covers its own goods: other suppliers' goods
		// on the ticket wait for them or the owner.
		rest, err := t.othersWait(o, tk)
		if err != nil {
			return err
		}
		if rest {
			if err := t.moveTicket(tk, store.TicketOpen, "supplier refund accepted, other suppliers wait"); err != nil {
				return err
			}
		} else if err := t.moveTicket(tk, store.TicketDone, "customer accepted refund"); err != nil {
			return err
		}
		note := ""
		if charged.IsPositive() {
			sup, err := t.Tx.SupplierByID(sid)
			if err != nil {
				return err
			}
			note = "\n" + ow.T("aftersales.owner_chargeback", "amount", locales.FormatRupiah(charged), "supplier", sup.Code)
		}
		if rest {
			note += "\n" + ow.T("aftersales.owner_rest_waits", "ticket", tk.Code)
		}
		t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, ow.T("aftersales.owner_refund_due", "ticket", tk.Code,
			"code", o.Code, "amount", locales.FormatRupiah(tk.Amount))+note)
		if charged.IsPositive() {
			if err := t.toSupplierGroups(sid, tk, p.T("aftersales.group_chargeback", "ticket", tk.Code, "code", o.Code,
				"amount", locales.FormatRupiah(charged))); err != nil {
				return err
			}
		}
		// Ask where the money goes; the answer reaches the owner.
		return refund.Ask(t.Turn, o, tk.Amount, t.P.T("aftersales.accepted_refund", "ticket", tk.Code, "amount", locales.FormatRupiah(tk.Amount)))
	case store.ResolveSwap:
		// The item goes back first (retur), then the replacement (tukar).
		if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusReturn, t.Actor(), "exchange "+tk.Code); err != nil {
			return err
		}
		addr, err := t.Tx.Setting(SettingReturnAddress, "")
		if err != nil {
			return err
		}
		if addr != "" {
			extra = "\n\n" + t.P.T("aftersales.return_to", "ticket", tk.Code, "address", addr)
		} else {
			extra = "\n\n" + t.P.T("aftersales.return_to_admin", "ticket", tk.Code)
		}
		next.Step = StepTicketReturn
	}
	if err := t.moveTicket(tk, store.TicketProcessing, "customer accepted "+tk.Resolution); err != nil {
		return err
	}
	t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, ow.T("aftersales.owner_customer_accepted", "ticket", tk.Code,
		"code", o.Code, "what", ow.T("aftersales.resolution."+tk.Resolution, "amount", locales.FormatRupiah(tk.Amount))))
	if err := t.toTicketGroups(o, tk, p.T("aftersales.group_customer_accepted", "ticket", tk.Code, "code", o.Code,
		"what", what)); err != nil {
		return err
	}
	t.Reply(t.P.T("aftersales.accepted."+tk.Resolution, "ticket", tk.Code)+extra, t.MenuLabels()...)
	return t.save(next)
}

// chargeback books what a supplier gives back for a refund it proposed
// itself: its goods at cost, up to the refund, as money it returns to the
// shop (+: the shop owes it less). Only the supplier whose offer it was is
// billed; a refund the owner decided is the shop's own cost. sid is 0 when
// nothing is booked.
func (t *turn) chargeback(o store.Order, tk store.Ticket) (sid int64, owe decimal.Decimal, err error) {
	if tk.ProposedBy != bySupplier {
		return 0, decimal.Zero, nil
	}
	sid = tk.OfferSupplier
	if sups := ticketSuppliers(o); sid == 0 && len(sups) == 1 {
		sid = sups[0] // an offer made before tickets kept their supplier
	}
	if sid == 0 {
		return 0, decimal.Zero, nil
	}
	owe = decimal.Min(tk.Amount, relay.ShipmentCost(o, sid))
	if !owe.IsPositive() {
		return 0, decimal.Zero, nil
	}
	if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sid, Kind: store.LedgerRefund, Amount: owe,
		OrderID: o.ID, Note: "refund " + tk.Code, Actor: t.Actor()}); err != nil {
		return 0, decimal.Zero, err
	}
	return sid, owe, nil
}

// othersWait reports whether a supplier's accepted refund leaves goods of
// other suppliers on the ticket undecided: suppliers of the order other than
// the one whose offer it was that have not refunded on this ticket yet.
func (t *turn) othersWait(o store.Order, tk store.Ticket) (bool, error) {
	if tk.OfferSupplier == 0 {
		return false, nil
	}
	for _, sid := range ticketSuppliers(o) {
		if sid == tk.OfferSupplier {
			continue
		}
		entries, err := t.Tx.OrderLedger(o.ID, sid)
		if err != nil {
			return false, err
		}
		if !slices.ContainsFunc(entries, func(e store.LedgerEntry) bool {
			return e.Kind == store.LedgerRefund && e.Note == "refund "+tk.Code
		}) {
			return true, nil
		}
	}
	return false, nil
}

// offerWaits answers a supplier whose offer comes while another offer is
// with the customer: the customer's offer stays, the owner decides.
func (t *turn) offerWaits(tk store.Ticket, o store.Order, resolution string, amount decimal.Decimal) error {
	sup, err := t.Tx.SupplierByID(t.Who.SupplierID)
	if err != nil {
		return err
	}
	ow := t.OwnerPrinter()
	what := ow.T("aftersales.resolution."+resolution, "amount", locales.FormatRupiah(amount))
	if resolution == store.ResolveRefund && amount.IsZero() {
		what = ow.T("aftersales.resolution.refund_goods_of", "supplier", sup.Code)
	}
	t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, ow.T("aftersales.owner_offer_waits", "ticket", tk.Code,
		"code", o.Code, "supplier", sup.Code, "what", what))
	t.replyTicket(tk.Code, t.P.T("aftersales.supplier_offer_waits", "ticket", tk.Code))
	return nil
}

// toSupplierGroups sends a text to one supplier's groups.
func (t *turn) toSupplierGroups(sid int64, tk store.Ticket, text string) error {
	groups, err := t.Tx.SupplierGroups(sid)
	if err != nil {
		return err
	}
	for _, g := range groups {
		t.Send(chat.Out{To: chat.Address{Channel: g.Channel, ChatID: g.ChatID}, Text: text, Ref: chat.Ref{Kind: "ticket", ID: tk.Code}})
	}
	return nil
}

// closeRejected closes a ticket as rejected (the owner's word) and puts the
// order back where it was.
func (t *turn) closeRejected(tk store.Ticket, o store.Order, why string) error {
	if err := t.Tx.ProposeTicket(tk.ID, store.ResolveReject, decimal.Zero, byOwner, why); err != nil {
		return err
	}
	if err := t.moveTicket(tk, store.TicketRejected, why); err != nil {
		return err
	}
	back := tk.OrderStatus
	if back != store.StatusShipped && back != store.StatusDone {
		back = store.StatusDone
	}
	if o.Status == store.StatusComplaint {
		if err := t.Tx.SetOrderStatus(o.ID, o.Status, back, t.Actor(), "complaint "+tk.Code+" rejected"); err != nil {
			return err
		}
	}
	cust := t.CustomerPrinter(o)
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "ticket", ID: tk.Code},
		Text: cust.T("aftersales.rejected", "ticket", tk.Code, "code", o.Code, "why", why)})
	p := t.Env.Loc.For(locales.ID)
	if err := t.toTicketGroups(o, tk, p.T("aftersales.group_rejected", "ticket", tk.Code, "code", o.Code)); err != nil {
		return err
	}
	t.replyTicket(tk.Code, t.P.T("aftersales.owner_rejected_done", "ticket", tk.Code))
	return nil
}

// --- Owner commands ---

// cmdTickets is "/tiket" (open tickets) or "/tiket KODE" (one ticket).
func (t *turn) cmdTickets(args string) error {
	code, _ := chat.FirstWord(args)
	if code != "" {
		code = strings.ToUpper(code)
		tk, err := t.Tx.TicketByCode(code)
		if store.IsNotFound(err) && chat.LooksLikeCode(code) {
			// An order code shows the order's latest ticket.
			if o, oerr := t.Tx.OrderByCode(code); oerr == nil {
				tk, err = t.Tx.LatestTicketOfOrder(o.ID)
			} else if !store.IsNotFound(oerr) {
				return oerr
			}
		}
		if store.IsNotFound(err) {
			t.Reply(t.P.T("aftersales.unknown_ticket", "ticket", code))
			return nil
		}
		if err != nil {
			return err
		}
		return t.showTicket(tk)
	}
	tks, err := t.Tx.OpenTickets(20)
	if err != nil {
		return err
	}
	if len(tks) == 0 {
		t.Reply(t.P.T("aftersales.no_open_tickets"))
		return nil
	}
	lines := []string{t.P.T("aftersales.open_head")}
	for _, tk := range tks {
		ocode, err := t.Tx.OrderCodeByID(tk.OrderID)
		if err != nil {
			return err
		}
		lines = append(lines, t.P.T("aftersales.open_line", "ticket", tk.Code, "code", ocode,
			"reason", t.P.T("ticket_reason."+tk.Reason), "status", t.P.T("ticket_status."+tk.Status)))
	}
	t.Reply(strings.Join(lines, "\n"))
	return nil
}

func (t *turn) showTicket(tk store.Ticket) error {
	ocode, err := t.Tx.OrderCodeByID(tk.OrderID)
	if err != nil {
		return err
	}
	ev, err := t.Tx.TicketEvidence(tk.ID)
	if err != nil {
		return err
	}
	hist, err := t.Tx.StatusHistory("ticket", tk.ID)
	if err != nil {
		return err
	}
	lines := []string{t.P.T("aftersales.show_head", "ticket", tk.Code, "code", ocode,
		"reason", t.P.T("ticket_reason."+tk.Reason), "status", t.P.T("ticket_status."+tk.Status), "count", len(ev))}
	if tk.Resolution != "" {
		lines = append(lines, t.P.T("aftersales.show_resolution",
			"what", t.P.T("aftersales.resolution."+tk.Resolution, "amount", locales.FormatRupiah(tk.Amount)),
			"by", t.P.T("aftersales.by_"+tk.ProposedBy)))
	}
	for _, h := range hist {
		lines = append(lines, t.P.T("aftersales.show_history", "date", t.P.Date(h.At),
			"status", t.P.T("ticket_status."+h.To), "actor", h.Actor))
	}
	t.Reply(strings.Join(lines, "\n"))
	return nil
}

// cmdTicketRefund is "/refund TIKET [nominal]".
func (t *turn) cmdTicketRefund(args string) error {
	code, rest := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("aftersales.refund_how"))
		return nil
	}
	amount := decimal.Zero
	if rest != "" {
		v, err := locales.ParseRupiah(rest)
		if err != nil || !v.IsPositive() {
			t.Reply(t.P.T("aftersales.refund_bad_amount", "input", rest))
			return nil
		}
		amount = v
	}
	tk, o, ok, err := t.ticketFor(code, func(s string) { t.Reply(s) })
	if err != nil || !ok {
		return err
	}
	return t.propose(tk, o, store.ResolveRefund, amount, byOwner, "")
}

// cmdTicketSimple is "/kirimulang TIKET" or "/tukar TIKET".
func (t *turn) cmdTicketSimple(args, resolution string) error {
	code, _ := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("aftersales.command_how"))
		return nil
	}
	tk, o, ok, err := t.ticketFor(code, func(s string) { t.Reply(s) })
	if err != nil || !ok {
		return err
	}
	return t.propose(tk, o, resolution, decimal.Zero, byOwner, "")
}

// cmdTicketReject is "/tolakkomplain TIKET alasan".
func (t *turn) cmdTicketReject(args string) error {
	code, why := chat.FirstWord(args)
	if code == "" || why == "" {
		t.Reply(t.P.T("aftersales.reject_how"))
		return nil
	}
	tk, o, ok, err := t.ticketFor(code, func(s string) { t.Reply(s) })
	if err != nil || !ok {
		return err
	}
	return t.closeRejected(tk, o, why)
}

// --- Supplier group ---

// groupTicketReply reads a supplier's quote-reply to a ticket card.
func (t *turn) groupTicketReply(code, text string) error {
	if t.Who.SupplierID == 0 {
		return nil
	}
	tk, err := t.Tx.TicketByCode(strings.ToUpper(code))
	if store.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	ocode, err := t.Tx.OrderCodeByID(tk.OrderID)
	if err != nil {
		return err
	}
	o, err := t.Tx.OrderByCode(ocode)
	if err != nil {
		return err
	}
	if !slices.Contains(ticketSuppliers(o), t.Who.SupplierID) {
		return nil // another supplier's ticket: nothing to say
	}
	if store.TicketClosed(tk.Status) {
		t.replyTicket(tk.Code, t.P.T("aftersales.ticket_already_closed", "ticket", tk.Code,
			"status", t.P.T("ticket_status."+tk.Status)))
		return nil
	}
	if tk.Status == store.TicketProcessing {
		return t.groupTicketProgress(tk, o, text)
	}
	word, rest := chat.FirstWord(text)
	switch strings.ToLower(strings.Trim(word, ".,!:")) {
	case "1", "refund", "kembalikan":
		amount := decimal.Zero
		if rest != "" {
			v, err := locales.ParseRupiah(rest)
			if err != nil || !v.IsPositive() {
				t.replyTicket(tk.Code, t.P.T("aftersales.refund_bad_amount", "input", rest))
				return nil
			}
			amount = v
		}
		return t.propose(tk, o, store.ResolveRefund, amount, bySupplier, "")
	case "2", "tukar", "ganti":
		return t.propose(tk, o, store.ResolveSwap, decimal.Zero, bySupplier, "")
	case "3", "kirimulang", "kirim":
		return t.propose(tk, o, store.ResolveResend, decimal.Zero, bySupplier, "")
	case "5", "bukti", "foto", "video":
		if tk.Status == store.TicketAwaitCust && (tk.ProposedBy != bySupplier || tk.OfferSupplier != t.Who.SupplierID) {
			return t.offerWaits(tk, o, resolveEvidence, decimal.Zero) // the offer the customer weighs stays
		}
		return t.askMoreEvidence(tk, o, rest)
	case "4", "tolak":
		if rest == "" {
			t.replyTicket(tk.Code, t.P.T("aftersales.supplier_reject_how", "ticket", tk.Code))
			return nil
		}
		return t.propose(tk, o, store.ResolveReject, decimal.Zero, bySupplier, rest)
	}
	t.replyTicket(tk.Code, t.P.T("aftersales.supplier_how", "ticket", tk.Code))
	return nil
}

// askMoreEvidence asks the customer for more photos or video (supplier or
// owner); what the customer sends next is passed on to both.
func (t *turn) askMoreEvidence(tk store.Ticket, o store.Order, what string) error {
	if err := t.moveTicket(tk, store.TicketAwaitProof, "more evidence asked: "+what); err != nil {
		return err
	}
	cust := t.CustomerPrinter(o)
	text := cust.T("aftersales.more_evidence_asked", "ticket", tk.Code, "code", o.Code, "mb", videoLimitMB)
	if what != "" {
		text += "\n" + cust.T("aftersales.more_evidence_what", "what", what)
	}
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "ticket", ID: tk.Code}, Text: text})
	if err := t.setCustomerState(o, state{Flow: flowAftersales, Step: StepTicketSent,
		Data: stateData{TicketOrder: o.Code, TicketCode: tk.Code}}); err != nil {
		return err
	}
	t.replyTicket(tk.Code, t.P.T("aftersales.more_evidence_sent", "ticket", tk.Code))
	return nil
}

// cmdTicketEvidence is "/mintabukti TIKET [apa]".
func (t *turn) cmdTicketEvidence(args string) error {
	code, what := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("aftersales.command_how"))
		return nil
	}
	tk, o, ok, err := t.ticketFor(code, func(s string) { t.Reply(s) })
	if err != nil || !ok {
		return err
	}
	return t.askMoreEvidence(tk, o, what)
}
