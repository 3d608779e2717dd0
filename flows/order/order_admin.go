package order

import (
	"strconv"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/partner"
	"github.com/dropbot/dropbot/flows/refund"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// cmdSetStatus changes an order's status by hand: "/status KODE dikirim
// alasan". The lifecycle still decides what is allowed, a reason is
// required, and the customer hears the new status.
func (t *turn) cmdSetStatus(args string) error {
	code, rest := chat.FirstWord(args)
	word, reason := chat.FirstWord(rest)
	if code == "" || word == "" {
		t.Reply(t.P.T("staff.status_how"))
		return nil
	}
	o, ok, err := t.StaffOrder(code)
	if err != nil || !ok {
		return err
	}
	to, known := t.statusFromWord(word)
	if !known {
		t.Reply(t.P.T("staff.status_unknown", "word", word) + "\n" + t.P.T("staff.status_how"))
		return nil
	}
	if to == store.StatusCancelled {
		return t.cancelByStaff(o, reason)
	}
	if strings.TrimSpace(reason) == "" {
		t.Reply(t.P.T("staff.status_needs_reason", "code", o.Code))
		return nil
	}
	if !store.CanTransition(o.Status, to) {
		t.Reply(t.P.T("staff.status_not_allowed", "code", o.Code, "from", t.P.T("status."+o.Status), "to", t.P.T("status."+to)))
		return nil
	}
	// Three moves carry money or a parcel with them, and have their own
	// command that does the rest; a bare status change would leave the
	// supplier without a card, the customer without a resi or the books
	// without the refund.
	if key, err := t.statusNeedsCommand(o, to); err != nil || key != "" {
		if key != "" {
			t.Reply(t.P.T(key, "code", o.Code))
		}
		return err
	}
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, to, t.Actor(), reason); err != nil {
		return err
	}
	cust := t.CustomerPrinter(o)
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code},
		Text: cust.T("order.status_changed", "code", o.Code, "status", cust.T("status."+to))})
	t.Reply(t.P.T("staff.status_changed", "code", o.Code, "status", t.P.T("status."+to)))
	return nil
}

// statusNeedsCommand names the message that points to the right command
// when /status would skip what that command does, "" when a bare status
// change is fine.
func (t *turn) statusNeedsCommand(o store.Order, to string) (string, error) {
	switch to {
	case store.StatusProcessing:
		if o.Status == store.StatusAwaitPay || o.Status == store.StatusAwaitVerify || o.Status == store.StatusCart {
			return "staff.status_use_lunas", nil // approval sends the cards and books the money
		}
	case store.StatusShipped:
		ships, err := t.Tx.ShipmentsOf(o.ID)
		if err != nil {
			return "", err
		}
		for _, s := range ships {
			if s.Status != store.ShipSent && s.Status != store.ShipCancelled {
				return "staff.status_use_resi", nil // the resi reaches the customer and closes the shipment
			}
		}
	case store.StatusRefund:
		return "staff.status_use_refund", nil // a refund is an amount in the books, not a word
	}
	return "", nil
}

func (t *turn) cmdCancel(args string) error {
	code, reason := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("staff.cancel_how"))
		return nil
	}
	o, ok, err := t.StaffOrder(code)
	if err != nil || !ok {
		return err
	}
	return t.cancelByStaff(o, reason)
}

