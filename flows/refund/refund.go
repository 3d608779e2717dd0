package refund

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// Flow and step of the question "where should the refund go?".
const (
	flowRefund = "refund"
	// StepRefundTo waits for the customer's bank, account number and name.
	StepRefundTo = "refund_to"
)

// stateData keeps which order's refund the customer is answering about.
type stateData struct {
	Order string `json:"refund_order,omitempty"`
}

type state = chat.State[stateData]

// Register adds the step and the customer's /rekening.
func Register(r *chat.Registry) {
	r.Commands(chat.Command{Name: "rekening", Aliases: []string{"refundto"}, Role: chat.RoleCustomer, Run: cmdAccount})
	r.Steps(chat.Step{Name: StepRefundTo, Run: chat.StepOf(
		func(t *chat.Turn) *chat.Turn { return t },
		func(t *chat.Turn) (state, error) { return chat.Load[stateData](t) },
		onDest)})
}

// Ask sends lead (what happened, e.g. "the item is cancelled, Rp… comes
// back") with the question where the refund of amount should go, and
// waits for the answer. The refund must already be recorded as a pending
// payment out of order o: the answer is written on it.
func Ask(t *chat.Turn, o store.Order, amount decimal.Decimal, lead string) error {
	t.Reply(lead + "\n\n" + t.P.T("refund.ask", "code", o.Code, "amount", locales.FormatRupiah(amount)))
	return chat.Save(t, state{Flow: flowRefund, Step: StepRefundTo, Data: stateData{Order: o.Code}})
}

// AskCustomer is Ask from a staff member's turn (the owner cancelling a
// paid order): the order's customer gets lead and the question in their
// private chat (there the chat is the person), and their chat waits for
// the answer.
func AskCustomer(t *chat.Turn, o store.Order, amount decimal.Decimal, lead string) error {
	p := t.CustomerPrinter(o)
	t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.ChatID}, Ref: chat.Ref{Kind: "order", ID: o.Code},
		Text: lead + "\n\n" + p.T("refund.ask", "code", o.Code, "amount", locales.FormatRupiah(amount))})
	b, err := json.Marshal(stateData{Order: o.Code})
	if err != nil {
		return err
	}
	return t.Tx.SetConversation(o.Channel, o.ChatID, o.ChatID, store.Conversation{Flow: flowRefund, Step: StepRefundTo, Data: string(b)})
}

// onDest reads the answer. Garbage gets a kind answer with what is missing
// and an example, and the step stays; "nanti" leaves it to the admin.
func onDest(t *chat.Turn, st state, text string) error {
	o, err := t.Tx.OrderByCode(st.Data.Order)
	if store.IsNotFound(err) || (err == nil && o.CustomerID != t.Who.CustomerID) {
		return t.Menu("")
	}
	if err != nil {
		return err
	}
	switch chat.Normalize(text) {
	case "nanti", "nanti saja", "later", "skip", "lewati":
		t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, t.OwnerPrinter().T("refund.owner_later", "code", o.Code))
		return t.Menu(t.P.T("refund.later", "code", o.Code))
	}
	d, err := Parse(text)
	var pe *ParseError
	if errors.As(err, &pe) {
		t.Reply(t.P.T("refund.err."+pe.Code, "input", clip(text)) + "\n\n" + t.P.T("refund.example"))
		return nil
	}
	if err != nil {
		return err
	}
	n, err := t.Tx.SetRefundDestination(o.ID, d)
	if err != nil {
		return err
	}
	if n == 0 {
		// Already sent (or cancelled) meanwhile: nothing to write it on.
		return t.Menu(t.P.T("refund.nothing_owed", "code", o.Code))
	}
	owed, err := Owed(t.Tx, o.ID)
	if err != nil {
		return err
	}
	ow := t.OwnerPrinter()
	t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, ow.T("refund.owner_dest", "code", o.Code, "amount", locales.FormatRupiah(owed),
		"bank", d.Bank, "number", d.Number, "holder", d.Holder))
	return t.Menu(t.P.T("refund.saved", "code", o.Code, "bank", d.Bank, "number", d.Number, "holder", d.Holder))
}

// Owed is what an order's pending refunds add up to.
func Owed(tx *store.Tx, orderID int64) (decimal.Decimal, error) {
	pays, err := tx.PaymentsOf(orderID)
	if err != nil {
		return decimal.Zero, err
	}
	sum := decimal.Zero
	for _, p := range pays {
		if p.Direction == "out" && p.Status == "pending" {
			sum = sum.Add(p.Amount)
		}
	}
	return sum, nil
}

// clip shortens what the customer typed for quoting it back.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}

// cmdAccount is "/rekening [KODE]": a customer gives (or corrects) where a
// refund owed to them goes, later than when it was asked. Without a code
// it is their latest order with a refund still owed. Someone else's code
// gets the same answer as one with nothing owed.
func cmdAccount(t *chat.Turn, args string) error {
	code, _ := chat.FirstWord(strings.ToUpper(args))
	orders, err := t.Tx.OrdersOfCustomer(t.Who.CustomerID, 20)
	if err != nil {
		return err
	}
	for _, o := range orders {
		if code != "" && o.Code != code {
			continue
		}
		owed, err := Owed(t.Tx, o.ID)
		if err != nil {
			return err
		}
		if owed.IsPositive() {
			return Ask(t, o, owed, t.P.T("refund.for_order", "code", o.Code))
		}
	}
	return t.MenuOrStay(t.P.T("refund.none_owed"))
}
