package order

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/partner"
	"github.com/dropbot/dropbot/flows/qris"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// placeOrder turns the cart into an order awaiting payment (or, for COD,
// an order being processed): stock reserved, kode unik drawn, deadline set,
// the invoice sent and the owner told.
func (t *turn) placeOrder(d stateData, method string) error {
	cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil {
		return err
	}
	if !ok || len(cart.Items) == 0 || d.Courier == nil || d.Addr == nil {
		return t.Menu(t.P.T("cart.is_empty"))
	}
	if gone, err := t.dropSoldOut(cart); err != nil || gone {
		return err
	}
	for _, it := range cart.Items {
		if it.VariantID == 0 {
			continue
		}
		if err := t.Tx.Reserve(it.VariantID, it.Qty); err != nil {
			return err // dropSoldOut checked availability in this same transaction
		}
	}
	shippingCost, err := decimal.NewFromString(d.Courier.Cost)
	if err != nil {
		return fmt.Errorf("saved ongkir: %w", err)
	}
	o := cart
	o.RecipientName, o.RecipientPhone = d.Name, d.Phone
	o.AddressLine, o.Kelurahan, o.Kecamatan, o.City, o.Province, o.PostalCode =
		d.Addr.Line, d.Addr.Kelurahan, d.Addr.Kecamatan, d.Addr.City, d.Addr.Province, d.Addr.PostalCode
	if method == "transfer" { // a reseller's deposit pays at once when it covers the order
		if covers, err := partner.DepositCovers(t.Turn, t.Who.CustomerID, o.Subtotal.Add(shippingCost)); err != nil {
			return err
		} else if covers {
			method = partner.PaymentDeposit
		}
	}
	o.Courier, o.Service, o.Shipping, o.PaymentMethod = d.Courier.Courier, d.Courier.Service, shippingCost, method
	o.SenderName, o.SenderPhone = d.SenderName, d.SenderPhone
	if o.SenderName == "" { // a reseller's buyer sees the reseller's own shop on the label
		if o.SenderName, o.SenderPhone, _, err = partner.Sender(t.Turn, t.Who.CustomerID); err != nil {
			return err
		}
	}
	o.Total = o.Subtotal.Add(shippingCost)
	next := store.StatusAwaitPay
	switch method {
	case "cod":
		fee, err := t.codFee(o.Total)
		if err != nil {
			return err
		}
		o.CODFee, o.Total, next = fee, o.Total.Add(fee), store.StatusProcessing
	case partner.PaymentDeposit:
		next = store.StatusProcessing
	case "transfer":
		if kode, err := KodeUnik.Read(t.Tx); err != nil {
			return err
		} else if kode == "on" {
			if o.UniqueCode, err = t.Tx.FreeUniqueCode(); err != nil {
				return err
			}
			o.Total = o.Total.Add(decimal.NewFromInt(int64(o.UniqueCode)))
		}
	}
	if next == store.StatusAwaitPay {
		hours, err := t.Int(ExpiryHours)
		if err != nil {
			return err
		}
		o.ExpiresAt = t.Tx.Now().Add(time.Duration(hours) * time.Hour)
	}
	if err := t.Tx.SaveCheckout(o); err != nil {
		return err
	}
	if err := t.Tx.SetOrderStatus(o.ID, store.StatusCart, next, t.Actor(), "checkout"); err != nil {
		return err
	}
	if err := t.saveOrderParcels(o, d.Courier); err != nil {
		return err
	}
	if err := t.Tx.SaveAddress(store.Address{CustomerID: t.Who.CustomerID, Recipient: d.Name, Phone: d.Phone, Line: d.Addr.Line,
		Kelurahan: d.Addr.Kelurahan, Kecamatan: d.Addr.Kecamatan, City: d.Addr.City, Province: d.Addr.Province, Zip: d.Addr.PostalCode}); err != nil {
		return err
	}
	o, err = t.Tx.OrderByCode(o.Code)
	if err != nil {
		return err
	}
	if o.Status == store.StatusAwaitPay {
		if err := t.schedulePaymentJobs(o); err != nil {
			return err
		}
	}
	if err := t.invoice(o); err != nil {
		return err
	}
	if o.PaymentMethod == partner.PaymentDeposit {
		if err := partner.PayFromDeposit(t.Turn, o); err != nil {
			return err
		}
	}
	t.notifyOwners(o, "owner.new_order")
	if err := partner.OrderPlaced(t.Turn, o); err != nil {
		return err
	}
	if o.Status == store.StatusProcessing { // COD or a deposit: no payment to wait for
		if err := t.commitStock(o); err != nil {
			return err
		}
		if err := relay.ReleaseToSuppliers(t.Turn, o); err != nil {
			return err
		}
	}
	return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}

