package relay

import (
	"fmt"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/resi"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// replyAbout answers in the current chat with a message about an order, so
// that quoting the answer names the order as quoting the card does.
func (t *turn) replyAbout(code, text string, options ...string) {
	t.Send(chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, Text: text, Options: options, Ref: chat.Ref{Kind: "order", ID: code}})
}

// groupShipment finds the shipment of this group's supplier in the order
// named by code. An unknown code, another supplier's order and a group
// that is not linked all get the same answer, so a group learns nothing
// about orders that are not its own.
func (t *turn) groupShipment(code string) (store.Order, store.Shipment, bool, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if t.Who.SupplierID == 0 || code == "" {
		t.Reply(t.P.T("relay.unknown_order", "code", chat.Clip(code, 12)))
		return store.Order{}, store.Shipment{}, false, nil
	}
	o, err := t.Tx.OrderByCode(code)
	if err != nil && !store.IsNotFound(err) {
		return o, store.Shipment{}, false, err
	}
	var s store.Shipment
	if err == nil {
		s, err = t.Tx.ShipmentFor(o.ID, t.Who.SupplierID)
		if err != nil && !store.IsNotFound(err) {
			return o, s, false, err
		}
	}
	if err != nil {
		t.Reply(t.P.T("relay.unknown_order", "code", chat.Clip(code, 12)))
		return store.Order{}, store.Shipment{}, false, nil
	}
	return o, s, true, nil
}

// groupAct runs "/terima KODE", "/habis KODE [barang]" or "/resi KODE
// [kurir] NOMOR" in a group. Without a code it works on the group's one
// open card, or asks which.
func (t *turn) groupAct(action, args string) error {
	code, rest := chat.FirstWord(args)
	if !chat.LooksLikeCode(code) && t.Msg.ReplyRef.Kind == "order" {
		// "/resi NOMOR" quoting a card: the quoted order.
		code, rest = t.Msg.ReplyRef.ID, args
	}
	if !chat.LooksLikeCode(code) {
		if action == ActAccept && code != "" {
			t.Reply(t.P.T("relay.unknown_order", "code", chat.Clip(strings.ToUpper(code), 12)))
			return nil
		}
		return t.groupPick(action, args)
	}
	o, s, ok, err := t.groupShipment(code)
	if err != nil || !ok {
		return err
	}
	return t.act(action, o, s, rest)
}

// act runs an action on a shipment the speaker may act on.
func (t *turn) act(action string, o store.Order, s store.Shipment, args string) error {
	switch action {
	case ActAccept:
		return t.accept(o, s)
	case ActOut:
		return t.markOut(o, s, args)
	}
	return t.takeResi(o, s, args)
}

// groupPick acts on the group's only open card when no order was named,
// or asks which order is meant.
func (t *turn) groupPick(action, args string) error {
	if t.Who.SupplierID == 0 {
		t.Reply(t.P.T("supgroup.not_linked"))
		return nil
	}
	open, err := t.Tx.OpenShipments(t.Who.SupplierID)
	if err != nil {
		return err
	}
	var fit []store.OpenShipment
	for _, s := range open {
		switch {
		case action == ActAccept && s.Status == store.ShipPacking:
		case action == ActOut && s.Status == store.ShipOut:
		default:
			fit = append(fit, s)
		}
	}
	switch len(fit) {
	case 0:
		if action == ActResi {
			if warned, err := t.resiForCancelled(args); warned || err != nil {
				return err
			}
		}
		t.Reply(t.P.T("relay.none_open"))
		return nil
	case 1:
		if action == ActOut && t.Msg.ReplyRef.Kind == "" {
			if _, _, isCmd := chat.SplitCommand(t.Msg.Text); !isCmd {
				// "habis" said in passing is not enough to mark an order.
				t.Reply(t.P.T("relay.out_quote", "code", fit[0].Code))
				return nil
			}
		}
		o, err := t.orderByID(fit[0].OrderID)
		if err != nil {
			return err
		}
		return t.act(action, o, fit[0].Shipment, args)
	}
	codes := make([]string, len(fit))
	for i, s := range fit {
		codes[i] = s.Code
	}
	t.Reply(t.P.T("relay.which_order", "orders", strings.Join(codes, ", "), "how", t.P.T("relay.which_how."+action)))
	return nil
}

