package shipping

import (
	"fmt"
	"time"

	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// Notifier turns a tracking outcome into outbox messages: the customer's
// milestone news in their language, the owner's alert in the owner's. Its
// Notify fits Tracker.Notify, so the poller needs no conversation code.
type Notifier struct {
	Loc *locales.Bundle // nil = locales.Default()
	// OwnerLang is the owner's language (flows/chat.OwnerLang); nil =
	// Indonesian.
	OwnerLang func(tx *store.Tx) (locales.Lang, error)
}

// Notify queues the messages for one outcome, in the caller's transaction.
func (n Notifier) Notify(tx *store.Tx, f Followed, out PollOutcome) error {
	if len(out.Customer) == 0 && out.OwnerAlert == AlertNone {
		return nil
	}
	loc := n.Loc
	if loc == nil {
		loc = locales.Default()
	}
	ship, err := tx.ShipmentByID(f.ShipmentID)
	if err != nil {
		return err
	}
	code, err := tx.OrderCodeByID(ship.OrderID)
	if err != nil {
		return err
	}
	o, err := tx.OrderByCode(code)
	if err != nil {
		return err
	}
	courier := ship.Courier
	if courier == "" {
		courier = f.Courier
	}
	if len(out.Customer) > 0 {
		lang, err := tx.CustomerLang(o.CustomerID)
		if err != nil {
			return err
		}
		l, _ := locales.ParseLang(lang)
		p := loc.For(l)
		for _, m := range out.Customer {
			text := CustomerText(p, m, o.Code, courier, f.Resi, out.Detail)
			if _, err := tx.Enqueue(store.OutMessage{Channel: o.Channel, ChatID: o.ChatID, Text: text,
				RefKind: "order", RefID: o.Code}); err != nil {
				return fmt.Errorf("queue parcel news: %w", err)
			}
		}
	}
	if out.OwnerAlert == AlertNone {
		return nil
	}
	lang := locales.ID
	if n.OwnerLang != nil {
		if lang, err = n.OwnerLang(tx); err != nil {
			return err
		}
	}
	days := int(out.At.Sub(f.LastChangeAt) / (24 * time.Hour))
	var provider string
	if out.Failure != nil {
		provider = out.Failure.Provider
	}
	text := OwnerAlertText(loc.For(lang), out.OwnerAlert, o.Code, courier, f.Resi, out.Detail, provider, days)
	owners, err := tx.Staff(store.StaffOwner)
	if err != nil {
		return err
	}
	for _, ow := range owners {
		if _, err := tx.Enqueue(store.OutMessage{Channel: ow.Channel, ChatID: ow.UserID, Text: text,
			RefKind: "order", RefID: o.Code}); err != nil {
			return fmt.Errorf("queue parcel alert: %w", err)
		}
	}
	return nil
}
