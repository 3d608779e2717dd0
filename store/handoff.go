package store

import (
	"database/sql"
	"errors"
	"fmt"
)

// CustomerChat is the channel and user id a customer wrote from most
// recently; ok is false for a customer with no identity (forgotten). A
// private chat's id is the user id on every channel.
func (tx *Tx) CustomerChat(customerID int64) (channel, userID string, ok bool, err error) {
	err = tx.row(`SELECT channel, user_id FROM identities WHERE customer_id = ?
		ORDER BY last_seen DESC, channel, user_id LIMIT 1`, customerID).Scan(&channel, &userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("customer chat: %w", err)
	}
	return channel, userID, true, nil
}
