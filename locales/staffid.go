package locales

import (
	"fmt"
	"strings"
)

// Codes of StaffIDError.
const (
	staffIDFormat   = "format"   // not "channel:id"
	staffIDChannel  = "channel"  // a channel dropbot does not have
	staffIDTelegram = "telegram" // a Telegram id that is not a positive number
	staffIDWhatsApp = "whatsapp" // a WhatsApp id that is not a phone number (or a WhatsApp user id)
)

// StaffIDError reports a person's id ParseStaffID cannot accept. Code is
// one of "format", "channel", "telegram", "whatsapp"; the catalogues have a
// message for each under "staff_id.err.<code>", with {input}.
type StaffIDError struct {
	Code  string
	Input string // as typed; may be a phone number: personal data, keep out of logs
	Phone *PhoneError
}

func (e *StaffIDError) Error() string {
	msg := fmt.Sprintf("locales: cannot read staff id %q: %s", e.Input, e.Code)
	if e.Phone != nil {
		msg += " (" + e.Phone.Code + ")"
	}
	return msg
}

func (e *StaffIDError) Unwrap() error {
	if e.Phone == nil {
		return nil
	}
	return e.Phone
}

// ParseStaffID reads a person's id as an owner types it ("telegram:123456",
// "whatsapp:0812-3456-7890", "wa:+62 812…") into the channel and the id
// that channel reports for that person, so that it matches when they
// write: a Telegram user id is a positive number; a WhatsApp phone number
// becomes its user id "62…@s.whatsapp.net" (a full "…@s.whatsapp.net" or
// "…@lid" id is kept when its user part is digits); "play:<name>" is the
// playground's. The error is always a *StaffIDError.
func ParseStaffID(s string) (channel, id string, err error) {
	fail := func(code string, pe *PhoneError) (string, string, error) {
		return "", "", &StaffIDError{Code: code, Input: s, Phone: pe}
	}
	ch, raw, ok := strings.Cut(strings.TrimSpace(s), ":")
	ch, raw = strings.ToLower(strings.TrimSpace(ch)), strings.TrimSpace(raw)
	if !ok || ch == "" || raw == "" {
		return fail(staffIDFormat, nil)
	}
	switch ch {
	case "telegram", "tg":
		if !digitsOnly(raw) || strings.TrimLeft(raw, "0") == "" || len(raw) > 19 {
			return fail(staffIDTelegram, nil)
		}
		return "telegram", raw, nil
	case "whatsapp", "wa":
		if user, server, found := strings.Cut(raw, "@"); found {
			if (server != "s.whatsapp.net" && server != "lid") || !digitsOnly(user) {
				return fail(staffIDWhatsApp, nil)
			}
			return "whatsapp", raw, nil
		}
		n, err := NormalizePhone(raw)
		if err != nil {
			pe, _ := err.(*PhoneError)
			return fail(staffIDWhatsApp, pe)
		}
		return "whatsapp", n + "@s.whatsapp.net", nil
	case "play":
		// The playground's ids: "owner" or "customer:<name>" (its script
		// names allow letters, digits, "_", "." and "-").
		for _, r := range raw {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("_-.:", r)) {
				return fail(staffIDFormat, nil)
			}
		}
		return "play", raw, nil
	}
	return fail(staffIDChannel, nil)
}

// digitsOnly reports whether s is one or more ASCII digits.
func digitsOnly(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
