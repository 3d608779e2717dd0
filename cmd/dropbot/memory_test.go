//go:build linux

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/dropbot/dropbot/bot/whatsapp"
	"github.com/dropbot/dropbot/store"
	"github.com/dropbot/dropbot/store/storetest"
)

// memChats is how many people write at once in the burst, half on each
// channel; memScript is what each of them types: a greeting, the
// catalogue, a category, a product, and "Pesan M" (into the cart).
const memChats = 200

var memScript = []string{"halo", "1", "1", "2", "1"}

// TestRunMemory measures the resident memory of `dropbot run` with both
// channels, on books of a million orders (storetest.Books, cached in the
// temp directory), idle and under a burst of 200 chats. It is a
// measurement, not a check: it asserts only that the bot answered.
//
//	DROPBOT_BIG=1 go test -count=1 -run='^TestRunMemory$' -v -timeout=90m ./cmd/dropbot
//
// DROPBOT_MEM_ORDERS=100000 runs it on smaller books. The bot runs in a
// child process (this test binary, TestRunMemoryChild): runChannels, the
// same path as `dropbot run`, with Telegram against the fake Bot API on
// 127.0.0.1 (served by this process) and WhatsApp through
// whatsapp.NewWithClient over a fake client in the child. Memory is the
// child's VmHWM (peak) and VmRSS from /proc, and the kernel's max RSS and
// user+sys CPU time from wait4 when it exits.
func TestRunMemory(t *testing.T) {
	if testing.Short() || os.Getenv("DROPBOT_BIG") != "1" {
		t.Skip("set DROPBOT_BIG=1 (and no -short) to measure dropbot run's memory on a million orders")
	}
	n := 1_000_000
	if v := os.Getenv("DROPBOT_MEM_ORDERS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	books := storetest.Books(t, n)
	dir := t.TempDir()
	if err := copyFile(books, filepath.Join(dir, store.FileName)); err != nil {
		t.Fatal(err)
	}
	seedShop(t, dir) // the demo catalogue to browse
	if fi, err := os.Stat(filepath.Join(dir, store.FileName)); err == nil {
		t.Logf("books: %d orders, %.0f MB", n, float64(fi.Size())/1e6)
	}

	api := newFakeBotAPI(t, e2eToken)
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunMemoryChild$", "-test.v")
	cmd.Env = append(os.Environ(), "DROPBOT_MEM_CHILD=1", "DROPBOT_DATA="+dir,
		"DROPBOT_TELEGRAM_TOKEN="+e2eToken, "DROPBOT_TELEGRAM_API="+api.URL(),
		"DROPBOT_OWNERS=telegram:9001", "DROPBOT_LOG=warn", "DROPBOT_WA_PER_MINUTE=60")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	childErr := &syncBuffer{}
	cmd.Stderr = childErr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waitLine := func(prefix string) string {
		t.Helper()
		timeout := time.After(5 * time.Minute)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					cmd.Wait()
					t.Fatalf("the bot stopped before %q: %v\n%s", prefix, cmd.ProcessState, childErr)
				}
				if strings.HasPrefix(l, prefix) {
					return l
				}
				childErr.Write([]byte(l + "\n"))
			case <-timeout:
				t.Fatalf("no %q from the bot:\n%s", prefix, childErr)
			}
		}
	}
	defer cmd.Process.Kill()

	waitLine("ready")
	started := time.Since(start)
	// Idle: the bot has started and sits with nothing to do.
	time.Sleep(3 * time.Second)
	idle := procMemory(t, cmd.Process.Pid)
	t.Logf("idle after start (%v to ready): VmRSS %d KiB, VmHWM %d KiB", started.Round(time.Millisecond), idle.rss, idle.hwm)

	// The burst: 100 people on Telegram and 100 on WhatsApp write at once.
	burst := time.Now()
	fmt.Fprintln(stdin, "burst")
	for _, text := range memScript {
		for i := range memChats / 2 {
			u := tgUser{ID: int64(800000 + i), FirstName: fmt.Sprint("Pembeli ", i)}
			api.text(u.ID, u, text, 0)
		}
	}
	// Wait until every Telegram chat had its five answers.
	want := memChats / 2 * len(memScript)
	deadline := time.Now().Add(10 * time.Minute)
	for {
		count := 0
		for _, s := range api.allSent() {
			if s.Chat >= 800000 && s.Chat < 800000+memChats/2 {
				count++
			}
		}
		if count >= want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d Telegram answers", count, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
	tgDone := time.Since(burst)
	// WhatsApp is paced slower (a gap per chat): wait for its answers too,
	// for at most three minutes.
	var wa string
	for waEnd := time.Now().Add(3 * time.Minute); ; time.Sleep(time.Second) {
		fmt.Fprintln(stdin, "count")
		wa = waitLine("wa-sent")
		if f := strings.Fields(wa); len(f) > 3 && f[1] == f[3] || time.Now().After(waEnd) {
			break
		}
	}
	peak := procMemory(t, cmd.Process.Pid)
	t.Logf("burst of %d chats × %d messages: Telegram answered in %v, WhatsApp %s after %v; VmRSS %d KiB, VmHWM %d KiB",
		memChats, len(memScript), tgDone.Round(time.Millisecond), wa, time.Since(burst).Round(time.Millisecond), peak.rss, peak.hwm)

	stdin.Close() // the child stops the bot
	for range lines {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the bot: %v", err)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru != nil {
		t.Logf("whole run: max RSS %d KiB (wait4), CPU user %v + sys %v, wall %v", ru.Maxrss,
			time.Duration(ru.Utime.Nano()).Round(time.Millisecond), time.Duration(ru.Stime.Nano()).Round(time.Millisecond),
			time.Since(start).Round(time.Millisecond))
	}
}

