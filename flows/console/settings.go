package console

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/flows/qris"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// Settings of the owner's tools. The order flow's own settings
// (SettingShopPhone, SettingCOD, …) live in order.go and jobs.go; /atur
// changes those too.
const (
	// SettingRecapHour is the WIB hour (0–23) of the daily recap; "off" =
	// no recap. Default 20.
	SettingRecapHour = "recap.hour"
	// SettingBroadcast is "on" when the owner may broadcast; off by default.
	SettingBroadcast = "broadcast.enabled"
	// SettingResiSLAHours is how long a paid order may wait for its resi
	// before the recap names it as late. Default 48.
	SettingResiSLAHours = "order.resi_sla_hours"
)

// Defaults and bounds of the settings above.
const (
	DefaultRecapHour  = 20
	maxShopName       = 60
	maxBankHolder     = 60
	defaultRoundFromG = 300 // as the flat ongkir of the order flow
)

// onOff reads on/off words; ok is false for anything else.
func onOff(s string) (on, ok bool) {
	switch chat.Normalize(s) {
	case "on", "nyala", "nyalakan", "aktif", "aktifkan", "hidup", "ya", "yes", "1":
		return true, true
	case "off", "mati", "matikan", "nonaktif", "nonaktifkan", "tidak", "no", "0":
		return false, true
	}
	return false, false
}

// cmdSettings is /atur: the list of settings, or one setting changed.
func (t *turn) cmdSettings(args string) error {
	if err := t.UseOwnerLang(); err != nil {
		return err
	}
	if err := EnsureRecapJob(t.Tx); err != nil {
		return err
	}
	word, rest := chat.FirstWord(args)
	if word == "" {
		return t.settingsList()
	}
	if st, ok := t.Env.Reg.SettingFor(strings.ToLower(word)); ok {
		return st.Set(t.Turn, rest)
	}
	t.Reply(t.P.T("settings.unknown", "word", word))
	return nil
}

// settingsList shows every setting with its value and how to change it.
func (t *turn) settingsList() error {
	parts := []string{t.P.T("settings.head")}
	for _, st := range t.Env.Reg.SettingsList() {
		line, err := st.Show(t.Turn)
		if err != nil {
			return err
		}
		parts = append(parts, line)
	}
	t.Reply(strings.Join(parts, "\n"))
	return nil
}

// onOffText is "nyala"/"mati".
func (t *turn) onOffText(on bool) string {
	if on {
		return t.P.T("settings.on")
	}
	return t.P.T("settings.off")
}

// settingItem is one entry of the list: the value now and the command.
func (t *turn) settingItem(item string) (string, error) {
	for _, st := range t.Env.Reg.SettingsList() {
		if st.Item == item {
			return st.Show(t.Turn)
		}
	}
	return "", fmt.Errorf("settings: no item %q", item)
}

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

