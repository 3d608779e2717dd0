package bot_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// firstText is the text of the oldest pending outbox row of a chat.
func firstText(t *testing.T, db *store.DB, chat string) string {
	t.Helper()
	var text string
	err := db.View(context.Background(), func(tx *store.Tx) error {
		due, err := tx.DueOutbox(tx.Now().Add(time.Hour), 1000)
		for _, m := range due {
			if m.ChatID == chat {
				text = m.Text
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// TestLateReplyApologises: a private message handled long after it was
// sent (offline backlog) gets its reply opened with an apology for the
// wait, in the person's language; a fresh one, a group message and a
// message without a time do not.
func TestLateReplyApologises(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	idSorry := locales.Default().T(locales.ID, "robust.late_sorry")
	enSorry := locales.Default().T(locales.EN, "robust.late_sorry")
	tests := []struct {
		name  string
		age   time.Duration
		group bool
		zero  bool
		en    bool
		want  string
	}{
		{name: "fresh", age: 2 * time.Minute, want: "echo: halo"},
		{name: "just under", age: 10 * time.Minute, want: "echo: halo"},
		{name: "late", age: 11 * time.Minute, want: idSorry + "\n\necho: halo"},
		{name: "days late", age: 72 * time.Hour, want: idSorry + "\n\necho: halo"},
		{name: "late, english", age: time.Hour, en: true, want: enSorry + "\n\necho: halo"},
		{name: "late group", age: time.Hour, group: true, want: "echo: halo"},
		{name: "no time", zero: true, want: "echo: halo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t, t.TempDir(), func() time.Time { return now })
			if tt.en {
				err := db.Update(context.Background(), func(tx *store.Tx) error {
					w, err := tx.Resolve("fake", "c", false, "c", "")
					if err != nil {
						return err
					}
					return tx.SetCustomerLang(w.CustomerID, "en")
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &echo{}, MediaDir: t.TempDir()})
			m := in("c", "m1", "halo")
			m.Time = now.Add(-tt.age)
			if tt.zero {
				m.Time = time.Time{}
			}
			if tt.group {
				m.Kind = bot.Group
			}
			if err := e.Handle(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			if got := firstText(t, db, "c"); got != tt.want {
				t.Errorf("reply %q, want %q", got, tt.want)
			}
			if !strings.HasSuffix(firstText(t, db, "c"), "echo: halo") {
				t.Error("the flow's reply itself must stay whole")
			}
		})
	}
}

// crashChildEnv names the data directory of TestCrashLoopChild's process.
const (
	crashChildEnv = "DROPBOT_TEST_CRASH_CHILD_DIR"
	crashExit     = 7
)

// boomFlow is an echo whose flow kills the process on the text "boom", as
// a fatal runtime error, a stack overflow or the OOM killer would: no
// recover, no deferred function, nothing committed.
func boomFlow() *echo {
	return &echo{fail: func(m flows.Message) error {
		if m.Text == "boom" {
			os.Exit(crashExit)
		}
		return nil
	}}
}

// TestCrashLoopChild is one start of the bot for TestCrashLoopParks, run
// in a child process: it handles a harmless message, then the one that
// kills it.
func TestCrashLoopChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("a child process of TestCrashLoopParks")
	}
	db := openDB(t, dir, nil)
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: boomFlow(), MediaDir: filepath.Join(dir, "media")})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.Run(ctx)
	if err := e.Submit(ctx, in("c", "m-halo", "halo")); err != nil {
		t.Fatal(err)
	}
	err := e.Submit(ctx, in("c", "m-boom", "boom"))
	t.Fatalf("the flow of boom returned (%v) instead of killing the process", err)
}

// TestCrashLoopParks: a message whose flow kills the process is delivered
// again after every restart (it was never committed). Each start is
// counted in the books before the flow runs; once it has crashed the
// process CrashLimit (3) times, the next start parks it without running it,
// tells the sender and the owner, and goes on with the next message.
func TestCrashLoopParks(t *testing.T) {
	dir := t.TempDir()
	db := openDB(t, dir, nil)
	if err := db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.SetStaff("fake", "owner1", store.StaffOwner, "test")
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for start := 1; start <= 3; start++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashLoopChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != crashExit {
			t.Fatalf("start %d: want the flow to kill the process (exit %d), got %v:\n%s", start, crashExit, err, out)
		}
	}

	db = openDB(t, dir, nil)
	flow := &echo{fail: func(m flows.Message) error {
		if m.Text == "boom" {
			t.Error("the flow of boom ran a fourth time")
		}
		return nil
	}}
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: flow, MediaDir: filepath.Join(dir, "media")})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.Run(ctx)
	for _, m := range []bot.Inbound{in("c", "m-halo", "halo"), in("c", "m-boom", "boom"), in("c", "m-next", "next")} {
		if err := e.Submit(ctx, m); err != nil { // the fourth start: boom does not run
			t.Fatalf("%s: %v", m.MessageID, err)
		}
	}
	if flow.calls != 1 {
		t.Errorf("flows ran %d times in the fourth start, want 1 (next only)", flow.calls)
	}
	if err := db.View(ctx, func(tx *store.Tx) error {
		for id, want := range map[string]string{"m-halo": "done", "m-boom": "parked", "m-next": "done"} {
			if got, err := tx.InboundStatus("fake", id); err != nil || got != want {
				t.Errorf("%s: status %q (%v), want %q", id, got, err, want)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ch := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db})
	d.Register(ch)
	for range 5 {
		if _, err := d.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{ // chats interleave freely; each chat keeps its order
		"c|echo: halo",
		"c|" + locales.Default().T(locales.ID, "robust.parked_sender"),
		"c|echo: next",
		"owner1|" + locales.Default().T(locales.ID, "robust.parked_owner", "channel", "fake", "ref", "m-boom"),
	}
	got := ch.texts()
	slices.SortStableFunc(got, func(a, b string) int { return strings.Compare(a[:strings.Index(a, "|")], b[:strings.Index(b, "|")]) })
	if !slices.Equal(got, want) {
		t.Errorf("sent\n%q\nwant\n%q", got, want)
	}
}

// TestMediaPolicy: what the engine stores of an attachment. Groups that
// are not a supplier's keep nothing; a chat's daily quota stops storing
// (staff are not counted); a "photo" that is not an image reaches the
// flows as a document, never as a photo (so never as a payment proof).
func TestMediaPolicy(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	db := openDB(t, t.TempDir(), func() time.Time { return now })
	if err := db.Update(ctx, func(tx *store.Tx) error {
		sid, err := tx.AddSupplier(store.Supplier{Code: "SUP", Name: "Grosir"})
		if err != nil {
			return err
		}
		if err := tx.LinkGroup("fake", "g-linked", sid, "Grosir"); err != nil {
			return err
		}
		return tx.SetStaff("fake", "owner1", store.StaffOwner, "test")
	}); err != nil {
		t.Fatal(err)
	}
	var seen []flows.Message
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &recorder{seen: &seen}, MediaDir: t.TempDir(), MediaFiles: 2})
	png := []byte("\x89PNG\r\n\x1a\n" + "a png")
	exe := []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 this program cannot be run in DOS mode")
	n := 0
	send := func(chat, sender string, kind bot.ChatKind, data []byte, extra string) *flows.Media {
		t.Helper()
		n++
		m := in(chat, fmt.Sprint("m", n), "")
		m.SenderID, m.Kind = sender, kind
		m.Media = &bot.InMedia{Kind: flows.MediaPhoto, Size: int64(len(data)), Data: append(append([]byte(nil), data...), extra...)}
		if err := e.Handle(ctx, m); err != nil {
			t.Fatal(err)
		}
		return seen[len(seen)-1].Media
	}
	tests := []struct {
		name         string
		chat, sender string
		kind         bot.ChatKind
		data         []byte
		stored       bool
		wantKind     string
	}{
		{"unlinked group keeps nothing", "g-other", "u1", bot.Group, png, false, flows.MediaPhoto},
		{"linked group stores", "g-linked", "u1", bot.Group, png, true, flows.MediaPhoto},
		{"private 1", "c", "c", bot.Private, png, true, flows.MediaPhoto},
		{"executable photo is a document", "c", "c", bot.Private, exe, true, flows.MediaDocument},
		{"quota used", "c", "c", bot.Private, png, false, flows.MediaPhoto},
		{"not stored, still not a photo", "c", "c", bot.Private, exe, false, flows.MediaDocument},
		{"other chat has its own quota", "d", "d", bot.Private, png, true, flows.MediaPhoto},
		{"staff not counted", "owner1", "owner1", bot.Private, png, true, flows.MediaPhoto},
		{"staff not counted 2", "owner1", "owner1", bot.Private, png, true, flows.MediaPhoto},
		{"staff not counted 3", "owner1", "owner1", bot.Private, png, true, flows.MediaPhoto},
	}
	for i, tt := range tests {
		md := send(tt.chat, tt.sender, tt.kind, tt.data, fmt.Sprint(i)) // distinct bytes each time
		if md == nil || (md.MediaID != 0) != tt.stored || md.Kind != tt.wantKind {
			t.Errorf("%s: flows got %+v, want stored=%v kind %s", tt.name, md, tt.stored, tt.wantKind)
		}
	}
}

