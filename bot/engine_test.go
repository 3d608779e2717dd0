package bot_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

func openDB(t *testing.T, dir string, now func() time.Time) *store.DB {
	t.Helper()
	var opts []store.Option
	if now != nil {
		opts = append(opts, store.WithClock(now))
	}
	db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// echo is a test handler at the flows boundary: it records what it saw in
// the conversation state and answers "echo: <text>". fail makes it fail.
type echo struct {
	mu    sync.Mutex
	fail  func(m flows.Message) error
	calls int
}

func (e *echo) Handle(ctx context.Context, tx *store.Tx, m flows.Message) ([]flows.Out, error) {
	e.mu.Lock()
	e.calls++
	e.mu.Unlock()
	// Like the flows, resolve the sender first: that records them and
	// marks them reachable again.
	if _, err := tx.Resolve(m.Channel, m.ChatID, m.Group, m.UserID, m.UserName); err != nil {
		return nil, err
	}
	c, err := tx.Conversation(m.Channel, m.ChatID, m.UserID)
	if err != nil {
		return nil, err
	}
	c.Flow, c.Step = "echo", c.Step+m.Text+";"
	if err := tx.SetConversation(m.Channel, m.ChatID, m.UserID, c); err != nil {
		return nil, err
	}
	if e.fail != nil {
		if err := e.fail(m); err != nil {
			return nil, err
		}
	}
	return []flows.Out{{To: flows.Address{Channel: m.Channel, ChatID: m.ChatID}, Text: "echo: " + m.Text, Ref: flows.Ref{Kind: "echo", ID: m.Text}}}, nil
}

func (e *echo) Job(ctx context.Context, tx *store.Tx, j store.Job) ([]flows.Out, error) {
	if j.Ref == "fail" {
		return nil, errors.New("job boom")
	}
	return []flows.Out{{To: flows.Address{Channel: "fake", ChatID: j.Ref}, Text: "job " + j.Kind}}, nil
}

func (e *echo) Failed(ctx context.Context, tx *store.Tx, m flows.Message) []flows.Out {
	return []flows.Out{{To: flows.Address{Channel: m.Channel, ChatID: m.ChatID}, Text: "sorry"}}
}

// fakeChannel records sends; errs, when set, decides each send's error.
type fakeChannel struct {
	mu   sync.Mutex
	sent []bot.Outgoing
	errs func(m bot.Outgoing, n int) error
	n    int
}

func (c *fakeChannel) Name() string { return "fake" }

func (c *fakeChannel) Send(_ context.Context, m bot.Outgoing) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	if c.errs != nil {
		if err := c.errs(m, c.n); err != nil {
			return "", err
		}
	}
	c.sent = append(c.sent, m)
	return fmt.Sprintf("p%d", m.OutboxID), nil
}

func (c *fakeChannel) texts() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.sent {
		out = append(out, m.ChatID+"|"+m.Text)
	}
	return out
}

func in(chat, id, text string) bot.Inbound {
	return bot.Inbound{Channel: "fake", ChatID: chat, Kind: bot.Private, SenderID: chat, MessageID: id, Text: text}
}

func pending(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	err := db.View(context.Background(), func(tx *store.Tx) error {
		due, err := tx.DueOutbox(time.Now().Add(time.Hour), 1000)
		n = len(due)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEngineDedupesByMessageID(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, t.TempDir(), nil)
	h := &echo{}
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: h, MediaDir: t.TempDir()})
	for i := 0; i < 3; i++ {
		if err := e.Handle(ctx, in("c1", "m1", "halo")); err != nil {
			t.Fatal(err)
		}
	}
	// Same id on another channel is another message.
	other := in("c1", "m1", "halo")
	other.Channel = "other"
	if err := e.Handle(ctx, other); err != nil {
		t.Fatal(err)
	}
	if h.calls != 2 {
		t.Fatalf("handler ran %d times, want 2 (once per channel)", h.calls)
	}
	ch := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db})
	d.Register(ch)
	if _, err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ch.texts(); len(got) != 1 || got[0] != "c1|echo: halo" {
		t.Fatalf("sent %q, want one echo", got)
	}
}

