package aftersales

import "github.com/dropbot/dropbot/flows/chat"

// Settings this area reads, each with its one default.
var (
	// TicketRemindHours: a ticket waiting for the supplier gets a reminder.
	TicketRemindHours = chat.IntSetting{Key: SettingTicketRemindHours, Default: 24}
	// TicketEscalateHours: a ticket still waiting goes to the owner.
	TicketEscalateHours = chat.IntSetting{Key: SettingTicketEscalateHours, Default: 24}
	// ComplaintHours: hours after delivery in which a complaint may be opened.
	ComplaintHours = chat.IntSetting{Key: SettingComplaintHours, Default: 48}
)
