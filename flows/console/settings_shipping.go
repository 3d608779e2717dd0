package console

import (
	"strings"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// flatShipping is the flat ongkir, if set.
func (t *turn) flatShipping() (decimal.Decimal, bool, error) {
	v, err := t.Tx.Setting(order.SettingShippingFlat, "")
	if err != nil {
		return decimal.Zero, false, err
	}
	d, ok := readDecimal(v)
	return d, ok, nil
}

// setShipping shows and edits the ongkir: "/atur ongkir",
// "/atur ongkir flat 15000|off", "/atur ongkir tambah JNE REG Jawa Barat
// 11000 11000", "/atur ongkir hapus 2".
func (t *turn) setShipping(args string) error {
	verb, rest := chat.FirstWord(args)
	switch strings.ToLower(verb) {
	case "":
		return t.shippingTable("")
	case "flat":
		return t.setFlatShipping(rest)
	case "tambah", "add", "ubah", "set":
		return t.addShippingRate(rest)
	case "hapus", "remove", "delete":
		return t.removeShippingRate(rest)
	case "sumber", "source", "pakai":
		return t.setShippingSource(rest)
	case "kunci", "key", "apikey":
		return t.setShippingKey(rest)
	}
	t.Reply(t.P.T("settings.shipping_bad") + "\n" + t.P.T("settings.shipping_how"))
	return nil
}

func (t *turn) rateProvince(r store.ShippingRate) string {
	if r.Province == "" {
		return t.P.T("settings.shipping_anywhere")
	}
	return r.Province
}

// shippingTable shows the flat ongkir and the numbered rate table, after a
// note.
func (t *turn) shippingTable(note string) error {
	rates, err := t.Tx.ShippingRates()
	if err != nil {
		return err
	}
	lines := []string{}
	if note != "" {
		lines = append(lines, note, "")
	}
	lines = append(lines, t.P.T("settings.shipping_head"))
	if flat, ok, err := t.flatShipping(); err != nil {
		return err
	} else if ok {
		lines = append(lines, t.P.T("settings.shipping_flat_line", "amount", locales.FormatRupiah(flat)))
	}
	if len(rates) == 0 {
		lines = append(lines, t.P.T("settings.shipping_empty"))
	}
	for i, r := range rates {
		lines = append(lines, t.P.T("settings.shipping_row", "n", i+1, "courier", r.Courier, "service", r.Service,
			"province", t.rateProvince(r), "first", locales.FormatRupiah(r.FirstKg), "next", locales.FormatRupiah(r.NextKg)))
	}
	lines = append(lines, "", t.P.T("settings.shipping_how"))
	t.Reply(strings.Join(lines, "\n"))
	return nil
}

func (t *turn) setFlatShipping(v string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return t.shippingTable("")
	}
	if on, ok := onOff(v); ok && !on {
		if err := t.Tx.SetSetting(order.SettingShippingFlat, ""); err != nil {
			return err
		}
		return t.shippingTable(t.P.T("settings.shipping_flat_off"))
	}
	amount, err := locales.ParseRupiah(v)
	if err != nil {
		t.Reply(t.moneyErrText(err) + "\n" + t.P.T("settings.shipping_how"))
		return nil
	}
	if err := t.Tx.SetSetting(order.SettingShippingFlat, amount.String()); err != nil {
		return err
	}
	note := t.P.T("settings.saved")
	if rates, err := t.Tx.ShippingRates(); err != nil {
		return err
	} else if len(rates) > 0 {
		note += "\n" + t.P.T("settings.shipping_flat_ignored")
	}
	return t.shippingTable(note)
}

// addShippingRate reads COURIER SERVICE [PROVINCE] FIRST [NEXT]; quotes
// around the province are allowed. No province = every other province.
func (t *turn) addShippingRate(args string) error {
	bad := func(extra string) error {
		msg := t.P.T("settings.shipping_bad")
		if extra != "" {
			msg = extra
		}
		t.Reply(msg + "\n" + t.P.T("settings.shipping_how"))
		return nil
	}
	words := strings.Fields(strings.NewReplacer(`"`, " ", "“", " ", "”", " ").Replace(args))
	if len(words) < 3 {
		return bad("")
	}
	courier, service := words[0], strings.ToUpper(words[1])
	rest := words[2:]
	var amounts []decimal.Decimal
	for len(rest) > 0 && len(amounts) < 2 {
		v, err := locales.ParseRupiah(rest[len(rest)-1])
		if err != nil {
			if len(amounts) == 0 {
				return bad(t.moneyErrText(err))
			}
			break
		}
		amounts = append([]decimal.Decimal{v}, amounts...)
		rest = rest[:len(rest)-1]
	}
	if len(amounts) == 0 {
		return bad("")
	}
	first, next := amounts[0], amounts[0]
	if len(amounts) == 2 {
		next = amounts[1]
	}
	province := ""
	if typed := strings.Join(rest, " "); typed != "" {
		switch chat.Normalize(typed) {
		case "semua", "lainnya", "lain", "all", "other", "others", "*", "-":
		default:
			p, ok := address.CanonicalProvince(typed)
			if !ok {
				return bad(t.P.T("settings.shipping_bad_province", "province", typed))
			}
			province = p
		}
	}
	if !validCourierWord(courier) || !validCourierWord(service) {
		return bad("")
	}
	r := store.ShippingRate{Courier: courier, Service: service, Province: province, FirstKg: first, NextKg: next,
		RoundFromG: defaultRoundFromG}
	if err := t.Tx.AddShippingRate(r); err != nil {
		if store.ErrorCode(err) == store.EInvalid {
			return bad("")
		}
		return err
	}
	return t.shippingTable(t.P.T("settings.shipping_added", "courier", courier, "service", service,
		"province", t.rateProvince(r), "first", locales.FormatRupiah(first), "next", locales.FormatRupiah(next)))
}

// validCourierWord accepts courier and service names such as JNE, J&T,
// SiCepat, REG, YES, EZ, HALU: letters, digits, & and -, up to 20.
func validCourierWord(s string) bool {
	return utf8.RuneCountInString(s) <= 20 && isBankName(s)
}

func (t *turn) removeShippingRate(v string) error {
	n, ok := chat.MenuNumber(chat.Normalize(v))
	rates, err := t.Tx.ShippingRates()
	if err != nil {
		return err
	}
	if !ok || n < 1 || n > len(rates) {
		t.Reply(t.P.T("settings.shipping_bad_number", "n", strings.TrimSpace(v)))
		return nil
	}
	r := rates[n-1]
	if _, err := t.Tx.RemoveShippingRate(r.ID); err != nil {
		return err
	}
	return t.shippingTable(t.P.T("settings.shipping_removed", "n", n, "courier", r.Courier, "service", r.Service,
		"province", t.rateProvince(r)))
}
