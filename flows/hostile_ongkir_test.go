package flows_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// TestHostileInputsLiveOngkirSteps walks a checkout priced by a live
// provider (an httptest Biteship) through the area pick and the courier,
// with every hostile input before every step: none may place or change an
// order, and at the end the one order carries the live price of the area
// picked.
func TestHostileInputsLiveOngkirSteps(t *testing.T) {
	var mu sync.Mutex // the server's goroutines write, the test reads
	var rates int
	var dest string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/v1/maps/areas":
			fmt.Fprint(w, `{"success":true,"areas":[
				{"id":"A1","name":"Ciumbuleuit, Cidadap, Bandung. 40131","postal_code":40131},
				{"id":"A2","name":"Hegarmanah, Cidadap, Bandung. 40131","postal_code":40131}]}`)
		case r.URL.Path == "/v1/rates/couriers":
			mu.Lock()
			defer mu.Unlock()
			rates++
			var req struct {
				Dest string `json:"destination_area_id"`
			}
			if json.NewDecoder(r.Body).Decode(&req) == nil {
				dest = req.Dest
			}
			fmt.Fprint(w, `{"success":true,"pricing":[{"company":"jne","courier_code":"jne","courier_service_code":"reg","price":23000}]}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx, db, shop := liveOngkirShop(t, srv.URL, map[string]string{"": "57141"})
	msg := func(text string) flows.Message {
		return flows.Message{Channel: "play", ChatID: "sari", UserID: "sari", Text: text}
	}
	orders := func(tx *store.Tx) string {
		os, _, err := tx.SearchOrders(store.OrderQuery{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, o := range os {
			b.WriteString(o.Code + ":" + o.Status + ":" + o.Total.String() + ";")
		}
		return b.String()
	}
	errUndo := errors.New("undo the hostile message")
	order := "Nama: Sari\nHP: 081234567890\nAlamat: Jl. Ciumbuleuit 5, Kec. Cidadap, Kota Bandung, Jawa Barat 40131\nPesanan: GMS-01 M x1"
	for i, step := range []string{order, "2", "1", "1"} {
		for _, in := range hostileInputs {
			err := db.Update(ctx, func(tx *store.Tx) error {
				at, err := tx.Conversation("play", "sari", "sari")
				if err != nil {
					return err
				}
				before := orders(tx)
				outs, err := shop.Handle(ctx, tx, msg(in))
				if err != nil {
					return err
				}
				if len(outs) == 0 {
					t.Errorf("step %d (%s): %.40q got no answer", i, at.Step, in)
				}
				if after := orders(tx); after != before {
					t.Errorf("step %d (%s): %.40q changed the orders: %s → %s", i, at.Step, in, before, after)
				}
				now, err := tx.Conversation("play", "sari", "sari")
				if err != nil {
					return err
				}
				if at.Step != "" && !strings.HasPrefix(strings.TrimSpace(in), "/") && now.Flow != at.Flow {
					t.Errorf("step %d (%s): plain %.40q dropped the checkout (now %q/%q)", i, at.Step, in, now.Flow, now.Step)
				}
				return errUndo
			})
			if !errors.Is(err, errUndo) {
				t.Fatalf("step %d: %.40q: %v", i, in, err)
			}
		}
		if err := db.Update(ctx, func(tx *store.Tx) error {
			outs, err := shop.Handle(ctx, tx, msg(step))
			if err == nil && len(outs) == 0 {
				t.Fatalf("step %d: %q got no answer", i, step)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.View(ctx, func(tx *store.Tx) error {
		os, _, err := tx.SearchOrders(store.OrderQuery{Text: "Sari"})
		if err != nil {
			return err
		}
		if len(os) != 1 || !os[0].Shipping.Equal(decimal.NewFromInt(23000)) || os[0].Courier != "JNE" {
			t.Fatalf("orders %+v, want one with JNE at Rp23.000 from the provider", os)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if rates == 0 || dest != "A2" {
		t.Errorf("rates asked %d times, last to area %q; want the area picked (A2)", rates, dest)
	}
}
