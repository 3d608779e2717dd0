package relay

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	refundto "github.com/dropbot/dropbot/flows/refund"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// Customer steps of the relay: choosing what happens to items that are
// out of stock, and picking the variant to swap to.
const (
	StepHabis     = "habis"
	StepHabisSwap = "habis_swap"
)

func outOptions(p locales.Printer) []string {
	return []string{p.T("relay.cust_opt_wait"), p.T("relay.cust_opt_swap"), p.T("relay.cust_opt_cancel")}
}

// askCustomerOut tells the customer that items are out of stock and puts
// their chat on the question (their private chat id is their user id on
// both platforms).
func (t *turn) askCustomerOut(o store.Order, names string) error {
	cust := t.CustomerPrinter(o)
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code},
		Text: cust.T("relay.cust_out", "code", o.Code, "items", names), Options: outOptions(cust)})
	return t.setCustomerStep(o, StepHabis, stateData{HabisOrder: o.Code})
}

func (t *turn) setCustomerStep(o store.Order, step string, d stateData) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return t.Tx.SetConversation(o.Channel, o.ChatID, o.ChatID, store.Conversation{Flow: chat.FlowCustomer, Step: step, Data: string(b)})
}

// outItems are an order's lines that are out of stock.
func outItems(o store.Order) []store.OrderItem {
	var out []store.OrderItem
	for _, it := range o.Items {
		if it.Status == store.ItemOut {
			out = append(out, it)
		}
	}
	return out
}

// onHabis reads the customer's answer about out-of-stock items: wait,
// swap the variant, or cancel them with a refund.
func (t *turn) onHabis(st state, text string) error {
	o, err := t.Tx.OrderByCode(st.Data.HabisOrder)
	if store.IsNotFound(err) || (err == nil && o.CustomerID != t.Who.CustomerID) {
		return t.Menu("")
	}
	if err != nil {
		return err
	}
	out := outItems(o)
	if len(out) == 0 || !released(o.Status) {
		return t.Menu(t.P.T("relay.cust_out_resolved", "code", o.Code, "status", t.P.T("status."+o.Status)))
	}
	if st.Step == StepHabisSwap {
		return t.onSwap(st, o, text)
	}
	switch chat.Choose(text, outOptions(t.P)) {
	case 0:
		return t.customerWaits(o, out)
	case 1:
		return t.offerSwap(o, out[0])
	case 2:
		return t.cancelOutItems(o, out)
	}
	t.AddNote(t.P.T("customer.pick_option"))
	t.replyAbout(o.Code, t.P.T("relay.cust_out", "code", o.Code, "items", ItemNames(out)), outOptions(t.P)...)
	return nil
}

// tellShippers sends a text to the groups of the suppliers of some items
// (own-stock items are the owner's, who is told separately).
func (t *turn) tellShippers(o store.Order, items []store.OrderItem, key string, args ...any) error {
	p := t.Env.Loc.For(locales.ID)
	done := map[int64]bool{}
	for _, it := range items {
		if done[it.SupplierID] {
			continue
		}
		done[it.SupplierID] = true
		if it.SupplierID == 0 {
			continue // own stock: the owner gets their own notice
		}
		text := p.T(key, append([]any{"code", o.Code}, args...)...)
		groups, err := t.Tx.SupplierGroups(it.SupplierID)
		if err != nil {
			return err
		}
		for _, g := range groups {
			t.Send(chat.Out{To: chat.Address{Channel: g.Channel, ChatID: g.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code}, Text: text})
		}
	}
	return nil
}

// customerWaits: the customer waits for a restock; the supplier ships when
// it can (terima or a resi clears the mark).
func (t *turn) customerWaits(o store.Order, out []store.OrderItem) error {
	names := ItemNames(out)
	if err := t.tellShippers(o, out, "relay.group_cust_waits", "items", names); err != nil {
		return err
	}
	t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, t.OwnerPrinter().T("relay.owner_cust_waits", "code", o.Code, "items", names))
	if err := t.scheduleRestockReminder(o.Code, 1); err != nil {
		return err
	}
	return t.Menu(t.P.T("relay.cust_wait_ok", "code", o.Code))
}

