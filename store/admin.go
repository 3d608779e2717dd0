package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// AddAdmin makes channel:userID a staff admin. The id must already be in
// the form the channel reports (locales.ParseStaffID gives it): a Telegram
// id is digits, a WhatsApp id is "<digits>@s.whatsapp.net" or
// "<digits>@lid"; anything else is EInvalid, so an id that could never
// match anybody is not stored. An owner, the one asking included, is
// refused with EConflict: making them admin would take their owner rights
// away.
func (tx *Tx) AddAdmin(channel, userID, addedBy string) error {
	if err := checkStaffID(channel, userID); err != nil {
		return err
	}
	var role string
	err := tx.row(`SELECT role FROM staff WHERE channel = ? AND user_id = ?`, channel, userID).Scan(&role)
	switch {
	case err == nil && role == StaffOwner:
		return Errorf(EConflict, "%s:%s is an owner; an owner is not made admin", channel, userID)
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("add admin: %w", err)
	}
	return tx.SetStaff(channel, userID, StaffAdmin, addedBy)
}

// checkStaffID refuses an id that is not in the form its channel reports.
func checkStaffID(channel, userID string) error {
	digits := func(s string) bool {
		return s != "" && strings.Trim(s, "0123456789") == ""
	}
	switch channel {
	case "telegram":
		if digits(userID) && strings.TrimLeft(userID, "0") != "" {
			return nil
		}
	case "whatsapp":
		user, server, _ := strings.Cut(userID, "@")
		if digits(user) && (server == "s.whatsapp.net" || server == "lid") {
			return nil
		}
	case "play":
		if userID != "" {
			return nil
		}
	}
	return Errorf(EInvalid, "%q is not an id of channel %q", userID, channel)
}
