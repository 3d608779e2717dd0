// Package qris reads and rewrites QRIS payloads (Indonesia's national payment
// QR, built on EMVCo QR Code Specification for Payment Systems,
// Merchant-Presented Mode) and renders them as PNG images.
//
// The customer payment flow uses it to turn the shop owner's STATIC QRIS
// (point of initiation "11", no amount) into a DYNAMIC one (point of
// initiation "12") that carries the exact order total, so the customer scans
// and confirms instead of typing the amount.
//
// A payload is a run of data objects: a 2-digit id, a 2-digit decimal length
// (01–99) and the value. Lengths count bytes; every root object QRIS uses in
// practice is ASCII, where bytes and characters coincide. The CRC object
// (id 63, length 04) is always last; its value is CRC-16/CCITT-FALSE over the
// whole payload up to and including "6304", as 4 uppercase hex digits.
//
// Errors a person can cause (a pasted payload that is not QRIS, a bad amount)
// are *Error values with a stable Code; see the Code* constants.
package qris

import (
	"fmt"
	"strings"
)

// Field is one top-level data object of a payload, in payload order. Value is
// raw: for templates (ids 26–51, 62, 64) it still holds the nested objects.
type Field struct {
	ID    string
	Value string
}

// Error codes. They are stable: the chat layer picks its message by Code.
const (
	// CodeEmpty: the payload is empty (or only white space).
	CodeEmpty = "empty"
	// CodeMalformed: the text is not a well-formed run of data objects: an
	// id or length that is not two digits, a length of 00 or past the end,
	// a repeated top-level id, a broken nested template (26–51, 62, 64),
	// or a CRC object that is not the last one or not 4 long.
	CodeMalformed = "malformed"
	// CodeNoCRC: well formed, but no CRC object (id 63) at the end.
	CodeNoCRC = "no_crc"
	// CodeBadCRC: the checksum does not match the payload (typo, damage).
	CodeBadCRC = "bad_crc"
	// CodeNotQRIS: a valid EMV payload but not an Indonesian QRIS: id 00 is
	// not first or not "01", id 01 is neither "11" nor "12", the currency
	// (53) is missing or not "360" (IDR), or the country (58) is missing or
	// not "ID".
	CodeNotQRIS = "not_qris"
	// CodeNotStatic: Dynamic was given a payload that is already dynamic
	// (01 = "12"). Such codes belong to one transaction of a payment
	// provider; the owner must supply the static QRIS of the shop.
	CodeNotStatic = "not_static"
	// CodeBadAmount: the amount is not a whole number of rupiah > 0 with at
	// most 13 digits.
	CodeBadAmount = "bad_amount"
	// CodeBadSize: PNG was asked for a size too small to draw every QR
	// module, or larger than MaxPNGSize.
	CodeBadSize = "bad_size"
)

// Error is the error type of this package for anything the input can cause.
type Error struct {
	Code   string // one of the Code* constants
	Detail string // for developers and logs; never shown to people
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return "qris: " + e.Code
	}
	return "qris: " + e.Code + ": " + e.Detail
}

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// Well-known top-level ids.
const (
	idFormat   = "00" // payload format indicator, "01"
	idInit     = "01" // point of initiation method
	idCurrency = "53"
	idAmount   = "54"
	idTip      = "55" // tip or convenience indicator
	idFeeFixed = "56" // value of convenience fee fixed
	idFeePct   = "57" // value of convenience fee percentage
	idCountry  = "58"
	idName     = "59"
	idCRC      = "63"
)

const (
	initStatic  = "11"
	initDynamic = "12"
)

// isTemplate reports whether a top-level id holds nested data objects:
// merchant account information 26–51, additional data field template 62,
// merchant information language template 64. Ids 02–25 (card schemes) are
// primitive; 80–99 (unreserved) have owner-defined formats and are not checked.
func isTemplate(id string) bool {
	return (id >= "26" && id <= "51") || id == "62" || id == "64"
}

