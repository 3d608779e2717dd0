package flows_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
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

// A review saved by the binary before parcels were kept (its courier has
// no parcels) still places the order: the cart's suppliers become the
// parcels, the whole ongkir on paket 1, pooled.
func TestReviewSavedWithoutParcelsStillPlaces(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	e.Private(t, "c2", "Nama: Ani\nHP: 081311112222\nAlamat: Jl. Kenari 2, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: GMS-01 M x1, HJB-11 Navy x1\nKurir: JNE REG")
	ctx := context.Background()
	err := e.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := tx.Conversation("telegram", "c2", "c2")
		if err != nil {
			return err
		}
		var data map[string]any
		if err := json.Unmarshal([]byte(c.Data), &data); err != nil {
			return err
		}
		courier, ok := data["courier"].(map[string]any)
		if c.Step != "confirm" || !ok || courier["parcels"] == nil {
			t.Fatalf("at %q with %s, want the review with parcels", c.Step, c.Data)
		}
		data["courier"] = map[string]any{"courier": courier["courier"], "service": courier["service"], "cost": courier["cost"]}
		b, err := json.Marshal(data)
		if err != nil {
			return err
		}
		c.Data = string(b)
		return tx.SetConversation("telegram", "c2", "c2", c)
	})
	if err != nil {
		t.Fatal(err)
	}
	var code string
	for _, o := range e.Private(t, "c2", "3") {
		if o.Ref.Kind == "order" && o.To.ChatID == "c2" {
			code = o.Ref.ID
		}
	}
	if code == "" {
		t.Fatal("no order placed")
	}
	err = e.DB.View(ctx, func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		if err != nil {
			return err
		}
		ps, err := tx.ParcelsOfOrder(o.ID)
		if err != nil {
			return err
		}
		if len(ps) != 2 || !ps[0].Pooled || !ps[0].Ongkir.Equal(o.Shipping) || !ps[1].Ongkir.IsZero() || ps[0].Courier != o.Courier {
			t.Errorf("parcels %+v, want two pooled with the whole %s on paket 1", ps, o.Shipping)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// With a courier per parcel each COD parcel's courier collects its own
// parcel's ongkir; the first also the COD fee; together the order's total.
func TestCODSharesCarryEachParcelsOngkir(t *testing.T) {
	srv := splitOngkirServer(t)
	ctx, db, shop := liveOngkirShop(t, srv.URL, map[string]string{"GMS": "57141", "HJB": "60111"})
	say := func(text string) []flows.Out {
		var outs []flows.Out
		if err := db.Update(ctx, func(tx *store.Tx) (err error) {
			outs, err = shop.Handle(ctx, tx, flows.Message{Channel: "play", ChatID: "sari", UserID: "sari", Text: text})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return outs
	}
	say("Nama: Sari\nHP: 081234567890\nAlamat: Jl. Ciumbuleuit 5, Kec. Cidadap, Kota Bandung, Jawa Barat 40131\nPesanan: GMS-01 M x1, HJB-11 Navy x1")
	say("1") // paket 1: J&T EZ 19.000
	say("1") // paket 2: SiCepat REG 11.000
	say("3") // COD
	err := db.View(ctx, func(tx *store.Tx) error {
		os, _, err := tx.SearchOrders(store.OrderQuery{Text: "Sari"})
		if err != nil {
			return err
		}
		if len(os) != 1 || os[0].PaymentMethod != "cod" {
			t.Fatalf("orders %+v, want one COD order", os)
		}
		o, err := tx.OrderByCode(os[0].Code) // with its lines
		if err != nil {
			return err
		}
		sum := decimal.Zero
		want := map[string]decimal.Decimal{}
		for _, it := range o.Items {
			s, err := tx.SupplierByID(it.SupplierID)
			if err != nil {
				return err
			}
			share, err := relay.ParcelShare(tx, o, it.SupplierID)
			if err != nil {
				return err
			}
			sum = sum.Add(share)
			want[s.Code] = share.Sub(it.LineTotal())
		}
		if len(want) != 2 || !sum.Equal(o.Total) {
			t.Errorf("shares of %v add up to %s, want the total %s", want, sum, o.Total)
		}
		if !want["HJB"].Equal(decimal.NewFromInt(11000)) || !want["GMS"].Equal(decimal.NewFromInt(19000).Add(o.CODFee)) {
			t.Errorf("on top of the goods: %v, want HJB its 11.000, GMS its 19.000 and the COD fee %s", want, o.CODFee)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
