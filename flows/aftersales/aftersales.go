package aftersales

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// After-sales (issue 7): a customer opens a ticket about a shipped or
// completed order, with evidence; the ticket goes to the supplier group(s)
// of the items and to the owner, who answer with a resolution the customer
// accepts or declines.

// After-sales flow steps.
const (
	flowAftersales     = "aftersales"
	StepTicketOrder    = "tk_order"    // picking which order
	StepTicketReason   = "tk_reason"   // picking the reason
	StepTicketNote     = "tk_note"     // "lainnya": what happened
	StepTicketEvidence = "tk_evidence" // sending photos/videos
	StepTicketSent     = "tk_sent"     // the ticket is with the shop
	StepTicketAnswer   = "tk_answer"   // an offer waits for the customer
	StepTicketReturn   = "tk_return"   // an exchange: the return resi is expected
)

// SettingComplaintHours is how long after completion a complaint may be
// opened (default 48 h).
const SettingComplaintHours = "aftersales.window_hours"

// SettingReturnAddress is where customers send items back (exchanges).
const SettingReturnAddress = "aftersales.return_address"

// videoLimitMB is the platform's video size limit the customer is told.
const videoLimitMB = 20

// complaintStart lists the customer's orders a complaint may be about.
func (t *turn) complaintStart() error {
	orders, err := t.Tx.OrdersOfCustomer(t.Who.CustomerID, 20)
	if err != nil {
		return err
	}
	var labels, codes []string
	for _, o := range orders {
		if o.Status != store.StatusShipped && o.Status != store.StatusDone {
			continue
		}
		labels = append(labels, t.P.T("aftersales.order_option", "code", o.Code, "status", t.P.T("status."+o.Status),
			"date", t.P.Date(o.CreatedAt)))
		codes = append(codes, o.Code)
	}
	switch len(codes) {
	case 0:
		return t.Menu(t.P.T("aftersales.no_orders"))
	case 1:
		return t.complaintOrder(codes[0])
	}
	t.Reply(t.P.T("aftersales.pick_order"), labels...)
	return t.save(state{Flow: flowAftersales, Step: StepTicketOrder, Data: stateData{Choices: codes}})
}

// onTicketOrder reads the number of the order picked from the list.
func (t *turn) onTicketOrder(st state, text string) error {
	norm := chat.Normalize(text)
	if k, ok := chat.MenuNumber(norm); ok && k >= 1 && k <= len(st.Data.Choices) {
		return t.complaintOrder(st.Data.Choices[k-1])
	}
	if chat.LooksLikeCode(norm) {
		return t.complaintOrder(norm)
	}
	t.AddNote(t.P.T("customer.bad_number", "max", len(st.Data.Choices)))
	return t.complaintStart()
}

// complaintOrder checks that an order may get a complaint and asks the reason.
func (t *turn) complaintOrder(code string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return t.complaintStart()
	}
	o, err := t.Tx.OrderByCode(code)
	if store.IsNotFound(err) || (err == nil && o.CustomerID != t.Who.CustomerID) {
		// Someone else's code looks exactly like an unknown one.
		return t.Menu(t.P.T("orders.unknown_code", "code", code))
	}
	if err != nil {
		return err
	}
	if open, err := t.Tx.OpenTicketOfOrder(o.ID); err == nil {
		return t.Menu(t.P.T("aftersales.already_open", "code", o.Code, "ticket", open.Code,
			"status", t.P.T("ticket_status."+open.Status)))
	} else if !store.IsNotFound(err) {
		return err
	}
	switch o.Status {
	case store.StatusShipped:
	case store.StatusDone:
		hours, err := t.Int(ComplaintHours)
		if err != nil {
			return err
		}
		done, err := t.Tx.StatusSince("order", o.ID, store.StatusDone)
		if err != nil {
			return err
		}
		if !done.IsZero() && t.Tx.Now().After(done.Add(time.Duration(hours)*time.Hour)) {
			return t.Menu(t.P.T("aftersales.too_late", "code", o.Code, "hours", hours))
		}
	default:
		return t.Menu(t.P.T("aftersales.not_shipped", "code", o.Code, "status", t.P.T("status."+o.Status)))
	}
	return t.askReason(o)
}

