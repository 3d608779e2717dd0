// Package bot is dropbot's channel-neutral edge: the Inbound and Outgoing
// message types, the Channel interface the adapters implement, the engine
// that turns each inbound message into one store transaction, and the
// outbox dispatcher that delivers what the transactions wrote.
package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ChatKind tells private chats from groups.
type ChatKind string

// Chat kinds.
const (
	Private ChatKind = "private"
	Group   ChatKind = "group"
)

// InMedia is an attachment as an adapter received it. Data is nil when the
// adapter did not download it (too big, or a kind dropbot does not keep).
type InMedia struct {
	Kind     string // flows.MediaPhoto, MediaVideo, ...
	MIME     string
	FileName string
	Size     int64
	Data     []byte
}

// Inbound is one message from a person, as every adapter delivers it.
type Inbound struct {
	Channel    string // adapter name: "telegram", "whatsapp", "play"
	ChatID     string
	Kind       ChatKind
	SenderID   string
	SenderName string
	Text       string
	Media      *InMedia
	ReplyTo    string // platform id of the quoted message, if any
	MessageID  string // platform id of this message: the dedupe key
	Time       time.Time
}

// Outgoing is one message for an adapter to deliver.
type Outgoing struct {
	ChatID    string
	Text      string
	Options   []string
	PhotoPath string // a file below the data directory's media folder
	PhotoMIME string
	ReplyTo   string // platform id of a message to quote
	OutboxID  int64  // the outbox row, for adapters that keep their own bookkeeping
}

// Channel is one messaging platform.
type Channel interface {
	// Name is the channel's name as stored in the books ("telegram", ...).
	Name() string
	// Send delivers one message and returns the platform's id for it.
	Send(ctx context.Context, m Outgoing) (platformID string, err error)
}

// RetryAfterError asks the dispatcher to wait before trying that chat again
// (Telegram's 429 retry_after).
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("retry after %s: %v", e.After, e.Err)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// PermanentError marks a send that will never succeed (the person blocked
// the bot, the chat is gone): the message is kept as failed with the reason.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }

func (e *PermanentError) Unwrap() error { return e.Err }

// IsPermanent reports whether err is a PermanentError.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}
