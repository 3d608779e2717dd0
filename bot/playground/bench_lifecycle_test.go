package playground_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/bot/playground"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// benchShop opens fresh demo books on a real SQLite file in a temp dir
// with the real clock, and a playground over them that logs nothing.
func benchShop(tb testing.TB) *playground.Playground {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Update(ctx, func(tx *store.Tx) error { _, err := flows.SeedDemo(tx); return err }); err != nil {
		tb.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	media := filepath.Join(dir, "media")
	pg, err := playground.New(ctx, playground.Config{DB: db, Handler: flows.NewShop(flows.Config{MediaDir: media, Log: log}),
		MediaDir: media, Log: log})
	if err != nil {
		tb.Fatal(err)
	}
	return pg
}

// sayLine parses one script line, says it and returns what the bot sent.
func sayLine(tb testing.TB, pg *playground.Playground, line string) []playground.Sent {
	tb.Helper()
	l, ok, err := playground.ParseLine(line)
	if err != nil || !ok {
		tb.Fatalf("%s: cannot parse (%v)", line, err)
	}
	msgs, err := pg.Say(context.Background(), l)
	if err != nil {
		tb.Fatalf("%s: %v", line, err)
	}
	return msgs
}

// sentTo returns the texts sent to chat, joined, and fails when there is none.
func sentTo(tb testing.TB, line string, msgs []playground.Sent, chat string) string {
	tb.Helper()
	var b strings.Builder
	for _, m := range msgs {
		if m.To == chat {
			b.WriteString(m.Text)
			b.WriteString("\n")
		}
	}
	if b.Len() == 0 {
		tb.Fatalf("%s: nothing was sent to %s; got %+v", line, chat, msgs)
	}
	return b.String()
}

// invoiceCode finds the order code in the invoice the customer received
// ("🧾 Pesanan X8QMT").
var invoiceCode = regexp.MustCompile("Pesanan `?([0-9A-Z]{5})`?")

// lifecycle runs one whole order through the shop for customer n and
// returns how many messages came in and went out. The group must already
// be linked to GMS.
func lifecycle(tb testing.TB, pg *playground.Playground, n int) (in, out int) {
	tb.Helper()
	cust := fmt.Sprintf("customer:b%d", n)
	resi := fmt.Sprintf("%015d", int64(170400000000000)+int64(n))
	say := func(line string) []playground.Sent {
		in++
		msgs := sayLine(tb, pg, line)
		out += len(msgs)
		return msgs
	}
	// GMS-02 is not stock-counted in the demo shop, so any number of
	// operations can order it.
	line := fmt.Sprintf(`%s Nama: Budi %d\nHP: 0812%08d\nAlamat: Jl. Melati 12, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: GMS-02 x1\nKurir: JNE REG`, cust, n, n)
	if txt := sentTo(tb, line, say(line), cust); !strings.Contains(txt, "pilih cara bayarnya") {
		tb.Fatalf("%s: no payment choice:\n%s", line, txt)
	}
	line = cust + " 1"
	txt := sentTo(tb, line, say(line), cust)
	m := invoiceCode.FindStringSubmatch(txt)
	if m == nil {
		tb.Fatalf("%s: no order code in the invoice:\n%s", line, txt)
	}
	code := m[1]
	line = cust + " [photo:testdata/bukti.png]"
	sentTo(tb, line, say(line), playground.OwnerID)
	line = "owner /lunas " + code
	msgs := say(line)
	if card := sentTo(tb, line, msgs, "group:gms"); !strings.Contains(card, code) {
		tb.Fatalf("%s: the card in the group is not about %s:\n%s", line, code, card)
	}
	line = "group:gms/sari /terima " + code
	sentTo(tb, line, say(line), cust)
	line = "group:gms/sari /resi " + code + " JNE " + resi
	if got := sentTo(tb, line, say(line), cust); !strings.Contains(got, resi) || !strings.Contains(got, code) {
		tb.Fatalf("%s: the customer did not get the resi:\n%s", line, got)
	}
	return in, out
}

// TestOrderLifecycleBench checks that the benchmark's order goes through,
// twice on the same books, so `go test` keeps the benchmark honest.
func TestOrderLifecycleBench(t *testing.T) {
	pg := benchShop(t)
	sentTo(t, "link", sayLine(t, pg, "group:gms/owner /supplier GMS"), "group:gms")
	for n := range 2 {
		in, out := lifecycle(t, pg, n)
		// format order, 1, photo, /lunas, /terima, /resi
		if in != 6 {
			t.Errorf("order %d: %d messages in, want 6", n, in)
		}
		if out < in {
			t.Errorf("order %d: %d messages out for %d in", n, out, in)
		}
	}
}

// BenchmarkOrderLifecycle is one whole order per operation through the
// real engine, dispatcher and a real SQLite file: a new customer pastes a
// format order, picks transfer, sends the proof; the owner marks it paid
// (/lunas), the card reaches the supplier's group, the supplier accepts
// (/terima) and posts the resi (/resi), which reaches the customer.
//
//	go test -run=^$ -bench=OrderLifecycle -benchtime=200x ./bot/playground
func BenchmarkOrderLifecycle(b *testing.B) {
	pg := benchShop(b)
	sayLine(b, pg, "group:gms/owner /supplier GMS")
	var in, out int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ni, no := lifecycle(b, pg, i)
		in += ni
		out += no
	}
	b.StopTimer()
	b.ReportMetric(float64(in)/float64(b.N), "msgs-in/op")
	b.ReportMetric(float64(out)/float64(b.N), "msgs-out/op")
}
