package flows

import (
	"testing"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// TestDynamicKeysExist covers the keys flows build from data, which the
// static scan in locales cannot see.
func TestDynamicKeysExist(t *testing.T) {
	b := locales.Default()
	var keys []string
	for _, s := range store.OrderStatuses() {
		keys = append(keys, "status."+s)
	}
	for _, n := range []string{"next", "prev", "back"} {
		keys = append(keys, "catalog.nav_"+n)
	}
	for _, r := range []string{"help", "complaint"} {
		keys = append(keys, "staff.reason."+r)
	}
	for _, m := range []string{"transfer", "qris", "cod"} {
		keys = append(keys, "payment.method."+m)
	}
	for _, f := range []address.Field{address.FieldLine, address.FieldKelurahan, address.FieldKecamatan,
		address.FieldCity, address.FieldProvince, address.FieldPostalCode} {
		keys = append(keys, "address.field."+string(f))
	}
	for _, s := range []string{"pending", "confirmed", "rejected"} {
		keys = append(keys, "payment.status."+s, "refund.status."+s)
	}
	for _, r := range []string{store.StaffOwner, store.StaffAdmin} {
		keys = append(keys, "staff.role."+r)
	}
	for _, c := range []string{"empty", "negative", "ambiguous", "invalid", "too_large", "too_precise"} {
		keys = append(keys, "money.err."+c)
	}
	for _, c := range []string{"empty", "invalid", "too_short", "too_long", "not_indonesian"} {
		keys = append(keys, "phone.err."+c)
	}
	for _, lang := range b.Langs() {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s: missing key %s", lang, k)
			}
		}
	}
}
