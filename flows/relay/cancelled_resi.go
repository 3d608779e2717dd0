package relay

import (
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/resi"
)

// cancelledResiWindow is how long after a cancellation a resi posted with
// no open card is taken to be for the cancelled order.
const cancelledResiWindow = 7 * 24 * time.Hour

// resiForCancelled handles a resi posted when no card waits for one: if
// this group's supplier had an order cancelled lately that never got a
// resi, the parcel may be on its way although the order is cancelled and
// its refund owed. The group is warned and the owner alerted; warned is
// false when there is no such order.
func (t *turn) resiForCancelled(text string) (warned bool, err error) {
	cand, ok := ParseResiText(text)
	if !ok {
		return false, nil
	}
	recent, err := t.Tx.CancelledShipments(t.Who.SupplierID, t.Tx.Now().Add(-cancelledResiWindow))
	if err != nil || len(recent) == 0 {
		return false, err
	}
	codes := make([]string, len(recent))
	for i, s := range recent {
		codes[i] = s.Code
	}
	t.warnCancelledResi(codes, resi.Normalize(cand.raw))
	return true, nil
}

// warnCancelledResi tells the group not to ship the cancelled order(s),
// or to tell us if the parcel already went, and alerts the owner.
func (t *turn) warnCancelledResi(codes []string, number string) {
	list := strings.Join(codes, ", ")
	ref := chat.Ref{Kind: "order", ID: codes[0]}
	t.Send(chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, Ref: ref,
		Text: t.P.T("relay.resi_cancelled", "code", list)})
	label := ""
	if sup, err := t.Tx.SupplierByID(t.Who.SupplierID); err == nil {
		label = sup.Code
	}
	t.TellOwners(ref, t.OwnerPrinter().T("relay.owner_resi_cancelled", "code", list, "supplier", label, "resi", number))
}

// resiInChatter answers a sentence that holds one resi-like number ("udah
// dikirim ya kak resinya JX9876543210"): the number is not recorded on a
// guess; the group is asked to quote the card it belongs to. Chatter
// without such a number gets no answer.
func (t *turn) resiInChatter(text string) error {
	number, ok := resiInSentence(text)
	if !ok {
		return nil
	}
	open, err := t.Tx.OpenShipments(t.Who.SupplierID)
	if err != nil {
		return err
	}
	if len(open) == 0 {
		_, err := t.resiForCancelled(number)
		return err
	}
	codes := make([]string, len(open))
	for i, s := range open {
		codes[i] = s.Code
	}
	t.Send(chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, Ref: chat.Ref{Kind: "order", ID: codes[0]},
		Text: t.P.T("relay.resi_which", "orders", strings.Join(codes, ", "), "resi", number)})
	return nil
}
