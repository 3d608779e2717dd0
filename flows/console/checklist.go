package console

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/store"
)

// The first-run checklist: what a shop needs before a customer can order
// to the end (issue 22: an imported catalogue with nothing else set dead-
// ended at "ongkir belum ada", then "cara bayar belum diatur"). /mulai
// shows it any time; the owner's first message shows it once while a
// blocking item is open.

// settingChecklistShown marks that the checklist was shown unasked.
const settingChecklistShown = "checklist.shown"

// checkItem is one line of the checklist.
type checkItem struct {
	key      string // locales key of the line, "checklist.item.<key>"
	done     bool
	blocking bool // a customer cannot finish an order without it
}

// checklist reads the shop's state, item by item.
func (t *turn) checklist() ([]checkItem, error) {
	name, err := t.Tx.Setting(chat.SettingShopName, "")
	if err != nil {
		return nil, err
	}
	phone, err := t.Tx.Setting(chat.SettingShopPhone, "")
	if err != nil {
		return nil, err
	}
	banks, err := t.Tx.BankAccounts()
	if err != nil {
		return nil, err
	}
	qris, err := t.Tx.Setting(order.SettingQRIS, "")
	if err != nil {
		return nil, err
	}
	cod, err := t.Tx.Setting(order.SettingCOD, "")
	if err != nil {
		return nil, err
	}
	rates, err := t.Tx.ShippingRates()
	if err != nil {
		return nil, err
	}
	flat, err := t.Tx.Setting(order.SettingShippingFlat, "")
	if err != nil {
		return nil, err
	}
	provider, err := t.Tx.Setting(shipping.SettingProvider, "")
	if err != nil {
		return nil, err
	}
	sups, err := t.Tx.Suppliers()
	if err != nil {
		return nil, err
	}
	linked := len(sups) > 0
	for _, s := range sups {
		gs, err := t.Tx.SupplierGroups(s.ID)
		if err != nil {
			return nil, err
		}
		if len(gs) == 0 {
			linked = false
		}
	}
	ps, _, err := t.Tx.Products(store.ProductFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	return []checkItem{
		{key: "identity", done: name != "" && phone != ""},
		{key: "payment", done: len(banks) > 0 || qris != "" || cod == "on", blocking: true},
		{key: "ongkir", done: len(rates) > 0 || flat != "" || (provider != "" && provider != "tabel"), blocking: true},
		{key: "suppliers", done: linked},
		{key: "products", done: len(ps) > 0, blocking: true},
	}, nil
}

// cmdStart is /mulai: the checklist with the command that fixes each item.
func (t *turn) cmdStart(string) error {
	items, err := t.checklist()
	if err != nil {
		return err
	}
	t.Reply(t.checklistText(items))
	return nil
}

func (t *turn) checklistText(items []checkItem) string {
	lines := []string{t.P.T("checklist.head")}
	open := 0
	for _, it := range items {
		mark := "✅"
		if !it.done {
			mark, open = "⬜", open+1
		}
		lines = append(lines, mark+" "+t.P.T("checklist.item."+it.key))
	}
	if open == 0 {
		lines = append(lines, "", t.P.T("checklist.all_done"))
	} else {
		lines = append(lines, "", t.P.T("checklist.open", "count", open))
	}
	return strings.Join(lines, "\n")
}

// FirstRunChecklist shows the checklist once, on an owner's first message,
// while something a customer needs to finish an order is missing. It
// reports whether it replied (the message is still handled after it).
func FirstRunChecklist(ct *chat.Turn) error {
	if !ct.Who.IsOwner() {
		return nil
	}
	t := &turn{ct}
	shown, err := t.Tx.Setting(settingChecklistShown, "")
	if err != nil || shown != "" {
		return err
	}
	items, err := t.checklist()
	if err != nil {
		return err
	}
	blocked := false
	for _, it := range items {
		blocked = blocked || (it.blocking && !it.done)
	}
	if !blocked {
		return nil
	}
	if err := t.Tx.SetSetting(settingChecklistShown, "1"); err != nil {
		return err
	}
	t.AddNote(t.checklistText(items))
	return nil
}