func (t *turn) reasonLabels() []string {
	var out []string
	for _, r := range store.TicketReasons() {
		out = append(out, t.P.T("ticket_reason."+r))
	}
	return out
}

func (t *turn) askReason(o store.Order) error {
	t.Reply(t.P.T("aftersales.pick_reason", "code", o.Code), t.reasonLabels()...)
	return t.save(state{Flow: flowAftersales, Step: StepTicketReason, Data: stateData{TicketOrder: o.Code}})
}

// onTicketReason reads the reason and opens the ticket.
func (t *turn) onTicketReason(st state, text string) error {
	reasons := store.TicketReasons()
	i := -1
	if k, ok := chat.MenuNumber(chat.Normalize(text)); ok {
		if k < 1 || k > len(reasons) {
			t.AddNote(t.P.T("customer.bad_number", "max", len(reasons)))
		} else {
			i = k - 1
		}
	} else {
		i = chat.Choose(text, t.reasonLabels())
	}
	o, err := t.Tx.OrderByCode(st.Data.TicketOrder)
	if err != nil || o.CustomerID != t.Who.CustomerID {
		if err != nil && !store.IsNotFound(err) {
			return err
		}
		return t.Menu("")
	}
	if i < 0 {
		return t.askReason(o)
	}
	reason := reasons[i]
	if reason == store.ReasonOther {
		t.Reply(t.P.T("aftersales.ask_note"))
		st.Step, st.Data.TicketReason = StepTicketNote, reason
		return t.save(st)
	}
	return t.openTicket(o, reason, "")
}

// onTicketNote reads what happened ("lainnya").
func (t *turn) onTicketNote(st state, text string) error {
	o, err := t.Tx.OrderByCode(st.Data.TicketOrder)
	if err != nil || o.CustomerID != t.Who.CustomerID {
		if err != nil && !store.IsNotFound(err) {
			return err
		}
		return t.Menu("")
	}
	note := noteText(text, maxNoteTotal)
	if note == "" {
		// "ok" or an emoji says nothing the supplier could act on.
		t.Reply(t.P.T("aftersales.ask_note"))
		return nil
	}
	return t.openTicket(o, st.Data.TicketReason, note)
}

// openTicket stores the ticket, moves the order to komplain and either asks
// for evidence or relays the ticket at once.
func (t *turn) openTicket(o store.Order, reason, note string) error {
	// The order may have moved since the customer started (checked again).
	if o.Status != store.StatusShipped && o.Status != store.StatusDone {
		return t.Menu(t.P.T("aftersales.not_shipped", "code", o.Code, "status", t.P.T("status."+o.Status)))
	}
	tk := store.Ticket{OrderID: o.ID, CustomerID: o.CustomerID, Reason: reason, Note: note, OrderStatus: o.Status}
	if store.ReasonNeedsEvidence(reason) {
		tk.Status = store.TicketAwaitProof
	}
	if err := t.Tx.CreateTicket(&tk, t.Actor()); err != nil {
		if store.ErrorCode(err) == store.EConflict {
			return t.Menu(t.P.T("aftersales.already_open_short", "code", o.Code))
		}
		return err
	}
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusComplaint, t.Actor(), "complaint "+tk.Code); err != nil {
		return err
	}
	data := stateData{TicketOrder: o.Code, TicketCode: tk.Code}
	if tk.Status == store.TicketAwaitProof {
		t.Reply(t.P.T("aftersales.ask_evidence", "ticket", tk.Code, "mb", videoLimitMB), t.P.T("aftersales.option_done"))
		return t.save(state{Flow: flowAftersales, Step: StepTicketEvidence, Data: data})
	}
	if err := t.relayTicket(o, tk); err != nil {
		return err
	}
	t.Reply(t.P.T("aftersales.opened", "ticket", tk.Code, "code", o.Code), t.MenuLabels()...)
	return t.save(state{Flow: flowAftersales, Step: StepTicketSent, Data: data})
}

