package catalog

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/store"
)

func newDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "dropbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func addSupplier(t *testing.T, db *store.DB, code string) int64 {
	t.Helper()
	var id int64
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		id, err = tx.AddSupplier(store.Supplier{Code: code, Name: "Supplier " + code})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func importText(t *testing.T, db *store.DB, name, text string, opt Options) (Report, error) {
	t.Helper()
	return Import(context.Background(), db, name, strings.NewReader(text), opt)
}

// mustImport imports and fails the test on a fatal error.
func mustImport(t *testing.T, db *store.DB, name, text string, opt Options) Report {
	t.Helper()
	rep, err := importText(t, db, name, text, opt)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

func product(t *testing.T, db *store.DB, sku string) store.Product {
	t.Helper()
	var p store.Product
	err := db.View(context.Background(), func(tx *store.Tx) error {
		var err error
		p, err = tx.ProductBySKU(sku)
		return err
	})
	if err != nil {
		t.Fatalf("product %s: %v", sku, err)
	}
	return p
}

func variant(t *testing.T, db *store.DB, sku, name string) store.Variant {
	t.Helper()
	p := product(t, db, sku)
	for _, v := range p.Variants {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("product %s has no variant %q (has %d)", sku, name, len(p.Variants))
	return store.Variant{}
}

// countVariants counts every variant of every active product.
func countVariants(t *testing.T, db *store.DB) int {
	t.Helper()
	n := 0
	err := db.View(context.Background(), func(tx *store.Tx) error {
		ps, _, err := tx.Products(store.ProductFilter{Limit: 100000})
		for _, p := range ps {
			n += len(p.Variants)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func wantErrors(t *testing.T, got, want []RowError) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("row errors:\n got %+v\nwant %+v", got, want)
	}
}

func wantFatal(t *testing.T, err error, code string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want *Error with code %q", err, code)
	}
	if e.Code != code {
		t.Fatalf("error code = %q (%v), want %q", e.Code, err, code)
	}
	return e
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func wantMoney(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(dec(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}
