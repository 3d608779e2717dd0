package console

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/handoff"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/locales"
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

// parseHours reads a whole number of hours in [min, max].
func parseHours(s string, min, max int) (int, bool) {
	return parseCount(s, min, max, "jam", "hours", "hour", "h")
}

// parseMinutes reads "30", "30 menit", "30 min".
func parseMinutes(s string, min, max int) (int, bool) {
	return parseCount(s, min, max, "menit", "minutes", "minute", "min", "m")
}

// parseCount reads a whole number in [min, max], with one of units after it
// or none.
func parseCount(s string, min, max int, units ...string) (int, bool) {
	s = chat.Normalize(s)
	for _, suf := range units {
		s = strings.TrimSpace(strings.TrimSuffix(s, suf))
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return 0, false
	}
	return n, true
}

// setHandoffMinutes sets how long the bot stays quiet in a chat a person
// took over (/atur balasadmin 30).
func (t *turn) setHandoffMinutes(v string) error {
	if strings.TrimSpace(v) == "" {
		return t.showItem("handoff")
	}
	n, ok := parseMinutes(v, 5, handoff.Minutes.Max)
	if !ok {
		t.Reply(t.P.T("settings.minutes_bad", "min", 5, "max", handoff.Minutes.Max, "example", "/atur balasadmin 30"))
		return nil
	}
	if err := t.Tx.SetSetting(handoff.Minutes.Key, strconv.Itoa(n)); err != nil {
		return err
	}
	return t.saved("handoff")
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