// groupReply reads a quote-reply to an order card in a group: "1"/"terima",
// "2"/"habis [barang]", or a resi (optionally with the courier).
func (t *turn) groupReply(code, text string) error {
	o, s, ok, err := t.groupShipment(code)
	if err != nil || !ok {
		return err
	}
	if text == "" {
		t.replyAbout(o.Code, t.P.T("relay.photo_needs_text", "code", o.Code))
		return nil
	}
	word, rest := chat.FirstWord(text)
	switch strings.ToLower(strings.Trim(word, ".,!:")) {
	case "1", "terima", "diterima", "ok", "oke", "okey", "siap", "sip", "proses", "accept":
		return t.accept(o, s)
	case "2", "habis", "kosong":
		return t.markOut(o, s, rest)
	case "resi", "awb":
		return t.takeResi(o, s, rest)
	}
	if _, ok := ParseResiText(text); ok {
		return t.takeResi(o, s, text)
	}
	t.replyAbout(o.Code, t.P.T("relay.reply_how", "code", o.Code))
	return nil
}

// bareResi reads a plain message in a linked group that is only a resi
// (maybe with the courier): it goes to the one card waiting for a resi, or
// the group is asked which order it is for. Anything else is chatter and
// gets no answer.
func (t *turn) bareResi(text string) error {
	cand, ok := ParseResiText(text)
	if !ok || len(strings.Fields(text)) > 5 {
		return t.resiInChatter(text)
	}
	n := resi.Normalize(cand.raw)
	if len(n) < resi.MinLen || len(n) > resi.MaxLen || looksLikePhone(n) {
		return nil
	}
	return t.groupPick(ActResi, text)
}

// ownerAct runs "/terima KODE", "/habis KODE [barang]" or "/resi KODE
// [kurir] NOMOR" in the owner's private chat: on the own-stock part of the
// order, or on the order's only shipment.
func (t *turn) ownerAct(action, args string) error {
	code, rest := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("relay.owner_act_how"))
		return nil
	}
	o, ok, err := t.StaffOrder(code)
	if err != nil || !ok {
		return err
	}
	ships, err := t.Tx.ShipmentsOf(o.ID)
	if err != nil {
		return err
	}
	switch {
	case len(ships) == 0:
		t.replyAbout(o.Code, t.P.T("relay.not_released", "code", o.Code, "status", t.P.T("status."+o.Status)))
		return nil
	case ships[0].SupplierID == 0 || len(ships) == 1:
		return t.act(action, o, ships[0], rest)
	}
	var codes []string
	for _, s := range ships {
		sup, err := t.Tx.SupplierByID(s.SupplierID)
		if err != nil {
			return err
		}
		codes = append(codes, sup.Code)
	}
	t.replyAbout(o.Code, t.P.T("relay.owner_use_group", "code", o.Code, "suppliers", strings.Join(codes, ", ")))
	return nil
}

// released reports whether an order is with its suppliers and not shipped.
func released(status string) bool {
	return status == store.StatusProcessing || status == store.StatusPacked
}

// shipmentLabel names who ships a shipment: the supplier's code, or the
// owner's own stock.
func (t *turn) shipmentLabel(p locales.Printer, s store.Shipment) (string, error) {
	if s.SupplierID == 0 {
		return p.T("relay.own_stock"), nil
	}
	sup, err := t.Tx.SupplierByID(s.SupplierID)
	if err != nil {
		return "", err
	}
	return sup.Code, nil
}

