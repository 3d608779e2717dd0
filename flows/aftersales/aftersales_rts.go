package aftersales

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// cmdRTS is "/rts KODE [ongkir balik]" from the owner or a linked group.
func (t *turn) cmdRTS(args string) error {
	code, rest := chat.FirstWord(args)
	code = strings.ToUpper(code)
	if code == "" {
		t.Reply(t.P.T("aftersales.rts_how"))
		return nil
	}
	cost := decimal.Zero
	if rest != "" {
		v, err := locales.ParseRupiah(rest)
		if err != nil || v.IsNegative() {
			t.Reply(t.P.T("aftersales.rts_bad_cost", "input", rest))
			return nil
		}
		cost = v
	}
	o, err := t.Tx.OrderByCode(code)
	supplierOK := err == nil && (t.Who.IsOwner() || (t.Who.SupplierID != 0 && containsID(ticketSuppliers(o), t.Who.SupplierID)))
	if store.IsNotFound(err) || (err == nil && !supplierOK) {
		t.Reply(t.P.T("aftersales.rts_unknown", "code", code))
		return nil
	}
	if err != nil {
		return err
	}
	if o.PaymentMethod != "cod" || o.Status != store.StatusShipped {
		t.Reply(t.P.T("aftersales.rts_not_cod", "code", o.Code, "status", t.P.T("status."+o.Status)))
		return nil
	}
	if err := t.Tx.SetOrderStatus(o.ID, o.Status, store.StatusReturn, t.Actor(), "COD returned to sender"); err != nil {
		return err
	}
	n, err := t.Tx.AddRTS(o.CustomerID)
	if err != nil {
		return err
	}
	// The COD money was never collected and the goods went back: the
	// order's ledger for each supplier is reversed to zero.
	for _, sid := range ticketSuppliers(o) {
		entries, err := t.Tx.OrderLedger(o.ID, sid)
		if err != nil {
			return err
		}
		sum := decimal.Zero
		for _, e := range entries {
			sum = sum.Add(e.Amount)
		}
		if !sum.IsZero() {
			if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sid, Kind: store.LedgerAdjust, Amount: sum.Neg(),
				OrderID: o.ID, Note: "RTS: COD tidak tertagih", Actor: t.Actor()}); err != nil {
				return err
			}
		}
	}
	if cost.IsPositive() {
		if sups := ticketSuppliers(o); len(sups) > 0 {
			if _, err := t.Tx.AddLedger(store.LedgerEntry{SupplierID: sups[0], Kind: store.LedgerChargeback,
				Amount: cost.Neg(), OrderID: o.ID, Note: "RTS ongkir balik", Actor: t.Actor()}); err != nil {
				return err
			}
		}
	}
	p := t.OwnerPrinter()
	t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, p.T("aftersales.rts_owner", "code", o.Code, "name", o.RecipientName,
		"count", n, "cost", locales.FormatRupiah(cost)))
	if !t.Who.IsOwner() {
		t.Reply(t.P.T("aftersales.rts_noted", "code", o.Code))
	}
	return nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