func TestEngineKeepsChatOrderUnderConcurrency(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := openDB(t, t.TempDir(), nil)
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &echo{}, MediaDir: t.TempDir(), Batch: 4})
	done := make(chan struct{})
	go func() { e.Run(ctx); close(done) }()
	const chats, perChat = 6, 25
	var wg sync.WaitGroup
	for c := 0; c < chats; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < perChat; i++ {
				if err := e.Submit(ctx, in(fmt.Sprint("chat", c), fmt.Sprintf("%d-%d", c, i), fmt.Sprint(i))); err != nil {
					t.Error(err)
					return
				}
			}
		}(c)
	}
	wg.Wait()
	cancel()
	<-done
	if err := e.Submit(context.Background(), in("x", "late", "x")); !errors.Is(err, bot.ErrStopped) {
		t.Fatalf("submit after stop: %v, want ErrStopped", err)
	}
	err := db.View(context.Background(), func(tx *store.Tx) error {
		for c := 0; c < chats; c++ {
			chat := fmt.Sprint("chat", c)
			conv, err := tx.Conversation("fake", chat, chat)
			if err != nil {
				return err
			}
			want := ""
			for i := 0; i < perChat; i++ {
				want += fmt.Sprint(i) + ";"
			}
			if conv.Step != want {
				t.Errorf("%s saw %q, want %q", chat, conv.Step, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEngineRollsBackAndParksPoisonMessages(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, t.TempDir(), nil)
	boom := errors.New("boom")
	h := &echo{fail: func(m flows.Message) error {
		if m.Text == "poison" {
			return boom
		}
		return nil
	}}
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: h, MediaDir: t.TempDir(), Attempts: 3})
	if err := e.Handle(ctx, in("c1", "m1", "ok")); err != nil {
		t.Fatal(err)
	}
	err := e.Handle(ctx, in("c1", "m2", "poison"))
	if !errors.Is(err, boom) {
		t.Fatalf("poison: %v, want boom", err)
	}
	if h.calls != 4 {
		t.Fatalf("handler calls %d, want 1 + 3 tries", h.calls)
	}
	// A re-delivery of the parked message does nothing.
	if err := e.Handle(ctx, in("c1", "m2", "poison")); err != nil {
		t.Fatal(err)
	}
	if h.calls != 4 {
		t.Fatalf("parked message ran again")
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		conv, err := tx.Conversation("fake", "c1", "c1")
		if err != nil {
			return err
		}
		if conv.Step != "ok;" {
			t.Errorf("state %q: the failed tries must leave no trace", conv.Step)
		}
		st, err := tx.InboundStatus("fake", "m2")
		if st != "parked" {
			t.Errorf("inbound status %q, want parked", st)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ch := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db})
	d.Register(ch)
	if _, err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got := ch.texts()
	if len(got) != 2 || got[0] != "c1|echo: ok" || got[1] != "c1|sorry" {
		t.Fatalf("sent %q, want the echo then one apology", got)
	}
}

// TestEngineGroupCommitIsolatesAFailingMessage: messages of several chats
// waiting together are committed as one batch; a message that fails (an
// error, or a panic in the flow) rolls the batch back, every message is
// then handled on its own, the bad ones are parked with an apology, and
// each chat's state shows its good messages once each and in order.
func TestEngineGroupCommitIsolatesAFailingMessage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := openDB(t, t.TempDir(), nil)
	gate, entered := make(chan struct{}), make(chan struct{})
	h := &echo{fail: func(m flows.Message) error {
		switch m.Text {
		case "gate":
			close(entered)
			<-gate // holds the committer so the other chats queue up
		case "boom":
			return errors.New("boom")
		case "panic":
			panic("flow bug")
		}
		return nil
	}}
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: h, MediaDir: t.TempDir(), Attempts: 2})
	ran := make(chan error, 1)
	go func() { ran <- e.Run(ctx) }()
	gated := make(chan error, 1)
	go func() { gated <- e.Submit(ctx, in("g", "g0", "gate")) }()
	<-entered // the committer holds the gate alone

	const chats, perChat = 6, 4
	// The bad messages are their chats' first, so they are in the batch the
	// gate releases (every chat's first message waits there): a batch with
	// a bad message is rolled back however slow the machine is. Later
	// messages may trickle in one at a time on a loaded machine.
	bad := map[string]string{"c2-0": "boom", "c4-0": "panic"}
	var wg sync.WaitGroup
	errs := make(chan error, chats*perChat)
	for c := 0; c < chats; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < perChat; i++ {
				id := fmt.Sprintf("c%d-%d", c, i)
				text := fmt.Sprint(i)
				if b, ok := bad[id]; ok {
					text = b
				}
				err := e.Submit(ctx, in(fmt.Sprint("c", c), id, text))
				if _, isBad := bad[id]; isBad != (err != nil) {
					errs <- fmt.Errorf("%s: submit error %v", id, err)
				}
			}
		}(c)
	}
	// Release the committer once the first message of every chat waits.
	for deadline := time.Now().Add(10 * time.Second); e.Queued() < chats; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d chats queued", e.Queued(), chats)
		}
	}
	close(gate)
	wg.Wait()
	if err := <-gated; err != nil {
		t.Fatal(err)
	}
	cancel()
	<-ran
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	err := db.View(context.Background(), func(tx *store.Tx) error {
		for c := 0; c < chats; c++ {
			chat := fmt.Sprint("c", c)
			conv, err := tx.Conversation("fake", chat, chat)
			if err != nil {
				return err
			}
			want := ""
			for i := 0; i < perChat; i++ {
				if _, isBad := bad[fmt.Sprintf("c%d-%d", c, i)]; !isBad {
					want += fmt.Sprint(i) + ";"
				}
			}
			if conv.Step != want {
				t.Errorf("%s state %q, want %q", chat, conv.Step, want)
			}
		}
		for id := range bad {
			if st, err := tx.InboundStatus("fake", id); err != nil || st != "parked" {
				t.Errorf("%s: status %q (%v), want parked", id, st, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	calls := h.calls
	h.mu.Unlock()
	// gate 1 + good 22 + the batches that were rolled back + 2 tries of
	// each bad message: more than 1+22+4 means batches ran and were redone.
	if calls <= 1+22+4 {
		t.Errorf("handler ran %d times: no batch was rolled back, so no batch was tested", calls)
	}
	ch := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db})
	d.Register(ch)
	if _, err := d.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, s := range ch.texts() {
		seen[s]++
	}
	for c := 0; c < chats; c++ {
		for i := 0; i < perChat; i++ {
			if _, isBad := bad[fmt.Sprintf("c%d-%d", c, i)]; isBad {
				continue
			}
			if k := fmt.Sprintf("c%d|echo: %d", c, i); seen[k] != 1 {
				t.Errorf("%q sent %d times, want once", k, seen[k])
			}
		}
	}
	for _, chat := range []string{"c2", "c4"} {
		if seen[chat+"|sorry"] != 1 {
			t.Errorf("%s got %d apologies, want 1", chat, seen[chat+"|sorry"])
		}
	}
}

func TestDispatcherRetriesInOrderAndHonoursRetryAfter(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := openDB(t, t.TempDir(), clock)
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &echo{}, MediaDir: t.TempDir()})
	for i, chat := range []string{"a", "a", "b"} {
		if err := e.Handle(ctx, in(chat, fmt.Sprint(i), fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	ch := &fakeChannel{errs: func(m bot.Outgoing, n int) error {
		if m.ChatID == "a" && n == 1 {
			return &bot.RetryAfterError{After: 7 * time.Second, Err: errors.New("429")}
		}
		return nil
	}}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: clock})
	d.Register(ch)
	if _, err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// Chat a waits 7 s with both its messages; chat b is not held up.
	if got := ch.texts(); len(got) != 1 || got[0] != "b|echo: 2" {
		t.Fatalf("after 429: sent %q, want only chat b", got)
	}
	now = now.Add(6 * time.Second)
	if _, err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(ch.texts()) != 1 {
		t.Fatalf("sent before retry_after passed: %q", ch.texts())
	}
	now = now.Add(time.Second)
	if _, err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got := ch.texts()
	if len(got) != 3 || got[1] != "a|echo: 0" || got[2] != "a|echo: 1" {
		t.Fatalf("after retry_after: %q, want a's messages in order", got)
	}
}

func TestDispatcherBacksOffThenKeepsFailures(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := openDB(t, t.TempDir(), clock)
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &echo{}, MediaDir: t.TempDir()})
	for i, chat := range []string{"flaky", "blocked"} {
		if err := e.Handle(ctx, in(chat, fmt.Sprint(i), "x")); err != nil {
			t.Fatal(err)
		}
	}
	ch := &fakeChannel{errs: func(m bot.Outgoing, n int) error {
		if m.ChatID == "blocked" {
			return &bot.PermanentError{Err: errors.New("403 blocked by user")}
		}
		return errors.New("500")
	}}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: clock, BaseBackoff: time.Second, MaxBackoff: 4 * time.Second, MaxAttempts: 4})
	d.Register(ch)
	var waits []time.Duration
	for i := 0; i < 6; i++ {
		if _, err := d.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		var next time.Time
		var ok bool
		if err := db.View(ctx, func(tx *store.Tx) (err error) { next, ok, err = tx.NextOutboxAt(); return err }); err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		waits = append(waits, next.Sub(now))
		now = next
	}
	// Backoff doubles from 1 s and is capped at 4 s; the 4th failure is final.
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Fatalf("waits %v, want %v", waits, want)
	}
	err := db.View(ctx, func(tx *store.Tx) error {
		for id := int64(1); id <= 2; id++ {
			m, err := tx.OutboxByID(id)
			if err != nil {
				return err
			}
			if m.Status != store.OutFailed || m.LastError == "" {
				t.Errorf("outbox %d: status %s error %q, want failed with a reason", id, m.Status, m.LastError)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRestartDeliversWhatWasCommitted: a crash after commit and before
// sending loses nothing; a new dispatcher on the same file sends it once.
func TestRestartDeliversWhatWasCommitted(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openDB(t, dir, nil)
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &echo{}, MediaDir: t.TempDir()})
	if err := e.Handle(ctx, in("c", "m1", "halo")); err != nil {
		t.Fatal(err)
	}
	db.Close() // "crash": nothing was sent

	db2 := openDB(t, dir, nil)
	if n := pending(t, db2); n != 1 {
		t.Fatalf("pending after restart %d, want 1", n)
	}
	e2 := bot.NewEngine(bot.EngineConfig{DB: db2, Handler: &echo{}, MediaDir: t.TempDir()})
	if err := e2.Handle(ctx, in("c", "m1", "halo")); err != nil { // platform re-delivers
		t.Fatal(err)
	}
	ch := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db2})
	d.Register(ch)
	for i := 0; i < 2; i++ {
		if _, err := d.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := ch.texts(); len(got) != 1 {
		t.Fatalf("sent %q, want exactly one reply", got)
	}
}

func TestEngineResolvesQuotesAndStoresMedia(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, t.TempDir(), nil)
	var seen []flows.Message
	h := &recorder{seen: &seen}
	mediaDir := t.TempDir()
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: h, MediaDir: mediaDir})
	if err := e.Handle(ctx, in("c", "m1", "first")); err != nil {
		t.Fatal(err)
	}
	ch := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db})
	d.Register(ch)
	if _, err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	quote := in("c", "m2", "reply")
	quote.ReplyTo = "p1" // the platform id the fake gave outbox row 1
	unknown := in("c", "m3", "reply")
	unknown.ReplyTo = "never-sent"
	photo := in("c", "m4", "")
	png := []byte("\x89PNG\r\n\x1a\n" + "rest of a png")
	photo.Media = &bot.InMedia{Kind: flows.MediaPhoto, MIME: "text/html", FileName: "../../etc/passwd", Size: int64(len(png)), Data: png}
	big := in("c", "m5", "")
	big.Media = &bot.InMedia{Kind: flows.MediaVideo, Size: store.MaxMediaBytes + 1}
	for _, m := range []bot.Inbound{quote, unknown, photo, big} {
		if err := e.Handle(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if got := seen[1].ReplyRef; got != (flows.Ref{Kind: "seen", ID: "first"}) || seen[1].QuotedUnknown {
		t.Errorf("quote resolved to %+v unknown=%v", got, seen[1].QuotedUnknown)
	}
	if !seen[2].QuotedUnknown {
		t.Errorf("a quote of a message the bot never sent must be flagged")
	}
	if m := seen[3].Media; m == nil || m.MediaID == 0 || m.MIME != "image/png" {
		t.Fatalf("photo not stored with sniffed type: %+v", m)
	}
	if m := seen[4].Media; m == nil || !m.TooBig || m.MediaID != 0 {
		t.Fatalf("oversized video: %+v", m)
	}
}

type recorder struct{ seen *[]flows.Message }

func (r *recorder) Handle(ctx context.Context, tx *store.Tx, m flows.Message) ([]flows.Out, error) {
	*r.seen = append(*r.seen, m)
	return []flows.Out{{To: flows.Address{Channel: m.Channel, ChatID: m.ChatID}, Text: "ok", Ref: flows.Ref{Kind: "seen", ID: m.Text}}}, nil
}

func (r *recorder) Failed(context.Context, *store.Tx, flows.Message) []flows.Out { return nil }

func (r *recorder) Job(context.Context, *store.Tx, store.Job) ([]flows.Out, error) { return nil, nil }

// TestJobsRunOnceAndRetry: a due job runs once in its own transaction with
// its replies; a failing one is retried and then kept as failed; a job
// that is not due yet waits.
func TestJobsRunOnceAndRetry(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	db := openDB(t, t.TempDir(), func() time.Time { return now })
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, j := range []struct {
			ref string
			at  time.Time
		}{{"c1", now}, {"fail", now}, {"later", now.Add(time.Hour)}} {
			if err := tx.ScheduleJob("remind", j.ref, j.at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &echo{}, MediaDir: t.TempDir()})
	if n, err := e.RunJobs(ctx, now); err != nil || n != 1 {
		t.Fatalf("first run: %d, %v; want 1 job", n, err)
	}
	if n, _ := e.RunJobs(ctx, now); n != 0 {
		t.Fatalf("a finished job ran again")
	}
	// The failing job is retried after its backoff, five times in all.
	at := now
	for i := 0; i < 10; i++ {
		at = at.Add(10 * time.Minute)
		e.RunJobs(ctx, at)
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		due, err := tx.DueJobs(at.Add(time.Hour), 10)
		if err != nil {
			return err
		}
		// "later" came due during the loop and ran; "fail" was kept as
		// failed after five tries: nothing is left pending.
		if len(due) != 0 {
			t.Errorf("pending jobs after the retries: %+v", due)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ch := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: func() time.Time { return at }})
	d.Register(ch)
	if _, err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ch.texts(); len(got) != 2 || got[0] != "c1|job remind" || got[1] != "later|job remind" {
		t.Fatalf("sent %q, want one message per successful job", got)
	}
}