// refuseClosed answers when a shipment cannot take an action any more.
func (t *turn) refuseClosed(o store.Order, s store.Shipment) bool {
	switch {
	case s.Status == store.ShipCancelled:
		t.replyAbout(o.Code, t.P.T("relay.ship_cancelled", "code", o.Code))
	case !released(o.Status) && o.Status != store.StatusShipped:
		t.replyAbout(o.Code, t.P.T("relay.order_closed", "code", o.Code, "status", t.P.T("status."+o.Status)))
	default:
		return false
	}
	return true
}

// accept is "terima": the supplier will pack it. The first acceptance of
// an order moves it to dikemas and tells the customer.
func (t *turn) accept(o store.Order, s store.Shipment) error {
	if t.refuseClosed(o, s) {
		return nil
	}
	switch s.Status {
	case store.ShipSent:
		t.replyAbout(o.Code, t.P.T("relay.accept_sent", "code", o.Code, "resi", s.Resi))
		return nil
	case store.ShipPacking:
		t.replyAbout(o.Code, t.P.T("relay.accept_again", "code", o.Code))
		return nil
	}
	if s.Status == store.ShipOut {
		// Back in stock: the lines marked habis are packed after all.
		for _, it := range ShipmentItems(o, s.SupplierID) {
			if it.Status == store.ItemOut {
				if err := t.Tx.SetItemStatus(o.ID, it.ID, store.ItemOut, store.ItemOK); err != nil {
					return err
				}
			}
		}
	}
	if err := t.Tx.SetShipmentStatus(s.ID, s.Status, store.ShipPacking, t.Actor(), "terima"); err != nil {
		return err
	}
	if o.Status == store.StatusProcessing {
		if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusPacked, t.Actor(), "accepted by the supplier"); err != nil {
			return err
		}
		cust := t.CustomerPrinter(o)
		t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code}, Text: cust.T("relay.cust_packing", "code", o.Code)})
	}
	hours, err := t.Int(ResiRemindHours)
	if err != nil {
		return err
	}
	if err := t.Tx.ScheduleJob(JobResiRemind, fmt.Sprint(s.ID), t.Tx.Now().Add(time.Duration(hours)*time.Hour)); err != nil {
		return err
	}
	if t.Msg.Group {
		t.replyAbout(o.Code, t.P.T("relay.accepted", "code", o.Code))
	} else {
		t.replyAbout(o.Code, t.P.T("relay.accepted_own", "code", o.Code))
	}
	return nil
}

// pickItems chooses lines of a card: all of them (no argument), by their
// number on the card, or by words of the SKU, name or variant.
func pickItems(items []store.OrderItem, arg string) ([]store.OrderItem, bool) {
	arg = chat.Normalize(arg)
	if arg == "" || arg == "semua" || arg == "semuanya" || arg == "all" {
		return items, len(items) > 0
	}
	if n, ok := chat.MenuNumber(arg); ok {
		if n >= 1 && n <= len(items) {
			return items[n-1 : n], true
		}
		return nil, false
	}
	var out []store.OrderItem
	for _, it := range items {
		hay := strings.Fields(strings.ToLower(it.SKU + " " + it.ProductName + " " + it.VariantName))
		all := true
		for _, w := range strings.Fields(arg) {
			if !wordIn(w, hay) {
				all = false
				break
			}
		}
		if all {
			out = append(out, it)
		}
	}
	return out, len(out) == 1
}

// wordIn reports whether w is one of the words, or (3 letters or more)
// the start of one.
func wordIn(w string, words []string) bool {
	for _, h := range words {
		if h == w || (len(w) >= 3 && strings.HasPrefix(h, w)) {
			return true
		}
	}
	return false
}

// ItemNames lists lines for a message: "2 × Gamis Syari Motif Bunga M".
func ItemNames(items []store.OrderItem) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = fmt.Sprintf("%d × %s", it.Qty, strings.TrimSpace(it.ProductName+" "+it.VariantName))
	}
	return strings.Join(parts, ", ")
}

