package store

import "fmt"

// Recipient is one private chat a broadcast may go to.
type Recipient struct {
	Channel    string
	ChatID     string
	CustomerID int64
}

// BroadcastAudience lists the private chats of customers who opted in to
// the shop's news: only identities that wrote to the bot themselves (the
// identities table has no other rows), still reachable, not anonymised, and
// not staff. One row per identity, ordered by channel and chat.
func (tx *Tx) BroadcastAudience() ([]Recipient, error) {
	rows, err := tx.query(`SELECT i.channel, i.user_id, c.id FROM identities i JOIN customers c ON c.id = i.customer_id
		WHERE c.opt_in = 1 AND c.anonymised_at IS NULL AND i.reachable = 1
		AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.channel = i.channel AND s.user_id = i.user_id)
		ORDER BY i.channel, i.user_id`)
	if err != nil {
		return nil, fmt.Errorf("broadcast audience: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.Channel, &r.ChatID, &r.CustomerID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetCustomerOptIn records whether a customer wants the shop's broadcasts.
func (tx *Tx) SetCustomerOptIn(customerID int64, on bool) error {
	res, err := tx.exec(`UPDATE customers SET opt_in = ? WHERE id = ?`, boolInt(on), customerID)
	if err != nil {
		return fmt.Errorf("set opt-in: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENotFound, "customer %d", customerID)
	}
	return nil
}
