package chat

import (
	"strings"

	"github.com/dropbot/dropbot/store"
)

// looksLikeCode reports whether w has the shape of an order code.
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

// clip shortens what a person typed before it is echoed back.
func Clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