// cancelByStaff cancels an order with a reason: reserved stock is released
// (unpaid) or sold stock returned (paid), and money the customer paid is
// recorded as a refund owed (a pending payment out) for the owner to send.
func (t *turn) cancelByStaff(o store.Order, reason string) error {
	if strings.TrimSpace(reason) == "" {
		t.Reply(t.P.T("staff.cancel_needs_reason", "code", o.Code))
		return nil
	}
	if !store.CanTransition(o.Status, store.StatusCancelled) {
		t.Reply(t.P.T("staff.cancel_not_allowed", "code", o.Code, "status", t.P.T("status."+o.Status)))
		return nil
	}
	unpaid := o.Status == store.StatusAwaitPay || o.Status == store.StatusAwaitVerify
	ships, err := t.Tx.ShipmentsOf(o.ID)
	if err != nil {
		return err
	}
	for _, s := range ships {
		if s.Status == store.ShipSent {
			// A parcel is on its way: cancelling would refund money for
			// goods the customer still gets. That is a return, not a cancel.
			t.Reply(t.P.T("staff.cancel_part_sent", "code", o.Code))
			return nil
		}
	}
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusCancelled, t.Actor(), reason); err != nil {
		return err
	}
	if err := partner.Cancelled(t.Turn, o); err != nil { // the store voided its commission
		return err
	}
	told, err := t.cancelShipments(o, ships, reason)
	if err != nil {
		return err
	}
	for _, it := range o.Items {
		if it.VariantID == 0 || it.Status != "ok" {
			continue
		}
		var err error
		if unpaid {
			err = t.Tx.Release(it.VariantID, it.Qty)
		} else {
			err = t.Tx.Restock(it.VariantID, it.Qty)
		}
		if err != nil {
			return err
		}
	}
	paid, err := PaidIn(t.Tx, o.ID)
	if err != nil {
		return err
	}
	if _, err := t.Tx.DecidePendingPayments(o.ID, "rejected", t.Actor(), "order cancelled: "+reason); err != nil {
		return err
	}
	// The reason is the shop's own note (kept in the timeline): the
	// customer gets a kind, generic word, never the owner's words.
	cust := t.CustomerPrinter(o)
	text := cust.T("order.cancelled_by_shop", "code", o.Code)
	reply := t.P.T("staff.cancelled", "code", o.Code)
	if len(told) > 0 {
		reply += "\n" + t.P.T("staff.cancel_suppliers_told", "suppliers", strings.Join(told, ", "))
	}
	if !paid.IsPositive() {
		t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code}, Text: text})
		t.Reply(reply)
		return nil
	}
	if _, err := t.Tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "out", Method: o.PaymentMethod, Amount: paid,
		Status: "pending", Actor: t.Actor(), Note: "refund: " + reason}); err != nil {
		return err
	}
	t.Reply(reply + "\n" + t.P.T("staff.refund_owed", "amount", locales.FormatRupiah(paid)))
	return refund.AskCustomer(t.Turn, o, paid, text) // where the money goes, as a stock-out cancel asks it
}

// cancelShipments stops the suppliers' part of an order the shop cancelled
// after releasing it: each open shipment is cancelled, what was booked for
// it in the supplier's ledger is given back (the goods at cost, and the
// customer's money the supplier was to collect), and the supplier's groups
// are told not to ship. Own-stock shipments only need the status. It
// returns the codes of the suppliers told.
func (t *turn) cancelShipments(o store.Order, ships []store.Shipment, reason string) ([]string, error) {
	var told []string
	p := t.Env.Loc.For(locales.ID)
	for _, s := range ships {
		if s.Status == store.ShipCancelled {
			continue
		}
		if err := t.Tx.SetShipmentStatus(s.ID, s.Status, store.ShipCancelled, t.Actor(), "order cancelled by the shop"); err != nil {
			return nil, err
		}
		if s.SupplierID == 0 {
			continue
		}
		sup, err := t.Tx.SupplierByID(s.SupplierID)
		if err != nil {
			return nil, err
		}
		// The reverse of bookShipment, on the lines still in the shipment
		// (lines cancelled earlier were given back then).
		if cost := relay.ShipmentCost(o, sup.ID); cost.IsPositive() {
			if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sup.ID, Kind: store.LedgerRefund, Amount: cost,
				OrderID: o.ID, Actor: t.Actor(), Note: "order " + o.Code + " cancelled by the shop"}); err != nil {
				return nil, err
			}
		}
		share, err := relay.ParcelShare(t.Tx, o, sup.ID) // as bookShipment booked it
		if err != nil {
			return nil, err
		}
		if share.IsPositive() && (o.PaymentMethod == "cod" || sup.PayMode == store.PayCustomerPays) {
			if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sup.ID, Kind: store.LedgerAdjust, Amount: share.Neg(),
				OrderID: o.ID, Actor: t.Actor(), Note: "customer's money for cancelled order " + o.Code}); err != nil {
				return nil, err
			}
		}
		groups, err := t.Tx.SupplierGroups(sup.ID)
		if err != nil {
			return nil, err
		}
		text := p.T("relay.group_order_cancelled", "code", o.Code, "items", relay.ItemNames(relay.ShipmentItems(o, sup.ID)), "reason", reason)
		for _, g := range groups {
			t.Send(chat.Out{To: chat.Address{Channel: g.Channel, ChatID: g.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code}, Text: text})
		}
		if len(groups) > 0 {
			told = append(told, sup.Code)
		}
	}
	return told, nil
}

// cmdRefundSent records that the owner sent a refund: "/refundterkirim
// KODE" with an order or ticket code, or the owner's transfer photo quoting
// the ticket's notice (refundSentPhoto). The pending refunds of the order
// become confirmed (so reports count them), an order in refund is done,
// and the customer hears it, with the photo when there is one.
func (t *turn) cmdRefundSent(args string) error {
	code, _ := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("staff.refund_sent_how"))
		return nil
	}
	return t.refundSent(code, nil)
}

// refundSentPhoto handles a photo quoting a ticket notice: the proof of the
// refund transfer.
func (t *turn) refundSentPhoto(ticketCode string, m *chat.Media) error {
	return t.refundSent(ticketCode, m)
}

