package shipping

import (
	"bytes"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigFromEnv(t *testing.T) {
	c, err := ConfigFromEnv(envOf(nil))
	if err != nil || c.BiteshipAPI != DefaultBiteshipAPI || c.RajaOngkirAPI != DefaultRajaOngkirAPI || c.Timeout != 3*time.Second ||
		c.BiteshipKey != "" {
		t.Fatalf("defaults %+v, %v", c, err)
	}
	c, err = ConfigFromEnv(envOf(map[string]string{
		"DROPBOT_BITESHIP_API": "http://127.0.0.1:9/", "DROPBOT_BITESHIP_KEY": " " + testBiteshipKey + " ",
		"DROPBOT_RAJAONGKIR_API": "https://proxy.example/ro", "DROPBOT_RAJAONGKIR_KEY": testRajaOngkirKey,
		"DROPBOT_SHIPPING_TIMEOUT": "250ms",
	}))
	if err != nil || c.BiteshipAPI != "http://127.0.0.1:9/" || c.BiteshipKey != testBiteshipKey || c.RajaOngkirAPI != "https://proxy.example/ro" ||
		c.Timeout != 250*time.Millisecond {
		t.Fatalf("overrides %+v, %v", c, err)
	}
	for _, bad := range []map[string]string{
		{"DROPBOT_SHIPPING_TIMEOUT": "soon"}, {"DROPBOT_SHIPPING_TIMEOUT": "-1s"}, {"DROPBOT_SHIPPING_TIMEOUT": "2h"},
		{"DROPBOT_BITESHIP_API": "api.biteship.com"},
	} {
		if _, err := ConfigFromEnv(envOf(bad)); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	// Printed or logged, the keys stay masked.
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("config", "shipping", c)
	for _, s := range []string{buf.String(), fmt.Sprint(c), fmt.Sprintf("%v %+v", c, c)} {
		if strings.Contains(s, testBiteshipKey) || strings.Contains(s, testRajaOngkirKey) || !strings.Contains(s, "pZHi") {
			t.Errorf("config shown as %q", s)
		}
	}
}

func TestProviderFromSettings(t *testing.T) {
	api := newFakeAPI(t)
	api.route("GET /v1/maps/areas", 200, "biteship_areas.json")
	api.route("GET /destination/domestic-destination", 200, "komerce_destinations.json")
	c := Config{BiteshipAPI: api.srv.URL, BiteshipKey: "env-biteship-key-0001", RajaOngkirAPI: api.srv.URL,
		RajaOngkirKey: "env-komerce-key-0002", Timeout: time.Second}
	db := openBooks(t, filepath.Join(t.TempDir(), store.FileName), &testClock{t: resiAt})
	provider := func() Provider {
		t.Helper()
		var p Provider
		err := db.View(t.Context(), func(tx *store.Tx) error {
			var err error
			p, err = c.ProviderFromSettings(tx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	set := func(k, v string) {
		t.Helper()
		if err := db.Update(t.Context(), func(tx *store.Tx) error { return tx.SetSetting(k, v) }); err != nil {
			t.Fatal(err)
		}
	}
	if p := provider(); p != nil {
		t.Fatalf("no setting: %v, want the table", p.Name())
	}
	tests := []struct {
		setting, value string
		wantName       string
		header, key    string
	}{
		{SettingProvider, "biteship", ProviderBiteship, "Authorization", "env-biteship-key-0001"},
		{SettingBiteshipKey, "chat-biteship-key-0003", ProviderBiteship, "Authorization", "chat-biteship-key-0003"},
		{SettingProvider, "rajaongkir", ProviderRajaOngkir, "key", "env-komerce-key-0002"},
		{SettingRajaOngkirKey, "chat-komerce-key-0004", ProviderRajaOngkir, "key", "chat-komerce-key-0004"},
	}
	for _, tc := range tests {
		set(tc.setting, tc.value)
		p := provider()
		if p == nil || p.Name() != tc.wantName {
			t.Fatalf("after %s=%s: %v", tc.setting, tc.value, p)
		}
		if _, err := p.Areas(t.Context(), "bandung", 1); err != nil {
			t.Fatal(err)
		}
		if got := api.lastCall(t).header.Get(tc.header); got != tc.key {
			t.Errorf("after %s=%s: key %q sent, want %q", tc.setting, tc.value, got, tc.key)
		}
	}
	set(SettingProvider, "tabel")
	if p := provider(); p != nil {
		t.Fatalf("tabel gave %v", p.Name())
	}
	if _, err := c.NewProvider("gosend", ""); err == nil {
		t.Error("unknown provider accepted")
	}
}

func TestParseProvider(t *testing.T) {
	for in, want := range map[string]string{"Tabel": ProviderTable, " BITESHIP ": ProviderBiteship, "raja ongkir": ProviderRajaOngkir,
		"Komerce": ProviderRajaOngkir, "gosend": ""} {
		if got, ok := ParseProvider(in); got != want || ok != (want != "") {
			t.Errorf("ParseProvider(%q) = %q, %v", in, got, ok)
		}
	}
}
