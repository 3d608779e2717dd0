package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Conversation is where one person stands in a flow of one chat.
type Conversation struct {
	Flow string
	Step string
	Data string // JSON owned by the flow

	UpdatedAt time.Time // when it was last saved; set on read
}

// Conversation returns the saved state, or a zero value when there is none.
func (tx *Tx) Conversation(channel, chatID, userID string) (Conversation, error) {
	var c Conversation
	var updated int64
	err := tx.row(`SELECT flow, step, data, updated_at FROM conversations WHERE channel = ? AND chat_id = ? AND user_id = ?`,
		channel, chatID, userID).Scan(&c.Flow, &c.Step, &c.Data, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, nil
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("conversation: %w", err)
	}
	c.UpdatedAt = fromMS(updated)
	return c, nil
}

// SetConversation saves the state; a zero Flow deletes it.
func (tx *Tx) SetConversation(channel, chatID, userID string, c Conversation) error {
	if c.Flow == "" {
		_, err := tx.exec(`DELETE FROM conversations WHERE channel = ? AND chat_id = ? AND user_id = ?`, channel, chatID, userID)
		return err
	}
	if c.Data == "" {
		c.Data = "{}"
	}
	_, err := tx.exec(`INSERT INTO conversations (channel, chat_id, user_id, flow, step, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (channel, chat_id, user_id) DO UPDATE SET flow = excluded.flow, step = excluded.step,
			data = excluded.data, updated_at = excluded.updated_at`,
		channel, chatID, userID, c.Flow, c.Step, c.Data, ms(tx.now))
	if err != nil {
		return fmt.Errorf("save conversation: %w", err)
	}
	return nil
}

// ClaimInbound records a platform message id. It returns false when the
// message was seen before (processed or parked): the caller must stop.
// Its count of started attempts (StartInbound) goes: the message is in the
// books now, or will be when this transaction commits.
func (tx *Tx) ClaimInbound(channel, messageID, chatID string) (bool, error) {
	res, err := tx.exec(`INSERT INTO inbound (channel, message_id, chat_id, received_at, status) VALUES (?, ?, ?, ?, 'done')
		ON CONFLICT DO NOTHING`, channel, messageID, chatID, ms(tx.now))
	if err != nil {
		return false, fmt.Errorf("claim inbound: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil || n != 1 {
		return false, err
	}
	if err := tx.clearInboundAttempts(channel, messageID); err != nil {
		return false, err
	}
	return true, nil
}

// StartInbound counts one more start of a message's flow; the caller
// commits it before running the flow, so the count survives the process
// dying inside it. prior is how many starts came before this one without
// the message being recorded — each one a crash, since a flow that merely
// fails is retried or parked in the same process. seen is true (and
// nothing is counted) for a message already recorded as done or parked.
func (tx *Tx) StartInbound(channel, messageID, chatID string) (prior int, seen bool, err error) {
	// One statement: no row comes back when the message is recorded.
	var n int
	err = tx.row(`INSERT INTO inbound_attempts (channel, message_id, chat_id, attempts, first_at)
		SELECT ?1, ?2, ?3, 1, ?4 WHERE NOT EXISTS (SELECT 1 FROM inbound WHERE channel = ?1 AND message_id = ?2)
		ON CONFLICT (channel, message_id) DO UPDATE SET attempts = attempts + 1
		RETURNING attempts`, channel, messageID, chatID, ms(tx.now)).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, true, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("start inbound: %w", err)
	}
	return n - 1, false, nil
}

// UnstartInbound takes back one start of a message that was stopped, not
// crashed (the engine's context ended while its flow ran).
func (tx *Tx) UnstartInbound(channel, messageID string) error {
	if _, err := tx.exec(`DELETE FROM inbound_attempts WHERE channel = ? AND message_id = ? AND attempts <= 1`, channel, messageID); err != nil {
		return fmt.Errorf("unstart inbound: %w", err)
	}
	if _, err := tx.exec(`UPDATE inbound_attempts SET attempts = attempts - 1 WHERE channel = ? AND message_id = ?`,
		channel, messageID); err != nil {
		return fmt.Errorf("unstart inbound: %w", err)
	}
	return nil
}

