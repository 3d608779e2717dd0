package partner

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/commission"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// What other areas call in the partner area: the order's hooks (placed,
// refunded, cancelled), the reseller's own Pengirim, and the owner's
// payout photo.

// OrderPlaced attributes a just-placed order to the partner whose link or
// code the customer arrived with (30 days, last one wins): the partner is
// told of the sale, the owner sees which partner brought it, and a
// self-referral goes to the owner to decide.
func OrderPlaced(ct *chat.Turn, o store.Order) error {
	t := &turn{ct}
	po, ok, err := t.Tx.AttributeOrder(o.ID, commission.Quote)
	if err != nil || !ok {
		return err
	}
	p, err := t.Tx.PartnerByID(po.PartnerID)
	if err != nil {
		return err
	}
	op := t.OwnerPrinter()
	ref := chat.Ref{Kind: "order", ID: o.Code}
	if po.Status == store.POReview {
		t.TellOwners(ref, op.T("partner.owner.self_referral", "order", o.Code, "code", p.Code, "name", p.Name,
			"match", op.T("partner.owner.match_"+matchKey(po.SelfReferral)), "commission", locales.FormatRupiah(po.Commission)))
		return ensureDaily(t.Tx)
	}
	t.TellOwners(ref, op.T("partner.owner.order_partner", "order", o.Code, "code", p.Code, "name", p.Name,
		"commission", locales.FormatRupiah(po.Commission)))
	hold, err := t.Int(HoldDays)
	if err != nil {
		return err
	}
	t.tellPartner(p, "partner.new_sale", "code", o.Code, "subtotal", locales.FormatRupiah(po.Base),
		"commission", locales.FormatRupiah(po.Commission), "days", hold)
	return ensureDaily(t.Tx)
}

// matchKey is the text key of what made an order a self-referral; the
// store writes customer, chat, phone or address (a chat is the same
// person as a customer match).
func matchKey(m string) string {
	switch m {
	case "phone", "address":
		return m
	}
	return "customer"
}

// Refunded takes back the share of an order's commission that a refund of
// goods worth goods takes, and tells the partner. Orders without a
// partner are left alone.
func Refunded(ct *chat.Turn, o store.Order, goods decimal.Decimal, reason string) error {
	t := &turn{ct}
	if !goods.IsPositive() {
		return nil
	}
	amount, ok, err := t.Tx.ClawbackOrder(o.ID, goods, reason, t.Actor(), commission.Clawback)
	if err != nil || !ok || !amount.IsPositive() {
		return err
	}
	_, p, err := t.partnerOfOrder(o.ID)
	if err != nil {
		return err
	}
	pt := &turn{t.partnerTurn(p)}
	t.tellPartner(p, "partner.clawback", "code", o.Code, "amount", locales.FormatRupiah(amount), "reason", pt.reasonText(reason))
	return nil
}

// Cancelled tells an order's partner that its commission is void (the
// store voided it when the order was cancelled or expired), and puts what
// a reseller's order drew from their deposit back into it.
func Cancelled(ct *chat.Turn, o store.Order) error {
	t := &turn{ct}
	if err := t.depositBack(o); err != nil {
		return err
	}
	po, p, err := t.partnerOfOrder(o.ID)
	if store.IsNotFound(err) {
		return nil
	}
	if err != nil || po.Status != store.POVoid {
		return err
	}
	pt := &turn{t.partnerTurn(p)}
	t.tellPartner(p, "partner.voided", "code", o.Code, "reason", pt.reasonText(po.VoidReason))
	return nil
}

// Sender is the Pengirim of an active reseller's order: their own name
// and phone, so their buyer sees the reseller's shop on the label. ok is
// false for everyone else (the shop is the sender).
func Sender(ct *chat.Turn, customerID int64) (name, phone string, ok bool, err error) {
	p, err := ct.Tx.PartnerOfCustomer(customerID)
	if store.IsNotFound(err) {
		return "", "", false, nil
	}
	if err != nil || p.Kind != store.PartnerReseller || p.Status != store.PartnerActive {
		return "", "", false, err
	}
	return p.Name, p.Phone, true, nil
}

// PayoutPhoto is a photo the owner sent with a /mitra caption: "/mitra
// bayar KODE [jumlah]" makes it the transfer proof of a payout; any other
// /mitra caption is told how. The caller has checked that the sender is
// the owner.
func PayoutPhoto(ct *chat.Turn, m *chat.Media) error {
	t := &turn{ct}
	_, args, _ := chat.SplitCommand(ct.Msg.Text)
	verb, rest := chat.FirstWord(args)
	switch strings.ToLower(verb) {
	case "bayar", "pay":
		return t.payPhoto(rest, m)
	}
	t.Reply(t.P.T("partner.owner.pay_how"))
	return nil
}

// partnerOfOrder is an order's partner record and its partner
// (store.ENotFound when the order carries none).
func (t *turn) partnerOfOrder(orderID int64) (store.PartnerOrder, store.Partner, error) {
	po, err := t.Tx.PartnerOrderOf(orderID)
	if err != nil {
		return po, store.Partner{}, err
	}
	p, err := t.Tx.PartnerByID(po.PartnerID)
	return po, p, err
}

// RefKind names a partner's application card, so a quote-reply to it
// names the partner.
const RefKind = "partner"

// StaffReplyToCard reads the owner's quote-reply to a partner's
// application card: "terima", "setujui" or "ok" approves, "tolak alasan"
// declines; anything else gets the /mitra help. Deciding is the owner's:
// an admin is told so, as for the /mitra command.
func StaffReplyToCard(ct *chat.Turn, code, text string) error {
	if !ct.OwnerOnly() {
		return nil
	}
	t := &turn{ct}
	verb, rest := chat.FirstWord(text)
	switch strings.ToLower(strings.Trim(verb, ".,!")) {
	case "terima", "setujui", "approve", "ok", "oke", "acc":
		return t.cmdOwner("terima " + code + " " + rest)
	case "tolak", "decline":
		return t.cmdOwner("tolak " + code + " " + rest)
	}
	t.Reply(t.P.T("partner.owner.help"))
	return nil
}

// applyWords are what people type instead of /daftar.
var applyWords = map[string]string{
	"daftar reseller": "reseller", "daftar afiliasi": "afiliasi", "daftar affiliate": "afiliasi",
	"mau jadi reseller": "reseller", "mau jadi afiliasi": "afiliasi", "daftar mitra": "",
}

// ApplyWords starts an application when a customer types it in words
// ("daftar reseller", "mau daftar reseller kak") and answers a partner's
// question in words ("komisi saya berapa", "link aku mana ya"); it
// reports whether the text was such words.
func ApplyWords(ct *chat.Turn, text string) (bool, error) {
	kind, ok := applyWords[chat.Normalize(text)]
	if !ok {
		// "komisi saya berapa", "mau daftar reseller kak" (words.go).
		return (&turn{ct}).partnerAsked(text)
	}
	return true, (&turn{ct}).cmdApply(kind)
}