// onTicketEvidence reads text while evidence is expected: "selesai" or
// "lanjut" sends the ticket on.
func (t *turn) onTicketEvidence(st state, text string) error {
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
	norm := chat.Normalize(text)
	done := norm == "selesai" || norm == "lanjut" || norm == "sudah" || norm == "1" || norm == "done" ||
		chat.Choose(text, []string{t.P.T("aftersales.option_done")}) == 0
	if !done {
		// A description typed between the photos is kept for the card,
		// not answered with the instructions and dropped.
		added, err := t.addTicketNote(tk, text)
		if err != nil {
			return err
		}
		key := "aftersales.evidence_how"
		if added {
			key = "aftersales.note_added"
		}
		t.Reply(t.P.T(key, "ticket", tk.Code, "mb", videoLimitMB), t.P.T("aftersales.option_done"))
		return nil
	}
	ev, err := t.Tx.TicketEvidence(tk.ID)
	if err != nil {
		return err
	}
	if len(ev) == 0 {
		t.Reply(t.P.T("aftersales.need_evidence", "mb", videoLimitMB), t.P.T("aftersales.option_done"))
		return nil
	}
	o, err := t.Tx.OrderByCode(st.Data.TicketOrder)
	if err != nil {
		return err
	}
	if err := t.relayTicket(o, tk); err != nil {
		return err
	}
	t.Reply(t.P.T("aftersales.opened", "ticket", tk.Code, "code", o.Code), t.MenuLabels()...)
	st.Step = StepTicketSent
	return t.save(st)
}

// ticketMedia handles a photo or video while the customer is in the
// after-sales flow. It reports false when the media is not about a ticket
// (a payment proof goes its usual way).
func (t *turn) ticketMedia(st state, m *chat.Media) (bool, error) {
	var tk store.Ticket
	var err error
	if st.Flow == flowAftersales && st.Data.TicketCode != "" {
		tk, err = t.Tx.TicketByCode(st.Data.TicketCode)
	} else {
		// The customer left the flow: their latest ticket still takes the
		// photo, unless an order of theirs waits for a payment proof.
		if waiting, werr := t.awaitsProof(); werr != nil || waiting {
			return false, werr
		}
		tk, err = t.Tx.LatestTicketOfCustomer(t.Who.CustomerID)
		if err == nil && store.TicketClosed(tk.Status) && t.Tx.Now().Sub(tk.ClosedAt) > 7*24*time.Hour {
			return false, nil
		}
		if err == nil {
			code, cerr := t.Tx.OrderCodeByID(tk.OrderID)
			if cerr != nil {
				return true, cerr
			}
			st = state{Flow: flowAftersales, Step: StepTicketSent, Data: stateData{TicketOrder: code, TicketCode: tk.Code}}
		}
	}
	if store.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	if store.TicketClosed(tk.Status) {
		t.Reply(t.P.T("aftersales.closed", "ticket", tk.Code), t.MenuLabels()...)
		return true, t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
	}
	switch {
	case m.TooBig:
		t.Reply(t.P.T("aftersales.too_big", "mb", videoLimitMB), t.P.T("aftersales.option_done"))
		return true, nil
	case (m.Kind != chat.MediaPhoto && m.Kind != chat.MediaVideo) || m.MediaID == 0:
		t.Reply(t.P.T("aftersales.photo_or_video", "mb", videoLimitMB), t.P.T("aftersales.option_done"))
		return true, nil
	}
	if err := t.Tx.AddTicketMedia(tk.ID, m.MediaID, m.Kind); err != nil {
		return true, err
	}
	caption := strings.TrimSpace(t.Msg.Text)
	if st.Step == StepTicketEvidence {
		if _, err := t.addTicketNote(tk, caption); err != nil {
			return true, err
		}
		t.Reply(t.P.T("aftersales.evidence_got", "ticket", tk.Code), t.P.T("aftersales.option_done"))
		return true, nil
	}
	// More evidence on a ticket already with the shop: passed on.
	o, err := t.Tx.OrderByCode(st.Data.TicketOrder)
	if err != nil {
		return true, err
	}
	p := t.Env.Loc.For(locales.ID)
	text := p.T("aftersales.more_evidence", "ticket", tk.Code, "code", o.Code)
	if note := noteText(caption, maxNoteAdd); note != "" {
		text += "\n" + p.T("aftersales.card_note", "note", note)
	}
	if err := t.toTicketParties(o, tk, chat.Out{Text: text, MediaID: m.MediaID}); err != nil {
		return true, err
	}
	if tk.Status == store.TicketAwaitProof {
		if err := t.Tx.SetTicketStatus(tk.ID, tk.Status, store.TicketAwaitSupp, t.Actor(), "more evidence"); err != nil {
			return true, err
		}
	}
	t.Reply(t.P.T("aftersales.evidence_forwarded", "ticket", tk.Code))
	return true, nil
}

