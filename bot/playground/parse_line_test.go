package playground_test

import (
	"testing"

	"github.com/dropbot/dropbot/bot/playground"
)

// TestParseLineAttachments: [photo:…] and [file:…] attach an image or a
// document; a line with only an attachment is a message; a file that is
// not there is told as a line error when the line is said, not here.
func TestParseLineAttachments(t *testing.T) {
	for _, tc := range []struct {
		line, photo, file, text string
		ok                      bool
	}{
		{"owner [file:testdata/katalog_impor.csv]", "", "testdata/katalog_impor.csv", "", true},
		{"owner [file: a.xlsx ] ini katalognya", "", "a.xlsx", "ini katalognya", true},
		{"customer:b [photo:testdata/bukti.png]", "testdata/bukti.png", "", "", true},
		{"customer:b [photo:x.png] [file:y.csv]", "x.png", "", "[file:y.csv]", true}, // one attachment a line
		{"owner [file:]", "", "", "[file:]", true},                                   // no path: plain text
		{"owner", "", "", "", false},
	} {
		l, ok, err := playground.ParseLine(tc.line)
		if ok != tc.ok || tc.ok && (err != nil || l.Photo != tc.photo || l.File != tc.file || l.Text != tc.text) {
			t.Errorf("ParseLine(%q) = %+v, %v, %v; want photo %q file %q text %q ok %v", tc.line, l, ok, err, tc.photo, tc.file, tc.text, tc.ok)
		}
	}
}
