package relay

import "github.com/dropbot/dropbot/flows/chat"

// Settings this area reads, each with its one default.
var (
	// CardRemindHours: a card without an answer gets a reminder.
	CardRemindHours = chat.IntSetting{Key: SettingCardRemindHours, Default: 3}
	// ResiRemindHours: an accepted card without a resi gets a reminder.
	ResiRemindHours = chat.IntSetting{Key: SettingResiRemindHours, Default: 24}
	// CostTolerance: percent of a cost change that waits for the owner.
	CostTolerance = chat.IntSetting{Key: SettingCostTolerance, Default: 20}
	// AutoDoneDays: days after which a shipped order completes by itself.
	AutoDoneDays = chat.IntSetting{Key: SettingAutoDoneDays, Default: 7}
)