// codFee is percent × amount with a minimum, rounded up to whole rupiah.
func (t *turn) codFee(amount decimal.Decimal) (decimal.Decimal, error) {
	pct, err := CODPercent.Read(t.Tx)
	if err != nil {
		return decimal.Zero, err
	}
	minFee, err := CODMin.Read(t.Tx)
	if err != nil {
		return decimal.Zero, err
	}
	p, err1 := decimal.NewFromString(pct)
	m, err2 := decimal.NewFromString(minFee)
	if err1 != nil || err2 != nil {
		return decimal.Zero, fmt.Errorf("COD fee settings are not numbers")
	}
	fee := amount.Mul(p).Shift(-2).Ceil()
	if fee.LessThan(m) {
		fee = m
	}
	return fee, nil
}

// sumLines are an order's money lines under its items, as the invoice,
// the customer's /cek and the owner's /cek show them: subtotal, ongkir (a
// line per parcel when parcels were priced apart), kode unik, COD fee and
// the total, one a line.
func (t *turn) sumLines(o store.Order) (string, error) {
	lines := []string{t.P.T("invoice.subtotal", "amount", locales.FormatRupiah(o.Subtotal))}
	ongkir, err := t.invoiceOngkir(o)
	if err != nil {
		return "", err
	}
	lines = append(lines, ongkir)
	if o.UniqueCode > 0 {
		lines = append(lines, t.P.T("invoice.kode_unik", "amount", locales.FormatRupiah(decimal.NewFromInt(int64(o.UniqueCode)))))
	}
	if o.CODFee.IsPositive() {
		lines = append(lines, t.P.T("invoice.cod_fee", "amount", locales.FormatRupiah(o.CODFee)))
	}
	lines = append(lines, t.P.T("invoice.total", "amount", locales.FormatRupiah(o.Total)))
	return strings.Join(lines, "\n"), nil
}

// invoice sends the order summary and how to pay.
func (t *turn) invoice(o store.Order) error {
	var b strings.Builder
	b.WriteString(t.P.T("invoice.head", "code", o.Code) + "\n")
	b.WriteString(t.itemLines(o.Items) + "\n")
	sums, err := t.sumLines(o)
	if err != nil {
		return err
	}
	b.WriteString(sums + "\n")
	b.WriteString(t.P.T("invoice.ship_to", "name", o.RecipientName, "phone", locales.LocalPhone(o.RecipientPhone),
		"address", chat.FormatOrderAddress(o)))
	if o.SenderName != "" {
		sender := o.SenderName
		if o.SenderPhone != "" {
			sender += " (" + locales.LocalPhone(o.SenderPhone) + ")"
		}
		b.WriteString("\n" + t.P.T("form.sender", "sender", sender))
	}
	out := chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code}}
	switch o.PaymentMethod {
	case "transfer":
		banks, err := t.Tx.BankAccounts()
		if err != nil {
			return err
		}
		b.WriteString("\n\n" + t.P.T("invoice.pay_transfer", "amount", locales.FormatRupiah(o.Total)))
		for _, a := range banks {
			b.WriteString("\n" + t.P.T("invoice.bank_line", "bank", a.Bank, "number", a.Number, "holder", a.Holder))
		}
		if o.UniqueCode > 0 {
			b.WriteString("\n" + t.P.T("invoice.exact_amount"))
		}
		b.WriteString("\n" + t.P.T("invoice.deadline", "time", t.P.DateTime(o.ExpiresAt)))
	case "qris":
		static, err := t.Tx.Setting(SettingQRIS, "")
		if err != nil {
			return err
		}
		payload, err := qris.Dynamic(static, o.Total)
		if err != nil {
			// The owner's QRIS is unusable: say so, and send no wrong code.
			t.Env.Log.Warn("qris payload rejected", "err", err)
			b.WriteString("\n\n" + t.P.T("invoice.qris_broken"))
			break
		}
		png, err := qris.PNG(payload, 512)
		if err != nil {
			return err
		}
		m, err := t.Tx.SaveMedia(t.Env.MediaDir, png, "image/png")
		if err != nil {
			return err
		}
		out.MediaID = m.ID
		b.WriteString("\n\n" + t.P.T("invoice.pay_qris", "amount", locales.FormatRupiah(o.Total), "merchant", qris.MerchantName(static)))
		b.WriteString("\n" + t.P.T("invoice.deadline", "time", t.P.DateTime(o.ExpiresAt)))
	case "cod":
		parcels, err := t.codParcels(o)
		if err != nil {
			return err
		}
		if len(parcels) > 1 {
			b.WriteString("\n\n" + t.P.T("invoice.pay_cod_parcels", "count", len(parcels), "amount", locales.FormatRupiah(o.Total)))
			for _, l := range parcels {
				b.WriteString("\n" + l)
			}
			break
		}
		b.WriteString("\n\n" + t.P.T("invoice.pay_cod", "amount", locales.FormatRupiah(o.Total)))
	}
	out.Text = b.String()
	t.Send(out)
	return nil
}

