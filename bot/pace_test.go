package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/store"
)

// fakeClock is a settable clock for the books and the dispatcher.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

var paceT0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func newFakeClock() *fakeClock { return &fakeClock{t: paceT0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// delivery is one Send a timedChannel accepted.
type delivery struct {
	at   time.Duration // since paceT0
	chat string
	text string
	id   string
}

// timedChannel records when (on the fake clock) each message was sent;
// fail, when set, decides a send's error.
type timedChannel struct {
	name  string
	clock *fakeClock
	fail  func(m bot.Outgoing, n int) error

	mu    sync.Mutex
	n     int
	calls map[string]int // chat → Send calls, failed ones included
	got   []delivery
}

func (c *timedChannel) Name() string { return c.name }

func (c *timedChannel) Send(_ context.Context, m bot.Outgoing) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	c.calls[m.ChatID]++
	if c.fail != nil {
		if err := c.fail(m, c.n); err != nil {
			return "", err
		}
	}
	id := fmt.Sprintf("p%d", c.n)
	c.got = append(c.got, delivery{at: c.clock.Now().Sub(paceT0), chat: m.ChatID, text: m.Text, id: id})
	return id, nil
}

func (c *timedChannel) sent() []delivery {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]delivery(nil), c.got...)
}

// enqueue writes n rows to one chat; opts makes them unmergeable.
func enqueue(t *testing.T, db *store.DB, channel, chat string, n int, text func(i int) string, opts []string) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			if _, err := tx.Enqueue(store.OutMessage{Channel: channel, ChatID: chat, Text: text(i), Options: opts}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// drain flushes, jumping the clock to whenever the dispatcher says the next
// message may go, until nothing waits (or a step limit is hit).
func drain(t *testing.T, d *bot.Dispatcher, clk *fakeClock) {
	t.Helper()
	ctx := context.Background()
	for step := 0; step < 2000; step++ {
		if _, err := d.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		next, ok, err := d.NextDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return
		}
		if !next.After(clk.Now()) {
			t.Fatalf("dispatcher says %v is due but Flush sent nothing at %v", next, clk.Now())
		}
		clk.Set(next)
	}
	t.Fatal("outbox not drained after 2000 steps")
}