// Parse checks a QRIS payload and returns its top-level data objects in order,
// the CRC object included (last). Surrounding white space is ignored.
//
// Checks, in this order (the first failure is reported): structure
// (CodeMalformed), a CRC object at the end (CodeNoCRC), the checksum
// (CodeBadCRC; upper- or lower-case hex is accepted), then the QRIS identity
// (CodeNotQRIS). The error is always an *Error.
func Parse(payload string) ([]Field, error) {
	payload = trimmed(payload)
	if payload == "" {
		return nil, &Error{Code: CodeEmpty}
	}
	fields, err := parseTLV(payload)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(fields))
	for i, f := range fields {
		if seen[f.ID] {
			return nil, errorf(CodeMalformed, "id %s appears twice", f.ID)
		}
		seen[f.ID] = true
		if f.ID == idCRC && i != len(fields)-1 {
			return nil, errorf(CodeMalformed, "CRC object (63) is not last")
		}
		if isTemplate(f.ID) {
			if _, err := parseTLV(f.Value); err != nil {
				return nil, errorf(CodeMalformed, "template %s: %s", f.ID, err.Detail)
			}
		}
	}
	last := fields[len(fields)-1]
	if last.ID != idCRC {
		return nil, &Error{Code: CodeNoCRC}
	}
	if len(last.Value) != 4 {
		return nil, errorf(CodeMalformed, "CRC object has length %d, want 4", len(last.Value))
	}
	// The checksum covers everything up to and including "6304".
	if want := CRC16(payload[:len(payload)-4]); !strings.EqualFold(last.Value, want) {
		return nil, errorf(CodeBadCRC, "payload says %s, computed %s", last.Value, want)
	}
	if err := checkQRIS(fields); err != nil {
		return nil, err
	}
	return fields, nil
}

// checkQRIS checks the objects that make a payload an Indonesian QRIS.
func checkQRIS(fields []Field) *Error {
	if fields[0].ID != idFormat || fields[0].Value != "01" {
		return errorf(CodeNotQRIS, "payload format indicator 00=01 is not first")
	}
	if v, ok := lookup(fields, idInit); ok && v != initStatic && v != initDynamic {
		return errorf(CodeNotQRIS, "point of initiation %q", v)
	}
	if v, _ := lookup(fields, idCurrency); v != "360" {
		return errorf(CodeNotQRIS, "currency %q, want 360 (IDR)", v)
	}
	if v, _ := lookup(fields, idCountry); v != "ID" {
		return errorf(CodeNotQRIS, "country %q, want ID", v)
	}
	return nil
}

// parseTLV splits s into data objects without judging their meaning.
func parseTLV(s string) ([]Field, *Error) {
	var fields []Field
	for i := 0; i < len(s); {
		if len(s)-i < 4 {
			return nil, errorf(CodeMalformed, "%d stray bytes at offset %d", len(s)-i, i)
		}
		id, ln := s[i:i+2], s[i+2:i+4]
		if !isDigits(id) {
			return nil, errorf(CodeMalformed, "id %q at offset %d is not two digits", id, i)
		}
		if !isDigits(ln) {
			return nil, errorf(CodeMalformed, "length %q of id %s is not two digits", ln, id)
		}
		n := int(ln[0]-'0')*10 + int(ln[1]-'0')
		if n == 0 {
			return nil, errorf(CodeMalformed, "id %s has length 00", id)
		}
		i += 4
		if n > len(s)-i {
			return nil, errorf(CodeMalformed, "id %s wants %d bytes, %d left", id, n, len(s)-i)
		}
		fields = append(fields, Field{ID: id, Value: s[i : i+n]})
		i += n
	}
	return fields, nil
}

// trimmed drops the white space a paste or a scanner app may add around a
// payload. A payload starts with "00" and ends with hex digits, so no
// meaningful byte is lost.
func trimmed(payload string) string { return strings.TrimSpace(payload) }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func lookup(fields []Field, id string) (string, bool) {
	for _, f := range fields {
		if f.ID == id {
			return f.Value, true
		}
	}
	return "", false
}

// encode writes data objects back as TLV text. Every value must be 1–99
// bytes long; callers guarantee it.
func encode(fields []Field) string {
	var b strings.Builder
	for _, f := range fields {
		fmt.Fprintf(&b, "%s%02d%s", f.ID, len(f.Value), f.Value)
	}
	return b.String()
}

// CRC16 returns the CRC-16/CCITT-FALSE of data (polynomial 0x1021, initial
// value 0xFFFF, no reflection, no final xor) as 4 uppercase hex digits, the
// form the CRC object (id 63) carries. CRC16("123456789") is "29B1".
func CRC16(data string) string {
	crc := uint16(0xFFFF)
	for i := 0; i < len(data); i++ {
		crc ^= uint16(data[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return fmt.Sprintf("%04X", crc)
}

// MerchantName returns the merchant name (id 59) of a valid QRIS payload,
// trimmed, for showing the customer whom they pay ("a.n. TOKO X"). It returns
// "" when the name is absent or the payload does not pass Parse: a name read
// from a damaged payload must not be shown as the payee.
func MerchantName(payload string) string {
	fields, err := Parse(payload)
	if err != nil {
		return ""
	}
	v, _ := lookup(fields, idName)
	return strings.TrimSpace(v)
}
