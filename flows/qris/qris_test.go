package qris

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestCRC16(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		// The published check value of CRC-16/CCITT-FALSE.
		{"check value", "123456789", "29B1"},
		// No data: the initial value 0xFFFF comes out untouched.
		{"empty", "", "FFFF"},
		// python3 -c 'import binascii; print("%04X" % binascii.crc_hqx(b"A", 0xFFFF))'
		{"one byte", "A", "B915"},
		// The static test payload up to and including "6304".
		{"payload", strings.TrimSuffix(staticBasic, "BE0E"), "BE0E"},
		// A leading zero nibble must still give 4 digits: 0x0A0E.
		{"leading zero", strings.TrimSuffix(staticTipPrompt, "0A0E"), "0A0E"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CRC16(tt.data); got != tt.want {
				t.Errorf("CRC16(%q) = %s, want %s", tt.data, got, tt.want)
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	want := []Field{
		{"00", "01"},
		{"01", "11"},
		{"26", "0018ID.CO.TOKODEMO.WWW01189360999900000123450207TDB00010303UMI"},
		{"51", "0014ID.CO.QRIS.WWW0215ID20990012345670303UMI"},
		{"52", "5999"},
		{"53", "360"},
		{"58", "ID"},
		{"59", "TOKO DEMO BERKAH"},
		{"60", "BANDUNG"},
		{"61", "40111"},
		{"62", "0703A01"},
		{"63", "BE0E"},
	}
	got, err := Parse(staticBasic)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse fields\n got %q\nwant %q", got, want)
	}
}

func TestParseRoundTrip(t *testing.T) {
	for _, p := range []string{
		staticBasic, dynamic150k, dynamic1, dynamic13, staticWithAmount,
		staticFeeFixed, staticFeePct, staticTipPrompt, staticNoInit,
		staticAmountLate, dynamicAmountLate, alreadyDynamic,
	} {
		fields, err := Parse(p)
		if err != nil {
			t.Errorf("Parse(%q): %v", p, err)
			continue
		}
		if got := encode(fields); got != p {
			t.Errorf("encode(Parse(p)) differs\n got %q\nwant %q", got, p)
		}
	}
}

func TestParseLenient(t *testing.T) {
	// Lower-case CRC hex: "be0e" checks as 0xBE0E.
	lower := strings.TrimSuffix(staticBasic, "BE0E") + "be0e"
	// White space a paste or a scanner adds around the text.
	padded := " \t" + staticBasic + "\r\n"
	for _, p := range []string{lower, padded} {
		if _, err := Parse(p); err != nil {
			t.Errorf("Parse(%q): %v", p, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	body := strings.TrimSuffix(staticBasic, "BE0E") // ends in "6304"
	tests := []struct {
		name, payload, code string
	}{
		{"empty", "", CodeEmpty},
		{"only white space", " \n ", CodeEmpty},

		// Last CRC digit changed E -> F.
		{"corrupted CRC", body + "BE0F", CodeBadCRC},
		// One data byte changed (BANDUNG -> BANDUNK), CRC kept.
		{"corrupted data", strings.Replace(staticBasic, "BANDUNG", "BANDUNK", 1), CodeBadCRC},
		// Static CRC on the dynamic body.
		{"CRC of another payload", strings.TrimSuffix(dynamic150k, "362A") + "BE0E", CodeBadCRC},
		{"CRC not hex", body + "XYZW", CodeBadCRC},

		// Cut inside the CRC value: 63 says 4, only 2 follow.
		{"truncated in CRC", staticBasic[:len(staticBasic)-2], CodeMalformed},
		// Cut inside the name: 59 says 16 bytes, "TOKO DEMO" is 9.
		{"truncated in name", staticBasic[:strings.Index(staticBasic, "BERKAH")], CodeMalformed},
		// Cut after an id and half a length.
		{"truncated in header", "0002010102115", CodeMalformed},
		{"id not digits", "0002010A0211" + staticBasic[12:], CodeMalformed},
		{"length not digits", "00020101X211" + staticBasic[12:], CodeMalformed},
		{"length 00", "0000" + staticBasic, CodeMalformed},
		{"CRC length 05", body[:len(body)-2] + "05BE0E0", CodeMalformed},
		{"CRC not last", staticBasic + "6007BANDUNG", CodeMalformed},
		{"duplicate id", duplicateName, CodeMalformed},
		{"broken template 26", brokenTemplate, CodeMalformed},

		// Whole CRC object cut off at a field boundary.
		{"no CRC", strings.TrimSuffix(staticBasic, "6304BE0E"), CodeNoCRC},
		{"no CRC, one object", "000201", CodeNoCRC},

		{"currency USD", currencyUSD, CodeNotQRIS},
		{"no currency", noCurrency, CodeNotQRIS},
		{"country SG", countrySG, CodeNotQRIS},
		{"00 not first", formatNotFirst, CodeNotQRIS},
		{"point of initiation 13", initUnknown, CodeNotQRIS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields, err := Parse(tt.payload)
			if fields != nil {
				t.Errorf("Parse returned fields %q with an error", fields)
			}
			if code := errCode(t, err); code != tt.code {
				t.Errorf("Parse(%q) code = %q (%v), want %q", tt.payload, code, err, tt.code)
			}
		})
	}
}

func TestMerchantName(t *testing.T) {
	tests := []struct {
		name, payload, want string
	}{
		{"static", staticBasic, "TOKO DEMO BERKAH"},
		{"dynamic", dynamic150k, "TOKO DEMO BERKAH"},
		{"damaged payload", strings.Replace(staticBasic, "BERKAH", "BERKAT", 1), ""},
		{"not a payload", "hello", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MerchantName(tt.payload); got != tt.want {
				t.Errorf("MerchantName = %q, want %q", got, tt.want)
			}
		})
	}

	// No tag 59 at all: built here, its CRC from CRC16 (checked above).
	noName := strings.Replace(strings.TrimSuffix(staticBasic, "BE0E"), "5916TOKO DEMO BERKAH", "", 1)
	noName += CRC16(noName)
	if _, err := Parse(noName); err != nil {
		t.Fatalf("Parse(noName): %v", err)
	}
	if got := MerchantName(noName); got != "" {
		t.Errorf("MerchantName without 59 = %q, want empty", got)
	}
}

func TestErrorString(t *testing.T) {
	if got := (&Error{Code: CodeEmpty}).Error(); got != "qris: empty" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&Error{Code: CodeBadCRC, Detail: "x"}).Error(); got != "qris: bad_crc: x" {
		t.Errorf("Error() = %q", got)
	}
}

// errCode returns the Code of the *Error in err's chain, or "" when err is nil.
func errCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var qe *Error
	if !errors.As(err, &qe) {
		t.Fatalf("error %v (%T) is not a *qris.Error", err, err)
	}
	return qe.Code
}
