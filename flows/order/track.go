package order

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/store"
)

// ordersOrResi is the customer's /cek: "cek resi KODE" (or "cek paket
// KODE", "/lacak KODE") shows where each parcel is; anything else is the
// order list or one order as before.
func (t *turn) ordersOrResi(args string) error {
	if w, rest := chat.FirstWord(args); isResiWord(w) {
		return t.trackOrder(rest)
	}
	return t.myOrders(args)
}

func isResiWord(w string) bool {
	switch strings.ToLower(w) {
	case "resi", "paket", "kiriman", "lacak":
		return true
	}
	return false
}

// trackOrder shows the latest the courier said about each parcel of one of
// the customer's own orders, as the tracker last read it. Another
// person's code gets the answer of a code that does not exist.
func (t *turn) trackOrder(args string) error {
	code, _ := chat.FirstWord(args)
	code = strings.ToUpper(code)
	if code == "" {
		t.Reply(t.P.T("shipping.track.how"), t.MenuLabels()...)
		return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
	}
	o, err := t.Tx.OrderByCode(code)
	if store.IsNotFound(err) || (err == nil && o.CustomerID != t.Who.CustomerID) {
		return t.Menu(t.P.T("orders.unknown_code", "code", chat.Clip(code, 12)))
	}
	if err != nil {
		return err
	}
	ships, err := t.Tx.ShipmentsOf(o.ID)
	if err != nil {
		return err
	}
	lines := []string{t.P.T("shipping.track.head", "code", o.Code)}
	for _, s := range ships {
		if s.Status == store.ShipCancelled || s.Resi == "" {
			continue
		}
		lines = append(lines, t.P.T("shipping.track.parcel", "courier", s.Courier, "resi", s.Resi))
		tr, err := t.Tx.TrackedShipment(s.ID)
		switch {
		case store.IsNotFound(err) || (err == nil && tr.LastEvent == "" && tr.Milestone == ""):
			lines = append(lines, t.P.T("shipping.track.no_news"))
			continue
		case err != nil:
			return err
		}
		if m := shipping.Milestone(tr.Milestone); m != shipping.MilestoneNone {
			lines = append(lines, t.P.T("shipping.track.status."+string(m)))
		}
		if tr.LastEvent != "" {
			lines = append(lines, t.P.T("shipping.track.event", "when", t.P.DateTime(tr.LastEventAt), "event", chat.Clip(tr.LastEvent, 200)))
		}
	}
	if len(lines) == 1 {
		lines = append(lines, t.P.T("shipping.track.none_yet"))
	}
	t.Reply(strings.Join(lines, "\n"), t.MenuLabels()...)
	return t.save(state{Flow: chat.FlowCustomer, Step: chat.StepMenu})
}