// readDecimal reads a stored decimal; ok is false for "" and junk.
func readDecimal(v string) (decimal.Decimal, bool) {
	if v == "" {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(v)
	return d, err == nil
}

// codFeeRule is the COD fee rule as codFee reads it (3 % and Rp5.000 when
// unset).
func codFeeRule(get func(key, def string) string) (pct, min decimal.Decimal) {
	pct, _ = readDecimal(get(order.CODPercent.Key, order.CODPercent.Default))
	min, _ = readDecimal(get(order.CODMin.Key, order.CODMin.Default))
	return pct, min
}

// saved answers a change with the setting as it is now.
func (t *turn) saved(item string, notes ...string) error {
	s, err := t.settingItem(item)
	if err != nil {
		return err
	}
	parts := append([]string{t.P.T("settings.saved"), s}, notes...)
	t.Reply(strings.Join(parts, "\n"))
	return nil
}

// decimalText writes a decimal the owner's way: 2,5 in Indonesian.
func (t *turn) decimalText(d decimal.Decimal) string { return decimalIn(t.P, d) }

// decimalIn writes a decimal with the language's decimal separator.
func decimalIn(p locales.Printer, d decimal.Decimal) string {
	s := d.String()
	if p.Lang() == locales.ID {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func (t *turn) setShopName(v string) error {
	v = strings.Join(strings.Fields(v), " ")
	if v == "" {
		return t.showItem("name")
	}
	if utf8.RuneCountInString(v) > maxShopName {
		t.Reply(t.P.T("settings.name_bad"))
		return nil
	}
	if err := t.Tx.SetSetting(chat.SettingShopName, v); err != nil {
		return err
	}
	return t.saved("name")
}

// showItem answers a setting named without a value: its entry.
func (t *turn) showItem(item string) error {
	s, err := t.settingItem(item)
	if err != nil {
		return err
	}
	t.Reply(s)
	return nil
}

func (t *turn) setShopPhone(v string) error {
	if strings.TrimSpace(v) == "" {
		return t.showItem("phone")
	}
	norm, err := locales.NormalizePhone(v)
	if err != nil {
		code := "invalid"
		var pe *locales.PhoneError
		if errors.As(err, &pe) {
			code = pe.Code
		}
		t.Reply(t.P.T("phone.err."+code) + "\n" + t.P.T("settings.phone_example"))
		return nil
	}
	if err := t.Tx.SetSetting(chat.SettingShopPhone, norm); err != nil {
		return err
	}
	return t.saved("phone")
}

// setOnOff turns a switch on or off ("/atur kodeunik off"); item names
// the entry of the list that shows it.
func (t *turn) setOnOff(key, v, example, item string) error {
	if strings.TrimSpace(v) == "" {
		return t.showItem(item)
	}
	on, ok := onOff(v)
	if !ok {
		t.Reply(t.P.T("settings.onoff_bad", "example", example))
		return nil
	}
	val := "off"
	if on {
		val = "on"
	}
	if err := t.Tx.SetSetting(key, val); err != nil {
		return err
	}
	return t.saved(item)
}

// setBank lists, adds and removes bank accounts:
// "/atur bank", "/atur bank tambah BCA 1234567890 Siti Rahma",
// "/atur bank hapus 1234567890".
func (t *turn) setBank(args string) error {
	verb, rest := chat.FirstWord(args)
	switch strings.ToLower(verb) {
	case "":
		s, err := t.settingItem("bank")
		if err != nil {
			return err
		}
		t.Reply(s + "\n" + t.P.T("settings.bank_how"))
		return nil
	case "tambah", "add":
		return t.addBank(rest)
	case "hapus", "remove", "delete":
		number := bankNumber(rest)
		if number == "" {
			t.Reply(t.P.T("settings.bank_how"))
			return nil
		}
		removed, err := t.Tx.RemoveBankAccount(number)
		if err != nil {
			return err
		}
		if !removed {
			t.Reply(t.P.T("settings.bank_not_found", "number", number))
			return nil
		}
		banks, err := t.Tx.BankAccounts()
		if err != nil {
			return err
		}
		msg := t.P.T("settings.bank_removed", "number", number)
		if len(banks) == 0 {
			msg += "\n" + t.P.T("settings.bank_none_left")
		}
		s, err := t.settingItem("bank")
		if err != nil {
			return err
		}
		t.Reply(msg + "\n" + s)
		return nil
	}
	t.Reply(t.P.T("settings.bank_how"))
	return nil
}

// bankNumber keeps the digits of an account number typed with spaces,
// dashes or dots; "" when anything else is in it.
func bankNumber(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.':
		default:
			return ""
		}
	}
	return b.String()
}

func (t *turn) addBank(args string) error {
	words := strings.Fields(args)
	if len(words) < 2 {
		t.Reply(t.P.T("settings.bank_how"))
		return nil
	}
	bank := words[0]
	if utf8.RuneCountInString(bank) > 20 || !isBankName(bank) || isWordOfLetters(words[1]) {
		// "Bank Rakyat 123…": the bank name is one word.
		t.Reply(t.P.T("settings.bank_bad_bank"))
		return nil
	}
	// The number may be typed in groups ("123 456 7890"): digits and
	// separators up to the first word with a letter.
	i := 1
	for i < len(words) && bankNumber(words[i]) != "" {
		i++
	}
	number := bankNumber(strings.Join(words[1:i], " "))
	if len(number) < 5 || len(number) > 20 {
		t.Reply(t.P.T("settings.bank_bad_number"))
		return nil
	}
	holder := strings.Join(words[i:], " ")
	if holder == "" || utf8.RuneCountInString(holder) > maxBankHolder {
		t.Reply(t.P.T("settings.bank_bad_holder"))
		return nil
	}
	banks, err := t.Tx.BankAccounts()
	if err != nil {
		return err
	}
	for _, a := range banks {
		if a.Number == number {
			t.Reply(t.P.T("settings.bank_exists", "number", number))
			return nil
		}
	}
	if _, err := t.Tx.AddBankAccount(store.BankAccount{Bank: bank, Number: number, Holder: holder, Active: true}); err != nil {
		return err
	}
	s, err := t.settingItem("bank")
	if err != nil {
		return err
	}
	t.Reply(t.P.T("settings.bank_added", "bank", bank, "number", number, "holder", holder) + "\n" + s)
	return nil
}

// isWordOfLetters reports whether s is made of letters only.
func isWordOfLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

func isBankName(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '&' && r != '-' {
			return false
		}
	}
	return s != ""
}