// swapChoices are the other variants of the product that can take the
// line's quantity.
func (t *turn) swapChoices(it store.OrderItem) ([]store.Variant, error) {
	if it.VariantID == 0 {
		return nil, nil
	}
	_, p, err := t.Tx.VariantByID(it.VariantID)
	if store.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !p.Active {
		return nil, nil
	}
	var out []store.Variant
	for _, v := range p.Variants {
		if v.ID == it.VariantID || !v.Active {
			continue
		}
		if n, counted := v.Available(); counted && n < int64(it.Qty) {
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

// offerSwap lists the variants the customer can swap an out-of-stock line to.
func (t *turn) offerSwap(o store.Order, it store.OrderItem) error {
	vs, err := t.swapChoices(it)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(it.ProductName + " " + it.VariantName)
	if len(vs) == 0 {
		t.replyAbout(o.Code, t.P.T("relay.cust_no_swap", "name", name), outOptions(t.P)...)
		return nil
	}
	var labels, ids []string
	for _, v := range vs {
		labels = append(labels, t.P.T("relay.cust_swap_option", "name", v.Name))
		ids = append(ids, fmt.Sprint(v.ID))
	}
	labels = append(labels, t.P.T("relay.cust_swap_back"))
	t.replyAbout(o.Code, t.P.T("relay.cust_swap_pick", "name", name, "qty", it.Qty), labels...)
	return t.save(state{Flow: chat.FlowCustomer, Step: StepHabisSwap, Data: stateData{HabisOrder: o.Code, Item: it.ID, Choices: ids}})
}

// onSwap reads the variant the customer swaps to, and swaps it: the line
// takes the new variant's cost (the customer's price stays), the stock is
// taken, the supplier's ledger follows the cost, and the supplier gets the
// updated card.
func (t *turn) onSwap(st state, o store.Order, text string) error {
	var it store.OrderItem
	for _, x := range o.Items {
		if x.ID == st.Data.Item && x.Status == store.ItemOut {
			it = x
		}
	}
	back := func() error {
		t.replyAbout(o.Code, t.P.T("relay.cust_out", "code", o.Code, "items", ItemNames(outItems(o))), outOptions(t.P)...)
		return t.save(state{Flow: chat.FlowCustomer, Step: StepHabis, Data: stateData{HabisOrder: o.Code}})
	}
	if it.ID == 0 {
		return back()
	}
	n := len(st.Data.Choices)
	k, isNum := chat.MenuNumber(chat.Normalize(text))
	if !isNum {
		// By the variant's name, as on the option.
		labels := make([]string, 0, n+1)
		for _, id := range st.Data.Choices {
			var vid int64
			name := ""
			if _, err := fmt.Sscan(id, &vid); err == nil {
				if v, _, err := t.Tx.VariantByID(vid); err == nil {
					name = v.Name
				}
			}
			labels = append(labels, name)
		}
		labels = append(labels, t.P.T("relay.cust_swap_back"))
		k = chat.Choose(text, labels) + 1
	}
	switch {
	case k == n+1:
		return back()
	case k < 1 || k > n:
		t.AddNote(t.P.T("customer.bad_number", "max", n+1))
		return t.offerSwap(o, it)
	}
	var vid int64
	if _, err := fmt.Sscan(st.Data.Choices[k-1], &vid); err != nil {
		return t.offerSwap(o, it)
	}
	v, p, err := t.Tx.VariantByID(vid)
	if store.IsNotFound(err) || (err == nil && (!v.Active || p.SupplierID != it.SupplierID)) {
		return t.offerSwap(o, it)
	}
	if err != nil {
		return err
	}
	if n, counted := v.Available(); counted && n < int64(it.Qty) {
		t.AddNote(t.P.T("relay.cust_swap_gone", "name", v.Name))
		return t.offerSwap(o, it)
	}
	if err := t.Tx.SwapItemVariant(o.ID, it.ID, v.ID, v.Name, v.Cost); err != nil {
		return err
	}
	if err := t.Tx.TakeStock(v.ID, it.Qty); err != nil {
		return err
	}
	qty := decimal.NewFromInt(int64(it.Qty))
	if diff := v.Cost.Sub(it.UnitCost).Mul(qty); it.SupplierID != 0 && !diff.IsZero() {
		if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: it.SupplierID, Kind: store.LedgerAdjust, Amount: diff.Neg(),
			OrderID: o.ID, Actor: t.Actor(), Note: "variant swap in order " + o.Code}); err != nil {
			return err
		}
	}
	from := strings.TrimSpace(it.ProductName + " " + it.VariantName)
	to := strings.TrimSpace(it.ProductName + " " + v.Name)
	o, err = t.Tx.OrderByCode(o.Code)
	if err != nil {
		return err
	}
	s, err := t.Tx.ShipmentFor(o.ID, it.SupplierID)
	if err != nil {
		return err
	}
	stillOut := false
	for _, x := range ShipmentItems(o, it.SupplierID) {
		stillOut = stillOut || x.Status == store.ItemOut
	}
	if s.Status == store.ShipOut && !stillOut {
		if err := t.Tx.SetShipmentStatus(s.ID, s.Status, store.ShipNew, t.Actor(), "variant swapped"); err != nil {
			return err
		}
		s.Status = store.ShipNew
	}
	if it.SupplierID == 0 {
		t.sendPackingList(o, s, "relay.packing_head_swap")
	} else {
		sup, err := t.Tx.SupplierByID(it.SupplierID)
		if err != nil {
			return err
		}
		if _, err := t.sendCard(o, s, sup, "relay.card_head_swap"); err != nil {
			return err
		}
	}
	if it.SupplierID != 0 {
		t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, t.OwnerPrinter().T("relay.owner_swapped", "code", o.Code, "from", from, "to", to))
	}
	if len(outItems(o)) > 0 {
		t.AddNote(t.P.T("relay.cust_swapped", "code", o.Code, "from", from, "to", to))
		return t.onHabis(state{Flow: chat.FlowCustomer, Step: StepHabis, Data: stateData{HabisOrder: o.Code}}, "")
	}
	return t.Menu(t.P.T("relay.cust_swapped", "code", o.Code, "from", from, "to", to))
}

