package shipping

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/dropbot/dropbot/store"
)

// DefaultTimeout bounds each provider request: a customer waiting on
// ongkir must not wait long, and the table answers instead.
const DefaultTimeout = 3 * time.Second

// Settings the owner sets in chat (/atur). A key given in chat wins over
// the one from the environment.
const (
	SettingProvider      = "shipping.provider"       // tabel | biteship | rajaongkir
	SettingBiteshipKey   = "shipping.biteship_key"   // secret: show only Mask(key)
	SettingRajaOngkirKey = "shipping.rajaongkir_key" // secret: show only Mask(key)
	SettingLastFailure   = "shipping.last_failure"   // Failure.NoticeKey() last told to the owner
)

// Config is what cmd reads from the environment for the providers.
type Config struct {
	BiteshipAPI   string // DROPBOT_BITESHIP_API, default DefaultBiteshipAPI
	BiteshipKey   string // DROPBOT_BITESHIP_KEY
	RajaOngkirAPI string // DROPBOT_RAJAONGKIR_API, default DefaultRajaOngkirAPI
	RajaOngkirKey string // DROPBOT_RAJAONGKIR_KEY
	Timeout       time.Duration
	HTTP          *http.Client // nil = a client of its own
}

// ConfigFromEnv reads DROPBOT_BITESHIP_API, DROPBOT_BITESHIP_KEY,
// DROPBOT_RAJAONGKIR_API, DROPBOT_RAJAONGKIR_KEY and
// DROPBOT_SHIPPING_TIMEOUT (a Go duration such as "3s"; default 3 s).
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		BiteshipAPI:   strings.TrimSpace(getenv("DROPBOT_BITESHIP_API")),
		BiteshipKey:   strings.TrimSpace(getenv("DROPBOT_BITESHIP_KEY")),
		RajaOngkirAPI: strings.TrimSpace(getenv("DROPBOT_RAJAONGKIR_API")),
		RajaOngkirKey: strings.TrimSpace(getenv("DROPBOT_RAJAONGKIR_KEY")),
		Timeout:       DefaultTimeout,
	}
	if c.BiteshipAPI == "" {
		c.BiteshipAPI = DefaultBiteshipAPI
	}
	if c.RajaOngkirAPI == "" {
		c.RajaOngkirAPI = DefaultRajaOngkirAPI
	}
	for name, base := range map[string]string{"DROPBOT_BITESHIP_API": c.BiteshipAPI, "DROPBOT_RAJAONGKIR_API": c.RajaOngkirAPI} {
		if !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
			return c, fmt.Errorf("%s=%q: want an http(s) URL", name, base)
		}
	}
	if v := strings.TrimSpace(getenv("DROPBOT_SHIPPING_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > time.Minute {
			return c, fmt.Errorf("DROPBOT_SHIPPING_TIMEOUT=%q: want a duration such as 3s (at most 1m)", v)
		}
		c.Timeout = d
	}
	return c, nil
}

// LogValue shows the config with the keys masked, so it can be logged.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("biteship_api", c.BiteshipAPI), slog.String("biteship_key", Mask(c.BiteshipKey)),
		slog.String("rajaongkir_api", c.RajaOngkirAPI), slog.String("rajaongkir_key", Mask(c.RajaOngkirKey)),
		slog.Duration("timeout", c.Timeout))
}

// String is LogValue's text: a Config printed by mistake shows no key.
func (c Config) String() string { return c.LogValue().String() }

// NewProvider returns the named provider with key (the owner's, from
// chat), or the environment's key when key is "". "tabel" and "" give nil:
// the owner's table only.
func (c Config) NewProvider(name, key string) (Provider, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: timeout + time.Second}
	}
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", ProviderTable:
		return nil, nil
	case ProviderBiteship:
		if strings.TrimSpace(key) == "" {
			key = c.BiteshipKey
		}
		return NewBiteship(c.BiteshipAPI, key, timeout, hc), nil
	case ProviderRajaOngkir:
		if strings.TrimSpace(key) == "" {
			key = c.RajaOngkirKey
		}
		return NewRajaOngkir(c.RajaOngkirAPI, key, timeout, hc), nil
	}
	return nil, fmt.Errorf("shipping provider %q: want tabel, biteship or rajaongkir", name)
}

// ProviderFromSettings returns the provider the owner picked (setting
// SettingProvider) with the owner's key or the environment's; nil for the
// table. An unknown stored name falls back to the table.
func (c Config) ProviderFromSettings(tx *store.Tx) (Provider, error) {
	name, err := tx.Setting(SettingProvider, ProviderTable)
	if err != nil {
		return nil, err
	}
	var key string
	switch strings.ToLower(strings.TrimSpace(name)) {
	case ProviderBiteship:
		key, err = tx.Setting(SettingBiteshipKey, "")
	case ProviderRajaOngkir:
		key, err = tx.Setting(SettingRajaOngkirKey, "")
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return c.NewProvider(name, key)
}

// TrackingProviderFromSettings returns the provider to follow resi with:
// the owner's chosen live provider, else (when the owner prices from the
// table) the first one with a key in chat or the environment, Biteship
// first; nil when there is none.
func (c Config) TrackingProviderFromSettings(tx *store.Tx) (Provider, error) {
	p, err := c.ProviderFromSettings(tx)
	if p != nil || err != nil {
		return p, err
	}
	for _, k := range []struct{ name, setting, env string }{
		{ProviderBiteship, SettingBiteshipKey, c.BiteshipKey},
		{ProviderRajaOngkir, SettingRajaOngkirKey, c.RajaOngkirKey},
	} {
		key, err := tx.Setting(k.setting, "")
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(key) != "" || k.env != "" {
			return c.NewProvider(k.name, key)
		}
	}
	return nil, nil
}

// ParseProvider reads the owner's choice ("tabel", "Biteship", "raja
// ongkir", "komerce").
func ParseProvider(s string) (string, bool) {
	switch strings.Join(strings.Fields(strings.ToLower(s)), "") {
	case "tabel", "table", "manual":
		return ProviderTable, true
	case "biteship":
		return ProviderBiteship, true
	case "rajaongkir", "komerce", "ro":
		return ProviderRajaOngkir, true
	}
	return "", false
}
