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
