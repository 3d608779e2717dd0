package playground_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"log/slog"
	mathrand "math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot/playground"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/store"
)

var update = flag.Bool("update", false, "rewrite testdata/*.txt transcripts with the current output")

// logs collects what every playground in these tests logs, at debug level,
// so TestLogsHoldNoPersonalData can read it.
var logs syncBuffer

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fixedNow is the clock of every transcript: Monday 23 Nov 2026, 10:00 WIB.
var fixedNow = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

// newShop opens fresh books in a temp dir, seeds the demo shop and returns
// a playground over them.
func newShop(t *testing.T) (*playground.Playground, *store.DB, string) {
	t.Helper()
	dir := t.TempDir()
	pg, db := openShop(t, dir, true)
	return pg, db, dir
}

// newShopWith is newShop with ongkir and tracking providers, on the demo
// shop or (seed false) on empty books, as a shop is on its first start.
func newShopWith(t *testing.T, ship shipping.Config, seed bool) (*playground.Playground, *store.DB, string) {
	t.Helper()
	dir := t.TempDir()
	pg, db := openShopWith(t, dir, seed, ship)
	return pg, db, dir
}

// emptyShopMarker, a line of a transcript, replays it on empty books
// instead of the demo shop.
const emptyShopMarker = "# with: empty shop"

// hasMarker reports whether a transcript holds a marker line.
func hasMarker(transcript, marker string) bool {
	return strings.HasPrefix(transcript, marker+"\n") || strings.Contains(transcript, "\n"+marker+"\n")
}

// openShop opens the books in dir (seeding them when asked) with a fixed
// clock and a seeded random source.
func openShop(t *testing.T, dir string, seed bool) (*playground.Playground, *store.DB) {
	t.Helper()
	return openShopWith(t, dir, seed, shipping.Config{})
}

// openShopWith is openShop with ongkir and tracking providers; a clock
// line runs a tracking round with them, as `dropbot play` does.
func openShopWith(t *testing.T, dir string, seed bool, ship shipping.Config) (*playground.Playground, *store.DB) {
	t.Helper()
	ctx := context.Background()
	clock := playground.NewClock(func() time.Time { return fixedNow })
	// A seeded source makes order codes and kode unik repeatable.
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName), store.WithClock(clock.Now),
		store.WithRand(mathrand.NewChaCha8([32]byte{'d', 'r', 'o', 'p'})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if seed {
		if err := db.Update(ctx, func(tx *store.Tx) error { _, err := flows.SeedDemo(tx); return err }); err != nil {
			t.Fatal(err)
		}
	}
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	shop := flows.NewShop(flows.Config{MediaDir: filepath.Join(dir, "media"), Log: log, Backup: db.BackupBytes, Shipping: ship})
	trk := shop.Tracker(db, log, nil)
	pg, err := playground.New(ctx, playground.Config{DB: db, Handler: shop,
		MediaDir: filepath.Join(dir, "media"), Clock: clock, Log: log,
		Track: func(ctx context.Context) error { _, err := trk.RunOnce(ctx); return err }})
	if err != nil {
		t.Fatal(err)
	}
	return pg, db
}

// TestTranscripts replays every testdata/*.txt conversation. Lines starting
// with "> " are what people type (script format); everything else is what
// the bot answered last time. Run with -update to accept new output.
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no transcripts in testdata")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := replay(t, string(want))
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(want) {
				t.Errorf("transcript differs (run go test ./bot/playground -run TestTranscripts -update to accept):\n%s", diff(string(want), got))
			}
		})
	}
}

// replay runs the inputs of a transcript and renders a new transcript.
func replay(t *testing.T, transcript string) string {
	t.Helper()
	ctx := context.Background()
	var ship shipping.Config
	if hasMarker(transcript, fakeOngkirMarker) {
		ship = fakeOngkir(t)
	}
	pg, _, dir := newShopWith(t, ship, !hasMarker(transcript, emptyShopMarker))
	var out bytes.Buffer
	pr := playground.Printer{W: &out}
	for _, line := range strings.Split(transcript, "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
			out.WriteString(line + "\n")
		case strings.HasPrefix(line, "> "):
			out.WriteString(line + "\n")
			l, ok, err := playground.ParseLine(line[2:])
			if err != nil {
				out.WriteString("! " + err.Error() + "\n\n")
				continue
			}
			if !ok {
				continue
			}
			msgs, err := pg.Say(ctx, l)
			var le *playground.LineError
			if errors.As(err, &le) {
				out.WriteString("! " + err.Error() + "\n\n")
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			if len(msgs) == 0 {
				out.WriteString("(no reply)\n\n")
			}
			for i := range msgs {
				if strings.HasSuffix(msgs[i].Photo, ".bin") {
					// A backup of the books: its bytes hold this run's random
					// message ids, so check it is SQLite and print a stable name.
					b, err := os.ReadFile(msgs[i].Photo)
					if err != nil || !bytes.HasPrefix(b, []byte("SQLite format 3\x00")) {
						t.Fatalf("%s: attachment %s is not an SQLite backup (%v)", line, msgs[i].Photo, err)
					}
					msgs[i].Photo = "(backup: an SQLite database)"
					continue
				}
				msgs[i].Photo = strings.TrimPrefix(msgs[i].Photo, dir+string(filepath.Separator))
			}
			if err := pr.Print(msgs); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out.String()
}

func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "first difference at line " + itoa(i+1) + ":\n  want: " + a + "\n  got:  " + b
		}
	}
	return "(same lines, different endings)"
}

func itoa(i int) string {
	var b []byte
	for i > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
	}
	return string(b)
}

// TestLogsHoldNoPersonalData replays every transcript and then reads all the
// logs they produced: no phone number, street or recipient name may appear
// (UU PDP: personal data stays out of logs).
func TestLogsHoldNoPersonalData(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		replay(t, string(b))
	}
	out := logs.String()
	// The flows log every handled message at debug level (what flow and
	// step, never what was said): an empty log would make this test prove
	// nothing.
	if !strings.Contains(out, "handled") {
		t.Fatalf("no debug lines were captured; the test cannot see the logs:\n%.300s", out)
	}
	phone := regexp.MustCompile(`\d{9,}`)
	if m := phone.FindString(out); m != "" {
		t.Errorf("a phone-like number reached the logs: %q", m)
	}
	lower := strings.ToLower(out)
	for _, pii := range []string{"jl.", "sari", "wulandari", "joko", "rudi", "dewi", "nina", "melati", "butik"} {
		if strings.Contains(lower, pii) {
			t.Errorf("personal data %q reached the logs", pii)
		}
	}
}
