package order_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

// TestSamePendingOrder: the review names an unpaid order of the same
// customer, made in the last 24 hours, with the same items and recipient;
// any difference (quantity, recipient, another customer, an older order)
// leaves the line out.
func TestSamePendingOrder(t *testing.T) {
	s := flowtest.NewOwnerShop(t)
	s.Update(func(tx *store.Tx) error { _, err := flows.SeedDemo(tx); return err })
	form := func(name, items string) string {
		return "Nama: " + name + "\nHP: 081234567890\nAlamat: Jl. Melati 12, Kec. Coblong, Kota Bandung, Jawa Barat 40132\n" +
			"Pesanan: " + items + "\nKurir: JNE REG"
	}
	review := func(user, text string) string {
		t.Helper()
		return flowtest.TextsTo(s.Say(user, text), user)
	}
	first := review("c1", form("Sari", "HJB-11 Navy x1"))
	if strings.Contains(first, "sudah ada") {
		t.Fatalf("first review already warns: %q", first)
	}
	invoice := review("c1", "1")
	code := regexp.MustCompile("Pesanan `([0-9A-Z]{5})`").FindStringSubmatch(invoice)
	if code == nil {
		t.Fatalf("no order code in %q", invoice)
	}
	warn := "Pesanan yang sama sudah ada: " + code[1] + " (menunggu pembayaran)"
	for _, tc := range []struct {
		name, user, text string
		after            time.Duration
		want             bool
	}{
		{"same paste", "c1", form("Sari", "HJB-11 Navy x1"), 0, true},
		{"same, name in other case and spacing", "c1", form("  sari ", "HJB-11 navy 1"), 0, true},
		{"other quantity", "c1", form("Sari", "HJB-11 Navy x2"), 0, false},
		{"other recipient", "c1", form("Dina", "HJB-11 Navy x1"), 0, false},
		{"another customer, same text", "c2", form("Sari", "HJB-11 Navy x1"), 0, false},
		{"the order is older than a day", "c1", form("Sari", "HJB-11 Navy x1"), 25 * time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.after > 0 {
				s.SetClock(s.Clock().Add(tc.after)) // jobs do not run: the order stays unpaid
			}
			got := review(tc.user, tc.text)
			if !strings.Contains(got, "Cek pesanannya") {
				t.Fatalf("no review: %q", got)
			}
			if strings.Contains(got, warn) != tc.want {
				t.Errorf("warning shown = %v, want %v:\n%s", !tc.want, tc.want, got)
			}
		})
	}
}
