package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	mathrand "math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// summary reads the five summary tables as sorted text, leaving out the
// keys whose counts are back to zero.
func summary(t *testing.T, tx *Tx) string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT 'd', day, channel, status, orders, unique_codes, units, subtotal, shipping, cod_fee, modal, refunds FROM report_days WHERE orders <> 0`,
		`SELECT 'p', day, status, sku, variant_name, orders, units, omzet, modal FROM report_day_products WHERE orders <> 0`,
		`SELECT 'n', day, status, sku, variant_name, product_name, lines FROM report_day_names WHERE lines <> 0`,
		`SELECT 's', day, status, supplier_id, orders, units, omzet, modal FROM report_day_suppliers WHERE orders <> 0`,
		`SELECT 'k', day, status, supplier_id, courier, service, parcels, ongkir FROM report_day_parcels WHERE parcels <> 0`,
	} {
		rows, err := tx.query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(vals...))
		}
		rows.Close()
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// summaryTables are the tables the triggers keep (0050, 0056).
var summaryTables = []string{"report_days", "report_day_products", "report_day_names", "report_day_suppliers", "report_day_parcels"}

// TestSummaryMatchesRebuild: whatever is written to orders, lines and
// payments, and however (the store's own paths or plain SQL: moved
// dates and channels, edited quantities, prices, costs and names, lines
// moved to another order, carts checked out, orders deleted), the summary
// the triggers keep is the one built from scratch from the rows.
func TestSummaryMatchesRebuild(t *testing.T) {
	db := openBooks(t)
	ctx := context.Background()
	rng := mathrand.New(mathrand.NewPCG(3, 5))
	statuses := []string{StatusCart, StatusAwaitPay, StatusProcessing, StatusDone, StatusCancelled, StatusRefund}
	money := func() string { return decimal.New(int64(rng.IntN(9000000)), -int32(rng.IntN(4))).String() }
	var ids []int64
	err := db.Update(ctx, func(tx *Tx) error {
		w, err := tx.Resolve("telegram", "m", false, "m", "M")
		if err != nil {
			return err
		}
		sup, err := tx.AddSupplier(Supplier{Code: "S1", Name: "Satu"})
		if err != nil {
			return err
		}
		for i := range 60 {
			o := Order{CustomerID: w.CustomerID, Channel: "telegram", ChatID: "m", Status: statuses[i%len(statuses)],
				Shipping: decimal.NewFromInt(9000)}
			for j := range 1 + i%3 {
				it := OrderItem{SKU: fmt.Sprintf("K%d", (i+j)%4), ProductName: "Kaos", Qty: 1 + j, VariantName: "M",
					UnitPrice: decimal.NewFromInt(50000), UnitCost: decimal.RequireFromString("31000.5")}
				if j == 1 {
					it.SupplierID = sup
				}
				o.Items = append(o.Items, it)
			}
			if err := tx.CreateOrder(&o); err != nil {
				return err
			}
			ids = append(ids, o.ID)
			if _, err := tx.AddPayment(Payment{OrderID: o.ID, Direction: "out", Method: "transfer", Amount: decimal.NewFromInt(1000),
				Status: "confirmed", Actor: "t"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pick := func() int64 { return ids[rng.IntN(len(ids))] }
	day := int64(24 * time.Hour / time.Millisecond)
	edits := []func(tx *Tx) error{
		func(tx *Tx) error {
			_, err := tx.exec(`UPDATE orders SET created_at = created_at + ? WHERE id = ?`, int64(rng.IntN(5)-2)*day/3, pick())
			return err
		},
		func(tx *Tx) error {
			_, err := tx.exec(`UPDATE orders SET channel = ?, status = ? WHERE id = ?`,
				[]string{"telegram", "whatsapp"}[rng.IntN(2)], statuses[rng.IntN(len(statuses))], pick())
			return err
		},
		func(tx *Tx) error {
			_, err := tx.exec(`UPDATE orders SET subtotal = ?, cod_fee = ?, unique_code = ? WHERE id = ?`, money(), money(), rng.IntN(999), pick())
			return err
		},
		func(tx *Tx) error { // one column of a line
			col, val := []string{"qty", "unit_price", "unit_cost", "product_name", "variant_name", "sku", "supplier_id"}[rng.IntN(7)], any(nil)
			switch col {
			case "qty":
				val = 1 + rng.IntN(4)
			case "unit_price", "unit_cost":
				val = money()
			case "product_name":
				val = []string{"Kaos", "Kaos Lama"}[rng.IntN(2)]
			case "variant_name":
				val = []string{"M", "L"}[rng.IntN(2)]
			case "sku":
				val = fmt.Sprintf("K%d", rng.IntN(4))
			}
			_, err := tx.exec(`UPDATE order_items SET `+col+` = ? WHERE id IN (SELECT id FROM order_items WHERE order_id = ? LIMIT 1)`, val, pick())
			return err
		},
		func(tx *Tx) error {
			_, err := tx.exec(`UPDATE order_items SET order_id = ?, status = ? WHERE id IN (SELECT id FROM order_items WHERE order_id = ? LIMIT 1)`,
				pick(), []string{ItemOK, ItemOut, ItemCancelled}[rng.IntN(3)], pick())
			return err
		},
		func(tx *Tx) error {
			col, val := "status", any([]string{"pending", "confirmed"}[rng.IntN(2)])
			switch rng.IntN(3) {
			case 1:
				col, val = "amount", money()
			case 2:
				col, val = "direction", []string{"in", "out"}[rng.IntN(2)]
			}
			_, err := tx.exec(`UPDATE payments SET `+col+` = ? WHERE order_id = ?`, val, pick())
			return err
		},
		func(tx *Tx) error {
			_, err := tx.exec(`DELETE FROM order_items WHERE id IN (SELECT id FROM order_items WHERE order_id = ? LIMIT 1)`, pick())
			return err
		},
		func(tx *Tx) error { // an order without payments goes
			if len(ids) < 30 {
				return nil
			}
			id := pick()
			if _, err := tx.exec(`DELETE FROM payments WHERE order_id = ?`, id); err != nil {
				return err
			}
			if _, err := tx.exec(`DELETE FROM orders WHERE id = ?`, id); err != nil {
				return err
			}
			ids = slices.DeleteFunc(ids, func(x int64) bool { return x == id })
			return nil
		},
	}
	for i := range 400 {
		if err := db.Update(ctx, edits[rng.IntN(len(edits))]); err != nil && ErrorCode(err) != EConflict {
			t.Fatalf("edit %d: %v", i, err)
		}
	}
	err = db.Update(ctx, func(tx *Tx) error {
		if summary(t, tx) == "" {
			t.Fatal("empty summary")
		}
		return sameAsRebuilt(t, tx, "")
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sameAsRebuilt empties the summary tables, adds every order back through
// report_touch and checks that the summary is what it was.
func sameAsRebuilt(t *testing.T, tx *Tx, label string) error {
	t.Helper()
	kept := summary(t, tx)
	for _, table := range summaryTables {
		if _, err := tx.exec(`DELETE FROM ` + table); err != nil {
			return err
		}
	}
	if _, err := tx.exec(`INSERT INTO report_touch SELECT id, 1 FROM orders WHERE status <> 'keranjang'`); err != nil {
		return err
	}
	if rebuilt := summary(t, tx); rebuilt != kept {
		t.Errorf("%sthe summary drifted from the rows:\nkept:\n%s\nrebuilt:\n%s", label, kept, rebuilt)
	}
	return nil
}

// TestMoneyUnits: the text → integer step of the summary is exact or
// NULL: garbage, amounts finer than 1/10,000 rupiah and amounts too big
// to sum safely give NULL (the report then adds up the orders).
func TestMoneyUnits(t *testing.T) {
	for _, c := range []struct {
		in   any
		want any
	}{
		{"150000", int64(1500000000)},
		{"0", int64(0)},
		{"30617.281", int64(306172810)},
		{"1.2345", int64(12345)},
		{"-2500.5", int64(-25005000)},
		{"0.00001", nil},
		{"12,5", nil},
		{"", nil},
		{"abc", nil},
		{"1e400", nil},
		{"99999999999", int64(999999999990000)},
		{"100000000000", nil},
		{[]byte("7.5"), int64(75000)},
		{int64(42), int64(420000)},
		{3.5, nil},
		{nil, nil},
	} {
		got, err := moneyUnits(nil, []driver.Value{c.in})
		if err != nil || got != c.want {
			t.Errorf("money_units(%#v) = %#v, %v; want %#v", c.in, got, err, c.want)
		}
	}
}

// FuzzMoneyUnits: whatever text reaches money_units, the answer is NULL
// or exactly the decimal's value in units.
func FuzzMoneyUnits(f *testing.F) {
	for _, s := range []string{"150000", "0.0001", "-3.25", "1e3", "12,5", "\x00", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := moneyUnits(nil, []driver.Value{s})
		if err != nil {
			t.Fatal(err)
		}
		if got == nil {
			return
		}
		d, perr := decimal.NewFromString(s)
		if perr != nil {
			t.Fatalf("%q is no number but gave %v", s, got)
		}
		if back := fromUnits(got.(int64)); !back.Equal(d) {
			t.Fatalf("%q gave %v units = %s", s, got, back)
		}
	})
}
