package relay

import (
	"fmt"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// The supplier relay (issue 4), in several files:
//
//	relay.go             releasing a paid order: shipments, ledger, cards, the owner's transfer proof
//	group.go             the group router: linking, commands, quote-replies to cards
//	supplier_actions.go  terima / habis / resi on a shipment, and who may act on which
//	supplier_catalog.go  /stok and /harga from a group; cost changes the owner approves
//	supplier_ledger.go   /saldo, /topup, /modebayar
//	supplier_customer.go the customer's answers: habis options, "sudah terima"
//	supplier_jobs.go     SLA reminders and auto-complete
//	restock.go           orders waiting for a restock: named and held by /stok, reminded

// Settings of the supplier relay (shop settings; defaults in brackets).
const (
	SettingCardRemindHours = "supplier.card_remind_hours" // no answer to a card after this many hours → reminder [3]
	SettingResiRemindHours = "supplier.resi_remind_hours" // no resi this many hours after terima → reminder [24]
	SettingCostTolerance   = "supplier.cost_tolerance"    // a cost change above this percent waits for the owner [20]
	SettingAutoDoneDays    = "order.autocomplete_days"    // a shipped order completes by itself after this many days [7]
)

// Job kinds of the relay.
const (
	JobCardRemind = "supplier.card_remind" // ref: shipment id
	JobResiRemind = "supplier.resi_remind" // ref: shipment id
	JobAutoDone   = "order.autocomplete"   // ref: order code
)

// releaseToSuppliers hands a paid (or COD-confirmed) order to its
// suppliers: one shipment and one card per supplier, sent to every group
// linked to it (or kept until a group is linked), and the owner's packing
// list for own-stock items. The supplier's money is booked in its ledger by
// how it is paid. It is called in the transaction that moved the order to
// diproses; calling it again does nothing more.
func (t *turn) releaseToSuppliers(o store.Order) error {
	if len(o.Items) == 0 {
		full, err := t.Tx.OrderByCode(o.Code)
		if err != nil {
			return err
		}
		o.Items = full.Items
	}
	owner := t.OwnerPrinter()
	var lines []string
	for _, sid := range OrderSuppliers(o) {
		s, created, err := t.Tx.EnsureShipment(o.ID, sid)
		if err != nil {
			return err
		}
		if !created {
			continue // released before
		}
		if sid == 0 {
			t.sendPackingList(o, s, "relay.packing_head")
			if err := t.Tx.MarkCardSent(s.ID); err != nil {
				return err
			}
			lines = append(lines, owner.T("relay.owner_line_own"))
			continue
		}
		sup, err := t.Tx.SupplierByID(sid)
		if err != nil {
			return err
		}
		if err := t.bookShipment(o, s, sup); err != nil {
			return err
		}
		groups, err := t.sendCard(o, s, sup, "relay.card_head")
		if err != nil {
			return err
		}
		if groups > 0 {
			lines = append(lines, owner.T("relay.owner_line_sent", "code", sup.Code, "name", sup.Name, "groups", groups))
		} else {
			lines = append(lines, owner.T("relay.owner_line_queued", "code", sup.Code, "name", sup.Name))
		}
		more, err := t.ownerPayNote(o, s, sup)
		if err != nil {
			return err
		}
		if more != "" {
			lines = append(lines, more)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, owner.T("relay.owner_head", "code", o.Code)+"\n"+strings.Join(lines, "\n"))
	return nil
}

// OrderSuppliers lists the suppliers of an order's items that still count
// (0 = own stock), lowest id first: the order of shipments everywhere.
func OrderSuppliers(o store.Order) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, it := range o.Items {
		if it.Status == store.ItemCancelled || seen[it.SupplierID] {
			continue
		}
		seen[it.SupplierID] = true
		out = append(out, it.SupplierID)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ShipmentItems are the order's lines a shipment carries (not cancelled).
func ShipmentItems(o store.Order, supplierID int64) []store.OrderItem {
	var out []store.OrderItem
	for _, it := range o.Items {
		if it.SupplierID == supplierID && it.Status != store.ItemCancelled {
			out = append(out, it)
		}
	}
	return out
}

// ShipmentShare is what the customer pays for one shipment: its lines at
// the selling price, and, for the first shipment of the order, everything
// on top of the goods (ongkir, COD fee, kode unik). The shares of an order
// add up to its total. This is the COD amount a supplier's courier collects.
func ShipmentShare(o store.Order, supplierID int64) decimal.Decimal {
	price, _ := store.SumItems(ShipmentItems(o, supplierID))
	if sups := OrderSuppliers(o); len(sups) > 0 && sups[0] == supplierID {
		price = price.Add(o.Total.Sub(o.Subtotal))
	}
	return price
}

// ShipmentCost is what the supplier is paid for a shipment: its lines at
// the supplier's price.
func ShipmentCost(o store.Order, supplierID int64) decimal.Decimal {
	_, cost := store.SumItems(ShipmentItems(o, supplierID))
	return cost
}

// bookShipment writes the supplier's money for a released shipment: the
// goods at cost are deducted (a deposit shrinks; a per-order supplier is
// owed until the owner's transfer); when the customer's money goes to the
// supplier (COD, or a customer who pays the supplier), that share is booked
// as paid, so the balance shows what the supplier holds of the shop's.
func (t *turn) bookShipment(o store.Order, s store.Shipment, sup store.Supplier) error {
	cost := ShipmentCost(o, sup.ID)
	if cost.IsPositive() {
		if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sup.ID, Kind: store.LedgerDeduction, Amount: cost.Neg(),
			OrderID: o.ID, Actor: t.Actor(), Note: "order " + o.Code}); err != nil {
			return err
		}
	}
	note := ""
	switch {
	case o.PaymentMethod == "cod":
		note = "COD collected by the supplier"
	case sup.PayMode == store.PayCustomerPays:
		note = "paid by the customer to the supplier"
	}
	share, err := ParcelShare(t.Tx, o, sup.ID)
	if err != nil {
		return err
	}
	if note != "" && share.IsPositive() {
		if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sup.ID, Kind: store.LedgerPayment, Amount: share,
			OrderID: o.ID, Actor: t.Actor(), Note: note}); err != nil {
			return err
		}
	}
	return nil
}