// setQRIS stores the shop's static QRIS after checking it can become a
// dynamic one (the invoice needs that), or turns QRIS off.
func (t *turn) setQRIS(payload string) error {
	payload = strings.TrimSpace(payload)
	if payload == "" {
		s, err := t.settingItem("qris")
		if err != nil {
			return err
		}
		t.Reply(s + "\n" + t.P.T("settings.qris_how"))
		return nil
	}
	if on, ok := onOff(payload); ok && !on {
		if err := t.Tx.SetSetting(order.SettingQRIS, ""); err != nil {
			return err
		}
		t.Reply(t.P.T("settings.qris_off"))
		return nil
	}
	_, err := qris.Parse(payload)
	if err == nil {
		_, err = qris.Dynamic(payload, decimal.NewFromInt(10000))
	}
	if err != nil {
		code := qris.CodeMalformed
		var qe *qris.Error
		if errors.As(err, &qe) {
			code = qe.Code
		}
		t.Reply(t.P.T("settings.qris_err."+code) + "\n" + t.P.T("settings.qris_how"))
		return nil
	}
	if err := t.Tx.SetSetting(order.SettingQRIS, payload); err != nil {
		return err
	}
	t.Reply(t.P.T("settings.qris_saved", "merchant", qris.MerchantName(payload)))
	return nil
}

// setCOD is "/atur cod on|off" or "/atur cod biaya 3% min 5000".
func (t *turn) setCOD(args string) error {
	verb, rest := chat.FirstWord(args)
	switch strings.ToLower(verb) {
	case "":
		return t.showItem("cod")
	case "biaya", "fee", "ongkos":
		return t.setCODFee(rest)
	case "min", "minimal", "minimum":
		return t.setCODFee("min " + rest)
	}
	return t.setOnOff(order.SettingCOD, args, "/atur cod on", "cod")
}

func (t *turn) setCODFee(args string) error {
	words := strings.Fields(strings.ToLower(args))
	var pct, min *decimal.Decimal
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "min" || w == "minimal" || w == "minimum":
			if i+1 >= len(words) {
				t.Reply(t.P.T("settings.cod_fee_how"))
				return nil
			}
			i++
			v, err := locales.ParseRupiah(words[i])
			if err != nil {
				t.Reply(t.moneyErrText(err) + "\n" + t.P.T("settings.cod_fee_how"))
				return nil
			}
			min = &v
		case pct == nil:
			v, ok := parsePercentArg(w)
			if !ok {
				t.Reply(t.P.T("settings.cod_fee_how"))
				return nil
			}
			pct = &v
		default:
			t.Reply(t.P.T("settings.cod_fee_how"))
			return nil
		}
	}
	if pct == nil && min == nil {
		t.Reply(t.P.T("settings.cod_fee_how"))
		return nil
	}
	if pct != nil {
		if err := t.Tx.SetSetting(order.SettingCODPercent, pct.String()); err != nil {
			return err
		}
	}
	if min != nil {
		if err := t.Tx.SetSetting(order.SettingCODMin, min.String()); err != nil {
			return err
		}
	}
	return t.saved("cod")
}

// parsePercentArg reads "3", "3%", "2,5%" or "2.5": 0 to 100 with at most
// two decimals.
func parsePercentArg(s string) (decimal.Decimal, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	s = strings.Replace(s, ",", ".", 1)
	if s == "" || strings.ContainsAny(s, "+-eE") {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(s)
	if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(100)) || !d.Equal(d.Truncate(2)) {
		return decimal.Zero, false
	}
	return d, true
}

// moneyErrText is the message of a locales.ParseRupiah error.
func (t *turn) moneyErrText(err error) string {
	code, args := "invalid", []any(nil)
	var me *locales.MoneyError
	if errors.As(err, &me) {
		code, args = me.Code, me.Args()
	}
	return t.P.T("money.err."+code, args...)
}

// parseHours reads a whole number of hours in [min, max].
func parseHours(s string, min, max int) (int, bool) {
	s = chat.Normalize(s)
	for _, suf := range []string{"jam", "hours", "hour", "h"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suf))
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return 0, false
	}
	return n, true
}

func (t *turn) setHours(key, v string, min, max int, example, item string) error {
	if strings.TrimSpace(v) == "" {
		return t.showItem(item)
	}
	n, ok := parseHours(v, min, max)
	if !ok {
		t.Reply(t.P.T("settings.hours_bad", "min", min, "max", max, "example", example))
		return nil
	}
	if err := t.Tx.SetSetting(key, strconv.Itoa(n)); err != nil {
		return err
	}
	return t.saved(item)
}

