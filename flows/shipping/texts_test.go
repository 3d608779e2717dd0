package shipping

import (
	"strings"
	"testing"

	"github.com/dropbot/dropbot/locales"
)

// TestEveryTextExists: each milestone, alert, reason and provider has its
// message in every language (the keys are built, so the locales' own
// literal-key check cannot see them).
func TestEveryTextExists(t *testing.T) {
	b := locales.Default()
	var keys []string
	for _, m := range []Milestone{MilestonePickedUp, MilestoneInTransit, MilestoneInCity, MilestoneOutForDelivery,
		MilestoneDelivered, MilestoneProblem, MilestoneReturning} {
		keys = append(keys, "shipping.milestone."+string(m))
	}
	for _, a := range []Alert{AlertStuck, AlertProblem, AlertReturning, AlertFailing} {
		keys = append(keys, "shipping.alert."+string(a))
	}
	for _, r := range reasons {
		keys = append(keys, "shipping.fail."+string(r))
	}
	for _, p := range []string{ProviderBiteship, ProviderRajaOngkir, ProviderTable} {
		keys = append(keys, "shipping.provider."+p)
	}
	for _, lang := range b.Langs() {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s lacks %s", lang, k)
			}
		}
	}
}

func TestTexts(t *testing.T) {
	id := locales.Default().For(locales.ID)
	got := CustomerText(id, MilestoneOutForDelivery, "K7QX2", "J&T Express", "JP6961181926", "WITH DELIVERY COURIER [BANDUNG]")
	for _, want := range []string{"K7QX2", "J&T Express", "JP6961181926", "Keterangan kurir: WITH DELIVERY COURIER [BANDUNG]", "diantar"} {
		if !strings.Contains(got, want) {
			t.Errorf("customer text %q lacks %q", got, want)
		}
	}
	if got := CustomerText(id, MilestoneDelivered, "K7QX2", "JNE", "1", "DELIVERED TO [BUDI]"); strings.Contains(got, "BUDI") {
		t.Errorf("delivered text repeats the courier's words: %q", got)
	}
	if CustomerText(id, MilestoneNone, "K", "JNE", "1", "") != "" || OwnerAlertText(id, AlertNone, "", "", "", "", "", 0) != "" {
		t.Error("text for nothing")
	}
	got = OwnerAlertText(id, AlertStuck, "K7QX2", "JNE", "170430045644420", "", ProviderRajaOngkir, 3)
	if !strings.Contains(got, "3 hari") || !strings.Contains(got, "Terakhir: -") {
		t.Errorf("stuck alert %q", got)
	}
	got = OwnerAlertText(id, AlertFailing, "K7QX2", "JNE", "1", "", ProviderBiteship, 0)
	if !strings.Contains(got, "Biteship") {
		t.Errorf("failing alert %q", got)
	}
	f := &Failure{Provider: ProviderBiteship, Op: "rates", Reason: ReasonKey, Status: 401}
	got = FailureText(id, f, true)
	if !strings.Contains(got, "kunci Biteship ditolak") || !strings.Contains(got, "tabel ongkir") {
		t.Errorf("failure text %q", got)
	}
	if got := FailureText(id, &Failure{Provider: ProviderRajaOngkir, Reason: "weird"}, false); !strings.Contains(got, "RajaOngkir") {
		t.Errorf("unknown reason text %q", got)
	}
	if f.NoticeKey() != "biteship:key" || (*Failure)(nil).NoticeKey() != "" {
		t.Errorf("notice key %q", f.NoticeKey())
	}
	if got := KeySavedText(id, ProviderRajaOngkir, testRajaOngkirKey); strings.Contains(got, testRajaOngkirKey) || !strings.Contains(got, "pZHi") {
		t.Errorf("key saved text %q", got)
	}
}
