package store

import (
	"errors"
	"fmt"
)

// Error codes. They are stable strings so callers can pick a message for a
// person without parsing error text.
const (
	ENotFound = "not_found" // the thing asked for does not exist
	EConflict = "conflict"  // it exists already, or the state does not allow it
	EInvalid  = "invalid"   // the input breaks a rule of the books
	ETooNew   = "too_new"   // the database was written by a newer dropbot
	EInternal = "internal"  // anything else
)

// Error is an error with a code. Message is for developers and logs and never
// holds personal data.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("store: %s: %s", e.Code, e.Message) }

// Errorf builds an *Error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// IsNotFound reports whether err carries ENotFound.
func IsNotFound(err error) bool { return ErrorCode(err) == ENotFound }
