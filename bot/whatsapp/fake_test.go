package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/dropbot/dropbot/bot"
)

// fakeClient stands in for whatsmeow: it records what is sent and
// uploaded, serves downloads by direct path, and lets a test emit events
// through the handler Run registered.
type fakeClient struct {
	mu          sync.Mutex
	handler     func(any) bool
	connected   chan struct{}
	connectErr  error
	disconnects int
	self        types.JID

	sent      []sentMsg
	sendErrs  []error // returned by the next SendMessage calls, in order
	uploads   [][]byte
	uploadErr error
	files     map[string][]byte // direct path → content
	dlErrs    int               // Download fails this many times first
	dlCalls   int
	lids      map[types.JID]types.JID
	nextID    int
}

type sentMsg struct {
	to  types.JID
	msg *waE2E.Message
	at  time.Time
}

func newFake() *fakeClient {
	return &fakeClient{
		connected: make(chan struct{}),
		self:      types.NewJID("6281100000000", types.DefaultUserServer),
		files:     map[string][]byte{},
		lids:      map[types.JID]types.JID{},
	}
}

func (f *fakeClient) Connect(_ context.Context, h func(any) bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.connectErr != nil {
		return f.connectErr
	}
	f.handler = h
	close(f.connected)
	return nil
}

func (f *fakeClient) Disconnect() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.disconnects++
}

// emit delivers an event the way whatsmeow would: through the registered
// handler. It returns whether whatsmeow would acknowledge it.
func (f *fakeClient) emit(evt any) bool {
	f.mu.Lock()
	h := f.handler
	f.mu.Unlock()
	return h(evt)
}

func (f *fakeClient) SendMessage(_ context.Context, to types.JID, msg *waE2E.Message) (whatsmeow.SendResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sendErrs) > 0 {
		err := f.sendErrs[0]
		f.sendErrs = f.sendErrs[1:]
		if err != nil {
			return whatsmeow.SendResponse{}, err
		}
	}
	f.nextID++
	f.sent = append(f.sent, sentMsg{to: to, msg: proto.Clone(msg).(*waE2E.Message), at: time.Now()})
	return whatsmeow.SendResponse{ID: fmt.Sprintf("OUT%d", f.nextID), Sender: f.self}, nil
}

func (f *fakeClient) Upload(_ context.Context, data []byte, kind whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.uploadErr != nil {
		return whatsmeow.UploadResponse{}, f.uploadErr
	}
	if kind != whatsmeow.MediaImage && kind != whatsmeow.MediaDocument {
		return whatsmeow.UploadResponse{}, errors.New("fake: unexpected media type")
	}
	f.uploads = append(f.uploads, data)
	n := len(f.uploads)
	return whatsmeow.UploadResponse{
		URL: fmt.Sprintf("https://mmg.test/%d", n), DirectPath: fmt.Sprintf("/v/t62/%d", n),
		MediaKey: []byte{byte(n), 1}, FileEncSHA256: []byte{byte(n), 2}, FileSHA256: []byte{byte(n), 3},
		FileLength: uint64(len(data)),
	}, nil
}

func (f *fakeClient) Download(_ context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dlCalls++
	if f.dlErrs > 0 {
		f.dlErrs--
		return nil, errors.New("fake: download failed")
	}
	data, ok := f.files[msg.GetDirectPath()]
	if !ok {
		return nil, whatsmeow.ErrMediaDownloadFailedWith404
	}
	return data, nil
}

func (f *fakeClient) PNForLID(_ context.Context, lid types.JID) (types.JID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lids[lid], nil
}

func (f *fakeClient) sentCopy() []sentMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sentMsg(nil), f.sent...)
}

func (f *fakeClient) disconnectCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.disconnects
}

// t0 is the fixed "now" of the tests: Run starts at t0.
var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func testConfig() Config {
	return Config{Log: quietLog(), Now: func() time.Time { return t0 }, SendGap: -1, MaxDownload: 1000}
}

// running is a channel under Run with a sink that collects messages.
type running struct {
	ch   *Channel
	fake *fakeClient
	got  chan bot.Inbound
	done chan error
	stop context.CancelFunc
}

func startRun(t *testing.T, cfg Config) *running {
	t.Helper()
	fake := newFake()
	ch := NewWithClient(cfg, fake, fake.self)
	ch.retryDelay = time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{ch: ch, fake: fake, got: make(chan bot.Inbound, 256), done: make(chan error, 1), stop: cancel}
	go func() {
		r.done <- ch.Run(ctx, func(_ context.Context, in bot.Inbound) error {
			r.got <- in
			return nil
		})
	}()
	select {
	case <-fake.connected:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not connect")
	}
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

func (r *running) next(t *testing.T) bot.Inbound {
	t.Helper()
	select {
	case in := <-r.got:
		return in
	case <-time.After(5 * time.Second):
		t.Fatal("no message reached the sink")
		return bot.Inbound{}
	}
}

// Message builders.

func jid(s string) types.JID {
	j, err := types.ParseJID(s)
	if err != nil {
		panic(err)
	}
	return j
}

func msgEvent(id, chat, sender string, m *waE2E.Message) *events.Message {
	c := jid(chat)
	return &events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: c, Sender: jid(sender), IsGroup: c.Server == types.GroupServer},
			ID:            id,
			PushName:      "Budi",
			Timestamp:     t0.Add(5 * time.Second),
		},
		Message: m,
	}
}

func textMsg(s string) *waE2E.Message { return &waE2E.Message{Conversation: proto.String(s)} }
