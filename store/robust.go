package store

import (
	"database/sql"
	"errors"
	"fmt"
)

// SpeakerLang returns the language a person is spoken to in: a customer's
// own choice, "id" for everyone else (staff, group members, strangers).
func (tx *Tx) SpeakerLang(channel, userID string) (string, error) {
	var lang string
	err := tx.row(`SELECT c.lang FROM identities i JOIN customers c ON c.id = i.customer_id
		WHERE i.channel = ? AND i.user_id = ?`, channel, userID).Scan(&lang)
	if errors.Is(err, sql.ErrNoRows) || lang == "" {
		return "id", nil
	}
	if err != nil {
		return "", fmt.Errorf("speaker lang: %w", err)
	}
	return lang, nil
}
