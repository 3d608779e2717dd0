package playground_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/shipping"
)

// fakeOngkirMarker in a transcript's comments runs it against fakeOngkir
// (as DROPBOT_BITESHIP_API/_KEY would point a real shop at Biteship).
const fakeOngkirMarker = "# with: fake biteship"

// fakeOngkirKey is the only key the fake accepts.
const fakeOngkirKey = "biteship_test.fake-key-1234"

// fakeRate is one courier service's price per started kilogram from one
// origin kode pos: hand-made figures so a transcript's sums can be checked
// by hand.
type fakeRate struct {
	code, name, service string
	perKg               int64
	days                string
}

var fakeRates = map[int][]fakeRate{
	// Grosir Muslim Solo's warehouse (Laweyan, Solo).
	57141: {{"jne", "JNE", "reg", 18000, "2 - 3"}, {"jnt", "J&T", "ez", 17000, "2 - 4"}},
	// The shop's own stock in Bandung: sicepat only here, so not a
	// courier both parcels share.
	40121: {{"jne", "JNE", "reg", 9000, "1 - 2"}, {"jnt", "J&T", "ez", 8000, "1 - 2"}, {"sicepat", "SiCepat", "reg", 7000, "1 - 2"}},
	// A warehouse in Surabaya served by none of Solo's couriers (the
	// courier-per-parcel walk), and one in Malang by a single courier.
	60111: {{"sicepat", "SiCepat", "reg", 11000, "1 - 2"}, {"anteraja", "AnterAja", "reg", 12000, "2 - 3"}},
	65111: {{"sicepat", "SiCepat", "reg", 13000, "2 - 3"}},
}

// fakeOngkir answers Biteship's rates, areas and tracking like the real
// API. Origin 11111 never answers in time (the timeout walk). Tracking:
// a resi ending in 9 goes back to the sender, one ending in 7 stops
// moving after it left, any other is delivered.
func fakeOngkir(t *testing.T) shipping.Config {
	t.Helper()
	mux := http.NewServeMux()
	auth := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != fakeOngkirKey {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, `{"success":false,"error":"Authentication failed, please check your api key","code":40101001}`)
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("POST /v1/rates/couriers", auth(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			OriginPostalCode int `json:"origin_postal_code"`
			Items            []struct {
				Weight int `json:"weight"`
			} `json:"items"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Items) == 0 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"success":false,"error":"bad request"}`)
			return
		}
		if req.OriginPostalCode == 11111 {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		kg := int64(math.Ceil(float64(req.Items[0].Weight) / 1000))
		var pricing []string
		for _, fr := range fakeRates[req.OriginPostalCode] {
			pricing = append(pricing, fmt.Sprintf(`{"company":%q,"courier_name":%q,"courier_code":%q,"courier_service_code":%q,"shipment_duration_range":%q,"shipment_duration_unit":"days","price":%d}`,
				fr.code, fr.name, fr.code, fr.service, fr.days, max(kg, 1)*fr.perKg))
		}
		fmt.Fprintf(w, `{"success":true,"pricing":[%s]}`, strings.Join(pricing, ","))
	}))
	mux.HandleFunc("GET /v1/maps/areas", auth(func(w http.ResponseWriter, r *http.Request) {
		in := strings.ToLower(r.URL.Query().Get("input"))
		var areas []string
		if strings.Contains(in, "40131") || strings.Contains(in, "cidadap") {
			for _, a := range []struct{ id, kel string }{{"IDNP9IDNC23IDND280IDZ40131", "Ciumbuleuit"}, {"IDNP9IDNC23IDND281IDZ40131", "Hegarmanah"}} {
				areas = append(areas, fmt.Sprintf(`{"id":%q,"name":"%s, Cidadap, Bandung, Jawa Barat. 40131","administrative_division_level_1_name":"Jawa Barat","administrative_division_level_2_name":"Bandung","administrative_division_level_3_name":"Cidadap","postal_code":40131}`, a.id, a.kel))
			}
		}
		fmt.Fprintf(w, `{"success":true,"areas":[%s]}`, strings.Join(areas, ","))
	}))
	mux.HandleFunc("GET /v1/trackings/{waybill}/couriers/{courier}", auth(func(w http.ResponseWriter, r *http.Request) {
		wb := r.PathValue("waybill")
		ev := func(at time.Time, status, note string) string {
			return fmt.Sprintf(`{"note":%q,"status":%q,"updated_at":%q}`, note, status, at.Format(time.RFC3339))
		}
		h := []string{ev(fixedNow.Add(time.Hour), "picked", "Paket telah diterima oleh kurir [SOLO]"),
			ev(fixedNow.Add(2*time.Hour), "dropping_off", "Paket akan dikirimkan ke Gateway [SOLO GATEWAY]")}
		status := "dropping_off"
		switch {
		case strings.HasSuffix(wb, "9"):
			h = append(h, ev(fixedNow.Add(3*time.Hour), "returned", "Paket dikembalikan ke pengirim (RTS)"))
			status = "returned"
		case strings.HasSuffix(wb, "7"):
		default:
			h = append(h, ev(fixedNow.Add(4*time.Hour), "delivered", "Paket telah diterima oleh [YBS]"))
			status = "delivered"
		}
		fmt.Fprintf(w, `{"success":true,"waybill_id":%q,"status":%q,"courier":{"company":%q},"history":[%s]}`,
			wb, status, r.PathValue("courier"), strings.Join(h, ","))
	}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return shipping.Config{BiteshipAPI: srv.URL, BiteshipKey: fakeOngkirKey, RajaOngkirAPI: srv.URL + "/ro",
		Timeout: 300 * time.Millisecond}
}
