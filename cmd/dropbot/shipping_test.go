package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/shipping"
)

func TestReadRunConfigShipping(t *testing.T) {
	c, err := readRunConfig("d", mapEnv(nil))
	if err != nil || c.shipping.BiteshipAPI != shipping.DefaultBiteshipAPI || c.shipping.RajaOngkirAPI != shipping.DefaultRajaOngkirAPI ||
		c.shipping.Timeout != shipping.DefaultTimeout {
		t.Fatalf("defaults %+v, %v", c.shipping, err)
	}
	const key = "komerce-secret-key-9876"
	c, err = readRunConfig("d", mapEnv(map[string]string{
		"DROPBOT_BITESHIP_API": "http://127.0.0.1:8081", "DROPBOT_RAJAONGKIR_API": "http://127.0.0.1:8082/api/v1",
		"DROPBOT_RAJAONGKIR_KEY": key, "DROPBOT_SHIPPING_TIMEOUT": "1s",
	}))
	if err != nil || c.shipping.BiteshipAPI != "http://127.0.0.1:8081" || c.shipping.RajaOngkirAPI != "http://127.0.0.1:8082/api/v1" ||
		c.shipping.RajaOngkirKey != key || c.shipping.Timeout != time.Second {
		t.Fatalf("overrides %+v, %v", c.shipping, err)
	}
	if s := fmt.Sprint(c.shipping); strings.Contains(s, key) {
		t.Errorf("config prints the key: %s", s)
	}
	if _, err := readRunConfig("d", mapEnv(map[string]string{"DROPBOT_SHIPPING_TIMEOUT": "lama"})); err == nil {
		t.Error("a bad timeout was accepted")
	}
}

// TestPlayTracksWithTheEnvironmentsProvider is `dropbot play` with a
// Biteship (a fake) given by the environment, as run gets it: after the
// supplier posts the resi, "clock +6h" runs a tracking round and the
// customer hears the parcel was delivered; the order is then selesai.
func TestPlayTracksWithTheEnvironmentsProvider(t *testing.T) {
	const key = "biteship-e2e-key-4321"
	var tracked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != key || !strings.HasPrefix(r.URL.Path, "/v1/trackings/") {
			http.Error(w, `{"success":false,"error":"no"}`, http.StatusUnauthorized)
			return
		}
		tracked.Add(1)
		at := time.Now().Add(time.Hour).Format(time.RFC3339)
		fmt.Fprintf(w, `{"success":true,"status":"delivered","courier":{"company":"jne"},"history":[
			{"note":"Paket diterima kurir","status":"picked","updated_at":%q},
			{"note":"Paket telah diterima oleh [YBS]","status":"delivered","updated_at":%q}]}`, at, at)
	}))
	defer srv.Close()
	dir := t.TempDir()
	script := strings.Join([]string{
		"group:gms/owner /supplier GMS",
		`customer:sari Nama: Sari\nHP: 081234567890\nAlamat: Jl. Melati 12, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: GMS-01 M x2\nKurir: JNE REG`,
		"customer:sari 1",
		"owner [reply] lunas",
		"group:gms/dewi [reply] terima",
		"group:gms/dewi [reply] JNE 1704 3004 5644 420",
		"clock +6h",
		"customer:sari /pesanan",
	}, "\n") + "\n"
	var stdout, stderr bytes.Buffer
	env := mapEnv(map[string]string{"DROPBOT_BITESHIP_API": srv.URL, "DROPBOT_BITESHIP_KEY": key})
	if ec := runEnv(context.Background(), []string{"play", "--data", dir}, strings.NewReader(script), &stdout, &stderr, env); ec != 0 {
		t.Fatalf("exit %d: %s", ec, stderr.String())
	}
	out := stdout.String()
	if tracked.Load() == 0 {
		t.Fatalf("the fake provider was never asked:\n%s", out)
	}
	i := strings.Index(out, "resi dari GMS") // the owner's note on the resi, just before the clock line
	if i < 0 {
		t.Fatalf("the resi was not recorded:\n%s", out)
	}
	after := out[i:]
	if !strings.Contains(after, "sudah diterima (resi 170430045644420). Terima kasih") || !strings.Contains(after, "bot → customer:sari") {
		t.Errorf("the customer did not hear the parcel arrived:\n%s", after)
	}
	if !strings.Contains(after, "Selesai") {
		t.Errorf("the order is not selesai after delivery:\n%s", after)
	}
}
