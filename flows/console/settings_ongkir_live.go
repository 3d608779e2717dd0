package console

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/store"
)

// setShippingSource is "/atur ongkir sumber tabel|biteship|rajaongkir":
// where checkout's ongkir comes from. A live provider without a key (from
// chat or the environment) is saved, with a word on how to add one.
func (t *turn) setShippingSource(v string) error {
	name, ok := shipping.ParseProvider(v)
	if !ok {
		t.Reply(t.P.T("shipping.set.source_bad"))
		return nil
	}
	if err := t.Tx.SetSetting(shipping.SettingProvider, name); err != nil {
		return err
	}
	// A new source is news again: its first failure is told.
	if err := t.Tx.SetSetting(shipping.SettingLastFailure, ""); err != nil {
		return err
	}
	msg := t.P.T("shipping.set.source_saved", "provider", shipping.ProviderLabel(t.P, name))
	if name != shipping.ProviderTable {
		key, err := t.liveKey(name)
		if err != nil {
			return err
		}
		if key == "" {
			msg += "\n" + t.P.T("shipping.set.source_no_key", "provider", shipping.ProviderLabel(t.P, name), "name", name)
		}
	}
	t.Reply(msg)
	return nil
}

// liveKey is the key a provider will use: the one given in chat, else the
// environment's.
func (t *turn) liveKey(name string) (string, error) {
	setting, env := shipping.SettingBiteshipKey, t.Env.Shipping.BiteshipKey
	if name == shipping.ProviderRajaOngkir {
		setting, env = shipping.SettingRajaOngkirKey, t.Env.Shipping.RajaOngkirKey
	}
	key, err := t.Tx.Setting(setting, "")
	if err != nil || strings.TrimSpace(key) != "" {
		return key, err
	}
	return env, nil
}

// setShippingKey is "/atur ongkir kunci biteship KEY" (or rajaongkir):
// saved, shown masked, and the owner is asked to delete the message that
// holds it; "hapus" removes it.
func (t *turn) setShippingKey(v string) error {
	word, key := chat.FirstWord(v)
	name, ok := shipping.ParseProvider(word)
	if !ok || name == shipping.ProviderTable {
		t.Reply(t.P.T("shipping.set.key_how"))
		return nil
	}
	setting := shipping.SettingBiteshipKey
	if name == shipping.ProviderRajaOngkir {
		setting = shipping.SettingRajaOngkirKey
	}
	key = strings.TrimSpace(key)
	switch {
	case strings.EqualFold(key, "hapus") || strings.EqualFold(key, "off"):
		if err := t.Tx.SetSetting(setting, ""); err != nil {
			return err
		}
		t.Reply(t.P.T("shipping.set.key_removed", "provider", shipping.ProviderLabel(t.P, name)))
		return nil
	case key == "" || strings.ContainsAny(key, " \n\t") || len(key) > 512:
		t.Reply(t.P.T("shipping.set.key_how"))
		return nil
	}
	if err := t.Tx.SetSetting(setting, key); err != nil {
		return err
	}
	if err := t.Tx.SetSetting(shipping.SettingLastFailure, ""); err != nil {
		return err
	}
	t.Reply(shipping.KeySavedText(t.P, name, key) + "\n" + t.P.T("shipping.set.key_delete"))
	return nil
}

// setOrigin is "/atur asal 40121" (where the shop's parcels leave from)
// or "/atur asal KODE_SUPPLIER 57141" (one supplier's warehouse).
func (t *turn) setOrigin(v string) error {
	f := strings.Fields(v)
	var supplierID int64
	label := t.P.T("shipping.set.origin_shop")
	if len(f) == 2 {
		s, err := t.Tx.SupplierByCode(strings.ToUpper(f[0]))
		if store.IsNotFound(err) {
			t.Reply(t.P.T("shipping.set.origin_unknown_supplier", "code", chat.Clip(f[0], 20)))
			return nil
		}
		if err != nil {
			return err
		}
		supplierID, label, f = s.ID, s.Code, f[1:]
	}
	if len(f) != 1 || !shipping.ValidPostalCode(f[0]) {
		t.Reply(t.P.T("shipping.set.origin_how"))
		return nil
	}
	if err := t.Tx.SetOrigin(supplierID, store.Origin{PostalCode: f[0]}); err != nil {
		return err
	}
	t.Reply(t.P.T("shipping.set.origin_saved", "who", label, "zip", f[0]))
	return nil
}

// showOrigin is the /atur line of the live ongkir: its source, key
// (masked) and the shop's origin.
func (t *turn) showOrigin(get getter) (string, error) {
	name, _ := shipping.ParseProvider(get(shipping.SettingProvider, shipping.ProviderTable))
	source := shipping.ProviderLabel(t.P, name)
	if name != shipping.ProviderTable {
		key, err := t.liveKey(name)
		if err != nil {
			return "", err
		}
		if key == "" {
			source += " — " + t.P.T("shipping.set.no_key")
		} else {
			source += " (" + shipping.Mask(key) + ")"
		}
	}
	zip := t.P.T("shipping.set.origin_none")
	o, ok, err := t.Tx.OriginFor(0, "")
	if err != nil {
		return "", err
	}
	if ok && o.PostalCode != "" {
		zip = o.PostalCode
	}
	return t.P.T("shipping.set.item", "source", source, "zip", zip), nil
}