// Limits of what a customer writes on a ticket: one addition, and all.
const (
	maxNoteAdd   = 500
	maxNoteTotal = 2000
)

// noteText is text fit to go on a ticket: trimmed, at most max runes, and
// "" unless it has at least three letters (not a stray "ok" or emoji).
func noteText(text string, max int) string {
	text = strings.TrimSpace(text)
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 3 {
		return ""
	}
	if r := []rune(text); len(r) > max {
		text = string(r[:max]) + "…"
	}
	return text
}

// addTicketNote adds what the customer wrote (a caption, a line between the
// photos) to the ticket's note, up to maxNoteTotal, and reports whether
// anything was added.
func (t *turn) addTicketNote(tk store.Ticket, text string) (bool, error) {
	add := noteText(text, maxNoteAdd)
	if add == "" {
		return false, nil
	}
	note := add
	if tk.Note != "" {
		note = tk.Note + "\n" + add
	}
	if utf8.RuneCountInString(note) > maxNoteTotal {
		return false, nil
	}
	return true, t.Tx.SetTicketNote(tk.ID, note)
}

// awaitsProof reports whether one of the customer's recent orders waits
// for payment or its check (a photo then is a payment proof).
func (t *turn) awaitsProof() (bool, error) {
	orders, err := t.Tx.OrdersOfCustomer(t.Who.CustomerID, 10)
	if err != nil {
		return false, err
	}
	for _, o := range orders {
		if o.Status == store.StatusAwaitPay || o.Status == store.StatusAwaitVerify {
			return true, nil
		}
	}
	return false, nil
}

// ticketSuppliers are the suppliers (not own stock) of an order's lines.
func ticketSuppliers(o store.Order) []int64 {
	var out []int64
	for _, s := range relay.OrderSuppliers(o) {
		if s != 0 {
			out = append(out, s)
		}
	}
	return out
}

// toTicketParties sends one message to every group of the order's
// suppliers and to the owners, about the ticket.
func (t *turn) toTicketParties(o store.Order, tk store.Ticket, out chat.Out) error {
	out.Ref = chat.Ref{Kind: "ticket", ID: tk.Code}
	for _, sid := range ticketSuppliers(o) {
		groups, err := t.Tx.SupplierGroups(sid)
		if err != nil {
			return err
		}
		for _, g := range groups {
			o2 := out
			o2.To = chat.Address{Channel: g.Channel, ChatID: g.ChatID}
			t.Send(o2)
		}
	}
	owners, err := t.Tx.Staff(store.StaffOwner)
	if err != nil {
		return err
	}
	for _, ow := range owners {
		o2 := out
		o2.To = chat.Address{Channel: ow.Channel, ChatID: ow.UserID}
		t.Send(o2)
	}
	return nil
}