// TestDiskLowTellsOwnerOnce: housekeeping tells the owners when the data
// directory's file system runs low (under 500 MB or 5 %), once until it
// recovered, and again when it runs low again.
func TestDiskLowTellsOwnerOnce(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, t.TempDir(), nil)
	if err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.SetStaff("fake", "owner1", store.StaffOwner, "test")
	}); err != nil {
		t.Fatal(err)
	}
	const gb = 1 << 30
	var free, total uint64
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &echo{}, MediaDir: t.TempDir(),
		FreeSpace: func(string) (uint64, uint64, error) { return free, total, nil }})
	steps := []struct {
		name        string
		free, total uint64
		told        int // owner messages queued so far
	}{
		{"plenty", 50 * gb, 100 * gb, 0},
		{"under 5 %", 4 * gb, 100 * gb, 1},
		{"still low: told already", 3 * gb, 100 * gb, 1},
		{"recovered", 30 * gb, 100 * gb, 1},
		{"under 500 MB of a small disk", 400 << 20, 5 * gb, 2},
		{"exactly 5 % and over 500 MB is fine", 5 * gb, 100 * gb, 2},
	}
	ch := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db})
	d.Register(ch)
	for _, s := range steps {
		free, total = s.free, s.total
		if err := e.Housekeep(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if got := len(ch.texts()); got != s.told {
			t.Errorf("%s: %d owner messages, want %d", s.name, got, s.told)
		}
	}
	want := "owner1|" + locales.Default().T(locales.ID, "robust.disk_low", "free_mb", "4096", "free_pct", "4")
	if got := ch.texts(); len(got) == 0 || got[0] != want {
		t.Errorf("owner told %q, want %q", got, want)
	}
}

