package catalog

import (
	"context"
	"testing"

	"github.com/dropbot/dropbot/store"
)

// The origin_postal_code column sets where a supplier's parcels leave from
// (own stock: the shop's); a cell that is not a kode pos is the row's
// error and sets nothing.
func TestImportOriginPostalCode(t *testing.T) {
	db := newDB(t)
	sup := addSupplier(t, db, "SUP1")
	other := addSupplier(t, db, "SUP2")
	const file = `sku,name,supplier,cost,origin_postal_code
KAOS-01,Kaos Katun Pria,SUP1,85000,57141
TAS-9,Tas Selempang,sendiri,150000,40121
GAMIS-2,Gamis,SUP2,90000,0123
GAMIS-3,Gamis,SUP2,90000,kota solo
GAMIS-4,Gamis,SUP2,90000,
`
	rep := mustImport(t, db, "katalog.csv", file, Options{})
	wantErrors(t, rep.Errors, []RowError{
		{Row: 4, Column: "origin_postal_code", Code: CodeBadPostal, Value: "0123"},
		{Row: 5, Column: "origin_postal_code", Code: CodeBadPostal, Value: "kota solo"},
	})
	for _, c := range []struct {
		supplier int64
		want     string
		ok       bool
	}{{sup, "57141", true}, {0, "40121", true}, {other, "40121", true /* the shop's, as a fallback */}} {
		var o store.Origin
		var ok bool
		if err := db.View(context.Background(), func(tx *store.Tx) (err error) {
			o, ok, err = tx.OriginFor(c.supplier, "")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if ok != c.ok || o.PostalCode != c.want {
			t.Errorf("origin of supplier %d = %q (%v), want %q", c.supplier, o.PostalCode, ok, c.want)
		}
	}
}