// cancelOutItems cancels out-of-stock lines: the refund is recorded as a
// pending outgoing payment for the owner to make (no refund for COD: the
// courier collects less), the suppliers' ledgers give back the cost, and a
// shipment or an order left with nothing is cancelled.
func (t *turn) cancelOutItems(o store.Order, out []store.OrderItem) error {
	price := decimal.Zero
	costBy := map[int64]decimal.Decimal{}
	priceBy := map[int64]decimal.Decimal{}
	for _, it := range out {
		if err := t.Tx.SetItemStatus(o.ID, it.ID, store.ItemOut, store.ItemCancelled); err != nil {
			return err
		}
		price = price.Add(it.LineTotal())
		costBy[it.SupplierID] = costBy[it.SupplierID].Add(it.LineCost())
		priceBy[it.SupplierID] = priceBy[it.SupplierID].Add(it.LineTotal())
	}
	full, err := t.Tx.OrderByCode(o.Code)
	if err != nil {
		return err
	}
	left := 0
	for _, it := range full.Items {
		if it.Status != store.ItemCancelled {
			left++
		}
	}
	refund := price
	if left == 0 {
		refund = o.Total // nothing will be shipped: the ongkir goes back too
	}
	for _, sid := range OrderSuppliers(o) {
		if sid == 0 {
			continue
		}
		sup, err := t.Tx.SupplierByID(sid)
		if err != nil {
			return err
		}
		if c := costBy[sid]; c.IsPositive() {
			if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sid, Kind: store.LedgerRefund, Amount: c,
				OrderID: o.ID, Actor: t.Actor(), Note: "items cancelled in order " + o.Code}); err != nil {
				return err
			}
		}
		// The customer's money the supplier was booked to hold shrinks too.
		if pr := priceBy[sid]; pr.IsPositive() && (o.PaymentMethod == "cod" || sup.PayMode == store.PayCustomerPays) {
			if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sid, Kind: store.LedgerAdjust, Amount: pr.Neg(),
				OrderID: o.ID, Actor: t.Actor(), Note: "customer's money for cancelled items"}); err != nil {
				return err
			}
		}
	}
	if o.PaymentMethod != "cod" && refund.IsPositive() {
		if _, err := t.Tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "out", Method: o.PaymentMethod, Amount: refund,
			Status: "pending", Actor: t.Actor(), Note: "refund: items out of stock"}); err != nil {
			return err
		}
	}
	ships, err := t.Tx.ShipmentsOf(o.ID)
	if err != nil {
		return err
	}
	allSent := true
	for _, s := range ships {
		if len(ShipmentItems(full, s.SupplierID)) == 0 && s.Status != store.ShipCancelled {
			if err := t.Tx.SetShipmentStatus(s.ID, s.Status, store.ShipCancelled, t.Actor(), "every item cancelled"); err != nil {
				return err
			}
			continue
		}
		if s.Status != store.ShipSent && s.Status != store.ShipCancelled {
			allSent = false
		}
	}
	names := ItemNames(out)
	for _, sid := range OrderSuppliers(o) {
		var its []store.OrderItem
		for _, it := range out {
			if it.SupplierID == sid {
				its = append(its, it)
			}
		}
		if len(its) == 0 {
			continue
		}
		key := "relay.group_item_cancelled"
		if len(ShipmentItems(full, sid)) == 0 {
			key = "relay.group_ship_cancelled"
		}
		args := []any{"items", ItemNames(its), "cod", ""}
		if o.PaymentMethod == "cod" && len(ShipmentItems(full, sid)) > 0 {
			share, err := ParcelShare(t.Tx, full, sid)
			if err != nil {
				return err
			}
			args[3] = "\n" + t.Env.Loc.For(locales.ID).T("relay.group_cod_now", "amount", locales.FormatRupiah(share))
		}
		if err := t.tellShippers(o, its, key, args...); err != nil {
			return err
		}
	}
	owner := t.OwnerPrinter()
	switch {
	case left == 0:
		if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusCancelled, t.Actor(), "every item out of stock"); err != nil {
			return err
		}
	case allSent && released(o.Status):
		if err := t.shipped(o); err != nil {
			return err
		}
	}
	if o.PaymentMethod == "cod" {
		key := "relay.cust_cancelled_cod"
		okey := "relay.owner_cancel_cod"
		if left == 0 {
			key, okey = "relay.cust_cancelled_cod_all", "relay.owner_cancel_cod_all"
		}
		t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, owner.T(okey, "code", o.Code, "items", names))
		return t.Menu(t.P.T(key, "code", o.Code, "items", names))
	}
	t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, owner.T("relay.owner_refund", "code", o.Code, "items", names,
		"amount", locales.FormatRupiah(refund)))
	lead := t.P.T("relay.cust_cancelled", "code", o.Code, "items", names, "amount", locales.FormatRupiah(refund))
	if !refund.IsPositive() {
		return t.Menu(lead)
	}
	return refundto.Ask(t.Turn, o, refund, lead) // where the money goes
}