func (t *turn) refundSent(code string, m *chat.Media) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	if tk, err := t.Tx.TicketByCode(code); err == nil {
		if code, err = t.Tx.OrderCodeByID(tk.OrderID); err != nil {
			return err
		}
	} else if !store.IsNotFound(err) {
		return err
	}
	o, ok, err := t.StaffOrder(code)
	if err != nil || !ok {
		return err
	}
	var proof int64
	if m != nil {
		proof = m.MediaID
	}
	amount, err := t.Tx.ConfirmRefunds(o.ID, proof, t.Actor())
	if err != nil {
		return err
	}
	if amount.IsZero() {
		t.Reply(t.P.T("staff.refund_none", "code", o.Code))
		return nil
	}
	if o.Status == store.StatusRefund {
		if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusDone, t.Actor(), "refund sent"); err != nil {
			return err
		}
	}
	cust := t.CustomerPrinter(o)
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code}, MediaID: proof,
		Text: cust.T("order.refund_sent", "code", o.Code, "amount", locales.FormatRupiah(amount))})
	t.Reply(t.P.T("staff.refund_confirmed", "code", o.Code, "amount", locales.FormatRupiah(amount)))
	return nil
}

// ordersArgs splits /pesanan's words into the search and the page. A last
// word of one to three digits is the page ("/pesanan dewi 2", "/pesanan
// 2"), unless the whole text is a phone typed in groups ("/pesanan 0857
// 1234 567"): a phone is what an owner types far more often than a page
// after one, except after a phone written as one word ("/pesanan
// 6285712345678 2", the next-page link of a phone search). Four digits or
// more are never a page ("/pesanan 5678").
func ordersArgs(args string) (string, int) {
	words := strings.Fields(args)
	n := len(words)
	if n == 0 {
		return "", 1
	}
	whole := strings.Join(words, " ")
	last := words[n-1]
	if len(last) > 3 || strings.Trim(last, "0123456789") != "" {
		return whole, 1
	}
	if _, err := locales.NormalizePhone(whole); err == nil && n > 1 {
		// "6285712345678 2" (the next-page link of a phone search) is a
		// phone in one word and a page; "0857 1234 567" one phone.
		if _, err := locales.NormalizePhone(words[0]); n > 2 || err != nil {
			return whole, 1
		}
	}
	k, err := strconv.Atoi(last)
	if err != nil || k < 1 {
		return whole, 1
	}
	return strings.Join(words[:n-1], " "), k
}

// phoneSearch turns a phone as people type it into the stored form:
// "0857 1234 5678", "+62 857-1234-5678" → "6285712345678"; a piece of one
// ("0857", "5678") into digits that appear in the stored form (a leading
// 0 is the 62). Anything with a letter is searched as typed.
func phoneSearch(text string) string {
	if p, err := locales.NormalizePhone(text); err == nil {
		return p
	}
	var digits strings.Builder
	for i, r := range text {
		switch {
		case '0' <= r && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0, r == '-', r == '.', r == '(', r == ')', r == ' ':
		default:
			return text
		}
	}
	d := digits.String()
	if len(d) < 3 { // too little to be a piece of a phone
		return text
	}
	if strings.HasPrefix(d, "0") {
		d = "62" + strings.TrimPrefix(d, "0")
	}
	return d
}

// parcelLines are the owner's /cek lines, one per shipment: who ships it
// (the supplier, or the shop's own stock), its status, and the courier
// and resi once known.
func (t *turn) parcelLines(o store.Order) ([]string, error) {
	ships, err := t.Tx.ShipmentsOf(o.ID)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, s := range ships {
		who := t.P.T("staff.detail_ship_own")
		if s.SupplierID != 0 {
			sup, err := t.Tx.SupplierByID(s.SupplierID)
			if err != nil {
				return nil, err
			}
			who = sup.Code + " (" + sup.Name + ")"
		}
		status := t.P.T("relay.ship_status." + s.Status)
		courier := strings.TrimSpace(s.Courier + " " + s.Service)
		if courier == "" && s.Status != store.ShipCancelled { // before its resi: the courier the buyer chose
			courier = strings.TrimSpace(o.Courier + " " + o.Service)
			if p, ok, err := t.Tx.ParcelOf(o.ID, s.SupplierID); err != nil {
				return nil, err
			} else if ok && p.Courier != "" {
				courier = strings.TrimSpace(p.Courier + " " + p.Service)
			}
		}
		switch {
		case s.Resi != "":
			lines = append(lines, t.P.T("staff.detail_ship_resi", "who", who, "status", status, "courier", courier, "resi", s.Resi))
		case courier != "":
			lines = append(lines, t.P.T("staff.detail_ship_courier", "who", who, "status", status, "courier", courier))
		default:
			lines = append(lines, t.P.T("staff.detail_ship", "who", who, "status", status))
		}
	}
	return lines, nil
}
