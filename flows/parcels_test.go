package flows_test

import (
	"context"
	"testing"

	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

// With no live provider the owner's table prices the cart's whole weight,
// as it always did: the order keeps one parcel per supplier, the whole
// ongkir on paket 1 (pooled), so no parcel claims a figure of its own and
// the invoice keeps its one ongkir line.
func TestTableOngkirKeepsParcelsPooled(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	code := e.CODOrder(t, "c1", "GMS-01 M x2, HJB-11 Navy x2")
	err := e.DB.View(context.Background(), func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		if err != nil {
			return err
		}
		ps, err := tx.ParcelsOfOrder(o.ID)
		if err != nil {
			return err
		}
		if len(ps) != 2 {
			t.Fatalf("parcels = %+v, want one per supplier", ps)
		}
		if !ps[0].Pooled || !ps[1].Pooled || !ps[0].Ongkir.Equal(o.Shipping) || !ps[1].Ongkir.IsZero() {
			t.Errorf("parcels = %+v, want the whole ongkir %s pooled on paket 1", ps, o.Shipping)
		}
		for _, p := range ps {
			if p.Courier != o.Courier || p.Service != o.Service || p.Source != "tabel" || p.WeightG == 0 {
				t.Errorf("parcel %+v, want the order's courier %s %s from the table", p, o.Courier, o.Service)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
