package chat

import (
	"strings"

	"github.com/dropbot/dropbot/store"
)

// FirstWord splits "KODE rest of it".
func FirstWord(s string) (string, string) {
	s = strings.TrimSpace(s)
	head, rest, _ := strings.Cut(s, " ")
	return head, strings.TrimSpace(rest)
}

// LooksLikeCode reports whether w has the shape of an order code.
func LooksLikeCode(w string) bool {
	if len(w) != store.CodeLength {
		return false
	}
	for _, r := range strings.ToUpper(w) {
		if !strings.ContainsRune("23456789ABCDEFGHJKLMNPQRSTUVWXYZ", r) {
			return false
		}
	}
	return true
}

// Clip shortens what a person typed before it is echoed back.
func Clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func IsNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '-' && r != '.' && r != ',' {
			return false
		}
	}
	return s != ""
}

// MenuNumber reads "3", "3." or "3)" as a menu number.
func MenuNumber(norm string) (int, bool) {
	s := strings.TrimRight(norm, ".)")
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}