// codParcels are the invoice's lines of a COD order shipped in several
// parcels, one per parcel with what its courier collects (the same share
// the supplier's card asks for, so they add up to the total) and what is
// in it; never who ships it. One parcel gives none.
func (t *turn) codParcels(o store.Order) ([]string, error) {
	sups := relay.OrderSuppliers(o)
	if len(sups) < 2 {
		return nil, nil
	}
	lines := make([]string, 0, len(sups))
	for i, sup := range sups {
		share, err := relay.ParcelShare(t.Tx, o, sup)
		if err != nil {
			return nil, err
		}
		lines = append(lines, t.P.T("invoice.cod_parcel", "n", i+1, "amount", locales.FormatRupiah(share),
			"items", relay.ItemNames(relay.ShipmentItems(o, sup))))
	}
	return lines, nil
}

// notifyOwners tells every owner about an order.
func (t *turn) notifyOwners(o store.Order, key string) {
	owners, err := t.Tx.Staff(store.StaffOwner)
	if err != nil {
		t.Env.Log.Warn("owner lookup failed", "err", err)
		return
	}
	p := t.OwnerPrinter()
	pieces := 0 // "2 barang" for two pieces of one line
	for _, it := range o.Items {
		pieces += it.Qty
	}
	for _, ow := range owners {
		t.Send(chat.Out{To: chat.Address{Channel: ow.Channel, ChatID: ow.UserID}, Ref: chat.Ref{Kind: "order", ID: o.Code},
			Text: p.T(key, "code", o.Code, "name", o.RecipientName, "total", locales.FormatRupiah(o.Total),
				"method", p.T("payment.method."+o.PaymentMethod), "items", pieces)})
	}
}

