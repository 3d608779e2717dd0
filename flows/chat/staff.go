package chat

import (
	"strings"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// StaffOrder finds an order by code for a staff command, answering when
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

// CustomerPrinter speaks the order's customer's language.
func (t *Turn) CustomerPrinter(o store.Order) locales.Printer {
	lang, err := t.Tx.CustomerLang(o.CustomerID)
	if err != nil {
		return t.Env.Loc.For(locales.ID)
	}
	l, _ := locales.ParseLang(lang)
	return t.Env.Loc.For(l)
}

// FormatOrderAddress writes an order's address as invoices and cards do.
func FormatOrderAddress(o store.Order) string {
	return address.Address{Line: o.AddressLine, Kelurahan: o.Kelurahan, Kecamatan: o.Kecamatan, City: o.City,
		Province: o.Province, PostalCode: o.PostalCode}.String()
}

// Actor names the speaker in the audit log without personal data.
func (t *Turn) Actor() string { return t.Msg.Channel + ":" + t.Msg.UserID }

// TellOwners sends a text to every owner's private chat.
func (t *Turn) TellOwners(ref Ref, text string) {
	owners, err := t.Tx.Staff(store.StaffOwner)
	if err != nil {
		t.Env.Log.Warn("owner lookup failed", "err", err)
		return
	}
	for _, ow := range owners {
		t.Send(Out{To: Address{ow.Channel, ow.UserID}, Ref: ref, Text: text})
	}
}

// OwnerLang is the language the owner chose for the owner's texts (ID when
// none). The recap uses it; Handle can use it for every staff turn.
func OwnerLang(tx *store.Tx) (locales.Lang, error) {
	v, err := tx.Setting(SettingOwnerLang, "")
	if err != nil {
		return locales.ID, err
	}
	l, _ := locales.ParseLang(v)
	return l, nil
}

// OwnerPrinter speaks the owner's chosen language (/atur bahasa), for the
// notices the shop's staff get; supplier groups are always spoken to in
// Indonesian.
func (t *Turn) OwnerPrinter() locales.Printer {
	l, err := OwnerLang(t.Tx)
	if err != nil {
		t.Env.Log.Warn("owner language unreadable; using Indonesian", "err", err)
	}
	return t.Env.Loc.For(l)
}

// UseOwnerLang makes this turn speak the owner's chosen language.
func (t *Turn) UseOwnerLang() error {
	l, err := OwnerLang(t.Tx)
	if err != nil {
		return err
	}
	if l != t.P.Lang() {
		t.P = t.Env.Loc.For(l)
	}
	return nil
}

// OwnerOnly answers a refusal (revealing nothing) unless the speaker is the
// owner; admins manage payments and orders but not settings or reports.
func (t *Turn) OwnerOnly() bool {
	if t.Who.IsOwner() {
		return true
	}
	t.Reply(t.P.T("access.owner_only"))
	return false
}
