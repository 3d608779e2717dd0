package orderform

import (
	"regexp"
	"strings"
)

// phoneRe finds a phone number inside text: digits with spaces, dots,
// dashes or parentheses between them, optionally after "+".
var phoneRe = regexp.MustCompile(`\+?\d[\d\s.\-()]*\d`)

// minPhoneDigits is the fewest digits a phone number has (landlines
// without area code are 7–8 digits; mobiles 10–13).
const minPhoneDigits = 8

var emptyParens = regexp.MustCompile(`\(\s*\)`)

// parseSender reads the sender's name and phone from the values of a
// Pengirim block: "Butik Sari / 0813 1111 2222", "Butik Sari (0813…)",
// or the name and the phone on separate lines.
func parseSender(values []string) (name, phone string) {
	var names []string
	for _, v := range values {
		n, p := splitPhone(v)
		if p != "" && phone == "" {
			phone = p
		} else if p != "" {
			n = v // a second phone stays in the name, not lost
		}
		if n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, " "), phone
}

// splitPhone takes the last phone-like number out of s and returns the
// rest, cleaned of separators and phone label words.
func splitPhone(s string) (rest, phone string) {
	ms := phoneRe.FindAllStringIndex(s, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		cand := s[m[0]:m[1]]
		if countDigits(cand) < minPhoneDigits {
			continue
		}
		// A ")" or "(" at the edge belongs to the text around.
		cand = strings.Trim(cand, "() ")
		phone = cand
		rest = s[:m[0]] + " " + s[m[1]:]
		break
	}
	if phone == "" {
		rest = s
	}
	return cleanName(rest), phone
}

// cleanName trims separators, empty parentheses and trailing phone labels
// ("Butik Sari, HP" → "Butik Sari").
func cleanName(s string) string {
	s = emptyParens.ReplaceAllString(s, " ")
	for {
		s = strings.Trim(strings.TrimSpace(s), "/|-–—,:;=()*_~` ")
		ws := strings.Fields(s)
		if len(ws) == 0 {
			return ""
		}
		last := labelKey(ws[len(ws)-1])
		if !phoneWords[last] && !phoneFillers[last] {
			return strings.Join(ws, " ")
		}
		s = strings.Join(ws[:len(ws)-1], " ")
	}
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}
