package relay

import (
	"errors"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// ledgerKinds are the ledger kinds, for the labels people read.
var ledgerKinds = []string{store.LedgerTopup, store.LedgerDeduction, store.LedgerPayment, store.LedgerRefund,
	store.LedgerChargeback, store.LedgerAdjust}

// payModes are the supplier pay modes, for the labels people read.
var payModes = []string{store.PayPerOrder, store.PayDeposit, store.PayCustomerPays}

// balanceText says what a balance means: money the supplier holds, money
// the shop owes it, or settled.
func balanceText(p locales.Printer, bal decimal.Decimal) string {
	switch {
	case bal.IsPositive():
		return p.T("ledger.balance_held", "amount", locales.FormatRupiah(bal))
	case bal.IsNegative():
		return p.T("ledger.balance_owed", "amount", locales.FormatRupiah(bal.Neg()))
	}
	return p.T("ledger.balance_zero")
}

// ledgerStatement is a supplier's balance and latest movements.
func (t *turn) ledgerStatement(sup store.Supplier) (string, error) {
	bal, err := t.Tx.SupplierBalance(sup.ID)
	if err != nil {
		return "", err
	}
	entries, err := t.Tx.LedgerOf(sup.ID, 8)
	if err != nil {
		return "", err
	}
	lines := []string{t.P.T("ledger.head", "code", sup.Code, "name", sup.Name, "mode", t.P.T("ledger.mode."+sup.PayMode)),
		balanceText(t.P, bal)}
	if len(entries) == 0 {
		lines = append(lines, t.P.T("ledger.no_entries"))
	} else {
		lines = append(lines, t.P.T("ledger.recent"))
	}
	for _, e := range entries {
		sign := "+"
		if e.Amount.IsNegative() {
			sign = "-"
		}
		order := ""
		if e.OrderID != 0 {
			if code, err := t.Tx.OrderCodeByID(e.OrderID); err == nil {
				order = " · " + code
			}
		} else if e.Note != "" {
			order = " · " + e.Note
		}
		lines = append(lines, t.P.T("ledger.line", "date", t.P.DateTime(e.At), "kind", t.P.T("ledger.kind."+e.Kind),
			"amount", sign+locales.FormatRupiah(e.Amount.Abs()), "order", order))
	}
	return strings.Join(lines, "\n"), nil
}

// groupBalance is "/saldo" in a supplier's group.
func (t *turn) groupBalance() error {
	sup, err := t.Tx.SupplierByID(t.Who.SupplierID)
	if err != nil {
		return err
	}
	text, err := t.ledgerStatement(sup)
	if err != nil {
		return err
	}
	t.Reply(text)
	return nil
}

// groupOpenOrders is "/pesanan" in a supplier's group: the cards still
// waiting for an answer or a resi.
func (t *turn) groupOpenOrders() error {
	open, err := t.Tx.OpenShipments(t.Who.SupplierID)
	if err != nil {
		return err
	}
	if len(open) == 0 {
		t.Reply(t.P.T("relay.none_open"))
		return nil
	}
	lines := []string{t.P.T("supgroup.open_head")}
	for _, s := range open {
		lines = append(lines, t.P.T("supgroup.open_line", "code", s.Code, "status", t.P.T("relay.ship_status."+s.Status),
			"date", t.P.DateTime(s.CreatedAt)))
	}
	t.Reply(strings.Join(lines, "\n"))
	return nil
}

// ownerSupplier reads a supplier code the owner typed, answering when it
// is unknown.
func (t *turn) ownerSupplier(code string) (store.Supplier, bool, error) {
	s, err := t.Tx.SupplierByCode(code)
	if store.IsNotFound(err) {
		t.Reply(t.P.T("group.unknown_supplier", "code", chat.Clip(code, 20)))
		return s, false, nil
	}
	return s, err == nil, err
}

// ownerBalance is the owner's "/saldo" (every supplier) or "/saldo KODE".
func (t *turn) ownerBalance(args string) error {
	code, _ := chat.FirstWord(args)
	if code != "" {
		sup, ok, err := t.ownerSupplier(code)
		if err != nil || !ok {
			return err
		}
		text, err := t.ledgerStatement(sup)
		if err != nil {
			return err
		}
		t.Reply(text)
		return nil
	}
	sups, err := t.Tx.Suppliers()
	if err != nil {
		return err
	}
	if len(sups) == 0 {
		t.Reply(t.P.T("group.no_suppliers"))
		return nil
	}
	lines := []string{t.P.T("ledger.all_head")}
	for _, s := range sups {
		bal, err := t.Tx.SupplierBalance(s.ID)
		if err != nil {
			return err
		}
		lines = append(lines, t.P.T("ledger.all_line", "code", s.Code, "name", s.Name, "mode", t.P.T("ledger.mode."+s.PayMode),
			"balance", balanceText(t.P, bal)))
	}
	lines = append(lines, t.P.T("ledger.all_how"))
	t.Reply(strings.Join(lines, "\n"))
	return nil
}

// ownerTopup is "/topup KODE 500000 [catatan]": the owner put money in a
// supplier's deposit.
func (t *turn) ownerTopup(args string) error {
	code, rest := chat.FirstWord(args)
	amountText, note := chat.FirstWord(rest)
	if code == "" || amountText == "" {
		t.Reply(t.P.T("ledger.topup_how"))
		return nil
	}
	if a, r := chat.FirstWord(note); strings.EqualFold(amountText, "rp") || strings.EqualFold(amountText, "rp.") {
		amountText, note = amountText+a, r
	}
	amount, err := locales.ParseRupiah(amountText)
	if err != nil {
		mcode, margs := "invalid", []any(nil)
		var me *locales.MoneyError
		if errors.As(err, &me) {
			mcode, margs = me.Code, me.Args()
		}
		t.Reply(t.P.T("money.err."+mcode, margs...) + "\n" + t.P.T("ledger.topup_how"))
		return nil
	}
	if !amount.IsPositive() {
		t.Reply(t.P.T("ledger.topup_zero") + "\n" + t.P.T("ledger.topup_how"))
		return nil
	}
	sup, ok, err := t.ownerSupplier(code)
	if err != nil || !ok {
		return err
	}
	if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sup.ID, Kind: store.LedgerTopup, Amount: amount,
		Actor: t.Actor(), Note: chat.Clip(note, 200)}); err != nil {
		return err
	}
	bal, err := t.Tx.SupplierBalance(sup.ID)
	if err != nil {
		return err
	}
	t.Reply(t.P.T("ledger.topup_done", "code", sup.Code, "amount", locales.FormatRupiah(amount)) + "\n" + balanceText(t.P, bal))
	g := t.Env.Loc.For(locales.ID)
	groups, err := t.Tx.SupplierGroups(sup.ID)
	if err != nil {
		return err
	}
	for _, gr := range groups {
		t.Send(chat.Out{To: chat.Address{Channel: gr.Channel, ChatID: gr.ChatID},
			Text: g.T("ledger.topup_group", "amount", locales.FormatRupiah(amount)) + "\n" + balanceText(g, bal)})
	}
	return nil
}

// payModeWords maps what the owner types to a pay mode.
var payModeWords = map[string]string{
	"per_order": store.PayPerOrder, "perorder": store.PayPerOrder, "per-order": store.PayPerOrder, "transfer": store.PayPerOrder,
	"deposit": store.PayDeposit, "saldo": store.PayDeposit,
	"customer_pays": store.PayCustomerPays, "langsung": store.PayCustomerPays, "pelanggan": store.PayCustomerPays,
}

// ownerPayMode is "/modebayar KODE per_order|deposit|langsung".
func (t *turn) ownerPayMode(args string) error {
	code, rest := chat.FirstWord(args)
	mode, ok := payModeWords[strings.ToLower(strings.TrimSpace(rest))]
	if code == "" || !ok {
		t.Reply(t.P.T("ledger.mode_how"))
		return nil
	}
	sup, ok, err := t.ownerSupplier(code)
	if err != nil || !ok {
		return err
	}
	if err := t.Tx.SetSupplierPayMode(sup.ID, mode); err != nil {
		return err
	}
	t.Reply(t.P.T("ledger.mode_set", "code", sup.Code, "mode", t.P.T("ledger.mode."+mode)))
	return nil
}
