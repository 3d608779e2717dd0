package playground_test

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// concurrentChats is how many customers talk to the shop at once in
// BenchmarkConcurrentChats.
const concurrentChats = 200

// chatTexts is what each customer types, over and over: greet, open the
// catalogue, pick, go back to the menu.
var chatTexts = []string{"halo", "1", "2", "1", "menu"}

// percentile is the nearest-rank percentile p (0 < p <= 100) of sorted
// durations: the smallest value with at least p % of them at or below it.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		d := make([]time.Duration, len(v))
		for i := range v {
			d[i] = time.Duration(v[i]) * time.Millisecond
		}
		return d
	}
	hundred := make([]int, 100) // 1..100 ms
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		name string
		d    []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		// 1..100: rank ceil(0.50·100) = 50 → 50 ms; ceil(0.99·100) = 99 → 99 ms.
		{"p50 of 1..100", ms(hundred...), 50, 50 * time.Millisecond},
		{"p99 of 1..100", ms(hundred...), 99, 99 * time.Millisecond},
		{"p100 of 1..100", ms(hundred...), 100, 100 * time.Millisecond},
		// 4 values: rank ceil(0.5·4) = 2 → 20 ms; ceil(0.99·4) = 4 → 40 ms.
		{"p50 of four", ms(10, 20, 30, 40), 50, 20 * time.Millisecond},
		{"p99 of four", ms(10, 20, 30, 40), 99, 40 * time.Millisecond},
	} {
		if got := percentile(tc.d, tc.p); got != tc.want {
			t.Errorf("%s: percentile(%v) = %v, want %v", tc.name, tc.p, got, tc.want)
		}
	}
}

// chatLoad runs engine.Run with its default workers and has chats customers
// each Submit their next message as soon as the previous one returned, total
// messages in all (shared out evenly). It returns the latency of every message, from the
// Submit call to its return (the message committed), sorted, and the books
// (closed at the end of the test).
func chatLoad(tb testing.TB, chats, total int, started func()) ([]time.Duration, *store.DB) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
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
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: flows.NewShop(flows.Config{MediaDir: media, Log: log}), MediaDir: media, Log: log})
	ran := make(chan error, 1)
	go func() { ran <- e.Run(ctx) }()

	lat := make([]time.Duration, total)
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	if started != nil {
		started()
	}
	for c := range chats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chat := fmt.Sprintf("customer:p%d", c)
			// Chat c sends messages c, c+chats, c+2·chats, … of the total.
			for j, k := 0, c; k < total; j, k = j+1, k+chats {
				in := bot.Inbound{Channel: "play", ChatID: chat, Kind: bot.Private, SenderID: chat, SenderName: "P",
					MessageID: fmt.Sprint("m", k), Text: chatTexts[j%len(chatTexts)], Time: time.Now()}
				t0 := time.Now()
				err := e.Submit(ctx, in)
				lat[k] = time.Since(t0)
				if err != nil {
					failed.CompareAndSwap(nil, &err)
					return
				}
			}
		}()
	}
	wg.Wait()
	cancel()
	if err := <-ran; err != nil {
		tb.Fatal(err)
	}
	if p := failed.Load(); p != nil {
		tb.Fatal(*p)
	}
	slices.Sort(lat)
	return lat, db
}

// TestChatLoad is a small run of the benchmark's load: every message was
// processed ("done" in the inbound log), every chat got its replies queued,
// and a latency is recorded for each message.
func TestChatLoad(t *testing.T) {
	const chats, total = 20, 100 // 5 messages per chat
	lat, db := chatLoad(t, chats, total, nil)
	if len(lat) != total {
		t.Fatalf("%d latencies, want %d", len(lat), total)
	}
	if lat[0] <= 0 {
		t.Errorf("a message has no latency: %v", lat[0])
	}
	err := db.View(context.Background(), func(tx *store.Tx) error {
		for k := range total {
			st, err := tx.InboundStatus("play", fmt.Sprint("m", k))
			if err != nil {
				return err
			}
			if st != "done" {
				t.Errorf("message m%d: status %q, want done", k, st)
			}
		}
		for c := range chats {
			out, err := tx.PendingChat("play", fmt.Sprintf("customer:p%d", c), 100)
			if err != nil {
				return err
			}
			// No dispatcher runs, so every reply is still pending: at least
			// one per message the chat sent.
			if len(out) < total/chats {
				t.Errorf("chat p%d: %d replies queued, want at least %d", c, len(out), total/chats)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// BenchmarkConcurrentChats is p50/p99 latency of one customer message
// (Submit to committed) while 200 chats talk at once through engine.Run on
// a real SQLite file; ns/op is wall time per message, so 1e9/(ns/op) is the
// throughput under that load. Run it beside the SQLite baseline:
//
//	go test -run=^$ -bench='Baseline|ConcurrentChats' -benchtime=4000x ./store ./bot/playground
func BenchmarkConcurrentChats(b *testing.B) {
	lat, _ := chatLoad(b, concurrentChats, b.N, b.ResetTimer)
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 99)), "p99-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
}