type memFigures struct{ rss, hwm int64 }

// procMemory reads VmRSS and VmHWM (KiB) of a process.
func procMemory(t *testing.T, pid int) memFigures {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	var m memFigures
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			m.rss = v
		case "VmHWM:":
			m.hwm = v
		}
	}
	return m
}

// TestRunMemoryChild is the bot of TestRunMemory, in its own process. It
// prints "ready" once both channels run; on "burst" from stdin the fake
// WhatsApp delivers memScript from 100 people; on "count" it prints how
// many messages it sent; at the end of stdin it stops.
func TestRunMemoryChild(t *testing.T) {
	if os.Getenv("DROPBOT_MEM_CHILD") != "1" {
		t.Skip("the child process of TestRunMemory")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg, err := readRunConfig(os.Getenv("DROPBOT_DATA"), os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := lockData(cfg.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.release()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	fake := &memWhatsApp{connected: make(chan struct{})}
	self := types.NewJID("6281100000000", types.DefaultUserServer)
	wa := whatsapp.NewWithClient(whatsapp.Config{Log: log, SendGap: time.Millisecond}, fake, self)
	done := make(chan error, 1)
	go func() { done <- runChannels(ctx, cfg, wa, log, io.Discard) }()
	select {
	case <-fake.connected:
	case err := <-done:
		t.Fatalf("run: %v", err)
	}
	fmt.Println("ready")
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		switch sc.Text() {
		case "burst":
			go fake.burst()
		case "count":
			fmt.Printf("wa-sent %d of %d WhatsApp answers\n", fake.sentCount(), memChats/2*len(memScript))
		}
	}
	cancel()
	if err := <-done; err != nil && ctx.Err() == nil {
		t.Fatal(err)
	}
}

// memWhatsApp is a WhatsApp that answers every send and delivers what
// burst makes people type.
type memWhatsApp struct {
	mu        sync.Mutex
	handler   func(any) bool
	connected chan struct{}
	sent      int
}

func (f *memWhatsApp) Connect(_ context.Context, h func(any) bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handler = h
	close(f.connected)
	return nil
}

func (f *memWhatsApp) Disconnect() {}

func (f *memWhatsApp) SendMessage(_ context.Context, _ types.JID, _ *waE2E.Message) (whatsmeow.SendResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent++
	return whatsmeow.SendResponse{ID: fmt.Sprintf("OUT%d", f.sent), Timestamp: time.Now()}, nil
}

func (f *memWhatsApp) Upload(context.Context, []byte, whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	return whatsmeow.UploadResponse{}, fmt.Errorf("memWhatsApp: no uploads")
}

func (f *memWhatsApp) Download(context.Context, whatsmeow.DownloadableMessage) ([]byte, error) {
	return nil, whatsmeow.ErrMediaDownloadFailedWith404
}

func (f *memWhatsApp) PNForLID(context.Context, types.JID) (types.JID, error) {
	return types.JID{}, nil
}

func (f *memWhatsApp) sentCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sent
}

// burst has 100 people type memScript, all at once: each person's lines
// in order, the people side by side.
func (f *memWhatsApp) burst() {
	f.mu.Lock()
	h := f.handler
	f.mu.Unlock()
	var wg sync.WaitGroup
	for i := range memChats / 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := types.NewJID(fmt.Sprintf("62813%08d", i), types.DefaultUserServer)
			for j, text := range memScript {
				h(&events.Message{
					Info: types.MessageInfo{
						MessageSource: types.MessageSource{Chat: who, Sender: who},
						ID:            fmt.Sprintf("MEM%d-%d", i, j),
						PushName:      fmt.Sprint("Pembeli WA ", i),
						Timestamp:     time.Now(),
					},
					Message: &waE2E.Message{Conversation: proto.String(text)},
				})
			}
		}()
	}
	wg.Wait()
}
