//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot/markup"
	"github.com/dropbot/dropbot/store"
)

// startProcess runs this test binary as `dropbot run` (see TestMain).
func startProcess(t *testing.T, dir string, vars map[string]string, log *syncBuffer) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "run", "--data", dir)
	cmd.Env = append(os.Environ(), "DROPBOT_E2E_MAIN=1")
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd
}

// TestE2ECrashRestartExactlyOnce kills `dropbot run` with SIGKILL at
// random points while customers order (no graceful path: whatever was in
// flight is cut, start-up included), restarts it on the same data
// directory each time, and checks that every update was processed exactly
// once (one order per customer, every update recorded once), every reply
// was delivered, at most one message per kill went twice, the reserved
// stock is exactly what the orders hold and the file passes
// PRAGMA integrity_check.
//
// Eight kills by default; DROPBOT_CRASH_KILLS=50 for a long run and
// DROPBOT_CRASH_SEED=N to replay a failing schedule (the seed is logged).
func TestE2ECrashRestartExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end with processes")
	}
	kills := envInt(t, "DROPBOT_CRASH_KILLS", 8)
	seed := int64(envInt(t, "DROPBOT_CRASH_SEED", int(time.Now().UnixNano()%1e9)))
	t.Logf("%d kills, DROPBOT_CRASH_SEED=%d", kills, seed)
	rnd := rand.New(rand.NewSource(seed))
	api := newFakeBotAPI(t, e2eToken)
	dir := t.TempDir()
	seedShop(t, dir)
	// The kills come from outside at random points, which the crash-loop
	// guard cannot tell from a message that kills the process: a message
	// in flight at three kills would be parked. This test is about nothing
	// lost under kills; the guard has its own test (bot's TestCrashLoopParks).
	vars := map[string]string{
		"DROPBOT_CRASH_LIMIT":    "1000",
		"DROPBOT_TELEGRAM_TOKEN": e2eToken, "DROPBOT_TELEGRAM_API": api.URL(),
		"DROPBOT_OWNERS": "telegram:9001", "DROPBOT_LOG": "warn", "DROPBOT_DATA": "",
	}
	log := &syncBuffer{}
	defer func() {
		if t.Failed() {
			t.Logf("dropbot log:\n%s", log.String())
		}
	}()

	hitam := func() store.Variant {
		t.Helper()
		db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var v store.Variant
		err = db.View(context.Background(), func(tx *store.Tx) error {
			p, err := tx.ProductBySKU("HJB-11")
			for _, pv := range p.Variants {
				if pv.Name == "Hitam" {
					v = pv
				}
			}
			return err
		})
		if err != nil || v.ID == 0 {
			t.Fatalf("HJB-11 Hitam: %+v, %v", v, err)
		}
		return v
	}
	before := hitam()

	// The owner links the GMS supplier group first; then ten customers,
	// three messages each, all waiting before the bot runs. The even ones
	// order a counted stock (HJB-11 Hitam) by transfer, which reserves it;
	// the odd ones order GMS-02 cash on delivery, which goes to the GMS
	// group at once as a card and books the supplier's ledger.
	api.text(gmsGroup, bos, "/supplier GMS", 0)
	const customers = 10
	var users []tgUser
	for i := 0; i < customers; i++ {
		u := tgUser{ID: int64(6001 + i), FirstName: fmt.Sprintf("Pelanggan%d", i+1)}
		users = append(users, u)
		item, pay := "GMS-02 x1", "3"
		if i%2 == 0 {
			item, pay = "HJB-11 Hitam x1", "1"
		}
		api.text(u.ID, u, "halo", 0)
		api.text(u.ID, u, strings.Replace(formatOrder, "GMS-01 M x2", item, 1), 0)
		api.text(u.ID, u, pay, 0)
	}

	// The replies the books must hold, counted from a run without kills:
	// the group link (group, owner), 10 × (greeting, summary, invoice or
	// COD confirmation, the owner's notice), 5 × (the COD card to the
	// group, its release note to the owner), 5 × (resi: the group's
	// confirmation, the customer's message, the owner's notice).
	const replies = 2 + customers*4 + customers/2*2 + customers/2*3

	waitSends := func(n int) {
		t.Helper()
		for end := time.Now().Add(30 * time.Second); len(api.allSent()) < n; time.Sleep(2 * time.Millisecond) {
			if time.Now().After(end) {
				t.Fatalf("only %d sends, waited for %d", len(api.allSent()), n)
			}
		}
	}
	// killAt runs the bot and SIGKILLs it after a random number of further
	// sends (up to span) and a random pause of 0–30 ms, so a kill may land
	// in start-up, mid-transaction or between a send and its confirmation.
	killAt := func(n, span int) {
		t.Helper()
		at := make([]int, n)
		base := len(api.allSent())
		for i := range at {
			at[i] = base + rnd.Intn(span)
		}
		sort.Ints(at)
		for _, n := range at {
			p := startProcess(t, dir, vars, log)
			waitSends(n)
			time.Sleep(time.Duration(rnd.Intn(30)) * time.Millisecond)
			if err := p.Process.Kill(); err != nil { // SIGKILL: no deferred code runs
				t.Fatal(err)
			}
			p.Wait()
		}
	}
	// settle runs the bot until every update is confirmed and nothing has
	// been sent for 3 s.
	settle := func() *exec.Cmd {
		t.Helper()
		p := startProcess(t, dir, vars, log)
		quiet := time.Now()
		last := -1
		for end := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if n := len(api.allSent()); n != last {
				last, quiet = n, time.Now()
			}
			if api.pending() == 0 && time.Since(quiet) > 3*time.Second {
				return p
			}
			if time.Now().After(end) {
				t.Fatalf("not settled: %d updates unconfirmed, %d sends", api.pending(), last)
			}
		}
	}

	// Phase 1, the orders: half the kills.
	killAt(kills/2, 40)
	p := settle()
	if err := p.Process.Kill(); err != nil { // at rest: nothing in flight
		t.Fatal(err)
	}
	p.Wait()

	// Phase 2: the supplier posts a resi for every COD order, under the
	// other half of the kills.
	resis := map[int64]string{} // customer → the resi of their order
	codes := map[int64]string{}
	for i, u := range users {
		if i%2 == 0 {
			continue
		}
		for _, m := range api.sentTo(u.ID) {
			if c := orderCode.FindStringSubmatch(m.Text); c != nil {
				codes[u.ID] = c[1]
				break
			}
		}
		if codes[u.ID] == "" {
			t.Fatalf("customer %d got no order code", u.ID)
		}
		resis[u.ID] = fmt.Sprintf("1704300456444%02d", i)
		api.text(gmsGroup, rina, "/resi "+codes[u.ID]+" JNE "+resis[u.ID], 0)
	}
	killAt(kills-kills/2, 15)
	updates := api.LastUpdate()

	// The last run goes until everything is confirmed and quiet, then
	// gets SIGTERM.
	p = settle()
	start := time.Now()
	if err := p.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v", err)
	}
	if took := time.Since(start); took > 6*time.Second {
		t.Errorf("SIGTERM took %v to stop, want a few seconds", took)
	}
	// Every resi reached its customer.
	for id, resi := range resis {
		got := false
		for _, m := range api.sentTo(id) {
			got = got || strings.Contains(m.Text, resi)
		}
		if !got {
			t.Errorf("customer %d never got the resi %s of order %s", id, resi, codes[id])
		}
	}

	db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sent := api.allSent()
	byID := map[string]sentMsg{}
	for _, m := range sent {
		byID[strconv.Itoa(m.ID)] = m
	}
	used := map[string]bool{}
	err = db.View(context.Background(), func(tx *store.Tx) error {
		// Every update recorded once as processed (the inbound table's key
		// is the update id: a second processing could not commit).
		for id := 1; id <= updates; id++ {
			st, err := tx.InboundStatus("telegram", strconv.Itoa(id))
			if err != nil {
				return err
			}
			if st != "done" {
				t.Errorf("update %d: status %q, want done", id, st)
			}
		}
		gms, err := tx.SupplierByCode("GMS")
		if err != nil {
			return err
		}
		// Exactly one order per customer: the format order was not
		// replayed. A transfer order waits for payment; a COD one is
		// shipped with its resi, and its ledger holds exactly one deduction
		// of the goods at cost and one payment of what the supplier
		// collects, however often the bot was killed around them.
		for i, u := range users {
			cid, ok, err := tx.CustomerOf("telegram", strconv.FormatInt(u.ID, 10))
			if err != nil {
				return err
			}
			if !ok {
				t.Errorf("customer %d unknown", u.ID)
				continue
			}
			orders, err := tx.OrdersOfCustomer(cid, 10)
			if err != nil {
				return err
			}
			want := store.StatusAwaitPay
			if i%2 == 1 {
				want = store.StatusShipped
			}
			if len(orders) != 1 || orders[0].Status != want {
				t.Errorf("customer %d has %d orders (%v), want exactly one %s", u.ID, len(orders), orders, want)
				continue
			}
			if want != store.StatusShipped {
				continue
			}
			o := orders[0]
			ships, err := tx.ShipmentsOf(o.ID)
			if err != nil {
				return err
			}
			if len(ships) != 1 || ships[0].Status != store.ShipSent || ships[0].Resi != resis[u.ID] {
				t.Errorf("order %s shipments %+v, want one sent with resi %s", o.Code, ships, resis[u.ID])
			}
			entries, err := tx.OrderLedger(o.ID, gms.ID)
			if err != nil {
				return err
			}
			kinds := map[string]int{}
			for _, e := range entries {
				kinds[e.Kind]++
			}
			if len(entries) != 2 || kinds[store.LedgerDeduction] != 1 || kinds[store.LedgerPayment] != 1 {
				t.Errorf("order %s ledger %v, want one deduction and one payment", o.Code, kinds)
			}
		}
		// Every reply delivered: each outbox row is sent, as a message the
		// fake received in that chat and that carries its text (the
		// formatting markers become entities on Telegram).
		rows := 0
		for id := int64(1); ; id++ {
			m, err := tx.OutboxByID(id)
			if store.IsNotFound(err) {
				break
			}
			if err != nil {
				return err
			}
			rows++
			got, ok := byID[m.PlatformID]
			switch {
			case m.Status != store.OutSent:
				t.Errorf("outbox %d to %s: %s (%s), want sent", id, m.ChatID, m.Status, m.LastError)
			case !ok || strconv.FormatInt(got.Chat, 10) != m.ChatID || !strings.Contains(got.Text, markup.Plain(m.Text)):
				t.Errorf("outbox %d to %s sent as %q, but the fake has no such message there", id, m.ChatID, m.PlatformID)
			}
			used[m.PlatformID] = true
		}
		t.Logf("%d outbox rows", rows)
		if rows != replies {
			t.Errorf("%d outbox rows, want %d", rows, replies)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Stock: one Hitam reserved per even customer, no more and no less.
	if after := hitam(); after.Reserved-before.Reserved != customers/2 || after.Stock != before.Stock {
		t.Errorf("HJB-11 Hitam: stock %v → %v, reserved %d → %d, want stock unchanged and %d more reserved",
			before.Stock, after.Stock, before.Reserved, after.Reserved, customers/2)
	}
	raw, err := sql.Open("sqlite", store.DSN(filepath.Join(dir, store.FileName), false))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var integrity string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("PRAGMA integrity_check = %q, %v", integrity, err)
	}
	// A message the platform took just before a kill, but whose success was
	// never recorded, goes again after the restart: at most one per kill
	// (the dispatcher sends one message at a time per channel).
	dupes := 0
	for _, m := range sent {
		if !used[strconv.Itoa(m.ID)] {
			dupes++
			t.Logf("sent again after a crash: to %d %.40q", m.Chat, m.Text)
		}
	}
	if dupes > kills {
		t.Errorf("%d messages sent twice, want at most %d (one per kill)", dupes, kills)
	}
}

// envInt reads a whole number from the environment, or def when unset.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q: want a whole number", name, v)
	}
	return n
}
