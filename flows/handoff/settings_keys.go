package handoff

import "github.com/dropbot/dropbot/flows/chat"

// Settings this area reads, each with its one default.
var (
	// Minutes is how long a hand-off lasts after the last message either way.
	Minutes = chat.IntSetting{Key: "handoff.minutes", Default: 30, Max: 24 * 60}
)
