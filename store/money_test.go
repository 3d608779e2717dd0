package store_test

import (
	"strconv"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/store"
)

// TestOrderMoneyIsExact stores one order of 10,000 lines with fractional
// prices and costs and checks that no rounding happens anywhere.
//
// For i = 1..10000:
//
//	price_i = 41333.33 + 0.01·i,  cost_i = 30617.28 + 0.001·i,  qty_i = 1 + i%3
//
// i%3 runs 1,2,0,1,2,0,… ; 10000 = 3·3333 + 1, so:
//
//	Σ i%3      = 3333·(1+2+0) + (10000%3 = 1)                 = 10000
//	Σ qty_i    = 10000 + Σ i%3                                = 20000
//	Σ i        = 10000·10001/2                                = 50005000
//	i%3 = 1: i = 3k+1, k = 0..3333 (3334 terms): Σ i = 3·(3333·3334/2) + 3334 = 16668333 + 3334 = 16671667
//	i%3 = 2: i = 3k+2, k = 0..3332 (3333 terms): Σ i = 3·(3332·3333/2) + 6666 = 16658334 + 6666 = 16665000
//	Σ i·(i%3)  = 1·16671667 + 2·16665000                      = 50001667
//	Σ i·qty_i  = Σ i + Σ i·(i%3) = 50005000 + 50001667        = 100006667
//
//	subtotal   = 41333.33·20000 + 0.01·100006667  = 826666600 + 1000066.67  = 827666666.67
//	cost       = 30617.28·20000 + 0.001·100006667 = 612345600 + 100006.667  = 612445606.667
//
// (Checked with python3: decimal.Decimal sums give 827666666.67 and 612445606.667.)
func TestOrderMoneyIsExact(t *testing.T) {
	const wantSubtotal, wantCost = "827666666.67", "612445606.667"
	db, _ := openDB(t)
	cust := newCustomer(t, db, "u1")

	basePrice, baseCost := decimal.RequireFromString("41333.33"), decimal.RequireFromString("30617.28")
	items := make([]store.OrderItem, 0, 10000)
	for i := 1; i <= 10000; i++ {
		items = append(items, store.OrderItem{
			SKU:         "SKU-" + strconv.Itoa(i),
			ProductName: "Kaos",
			Qty:         1 + i%3,
			UnitPrice:   basePrice.Add(decimal.New(int64(i), -2)),
			UnitCost:    baseCost.Add(decimal.New(int64(i), -3)),
		})
	}
	o := store.Order{
		CustomerID: cust, Channel: "telegram", ChatID: "u1",
		Subtotal: decimal.RequireFromString("1"), // must be ignored: computed from the items
		Items:    items,
	}
	update(t, db, func(tx *store.Tx) error { return tx.CreateOrder(&o) })
	if got := o.Subtotal.String(); got != wantSubtotal {
		t.Errorf("CreateOrder subtotal = %s, want %s", got, wantSubtotal)
	}

	var back []store.OrderItem
	var fromCode store.Order
	view(t, db, func(tx *store.Tx) error {
		var err error
		if back, err = tx.OrderItems(o.ID); err != nil {
			return err
		}
		fromCode, err = tx.OrderByCode(o.Code)
		return err
	})
	if len(back) != 10000 {
		t.Fatalf("read back %d items, want 10000", len(back))
	}
	price, cost := store.SumItems(back)
	if price.String() != wantSubtotal || cost.String() != wantCost {
		t.Errorf("SumItems(read back) = %s, %s; want %s, %s", price, cost, wantSubtotal, wantCost)
	}
	if got := fromCode.Subtotal.String(); got != wantSubtotal {
		t.Errorf("OrderByCode subtotal = %s, want %s", got, wantSubtotal)
	}
	// Spot-check one line: i = 7 → price 41333.40 (stored canonically as 41333.4), qty 2, cost 30617.287.
	if it := back[6]; it.Qty != 2 || !it.UnitPrice.Equal(decimal.RequireFromString("41333.40")) ||
		it.UnitCost.String() != "30617.287" || it.LineTotal().String() != "82666.8" {
		t.Errorf("item 7 = qty %d price %s cost %s line %s", it.Qty, it.UnitPrice, it.UnitCost, it.LineTotal())
	}

	var stored string
	if err := rawDB(t, db.Path()).QueryRow(`SELECT subtotal FROM orders WHERE id = ?`, o.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != wantSubtotal {
		t.Errorf("orders.subtotal column = %q, want %q", stored, wantSubtotal)
	}

	// Sanity check of why: float64 summation of the same costs drifts.
	// (The prices happen to land on the nearest float64 of 827666666.67, so
	// only the cost sum is asserted.) float64(…) stops fused multiply-adds,
	// so the result is the same on every architecture.
	var fcost float64
	for i := 1; i <= 10000; i++ {
		fcost += float64(float64(30617.28+float64(0.001*float64(i))) * float64(1+i%3))
	}
	if got := strconv.FormatFloat(fcost, 'f', -1, 64); got == wantCost {
		t.Errorf("float64 cost sum %s equals the exact literal; the sanity check shows nothing", got)
	} else {
		t.Logf("float64 cost sum = %s, exact = %s", got, wantCost)
	}
}

// Cancelled lines do not count; quantities multiply.
func TestSumItems(t *testing.T) {
	d := decimal.RequireFromString
	tests := []struct {
		name            string
		items           []store.OrderItem
		wantPrice, want string
	}{
		{"none", nil, "0", "0"},
		// 3·15000.50 = 45001.5 ; 3·12000.25 = 36000.75
		{"one line", []store.OrderItem{{Qty: 3, UnitPrice: d("15000.50"), UnitCost: d("12000.25")}}, "45001.5", "36000.75"},
		// 2·0.1 + 1·0.2 = 0.4 (float64 would say 0.4000000000000001 for 0.1+0.1+0.2)
		{"tenths", []store.OrderItem{{Qty: 2, UnitPrice: d("0.1"), UnitCost: d("0.1")}, {Qty: 1, UnitPrice: d("0.2"), UnitCost: d("0.2")}}, "0.4", "0.4"},
		// the cancelled 99999 line is skipped: 10000 + 2·500 = 11000
		{"cancelled skipped", []store.OrderItem{
			{Qty: 1, UnitPrice: d("10000"), UnitCost: d("9000"), Status: "ok"},
			{Qty: 1, UnitPrice: d("99999"), UnitCost: d("99999"), Status: "dibatalkan"},
			{Qty: 2, UnitPrice: d("500"), UnitCost: d("400"), Status: "habis"},
		}, "11000", "9800"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, c := store.SumItems(tc.items)
			if p.String() != tc.wantPrice || c.String() != tc.want {
				t.Errorf("SumItems = %s, %s; want %s, %s", p, c, tc.wantPrice, tc.want)
			}
		})
	}
}
