package flows_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// splitOngkirServer is a Biteship whose two origins share no courier:
// Solo (57141) ships by JNE and J&T, Surabaya (60111) by SiCepat and
// AnterAja, at a flat price per parcel.
func splitOngkirServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/maps/areas":
			fmt.Fprint(w, `{"success":true,"areas":[{"id":"A1","name":"Ciumbuleuit, Cidadap, Bandung. 40131","postal_code":40131}]}`)
		case "/v1/rates/couriers":
			var body strings.Builder
			buf := make([]byte, 4096)
			n, _ := r.Body.Read(buf)
			body.Write(buf[:n])
			if strings.Contains(body.String(), "57141") {
				fmt.Fprint(w, `{"success":true,"pricing":[{"company":"jne","courier_code":"jne","courier_service_code":"reg","price":20000},
					{"company":"jnt","courier_code":"jnt","courier_service_code":"ez","price":19000}]}`)
				return
			}
			fmt.Fprint(w, `{"success":true,"pricing":[{"company":"sicepat","courier_code":"sicepat","courier_service_code":"reg","price":11000},
				{"company":"anteraja","courier_code":"anteraja","courier_service_code":"reg","price":12000}]}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// liveOngkirShop is the demo shop priced by a Biteship at url, with an
// owner and the origins given (supplier code → kode pos; "" the shop's).
func liveOngkirShop(t *testing.T, url string, origins map[string]string) (context.Context, *store.DB, *flows.Shop) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	shop := flows.NewShop(flows.Config{MediaDir: t.TempDir(),
		Shipping: shipping.Config{BiteshipAPI: url, BiteshipKey: "k-1234", Timeout: time.Second}})
	err = db.Update(ctx, func(tx *store.Tx) error {
		if _, err := flows.SeedDemo(tx); err != nil {
			return err
		}
		if err := tx.SetSetting(shipping.SettingProvider, shipping.ProviderBiteship); err != nil {
			return err
		}
		for code, zip := range origins {
			var id int64
			if code != "" {
				s, err := tx.SupplierByCode(code)
				if err != nil {
					return err
				}
				id = s.ID
			}
			if err := tx.SetOrigin(id, store.Origin{PostalCode: zip}); err != nil {
				return err
			}
		}
		return tx.SetStaff("play", "owner", store.StaffOwner, "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx, db, shop
}

// TestHostileInputsParcelCourierStep: at each parcel's courier list every
// hostile input is answered, places and changes no order and keeps the
// checkout; then the picks place one order whose parcels carry each pick.
func TestHostileInputsParcelCourierStep(t *testing.T) {
	srv := splitOngkirServer(t)
	ctx, db, shop := liveOngkirShop(t, srv.URL, map[string]string{"GMS": "57141", "HJB": "60111"})
	msg := func(text string) flows.Message {
		return flows.Message{Channel: "play", ChatID: "sari", UserID: "sari", Text: text}
	}
	say := func(text string) []flows.Out {
		var outs []flows.Out
		if err := db.Update(ctx, func(tx *store.Tx) (err error) {
			outs, err = shop.Handle(ctx, tx, msg(text))
			return err
		}); err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		return outs
	}
	countOrders := func(tx *store.Tx) int {
		os, _, err := tx.SearchOrders(store.OrderQuery{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return len(os)
	}
	say("Nama: Sari\nHP: 081234567890\nAlamat: Jl. Ciumbuleuit 5, Kec. Cidadap, Kota Bandung, Jawa Barat 40131\nPesanan: GMS-01 M x1, HJB-11 Navy x1")
	errUndo := errors.New("undo the hostile message")
	for i, pick := range []string{"2", "anteraja"} { // paket 1: JNE REG (2nd, 20.000); paket 2: AnterAja REG
		for _, in := range append(hostileInputs, "0", "3", "-1", "99999999999999999999", "jne", "ninja") {
			err := db.Update(ctx, func(tx *store.Tx) error {
				at, err := tx.Conversation("play", "sari", "sari")
				if err != nil {
					return err
				}
				if at.Step != "parcel_courier" {
					t.Fatalf("parcel %d: at step %q, want parcel_courier", i+1, at.Step)
				}
				before := countOrders(tx)
				outs, err := shop.Handle(ctx, tx, msg(in))
				if err != nil {
					return err
				}
				if len(outs) == 0 {
					t.Errorf("parcel %d: %.40q got no answer", i+1, in)
				}
				if after := countOrders(tx); after != before {
					t.Errorf("parcel %d: %.40q placed an order", i+1, in)
				}
				now, err := tx.Conversation("play", "sari", "sari")
				if err != nil {
					return err
				}
				if !strings.HasPrefix(strings.TrimSpace(in), "/") && now.Flow != at.Flow {
					t.Errorf("parcel %d: plain %.40q dropped the checkout (now %q/%q)", i+1, in, now.Flow, now.Step)
				}
				return errUndo
			})
			if !errors.Is(err, errUndo) {
				t.Fatalf("parcel %d: %.40q: %v", i+1, in, err)
			}
		}
		say(pick)
	}
	say("1") // transfer
	err := db.View(ctx, func(tx *store.Tx) error {
		os, _, err := tx.SearchOrders(store.OrderQuery{Text: "Sari"})
		if err != nil {
			return err
		}
		if len(os) != 1 || !os[0].Shipping.Equal(decimal.NewFromInt(32000)) {
			t.Fatalf("orders %+v, want one with ongkir 20.000 + 12.000", os)
		}
		ps, err := tx.ParcelsOfOrder(os[0].ID)
		if err != nil {
			return err
		}
		if len(ps) != 2 || ps[0].Courier != "JNE" || !ps[0].Ongkir.Equal(decimal.NewFromInt(20000)) ||
			ps[1].Courier != "AnterAja" || !ps[1].Ongkir.Equal(decimal.NewFromInt(12000)) || ps[0].Pooled || ps[1].Source != "biteship" {
			t.Errorf("parcels %+v, want paket 1 JNE 20.000 and paket 2 AnterAja 12.000, each its own", ps)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
