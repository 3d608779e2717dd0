package whatsapp

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// tallyFlow is a flow at the engine's boundary: it appends each text it
// handles to the sender's conversation (so the books show how often a
// message was committed) and answers once. Text "SLOW" blocks until the
// engine's context ends and then fails: the handling is cut off before the
// commit, as by a kill.
type tallyFlow struct{ entered chan string }

func (f *tallyFlow) Handle(ctx context.Context, tx *store.Tx, m flows.Message) ([]flows.Out, error) {
	if f.entered != nil {
		f.entered <- m.Text
		<-ctx.Done()
		return nil, ctx.Err()
	}
	c, err := tx.Conversation(m.Channel, m.ChatID, m.UserID)
	if err != nil {
		return nil, err
	}
	c.Flow, c.Step = "tally", c.Step+m.Text+";"
	if err := tx.SetConversation(m.Channel, m.ChatID, m.UserID, c); err != nil {
		return nil, err
	}
	return []flows.Out{{To: flows.Address{Channel: m.Channel, ChatID: m.ChatID}, Text: "ok " + m.Text}}, nil
}

func (f *tallyFlow) Failed(context.Context, *store.Tx, flows.Message) []flows.Out { return nil }

func (f *tallyFlow) Job(context.Context, *store.Tx, store.Job) ([]flows.Out, error) { return nil, nil }

// life is one "process": the books, an engine and the channel over a fake
// whatsmeow, wired as cmd/dropbot wires them.
type life struct {
	db   *store.DB
	fake *fakeClient
	kill context.CancelFunc
	done chan struct{}
}

func startLife(t *testing.T, dir string, flow bot.Handler) *life {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	eng := bot.NewEngine(bot.EngineConfig{DB: db, Handler: flow, MediaDir: filepath.Join(dir, "media"), Log: quietLog(), Grace: time.Millisecond})
	fake := newFake()
	ch := NewWithClient(testConfig(), fake, fake.self)
	ctx, kill := context.WithCancel(context.Background())
	l := &life{db: db, fake: fake, kill: kill, done: make(chan struct{})}
	engDone := make(chan struct{})
	go func() { defer close(engDone); eng.Run(ctx) }()
	go func() {
		defer close(l.done)
		ch.Run(ctx, eng.Submit)
		<-engDone
	}()
	<-fake.connected
	return l
}

// end stops everything at once (a kill: nothing gets a graceful turn) and
// closes the books.
func (l *life) end(t *testing.T) {
	t.Helper()
	l.kill()
	<-l.done
	if err := l.db.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCrashBeforeCommitRedeliveredOnce is the WhatsApp path of "a crash
// loses nothing": a message whose handling is cut off before the commit is
// not acknowledged (so WhatsApp redelivers it, and whatsmeow reads it from
// the decrypted-event buffer); the next process handles it, and a second
// redelivery (a kill between commit and ack) is dropped by the dedupe: the
// books hold it exactly once and exactly one reply is queued.
func TestCrashBeforeCommitRedeliveredOnce(t *testing.T) {
	dir := t.TempDir()
	evt := msgEvent("3EB0CRASH", budi, budi, textMsg("pesan 2 gamis"))
	evt.Info.Timestamp = t0.Add(-2 * time.Hour) // the bot stayed down for two hours

	slow := &tallyFlow{entered: make(chan string, 1)}
	first := startLife(t, dir, slow)
	acked := make(chan bool, 1)
	go func() { acked <- first.fake.emit(evt) }()
	if got := <-slow.entered; got != "pesan 2 gamis" {
		t.Fatalf("flow got %q", got)
	}
	first.kill() // killed while the flow runs: nothing committed
	if <-acked {
		t.Fatal("a message cut off before its commit was acknowledged: WhatsApp would not send it again")
	}
	first.end(t)

	second := startLife(t, dir, &tallyFlow{})
	for i := range 2 { // the redelivery, then a redelivery of the redelivery
		if !second.fake.emit(evt) {
			t.Fatalf("delivery %d not acknowledged", i+1)
		}
	}
	var step string
	var pending int
	err := second.db.View(context.Background(), func(tx *store.Tx) error {
		c, err := tx.Conversation(ChannelName, budi, budi)
		step = c.Step
		if err != nil {
			return err
		}
		due, err := tx.DueOutbox(tx.Now().Add(time.Hour), 10)
		pending = len(due)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if step != "pesan 2 gamis;" {
		t.Errorf("books hold %q, want the message exactly once", step)
	}
	if pending != 1 {
		t.Errorf("%d replies queued, want 1", pending)
	}
	second.end(t)
}