// TestStopIsNotACrash: a flow cut off because the engine stopped (not
// because the process died) does not count towards parking.
func TestStopIsNotACrash(t *testing.T) {
	db := openDB(t, t.TempDir(), nil)
	entered := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	h := &echo{fail: func(m flows.Message) error {
		close(entered)
		<-ctx.Done()
		return ctx.Err()
	}}
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: h, MediaDir: t.TempDir()})
	done := make(chan error, 1)
	go func() { done <- e.Handle(ctx, in("c", "m1", "halo")) }()
	<-entered
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Handle = %v, want canceled", err)
	}
	var prior int
	if err := db.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		prior, _, err = tx.StartInbound("fake", "m1", "c")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if prior != 0 {
		t.Errorf("%d crashes counted after a stop, want 0", prior)
	}
}

// TestFailedMessageTellsOwnerThrottled: a message that fails every attempt
// (an error, not a crash) gets the sender an apology and the owner one
// notice with its code; more failures within the window are held back and
// counted in the next notice, so an outage does not flood the owner.
func TestFailedMessageTellsOwnerThrottled(t *testing.T) {
	for _, lang := range []locales.Lang{locales.ID, locales.EN} {
		t.Run(string(lang), func(t *testing.T) { failedMessageTellsOwner(t, lang) })
	}
}

