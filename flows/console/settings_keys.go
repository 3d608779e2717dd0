package console

import "github.com/dropbot/dropbot/flows/chat"

// Settings this area reads, each with its one default.
var (
	// RetentionDays: days after which a finished order's personal data is erased; 0 keeps it.
	RetentionDays = chat.IntSetting{Key: SettingRetentionDays, Default: 0}
	// ResiSLAHours: how long a paid order may wait for its resi before the recap names it.
	ResiSLAHours = chat.IntSetting{Key: SettingResiSLAHours, Default: 48, Max: 336}

	// Broadcast: "on" when the owner may broadcast; off by default.
	Broadcast = chat.TextSetting{Key: SettingBroadcast, Default: "off"}
)