// ownerPayNote is the line the owner reads about paying a supplier for an
// order: the transfer to make, or a deposit that went below zero.
func (t *turn) ownerPayNote(o store.Order, s store.Shipment, sup store.Supplier) (string, error) {
	owner := t.OwnerPrinter()
	if o.PaymentMethod == "cod" {
		return "", nil
	}
	switch sup.PayMode {
	case store.PayPerOrder:
		due, err := t.orderDue(o, sup.ID)
		if err != nil || !due.IsPositive() {
			return "", err
		}
		return owner.T("relay.owner_transfer", "code", sup.Code, "amount", locales.FormatRupiah(due)), nil
	case store.PayDeposit:
		bal, err := t.Tx.SupplierBalance(sup.ID)
		if err != nil || !bal.IsNegative() {
			return "", err
		}
		return owner.T("relay.owner_deposit_short", "code", sup.Code, "short", locales.FormatRupiah(bal.Neg())), nil
	}
	return "", nil
}

// orderDue is what the shop still owes a supplier for one order (never
// below zero).
func (t *turn) orderDue(o store.Order, supplierID int64) (decimal.Decimal, error) {
	entries, err := t.Tx.OrderLedger(o.ID, supplierID)
	if err != nil {
		return decimal.Zero, err
	}
	sum := decimal.Zero
	for _, e := range entries {
		sum = sum.Add(e.Amount)
	}
	if sum.IsNegative() {
		return sum.Neg(), nil
	}
	return decimal.Zero, nil
}

// cardOptions are the numbered answers of a card (buttons on Telegram).
func cardOptions(p locales.Printer) []string {
	return []string{p.T("relay.option_accept"), p.T("relay.option_out")}
}

// sendCard sends a shipment's card to every group linked to its supplier
// and returns how many got it. With no group the card waits (the shipment
// stays unsent) until a group is linked. The first time a card goes out,
// the "no answer" reminder is set.
func (t *turn) sendCard(o store.Order, s store.Shipment, sup store.Supplier, head string) (int, error) {
	groups, err := t.Tx.SupplierGroups(sup.ID)
	if err != nil || len(groups) == 0 {
		return 0, err
	}
	text, media, err := t.cardText(o, s, sup, head)
	if err != nil {
		return 0, err
	}
	p := t.Env.Loc.For(locales.ID)
	for _, g := range groups {
		t.Send(chat.Out{To: chat.Address{Channel: g.Channel, ChatID: g.ChatID}, Text: text, Options: cardOptions(p), MediaID: media,
			Ref: chat.Ref{Kind: "order", ID: o.Code}})
	}
	if s.CardSentAt.IsZero() {
		if err := t.Tx.MarkCardSent(s.ID); err != nil {
			return 0, err
		}
	}
	if s.Status == store.ShipNew {
		hours, err := t.Int(CardRemindHours)
		if err != nil {
			return 0, err
		}
		if err := t.Tx.ScheduleJob(JobCardRemind, fmt.Sprint(s.ID), t.Tx.Now().Add(time.Duration(hours)*time.Hour)); err != nil {
			return 0, err
		}
	}
	return len(groups), nil
}

