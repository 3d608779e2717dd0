package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ThrottleNotice decides whether an owner notice under key (e.g.
// "help:telegram:123", "proof:X8QMT") goes out now: the first one does,
// and then at most one per window; the ones in between are held back and
// counted. When send is true, held is how many were held back since the
// last one sent, for the notice to mention.
func (tx *Tx) ThrottleNotice(key string, window time.Duration) (send bool, held int, err error) {
	var last int64
	err = tx.row(`SELECT last_at, held FROM notice_throttle WHERE key = ?`, key).Scan(&last, &held)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		held = 0
	case err != nil:
		return false, 0, fmt.Errorf("notice throttle: %w", err)
	case tx.now.Before(fromMS(last).Add(window)):
		if _, err := tx.exec(`UPDATE notice_throttle SET held = held + 1 WHERE key = ?`, key); err != nil {
			return false, 0, fmt.Errorf("notice throttle: %w", err)
		}
		return false, held + 1, nil
	}
	if _, err := tx.exec(`INSERT INTO notice_throttle (key, last_at, held) VALUES (?, ?, 0)
		ON CONFLICT (key) DO UPDATE SET last_at = excluded.last_at, held = 0`, key, ms(tx.now)); err != nil {
		return false, 0, fmt.Errorf("notice throttle: %w", err)
	}
	return true, held, nil
}
