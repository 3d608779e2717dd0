package flows

import "fmt"

// actor names the speaker in the audit log without personal data.
func (t *turn) Actor() string { return t.Msg.Channel + ":" + t.Msg.UserID }

func (t *turn) SettingInt(key string, def int) (int, error) {
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
