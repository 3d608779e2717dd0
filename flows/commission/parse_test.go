package commission

import (
	"errors"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/locales"
)

func TestParseRule(t *testing.T) {
	tests := []struct {
		text                string
		percent, fixed, cap string // cap '' = none
		err                 string
	}{
		{"10%", "10", "0", "", ""},
		{"7,5%", "7.5", "0", "", ""},
		{"7.5 %", "", "", "", TextAmount}, // the percent sign belongs to the number
		{"5rb", "0", "5000", "", ""},
		{"Rp5.000 per barang", "0", "5000", "", ""},
		{"10% + 2rb", "10", "2000", "", ""},
		{"10%+2rb", "10", "2000", "", ""},
		{"10% maks 25rb", "10", "0", "25000", ""},
		{"12% maksimal Rp25.000", "12", "0", "25000", ""},
		{"0%", "0", "0", "", ""}, // the owner may switch a product off
		{"", "", "", "", TextEmpty},
		{"per barang", "", "", "", TextEmpty},
		{"maks 25rb", "", "", "", TextCapAlone},
		{"10% maks", "", "", "", TextAmount},
		{"150%", "", "", "", TextPercent},
		{"-5%", "", "", "", TextPercent},
		{"abc%", "", "", "", TextPercent},
		{"10% 20%", "", "", "", TextTwice},
		{"5rb 6rb", "", "", "", TextTwice},
		{"10% maks 5rb maks 6rb", "", "", "", TextTwice},
		{"10% sebulan", "", "", "", TextWord},
		{"150,000", "", "", "", TextAmount}, // ambiguous for ParseRupiah
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.text)
		if tt.err != "" {
			var te *TextError
			if !errors.As(err, &te) || te.Code != tt.err {
				t.Errorf("ParseRule(%q) = %+v, %v; want error %s", tt.text, r, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseRule(%q): %v", tt.text, err)
			continue
		}
		if !r.Percent.Equal(d(tt.percent)) || !r.Fixed.Equal(d(tt.fixed)) || r.Cap.Valid != (tt.cap != "") ||
			(r.Cap.Valid && !r.Cap.Decimal.Equal(d(tt.cap))) {
			t.Errorf("ParseRule(%q) = %s%% + %s cap %v, want %s%% + %s cap %q", tt.text, r.Percent, r.Fixed, r.Cap, tt.percent, tt.fixed, tt.cap)
		}
	}
}

// FuzzParseRule: any text either fails with a *TextError or gives a rule
// Compute accepts, with a percent of at most 100.
func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"10%", "7,5%", "10% + 2rb maks 25rb", "Rp5.000 per barang", "maks", "%", "1e9999%", "1,5jt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r, err := ParseRule(text)
		if err != nil {
			var te *TextError
			if !errors.As(err, &te) {
				t.Fatalf("ParseRule(%q) error %v is not a *TextError", text, err)
			}
			return
		}
		r.Scope = ScopeDefault
		if err := checkRule(r); err != nil || r.Percent.GreaterThan(maxPercent) {
			t.Fatalf("ParseRule(%q) = %+v, which Compute refuses: %v", text, r, err)
		}
	})
}

// Every TextError code has a message in every language, with its
// placeholders filled.
func TestTextErrorsHaveMessages(t *testing.T) {
	b := locales.Default()
	for _, code := range []string{TextEmpty, TextPercent, TextAmount, TextWord, TextTwice, TextCapAlone} {
		e := &TextError{Code: code, Word: "xyz"}
		for _, lang := range b.Langs() {
			msg := b.For(lang).T("partner.rule_err."+e.Code, e.Args()...)
			if strings.Contains(msg, "⟦") || strings.Contains(msg, "{") {
				t.Errorf("%s partner.rule_err.%s = %q: missing or unfilled", lang, code, msg)
			}
		}
	}
}
