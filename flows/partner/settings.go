package partner

import (
	"strconv"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// SettingsLines are the partner lines of the owner's /atur (console's
// settings table lists them): the attribution window, the hold, the
// minimum payout and the bot's Telegram username for the links.
func SettingsLines() []chat.Setting {
	return []chat.Setting{
		{Item: "partner_window", Words: []string{"mitra_masa", "mitramasa"},
			Show: func(ct *chat.Turn) (string, error) { return showDays(ct, WindowDays, "partner.setting.window") },
			Set:  func(ct *chat.Turn, v string) error { return setDays(ct, WindowDays, v, "partner.setting.window") }},
		{Item: "partner_hold", Words: []string{"mitra_tahan", "mitratahan"},
			Show: func(ct *chat.Turn) (string, error) { return showDays(ct, HoldDays, "partner.setting.hold") },
			Set:  func(ct *chat.Turn, v string) error { return setDays(ct, HoldDays, v, "partner.setting.hold") }},
		{Item: "partner_min", Words: []string{"mitra_minimal", "mitraminimal"}, Show: showMin, Set: setMin},
		{Item: "partner_bot", Words: []string{"mitra_bot", "mitrabot"}, Show: showBot, Set: setBot},
	}
}

func showDays(ct *chat.Turn, s chat.IntSetting, key string) (string, error) {
	n, err := ct.Int(s)
	return ct.P.T(key, "value", n), err
}

func setDays(ct *chat.Turn, s chat.IntSetting, v, key string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		text, err := showDays(ct, s, key)
		ct.Reply(text)
		return err
	}
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(v, " hari"), "hari"))
	if err != nil || n < 1 || n > s.Max {
		ct.Reply(ct.P.T("partner.setting.days_bad", "max", s.Max) + "\n" + ct.P.T(key, "value", s.Default))
		return nil
	}
	if err := ct.Tx.SetSetting(s.Key, strconv.Itoa(n)); err != nil {
		return err
	}
	ct.Reply(ct.P.T("partner.setting.saved") + "\n" + ct.P.T(key, "value", n))
	return nil
}

func showMin(ct *chat.Turn) (string, error) {
	v, err := MinPayout.Read(ct.Tx)
	d, perr := locales.ParseRupiah(v)
	if perr != nil {
		return ct.P.T("partner.setting.min_payout", "value", v), err
	}
	return ct.P.T("partner.setting.min_payout", "value", locales.FormatRupiah(d)), err
}

func setMin(ct *chat.Turn, v string) error {
	if strings.TrimSpace(v) == "" {
		text, err := showMin(ct)
		ct.Reply(text)
		return err
	}
	d, err := locales.ParseRupiah(v)
	if err != nil || d.IsNegative() {
		ct.Reply(ct.P.T("partner.setting.min_bad", "input", chat.Clip(v, 30)))
		return nil
	}
	if err := ct.Tx.SetSetting(MinPayout.Key, d.String()); err != nil {
		return err
	}
	text, err := showMin(ct)
	ct.Reply(ct.P.T("partner.setting.saved") + "\n" + text)
	return err
}

func showBot(ct *chat.Turn) (string, error) {
	v, err := BotUsername.Read(ct.Tx)
	if v == "" {
		v = ct.P.T("partner.link_unset")
	}
	return ct.P.T("partner.setting.bot", "value", v), err
}

func setBot(ct *chat.Turn, v string) error {
	v = strings.TrimPrefix(strings.TrimSpace(v), "@")
	if v == "" {
		text, err := showBot(ct)
		ct.Reply(text)
		return err
	}
	if len(v) < 5 || len(v) > 32 || !store.ValidPartnerCode(strings.ToUpper(v)) || strings.Contains(v, "-") {
		ct.Reply(ct.P.T("partner.setting.bot_bad"))
		return nil
	}
	if err := ct.Tx.SetSetting(BotUsername.Key, v); err != nil {
		return err
	}
	text, err := showBot(ct)
	ct.Reply(ct.P.T("partner.setting.saved") + "\n" + text)
	return err
}
