package order

import "github.com/dropbot/dropbot/flows/chat"

// Settings this area reads, each with its one default.
var (
	// ReminderHours: when an unpaid order gets a reminder.
	ReminderHours = chat.IntSetting{Key: SettingReminderHours, Default: 6, Max: 168}
	// ExpiryHours: when an unpaid order expires.
	ExpiryHours = chat.IntSetting{Key: SettingExpiryHours, Default: 24, Max: 168}

	// KodeUnik: "on" adds a kode unik to transfers.
	KodeUnik = chat.TextSetting{Key: SettingKodeUnik, Default: "on"}
	// CODPercent and CODMin: the COD fee, percent of goods + ongkir with a minimum.
	CODPercent = chat.TextSetting{Key: SettingCODPercent, Default: "3"}
	CODMin     = chat.TextSetting{Key: SettingCODMin, Default: "5000"}
)