// proof handles a photo sent while an order waits for payment.
func (t *turn) proof(m *chat.Media) (bool, error) {
	waiting, err := t.Tx.OrdersWithStatus(t.Who.CustomerID, store.StatusAwaitPay)
	if err != nil {
		return false, err
	}
	checking, err := t.Tx.OrdersWithStatus(t.Who.CustomerID, store.StatusAwaitVerify)
	if err != nil {
		return false, err
	}
	if len(waiting) == 0 && len(checking) == 0 {
		return t.lateProof(m)
	}
	if m.Kind != chat.MediaPhoto || m.MediaID == 0 {
		t.Reply(t.P.T("proof.not_photo"))
		return true, nil
	}
	o := waiting
	if len(o) == 0 {
		o = checking
	}
	order, chosen := o[0], false
	if named, ok, err := t.captionOrder(); err != nil {
		return false, err
	} else if ok { // "ini bukti yg KODE ya kak" names the order
		order, chosen = named, true
	} else if t.Msg.ReplyRef.Kind == "order" {
		if named, err := t.Tx.OrderByCode(t.Msg.ReplyRef.ID); err == nil && named.CustomerID == t.Who.CustomerID {
			order, chosen = named, true
		}
	}
	if order.Status != store.StatusAwaitPay && order.Status != store.StatusAwaitVerify {
		t.Reply(t.P.T("proof.not_waiting", "code", order.Code, "status", t.P.T("status."+order.Status)))
		return true, nil
	}
	pendingID, err := t.pendingProof(order.ID)
	if err != nil {
		return false, err
	}
	received := "proof.received"
	if pendingID != 0 {
		// The same money shown again: kept with the proof being checked.
		if err := t.Tx.AddProofEvidence(pendingID, m.MediaID); err != nil {
			return false, err
		}
		received = "proof.received_again"
	} else if _, err := t.Tx.AddPayment(store.Payment{OrderID: order.ID, Direction: "in", Method: order.PaymentMethod,
		Amount: order.Total, Status: "pending", ProofMediaID: m.MediaID, Actor: t.Actor()}); err != nil {
		return false, err
	}
	if order.Status == store.StatusAwaitPay {
		if err := t.Tx.SetOrderStatus(order.ID, store.StatusAwaitPay, store.StatusAwaitVerify, t.Actor(), "bukti transfer"); err != nil {
			return false, err
		}
	}
	reply := t.P.T(received, "code", order.Code)
	if n := len(waiting) + len(checking); !chosen && n > 1 {
		// Several unpaid orders and no code: booked to the newest one
		// waiting, and the customer is told which, and how to say another.
		reply += "\n\n" + t.P.T("proof.which_order", "count", n, "code", order.Code)
	}
	t.Reply(reply, t.MenuLabels()...)
	// A proof while an earlier one still waits for the owner's check is
	// merged into it (counted, named in the next notice); once the owner
	// decided, the next proof is told at once.
	window := ProofNoticeWindow
	if order.Status == store.StatusAwaitPay {
		window = 0
	}
	send, held, err := t.noticeDue("proof:"+order.Code, window)
	if err != nil || !send {
		return err == nil, err // kept with the order; counted into the next notice
	}
	owners, err := t.Tx.Staff(store.StaffOwner)
	if err != nil {
		return false, err
	}
	p := t.OwnerPrinter()
	for _, ow := range owners {
		t.Send(chat.Out{To: chat.Address{Channel: ow.Channel, ChatID: ow.UserID}, MediaID: m.MediaID, Ref: chat.Ref{Kind: "order", ID: order.Code},
			Text: p.T("owner.proof", "code", order.Code, "name", order.RecipientName, "total", locales.FormatRupiah(order.Total)) +
				proofCaption(p, t.Msg.Text) + heldProofs(p, order.Code, held),
			Options: []string{p.T("owner.option_approve"), p.T("owner.option_reject")}})
	}
	return true, t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}

// captionOrder is the customer's own order named by a code in the
// photo's caption; another person's code, or none, is not found.
func (t *turn) captionOrder() (store.Order, bool, error) {
	words := strings.FieldsFunc(t.Msg.Text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	looked := 0
	for _, w := range words {
		if !chat.LooksLikeCode(w) {
			continue
		}
		if looked++; looked > 8 { // a caption is a line, not a list of codes
			break
		}
		o, err := t.Tx.OrderByCode(strings.ToUpper(w))
		if store.IsNotFound(err) {
			continue
		}
		if err != nil {
			return store.Order{}, false, err
		}
		if o.CustomerID == t.Who.CustomerID {
			return o, true, nil
		}
	}
	return store.Order{}, false, nil
}

// proofCaption is the line showing the owner what the customer wrote with
// a proof photo: one line, printable, clipped.
func proofCaption(p locales.Printer, caption string) string {
	clean := strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return ' '
		}
		return r
	}, caption)
	clean = strings.Join(strings.Fields(clean), " ")
	if clean == "" {
		return ""
	}
	return "\n" + p.T("owner.proof_caption", "text", chat.Clip(clean, 160))
}

// pendingProof is the id of the order's incoming payment still waiting
// for the owner's check (the newest), 0 when none.
func (t *turn) pendingProof(orderID int64) (int64, error) {
	pays, err := t.Tx.PaymentsOf(orderID)
	if err != nil {
		return 0, err
	}
	var id int64
	for _, p := range pays {
		if p.Direction == "in" && p.Status == "pending" {
			id = p.ID
		}
	}
	return id, nil
}