// relayTicket sends the ticket with its evidence to the supplier group(s)
// and the owners, and moves it to menunggu_supplier (or leaves it dibuka
// for the owner when no supplier is involved).
func (t *turn) relayTicket(o store.Order, tk store.Ticket) error {
	p := t.Env.Loc.For(locales.ID)
	ev, err := t.Tx.TicketEvidence(tk.ID)
	if err != nil {
		return err
	}
	name := o.RecipientName
	sups := ticketSuppliers(o)
	for _, sid := range sups {
		groups, err := t.Tx.SupplierGroups(sid)
		if err != nil {
			return err
		}
		text := t.ticketCard(p, o, tk, relay.ShipmentItems(o, sid), name, len(ev)) + "\n\n" + p.T("aftersales.card_supplier_how")
		for _, g := range groups {
			t.Send(chat.Out{To: chat.Address{Channel: g.Channel, ChatID: g.ChatID}, Text: text, Options: ticketOptions(p),
				Ref: chat.Ref{Kind: "ticket", ID: tk.Code}})
			for _, m := range ev {
				t.Send(chat.Out{To: chat.Address{Channel: g.Channel, ChatID: g.ChatID}, MediaID: m.MediaID, Ref: chat.Ref{Kind: "ticket", ID: tk.Code},
					Text: p.T("aftersales.evidence_caption", "ticket", tk.Code)})
			}
		}
	}
	owners, err := t.Tx.Staff(store.StaffOwner)
	if err != nil {
		return err
	}
	text := t.ticketCard(p, o, tk, o.Items, name, len(ev)) + "\n\n" + p.T("aftersales.card_owner_how", "ticket", tk.Code)
	for _, ow := range owners {
		t.Send(chat.Out{To: chat.Address{Channel: ow.Channel, ChatID: ow.UserID}, Text: text, Ref: chat.Ref{Kind: "ticket", ID: tk.Code}})
		for _, m := range ev {
			t.Send(chat.Out{To: chat.Address{Channel: ow.Channel, ChatID: ow.UserID}, MediaID: m.MediaID, Ref: chat.Ref{Kind: "ticket", ID: tk.Code},
				Text: p.T("aftersales.evidence_caption", "ticket", tk.Code)})
		}
	}
	if len(sups) == 0 {
		return nil
	}
	if tk.Status != store.TicketAwaitSupp {
		if err := t.Tx.SetTicketStatus(tk.ID, tk.Status, store.TicketAwaitSupp, t.Actor(), "sent to supplier"); err != nil {
			return err
		}
	}
	return t.scheduleTicketRemind(tk)
}

func ticketOptions(p locales.Printer) []string {
	return []string{p.T("aftersales.option_refund"), p.T("aftersales.option_swap"), p.T("aftersales.option_resend"),
		p.T("aftersales.option_reject"), p.T("aftersales.option_evidence")}
}

// ticketCard is the ticket as the supplier and the owner read it.
func (t *turn) ticketCard(p locales.Printer, o store.Order, tk store.Ticket, items []store.OrderItem, name string, evidence int) string {
	var b strings.Builder
	b.WriteString(p.T("aftersales.card_head", "ticket", tk.Code, "code", o.Code))
	b.WriteString("\n" + p.T("aftersales.card_reason", "reason", p.T("ticket_reason."+tk.Reason)))
	if tk.Note != "" {
		b.WriteString("\n" + p.T("aftersales.card_note", "note", tk.Note))
	}
	b.WriteString("\n" + relay.CardItemLines(p, items, false))
	b.WriteString("\n" + p.T("aftersales.card_customer", "name", name, "courier", o.Courier))
	if evidence > 0 {
		b.WriteString("\n" + p.T("aftersales.card_evidence", "count", evidence))
	}
	return b.String()
}

// cmdComplaint is "/komplain KODE" for a customer.
func (t *turn) cmdComplaint(args string) error {
	code, _ := chat.FirstWord(args)
	return t.complaintOrder(code)
}

// Resolutions the owner's commands name (flows/staff.go).
const (
	resolveResend = store.ResolveResend
	resolveSwap   = store.ResolveSwap
)
