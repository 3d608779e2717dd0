package orderform

import (
	"strings"
)

// serviceCodes are courier service names (folded with labelKey). They are
// only used to split "JNE REG" into courier and service: couriers themselves
// are never checked against a list.
var serviceCodes = map[string]bool{
	"reg": true, "reguler": true, "regular": true, "yes": true, "oke": true,
	"jtr": true, "sps": true, "ctc": true, "ctcyes": true, "ez": true, "eco": true,
	"ekonomi": true, "economy": true, "best": true, "halu": true, "gokil": true,
	"siuntung": true, "sds": true, "std": true, "standard": true, "standar": true,
	"super": true, "cargo": true, "kargo": true, "sameday": true, "same day": true,
	"instant": true, "instan": true, "nd": true, "next day": true, "nextday": true,
	"kilat": true, "kilat khusus": true, "trucking": true, "jsd": true,
	"regpack": true, "jagopack": true, "bigpack": true, "onepack": true,
	"prioritas": true, "priority": true,
}

// splitCourier splits "JNE REG" into "JNE" and "REG". See Form.Courier.
func splitCourier(v string) (courier, service string) {
	v = strings.Join(strings.Fields(v), " ")
	if v == "" {
		return "", ""
	}
	// "SiCepat (BEST)"
	if strings.HasSuffix(v, ")") {
		if i := strings.LastIndex(v, "("); i > 0 {
			c := strings.TrimSpace(v[:i])
			s := strings.TrimSpace(v[i+1 : len(v)-1])
			if hasAlnum(c) && hasAlnum(s) {
				return trimSep(c), strings.ToUpper(s)
			}
		}
	}
	// "JNE - REG", "JNE/REG"
	for _, sep := range []string{" - ", "/", " – ", "|"} {
		if i := strings.LastIndex(v, sep); i > 0 {
			if s := strings.TrimSpace(v[i+len(sep):]); serviceCodes[labelKey(s)] {
				return trimSep(v[:i]), strings.ToUpper(s)
			}
		}
	}
	// "Pos Kilat Khusus", "JNE REG"
	ws := strings.Fields(v)
	for n := 2; n >= 1; n-- {
		if len(ws) > n && serviceCodes[labelKey(strings.Join(ws[len(ws)-n:], " "))] {
			return trimSep(strings.Join(ws[:len(ws)-n], " ")), strings.ToUpper(strings.Join(ws[len(ws)-n:], " "))
		}
	}
	return v, ""
}

func trimSep(s string) string {
	return strings.Trim(strings.TrimSpace(s), " -–/|,:")
}
