package relay

import (
	"slices"
	"strings"
	"unicode"

	"github.com/dropbot/dropbot/flows/resi"
)

// Reading a resi as suppliers type it.

// resiCandidate is what a message says about a resi: the courier the
// supplier named (may be "") and the number as typed.
type resiCandidate struct {
	stated resi.Courier
	raw    string
}

// resiFillers are words people put before a resi.
var resiFillers = map[string]bool{"resi": true, "no": true, "nomor": true, "noresi": true, "awb": true, "kurir": true,
	"ekspedisi": true, "via": true, "pakai": true, "pake": true, "nya": true, "resinya": true}

// resiTail are the polite words a supplier types after a resi number.
var resiTail = map[string]bool{"ya": true, "yaa": true, "yah": true, "kak": true, "bos": true, "min": true, "gan": true,
	"sis": true, "nggih": true, "ok": true, "oke": true, "thx": true, "makasih": true, "": true}

// serviceWords are courier service names that may follow the courier.
var serviceWords = map[string]bool{"reg": true, "yes": true, "oke": true, "ez": true, "eco": true, "express": true,
	"xpress": true, "ekspres": true, "halu": true, "best": true, "gokil": true, "sds": true, "std": true, "standard": true,
	"kilat": true, "nextday": true, "sameday": true, "instant": true, "cargo": true, "trucking": true, "jtr": true}

// ParseResiText reads "[kurir] NOMOR" as people type it: "JNE 1704 3004
// 5644 420", "J&T JP6961181926", "sicepat reg 0046-0785-5558", "resi:
// SPXID06503790480A". ok is false when the text holds no plausible number
// (at least 6 letters and digits, 4 of them digits, and only words that can
// be part of a resi).
func ParseResiText(text string) (resiCandidate, bool) {
	words := strings.Fields(text)
	for len(words) > 0 && resiFillers[strings.ToLower(strings.Trim(words[0], ":.#-"))] {
		words = words[1:]
	}
	// "JP1122334455 ya", "… ya kak": polite words after the number.
	for len(words) > 0 && resiTail[strings.ToLower(strings.Trim(words[len(words)-1], ":.,!🙏"))] {
		words = words[:len(words)-1]
	}
	first := -1
	for i, w := range words {
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return resiCandidate{}, false
	}
	var c resiCandidate
	// "JP1234567890 JNT", "… jne reg": the courier after the number.
	c.stated, words = trailingCourier(words)
	lead := words[:first]
	if len(lead) > 0 {
		if cour, ok := resi.ParseCourier(strings.Join(lead, " ")); ok {
			k := 1
			for k < len(lead) {
				if got, _ := resi.ParseCourier(strings.Join(lead[:k], " ")); got == cour {
					break
				}
				k++
			}
			rest := lead[k:]
			for len(rest) > 0 && serviceWords[strings.ToLower(strings.Trim(rest[0], ":.,"))] {
				rest = rest[1:]
			}
			if c.stated == "" || c.stated == cour {
				c.stated = cour
			}
			lead = rest
		}
	}
	parts := append(append([]string{}, lead...), words[first:]...)
	for i, w := range parts {
		w = strings.Trim(w, ":.,;")
		parts[i] = w
		if !resiWord(w) {
			return resiCandidate{}, false
		}
	}
	c.raw = strings.Join(parts, " ")
	n := resi.Normalize(c.raw)
	digits := 0
	for _, r := range n {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return c, len(n) >= 6 && digits >= 4
}

// trailingCourier takes a courier (maybe with its service) off the end of
// the words of a resi, after its last word with a digit; words are
// returned unchanged when they do not end with one.
func trailingCourier(words []string) (resi.Courier, []string) {
	last := -1
	for i, w := range words {
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			last = i
		}
	}
	tail := words[last+1:]
	for len(tail) > 0 && serviceWords[strings.ToLower(strings.Trim(tail[len(tail)-1], ":.,"))] {
		tail = tail[:len(tail)-1]
	}
	if len(tail) == 0 {
		return "", words
	}
	cour, ok := resi.ParseCourier(strings.Trim(strings.Join(tail, " "), ":.,()"))
	if !ok {
		return "", words
	}
	return cour, words[:last+1]
}

// resiWord reports whether a word can be part of a resi: letters, digits
// and dashes, where a word without digits is a short upper-case prefix
// (JP, SPXID, NLID) as printed on labels.
func resiWord(w string) bool {
	if w == "" {
		return false
	}
	hasDigit := false
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			hasDigit = true
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r == '-', r == '–', r == '—':
		default:
			return false
		}
	}
	return hasDigit || (len(w) <= 6 && strings.ToUpper(w) == w)
}

// InspectResi checks a resi and decides its courier: the one the supplier
// named wins; otherwise the order's courier when the number fits it, else
// the single courier the number points to, else the order's courier.
func InspectResi(c resiCandidate, orderCourier string) (resi.Check, string) {
	if c.stated != "" {
		return resi.Inspect(c.raw, c.stated), c.stated.Name()
	}
	ch := resi.Inspect(c.raw, "")
	oc, known := resi.ParseCourier(orderCourier)
	if known {
		byOrder := resi.Inspect(c.raw, oc)
		switch {
		case !byOrder.Unusual:
			return byOrder, oc.Name()
		case slices.Contains(ch.Suggested, oc):
			// A number the order's courier may have issued (a plain
			// 12-digit one, say): it is that courier's.
			ch.Courier = oc
			return ch, oc.Name()
		case ch.Courier == "":
			return byOrder, oc.Name()
		}
	}
	if ch.Courier != "" {
		return ch, ch.Courier.Name()
	}
	if orderCourier == "" {
		orderCourier = "-"
	}
	return ch, orderCourier
}

// trackingURL is a courier's public tracking page, for the couriers whose
// address is known for sure; "" for the others.
func trackingURL(courierName string) string {
	c, ok := resi.ParseCourier(courierName)
	if !ok {
		return ""
	}
	switch c {
	case resi.JNE:
		return "https://www.jne.co.id"
	case resi.JNT:
		return "https://www.jet.co.id"
	}
	return ""
}

// looksLikePhone reports an Indonesian phone number (a resi never starts
// with 08 or 628 and has 10–13 digits).
func looksLikePhone(n string) bool {
	digits := strings.TrimPrefix(n, "+")
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	switch {
	case strings.HasPrefix(digits, "08"):
		return len(digits) >= 10 && len(digits) <= 13
	case strings.HasPrefix(digits, "628"):
		return len(digits) >= 11 && len(digits) <= 14
	}
	return false
}

// resiInSentence finds the one word of a sentence that looks like a resi
// (letters and digits, 8 digits or more, a resi's length, not a phone
// number). ok is false for none, or more than one.
func resiInSentence(text string) (string, bool) {
	found := ""
	for _, w := range strings.Fields(text) {
		w = strings.Trim(w, ":.,;!?()\"'")
		if !resiWord(w) {
			continue
		}
		n := resi.Normalize(w)
		digits := 0
		for _, r := range n {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits < 8 || len(n) < resi.MinLen || len(n) > resi.MaxLen || looksLikePhone(n) {
			continue
		}
		if found != "" && found != n {
			return "", false
		}
		found = n
	}
	return found, found != ""
}
