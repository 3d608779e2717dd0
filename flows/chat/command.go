package chat

import "strings"

// command splits "/cmd args", "!cmd args" or ".cmd args" (also "/cmd@bot")
// into a lower-case name and the rest. ok is false for plain text.
func SplitCommand(text string) (name, args string, ok bool) {
	if len(text) < 2 || !strings.ContainsRune("/!.", rune(text[0])) {
		return "", "", false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	head, _, _ = strings.Cut(head, "@")
	head = strings.ToLower(strings.TrimSpace(head))
	if head == "" || !isWord(head) {
		return "", "", false
	}
	return head, strings.TrimSpace(rest), true
}

func isWord(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Normalize folds a free-text answer for matching: lower case, single spaces.
func Normalize(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// Choose matches an answer against a numbered menu: by number ("2", "2."),
// or by label (case-insensitive, exact or as a unique prefix). It returns the
// 0-based index or -1.
func Choose(answer string, labels []string) int {
	a := strings.TrimRight(Normalize(answer), ".)")
	if a == "" {
		return -1
	}
	n := 0
	for _, r := range a {
		if r < '0' || r > '9' {
			n = -1
			break
		}
		n = n*10 + int(r-'0')
		if n > 1000 {
			return -1
		}
	}
	if n > 0 {
		if n <= len(labels) {
			return n - 1
		}
		return -1
	}
	found := -1
	for i, l := range labels {
		ll := Normalize(l)
		if ll == a {
			return i
		}
		if strings.HasPrefix(ll, a) && len(a) >= 3 {
			if found >= 0 {
				return -1 // ambiguous prefix
			}
			found = i
		}
	}
	return found
}
