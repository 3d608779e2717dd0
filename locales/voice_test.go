package locales

import (
	"regexp"
	"strings"
	"testing"
)

// The Indonesian voice (issue 22): customers and the owner are "Kak", the
// shop is "kami"; no "Anda", "Bos" or "aku/ku", and no English words in
// Indonesian texts. Loanwords Indonesian sellers use every day ("order",
// "resi", "checkout", "admin", "supplier", "refund", "chat") are fine.
var voiceBanned = []string{
	// Address and self: one voice.
	"anda", "bos", "boss", "aku", "ku",
	// English that leaked into Indonesian texts before ("Google Sheets" is a
	// name, so only "sheet").
	"system", "error", "failed", "failure", "please", "sorry", "success", "successful", "successfully",
	"cancelled", "canceled", "invalid", "thanks", "thank", "welcome", "click", "submit", "update", "updated",
	"delete", "deleted", "download", "upload", "packing", "sheet", "your", "the", "yes", "items",
	"orders", "payments", "pending", "approved", "rejected", "waiting", "shipping",
}

var (
	voiceWord = regexp.MustCompile(`[\p{L}']+`)
	// What is not prose: `code`, {placeholders}, /commands, *bold* markers stay.
	voiceSkip = regexp.MustCompile("`[^`]*`|\\{[a-z_]+\\}|/[a-z_]+|\\b[A-Z][A-Z0-9_]{2,}\\b")
)

// voiceProblems lists the banned words of a text.
func voiceProblems(text string) []string {
	banned := map[string]bool{}
	for _, w := range voiceBanned {
		banned[w] = true
	}
	var out []string
	for _, w := range voiceWord.FindAllString(voiceSkip.ReplaceAllString(text, " "), -1) {
		if banned[strings.ToLower(w)] {
			out = append(out, w)
		}
	}
	return out
}

func TestVoiceFinder(t *testing.T) {
	for text, want := range map[string]int{
		"Terima kasih, Kak":                      0,
		"Silakan Anda transfer":                  1,
		"Halo Bos!":                              1,
		"aku cek dulu ya, pesananku aman":        1, // "aku"; "-ku" inside a word is not checked
		"Maaf, system error":                     2,
		"Kirim: /atur ongkir kunci biteship KEY": 0,
		"kode `error` di log, {payments} masuk":  0,
		"Lembar Pesanan, Barang, Pembayaran":     0,
	} {
		if got := voiceProblems(text); len(got) != want {
			t.Errorf("%q: found %v, want %d", text, got, want)
		}
	}
}

// TestVoiceIndonesian: no Indonesian text speaks to people as "Anda" or
// "Bos", as "aku", or in English.
func TestVoiceIndonesian(t *testing.T) {
	b := Default()
	for _, k := range b.Keys(ID) {
		text, _ := b.lookup(ID, k)
		if bad := voiceProblems(text); len(bad) > 0 {
			t.Errorf("[%s] %v in %q", k, bad, text)
		}
	}
}
