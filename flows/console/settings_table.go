package console

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/flows/partner"
)

// settingsTable is the owner's /atur, one line per setting in the order of
// the list: its name, the words after /atur that pick it, how its value is
// shown (with the command that changes it) and how a new value is saved.
// The keys and defaults come from the areas' declarations (settings_keys.go
// of each area).
func settingsTable() []chat.Setting {
	return append([]chat.Setting{
		{Item: "name", Words: []string{"nama", "name", "toko"}, Show: show((*turn).showName), Set: chat.Cmd(wrap, (*turn).setShopName)},
		{Item: "phone", Words: []string{"hp", "phone", "telepon", "telp", "wa", "nomor"}, Show: show((*turn).showPhone),
			Set: chat.Cmd(wrap, (*turn).setShopPhone)},
		{Item: "bank", Words: []string{"bank", "rekening", "rek"}, Show: show((*turn).showBank), Set: chat.Cmd(wrap, (*turn).setBank)},
		{Item: "qris", Words: []string{"qris"}, Show: show((*turn).showQris), Set: chat.Cmd(wrap, (*turn).setQRIS)},
		{Item: "cod", Words: []string{"cod"}, Show: show((*turn).showCod), Set: chat.Cmd(wrap, (*turn).setCOD)},
		{Item: "kode", Words: []string{"kodeunik", "kode", "unik", "unique"}, Show: show((*turn).showKode),
			Set: chat.Cmd(wrap, (*turn).setKodeUnik)},
		{Item: "shipping", Words: []string{"ongkir", "shipping"}, Show: show((*turn).showShipping), Set: chat.Cmd(wrap, (*turn).setShipping)},
		{Item: "origin", Words: []string{"asal", "origin"}, Show: show((*turn).showOrigin), Set: chat.Cmd(wrap, (*turn).setOrigin)},
		{Item: "reminder", Words: []string{"pengingat", "reminder", "ingatkan"}, Show: show((*turn).showReminder),
			Set: func(ct *chat.Turn, v string) error { return (&turn{ct}).setPaymentHours(order.SettingReminderHours, v) }},
		{Item: "expiry", Words: []string{"batas", "kedaluwarsa", "expiry", "batasbayar"}, Show: show((*turn).showExpiry),
			Set: func(ct *chat.Turn, v string) error { return (&turn{ct}).setPaymentHours(order.SettingExpiryHours, v) }},
		{Item: "resi", Words: []string{"resi", "sla"}, Show: show((*turn).showResi),
			Set: func(ct *chat.Turn, v string) error {
				return (&turn{ct}).setHours(SettingResiSLAHours, v, 1, ResiSLAHours.Max, "/atur resi 48", "resi")
			}},
		{Item: "handoff", Words: []string{"balasadmin", "handoff", "diam"}, Show: show((*turn).showHandoff),
			Set: chat.Cmd(wrap, (*turn).setHandoffMinutes)},
		{Item: "recap", Words: []string{"rekap", "recap"}, Show: show((*turn).showRecap), Set: chat.Cmd(wrap, (*turn).setRecap)},
		{Item: "lang", Words: []string{"bahasa", "language", "lang"}, Show: show((*turn).showLang), Set: chat.Cmd(wrap, (*turn).setOwnerLang)},
		{Item: "broadcast", Words: []string{"siaran", "broadcast"}, Show: show((*turn).showBroadcast),
			Set: func(ct *chat.Turn, v string) error {
				return (&turn{ct}).setOnOff(SettingBroadcast, v, "/atur siaran on", "broadcast")
			}},
	}, partner.SettingsLines()...)
}

// setKodeUnik is "/atur kodeunik on", also typed "/atur kode unik on".
func (t *turn) setKodeUnik(rest string) error {
	if w, r := chat.FirstWord(rest); strings.EqualFold(w, "unik") {
		rest = r
	}
	return t.setOnOff(order.SettingKodeUnik, rest, "/atur kodeunik on", "kode")
}

// show adapts a line of the list to the registry: it reads settings through
// a getter that keeps the first error, so one unreadable value fails the
// line instead of showing a wrong default.
func show(f func(*turn, getter) (string, error)) func(*chat.Turn) (string, error) {
	return func(ct *chat.Turn) (string, error) {
		t := &turn{ct}
		var firstErr error
		get := func(key, def string) string {
			v, err := t.Tx.Setting(key, def)
			if err != nil && firstErr == nil {
				firstErr = err
			}
			return v
		}
		s, err := f(t, get)
		if err == nil {
			err = firstErr
		}
		return s, err
	}
}
