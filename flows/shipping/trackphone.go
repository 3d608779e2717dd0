package shipping

import (
	"context"
	"strings"
)

// PhoneTracker is a Provider that can be given the last digits of the
// recipient's phone with a waybill: Komerce's /track/waybill takes them
// as last_phone_number, and JNE waybills are checked against them.
type PhoneTracker interface {
	TrackPhone(ctx context.Context, waybill, courier, lastPhone string) (Tracking, error)
}

// PhoneDigits is how many of the recipient's last phone digits a courier
// checks a waybill against.
const PhoneDigits = 5

// needsPhone tells whether a courier's waybills are checked against the
// recipient's phone (JNE's are).
func needsPhone(courier string) bool {
	code, ok := CourierCode(ProviderRajaOngkir, courier)
	if !ok {
		code = strings.ToLower(strings.TrimSpace(courier))
	}
	return code == "jne"
}

// lastDigits is the last n digits of a phone number ("" when it has fewer).
func lastDigits(phone string, n int) string {
	var digits []rune
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			digits = append(digits, r)
		}
	}
	if len(digits) < n {
		return ""
	}
	return string(digits[len(digits)-n:])
}

// TrackFor reads a waybill's history with p, giving a provider that takes
// it the last digits of the recipient's phone when the courier checks
// them (JNE), and no more of the number than that.
func TrackFor(ctx context.Context, p Provider, waybill, courier, recipientPhone string) (Tracking, error) {
	if pt, ok := p.(PhoneTracker); ok && needsPhone(courier) {
		return pt.TrackPhone(ctx, waybill, courier, lastDigits(recipientPhone, PhoneDigits))
	}
	return p.Track(ctx, waybill, courier)
}
