package partner

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// A reseller's deposit (saldo): the owner records money the reseller paid
// in (/mitra deposit KODE jumlah); a reseller's transfer order that the
// deposit covers is paid from it at once and goes to the supplier without
// a transfer to check. Its own ledger (store.partner_deposits), not the
// partner ledger: prepaid money for goods is no earning to pay out.

// PaymentDeposit is the payment method of an order paid from a deposit.
const PaymentDeposit = "deposit"

// topUp is the owner's /mitra deposit KODE jumlah.
func (t *turn) topUp(p store.Partner, rest string) error {
	amount, err := locales.ParseRupiah(strings.TrimSpace(rest))
	if err != nil || !amount.IsPositive() {
		t.Reply(t.P.T("partner.owner.deposit_how", "code", p.Code))
		return nil
	}
	bal, err := t.Tx.TopUpPartnerDeposit(p.ID, amount, "", t.Actor())
	if store.ErrorCode(err) == store.EConflict {
		t.Reply(t.P.T("partner.owner.deposit_resellers", "code", p.Code))
		return nil
	}
	if err != nil {
		return err
	}
	t.tellPartner(p, "partner.deposit.topped", "amount", locales.FormatRupiah(amount), "balance", locales.FormatRupiah(bal))
	t.Reply(t.P.T("partner.owner.deposit_added", "code", p.Code, "amount", locales.FormatRupiah(amount),
		"balance", locales.FormatRupiah(bal)))
	return nil
}

// activeReseller is the customer's partner row when they are an active
// reseller; ok is false otherwise.
func activeReseller(tx *store.Tx, customerID int64) (store.Partner, bool, error) {
	p, err := tx.PartnerOfCustomer(customerID)
	if store.IsNotFound(err) {
		return p, false, nil
	}
	if err != nil {
		return p, false, err
	}
	return p, p.Kind == store.PartnerReseller && p.Status == store.PartnerActive, nil
}

// DepositCovers reports whether the customer is an active reseller whose
// deposit pays total.
func DepositCovers(ct *chat.Turn, customerID int64, total decimal.Decimal) (bool, error) {
	p, ok, err := activeReseller(ct.Tx, customerID)
	if !ok || err != nil {
		return false, err
	}
	bal, err := ct.Tx.PartnerDepositOf(p.ID)
	return err == nil && total.IsPositive() && !bal.LessThan(total), err
}

// PayFromDeposit pays a just-placed order (payment method deposit) from
// the reseller's deposit: the draw, a confirmed payment, and a line to the
// reseller with what is left.
func PayFromDeposit(ct *chat.Turn, o store.Order) error {
	t := &turn{ct}
	p, ok, err := activeReseller(t.Tx, o.CustomerID)
	if err != nil {
		return err
	}
	if !ok {
		return store.Errorf(store.EConflict, "order %s: paid from a deposit but no active reseller", o.Code)
	}
	left, err := t.Tx.DrawPartnerDeposit(p.ID, o.ID, o.Total, t.Actor())
	if err != nil {
		return err
	}
	if _, err := t.Tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "in", Method: PaymentDeposit, Amount: o.Total,
		Status: "confirmed", Actor: t.Actor(), Note: "deposit"}); err != nil {
		return err
	}
	t.Reply(t.P.T("partner.deposit.paid", "code", o.Code, "amount", locales.FormatRupiah(o.Total), "balance", locales.FormatRupiah(left)))
	return nil
}

// depositBack returns a cancelled order's draw to the reseller's deposit,
// with a confirmed payment out, so the order's money nets to zero and no
// refund is owed on top; the reseller reads the new balance.
func (t *turn) depositBack(o store.Order) error {
	if o.PaymentMethod != PaymentDeposit {
		return nil
	}
	pid, amount, ok, err := t.Tx.ReturnPartnerDeposit(o.ID, t.Actor())
	if err != nil || !ok {
		return err
	}
	if _, err := t.Tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "out", Method: PaymentDeposit, Amount: amount,
		Status: "confirmed", Actor: t.Actor(), Note: "back to deposit"}); err != nil {
		return err
	}
	p, err := t.Tx.PartnerByID(pid)
	if err != nil {
		return err
	}
	bal, err := t.Tx.PartnerDepositOf(pid)
	if err != nil {
		return err
	}
	t.tellPartner(p, "partner.deposit.returned", "code", o.Code, "amount", locales.FormatRupiah(amount), "balance", locales.FormatRupiah(bal))
	return nil
}