func (tx *Tx) clearInboundAttempts(channel, messageID string) error {
	if _, err := tx.exec(`DELETE FROM inbound_attempts WHERE channel = ? AND message_id = ?`, channel, messageID); err != nil {
		return fmt.Errorf("clear inbound attempts: %w", err)
	}
	return nil
}

// ParkInbound records a message that failed every try so it is not retried
// forever. reason must hold no personal data.
func (tx *Tx) ParkInbound(channel, messageID, chatID string, attempts int, reason string) error {
	_, err := tx.exec(`INSERT INTO inbound (channel, message_id, chat_id, received_at, status, attempts, error)
		VALUES (?, ?, ?, ?, 'parked', ?, ?)
		ON CONFLICT (channel, message_id) DO UPDATE SET status = 'parked', attempts = excluded.attempts, error = excluded.error`,
		channel, messageID, chatID, ms(tx.now), attempts, reason)
	if err != nil {
		return fmt.Errorf("park inbound: %w", err)
	}
	return tx.clearInboundAttempts(channel, messageID)
}

// InboundStatus returns "done", "parked" or "" (never seen).
func (tx *Tx) InboundStatus(channel, messageID string) (string, error) {
	var s string
	err := tx.row(`SELECT status FROM inbound WHERE channel = ? AND message_id = ?`, channel, messageID).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return s, err
}

// Outbox message states.
const (
	OutPending = "pending"
	OutSent    = "sent"
	OutFailed  = "failed"
)

// OutMessage is one row of the outbox: something the bot will say.
type OutMessage struct {
	ID         int64
	Channel    string
	ChatID     string
	Text       string
	Options    []string
	MediaID    int64
	ReplyTo    string // platform message id to quote
	RefKind    string // what the message is about, e.g. "order"
	RefID      string
	Status     string
	Attempts   int
	NextAt     time.Time
	LastError  string
	PlatformID string
	CreatedAt  time.Time
}

// Enqueue appends a message to the outbox, due now.
func (tx *Tx) Enqueue(m OutMessage) (int64, error) {
	if m.Channel == "" || m.ChatID == "" {
		return 0, Errorf(EInvalid, "outbox message needs a channel and chat")
	}
	if m.Text == "" && m.MediaID == 0 {
		return 0, Errorf(EInvalid, "outbox message needs text or media")
	}
	opts := "[]"
	if len(m.Options) > 0 {
		b, err := json.Marshal(m.Options)
		if err != nil {
			return 0, err
		}
		opts = string(b)
	}
	var media any
	if m.MediaID != 0 {
		media = m.MediaID
	}
	next := m.NextAt
	if next.IsZero() {
		next = tx.now
	}
	res, err := tx.exec(`INSERT INTO outbox (channel, chat_id, text, options, media_id, reply_to, ref_kind, ref_id, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.Channel, m.ChatID, m.Text, opts, media, m.ReplyTo, m.RefKind, m.RefID, ms(next), ms(tx.now))
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	return res.LastInsertId()
}

const outCols = `id, channel, chat_id, text, options, IFNULL(media_id, 0), reply_to, ref_kind, ref_id, status, attempts, next_at, last_error, platform_id, created_at`

func scanOut(rows scanner) (OutMessage, error) {
	var m OutMessage
	var opts string
	var next, created int64
	err := rows.Scan(&m.ID, &m.Channel, &m.ChatID, &m.Text, &opts, &m.MediaID, &m.ReplyTo, &m.RefKind, &m.RefID,
		&m.Status, &m.Attempts, &next, &m.LastError, &m.PlatformID, &created)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(opts), &m.Options); err != nil {
		return m, fmt.Errorf("outbox %d options: %w", m.ID, err)
	}
	m.NextAt, m.CreatedAt = fromMS(next), fromMS(created)
	return m, nil
}

// DueOutbox returns up to limit pending messages due at now, at most one per
// chat: the oldest pending one, so a chat's messages leave in order even when
// an earlier one waits for a retry.
func (tx *Tx) DueOutbox(now time.Time, limit int) ([]OutMessage, error) {
	return tx.outRows(dueOutboxQuery, "", ms(now), limit)
}

// dueOutboxQuery is DueOutbox and DueOutboxFor: ?1 a channel, or empty
// for all; ?2 now; ?3 the limit. A chat's head is its lowest pending id; the
// heads come from outbox_chat_pending, the one index of the pending queue
// (TestPendingQueueUsesItsIndex), and only a due head is returned, so a
// message waiting for a retry holds back the rest of its chat.
const dueOutboxQuery = `SELECT ` + outCols + ` FROM outbox
	WHERE id IN (SELECT min(id) FROM outbox WHERE status = 'pending' AND (?1 = '' OR channel = ?1) GROUP BY channel, chat_id)
	  AND next_at <= ?2
	ORDER BY id LIMIT ?3`

// NextOutboxAt returns when the earliest pending message is due, or false.
func (tx *Tx) NextOutboxAt() (time.Time, bool, error) {
	var v sql.NullInt64
	if err := tx.row(nextOutboxQuery, "").Scan(&v); err != nil {
		return time.Time{}, false, fmt.Errorf("next outbox: %w", err)
	}
	return nullMS(v), v.Valid, nil
}

// nextOutboxQuery is NextOutboxAt and NextOutboxAtFor: ?1 a channel, or
// empty for all.
const nextOutboxQuery = `SELECT min(next_at) FROM outbox WHERE status = 'pending' AND (?1 = '' OR channel = ?1)`

// OutboxByID returns one outbox row.
func (tx *Tx) OutboxByID(id int64) (OutMessage, error) {
	m, err := scanOut(tx.row(`SELECT `+outCols+` FROM outbox WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, Errorf(ENotFound, "outbox %d", id)
	}
	return m, err
}

