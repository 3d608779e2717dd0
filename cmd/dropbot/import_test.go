package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/store"
)

func TestImportSpeaksTheOwnersLanguage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "harga.csv")
	// A price list exported with dot decimals, and a supplier not registered.
	csv := "sku,name,supplier,cost\nK1,Kaos,own,41333.33\nK2,Kaos,own,9875.5\nK3,Kaos,own,41.333\nK4,Kaos,SUP9,1000\nK5,Kaos,own,abc\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"", []string{"5 baris dibaca — 3 baru", "Baris 5, kolom", "SUP9", "Baris 6", `"abc"`, "--create-suppliers", "2 baris dilewati"}},
		{"en", []string{"5 rows read — 3 new", "Row 5, column supplier", "SUP9", "Row 6, column cost", `"abc"`, "--create-suppliers", "2 rows were skipped"}},
	} {
		t.Run("lang "+c.lang, func(t *testing.T) {
			dir := t.TempDir()
			if c.lang != "" {
				setSetting(t, dir, "owner.lang", c.lang)
			}
			var out, errb syncBuffer
			code := runEnv(context.Background(), []string{"import", "--data", dir, file}, strings.NewReader(""), &out, &errb, mapEnv(nil))
			text := out.String() + errb.String()
			if code != 1 {
				t.Errorf("exit %d, want 1 (rows skipped)\n%s", code, text)
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("output lacks %q:\n%s", w, text)
				}
			}
			for _, internal := range []string{"bad_money", "unknown_supplier"} {
				if strings.Contains(text, internal) {
					t.Errorf("output shows the internal code %q:\n%s", internal, text)
				}
			}
			viewBooks(t, dir, func(tx *store.Tx) error {
				for sku, want := range map[string]string{"K1": "41333.33", "K2": "9875.5", "K3": "41333"} {
					p, err := tx.ProductBySKU(sku)
					if err != nil || len(p.Variants) != 1 || p.Variants[0].Cost.String() != want {
						t.Errorf("%s: %+v, %v; want cost %s", sku, p.Variants, err, want)
					}
				}
				return nil
			})
		})
	}
}
