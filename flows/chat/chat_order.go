package chat

// actor names the speaker in the audit log without personal data.
func (t *Turn) Actor() string { return t.Msg.Channel + ":" + t.Msg.UserID }