// lateProof handles a payment photo when no order waits for payment: if
// the customer's latest order expired, was cancelled or is already paid,
// the photo may still be money sent, so it is kept on that order and the
// owner gets it to check by hand. handled is false when there is no order.
func (t *turn) lateProof(m *chat.Media) (bool, error) {
	if m.Kind != chat.MediaPhoto || m.MediaID == 0 {
		return false, nil
	}
	orders, err := t.Tx.OrdersOfCustomer(t.Who.CustomerID, 1)
	if err != nil || len(orders) == 0 || orders[0].Status == store.StatusCart {
		return false, err
	}
	o := orders[0]
	if _, err := t.Tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "in", Method: o.PaymentMethod,
		Amount: o.Total, Status: "pending", ProofMediaID: m.MediaID, Actor: t.Actor(), Note: "proof after " + o.Status}); err != nil {
		return false, err
	}
	t.Reply(t.P.T("proof.forwarded", "code", o.Code, "status", t.P.T("status."+o.Status)), t.MenuLabels()...)
	send, held, err := t.noticeDue("proof:"+o.Code, ProofNoticeWindow)
	if err != nil || !send {
		if err == nil {
			err = t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
		}
		return err == nil, err
	}
	owners, err := t.Tx.Staff(store.StaffOwner)
	if err != nil {
		return false, err
	}
	p := t.OwnerPrinter()
	for _, ow := range owners {
		t.Send(chat.Out{To: chat.Address{Channel: ow.Channel, ChatID: ow.UserID}, MediaID: m.MediaID, Ref: chat.Ref{Kind: "order", ID: o.Code},
			Text: p.T("owner.proof_late", "code", o.Code, "status", p.T("status."+o.Status), "name", o.RecipientName,
				"total", locales.FormatRupiah(o.Total)) + proofCaption(p, t.Msg.Text) + heldProofs(p, o.Code, held)})
	}
	return true, t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}

// cancelOrder cancels the customer's own unpaid order by code.
func (t *turn) cancelOrder(code string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	o, err := t.Tx.OrderByCode(code)
	if store.IsNotFound(err) || (err == nil && o.CustomerID != t.Who.CustomerID) {
		// Someone else's code looks exactly like an unknown one.
		return t.MenuOrStay(t.P.T("orders.unknown_code", "code", code))
	}
	if err != nil {
		return err
	}
	if o.Status != store.StatusAwaitPay {
		return t.MenuOrStay(t.P.T("orders.cannot_cancel", "code", o.Code, "status", t.P.T("status."+o.Status)))
	}
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusCancelled, t.Actor(), "customer cancelled"); err != nil {
		return err
	}
	for _, it := range o.Items {
		if it.VariantID != 0 {
			if err := t.Tx.Release(it.VariantID, it.Qty); err != nil {
				return err
			}
		}
	}
	t.notifyOwners(o, "owner.cancelled")
	return t.Menu(t.P.T("orders.cancelled", "code", o.Code))
}

// unpaidLine is /cek's line for an order waiting for payment: "not paid
// yet", or what arrived and what is left when it is partly paid.
func (t *turn) unpaidLine(o store.Order) (string, error) {
	paid, err := PaidIn(t.Tx, o.ID)
	if err != nil {
		return "", err
	}
	if paid.IsPositive() && paid.LessThan(o.Total) {
		if !t.Tx.Now().Before(o.ExpiresAt) {
			// Past the deadline the owner decides (see partlyPaidExpiry).
			return t.P.T("orders.detail_partial_late", "paid", locales.FormatRupiah(paid),
				"short", locales.FormatRupiah(o.Total.Sub(paid))), nil
		}
		return t.P.T("orders.detail_partial", "paid", locales.FormatRupiah(paid),
			"short", locales.FormatRupiah(o.Total.Sub(paid)), "time", t.P.DateTime(o.ExpiresAt)), nil
	}
	return t.P.T("orders.detail_unpaid", "time", t.P.DateTime(o.ExpiresAt)), nil
}

// How often the owner is told about one thing at most; the notices held
// back in between are counted into the next one.
// ("Needs a person" is throttled by handoff.Start, per customer.)
const ProofNoticeWindow = 10 * time.Minute // payment proofs of one order

// noticeDue reports whether an owner notice under key goes out now (see
// store.ThrottleNotice) and how many were held back before it.
func (t *turn) noticeDue(key string, window time.Duration) (bool, int, error) {
	return t.Tx.ThrottleNotice(key, window)
}

// heldProofs is the line telling the owner about proofs held back.
func heldProofs(p locales.Printer, code string, held int) string {
	if held == 0 {
		return ""
	}
	return "\n" + p.T("owner.held_proofs", "count", held, "code", code)
}

// ensureBuyer gives a staff member ordering for themselves (the owner
// browsing /katalog) a customer to order as; customers have one already.
func (t *turn) ensureBuyer() error {
	if t.Who.CustomerID != 0 {
		return nil
	}
	id, err := t.Tx.StaffBuyer(t.Msg.Channel, t.Msg.UserID)
	if err != nil {
		return err
	}
	t.Who.CustomerID = id
	return nil
}