// MarkSent records that the platform accepted a message under platformID.
func (tx *Tx) MarkSent(id int64, platformID string) error {
	_, err := tx.exec(`UPDATE outbox SET status = 'sent', platform_id = ?, sent_at = ?, attempts = attempts + 1
		WHERE id = ? AND status = 'pending'`, platformID, ms(tx.now), id)
	if err != nil {
		return fmt.Errorf("mark sent: %w", err)
	}
	return nil
}

// MarkRetry records a failed try and when to try again.
func (tx *Tx) MarkRetry(id int64, next time.Time, reason string) error {
	_, err := tx.exec(`UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ? AND status = 'pending'`,
		ms(next), reason, id)
	if err != nil {
		return fmt.Errorf("mark retry: %w", err)
	}
	return nil
}

// MarkFailed gives up on a message, keeping the reason for the owner.
func (tx *Tx) MarkFailed(id int64, reason string) error {
	_, err := tx.exec(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'pending'`,
		reason, id)
	if err != nil {
		return fmt.Errorf("mark failed: %w", err)
	}
	return nil
}

// OutboxRef tells what a message the bot sent earlier in a chat was about,
// given the platform's id of it (used for quote-replies). The chat matters:
// Telegram message ids are numbered per chat, so the same id in another
// chat is another message. ok is false when the bot never sent it there.
func (tx *Tx) OutboxRef(channel, chatID, platformID string) (kind, id string, ok bool, err error) {
	if platformID == "" {
		return "", "", false, nil
	}
	err = tx.row(`SELECT ref_kind, ref_id FROM outbox WHERE channel = ? AND platform_id = ? AND chat_id = ?
		ORDER BY id DESC LIMIT 1`, channel, platformID, chatID).Scan(&kind, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("outbox ref: %w", err)
	}
	return kind, id, true, nil
}

// LastSent returns the platform id of the last message the bot delivered
// to a chat (the playground's [reply] quotes it).
func (tx *Tx) LastSent(channel, chatID string) (string, bool, error) {
	var id string
	err := tx.row(`SELECT platform_id FROM outbox WHERE channel = ? AND chat_id = ? AND status = 'sent'
		ORDER BY id DESC LIMIT 1`, channel, chatID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("last sent: %w", err)
	}
	return id, true, nil
}
