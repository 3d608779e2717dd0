//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// bigOrders is how many orders TestStartupWith100kOrders puts in the books.
const bigOrders = 100_000

// TestStartupWith100kOrders measures start-up time and resident memory of
// the real binary on books holding 100,000 orders, next to the freshly
// seeded demo shop. It is a measurement, not a check of speed: it asserts
// only that the bot answered correctly. It runs when asked:
//
//	DROPBOT_BIG=1 go test -run=TestStartupWith100kOrders -v ./cmd/dropbot
//
// Each run is `dropbot play --data DIR` with a two-line script on stdin
// under /usr/bin/time -v (GNU time: the kernel's own accounting, wait4
// rusage) when it is installed, else with the rusage Go reads from wait4.
func TestStartupWith100kOrders(t *testing.T) {
	if testing.Short() || os.Getenv("DROPBOT_BIG") != "1" {
		t.Skip("set DROPBOT_BIG=1 (and no -short) to build 100,000 orders and measure start-up")
	}
	bin := filepath.Join(t.TempDir(), "dropbot")
	goTool := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	demo := t.TempDir()
	seedShop(t, demo)
	big := t.TempDir()
	seedShop(t, big)
	start := time.Now()
	code := addOrders(t, big, bigOrders)
	fi, err := os.Stat(filepath.Join(big, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("built %d orders in %v; %s is %.1f MB", bigOrders, time.Since(start).Round(time.Millisecond), store.FileName, float64(fi.Size())/1e6)

	for _, run := range []struct{ name, dir string }{{"demo shop", demo}, {"100k orders", big}} {
		m := measurePlay(t, bin, run.dir, "customer:startup halo\nowner /cek "+code+"\n")
		if !strings.Contains(m.stdout, "bot → customer:startup") || !strings.Contains(m.stdout, code) {
			t.Fatalf("%s: the bot did not answer both lines:\n%s", run.name, m.stdout)
		}
		t.Logf("%s: first reply after %v, exit after %v, max RSS %d KiB (%s)",
			run.name, m.firstReply.Round(time.Millisecond), m.exit.Round(time.Millisecond), m.maxRSSKiB, m.source)
	}
}

// addOrders puts n orders into the books in dir, spread over the 365 days
// before now (one transaction per 1,000 orders): 1–3 lines of the demo
// catalogue each, 1,000 customers, mostly finished with a confirmed
// payment, some shipped, cancelled or waiting. It returns the code of the
// last order.
func addOrders(t *testing.T, dir string, n int) string {
	t.Helper()
	ctx := context.Background()
	var mu sync.Mutex
	now := time.Now().Add(-365 * 24 * time.Hour)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName), store.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rng := mathrand.New(mathrand.NewPCG(8, 100_000))
	var sups [2]int64
	custs := make([]int64, 1000)
	err = db.Update(ctx, func(tx *store.Tx) error {
		for i, c := range []string{"GMS", "HJB"} {
			s, err := tx.SupplierByCode(c)
			if err != nil {
				return err
			}
			sups[i] = s.ID
		}
		for i := range custs {
			w, err := tx.Resolve("telegram", strconv.Itoa(700000+i), false, strconv.Itoa(700000+i), fmt.Sprint("Pelanggan ", i))
			if err != nil {
				return err
			}
			custs[i] = w.CustomerID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	skus := []struct {
		sku, name, variant string
		sup                int
		price, cost        int64
	}{
		{"GMS-01", "Gamis Syari Motif Bunga", "M", 0, 185500, 142500},
		{"GMS-02", "Gamis Polos Busui Friendly", "All size", 0, 153500, 118000},
		{"GMS-07", "Mukena Katun Jepang", "Dewasa", 0, 125500, 96333},
		{"HJB-11", "Hijab Voal Polos", "Navy", 1, 41000, 31500},
		{"HJB-20", "Pashmina Ceruti Babydoll", "Mocca", 1, 36000, 27750},
	}
	const perTx = 1000
	var last string
	for made := 0; made < n; made += perTx {
		mu.Lock()
		now = now.Add(365 * 24 * time.Hour / time.Duration((n+perTx-1)/perTx))
		mu.Unlock()
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := 0; i < perTx && made+i < n; i++ {
				status := store.StatusDone
				switch r := rng.IntN(100); {
				case r < 3:
					status = store.StatusAwaitPay
				case r < 8:
					status = store.StatusCancelled
				case r < 15:
					status = store.StatusShipped
				}
				c := rng.IntN(len(custs))
				o := store.Order{CustomerID: custs[c], Channel: "telegram", ChatID: strconv.Itoa(700000 + c), Status: status,
					RecipientName: fmt.Sprint("Pelanggan ", c), RecipientPhone: fmt.Sprintf("0812%08d", c),
					AddressLine: "Jl. Contoh No. 1", Kecamatan: "Coblong", City: "Kota Bandung", Province: "Jawa Barat", PostalCode: "40132",
					Courier: "JNE", Service: "REG", WeightG: 700, PaymentMethod: "transfer",
					Shipping: decimal.NewFromInt(int64(9000 + 1000*rng.IntN(15)))}
				if status != store.StatusAwaitPay {
					o.UniqueCode = 1 + rng.IntN(999) // unique only among open orders
				}
				for k := 0; k < 1+rng.IntN(3); k++ {
					s := skus[rng.IntN(len(skus))]
					o.Items = append(o.Items, store.OrderItem{SupplierID: sups[s.sup], SKU: s.sku, ProductName: s.name, VariantName: s.variant,
						Qty: 1 + rng.IntN(3), UnitPrice: decimal.NewFromInt(s.price), UnitCost: decimal.NewFromInt(s.cost)})
				}
				sub, _ := store.SumItems(o.Items)
				o.Total = sub.Add(o.Shipping).Add(decimal.NewFromInt(int64(o.UniqueCode)))
				if err := tx.CreateOrder(&o); err != nil {
					return err
				}
				last = o.Code
				if status == store.StatusAwaitPay || status == store.StatusCancelled {
					continue
				}
				if _, err := tx.AddPayment(store.Payment{OrderID: o.ID, Direction: "in", Method: "transfer", Amount: o.Total,
					Status: "confirmed", Actor: "bench"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.View(ctx, func(tx *store.Tx) error {
		o, err := tx.OrderByCode(last)
		if err == nil && len(o.Items) == 0 {
			err = fmt.Errorf("no items")
		}
		return err
	}); err != nil {
		t.Fatalf("the last order %s cannot be read back: %v", last, err)
	}
	return last
}

type playMeasure struct {
	stdout     string
	firstReply time.Duration // from exec to the first byte the bot printed
	exit       time.Duration // from exec to the process's exit
	maxRSSKiB  int64
	source     string // where maxRSSKiB comes from
}

var maxRSSRe = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)

// measurePlay runs `bin play --data dir` with script on stdin and measures
// it with the OS's accounting.
func measurePlay(t *testing.T, bin, dir, script string) playMeasure {
	t.Helper()
	args := []string{bin, "play", "--data", dir}
	gnuTime := false
	if _, err := os.Stat("/usr/bin/time"); err == nil {
		args = append([]string{"/usr/bin/time", "-v"}, args...)
		gnuTime = true
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin = strings.NewReader(script)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var m playMeasure
	r := bufio.NewReader(out)
	if _, err := r.Peek(1); err == nil {
		m.firstReply = time.Since(start)
	}
	rest, _ := io.ReadAll(r)
	m.stdout = string(rest)
	err = cmd.Wait()
	m.exit = time.Since(start)
	if err != nil {
		t.Fatalf("%s: %v\n%s\n%s", strings.Join(args, " "), err, m.stdout, stderr.String())
	}
	if gnuTime {
		sm := maxRSSRe.FindStringSubmatch(stderr.String())
		if sm == nil {
			t.Fatalf("no maximum resident set size in the output of /usr/bin/time -v:\n%s", stderr.String())
		}
		m.maxRSSKiB, _ = strconv.ParseInt(sm[1], 10, 64)
		m.source = "/usr/bin/time -v"
		return m
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatal("no rusage for the process")
	}
	m.maxRSSKiB = ru.Maxrss // KiB on Linux
	m.source = "wait4 rusage"
	return m
}
