package chat

import (
	"strings"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// firstWord splits "KODE rest of it".
func FirstWord(s string) (string, string) {
	s = strings.TrimSpace(s)
	head, rest, _ := strings.Cut(s, " ")
	return head, strings.TrimSpace(rest)
}

// staffOrder finds an order by code for a staff command, answering when
// there is none.
func (t *Turn) StaffOrder(code string) (store.Order, bool, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return store.Order{}, false, nil
	}
	o, err := t.Tx.OrderByCode(code)
	if store.IsNotFound(err) || (err == nil && o.Status == store.StatusCart) {
		t.Reply(t.P.T("staff.unknown_order", "code", code))
		return store.Order{}, false, nil
	}
	return o, err == nil, err
}

// customerPrinter speaks the order's customer's language.
func (t *Turn) CustomerPrinter(o store.Order) locales.Printer {
	lang, err := t.Tx.CustomerLang(o.CustomerID)
	if err != nil {
		return t.Env.Loc.For(locales.ID)
	}
	l, _ := locales.ParseLang(lang)
	return t.Env.Loc.For(l)
}

// formatOrderAddress writes an order's address as invoices and cards do.
func FormatOrderAddress(o store.Order) string {
	return address.Address{Line: o.AddressLine, Kelurahan: o.Kelurahan, Kecamatan: o.Kecamatan, City: o.City,
		Province: o.Province, PostalCode: o.PostalCode}.String()
}
