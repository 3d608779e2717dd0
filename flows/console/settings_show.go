package console

import (
	"fmt"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/handoff"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/flows/qris"
	"github.com/dropbot/dropbot/locales"
)

// getter reads a setting for the /atur list, remembering the first error.
type getter func(key, def string) string

func (t *turn) showName(get getter) (string, error) {
	v := get(chat.SettingShopName, "")
	if v == "" {
		v = t.P.T("settings.unset")
	}
	return t.P.T("settings.item_name", "value", v), nil
}

func (t *turn) showPhone(get getter) (string, error) {
	v := get(chat.SettingShopPhone, "")
	if v == "" {
		v = t.P.T("settings.unset")
	} else {
		v = locales.LocalPhone(v)
	}
	return t.P.T("settings.item_phone", "value", v), nil
}

func (t *turn) showBank(get getter) (string, error) {
	banks, err := t.Tx.BankAccounts()
	if err != nil {
		return "", err
	}
	v := t.P.T("settings.none")
	if len(banks) > 0 {
		var ls []string
		for _, a := range banks {
			ls = append(ls, t.P.T("settings.bank_line", "bank", a.Bank, "number", a.Number, "holder", a.Holder))
		}
		v = strings.Join(ls, "; ")
	}
	return t.P.T("settings.item_bank", "value", v), nil
}

func (t *turn) showQris(get getter) (string, error) {
	v := t.onOffText(false)
	if q := get(order.SettingQRIS, ""); q != "" {
		v = t.P.T("settings.qris_on", "merchant", qris.MerchantName(q))
	}
	return t.P.T("settings.item_qris", "value", v), nil
}

func (t *turn) showCod(get getter) (string, error) {
	pct, min := codFeeRule(get)
	return t.P.T("settings.item_cod", "value", t.onOffText(get(order.SettingCOD, "") == "on"),
		"percent", t.decimalText(pct), "min", locales.FormatRupiah(min)), nil
}

func (t *turn) showKode(get getter) (string, error) {
	return t.P.T("settings.item_kode", "value", t.onOffText(get(order.KodeUnik.Key, order.KodeUnik.Default) == "on")), nil
}

func (t *turn) showShipping(get getter) (string, error) {
	rates, err := t.Tx.ShippingRates()
	if err != nil {
		return "", err
	}
	v := t.P.T("settings.shipping_none")
	if len(rates) > 0 {
		v = t.P.T("settings.shipping_table", "count", len(rates))
	} else if flat, ok := readDecimal(get(order.SettingShippingFlat, "")); ok {
		v = t.P.T("settings.shipping_flat", "amount", locales.FormatRupiah(flat))
	}
	return t.P.T("settings.item_shipping", "value", v), nil
}

func (t *turn) showReminder(get getter) (string, error) {
	h, err := t.Int(order.ReminderHours)
	return t.P.T("settings.item_reminder", "hours", h), err
}

func (t *turn) showExpiry(get getter) (string, error) {
	h, err := t.Int(order.ExpiryHours)
	return t.P.T("settings.item_expiry", "hours", h), err
}

func (t *turn) showResi(get getter) (string, error) {
	h, err := t.Int(ResiSLAHours)
	return t.P.T("settings.item_resi", "hours", h), err
}

func (t *turn) showRecap(get getter) (string, error) {
	hour, on, err := recapHour(t.Tx)
	v := t.onOffText(false)
	if on {
		v = t.P.T("settings.recap_at", "hour", fmt.Sprintf("%02d", hour))
		if hour < recapMorningUntil {
			v += " " + t.P.T("settings.recap_morning")
		}
	}
	return t.P.T("settings.item_recap", "value", v), err
}

func (t *turn) showLang(get getter) (string, error) {
	l, err := chat.OwnerLang(t.Tx)
	return t.P.T("settings.item_lang", "value", t.P.T("settings.lang."+string(l))), err
}

func (t *turn) showBroadcast(get getter) (string, error) {
	return t.P.T("settings.item_broadcast", "value", t.onOffText(get(Broadcast.Key, Broadcast.Default) == "on")), nil
}

func (t *turn) showHandoff(get getter) (string, error) {
	m, err := t.Int(handoff.Minutes)
	return t.P.T("settings.item_handoff", "minutes", m), err
}
