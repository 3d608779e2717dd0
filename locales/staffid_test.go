package locales

import (
	"errors"
	"strings"
	"testing"
)

func TestParseStaffID(t *testing.T) {
	for _, c := range []struct {
		in, ch, id, code string
	}{
		{"telegram:123456", "telegram", "123456", ""},
		{" Telegram : 123456 ", "telegram", "123456", ""},
		{"tg:987", "telegram", "987", ""},
		{"telegram:abc", "", "", staffIDTelegram},
		{"telegram:-100123", "", "", staffIDTelegram},
		{"telegram:0", "", "", staffIDTelegram},
		{"telegram:12345678901234567890", "", "", staffIDTelegram},
		{"whatsapp:0812-3456-7890", "whatsapp", "6281234567890@s.whatsapp.net", ""},
		{"whatsapp:+62 812 3456 7890", "whatsapp", "6281234567890@s.whatsapp.net", ""},
		{"wa:81234567890", "whatsapp", "6281234567890@s.whatsapp.net", ""},
		{"whatsapp:6281234567890@s.whatsapp.net", "whatsapp", "6281234567890@s.whatsapp.net", ""},
		{"whatsapp:123456789@lid", "whatsapp", "123456789@lid", ""},
		{"whatsapp:1203630@g.us", "", "", staffIDWhatsApp},
		{"whatsapp:halo", "", "", staffIDWhatsApp},
		{"whatsapp:0812", "", "", staffIDWhatsApp},
		{"play:owner", "play", "owner", ""},
		{"play:customer:adminku", "play", "customer:adminku", ""},
		{"play:a b", "", "", staffIDFormat},
		{"signal:123", "", "", staffIDChannel},
		{"123456", "", "", staffIDFormat},
		{"telegram:", "", "", staffIDFormat},
		{"", "", "", staffIDFormat},
	} {
		ch, id, err := ParseStaffID(c.in)
		var se *StaffIDError
		switch {
		case c.code == "" && (err != nil || ch != c.ch || id != c.id):
			t.Errorf("ParseStaffID(%q) = %q, %q, %v; want %q, %q", c.in, ch, id, err, c.ch, c.id)
		case c.code != "" && (!errors.As(err, &se) || se.Code != c.code || ch != "" || id != ""):
			t.Errorf("ParseStaffID(%q) = %q, %q, %v; want code %q", c.in, ch, id, err, c.code)
		}
	}
	// A bad phone number keeps its reason.
	_, _, err := ParseStaffID("whatsapp:0812")
	var pe *PhoneError
	if !errors.As(err, &pe) || pe.Code != phoneTooShort {
		t.Errorf("whatsapp:0812: %v, want the phone's too_short inside", err)
	}
}

func TestStaffIDErrorsHaveMessages(t *testing.T) {
	b := Default()
	for _, code := range []string{staffIDFormat, staffIDChannel, staffIDTelegram, staffIDWhatsApp} {
		for _, lang := range b.Langs() {
			msg := b.For(lang).T("staff_id.err."+code, "input", "x:y")
			if strings.Contains(msg, "⟦") || placeholderRE.MatchString(msg) || !strings.Contains(msg, "x:y") {
				t.Errorf("%s staff_id.err.%s = %q", lang, code, msg)
			}
		}
	}
}
