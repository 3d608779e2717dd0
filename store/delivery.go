package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// This file holds what the outbox dispatcher needs beyond engine.go: one
// channel's due rows (each channel is paced on its own), a chat's backlog
// (merged into fewer messages when the chat is held back), and whether a
// chat can be reached at all.

// DueOutboxFor is DueOutbox restricted to one channel: up to limit pending
// rows due at now, the oldest pending one of each chat, in id order.
func (tx *Tx) DueOutboxFor(channel string, now time.Time, limit int) ([]OutMessage, error) {
	if channel == "" {
		return nil, Errorf(EInvalid, "due outbox needs a channel")
	}
	return tx.outRows(dueOutboxQuery, channel, ms(now), limit)
}

// PendingChat returns up to limit pending rows of one chat, oldest first,
// due or not. The first is the chat's head (what DueOutbox returns); the
// rest wait behind it.
func (tx *Tx) PendingChat(channel, chatID string, limit int) ([]OutMessage, error) {
	return tx.outRows(pendingChatQuery, channel, chatID, limit)
}

const pendingChatQuery = `SELECT ` + outCols + ` FROM outbox
	WHERE status = 'pending' AND channel = ? AND chat_id = ?
	ORDER BY id LIMIT ?`

func (tx *Tx) outRows(query string, args ...any) ([]OutMessage, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("outbox rows: %w", err)
	}
	return scanAll(rows, scanOut)
}

// NextOutboxAtFor returns when the earliest pending message of one channel
// is due, or false when it has none.
func (tx *Tx) NextOutboxAtFor(channel string) (time.Time, bool, error) {
	var v sql.NullInt64
	if channel == "" {
		return time.Time{}, false, Errorf(EInvalid, "next outbox needs a channel")
	}
	if err := tx.row(nextOutboxQuery, channel).Scan(&v); err != nil {
		return time.Time{}, false, fmt.Errorf("next outbox: %w", err)
	}
	return nullMS(v), v.Valid, nil
}

// Contact is what the dispatcher knows of a person on one channel.
type Contact struct {
	DisplayName string
	Reachable   bool
}

// ContactOf returns the identity of userID on channel; ok is false when
// that person never wrote to the bot there (identities rows are only made
// by Resolve, i.e. by an inbound message).
func (tx *Tx) ContactOf(channel, userID string) (c Contact, ok bool, err error) {
	err = tx.row(`SELECT display_name, reachable FROM identities WHERE channel = ? AND user_id = ?`,
		channel, userID).Scan(&c.DisplayName, &c.Reachable)
	if errors.Is(err, sql.ErrNoRows) {
		return Contact{}, false, nil
	}
	if err != nil {
		return Contact{}, false, fmt.Errorf("contact: %w", err)
	}
	return c, true, nil
}

// unreachableKey marks a chat without an identity row (a group) as
// unreachable in the settings table.
func unreachableKey(channel, chatID string) string {
	return "delivery.unreachable." + channel + ":" + chatID
}

// MarkUnreachable records that messages to chatID can no longer be
// delivered (the person blocked the bot, the bot was removed from the
// group). For a private chat the person's identity gets reachable = 0; a
// chat without an identity (a group) is marked in the settings table.
// first is true only when the chat was reachable before, so the owner is
// told once.
func (tx *Tx) MarkUnreachable(channel, chatID string) (first bool, err error) {
	res, err := tx.exec(`UPDATE identities SET reachable = 0 WHERE channel = ? AND user_id = ? AND reachable = 1`, channel, chatID)
	if err != nil {
		return false, fmt.Errorf("mark unreachable: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return n == 1, err
	}
	if _, known, err := tx.ContactOf(channel, chatID); err != nil || known {
		return false, err // already unreachable
	}
	res, err = tx.exec(`INSERT INTO settings (key, value, updated_at) VALUES (?, '1', ?) ON CONFLICT (key) DO NOTHING`,
		unreachableKey(channel, chatID), ms(tx.now))
	if err != nil {
		return false, fmt.Errorf("mark unreachable: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkReachable undoes MarkUnreachable when someone writes again: the
// sender's identity, and the chat when it is a group.
func (tx *Tx) MarkReachable(channel, chatID, userID string, group bool) error {
	if _, err := tx.exec(`UPDATE identities SET reachable = 1 WHERE channel = ? AND user_id = ? AND reachable = 0`, channel, userID); err != nil {
		return fmt.Errorf("mark reachable: %w", err)
	}
	if group {
		if _, err := tx.exec(`DELETE FROM settings WHERE key = ?`, unreachableKey(channel, chatID)); err != nil {
			return fmt.Errorf("mark reachable: %w", err)
		}
	}
	return nil
}

// ChatUnreachable reports whether chatID was marked unreachable and has
// not written since.
func (tx *Tx) ChatUnreachable(channel, chatID string) (bool, error) {
	c, ok, err := tx.ContactOf(channel, chatID)
	if err != nil || ok {
		return ok && !c.Reachable, err
	}
	v, err := tx.Setting(unreachableKey(channel, chatID), "")
	return v != "", err
}

// GroupLabel names a supplier group for the owner ("GMS — Grosir Muslim
// Solo"), or returns "" when the chat is not a linked group.
func (tx *Tx) GroupLabel(channel, chatID string) (string, error) {
	var code, name string
	err := tx.row(`SELECT s.code, s.name FROM supplier_groups g JOIN suppliers s ON s.id = g.supplier_id
		WHERE g.channel = ? AND g.chat_id = ?`, channel, chatID).Scan(&code, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("group label: %w", err)
	}
	return code + " — " + name, nil
}

// IsStaff reports whether userID is the owner or an admin on channel.
func (tx *Tx) IsStaff(channel, userID string) (bool, error) {
	var n int
	if err := tx.row(`SELECT count(*) FROM staff WHERE channel = ? AND user_id = ?`, channel, userID).Scan(&n); err != nil {
		return false, fmt.Errorf("is staff: %w", err)
	}
	return n > 0, nil
}
