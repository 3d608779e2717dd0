package aftersales

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// Exchanges and resends after the customer agreed: the customer posts the
// return resi, the supplier confirms the item came back, and the supplier's
// new resi reaches the customer as in the shipping flow.

// onTicketReturn reads the return resi the customer sends.
func (t *turn) onTicketReturn(st state, text string) error {
	tk, err := t.Tx.TicketByCode(st.Data.TicketCode)
	if store.IsNotFound(err) {
		return t.Menu("")
	}
	if err != nil {
		return err
	}
	if store.TicketClosed(tk.Status) {
		return t.Menu(t.P.T("aftersales.closed", "ticket", tk.Code))
	}
	o, err := t.Tx.OrderByCode(st.Data.TicketOrder)
	if err != nil {
		return err
	}
	cand, ok := relay.ParseResiText(text)
	if !ok {
		t.Reply(t.P.T("aftersales.return_resi_how", "ticket", tk.Code))
		return nil
	}
	ch, courier := relay.InspectResi(cand, "")
	if err := t.Tx.SetTicketReturnResi(tk.ID, strings.TrimSpace(courier+" "+ch.Number)); err != nil {
		return err
	}
	p := t.Env.Loc.For(locales.ID)
	msg := p.T("aftersales.return_sent", "ticket", tk.Code, "code", o.Code, "courier", courier, "resi", ch.Number)
	if err := t.toTicketGroups(o, tk, msg+"\n"+p.T("aftersales.return_sent_how")); err != nil {
		return err
	}
	t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, msg)
	t.Reply(t.P.T("aftersales.return_noted", "ticket", tk.Code, "resi", ch.Number), t.MenuLabels()...)
	st.Step = StepTicketSent
	return t.save(st)
}

// groupTicketProgress reads a supplier's quote-reply to a ticket being
// processed: the returned item arrived, or the new resi.
func (t *turn) groupTicketProgress(tk store.Ticket, o store.Order, text string) error {
	p := t.Env.Loc.For(locales.ID)
	cust := t.CustomerPrinter(o)
	word, _ := chat.FirstWord(text)
	switch strings.ToLower(strings.Trim(word, ".,!:")) {
	case "diterima", "sampai", "terima", "sudah":
		if tk.Resolution != store.ResolveSwap || !tk.ReturnedAt.IsZero() {
			t.replyTicket(tk.Code, t.P.T("aftersales.progress_how", "ticket", tk.Code))
			return nil
		}
		if err := t.Tx.MarkTicketReturned(tk.ID); err != nil {
			return err
		}
		if o.Status == store.StatusReturn {
			if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusExchange, t.Actor(), "return received "+tk.Code); err != nil {
				return err
			}
		}
		t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "ticket", ID: tk.Code},
			Text: cust.T("aftersales.return_received", "ticket", tk.Code, "code", o.Code)})
		t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, p.T("aftersales.owner_return_received", "ticket", tk.Code, "code", o.Code))
		t.replyTicket(tk.Code, t.P.T("aftersales.group_return_noted", "ticket", tk.Code))
		return nil
	}
	cand, ok := relay.ParseResiText(text)
	if !ok {
		t.replyTicket(tk.Code, t.P.T("aftersales.progress_how", "ticket", tk.Code))
		return nil
	}
	ch, courier := relay.InspectResi(cand, o.Courier)
	if err := t.Tx.SetTicketNewResi(tk.ID, strings.TrimSpace(courier+" "+ch.Number)); err != nil {
		return err
	}
	if store.CanTransition(o.Status, store.StatusShipped) {
		if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusShipped, t.Actor(), "new resi "+tk.Code); err != nil {
			return err
		}
	}
	if err := t.moveTicket(tk, store.TicketDone, "new resi "+ch.Number); err != nil {
		return err
	}
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code},
		Text: cust.T("aftersales.new_resi", "ticket", tk.Code, "code", o.Code, "courier", courier, "resi", ch.Number)})
	t.TellOwners(chat.Ref{Kind: "ticket", ID: tk.Code}, p.T("aftersales.owner_new_resi", "ticket", tk.Code, "code", o.Code,
		"courier", courier, "resi", ch.Number))
	t.replyTicket(tk.Code, t.P.T("aftersales.group_new_resi", "ticket", tk.Code, "resi", ch.Number))
	return nil
}
