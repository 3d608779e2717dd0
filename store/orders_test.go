package store_test

import (
	"crypto/rand"
	mrand "math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/store"
)

// codeRE is 5 characters of 2-9 and A-Z without I and O (and so without 0/1).
var codeRE = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{5}$`)

func TestNewOrderCode(t *testing.T) {
	seen := map[byte]bool{}
	for i := 0; i < 5000; i++ {
		c, err := store.NewOrderCode(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if !codeRE.MatchString(c) || strings.ContainsAny(c, "01OI") {
			t.Fatalf("code %q is not 5 characters of the unambiguous alphabet", c)
		}
		for j := range len(c) {
			seen[c[j]] = true
		}
	}
	// 25000 draws from 32 symbols: every symbol shows up (a missing one has
	// probability 32·(31/32)^25000 ≈ 0).
	if len(seen) != 32 {
		t.Errorf("saw %d distinct symbols, want all 32", len(seen))
	}
}

func TestCreateOrderCodesAreUniqueAndWellFormed(t *testing.T) {
	db, _ := openDB(t)
	cust := newCustomer(t, db, "u1")
	codes := map[string]bool{}
	update(t, db, func(tx *store.Tx) error {
		for i := 0; i < 2000; i++ {
			o := store.Order{CustomerID: cust, Channel: "telegram", ChatID: "u1"}
			if err := tx.CreateOrder(&o); err != nil {
				return err
			}
			if !codeRE.MatchString(o.Code) {
				t.Errorf("code %q is not well formed", o.Code)
			}
			if codes[o.Code] {
				t.Errorf("code %q given twice", o.Code)
			}
			codes[o.Code] = true
		}
		return nil
	})
	if len(codes) != 2000 {
		t.Errorf("%d distinct codes, want 2000", len(codes))
	}
}

func TestCreateOrderDefaultsAndValidation(t *testing.T) {
	db, clk := openDB(t)
	cust := newCustomer(t, db, "u1")
	tests := []struct {
		name string
		o    store.Order
	}{
		{"no customer", store.Order{Channel: "telegram", ChatID: "u1"}},
		{"no channel", store.Order{CustomerID: cust, ChatID: "u1"}},
		{"no chat", store.Order{CustomerID: cust, Channel: "telegram"}},
		{"zero qty", store.Order{CustomerID: cust, Channel: "telegram", ChatID: "u1",
			Items: []store.OrderItem{{SKU: "A", ProductName: "A", Qty: 0, UnitPrice: decimal.NewFromInt(1)}}}},
		{"negative qty", store.Order{CustomerID: cust, Channel: "telegram", ChatID: "u1",
			Items: []store.OrderItem{{SKU: "A", ProductName: "A", Qty: -1, UnitPrice: decimal.NewFromInt(1)}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := db.Update(t.Context(), func(tx *store.Tx) error { return tx.CreateOrder(&tc.o) })
			wantCode(t, err, store.EInvalid)
		})
	}

	clk.Add(90 * time.Minute)
	o := store.Order{CustomerID: cust, Channel: "telegram", ChatID: "u1",
		ExpiresAt: t0.Add(25 * time.Hour), Shipping: decimal.RequireFromString("18000"),
		Items: []store.OrderItem{{SKU: "KAOS-01", ProductName: "Kaos", VariantName: "M", Qty: 2,
			UnitPrice: decimal.RequireFromString("75000"), UnitCost: decimal.RequireFromString("52500.50")}}}
	update(t, db, func(tx *store.Tx) error { return tx.CreateOrder(&o) })
	var got store.Order
	view(t, db, func(tx *store.Tx) error {
		var err error
		got, err = tx.OrderByCode(o.Code)
		return err
	})
	wantAt := t0.Add(90 * time.Minute)
	switch {
	case got.Status != store.StatusCart:
		t.Errorf("status = %q, want %q", got.Status, store.StatusCart)
	case got.Tier != "retail":
		t.Errorf("tier = %q, want retail", got.Tier)
	case got.Subtotal.String() != "150000": // 2 · 75000
		t.Errorf("subtotal = %s, want 150000", got.Subtotal)
	case got.Shipping.String() != "18000":
		t.Errorf("shipping = %s, want 18000", got.Shipping)
	case !got.CreatedAt.Equal(wantAt) || !got.UpdatedAt.Equal(wantAt):
		t.Errorf("created/updated = %v/%v, want %v", got.CreatedAt, got.UpdatedAt, wantAt)
	case !got.ExpiresAt.Equal(t0.Add(25 * time.Hour)):
		t.Errorf("expires = %v, want %v", got.ExpiresAt, t0.Add(25*time.Hour))
	case len(got.Items) != 1 || got.Items[0].Status != "ok" || got.Items[0].UnitCost.String() != "52500.5" ||
		got.Items[0].VariantName != "M" || got.Items[0].LineCost().String() != "105001":
		t.Errorf("items = %+v", got.Items)
	}

	var hist []store.StatusChange
	view(t, db, func(tx *store.Tx) error {
		var err error
		hist, err = tx.StatusHistory("order", o.ID)
		return err
	})
	want := []store.StatusChange{{From: "", To: store.StatusCart, Actor: "system", At: wantAt}}
	if !slices.Equal(hist, want) {
		t.Errorf("history = %+v, want %+v", hist, want)
	}

	_, err := viewOrder(db, "ZZZZZ")
	if !store.IsNotFound(err) {
		t.Errorf("OrderByCode(unknown) err = %v, want not found", err)
	}
}

// The doc of CreateOrder: "The subtotal is computed here from the items,
// never taken from the caller" — also when there are no items.
func TestCreateOrderIgnoresCallerSubtotal(t *testing.T) {
	db, _ := openDB(t)
	cust := newCustomer(t, db, "u1")
	for _, items := range [][]store.OrderItem{nil, {}} {
		o := store.Order{CustomerID: cust, Channel: "telegram", ChatID: "u1", Items: items,
			Subtotal: decimal.RequireFromString("500000")}
		update(t, db, func(tx *store.Tx) error { return tx.CreateOrder(&o) })
		got, err := viewOrder(db, o.Code)
		if err != nil {
			t.Fatal(err)
		}
		if !o.Subtotal.IsZero() || !got.Subtotal.IsZero() {
			t.Errorf("items %#v: subtotal = %s (stored %s), want 0", items, o.Subtotal, got.Subtotal)
		}
	}
}

func viewOrder(db *store.DB, code string) (store.Order, error) {
	var o store.Order
	err := db.View(contextBG(), func(tx *store.Tx) error {
		var err error
		o, err = tx.OrderByCode(code)
		return err
	})
	return o, err
}

// createOrder makes an order in the given status with the given kode unik.
func createOrder(t *testing.T, db *store.DB, cust int64, status string, uniqueCode int) (store.Order, error) {
	t.Helper()
	o := store.Order{CustomerID: cust, Channel: "telegram", ChatID: "u1", Status: status, UniqueCode: uniqueCode}
	err := db.Update(t.Context(), func(tx *store.Tx) error { return tx.CreateOrder(&o) })
	return o, err
}

func TestCanTransition(t *testing.T) {
	// The lifecycle of DESIGN.md §4, written out by hand.
	allowed := map[[2]string]bool{}
	for from, tos := range map[string][]string{
		store.StatusCart:        {store.StatusAwaitPay, store.StatusProcessing, store.StatusCancelled},
		store.StatusAwaitPay:    {store.StatusAwaitVerify, store.StatusProcessing, store.StatusCancelled, store.StatusExpired},
		store.StatusAwaitVerify: {store.StatusProcessing, store.StatusAwaitPay, store.StatusCancelled},
		store.StatusProcessing:  {store.StatusPacked, store.StatusShipped, store.StatusCancelled, store.StatusRefund},
		store.StatusPacked:      {store.StatusShipped, store.StatusCancelled, store.StatusRefund},
		store.StatusShipped:     {store.StatusDone, store.StatusComplaint, store.StatusReturn},
		store.StatusDone:        {store.StatusComplaint},
		store.StatusComplaint:   {store.StatusReturn, store.StatusExchange, store.StatusRefund, store.StatusDone, store.StatusShipped},
		store.StatusReturn:      {store.StatusRefund, store.StatusExchange, store.StatusDone},
		store.StatusExchange:    {store.StatusShipped, store.StatusDone},
		store.StatusRefund:      {store.StatusDone},
		// dibatalkan and kedaluwarsa are final.
	} {
		for _, to := range tos {
			allowed[[2]string{from, to}] = true
		}
	}
	all := store.OrderStatuses()
	if len(all) != 13 {
		t.Fatalf("OrderStatuses() has %d statuses, want 13", len(all))
	}
	n := 0
	for _, from := range append(all, "", "unknown") {
		for _, to := range append(all, "", "unknown") {
			want := allowed[[2]string{from, to}]
			if want {
				n++
			}
			if got := store.CanTransition(from, to); got != want {
				t.Errorf("CanTransition(%q, %q) = %v, want %v", from, to, got, want)
			}
		}
	}
	if n != 32 { // 3+4+3+4+3+3+1+5+3+2+1
		t.Errorf("%d allowed transitions, want 32", n)
	}
}

func TestSetOrderStatus(t *testing.T) {
	db, clk := openDB(t)
	cust := newCustomer(t, db, "u1")
	tests := []struct {
		from, to string
		ok       bool
	}{
		{store.StatusCart, store.StatusAwaitPay, true},
		{store.StatusAwaitPay, store.StatusAwaitVerify, true},
		{store.StatusAwaitVerify, store.StatusAwaitPay, true}, // proof rejected
		{store.StatusAwaitVerify, store.StatusProcessing, true},
		{store.StatusAwaitPay, store.StatusExpired, true},
		{store.StatusProcessing, store.StatusPacked, true},
		{store.StatusPacked, store.StatusShipped, true},
		{store.StatusShipped, store.StatusDone, true},
		{store.StatusDone, store.StatusComplaint, true},
		{store.StatusComplaint, store.StatusReturn, true},
		{store.StatusReturn, store.StatusRefund, true},
		{store.StatusRefund, store.StatusDone, true},
		{store.StatusCart, store.StatusShipped, false},  // skips payment and packing
		{store.StatusAwaitPay, store.StatusDone, false}, // unpaid cannot finish
		{store.StatusShipped, store.StatusCancelled, false},
		{store.StatusDone, store.StatusRefund, false}, // only via komplain
		{store.StatusCancelled, store.StatusAwaitPay, false},
		{store.StatusExpired, store.StatusAwaitPay, false},
		{store.StatusCancelled, store.StatusCancelled, false},
		{store.StatusCart, "terbang", false},
	}
	for _, tc := range tests {
		t.Run(tc.from+"→"+tc.to, func(t *testing.T) {
			o, err := createOrder(t, db, cust, tc.from, 0)
			if err != nil {
				t.Fatal(err)
			}
			clk.Add(time.Minute)
			at := clk.Now()
			err = db.Update(t.Context(), func(tx *store.Tx) error {
				return tx.SetOrderStatus(o.ID, tc.from, tc.to, "telegram:42", "alasan "+tc.to)
			})
			got, gerr := viewOrder(db, o.Code)
			if gerr != nil {
				t.Fatal(gerr)
			}
			var hist []store.StatusChange
			view(t, db, func(tx *store.Tx) error {
				var err error
				hist, err = tx.StatusHistory("order", o.ID)
				return err
			})
			if !tc.ok {
				wantCode(t, err, store.EConflict)
				if got.Status != tc.from || len(hist) != 1 {
					t.Errorf("refused change left status %q and %d log lines", got.Status, len(hist))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tc.to || !got.UpdatedAt.Equal(at) {
				t.Errorf("status %q updated %v, want %q at %v", got.Status, got.UpdatedAt, tc.to, at)
			}
			want := []store.StatusChange{
				{From: "", To: tc.from, Actor: "system", At: at.Add(-time.Minute)},
				{From: tc.from, To: tc.to, Actor: "telegram:42", Reason: "alasan " + tc.to, At: at},
			}
			if !slices.Equal(hist, want) {
				t.Errorf("history = %+v\nwant      %+v", hist, want)
			}
		})
	}
}

func TestSetOrderStatusStaleFrom(t *testing.T) {
	db, _ := openDB(t)
	cust := newCustomer(t, db, "u1")
	o, err := createOrder(t, db, cust, store.StatusAwaitPay, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The owner approves (→ diproses) while the expiry job still thinks the
	// order waits for payment.
	update(t, db, func(tx *store.Tx) error {
		return tx.SetOrderStatus(o.ID, store.StatusAwaitPay, store.StatusProcessing, "telegram:1", "")
	})
	err = db.Update(t.Context(), func(tx *store.Tx) error {
		return tx.SetOrderStatus(o.ID, store.StatusAwaitPay, store.StatusExpired, "system", "unpaid")
	})
	wantCode(t, err, store.EConflict)
	if got, _ := viewOrder(db, o.Code); got.Status != store.StatusProcessing {
		t.Errorf("status = %q, want %q", got.Status, store.StatusProcessing)
	}
	// An order that does not exist is a conflict too (nothing was moved).
	err = db.Update(t.Context(), func(tx *store.Tx) error {
		return tx.SetOrderStatus(o.ID+1000, store.StatusCart, store.StatusAwaitPay, "system", "")
	})
	wantCode(t, err, store.EConflict)
}

// An empty actor is refused and nothing moves, even when the caller goes on
// and commits the transaction after the refusal.
func TestSetOrderStatusNeedsActor(t *testing.T) {
	db, _ := openDB(t)
	cust := newCustomer(t, db, "u1")
	o, err := createOrder(t, db, cust, store.StatusCart, 0)
	if err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *store.Tx) error {
		err := tx.SetOrderStatus(o.ID, store.StatusCart, store.StatusAwaitPay, "", "")
		wantCode(t, err, store.EInvalid)
		return nil // the flow handles the error and commits the rest
	})
	got, err := viewOrder(db, o.Code)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != store.StatusCart {
		t.Errorf("status = %q after a refused change, want %q (an unlogged change)", got.Status, store.StatusCart)
	}
}

func TestUniqueCodeAmongOpenOrders(t *testing.T) {
	db, _ := openDB(t)
	cust := newCustomer(t, db, "u1")

	a, err := createOrder(t, db, cust, store.StatusAwaitPay, 123)
	if err != nil {
		t.Fatal(err)
	}
	_, err = createOrder(t, db, cust, store.StatusAwaitPay, 123)
	wantCode(t, err, store.EConflict)
	// menunggu_verifikasi is open too.
	_, err = createOrder(t, db, cust, store.StatusAwaitVerify, 123)
	wantCode(t, err, store.EConflict)
	// Kode unik 0 means "none": any number of open orders may have it.
	for i := 0; i < 3; i++ {
		if _, err := createOrder(t, db, cust, store.StatusAwaitPay, 0); err != nil {
			t.Fatal(err)
		}
	}
	// A cart may hold the code; it only counts once the order is open …
	cart, err := createOrder(t, db, cust, store.StatusCart, 123)
	if err != nil {
		t.Fatal(err)
	}
	// … so opening it while a is open is a conflict, not an internal error.
	err = db.Update(t.Context(), func(tx *store.Tx) error {
		return tx.SetOrderStatus(cart.ID, store.StatusCart, store.StatusAwaitPay, "system", "")
	})
	wantCode(t, err, store.EConflict)

	// Once a is cancelled the code is free again.
	update(t, db, func(tx *store.Tx) error {
		return tx.SetOrderStatus(a.ID, store.StatusAwaitPay, store.StatusCancelled, "telegram:u1", "batal")
	})
	b, err := createOrder(t, db, cust, store.StatusAwaitPay, 123)
	if err != nil {
		t.Fatalf("code 123 after cancel: %v", err)
	}
	// And once b expires, too.
	update(t, db, func(tx *store.Tx) error {
		return tx.SetOrderStatus(b.ID, store.StatusAwaitPay, store.StatusExpired, "system", "")
	})
	update(t, db, func(tx *store.Tx) error {
		return tx.SetOrderStatus(cart.ID, store.StatusCart, store.StatusAwaitPay, "system", "")
	})
	// A paid order (diproses) does not hold the code either.
	update(t, db, func(tx *store.Tx) error {
		return tx.SetOrderStatus(cart.ID, store.StatusAwaitPay, store.StatusProcessing, "system", "")
	})
	if _, err := createOrder(t, db, cust, store.StatusAwaitPay, 123); err != nil {
		t.Fatalf("code 123 after the holder was paid: %v", err)
	}
}

func TestOrdersOfCustomer(t *testing.T) {
	db, clk := openDB(t)
	c1, c2 := newCustomer(t, db, "u1"), newCustomer(t, db, "u2")
	var codes []string
	for i := 0; i < 4; i++ {
		clk.Add(time.Minute)
		o, err := createOrder(t, db, c1, store.StatusCart, 0)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, o.Code)
	}
	if _, err := createOrder(t, db, c2, store.StatusCart, 0); err != nil {
		t.Fatal(err)
	}
	var got []store.Order
	view(t, db, func(tx *store.Tx) error {
		var err error
		got, err = tx.OrdersOfCustomer(c1, 3)
		return err
	})
	var gotCodes []string
	for _, o := range got {
		gotCodes = append(gotCodes, o.Code)
	}
	// Newest first, limited to 3: orders 4, 3, 2.
	if want := []string{codes[3], codes[2], codes[1]}; !slices.Equal(gotCodes, want) {
		t.Errorf("codes = %v, want %v", gotCodes, want)
	}
}

// zeroReader is a broken random source: every draw is 0.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestWithRandRepeatableCodes(t *testing.T) {
	codesOf := func(seed byte) []string {
		var s [32]byte
		s[0] = seed
		clk := newClock()
		db, err := store.Open(t.Context(), t.TempDir()+"/"+store.FileName,
			store.WithClock(clk.Now), store.WithRand(mrand.NewChaCha8(s)))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		cust := newCustomer(t, db, "u1")
		var codes []string
		for i := 0; i < 5; i++ {
			o, err := createOrder(t, db, cust, store.StatusCart, 0)
			if err != nil {
				t.Fatal(err)
			}
			codes = append(codes, o.Code)
		}
		return codes
	}
	a, b, c := codesOf(1), codesOf(1), codesOf(2)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different codes: %v vs %v", a, b)
	}
	if slices.Equal(a, c) {
		t.Errorf("different seeds, same codes: %v", a)
	}

	// A source that always draws the same code: the first order gets
	// "22222", the second gives up with an error instead of looping.
	db, err := store.Open(t.Context(), t.TempDir()+"/"+store.FileName, store.WithRand(zeroReader{}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cust := newCustomer(t, db, "u1")
	o, err := createOrder(t, db, cust, store.StatusCart, 0)
	if err != nil || o.Code != "22222" {
		t.Fatalf("first order: code %q err %v, want 22222", o.Code, err)
	}
	if _, err := createOrder(t, db, cust, store.StatusCart, 0); err == nil {
		t.Error("second order with a stuck random source succeeded")
	}
}
