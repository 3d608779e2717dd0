package flows

import (
	"fmt"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// SeedDemo fills empty books with a small demo shop: two suppliers, a few
// Indonesian products with variants, a bank account and a flat ongkir, so a
// newcomer sees something real in the playground. It does nothing when the
// shop already has products.
func SeedDemo(tx *store.Tx) (bool, error) {
	if cats, err := tx.Categories(); err != nil || len(cats) > 0 {
		return false, err
	}
	settings := map[string]string{
		chat.SettingShopName:      "Toko Berkah Jaya",
		chat.SettingShopPhone:     "6281234567890",
		order.SettingShippingFlat: "15000",
		order.SettingKodeUnik:     "on",
		order.SettingCOD:          "on",
		order.SettingCODPercent:   "3",
		order.SettingCODMin:       "5000",
		// A fictional static QRIS ("TOKO DEMO BERKAH") so the demo shows a
		// dynamic QRIS with the exact total; replace it with the shop's own.
		order.SettingQRIS: DemoQRIS,
	}
	for k, v := range settings {
		if err := tx.SetSetting(k, v); err != nil {
			return false, err
		}
	}
	if _, err := tx.AddBankAccount(store.BankAccount{Bank: "BCA", Number: "1234567890", Holder: "Siti Rahma", Active: true}); err != nil {
		return false, err
	}
	rates := []store.ShippingRate{
		{Courier: "JNE", Service: "REG", FirstKg: decimal.NewFromInt(26000), NextKg: decimal.NewFromInt(26000), RoundFromG: 300, ETD: "3-5 hari"},
		{Courier: "JNE", Service: "REG", Province: "Jawa Barat", FirstKg: decimal.NewFromInt(11000), NextKg: decimal.NewFromInt(11000), RoundFromG: 300, ETD: "1-2 hari"},
		{Courier: "JNE", Service: "REG", Province: "DKI Jakarta", FirstKg: decimal.NewFromInt(10000), NextKg: decimal.NewFromInt(10000), RoundFromG: 300, ETD: "1-2 hari"},
		{Courier: "J&T", Service: "EZ", FirstKg: decimal.NewFromInt(24000), NextKg: decimal.NewFromInt(24000), RoundFromG: 200, ETD: "3-6 hari"},
		{Courier: "J&T", Service: "EZ", Province: "Jawa Barat", FirstKg: decimal.NewFromInt(12000), NextKg: decimal.NewFromInt(12000), RoundFromG: 200, ETD: "2-3 hari"},
		{Courier: "SiCepat", Service: "REG", Province: "Jawa Tengah", FirstKg: decimal.NewFromInt(9000), NextKg: decimal.NewFromInt(9000), RoundFromG: 300, ETD: "1-2 hari"},
	}
	for _, r := range rates {
		if err := tx.AddShippingRate(r); err != nil {
			return false, err
		}
	}
	gms, err := tx.AddSupplier(store.Supplier{Code: "GMS", Name: "Grosir Muslim Solo", PayMode: store.PayPerOrder, Phone: "6281111111111"})
	if err != nil {
		return false, err
	}
	hjb, err := tx.AddSupplier(store.Supplier{Code: "HJB", Name: "Hijab Bandung", PayMode: store.PayDeposit, Phone: "6282222222222"})
	if err != nil {
		return false, err
	}
	type row struct {
		sku, name, variant, cat, desc string
		supplier                      int64
		cost                          string
		weight                        int
		stock                         int64 // -1 = not counted
	}
	rows := []row{
		{"GMS-01", "Gamis Syari Motif Bunga", "M", "Gamis", "Bahan wolfis adem, tidak menerawang. Lingkar dada M 100 cm, L 106 cm, XL 112 cm.", gms, "142500", 650, 12},
		{"GMS-01", "Gamis Syari Motif Bunga", "L", "Gamis", "", gms, "142500", 680, 8},
		{"GMS-01", "Gamis Syari Motif Bunga", "XL", "Gamis", "", gms, "147500", 700, 0},
		{"GMS-02", "Gamis Polos Busui Friendly", "All size", "Gamis", "Resleting depan, cocok untuk ibu menyusui.", gms, "118000", 600, -1},
		{"GMS-07", "Mukena Katun Jepang", "Dewasa", "Mukena", "Katun jepang premium, dengan tas.", gms, "96333.33", 550, 20},
		{"HJB-11", "Hijab Voal Polos", "Dusty pink", "Hijab", "Voal ultrafine, tegak di dahi, ukuran 115×115 cm.", hjb, "31500", 120, 40},
		{"HJB-11", "Hijab Voal Polos", "Navy", "Hijab", "", hjb, "31500", 120, 3},
		{"HJB-11", "Hijab Voal Polos", "Hitam", "Hijab", "", hjb, "31500", 120, 25},
		{"HJB-20", "Pashmina Ceruti Babydoll", "Mocca", "Hijab", "Ceruti babydoll 175×75 cm, jahit tepi.", hjb, "27750", 110, -1},
	}
	for _, r := range rows {
		cat, desc := r.cat, r.desc
		w := r.weight
		cr := store.CatalogRow{SKU: r.sku, Name: r.name, Variant: r.variant, SupplierID: r.supplier,
			Cost: decimal.RequireFromString(r.cost), WeightG: &w, Category: &cat}
		if desc != "" {
			cr.Description = &desc
		}
		if r.stock >= 0 {
			s := r.stock
			cr.Stock = &s
		}
		if _, err := tx.UpsertCatalogRow(cr); err != nil {
			return false, fmt.Errorf("seed %s %s: %w", r.sku, r.variant, err)
		}
	}
	return true, nil
}

// DemoQRIS is the fictional static QRIS payload of the demo shop.
const DemoQRIS = "00020101021126620018ID.CO.TOKODEMO.WWW01189360999900000123450207TDB00010303UMI" +
	"51440014ID.CO.QRIS.WWW0215ID20990012345670303UMI" +
	"5204599953033605802ID5916TOKO DEMO BERKAH6007BANDUNG61054011162070703A016304BE0E"