func statusCount(t *testing.T, db *store.DB, status string) int {
	t.Helper()
	n := 0
	err := db.View(context.Background(), func(tx *store.Tx) error {
		for id := int64(1); ; id++ {
			m, err := tx.OutboxByID(id)
			if store.ErrorCode(err) == store.ENotFound {
				return nil
			}
			if err != nil {
				return err
			}
			if m.Status == status {
				n++
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func numbered(i int) string { return fmt.Sprintf("notifikasi %d", i+1) }

// TestTelegramGroupNeverOver20PerMinute: 100 notifications to one group,
// each with options so none can be merged.
func TestTelegramGroupNeverOver20PerMinute(t *testing.T) {
	clk := newFakeClock()
	db := openDB(t, t.TempDir(), clk.Now)
	ch := &timedChannel{name: "telegram", clock: clk}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: clk.Now, Pace: map[string]bot.Pace{"telegram": bot.TelegramPace()}})
	d.Register(ch)
	enqueue(t, db, "telegram", "-100777", 100, numbered, []string{"Terima", "Habis"})
	drain(t, d, clk)

	got := ch.sent()
	if len(got) != 100 {
		t.Fatalf("sent %d messages, want 100", len(got))
	}
	for i := range got {
		if got[i].text != numbered(i) {
			t.Fatalf("message %d is %q, want %q (order kept)", i, got[i].text, numbered(i))
		}
		if i > 0 && got[i].at-got[i-1].at < time.Second {
			t.Errorf("messages %d and %d only %v apart, want ≥ 1s", i-1, i, got[i].at-got[i-1].at)
		}
		// Any 60 s window holds at most 20: the 21st message after one
		// comes at least a minute after it.
		if i >= 20 && got[i].at-got[i-20].at < time.Minute {
			t.Errorf("messages %d..%d within %v: over 20 per minute", i-20, i, got[i].at-got[i-20].at)
		}
	}
	// Minute k (0..4) sends 20 at k·60 s + 0..19 s, one per second: the
	// 100th goes at 4·60 + 19 = 259 s.
	if last := got[99].at; last != 259*time.Second {
		t.Errorf("last message at %v, want 4m19s", last)
	}
	if n := statusCount(t, db, store.OutSent); n != 100 {
		t.Errorf("%d rows marked sent, want 100", n)
	}
}

// TestTelegramOnePerSecondPerChatAndThirtyOverall: one chat gets one
// message a second while others are not held up by it; 40 chats at once
// get 30 in the first second and 10 in the next.
func TestTelegramOnePerSecondPerChatAndThirtyOverall(t *testing.T) {
	clk := newFakeClock()
	db := openDB(t, t.TempDir(), clk.Now)
	ch := &timedChannel{name: "telegram", clock: clk}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: clk.Now, Pace: map[string]bot.Pace{"telegram": bot.TelegramPace()}})
	d.Register(ch)
	enqueue(t, db, "telegram", "5551", 4, numbered, []string{"ok"})
	for i := 0; i < 40; i++ {
		enqueue(t, db, "telegram", fmt.Sprint(7000+i), 1, numbered, nil)
	}
	drain(t, d, clk)

	var chat []time.Duration
	perSecond := map[time.Duration]int{}
	for _, s := range ch.sent() {
		if s.chat == "5551" {
			chat = append(chat, s.at)
		}
		perSecond[s.at.Truncate(time.Second)]++
	}
	// 5551's first message is among the first 30 of second 0; then 1 s apart.
	if want := []time.Duration{0, time.Second, 2 * time.Second, 3 * time.Second}; fmt.Sprint(chat) != fmt.Sprint(want) {
		t.Errorf("chat 5551 sent at %v, want %v", chat, want)
	}
	// 41 chats: 30 first messages at 0 s; the other 11 at 1 s, with 5551's
	// second (11 + 1 = 12); then 5551 alone at 2 s and 3 s.
	want := map[time.Duration]int{0: 30, time.Second: 12, 2 * time.Second: 1, 3 * time.Second: 1}
	if fmt.Sprint(perSecond) != fmt.Sprint(want) {
		t.Errorf("sends per second %v, want %v", perSecond, want)
	}
}

// TestBurstToAGroupIsMerged: plain notifications piling up behind a held
// chat go out as few long messages; every row is marked sent with the id
// of the message that carried it.
func TestBurstToAGroupIsMerged(t *testing.T) {
	clk := newFakeClock()
	db := openDB(t, t.TempDir(), clk.Now)
	ch := &timedChannel{name: "telegram", clock: clk}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: clk.Now, Pace: map[string]bot.Pace{"telegram": bot.TelegramPace()}})
	d.Register(ch)
	text := func(i int) string { return fmt.Sprintf("Pesanan %03d sudah dikirim.", i) } // 26 characters
	enqueue(t, db, "telegram", "-100777", 100, text, nil)
	drain(t, d, clk)

	got := ch.sent()
	// The first goes alone (nothing held it back); the other 99 waited
	// behind it and fit one message: 99·26 + 98·2 = 2770 ≤ 4096.
	if len(got) != 2 {
		t.Fatalf("sent %d messages, want 2: %v", len(got), got)
	}
	if got[0].text != text(0) || got[1].at != time.Second {
		t.Errorf("first %q, second at %v; want %q then one at 1s", got[0].text, got[1].at, text(0))
	}
	var rest []string
	for i := 1; i < 100; i++ {
		rest = append(rest, text(i))
	}
	if got[1].text != strings.Join(rest, "\n\n") {
		t.Errorf("merged text is not the 99 notifications in order, a blank line apart")
	}
	err := db.View(context.Background(), func(tx *store.Tx) error {
		for id := int64(2); id <= 100; id++ {
			m, err := tx.OutboxByID(id)
			if err != nil {
				return err
			}
			if m.Status != store.OutSent || m.PlatformID != got[1].id {
				t.Errorf("row %d: %s %q, want sent as %q", id, m.Status, m.PlatformID, got[1].id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMergeStopsAtLimitOptionsRefsAndQuotes: what may not be glued.
func TestMergeStopsAtLimitOptionsRefsAndQuotes(t *testing.T) {
	clk := newFakeClock()
	db := openDB(t, t.TempDir(), clk.Now)
	ch := &timedChannel{name: "telegram", clock: clk}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: clk.Now, Pace: map[string]bot.Pace{"telegram": bot.TelegramPace()}})
	d.Register(ch)
	long := strings.Repeat("x", 1500)
	rows := []store.OutMessage{
		{Text: "first"},                        // 1: alone at 0 s
		{Text: long + "a"},                     // 2: 1 s, with 3 (1501 + 2 + 1501 = 3004)
		{Text: long + "b"},                     // 3
		{Text: long + "c"},                     // 4: 2 s; a 3rd long text would make 4507 > 4096
		{Text: "menu", Options: []string{"1"}}, // 5: 3 s, options: alone
		{Text: "kartu A", RefKind: "order", RefID: "AAAAA"}, // 6: 4 s, with 7 (same order)
		{Text: "catatan A", RefKind: "order", RefID: "AAAAA"},
		{Text: "kartu B", RefKind: "order", RefID: "BBBBB"}, // 8: 5 s, another order
		{Text: "quoted", ReplyTo: "p1"},                     // 9: 6 s, a quote starts its own
		{Text: "tail"},                                      // merged with 9
	}
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		for _, r := range rows {
			r.Channel, r.ChatID = "telegram", "5551"
			if _, err := tx.Enqueue(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	drain(t, d, clk)
	var got []string
	for _, s := range ch.sent() {
		got = append(got, fmt.Sprintf("%v:%d", s.at, len(s.text)))
	}
	// Lengths: 5; 1501+2+1501; 1501; 4; 7+2+9; 7; 6+2+4.
	want := []string{"0s:5", "1s:3004", "2s:1501", "3s:4", "4s:18", "5s:7", "6s:12"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sends %v, want %v", got, want)
	}
}

// TestRetryAfterDelaysOnlyThatChatUnderPace: Telegram's 429 with
// retry_after=7 holds chat a exactly 7 s; chat b goes on.
func TestRetryAfterDelaysOnlyThatChatUnderPace(t *testing.T) {
	clk := newFakeClock()
	db := openDB(t, t.TempDir(), clk.Now)
	ch := &timedChannel{name: "telegram", clock: clk, fail: func(m bot.Outgoing, n int) error {
		if m.ChatID == "a" && n == 1 {
			return &bot.RetryAfterError{After: 7 * time.Second, Err: errors.New("429")}
		}
		return nil
	}}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: clk.Now, Pace: map[string]bot.Pace{"telegram": bot.TelegramPace()}})
	d.Register(ch)
	enqueue(t, db, "telegram", "a", 1, numbered, []string{"x"})
	enqueue(t, db, "telegram", "b", 3, numbered, []string{"x"})
	drain(t, d, clk)
	var got []string
	for _, s := range ch.sent() {
		got = append(got, fmt.Sprintf("%s@%v", s.chat, s.at))
	}
	want := []string{"b@0s", "b@1s", "b@2s", "a@7s"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sends %v, want %v", got, want)
	}
}

// TestWhatsAppPaceAndRepliesOnly: six messages a minute per chat with a
// gap of 2 s + jitter; strangers get nothing, staff and groups do.
func TestWhatsAppPaceAndRepliesOnly(t *testing.T) {
	clk := newFakeClock()
	db := openDB(t, t.TempDir(), clk.Now)
	ctx := context.Background()
	ch := &timedChannel{name: "whatsapp", clock: clk}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: clk.Now,
		Pace:   map[string]bot.Pace{"whatsapp": bot.WhatsAppPace(0)},
		Jitter: func(time.Duration) time.Duration { return 500 * time.Millisecond },
	})
	d.Register(ch)
	const (
		customer = "6281234567890@s.whatsapp.net"
		stranger = "6289999999999@s.whatsapp.net"
		owner    = "6281111111111@s.whatsapp.net"
		group    = "120363000000000001@g.us"
	)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.Resolve("whatsapp", customer, false, customer, "Sari"); err != nil {
			return err
		}
		return tx.SetStaff("whatsapp", owner, store.StaffOwner, "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	enqueue(t, db, "whatsapp", customer, 8, numbered, []string{"ok"})
	enqueue(t, db, "whatsapp", stranger, 1, numbered, nil)
	enqueue(t, db, "whatsapp", owner, 1, numbered, nil)
	enqueue(t, db, "whatsapp", group, 1, numbered, nil)
	drain(t, d, clk)

	var toCustomer []time.Duration
	chats := map[string]int{}
	for _, s := range ch.sent() {
		chats[s.chat]++
		if s.chat == customer {
			toCustomer = append(toCustomer, s.at)
		}
	}
	// Gap 2 s + 0.5 s jitter: 0, 2.5, 5, 7.5, 10, 12.5; the 7th waits for
	// the minute after the 1st (60 s), the 8th for the minute after the
	// 2nd (62.5 s).
	ms := time.Millisecond
	want := []time.Duration{0, 2500 * ms, 5000 * ms, 7500 * ms, 10000 * ms, 12500 * ms, 60000 * ms, 62500 * ms}
	if fmt.Sprint(toCustomer) != fmt.Sprint(want) {
		t.Errorf("customer got messages at %v, want %v", toCustomer, want)
	}
	if chats[stranger] != 0 || chats[owner] != 1 || chats[group] != 1 {
		t.Errorf("sends per chat %v: want none to the stranger, one to the owner and the group", chats)
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		m, err := tx.OutboxByID(9) // the stranger's
		if err != nil {
			return err
		}
		if m.Status != store.OutFailed || !strings.Contains(m.LastError, "never wrote") {
			t.Errorf("stranger's message: %s %q, want failed: never wrote", m.Status, m.LastError)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBlockedChatIsMarkedAndOwnerToldOnce: a 403 marks the person
// unreachable, the owner hears of it once, later messages are not tried,
// and writing again makes the person reachable.
func TestBlockedChatIsMarkedAndOwnerToldOnce(t *testing.T) {
	clk := newFakeClock()
	db := openDB(t, t.TempDir(), clk.Now)
	ctx := context.Background()
	blocked := true
	ch := &timedChannel{name: "telegram", clock: clk, fail: func(m bot.Outgoing, n int) error {
		if m.ChatID == "5551" && blocked {
			return &bot.PermanentError{Err: errors.New("telegram send: 403 Forbidden: bot was blocked by the user")}
		}
		return nil
	}}
	pace := bot.TelegramPace()
	pace.Unreachable = func(err error) bool { return strings.Contains(err.Error(), " 403 ") }
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Now: clk.Now, Pace: map[string]bot.Pace{"telegram": pace}})
	d.Register(ch)
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &echo{}, MediaDir: t.TempDir()})
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.Resolve("telegram", "5551", false, "5551", "Budi"); err != nil { // what the flows do
			return err
		}
		return tx.SetStaff("telegram", "999", store.StaffOwner, "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	budi := bot.Inbound{Channel: "telegram", ChatID: "5551", Kind: bot.Private, SenderID: "5551", SenderName: "Budi", MessageID: "1", Text: "halo"}
	if err := e.Handle(ctx, budi); err != nil { // Budi writes; the echo fails with 403
		t.Fatal(err)
	}
	enqueue(t, db, "telegram", "5551", 2, numbered, []string{"x"}) // two more for Budi
	drain(t, d, clk)

	if n := ch.calls["5551"]; n != 1 {
		t.Errorf("Send to the blocked chat called %d times, want 1 (later messages not tried)", n)
	}
	var notices []string
	for _, s := range ch.sent() {
		if s.chat == "999" {
			notices = append(notices, s.text)
		}
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "Budi (telegram 5551)") {
		t.Fatalf("owner notices %q, want one naming Budi (telegram 5551)", notices)
	}
	if n := statusCount(t, db, store.OutFailed); n != 3 {
		t.Errorf("%d rows failed, want Budi's 3", n)
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		c, _, err := tx.ContactOf("telegram", "5551")
		if c.Reachable {
			t.Error("Budi still reachable after the 403")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// Budi unblocks and writes again: the reply is tried and arrives.
	blocked = false
	budi.MessageID, budi.Text = "2", "lagi"
	if err := e.Handle(ctx, budi); err != nil {
		t.Fatal(err)
	}
	drain(t, d, clk)
	last := ch.sent()[len(ch.sent())-1]
	if last.chat != "5551" || last.text != "echo: lagi" {
		t.Errorf("last send %+v, want the echo to Budi", last)
	}
}

// blockingChannel holds every Send until release is closed (or its
// context ends).
type blockingChannel struct {
	name    string
	started chan struct{}
	release chan struct{}
	once    sync.Once
	mu      sync.Mutex
	sent    int
}

func (c *blockingChannel) Name() string { return c.name }

func (c *blockingChannel) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	c.once.Do(func() { close(c.started) })
	select {
	case <-c.release:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent++
	return fmt.Sprint("b", c.sent), nil
}

// TestRunSendsChannelsIndependently: a channel stuck in a send does not
// hold up another one, registered while Run runs.
func TestRunSendsChannelsIndependently(t *testing.T) {
	db := openDB(t, t.TempDir(), nil)
	slow := &blockingChannel{name: "whatsapp", started: make(chan struct{}), release: make(chan struct{})}
	fast := &fakeChannel{}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Poll: time.Minute, Grace: 10 * time.Millisecond})
	d.Register(slow)
	enqueue(t, db, "whatsapp", "1@g.us", 1, numbered, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	<-slow.started
	d.Register(fast) // late, like Telegram after a retried start: it gets its own loop at once
	enqueue(t, db, "fake", "c", 1, numbered, nil)
	d.Wake()
	deadline := time.Now().Add(5 * time.Second)
	for len(fast.texts()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if len(fast.texts()) != 1 {
		t.Errorf("the fast channel sent %q while the slow one was stuck, want its message", fast.texts())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestRunGivesAnInFlightSendGrace: cancelling Run while a send is under
// way lets it finish and records it as sent, so it is not sent again.
func TestRunGivesAnInFlightSendGrace(t *testing.T) {
	db := openDB(t, t.TempDir(), nil)
	ch := &blockingChannel{name: "fake", started: make(chan struct{}), release: make(chan struct{})}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Grace: 5 * time.Second})
	d.Register(ch)
	enqueue(t, db, "fake", "c", 2, numbered, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	<-ch.started
	cancel()
	time.Sleep(50 * time.Millisecond) // the send is still under way after the cancel
	close(ch.release)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
	if n := statusCount(t, db, store.OutSent); n != 1 {
		t.Errorf("%d rows sent, want 1: the one in flight, and no new send after the cancel", n)
	}
	if n := statusCount(t, db, store.OutPending); n != 1 {
		t.Errorf("%d rows pending, want 1", n)
	}
}

// TestRunGraceEnds: a send that hangs is abandoned after Grace and stays
// pending for the next start.
func TestRunGraceEnds(t *testing.T) {
	db := openDB(t, t.TempDir(), nil)
	ch := &blockingChannel{name: "fake", started: make(chan struct{}), release: make(chan struct{})}
	d := bot.NewDispatcher(bot.DispatcherConfig{DB: db, Grace: 50 * time.Millisecond})
	d.Register(ch)
	enqueue(t, db, "fake", "c", 1, numbered, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	<-ch.started
	start := time.Now()
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after Grace")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Run took %v to stop, want about the 50ms grace", took)
	}
	if n := statusCount(t, db, store.OutPending); n != 1 {
		t.Errorf("%d rows pending, want the abandoned one", n)
	}
}