// ReceivedText reports a customer saying the parcel arrived ("sudah
// terima", "paket udah sampai").
func ReceivedText(norm string) bool {
	words := strings.Fields(norm)
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	done, got := false, false
	for _, w := range words {
		switch strings.Trim(w, ".,!") {
		case "sudah", "udah", "sdh", "dah", "telah":
			done = true
		case "terima", "diterima", "sampai", "sampe", "nyampe", "nyampai":
			got = true
		}
	}
	return done && got
}

// confirmReceipt completes a shipped order the customer received:
// "/terima KODE", or "sudah terima" with one shipped order.
func (t *turn) confirmReceipt(code string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	var o store.Order
	if code != "" {
		var err error
		o, err = t.Tx.OrderByCode(code)
		if store.IsNotFound(err) || (err == nil && o.CustomerID != t.Who.CustomerID) {
			return t.Menu(t.P.T("orders.unknown_code", "code", chat.Clip(code, 12)))
		}
		if err != nil {
			return err
		}
	} else {
		shipped, err := t.Tx.OrdersWithStatus(t.Who.CustomerID, store.StatusShipped)
		if err != nil {
			return err
		}
		switch len(shipped) {
		case 0:
			return t.Menu(t.P.T("relay.cust_nothing_shipped"))
		case 1:
			o = shipped[0]
		default:
			codes := make([]string, len(shipped))
			for i, s := range shipped {
				codes[i] = s.Code
			}
			return t.Menu(t.P.T("relay.cust_which_received", "orders", strings.Join(codes, ", "), "code", codes[0]))
		}
	}
	switch o.Status {
	case store.StatusShipped:
	case store.StatusDone:
		return t.Menu(t.P.T("relay.cust_already_done", "code", o.Code))
	default:
		return t.Menu(t.P.T("relay.cust_not_shipped", "code", o.Code, "status", t.P.T("status."+o.Status)))
	}
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusDone, t.Actor(), "customer confirmed receipt"); err != nil {
		return err
	}
	t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, t.OwnerPrinter().T("relay.owner_received", "code", o.Code, "name", o.RecipientName))
	return t.Menu(t.P.T("relay.cust_done", "code", o.Code))
}