// sender is the Pengirim on the label: the reseller's own when the order
// has one, else the shop's name and phone.
func (t *turn) sender(o store.Order) (string, error) {
	name, phone := o.SenderName, o.SenderPhone
	if name == "" {
		var err error
		if name, err = t.Tx.Setting(chat.SettingShopName, t.Env.Loc.For(locales.ID).T("shop.default_name")); err != nil {
			return "", err
		}
		if phone, err = t.Tx.Setting(chat.SettingShopPhone, ""); err != nil {
			return "", err
		}
	}
	if phone != "" {
		return name + " (" + locales.LocalPhone(phone) + ")", nil
	}
	return name, nil
}

// CardItemLines lists a shipment's lines, numbered as the supplier refers
// to them ("habis 2"), with the supplier's price.
func CardItemLines(p locales.Printer, items []store.OrderItem, withCost bool) string {
	var lines []string
	for i, it := range items {
		name := strings.TrimSpace(it.ProductName + " " + it.VariantName)
		key := "relay.card_item"
		if !withCost {
			key = "relay.packing_item"
		}
		line := p.T(key, "n", i+1, "sku", it.SKU, "name", name, "qty", it.Qty,
			"cost", locales.FormatRupiah(it.UnitCost), "total", locales.FormatRupiah(it.LineCost()))
		if it.Status == store.ItemOut {
			line += " " + p.T("relay.item_out_mark")
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// shippingBlock is the part of a card or packing list a label needs:
// recipient, address, courier, COD amount, notes and sender.
func (t *turn) shippingBlock(p locales.Printer, o store.Order, supplierID int64) (string, error) {
	var b strings.Builder
	b.WriteString(p.T("relay.card_recipient", "name", o.RecipientName, "phone", locales.LocalPhone(o.RecipientPhone)) + "\n")
	b.WriteString(p.T("relay.card_address", "address", chat.FormatOrderAddress(o)) + "\n")
	courier, err := t.cardCourier(p, o, supplierID)
	if err != nil {
		return "", err
	}
	b.WriteString(courier)
	if o.PaymentMethod == "cod" {
		share, err := ParcelShare(t.Tx, o, supplierID)
		if err != nil {
			return "", err
		}
		b.WriteString("\n" + p.T("relay.card_cod", "amount", locales.FormatRupiah(share)))
	}
	if strings.TrimSpace(o.Notes) != "" {
		b.WriteString("\n" + p.T("relay.card_notes", "notes", strings.TrimSpace(o.Notes)))
	}
	sender, err := t.sender(o)
	if err != nil {
		return "", err
	}
	b.WriteString("\n" + p.T("relay.card_sender", "sender", sender))
	return b.String(), nil
}

// cardText is a supplier's order card, and the photo to send with it (the
// customer's own proof when the customer pays the supplier).
func (t *turn) cardText(o store.Order, s store.Shipment, sup store.Supplier, head string) (string, int64, error) {
	p := t.Env.Loc.For(locales.ID)
	items := ShipmentItems(o, sup.ID)
	var b strings.Builder
	b.WriteString(p.T(head, "code", o.Code, "supplier", sup.Code) + "\n")
	b.WriteString(CardItemLines(p, items, true) + "\n")
	b.WriteString(p.T("relay.card_cost_total", "amount", locales.FormatRupiah(ShipmentCost(o, sup.ID))) + "\n\n")
	block, err := t.shippingBlock(p, o, sup.ID)
	if err != nil {
		return "", 0, err
	}
	b.WriteString(block + "\n\n")
	pay, media, err := t.payLine(p, o, sup)
	if err != nil {
		return "", 0, err
	}
	b.WriteString(pay + "\n\n" + p.T("relay.card_how"))
	return b.String(), media, nil
}

// payLine says on the card how the supplier gets its money for this order.
func (t *turn) payLine(p locales.Printer, o store.Order, sup store.Supplier) (string, int64, error) {
	cost := locales.FormatRupiah(ShipmentCost(o, sup.ID))
	if o.PaymentMethod == "cod" {
		share, err := ParcelShare(t.Tx, o, sup.ID)
		if err != nil {
			return "", 0, err
		}
		return p.T("relay.pay_cod", "cost", cost, "rest", locales.FormatRupiah(share.Sub(ShipmentCost(o, sup.ID)))), 0, nil
	}
	switch sup.PayMode {
	case store.PayDeposit:
		bal, err := t.Tx.SupplierBalance(sup.ID)
		if err != nil {
			return "", 0, err
		}
		if bal.IsNegative() {
			return p.T("relay.pay_deposit_short", "cost", cost, "short", locales.FormatRupiah(bal.Neg())), 0, nil
		}
		return p.T("relay.pay_deposit", "cost", cost, "balance", locales.FormatRupiah(bal)), 0, nil
	case store.PayCustomerPays:
		pays, err := t.Tx.PaymentsOf(o.ID)
		if err != nil {
			return "", 0, err
		}
		var media int64
		for _, py := range pays {
			if py.Direction == "in" && py.Status == "confirmed" && py.ProofMediaID != 0 {
				media = py.ProofMediaID
			}
		}
		amount, err := ParcelShare(t.Tx, o, sup.ID)
		if err != nil {
			return "", 0, err
		}
		share := locales.FormatRupiah(amount)
		if media == 0 {
			return p.T("relay.pay_customer_noproof", "amount", share), 0, nil
		}
		return p.T("relay.pay_customer", "amount", share), media, nil
	}
	due, err := t.orderDue(o, sup.ID)
	if err != nil {
		return "", 0, err
	}
	if due.IsPositive() {
		return p.T("relay.pay_owner_pending", "cost", cost), 0, nil
	}
	return p.T("relay.pay_owner_done", "cost", cost), 0, nil
}

// sendPackingList sends the owner the own-stock part of an order to pack,
// with the same label data a supplier card has.
func (t *turn) sendPackingList(o store.Order, s store.Shipment, head string) {
	p := t.OwnerPrinter()
	var b strings.Builder
	b.WriteString(p.T(head, "code", o.Code) + "\n")
	b.WriteString(CardItemLines(p, ShipmentItems(o, 0), false) + "\n\n")
	block, err := t.shippingBlock(p, o, 0)
	if err != nil {
		t.Env.Log.Warn("packing list settings unreadable", "err", err)
	}
	b.WriteString(block + "\n\n" + p.T("relay.packing_how", "code", o.Code))
	t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, b.String())
}

// ownerTransferProof takes the owner's photo of a transfer to a supplier,
// sent as a quote-reply to an order's card or notice: the photo goes to
// the supplier's group(s) and the payment is booked in its ledger. With
// several suppliers in the order, the caption names the supplier's code.
func (t *turn) ownerTransferProof(code string, m *chat.Media) error {
	if m.MediaID == 0 {
		t.Reply(t.P.T("media.too_big"))
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
	var cands []store.Supplier
	for _, s := range ships {
		if s.SupplierID == 0 || s.Status == store.ShipCancelled {
			continue
		}
		sup, err := t.Tx.SupplierByID(s.SupplierID)
		if err != nil {
			return err
		}
		cands = append(cands, sup)
	}
	if len(cands) == 0 {
		t.Reply(t.P.T("relay.proof_no_supplier", "code", o.Code, "status", t.P.T("status."+o.Status)))
		return nil
	}
	var sup store.Supplier
	if len(cands) == 1 {
		sup = cands[0]
	} else {
		words := strings.Fields(strings.ToUpper(t.Msg.Text))
		found := 0
		for _, c := range cands {
			for _, w := range words {
				if strings.EqualFold(strings.Trim(w, ".,:;!"), c.Code) {
					sup, found = c, found+1
					break
				}
			}
		}
		if found != 1 {
			codes := make([]string, len(cands))
			for i, c := range cands {
				codes[i] = c.Code
			}
			t.Reply(t.P.T("relay.proof_which", "code", o.Code, "suppliers", strings.Join(codes, ", ")))
			return nil
		}
	}
	due, err := t.orderDue(o, sup.ID)
	if err != nil {
		return err
	}
	if due.IsPositive() {
		if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sup.ID, Kind: store.LedgerPayment, Amount: due,
			OrderID: o.ID, Actor: t.Actor(), MediaID: m.MediaID, Note: "owner's transfer for order " + o.Code}); err != nil {
			return err
		}
	}
	groups, err := t.Tx.SupplierGroups(sup.ID)
	if err != nil {
		return err
	}
	p := t.Env.Loc.For(locales.ID)
	for _, g := range groups {
		t.Send(chat.Out{To: chat.Address{Channel: g.Channel, ChatID: g.ChatID}, MediaID: m.MediaID, Ref: chat.Ref{Kind: "order", ID: o.Code},
			Text: p.T("relay.proof_to_group", "code", o.Code, "amount", locales.FormatRupiah(ShipmentCost(o, sup.ID)))})
	}
	switch {
	case len(groups) == 0:
		t.Reply(t.P.T("relay.proof_no_group", "code", o.Code, "supplier", sup.Code, "amount", locales.FormatRupiah(due)))
	case due.IsPositive():
		t.Reply(t.P.T("relay.proof_booked", "code", o.Code, "supplier", sup.Code, "amount", locales.FormatRupiah(due)))
	default:
		t.Reply(t.P.T("relay.proof_forwarded", "code", o.Code, "supplier", sup.Code))
	}
	return nil
}
