package order_test

import (
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

// TestTypedOrderCheck: "cek KODE" typed without a slash looks up the order,
// but everyday phrases with a code-shaped word ("cek harga", "cek ulang")
// are not taken for order codes.
func TestTypedOrderCheck(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	if err := db.Update(ctx, func(tx *store.Tx) error { _, err := flows.SeedDemo(tx); return err }); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text, code string
		asOrder    bool
	}{
		{"cek 2ABCD", "2ABCD", true},
		{"status pesanan 9ZZZZ", "9ZZZZ", true},
		{"Cek   7K7K7", "7K7K7", true},
		{"cek harga", "HARGA", false},
		{"cek ulang", "ULANG", false},
		{"cek 2ABCD sekarang", "2ABCD", false},
	} {
		var outs []flows.Out
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			outs, err = shop.Handle(ctx, tx, flows.Message{Channel: "play", ChatID: "c1", UserID: "c1", Text: tc.text})
			return err
		})
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		if len(outs) == 0 {
			t.Fatalf("%q: no answer", tc.text)
		}
		if got := strings.Contains(outs[0].Text, tc.code); got != tc.asOrder {
			t.Errorf("%q: answer mentions %s = %v, want %v: %q", tc.text, tc.code, got, tc.asOrder, outs[0].Text)
		}
	}
}
