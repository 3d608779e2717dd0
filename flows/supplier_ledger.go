package flows

import (
	"errors"
	"strings"

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
	bal, err := t.tx.SupplierBalance(sup.ID)
	if err != nil {
		return "", err
	}
	entries, err := t.tx.LedgerOf(sup.ID, 8)
	if err != nil {
		return "", err
	}
	lines := []string{t.p.T("ledger.head", "code", sup.Code, "name", sup.Name, "mode", t.p.T("ledger.mode."+sup.PayMode)),
		balanceText(t.p, bal)}
	if len(entries) == 0 {
		lines = append(lines, t.p.T("ledger.no_entries"))
	} else {
		lines = append(lines, t.p.T("ledger.recent"))
	}
	for _, e := range entries {
		sign := "+"
		if e.Amount.IsNegative() {
			sign = "-"
		}
		order := ""
		if e.OrderID != 0 {
			if code, err := t.tx.OrderCodeByID(e.OrderID); err == nil {
				order = " · " + code
			}
		} else if e.Note != "" {
			order = " · " + e.Note
		}
		lines = append(lines, t.p.T("ledger.line", "date", t.p.DateTime(e.At), "kind", t.p.T("ledger.kind."+e.Kind),
			"amount", sign+locales.FormatRupiah(e.Amount.Abs()), "order", order))
	}
	return strings.Join(lines, "\n"), nil
}

// groupBalance is "/saldo" in a supplier's group.
func (t *turn) groupBalance() error {
	sup, err := t.tx.SupplierByID(t.who.SupplierID)
	if err != nil {
		return err
	}
	text, err := t.ledgerStatement(sup)
	if err != nil {
		return err
	}
	t.reply(text)
	return nil
}

// groupOpenOrders is "/pesanan" in a supplier's group: the cards still
// waiting for an answer or a resi.
func (t *turn) groupOpenOrders() error {
	open, err := t.tx.OpenShipments(t.who.SupplierID)
	if err != nil {
		return err
	}
	if len(open) == 0 {
		t.reply(t.p.T("relay.none_open"))
		return nil
	}
	lines := []string{t.p.T("supgroup.open_head")}
	for _, s := range open {
		lines = append(lines, t.p.T("supgroup.open_line", "code", s.Code, "status", t.p.T("relay.ship_status."+s.Status),
			"date", t.p.DateTime(s.CreatedAt)))
	}
	t.reply(strings.Join(lines, "\n"))
	return nil
}

// ownerSupplier reads a supplier code the owner typed, answering when it
// is unknown.
func (t *turn) ownerSupplier(code string) (store.Supplier, bool, error) {
	s, err := t.tx.SupplierByCode(code)
	if store.IsNotFound(err) {
		t.reply(t.p.T("group.unknown_supplier", "code", clip(code, 20)))
		return s, false, nil
	}
	return s, err == nil, err
}

// ownerBalance is the owner's "/saldo" (every supplier) or "/saldo KODE".
func (t *turn) ownerBalance(args string) error {
	if !t.ownerOnly() {
		return nil
	}
	code, _ := firstWord(args)
	if code != "" {
		sup, ok, err := t.ownerSupplier(code)
		if err != nil || !ok {
			return err
		}
		text, err := t.ledgerStatement(sup)
		if err != nil {
			return err
		}
		t.reply(text)
		return nil
	}
	sups, err := t.tx.Suppliers()
	if err != nil {
		return err
	}
	if len(sups) == 0 {
		t.reply(t.p.T("group.no_suppliers"))
		return nil
	}
	lines := []string{t.p.T("ledger.all_head")}
	for _, s := range sups {
		bal, err := t.tx.SupplierBalance(s.ID)
		if err != nil {
			return err
		}
		lines = append(lines, t.p.T("ledger.all_line", "code", s.Code, "name", s.Name, "mode", t.p.T("ledger.mode."+s.PayMode),
			"balance", balanceText(t.p, bal)))
	}
	lines = append(lines, t.p.T("ledger.all_how"))
	t.reply(strings.Join(lines, "\n"))
	return nil
}

// ownerTopup is "/topup KODE 500000 [catatan]": the owner put money in a
// supplier's deposit.
func (t *turn) ownerTopup(args string) error {
	if !t.ownerOnly() {
		return nil
	}
	code, rest := firstWord(args)
	amountText, note := firstWord(rest)
	if code == "" || amountText == "" {
		t.reply(t.p.T("ledger.topup_how"))
		return nil
	}
	if a, r := firstWord(note); strings.EqualFold(amountText, "rp") || strings.EqualFold(amountText, "rp.") {
		amountText, note = amountText+a, r
	}
	amount, err := locales.ParseRupiah(amountText)
	if err != nil {
		mcode, margs := "invalid", []any(nil)
		var me *locales.MoneyError
		if errors.As(err, &me) {
			mcode, margs = me.Code, me.Args()
		}
		t.reply(t.p.T("money.err."+mcode, margs...) + "\n" + t.p.T("ledger.topup_how"))
		return nil
	}
	if !amount.IsPositive() {
		t.reply(t.p.T("ledger.topup_zero") + "\n" + t.p.T("ledger.topup_how"))
		return nil
	}
	sup, ok, err := t.ownerSupplier(code)
	if err != nil || !ok {
		return err
	}
	if _, err := t.tx.AddLedger(store.LedgerEntry{SupplierID: sup.ID, Kind: store.LedgerTopup, Amount: amount,
		Actor: t.actor(), Note: clip(note, 200)}); err != nil {
		return err
	}
	bal, err := t.tx.SupplierBalance(sup.ID)
	if err != nil {
		return err
	}
	t.reply(t.p.T("ledger.topup_done", "code", sup.Code, "amount", locales.FormatRupiah(amount)) + "\n" + balanceText(t.p, bal))
	g := t.shop.loc.For(locales.ID)
	groups, err := t.tx.SupplierGroups(sup.ID)
	if err != nil {
		return err
	}
	for _, gr := range groups {
		t.send(Out{To: Address{gr.Channel, gr.ChatID},
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
	if !t.ownerOnly() {
		return nil
	}
	code, rest := firstWord(args)
	mode, ok := payModeWords[strings.ToLower(strings.TrimSpace(rest))]
	if code == "" || !ok {
		t.reply(t.p.T("ledger.mode_how"))
		return nil
	}
	sup, ok, err := t.ownerSupplier(code)
	if err != nil || !ok {
		return err
	}
	if err := t.tx.SetSupplierPayMode(sup.ID, mode); err != nil {
		return err
	}
	t.reply(t.p.T("ledger.mode_set", "code", sup.Code, "mode", t.p.T("ledger.mode."+mode)))
	return nil
}