// markOut is "habis [barang]": the lines are out of stock. The variant is
// sold out in the catalogue too; the owner and the customer are told, and
// the customer chooses: wait, swap the variant, or cancel with a refund.
func (t *turn) markOut(o store.Order, s store.Shipment, arg string) error {
	if s.Status == store.ShipSent {
		t.replyAbout(o.Code, t.P.T("relay.out_after_sent", "code", o.Code, "resi", s.Resi))
		return nil
	}
	if t.refuseClosed(o, s) {
		return nil
	}
	if o.Status == store.StatusShipped {
		t.replyAbout(o.Code, t.P.T("relay.out_after_sent", "code", o.Code, "resi", s.Resi))
		return nil
	}
	items := ShipmentItems(o, s.SupplierID)
	chosen, ok := pickItems(items, arg)
	if chat.Normalize(arg) == "" && countOK(items) > 1 {
		ok = false // several items: a bare "habis" says which (or "semua")
	}
	if !ok {
		t.replyAbout(o.Code, t.P.T("relay.out_which", "code", o.Code,
			"items", CardItemLines(t.Env.Loc.For(locales.ID), items, false)))
		return nil
	}
	var marked []store.OrderItem
	for _, it := range chosen {
		if it.Status != store.ItemOK {
			continue
		}
		if err := t.Tx.SetItemStatus(o.ID, it.ID, store.ItemOK, store.ItemOut); err != nil {
			return err
		}
		if it.VariantID != 0 {
			if err := t.Tx.SetVariantStock(it.VariantID, sqlInt(0), t.Actor()); err != nil && !store.IsNotFound(err) {
				return err
			}
		}
		marked = append(marked, it)
	}
	if len(marked) == 0 {
		t.replyAbout(o.Code, t.P.T("relay.out_already", "code", o.Code))
		return nil
	}
	if s.Status != store.ShipOut {
		if err := t.Tx.SetShipmentStatus(s.ID, s.Status, store.ShipOut, t.Actor(), "habis"); err != nil {
			return err
		}
	}
	names := ItemNames(marked)
	if !t.Msg.Group {
		// The owner marked their own stock: no need to tell them again.
		t.replyAbout(o.Code, t.P.T("relay.out_noted_own", "code", o.Code, "items", names))
		return t.askCustomerOut(o, names)
	}
	t.replyAbout(o.Code, t.P.T("relay.out_noted", "code", o.Code, "items", names))
	owner := t.OwnerPrinter()
	label, err := t.shipmentLabel(owner, s)
	if err != nil {
		return err
	}
	t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, owner.T("relay.owner_out", "code", o.Code, "supplier", label, "items", names))
	return t.askCustomerOut(o, names)
}

// countOK counts the lines not marked out yet.
func countOK(items []store.OrderItem) int {
	n := 0
	for _, it := range items {
		if it.Status == store.ItemOK {
			n++
		}
	}
	return n
}

