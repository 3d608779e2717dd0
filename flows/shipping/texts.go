package shipping

import (
	"strings"

	"github.com/dropbot/dropbot/locales"
)

// CustomerText is the customer's message for a milestone, in the shop's
// voice, with the courier's own words as a detail line when there are any
// (not on delivery, where they only repeat it). order is the order code.
func CustomerText(p locales.Printer, m Milestone, order, courier, resi, detail string) string {
	if m == MilestoneNone {
		return ""
	}
	text := p.T("shipping.milestone."+string(m), "order", order, "courier", courier, "resi", resi)
	if detail = strings.TrimSpace(detail); detail != "" && m != MilestoneDelivered {
		text += "\n" + p.T("shipping.detail", "detail", detail)
	}
	return text
}

// OwnerAlertText is the owner's message for an alert. days is how long the
// parcel has had no news (for AlertStuck); provider names the tracking
// service (for AlertFailing).
func OwnerAlertText(p locales.Printer, a Alert, order, courier, resi, detail, provider string, days int) string {
	if a == AlertNone {
		return ""
	}
	if detail = strings.TrimSpace(detail); detail == "" {
		detail = "-"
	}
	return p.T("shipping.alert."+string(a), "order", order, "courier", courier, "resi", resi, "detail", detail,
		"days", days, "provider", ProviderLabel(p, provider))
}

// ProviderLabel names a provider for people ("Biteship", "RajaOngkir",
// "tabel ongkir").
func ProviderLabel(p locales.Printer, name string) string {
	switch name {
	case ProviderBiteship, ProviderRajaOngkir, ProviderTable:
		return p.T("shipping.provider." + name)
	}
	return name
}

// FailureText tells the owner, in words, why live rates were not used and
// that the table answered meanwhile (when fallback). Never for customers.
func FailureText(p locales.Printer, f *Failure, fallback bool) string {
	if f == nil {
		return ""
	}
	reason := f.Reason
	if !knownReason(reason) {
		reason = ReasonUnavailable
	}
	text := p.T("shipping.fail."+string(reason), "provider", ProviderLabel(p, f.Provider))
	if fallback {
		text += "\n" + p.T("shipping.fail.fallback")
	}
	return text
}

// NoticeKey identifies a failure for "tell the owner once": the
// conversation keeps the last key it told (e.g. in a setting) and stays
// quiet while the same provider fails for the same reason.
func (f *Failure) NoticeKey() string {
	if f == nil {
		return ""
	}
	return f.Provider + ":" + string(f.Reason)
}

// KeySavedText confirms a provider key to the owner, masked.
func KeySavedText(p locales.Printer, provider, key string) string {
	return p.T("shipping.key_saved", "provider", ProviderLabel(p, provider), "key", Mask(key))
}

// reasons are every Reason a Failure may carry.
var reasons = []Reason{ReasonTimeout, ReasonKey, ReasonQuota, ReasonBadResponse, ReasonUnavailable, ReasonNotFound,
	ReasonRejected, ReasonNoKey, ReasonNoOrigin, ReasonNoDestination}

func knownReason(r Reason) bool {
	for _, x := range reasons {
		if x == r {
			return true
		}
	}
	return false
}
