package chat

import "fmt"

// actor names the speaker in the audit log without personal data.
func (t *Turn) Actor() string { return t.Msg.Channel + ":" + t.Msg.UserID }

func (t *Turn) SettingInt(key string, def int) (int, error) {
	v, err := t.Tx.Setting(key, "")
	if err != nil || v == "" {
		return def, err
	}
	var n int
	if _, err := fmt.Sscan(v, &n); err != nil || n <= 0 {
		return def, nil
	}
	return n, nil
}
