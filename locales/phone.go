package locales

import (
	"fmt"
	"strings"
	"unicode"
)

// Codes of PhoneError.
const (
	phoneEmpty         = "empty"
	phoneInvalid       = "invalid"
	phoneTooShort      = "too_short"
	phoneTooLong       = "too_long"
	phoneNotIndonesian = "not_indonesian"
)

// Lengths of a normalised number ("62" + 9–12 digits), i.e. 10–13 digits in
// the local form with its leading 0.
const (
	minPhoneLen = 11
	maxPhoneLen = 14
)

// PhoneError reports a phone number NormalizePhone cannot accept. Code is
// one of "empty", "invalid", "too_short", "too_long", "not_indonesian"; the
// catalogues have a message for each under "phone.err.<code>".
type PhoneError struct {
	Code  string // stable reason, see above
	Input string // the text as the user typed it
}

// Error describes the problem for logs. It contains the input, which is
// personal data: log the Code instead where logs are kept.
func (e *PhoneError) Error() string {
	return fmt.Sprintf("locales: cannot read phone number %q: %s", e.Input, e.Code)
}

// NormalizePhone turns an Indonesian phone number as people type it into
// the international digits-only form WhatsApp uses: "0812-3456-7890",
// "+62 812 3456 7890" and "812 3456 7890" all give "6281234567890".
//
// Spaces, dashes, dots and parentheses are ignored, as is one "+" before
// the digits. A leading 0 becomes 62, a leading 8 becomes 628, and 62 stays
// (dropping a 0 typed after it, as in "62 0812…"). Numbers with another
// country code are "not_indonesian"; letters and other symbols "invalid".
// The result has 11–14 digits (10–13 in the local form with 0): fewer is
// "too_short", more "too_long". The error is always a *PhoneError.
func NormalizePhone(s string) (string, error) {
	fail := func(code string) (string, error) {
		return "", &PhoneError{Code: code, Input: s}
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return fail(phoneEmpty)
	}
	var digits strings.Builder
	plus := false
	for _, r := range t {
		switch {
		case '0' <= r && r <= '9':
			digits.WriteRune(r)
		case r == '+' && !plus && digits.Len() == 0:
			plus = true
		case r == '-' || r == '.' || r == '(' || r == ')' || unicode.IsSpace(r):
			// noise
		default:
			return fail(phoneInvalid)
		}
	}
	d := digits.String()
	if d == "" {
		return fail(phoneInvalid)
	}
	if !plus && len(d) < minPhoneLen-2 {
		// A handful of digits is a number typed short, whatever it starts
		// with: "too short" tells the person what to fix.
		return fail(phoneTooShort)
	}
	var national string
	switch {
	case strings.HasPrefix(d, "62"):
		national = d[2:]
		national = strings.TrimPrefix(national, "0") // 62 0812…: only one 0
	case plus:
		return fail(phoneNotIndonesian)
	case strings.HasPrefix(d, "0"):
		national = d[1:]
	case strings.HasPrefix(d, "8"):
		national = d
	default:
		return fail(phoneNotIndonesian)
	}
	if strings.HasPrefix(national, "0") { // 00812…, 62 00812…
		return fail(phoneInvalid)
	}
	norm := "62" + national
	switch {
	case len(norm) < minPhoneLen:
		return fail(phoneTooShort)
	case len(norm) > maxPhoneLen:
		return fail(phoneTooLong)
	}
	return norm, nil
}

// LocalPhone writes a normalised number the way Indonesians read it, with a
// leading 0: "6281234567890" → "081234567890". Anything not starting with
// 62 is returned unchanged.
func LocalPhone(norm string) string {
	if rest, ok := strings.CutPrefix(norm, "62"); ok && rest != "" {
		return "0" + rest
	}
	return norm
}
