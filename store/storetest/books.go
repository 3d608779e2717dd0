// Package storetest builds realistic books for benchmarks: a shop's
// customers, a year of orders with lines, payments and refunds from
// several suppliers, and complaint tickets. It is imported by tests only.
package storetest

import (
	"context"
	"fmt"
	mathrand "math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// Version names the cached books: change it when Build changes.
const Version = "year-v2"

// wib is UTC+7 (locales.WIB; store tests may not import locales' data).
var wib = time.FixedZone("WIB", 7*3600)

// Year is the year the books cover (WIB).
var Year = time.Date(2026, 1, 1, 0, 0, 0, 0, wib)

// Books returns the path of books with n orders over Year, built once and
// kept in the temp directory (dropbot-bench/) for later runs, because a
// million orders take minutes to place through the store. Callers only
// read them (open a copy to write).
func Books(tb testing.TB, n int) string {
	tb.Helper()
	dir := filepath.Join(os.TempDir(), "dropbot-bench")
	path := filepath.Join(dir, fmt.Sprintf("books-%s-%d.db", Version, n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	tmp, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	start := time.Now()
	built := filepath.Join(tmp, store.FileName)
	if err := Build(context.Background(), built, n); err != nil {
		tb.Fatalf("books of %d orders: %v", n, err)
	}
	if err := os.Rename(built, path); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("built %d orders in %v into %s", n, time.Since(start).Round(time.Millisecond), path)
	return path
}

var (
	firstNames = []string{"Sari", "Budi", "Dewi", "Agus", "Rina", "Eko", "Siti", "Andi", "Wulan", "Joko", "Putri", "Rizky",
		"Nur", "Fajar", "Indah", "Hendra", "Ayu", "Bayu", "Lestari", "Dimas", "Ratna", "Yusuf", "Mega", "Arif"}
	lastNames = []string{"Wulandari", "Santoso", "Rahmawati", "Pratama", "Hidayat", "Saputra", "Kusuma", "Nugroho",
		"Permata", "Setiawan", "Lubis", "Siregar", "Hasibuan", "Purnomo", "Wibowo", "Maharani", ""}
	cities = [][2]string{{"Kota Bandung", "Jawa Barat"}, {"Kota Surabaya", "Jawa Timur"}, {"Kota Medan", "Sumatera Utara"},
		{"Kab. Sleman", "DI Yogyakarta"}, {"Kota Makassar", "Sulawesi Selatan"}, {"Jakarta Selatan", "DKI Jakarta"},
		{"Kab. Bogor", "Jawa Barat"}, {"Kota Semarang", "Jawa Tengah"}}
	couriers = []string{"jne", "jnt", "sicepat", "anteraja", "idexpress"}
)

// Build places n orders over Year into new books at path: a customer base
// of n/4 people who come back, 6 suppliers and the owner's own stock, 240
// variants priced in whole rupiah with costs to the sen (changing each
// quarter), 1–4 lines an
// order. Older orders are mostly done; the last days hold the open ones.
// 82 % of orders are sales, paid by transfer (1 in 6 COD); 2 % of sales
// are partly refunded and 1 % have a complaint ticket. Deterministic for
// a given n.
func Build(ctx context.Context, path string, n int) error {
	var mu sync.Mutex
	now := Year
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	db, err := store.Open(ctx, path, store.WithClock(clock),
		store.WithRand(mathrand.NewChaCha8([32]byte{'b', 'o', 'o', 'k', 's', byte(n), byte(n >> 8), byte(n >> 16)})))
	if err != nil {
		return err
	}
	defer db.Close()
	rng := mathrand.New(mathrand.NewPCG(uint64(n), 19))

	var sups []int64
	if err := db.Update(ctx, func(tx *store.Tx) error {
		for i := range 6 {
			id, err := tx.AddSupplier(store.Supplier{Code: fmt.Sprintf("SUP%d", i+1), Name: fmt.Sprintf("Grosir %d", i+1)})
			if err != nil {
				return err
			}
			sups = append(sups, id)
		}
		return nil
	}); err != nil {
		return err
	}
	type person struct {
		id          int64
		name, phone string
		channel     string
	}
	people := make([]person, 0, max(n/4, 1))
	end := Year.AddDate(1, 0, 0)
	steps := min(n, int(end.Sub(Year)/time.Hour))
	made := 0
	for s := range steps {
		mu.Lock()
		now = Year.Add(end.Sub(Year) / time.Duration(steps) * time.Duration(s)).Add(time.Duration(rng.IntN(3000)) * time.Second)
		at := now
		mu.Unlock()
		count := (n - made) / (steps - s)
		err := db.Update(ctx, func(tx *store.Tx) error {
			for range count {
				var p person
				if len(people) < cap(people) && (len(people) < 10 || rng.IntN(3) > 0) {
					p = person{name: firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))],
						phone:   fmt.Sprintf("628%02d%08d", 11+rng.IntN(88), rng.IntN(100_000_000)),
						channel: []string{"telegram", "whatsapp"}[rng.IntN(2)]}
					user := fmt.Sprintf("u%d", len(people)+1)
					w, err := tx.Resolve(p.channel, user, false, user, p.name)
					if err != nil {
						return err
					}
					p.id = w.CustomerID
					people = append(people, p)
				} else {
					p = people[rng.IntN(len(people))]
				}
				if err := placeOrder(tx, rng, p.id, p.channel, p.name, p.phone, sups, end.Sub(at)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		made += count
	}
	return db.Close()
}

// placeOrder writes one order; left is how long before the end of the
// year it is placed (recent orders are still open).
func placeOrder(tx *store.Tx, rng *mathrand.Rand, cust int64, channel, name, phone string, sups []int64, left time.Duration) error {
	status := store.StatusDone
	r := rng.IntN(100)
	switch {
	case r < 6:
		status = store.StatusCancelled
	case r < 12:
		status = store.StatusExpired
	case left < 3*24*time.Hour && r < 30:
		status = []string{store.StatusAwaitPay, store.StatusAwaitVerify, store.StatusProcessing, store.StatusPacked}[r%4]
	case left < 10*24*time.Hour && r < 60:
		status = store.StatusShipped
	}
	city := cities[rng.IntN(len(cities))]
	method := "transfer"
	if rng.IntN(6) == 0 {
		method = "cod"
	}
	o := store.Order{CustomerID: cust, Channel: channel, ChatID: "c", Status: status, PaymentMethod: method,
		RecipientName: name, RecipientPhone: phone, AddressLine: fmt.Sprintf("Jl. Melati No. %d RT 0%d/0%d", 1+rng.IntN(120), 1+rng.IntN(9), 1+rng.IntN(9)),
		City: city[0], Province: city[1], PostalCode: fmt.Sprintf("%05d", 10000+rng.IntN(89999)),
		Courier: couriers[rng.IntN(len(couriers))], Service: "REG",
		Shipping: decimal.NewFromInt(int64(9000 + 1000*rng.IntN(25))), UniqueCode: 1 + rng.IntN(999)}
	if method == "cod" {
		o.CODFee = decimal.NewFromInt(int64(2500 + 500*rng.IntN(6)))
		o.UniqueCode = 0
	}
	if status == store.StatusAwaitPay || status == store.StatusAwaitVerify {
		o.UniqueCode = 0 // a kode unik is unique among open orders
	}
	// A variant's cost changes with the quarter: a few cents each time.
	quarter := 3 - int(left/(91*24*time.Hour))
	for range 1 + rng.IntN(4) {
		p := rng.IntN(240)
		it := store.OrderItem{SKU: fmt.Sprintf("P%03d", p/3), ProductName: fmt.Sprintf("Produk %d", p/3),
			VariantName: []string{"S", "M", "L"}[p%3], Qty: 1 + rng.IntN(3),
			UnitPrice: decimal.NewFromInt(int64(35000 + 2500*(p/3))),
			UnitCost:  decimal.New(int64(2500000+180000*(p/3)+quarter*(7+p%11)), -2)}
		if p/3%7 != 0 {
			it.SupplierID = sups[p%len(sups)]
		}
		if rng.IntN(40) == 0 {
			it.Status = "habis"
		}
		o.Items = append(o.Items, it)
	}
	sub, _ := store.SumItems(o.Items)
	o.Total = sub.Add(o.Shipping).Add(o.CODFee).Add(decimal.NewFromInt(int64(o.UniqueCode)))
	if err := tx.CreateOrder(&o); err != nil {
		return err
	}
	switch status {
	case store.StatusCancelled, store.StatusExpired, store.StatusAwaitPay:
		return nil
	case store.StatusAwaitVerify:
		_, err := tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "in", Method: method, Amount: o.Total, Status: "pending", Actor: "c"})
		return err
	}
	if _, err := tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "in", Method: method, Amount: o.Total, Status: "confirmed", Actor: "owner"}); err != nil {
		return err
	}
	if status != store.StatusDone {
		return nil
	}
	switch r := rng.IntN(100); {
	case r < 2:
		_, err := tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "out", Method: "transfer",
			Amount: decimal.NewFromInt(int64(5000 * (1 + rng.IntN(6)))), Status: "confirmed", Actor: "owner"})
		return err
	case r < 3:
		return tx.CreateTicket(&store.Ticket{OrderID: o.ID, CustomerID: cust, Reason: store.ReasonDamaged,
			Note: "barang sampai rusak", Status: store.TicketDone}, "c")
	}
	return nil
}
