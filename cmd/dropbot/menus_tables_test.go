package main

import (
	"slices"
	"testing"
)

// TestMenusFromTables: each role's Telegram menu holds the commands the
// role may run (by the flows' tables) that the locales describe, help last.
// An admin's menu has no owner-only command.
func TestMenusFromTables(t *testing.T) {
	got := menusFromTables()
	want := menuLists{
		Owner:  []string{"admin", "atur", "cek", "laporan", "lunas", "pesanan", "produk", "rekap", "resi", "siaran", "tiket", "tolak", "bantuan"},
		Admin:  []string{"cek", "lunas", "pesanan", "resi", "tolak", "bantuan"},
		Group:  []string{"habis", "harga", "pesanan", "resi", "saldo", "stok", "terima", "bantuan"},
		Groups: []string{"supplier", "bantuan"},
	}
	for _, c := range []struct {
		role      string
		got, want []string
	}{{"owner", got.Owner, want.Owner}, {"admin", got.Admin, want.Admin}, {"group", got.Group, want.Group}, {"groups", got.Groups, want.Groups}} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s menu = %v, want %v", c.role, c.got, c.want)
		}
	}
}