func failedMessageTellsOwner(t *testing.T, lang locales.Lang) {
	ctx := context.Background()
	var mu sync.Mutex
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	db := openDB(t, t.TempDir(), clock)
	if err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting(chat.SettingOwnerLang, string(lang)); err != nil {
			return err
		}
		return tx.SetStaff("fake", "owner1", store.StaffOwner, "test")
	}); err != nil {
		t.Fatal(err)
	}
	h := &echo{fail: func(m flows.Message) error {
		if strings.HasPrefix(m.Text, "poison") {
			return errors.New("disk I/O error")
		}
		return nil
	}}
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: h, MediaDir: t.TempDir(), Attempts: 2})
	ch := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: clock})
	d.Register(ch)
	ownerTexts := func() []string {
		t.Helper()
		if _, err := d.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range ch.texts() {
			if text, ok := strings.CutPrefix(s, "owner1|"); ok {
				out = append(out, text)
			}
		}
		return out
	}
	l := locales.Default()
	first := l.T(lang, "robust.failed_owner", "channel", "fake", "ref", "m1")

	for _, id := range []string{"m1", "m2", "m3"} {
		if err := e.Handle(ctx, in("c-"+id, id, "poison "+id)); !errors.Is(err, bot.ErrParked) {
			t.Fatalf("%s: %v, want parked", id, err)
		}
	}
	if got := ownerTexts(); !slices.Equal(got, []string{first}) {
		t.Fatalf("owner got %q, want one notice for m1; all: %q", got, ch.texts())
	}
	if n := len(ch.texts()); n != 4 { // three apologies and the owner's notice
		t.Errorf("sent %d messages, want 4: %q", n, ch.texts())
	}

	mu.Lock()
	now = now.Add(31 * time.Minute)
	mu.Unlock()
	if err := e.Handle(ctx, in("c-m4", "m4", "poison m4")); !errors.Is(err, bot.ErrParked) {
		t.Fatalf("m4: %v, want parked", err)
	}
	want := l.T(lang, "robust.failed_owner", "channel", "fake", "ref", "m4") + "\n" +
		l.T(lang, "robust.failed_owner_more", "count", "2")
	if got := ownerTexts(); len(got) != 2 || got[1] != want {
		t.Fatalf("owner got %q, want the m4 notice counting the two held back", got)
	}
	for _, s := range ch.texts() {
		if strings.Contains(s, "poison") {
			t.Errorf("a message's text reached a notice: %q", s)
		}
	}
}

// TestErasedCustomerIsNotMessaged: after an erasure a finished order's chat
// is the erased stand-in; a late notice about that order is set aside
// without trying the platform (which would answer "chat not found" and
// have the owner told that someone is unreachable).
func TestErasedCustomerIsNotMessaged(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, t.TempDir(), nil)
	var code string
	if err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetStaff("fake", "owner1", store.StaffOwner, "test"); err != nil {
			return err
		}
		who, err := tx.Resolve("fake", "6281299990001", false, "6281299990001", "Dewi")
		if err != nil {
			return err
		}
		o := store.Order{CustomerID: who.CustomerID, Channel: "fake", ChatID: "6281299990001", Status: store.StatusDone}
		if err := tx.CreateOrder(&o); err != nil {
			return err
		}
		code = o.Code
		return tx.AnonymiseCustomer(who.CustomerID, "")
	}); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.Update(ctx, func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		if err != nil {
			return err
		}
		id, err = tx.Enqueue(store.OutMessage{Channel: o.Channel, ChatID: o.ChatID, Text: "Refund pesanan " + code + " sudah kami kirim"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	ch := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db})
	d.Register(ch)
	for range 3 {
		if _, err := d.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if ch.n != 0 {
		t.Errorf("the platform was tried %d times for an erased chat: %q", ch.n, ch.texts())
	}
	if err := db.View(ctx, func(tx *store.Tx) error {
		m, err := tx.OutboxByID(id)
		if err != nil {
			return err
		}
		if m.Status != store.OutFailed || !strings.Contains(m.LastError, "erased") {
			t.Errorf("outbox row: status %s, error %q; want failed because erased", m.Status, m.LastError)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
