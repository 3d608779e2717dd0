package main

import (
	"fmt"
	"strings"
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
