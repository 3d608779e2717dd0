package locales

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"0812-3456-7890", "6281234567890"},    // 0 → 62: 62 + 81234567890
		{"+62 812 3456 7890", "6281234567890"}, // +62 kept
		{"0812 3456 7890", "6281234567890"},
		{"812345678901", "62812345678901"},     // 8 → 628: 62 + 812345678901 (14 digits)
		{"(021) 5551234", "62215551234"},       // landline: 0215551234 → 62 + 215551234
		{"62 0812 3456 7890", "6281234567890"}, // 62 then a 0: the 0 is dropped
		{"+62 (0)812-3456-7890", "6281234567890"},
		{"+62 (812) 3456.7890", "6281234567890"},
		{"(+62) 812 3456 7890", "6281234567890"}, // + after a parenthesis, still before the digits
		{"6281234567890", "6281234567890"},
		{"\u00a00812 3456 7890\u00a0", "6281234567890"},
		{"0812345678", "62812345678"},       // shortest: 10 digits locally, 11 normalised
		{"0812345678901", "62812345678901"}, // longest: 13 digits locally, 14 normalised
		{"6262812345678", "6262812345678"},  // 62 + 62812345678: a national number may start 62
	}
	for _, tt := range tests {
		got, err := NormalizePhone(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizePhoneErrors(t *testing.T) {
	tests := []struct {
		in, code string
	}{
		{"", "empty"},
		{"  \t", "empty"},
		{"0812abc", "invalid"},
		{"O812 3456 7890", "invalid"}, // letter O instead of 0
		{"0812/3456/7890", "invalid"},
		{"++62 812 3456 7890", "invalid"},
		{"0812+34567890", "invalid"}, // + after digits
		{"+", "invalid"},
		{"---", "invalid"},
		{"00812345678", "invalid"},        // 0 then 0: national part starts with 0
		{"62 00812 3456 7890", "invalid"}, // only one 0 after 62 is dropped
		{"０８１２３４５６７８９０", "invalid"},       // full-width digits
		{"6281234567890@s.whatsapp.net", "invalid"},
		{"0", "too_short"},
		{"8", "too_short"},
		{"62", "too_short"},
		{"081234567", "too_short"},     // 9 digits locally: 62 + 81234567 = 10
		{"+62 812 3456", "too_short"},  // 62 + 8123456 = 9
		{"12345", "too_short"},         // five digits: short before it is foreign
		{"555-1234", "too_short"},      // a local landline without area code
		{"08123456789012", "too_long"}, // 14 digits locally: 62 + 8123456789012 = 15
		{"+62 812 3456 7890 123", "too_long"},
		{"+1 555 0100", "not_indonesian"},
		{"44 20 7946 0958", "not_indonesian"},
		{"+44 20 7946 0958", "not_indonesian"},
		{"+0812 3456 7890", "not_indonesian"}, // + promises a country code; 0 is none
		{"912345678", "not_indonesian"},
		{"1234567890", "not_indonesian"},
	}
	for _, tt := range tests {
		got, err := NormalizePhone(tt.in)
		var pe *PhoneError
		if !errors.As(err, &pe) || pe.Code != tt.code || pe.Input != tt.in || got != "" {
			t.Errorf("NormalizePhone(%q) = %q, %v; want code %q", tt.in, got, err, tt.code)
		}
	}
}

func TestLocalPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"6281234567890", "081234567890"},
		{"62215551234", "0215551234"},
		{"081234567890", "081234567890"}, // not normalised: unchanged
		{"62", "62"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := LocalPhone(tt.in); got != tt.want {
			t.Errorf("LocalPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{
		"0812-3456-7890", "+62 812 3456 7890", "812345678901", "0812 3456 7890", "(021) 5551234",
		"62 0812 3456 7890", "+1 555 0100", "44 20 7946 0958", "0812abc", "", "0", "+",
		"08123456789012", "00812345678", "(+62) 812 3456 7890", "6262812345678",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizePhone(s)
		if err != nil {
			var pe *PhoneError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *PhoneError", err)
			}
			switch pe.Code {
			case "empty", "invalid", "too_short", "too_long", "not_indonesian":
			default:
				t.Fatalf("unknown code %q", pe.Code)
			}
			return
		}
		if strings.Trim(got, "0123456789") != "" || !strings.HasPrefix(got, "62") || len(got) < 11 || len(got) > 14 {
			t.Fatalf("NormalizePhone(%q) = %q: not 11–14 digits starting 62", s, got)
		}
		if again, err := NormalizePhone(got); err != nil || again != got {
			t.Fatalf("NormalizePhone(%q) = %q, but normalising that gives %q, %v", s, got, again, err)
		}
		if again, err := NormalizePhone(LocalPhone(got)); err != nil || again != got {
			t.Fatalf("local form %q of %q normalises to %q, %v", LocalPhone(got), got, again, err)
		}
	})
}
