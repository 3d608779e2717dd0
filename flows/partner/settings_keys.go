package partner

import (
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

// Settings this area reads, each with its one default. The store reads
// the same keys with the same defaults (store.SettingPartner*).
var (
	// WindowDays: an arrival by a partner's link or code counts for orders
	// placed within this many days.
	WindowDays = chat.IntSetting{Key: store.SettingPartnerWindowDays, Default: 30, Max: 365}
	// HoldDays: a commission is held this many days after its order is
	// completed (the return window).
	HoldDays = chat.IntSetting{Key: store.SettingPartnerHoldDays, Default: 7, Max: 90}
	// MinPayout: the smallest payout, in rupiah.
	MinPayout = chat.TextSetting{Key: store.SettingPartnerMinPayout, Default: "0"}
	// BotUsername: the Telegram bot's @username (without @), for the
	// partners' t.me links.
	BotUsername = chat.TextSetting{Key: "partner.tg_bot", Default: ""}
)
