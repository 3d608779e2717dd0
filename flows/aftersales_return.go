package flows

import (
	"strings"

	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// Exchanges and resends after the customer agreed: the customer posts the
// return resi, the supplier confirms the item came back, and the supplier's
// new resi reaches the customer as in the shipping flow.

// onTicketReturn reads the return resi the customer sends.
func (t *turn) onTicketReturn(st state, text string) error {
	tk, err := t.tx.TicketByCode(st.Data.TicketCode)
	if store.IsNotFound(err) {
		return t.menu("")
	}
	if err != nil {
		return err
	}
	if store.TicketClosed(tk.Status) {
		return t.menu(t.p.T("aftersales.closed", "ticket", tk.Code))
	}
	o, err := t.tx.OrderByCode(st.Data.TicketOrder)
	if err != nil {
		return err
	}
	cand, ok := parseResiText(text)
	if !ok {
		t.reply(t.p.T("aftersales.return_resi_how", "ticket", tk.Code))
		return nil
	}
	ch, courier := inspectResi(cand, "")
	if err := t.tx.SetTicketReturnResi(tk.ID, strings.TrimSpace(courier+" "+ch.Number)); err != nil {
		return err
	}
	p := t.shop.loc.For(locales.ID)
	msg := p.T("aftersales.return_sent", "ticket", tk.Code, "code", o.Code, "courier", courier, "resi", ch.Number)
	if err := t.toTicketGroups(o, tk, msg+"\n"+p.T("aftersales.return_sent_how")); err != nil {
		return err
	}
	t.tellOwners(Ref{Kind: "ticket", ID: tk.Code}, msg)
	t.reply(t.p.T("aftersales.return_noted", "ticket", tk.Code, "resi", ch.Number), t.menuLabels()...)
	st.Step = stepTicketSent
	return t.save(st)
}

// groupTicketProgress reads a supplier's quote-reply to a ticket being
// processed: the returned item arrived, or the new resi.
func (t *turn) groupTicketProgress(tk store.Ticket, o store.Order, text string) error {
	p := t.shop.loc.For(locales.ID)
	cust := t.customerPrinter(o)
	word, _ := firstWord(text)
	switch strings.ToLower(strings.Trim(word, ".,!:")) {
	case "diterima", "sampai", "terima", "sudah":
		if tk.Resolution != store.ResolveSwap || !tk.ReturnedAt.IsZero() {
			t.replyTicket(tk.Code, t.p.T("aftersales.progress_how", "ticket", tk.Code))
			return nil
		}
		if err := t.tx.MarkTicketReturned(tk.ID); err != nil {
			return err
		}
		if o.Status == store.StatusReturn {
			if err := t.tx.SetOrderStatus(o.ID, o.Status, store.StatusExchange, t.actor(), "return received "+tk.Code); err != nil {
				return err
			}
		}
		t.send(Out{To: Address{o.Channel, o.ChatID}, Ref: Ref{Kind: "ticket", ID: tk.Code},
			Text: cust.T("aftersales.return_received", "ticket", tk.Code, "code", o.Code)})
		t.tellOwners(Ref{Kind: "ticket", ID: tk.Code}, p.T("aftersales.owner_return_received", "ticket", tk.Code, "code", o.Code))
		t.replyTicket(tk.Code, t.p.T("aftersales.group_return_noted", "ticket", tk.Code))
		return nil
	}
	cand, ok := parseResiText(text)
	if !ok {
		t.replyTicket(tk.Code, t.p.T("aftersales.progress_how", "ticket", tk.Code))
		return nil
	}
	ch, courier := inspectResi(cand, o.Courier)
	if err := t.tx.SetTicketNewResi(tk.ID, strings.TrimSpace(courier+" "+ch.Number)); err != nil {
		return err
	}
	if store.CanTransition(o.Status, store.StatusShipped) {
		if err := t.tx.SetOrderStatus(o.ID, o.Status, store.StatusShipped, t.actor(), "new resi "+tk.Code); err != nil {
			return err
		}
	}
	if err := t.moveTicket(tk, store.TicketDone, "new resi "+ch.Number); err != nil {
		return err
	}
	t.send(Out{To: Address{o.Channel, o.ChatID}, Ref: Ref{Kind: "order", ID: o.Code},
		Text: cust.T("aftersales.new_resi", "ticket", tk.Code, "code", o.Code, "courier", courier, "resi", ch.Number)})
	t.tellOwners(Ref{Kind: "ticket", ID: tk.Code}, p.T("aftersales.owner_new_resi", "ticket", tk.Code, "code", o.Code,
		"courier", courier, "resi", ch.Number))
	t.replyTicket(tk.Code, t.p.T("aftersales.group_new_resi", "ticket", tk.Code, "resi", ch.Number))
	return nil
}