// takeResi records a resi for a shipment (again = a correction), tells the
// customer with the courier and its tracking page, and moves the order to
// dikirim when every shipment has its resi.
func (t *turn) takeResi(o store.Order, s store.Shipment, text string) error {
	if w, rest := chat.FirstWord(text); strings.EqualFold(w, o.Code) {
		text = rest // "K7M2P JNE 1704…" quoting K7M2P's card
	}
	if cand, ok := ParseResiText(text); ok && t.Msg.Group && s.Resi == "" &&
		(s.Status == store.ShipCancelled || o.Status == store.StatusCancelled) {
		t.warnCancelledResi([]string{o.Code}, resi.Normalize(cand.raw))
		return nil
	}
	if t.refuseClosed(o, s) {
		return nil
	}
	cand, ok := ParseResiText(text)
	if !ok {
		t.replyAbout(o.Code, t.P.T("relay.resi_how", "code", o.Code))
		return nil
	}
	expected, _, _, err := t.parcelCourier(o, s.SupplierID) // this parcel's courier: each may have its own
	if err != nil {
		return err
	}
	ch, courier := InspectResi(cand, expected)
	if ch.Number == s.Resi {
		t.replyAbout(o.Code, t.P.T("relay.resi_same", "code", o.Code, "resi", s.Resi))
		return nil
	}
	before, err := t.Tx.SetShipmentResi(s.ID, courier, ch.Number, ch.Raw, t.Actor())
	if err != nil {
		return err
	}
	// The tracker follows the parcel from here (a corrected resi replaces
	// the one followed).
	if err := shipping.Follow(t.Tx, shipping.DefaultPollPolicy(), s.ID, ch.Number, courier, t.Tx.Now()); err != nil {
		return fmt.Errorf("follow resi: %w", err)
	}
	for _, it := range ShipmentItems(o, s.SupplierID) {
		if it.Status == store.ItemOut { // shipped after all
			if err := t.Tx.SetItemStatus(o.ID, it.ID, store.ItemOut, store.ItemOK); err != nil {
				return err
			}
		}
	}
	correction := before.Resi != ""
	var msg string
	if correction {
		msg = t.P.T("relay.resi_corrected", "code", o.Code, "courier", courier, "resi", ch.Number, "old", before.Resi)
	} else {
		msg = t.P.T("relay.resi_saved", "code", o.Code, "courier", courier, "resi", ch.Number)
	}
	if ch.Unusual {
		msg += "\n" + t.P.T("relay.resi_unusual", "resi", ch.Number)
	}
	t.replyAbout(o.Code, msg)

	ships, err := t.Tx.ShipmentsOf(o.ID)
	if err != nil {
		return err
	}
	all, parts := true, 0
	for _, sh := range ships {
		if sh.Status == store.ShipCancelled {
			continue
		}
		parts++
		if sh.Status != store.ShipSent {
			all = false
		}
	}
	cust := t.CustomerPrinter(o)
	var b strings.Builder
	if correction {
		b.WriteString(cust.T("relay.cust_resi_fix", "code", o.Code, "courier", courier, "resi", ch.Number, "old", before.Resi))
	} else {
		b.WriteString(cust.T("relay.cust_resi", "code", o.Code, "courier", courier, "resi", ch.Number))
	}
	if url := trackingURL(courier); url != "" {
		b.WriteString("\n" + cust.T("relay.cust_track", "url", url))
	}
	if parts > 1 {
		b.WriteString("\n" + cust.T("relay.cust_parcel", "items", ItemNames(ShipmentItems(o, s.SupplierID))))
		if !all && !correction {
			b.WriteString("\n" + cust.T("relay.cust_resi_more"))
		}
	}
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code}, Text: b.String()})

	owner := t.OwnerPrinter()
	label, err := t.shipmentLabel(owner, s)
	if err != nil {
		return err
	}
	key := "relay.owner_resi"
	if correction {
		key = "relay.owner_resi_fix"
	}
	if !t.Who.IsStaff() || t.Msg.Group {
		t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, owner.T(key, "code", o.Code, "supplier", label, "courier", courier,
			"resi", ch.Number, "old", before.Resi))
	}
	if all && released(o.Status) {
		return t.shipped(o)
	}
	return nil
}

// shipped moves an order whose every shipment has a resi to dikirim and
// sets the day it completes by itself.
func (t *turn) shipped(o store.Order) error {
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusShipped, t.Actor(), "every shipment has a resi"); err != nil {
		return err
	}
	days, err := t.Int(AutoDoneDays)
	if err != nil {
		return err
	}
	return t.Tx.ScheduleJob(JobAutoDone, o.Code, t.Tx.Now().Add(time.Duration(days)*24*time.Hour))
}