// setPaymentHours sets the reminder or the expiry, keeping the reminder
// before the expiry (a later reminder is never sent).
func (t *turn) setPaymentHours(key, v string) error {
	item, example := "reminder", "/atur pengingat 6"
	if key == order.SettingExpiryHours {
		item, example = "expiry", "/atur batas 24"
	}
	if strings.TrimSpace(v) == "" {
		return t.showItem(item)
	}
	n, ok := parseHours(v, 1, order.ExpiryHours.Max)
	if !ok {
		t.Reply(t.P.T("settings.hours_bad", "min", 1, "max", order.ExpiryHours.Max, "example", example))
		return nil
	}
	reminder, err := t.Int(order.ReminderHours)
	if err != nil {
		return err
	}
	expiry, err := t.Int(order.ExpiryHours)
	if err != nil {
		return err
	}
	if key == order.SettingReminderHours {
		reminder = n
	} else {
		expiry = n
	}
	if reminder >= expiry {
		t.Reply(t.P.T("settings.reminder_after_expiry", "reminder", reminder, "expiry", expiry))
		return nil
	}
	if err := t.Tx.SetSetting(key, strconv.Itoa(n)); err != nil {
		return err
	}
	return t.saved(item)
}

// setRecap sets the hour of the daily recap (or turns it off) and moves
// the pending recap to the new hour.
func (t *turn) setRecap(v string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return t.showItem("recap")
	}
	val := ""
	if on, ok := onOff(v); ok && !on {
		val = "off"
	} else if h, ok := parseClockHour(v); ok {
		val = strconv.Itoa(h)
	} else {
		t.Reply(t.P.T("settings.recap_bad"))
		return nil
	}
	if err := t.Tx.SetSetting(SettingRecapHour, val); err != nil {
		return err
	}
	if _, err := t.Tx.CancelPendingJobs(JobRecap); err != nil {
		return err
	}
	if err := EnsureRecapJob(t.Tx); err != nil {
		return err
	}
	if val == "off" {
		return t.saved("recap")
	}
	jobs, err := t.Tx.PendingJobsOf(JobRecap)
	if err != nil || len(jobs) == 0 {
		return err
	}
	return t.saved("recap", t.P.T("settings.recap_next", "time", t.P.DateTime(jobs[0].RunAt)))
}

// parseClockHour reads "20", "20.00", "20:00", "jam 20", "20 wib".
func parseClockHour(s string) (int, bool) {
	s = chat.Normalize(s)
	s = strings.TrimSpace(strings.TrimPrefix(s, "jam"))
	s = strings.TrimSpace(strings.TrimSuffix(s, "wib"))
	for _, suf := range []string{".00", ":00"} {
		s = strings.TrimSuffix(s, suf)
	}
	if s == "" || len(s) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 23 {
		return 0, false
	}
	return n, true
}

func (t *turn) setOwnerLang(v string) error {
	if strings.TrimSpace(v) == "" {
		return t.showItem("lang")
	}
	l, ok := locales.ParseLang(v)
	if !ok {
		t.Reply(t.P.T("settings.lang_bad"))
		return nil
	}
	if err := t.Tx.SetSetting(chat.SettingOwnerLang, string(l)); err != nil {
		return err
	}
	t.P = t.Env.Loc.For(l)
	return t.saved("lang")
}

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

// recapHour is the hour of the daily recap and whether it is on.
func recapHour(tx *store.Tx) (int, bool, error) {
	v, err := tx.Setting(SettingRecapHour, "")
	if err != nil {
		return 0, false, err
	}
	if v == "off" {
		return 0, false, nil
	}
	h, err := strconv.Atoi(v)
	if err != nil || h < 0 || h > 23 {
		return DefaultRecapHour, true, nil
	}
	return h, true, nil
}

// nextRecapAt is the first hh:00 WIB strictly after now.
func nextRecapAt(now time.Time, hour int) time.Time {
	w := now.In(locales.WIB)
	at := time.Date(w.Year(), w.Month(), w.Day(), hour, 0, 0, 0, locales.WIB)
	if !at.After(now) {
		at = at.AddDate(0, 0, 1)
	}
	return at
}

// recapRef is the job ref of the recap of the WIB day of t.
func recapRef(t time.Time) string { return t.In(locales.WIB).Format("2006-01-02") }

// EnsureRecapJob schedules the next daily recap unless one is pending or
// the owner turned the recap off. cmd calls it at start; the owner's
// commands call it too, so the recap runs from the first use on.
func EnsureRecapJob(tx *store.Tx) error {
	hour, on, err := recapHour(tx)
	if err != nil || !on {
		return err
	}
	jobs, err := tx.PendingJobsOf(JobRecap)
	if err != nil || len(jobs) > 0 {
		return err
	}
	at := nextRecapAt(tx.Now(), hour)
	return tx.ScheduleJob(JobRecap, recapRef(at), at)
}
