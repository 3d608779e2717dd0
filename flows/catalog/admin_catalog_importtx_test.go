package catalog

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/store"
)

// ImportTx writes within the caller's transaction: what it wrote is kept
// when the caller commits and gone when the caller rolls back, and a bad
// file writes nothing.
func TestImportTxUsesTheCallersTransaction(t *testing.T) {
	db := newDB(t)
	addSupplier(t, db, "SUP1")
	const file = "sku,name,supplier,cost,stock\nA-1,Anting,SUP1,5000,3\nA-2,Anting Besar,SUP1,abc,1\nA-3,Anting Kecil,sendiri,4000,\n"
	ctx := context.Background()

	rollback := errors.New("the caller changed its mind")
	err := db.Update(ctx, func(tx *store.Tx) error {
		rep, err := ImportTx(tx, "k.csv", strings.NewReader(file), Options{})
		if err != nil {
			return err
		}
		// Rows 2 and 4 are good, row 3 has a bad cost.
		wantErrors(t, rep.Errors, []RowError{{Row: 3, Column: "cost", Code: CodeBadMoney, Value: "abc"}})
		if rep.Created != 2 || rep.Updated != 0 || rep.Rows != 3 || rep.Skipped() != 1 {
			t.Errorf("report = %+v", rep)
		}
		if _, err := tx.ProductBySKU("A-1"); err != nil {
			t.Errorf("A-1 not visible inside the transaction: %v", err)
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatalf("Update = %v", err)
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		if _, err := tx.ProductBySKU("A-1"); !store.IsNotFound(err) {
			t.Errorf("A-1 survived the rollback: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	err = db.Update(ctx, func(tx *store.Tx) error {
		rep, err := ImportTx(tx, "k.csv", strings.NewReader(file), Options{})
		if rep.Created != 2 {
			t.Errorf("report = %+v", rep)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if p := product(t, db, "A-3"); p.SupplierID != 0 || len(p.Variants) != 1 || p.Variants[0].Stock.Valid {
		t.Errorf("A-3 = %+v", p)
	}

	// A file without the cost column is refused whole: an *Error, nothing written.
	err = db.Update(ctx, func(tx *store.Tx) error {
		_, err := ImportTx(tx, "k.csv", strings.NewReader("sku,name,supplier\nB-1,Bros,SUP1\n"), Options{})
		var fe *Error
		if !errors.As(err, &fe) || fe.Code != CodeMissingColumn {
			t.Errorf("err = %v", err)
		}
		_, err = tx.ProductBySKU("B-1")
		if !store.IsNotFound(err) {
			t.Errorf("B-1 written from a refused file: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
