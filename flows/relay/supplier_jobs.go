package relay

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

// relayJob runs the relay's timers. Each re-checks its shipment or order:
// one that moved on (answered, shipped, completed) does nothing.
func relayJob(s *chat.Env, ctx context.Context, tx *store.Tx, j store.Job) ([]chat.Out, error) {
	t := &turn{s.SystemTurn(ctx, tx)}
	var err error
	switch j.Kind {
	case JobCardRemind:
		err = t.cardReminder(j.Ref)
	case JobResiRemind:
		err = t.resiReminder(j.Ref)
	case JobAutoDone:
		err = t.autoDone(j.Ref)
	case JobRestockRemind:
		err = t.restockReminder(j.Ref)
	}
	if err != nil {
		return nil, err
	}
	return t.Outs, nil
}

// jobShipment reads the shipment and order a relay job is about; ok is
// false when there is nothing to do any more.
func (t *turn) jobShipment(ref string, want string) (store.Order, store.Shipment, bool, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return store.Order{}, store.Shipment{}, false, nil
	}
	s, err := t.Tx.ShipmentByID(id)
	if store.IsNotFound(err) || (err == nil && (s.Status != want || s.Resi != "")) {
		return store.Order{}, s, false, nil
	}
	if err != nil {
		return store.Order{}, s, false, err
	}
	o, err := t.orderByID(s.OrderID)
	if store.IsNotFound(err) || (err == nil && !released(o.Status)) {
		return o, s, false, nil
	}
	return o, s, err == nil, err
}

// toGroups sends a text about an order to every group of a supplier.
func (t *turn) toGroups(supplierID int64, code, text string, options ...string) error {
	groups, err := t.Tx.SupplierGroups(supplierID)
	if err != nil {
		return err
	}
	for _, g := range groups {
		t.Send(chat.Out{To: chat.Address{Channel: g.Channel, ChatID: g.ChatID}, Text: text, Options: options, Ref: chat.Ref{Kind: "order", ID: code}})
	}
	return nil
}

// cardReminder: a card nobody answered is brought up again in the group.
func (t *turn) cardReminder(ref string) error {
	o, s, ok, err := t.jobShipment(ref, store.ShipNew)
	if err != nil || !ok || s.SupplierID == 0 {
		return err
	}
	hours := t.Tx.Now().Sub(s.CardSentAt).Round(time.Hour).Hours()
	return t.toGroups(s.SupplierID, o.Code, t.P.T("relay.remind_card", "code", o.Code, "hours", int(hours),
		"items", ItemNames(ShipmentItems(o, s.SupplierID))), cardOptions(t.P)...)
}

// resiReminder: an accepted shipment without a resi is brought up in its
// group, and the owner gets the list of every late shipment.
func (t *turn) resiReminder(ref string) error {
	o, s, ok, err := t.jobShipment(ref, store.ShipPacking)
	if err != nil || !ok {
		return err
	}
	hours, err := t.Int(ResiRemindHours)
	if err != nil {
		return err
	}
	if s.SupplierID != 0 {
		if err := t.toGroups(s.SupplierID, o.Code, t.P.T("relay.remind_resi", "code", o.Code, "date", t.P.DateTime(s.AcceptedAt))); err != nil {
			return err
		}
	}
	late, err := t.Tx.LateShipments(t.Tx.Now().Add(-time.Duration(hours) * time.Hour))
	if err != nil {
		return err
	}
	if len(late) == 0 {
		return nil
	}
	lines := []string{t.P.T("relay.owner_late_head", "hours", hours)}
	for _, l := range late {
		label, err := t.shipmentLabel(t.P, l.Shipment)
		if err != nil {
			return err
		}
		lines = append(lines, t.P.T("relay.owner_late_line", "code", l.Code, "supplier", label, "date", t.P.DateTime(l.AcceptedAt)))
	}
	t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, strings.Join(lines, "\n"))
	return nil
}

// autoDone completes an order that was shipped long enough ago and that
// the customer did not confirm or complain about.
func (t *turn) autoDone(code string) error {
	o, err := t.Tx.OrderByCode(code)
	if store.IsNotFound(err) || (err == nil && o.Status != store.StatusShipped) {
		return nil
	}
	if err != nil {
		return err
	}
	days, err := t.Int(AutoDoneDays)
	if err != nil {
		return err
	}
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusDone, "system", "completed after the shop's days without a complaint"); err != nil {
		return err
	}
	cust := t.CustomerPrinter(o)
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code}, Text: cust.T("relay.cust_auto_done", "code", o.Code, "days", days)})
	return nil
}
