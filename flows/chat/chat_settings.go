package chat

import (
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// OwnerLang is the language the owner chose for the owner's texts (ID when
// none). The recap uses it; Handle can use it for every staff turn.
func OwnerLang(tx *store.Tx) (locales.Lang, error) {
	v, err := tx.Setting(SettingOwnerLang, "")
	if err != nil {
		return locales.ID, err
	}
	l, _ := locales.ParseLang(v)
	return l, nil
}

// ownerPrinter speaks the owner's chosen language (/atur bahasa), for the
// notices the shop's staff get; supplier groups are always spoken to in
// Indonesian.
func (t *Turn) OwnerPrinter() locales.Printer {
	l, err := OwnerLang(t.Tx)
	if err != nil {
		t.Env.Log.Warn("owner language unreadable; using Indonesian", "err", err)
	}
	return t.Env.Loc.For(l)
}

// useOwnerLang makes this turn speak the owner's chosen language.
func (t *Turn) UseOwnerLang() error {
	l, err := OwnerLang(t.Tx)
	if err != nil {
		return err
	}
	if l != t.P.Lang() {
		t.P = t.Env.Loc.For(l)
	}
	return nil
}
