package catalog

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/locales"
)

var unfilled = regexp.MustCompile(`\{[a-z_][a-z0-9_]*\}`)

// wantWords fails when msg is a missing key or has a placeholder left.
func wantWords(t *testing.T, what, msg string) {
	t.Helper()
	if strings.Contains(msg, "⟦") || unfilled.MatchString(msg) {
		t.Errorf("%s = %q: missing key or unfilled placeholder", what, msg)
	}
}

func TestErrorMessages(t *testing.T) {
	b := locales.Default()
	cases := []struct {
		err  *Error
		want []string // what the message must say (the limit passed, where)
	}{
		{&Error{Code: CodeUnsupportedFormat}, nil},
		{&Error{Code: CodeMissingColumn, Columns: []string{"cost"}}, nil},
		{&Error{Code: CodeDuplicateColumn, Columns: []string{"price"}}, nil},
		{&Error{Code: CodeTooBig}, []string{strconv.Itoa(MaxFileBytes >> 20)}},
		{&Error{Code: CodeTooManyRows}, []string{strconv.Itoa(MaxRows)}},
		{&Error{Code: CodeUnreadable}, nil},
		{&Error{Code: CodeUnzipTooBig}, []string{strconv.Itoa(MaxUnzipBytes >> 20)}},
		{&Error{Code: CodeSheetTooLong, Row: 123456}, []string{strconv.Itoa(MaxSheetRows), "123456", strconv.Itoa(MaxRows)}},
		{&Error{Code: CodeTooManyColumns, Row: 7}, []string{strconv.Itoa(MaxColumns), "7"}},
		{&Error{Code: CodeTooManyStrings}, []string{strconv.Itoa(MaxStrings)}},
	}
	for _, c := range cases {
		for _, lang := range b.Langs() {
			msg := c.err.Message(b.For(lang))
			wantWords(t, string(lang)+" "+c.err.Code, msg)
			if strings.Contains(msg, c.err.Code) {
				t.Errorf("%s %s: the message shows the internal code: %q", lang, c.err.Code, msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s %s = %q, want it to say %q", lang, c.err.Code, msg, w)
				}
			}
		}
	}
}

func TestRowErrorMessages(t *testing.T) {
	b := locales.Default()
	codes := []string{CodeMissingColumn, CodeEmptyRequired, CodeBadMoney, CodeNegative, CodeBadNumber,
		CodeUnknownSupplier, CodeDuplicate, CodeBadPhoto, CodeTooLong, CodeBadEncoding, CodeRagged, CodeNotASCII, CodeBadPostal}
	for _, code := range codes {
		for _, lang := range b.Langs() {
			e := RowError{Row: 17, Column: "cost", Code: code, Value: "41333,333"}
			msg := e.Message(b.For(lang))
			wantWords(t, string(lang)+" "+code, msg)
			if !strings.Contains(msg, "17") || strings.Contains(msg, code) && strings.Contains(code, "_") {
				t.Errorf("%s %s = %q: want the row, and no internal code", lang, code, msg)
			}
		}
	}
	// Words for the cases of issue 22 and the homoglyph SKU, in both languages.
	for _, c := range []struct {
		e      RowError
		id, en []string
	}{
		{RowError{Row: 3, Column: "cost", Code: CodeBadMoney, Value: "abc"},
			[]string{"Baris 3", "abc"}, []string{"Row 3", "cost", "abc", "85000"}},
		{RowError{Row: 4, Column: "supplier", Code: CodeUnknownSupplier, Value: "SUP9"},
			[]string{"Baris 4", "SUP9"}, []string{"Row 4", "SUP9", "sendiri"}},
		{RowError{Row: 5, Column: "sku", Code: CodeNotASCII, Value: "GМS-01", Hint: "GMS-01"},
			[]string{"Baris 5", "GМS-01", "tulis GMS-01"}, []string{"Row 5", "GМS-01", "write GMS-01 instead"}},
	} {
		for lang, want := range map[locales.Lang][]string{locales.ID: c.id, locales.EN: c.en} {
			msg := c.e.Message(b.For(lang))
			for _, w := range want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s %+v = %q, want %q in it", lang, c.e, msg, w)
				}
			}
		}
	}
}
