package order_test

import (
	"slices"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/store"
)

// TestCODWithheldAfterReturns: with cod.max_rts = 1, a customer whose COD
// parcel came back once is offered transfer and QRIS but not COD; a
// customer without returns still gets COD.
func TestCODWithheldAfterReturns(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := flows.SeedDemo(tx); err != nil {
			return err
		}
		if err := tx.SetSetting(order.SettingCODMaxRTS, "1"); err != nil {
			return err
		}
		who, err := tx.Resolve("telegram", "rts", false, "rts", "")
		if err != nil {
			return err
		}
		_, err = tx.AddRTS(who.CustomerID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	form := "Nama: Rina\nHP: 081234567890\nAlamat: Jl. Melati 12, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: HJB-20 x1\nKurir: JNE REG"
	for _, tc := range []struct {
		user    string
		wantCOD bool
	}{{"rts", false}, {"fresh", true}} {
		out := flowtest.Say(t, db, shop, tc.user, form)
		if len(out) != 1 || len(out[0].Options) == 0 {
			t.Fatalf("%s: no payment question: %+v", tc.user, out)
		}
		hasCOD := slices.ContainsFunc(out[0].Options, func(o string) bool { return len(o) >= 3 && o[:3] == "COD" })
		if hasCOD != tc.wantCOD {
			t.Errorf("%s: COD offered = %v, want %v (options %v)", tc.user, hasCOD, tc.wantCOD, out[0].Options)
		}
	}
}
