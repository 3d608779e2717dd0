package shipping

import (
	"strconv"
	"strings"
	"unicode"
)

// NormalizeETD turns a provider's free-text delivery estimate into
// Indonesian: "2-3 day" → "2-3 hari", "1 day" → "1 hari", "3" → "3 hari",
// "1 - 2 days" → "1-2 hari", "6 - 8 hours" → "6-8 jam", "1-2 HARI" →
// "1-2 hari". Text without a number of days it can read gives "" (no
// estimate is shown rather than an English or garbled one).
func NormalizeETD(s string) string {
	var nums []int
	unit := "hari"
	var word strings.Builder
	flush := func() {
		switch w := word.String(); {
		case w == "":
		case strings.HasPrefix(w, "hour") || w == "jam" || w == "h" || w == "hrs" || w == "hr":
			unit = "jam"
		case strings.HasPrefix(w, "week") || w == "minggu" || w == "pekan":
			unit = "minggu"
		}
		word.Reset()
	}
	digits := ""
	endNum := func() {
		if digits == "" {
			return
		}
		if n, err := strconv.Atoi(digits); err == nil && n > 0 && n < 1000 {
			nums = append(nums, n)
		}
		digits = ""
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsDigit(r) && r < 128:
			flush()
			digits += string(r)
		case unicode.IsLetter(r):
			endNum()
			word.WriteRune(r)
		default:
			endNum()
			flush()
		}
	}
	endNum()
	flush()
	if len(nums) == 0 || len(nums) > 2 {
		return ""
	}
	lo, hi := nums[0], nums[len(nums)-1]
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		return strconv.Itoa(lo) + " " + unit
	}
	return strconv.Itoa(lo) + "-" + strconv.Itoa(hi) + " " + unit
}
