package chat

import (
	"fmt"
	"strings"

	"github.com/dropbot/dropbot/store"
)

// A setting is declared once, where its area defines it: its key in the
// books and its default. Every reader (the flows, the timers, the owner's
// /atur list) reads it through the declaration, so no default is written
// twice.

// IntSetting is a whole-number setting. A value that is missing,
// unreadable, below 1 or above Max (when set) reads as Default.
type IntSetting struct {
	Key     string
	Default int
	Max     int
}

// Read reads the setting from the books.
func (s IntSetting) Read(tx *store.Tx) (int, error) {
	v, err := tx.Setting(s.Key, "")
	if err != nil || v == "" {
		return s.Default, err
	}
	var n int
	if _, err := fmt.Sscan(v, &n); err != nil || n <= 0 || s.Max > 0 && n > s.Max {
		return s.Default, nil
	}
	return n, nil
}

// TextSetting is a setting kept as text ("on"/"off", a decimal, a payload).
type TextSetting struct {
	Key     string
	Default string
}

// Read reads the setting from the books ("" stored reads as Default).
func (s TextSetting) Read(tx *store.Tx) (string, error) {
	return tx.Setting(s.Key, s.Default)
}

// On reads an on/off setting.
func (s TextSetting) On(tx *store.Tx) (bool, error) {
	v, err := s.Read(tx)
	return strings.EqualFold(v, "on"), err
}

// Int reads a whole-number setting in this turn's books.
func (t *Turn) Int(s IntSetting) (int, error) { return s.Read(t.Tx) }
