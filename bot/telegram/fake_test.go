package telegram

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/bot/telegram/telegramtest"
)

const testToken = "123456:AAtest-Token_x"

// The fake Bot API is telegramtest's, numbering messages from 101.
type (
	call     = telegramtest.Call
	reply    = telegramtest.Reply
	fakeFile = telegramtest.File
)

var (
	errReply = telegramtest.ErrReply
	ok       = telegramtest.OK
	tooMany  = reply{Status: 429, Body: `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`}
)

func newFake(t testing.TB) *telegramtest.Server {
	t.Helper()
	return telegramtest.NewServer(t, testToken, 100)
}

// memOffsets is an in-memory OffsetStore recording every save.
type memOffsets struct {
	mu    sync.Mutex
	cur   int
	saves []int
}

func (m *memOffsets) LoadOffset(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cur, nil
}

func (m *memOffsets) SaveOffset(_ context.Context, o int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur = o
	m.saves = append(m.saves, o)
	return nil
}

func (m *memOffsets) get() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cur
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func testConfig(f *telegramtest.Server) Config {
	return Config{Token: testToken, APIBase: f.URL(), Log: quietLog(), Offsets: &memOffsets{},
		PollTimeout: 1, Backoff: 5 * time.Millisecond}
}

func newChannel(t *testing.T, f *telegramtest.Server, mod func(*Config)) *Channel {
	t.Helper()
	cfg := testConfig(f)
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// runner runs c.Run with a sink that records what it accepts.
type runner struct {
	got    chan bot.Inbound
	cancel context.CancelFunc
	done   chan error
}

func startRun(t *testing.T, c *Channel, sink Sink) *runner {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &runner{got: make(chan bot.Inbound, 100), cancel: cancel, done: make(chan error, 1)}
	if sink == nil {
		sink = func(_ context.Context, in bot.Inbound) error { r.got <- in; return nil }
	}
	go func() { r.done <- c.Run(ctx, sink) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(5 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	return r
}

func (r *runner) next(t *testing.T) bot.Inbound {
	t.Helper()
	select {
	case in := <-r.got:
		return in
	case <-time.After(5 * time.Second):
		t.Fatal("no inbound delivered within 5s")
		return bot.Inbound{}
	}
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// pngBytes is a real 2×2 PNG image.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
