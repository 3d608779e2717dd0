package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/dropbot/dropbot/bot"
)

const (
	budi     = "6281234567890@s.whatsapp.net"
	budiLID  = "123456789012345@lid"
	group    = "120363025246125486@g.us"
	photoDir = "/v/t62/photo"
)

func TestInbound(t *testing.T) {
	pngBytes := []byte("\x89PNG fake image bytes")
	at := t0.Add(5 * time.Second)
	tests := []struct {
		name  string
		evt   func() *events.Message
		lids  map[types.JID]types.JID
		files map[string][]byte
		want  bot.Inbound
	}{
		{
			name: "private text",
			evt:  func() *events.Message { return msgEvent("M1", budi, budi, textMsg("katalog")) },
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				Text: "katalog", MessageID: "M1", Time: at},
		},
		{
			name: "sender with device part is reported without it",
			evt:  func() *events.Message { return msgEvent("M1", budi, "6281234567890:12@s.whatsapp.net", textMsg("hai")) },
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				Text: "hai", MessageID: "M1", Time: at},
		},
		{
			name: "extended text quoting a message gives ReplyTo",
			evt: func() *events.Message {
				return msgEvent("M2", budi, budi, &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
					Text:        proto.String("yang ini"),
					ContextInfo: &waE2E.ContextInfo{StanzaID: proto.String("3EB0QUOTED"), Participant: proto.String("6281100000000@s.whatsapp.net")},
				}})
			},
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				Text: "yang ini", ReplyTo: "3EB0QUOTED", MessageID: "M2", Time: at},
		},
		{
			name: "image with caption is downloaded through the client",
			evt: func() *events.Message {
				return msgEvent("M3", budi, budi, &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
					Caption: proto.String("bukti transfer"), Mimetype: proto.String("image/png"),
					FileLength: proto.Uint64(uint64(len(pngBytes))), DirectPath: proto.String(photoDir),
					ContextInfo: &waE2E.ContextInfo{StanzaID: proto.String("3EBORDER")},
				}})
			},
			files: map[string][]byte{photoDir: pngBytes},
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				Text: "bukti transfer", ReplyTo: "3EBORDER", MessageID: "M3", Time: at,
				Media: &bot.InMedia{Kind: "photo", MIME: "image/png", Size: int64(len(pngBytes)), Data: pngBytes}},
		},
		{
			name: "image over the cap keeps its size, no data",
			evt: func() *events.Message {
				return msgEvent("M4", budi, budi, &waE2E.Message{ImageMessage: &waE2E.ImageMessage{
					Mimetype: proto.String("image/jpeg"), FileLength: proto.Uint64(5000), DirectPath: proto.String(photoDir),
				}})
			},
			files: map[string][]byte{photoDir: pngBytes},
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				MessageID: "M4", Time: at, Media: &bot.InMedia{Kind: "photo", MIME: "image/jpeg", Size: 5000}},
		},
		{
			name: "document with caption and name",
			evt: func() *events.Message {
				return msgEvent("M5", budi, budi, &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{
					Caption: proto.String("daftar"), Mimetype: proto.String("application/pdf"), FileName: proto.String("a.pdf"),
					FileLength: proto.Uint64(3), DirectPath: proto.String("/doc"),
				}})
			},
			files: map[string][]byte{"/doc": []byte("PDF")},
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				Text: "daftar", MessageID: "M5", Time: at,
				Media: &bot.InMedia{Kind: "document", MIME: "application/pdf", FileName: "a.pdf", Size: 3, Data: []byte("PDF")}},
		},
		{
			name: "video over the cap is not downloaded",
			evt: func() *events.Message {
				return msgEvent("M6", budi, budi, &waE2E.Message{VideoMessage: &waE2E.VideoMessage{
					Caption: proto.String("unboxing"), Mimetype: proto.String("video/mp4"), FileLength: proto.Uint64(1001),
					DirectPath: proto.String("/vid"),
				}})
			},
			files: map[string][]byte{"/vid": []byte("never read")},
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				Text: "unboxing", MessageID: "M6", Time: at, Media: &bot.InMedia{Kind: "video", MIME: "video/mp4", Size: 1001}},
		},
		{
			name: "voice note is described, not downloaded",
			evt: func() *events.Message {
				return msgEvent("M7", budi, budi, &waE2E.Message{AudioMessage: &waE2E.AudioMessage{
					PTT: proto.Bool(true), Mimetype: proto.String("audio/ogg; codecs=opus"), FileLength: proto.Uint64(10), DirectPath: proto.String("/ptt"),
				}})
			},
			files: map[string][]byte{"/ptt": []byte("0123456789")},
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				MessageID: "M7", Time: at, Media: &bot.InMedia{Kind: "voice", MIME: "audio/ogg; codecs=opus", Size: 10}},
		},
		{
			name: "sticker",
			evt: func() *events.Message {
				return msgEvent("M8", budi, budi, &waE2E.Message{StickerMessage: &waE2E.StickerMessage{Mimetype: proto.String("image/webp"), FileLength: proto.Uint64(7)}})
			},
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				MessageID: "M8", Time: at, Media: &bot.InMedia{Kind: "sticker", MIME: "image/webp", Size: 7}},
		},
		{
			name: "location is 'other'",
			evt: func() *events.Message {
				return msgEvent("M9", budi, budi, &waE2E.Message{LocationMessage: &waE2E.LocationMessage{}})
			},
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				MessageID: "M9", Time: at, Media: &bot.InMedia{Kind: "other"}},
		},
		{
			name: "group message from a lid with the phone in SenderAlt",
			evt: func() *events.Message {
				e := msgEvent("G1", group, "123456789012345:3@lid", textMsg("#pesanan diterima"))
				e.Info.SenderAlt = jid("6281234567890:3@s.whatsapp.net")
				return e
			},
			want: bot.Inbound{Channel: "whatsapp", ChatID: group, Kind: bot.Group, SenderID: budi, SenderName: "Budi",
				Text: "#pesanan diterima", MessageID: "G1", Time: at},
		},
		{
			name: "lid without alt is resolved through the store's mapping",
			evt:  func() *events.Message { return msgEvent("G2", group, budiLID, textMsg("ok")) },
			lids: map[types.JID]types.JID{jid(budiLID): jid(budi)},
			want: bot.Inbound{Channel: "whatsapp", ChatID: group, Kind: bot.Group, SenderID: budi, SenderName: "Budi",
				Text: "ok", MessageID: "G2", Time: at},
		},
		{
			name: "lid without alt or mapping is kept as the lid",
			evt:  func() *events.Message { return msgEvent("G3", group, budiLID, textMsg("ok")) },
			want: bot.Inbound{Channel: "whatsapp", ChatID: group, Kind: bot.Group, SenderID: budiLID, SenderName: "Budi",
				Text: "ok", MessageID: "G3", Time: at},
		},
		{
			name: "a lid SenderAlt is not a phone: the lid stays",
			evt: func() *events.Message {
				e := msgEvent("G4", group, budiLID, textMsg("ok"))
				e.Info.SenderAlt = jid("999@lid")
				return e
			},
			want: bot.Inbound{Channel: "whatsapp", ChatID: group, Kind: bot.Group, SenderID: budiLID, SenderName: "Budi",
				Text: "ok", MessageID: "G4", Time: at},
		},
		{
			name: "private chat addressed by lid becomes the phone chat",
			evt: func() *events.Message {
				e := msgEvent("P1", budiLID, budiLID, textMsg("halo"))
				e.Info.SenderAlt = jid(budi)
				return e
			},
			want: bot.Inbound{Channel: "whatsapp", ChatID: budi, Kind: bot.Private, SenderID: budi, SenderName: "Budi",
				Text: "halo", MessageID: "P1", Time: at},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := startRun(t, testConfig())
			for k, v := range tt.lids {
				r.fake.lids[k] = v
			}
			for k, v := range tt.files {
				r.fake.files[k] = v
			}
			r.fake.emit(tt.evt())
			got := r.next(t)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v %+v\nwant %+v %+v", got, got.Media, tt.want, tt.want.Media)
			}
		})
	}
}

func TestInboundDownloadRetries(t *testing.T) {
	r := startRun(t, testConfig())
	r.fake.files[photoDir] = []byte("img")
	r.fake.dlErrs = 2 // fails twice, third attempt (the last allowed) succeeds
	r.fake.emit(msgEvent("M1", budi, budi, &waE2E.Message{ImageMessage: &waE2E.ImageMessage{DirectPath: proto.String(photoDir), FileLength: proto.Uint64(3)}}))
	got := r.next(t)
	if got.Media == nil || string(got.Media.Data) != "img" {
		t.Fatalf("media = %+v, want the downloaded data", got.Media)
	}

	r.fake.dlErrs = 3 // all three attempts fail: the message still comes, without data
	r.fake.emit(msgEvent("M2", budi, budi, &waE2E.Message{ImageMessage: &waE2E.ImageMessage{DirectPath: proto.String(photoDir), FileLength: proto.Uint64(3)}}))
	got = r.next(t)
	if got.MessageID != "M2" || got.Media == nil || got.Media.Data != nil || got.Media.Size != 3 {
		t.Fatalf("got %+v media %+v, want M2 with Size 3 and no data", got, got.Media)
	}
	if r.fake.dlCalls != 6 {
		t.Errorf("download calls = %d, want 3+3", r.fake.dlCalls)
	}
}

func TestInboundIgnored(t *testing.T) {
	tests := []struct {
		name string
		evt  func() *events.Message
	}{
		{"own message", func() *events.Message {
			e := msgEvent("X", budi, "6281100000000@s.whatsapp.net", textMsg("/batal"))
			e.Info.IsFromMe = true
			return e
		}},
		{"status broadcast", func() *events.Message { return msgEvent("X", "status@broadcast", budi, textMsg("promo")) }},
		{"newsletter", func() *events.Message { return msgEvent("X", "120363000000000000@newsletter", budi, textMsg("news")) }},
		{"edit", func() *events.Message {
			e := msgEvent("X", budi, budi, textMsg("alamat baru"))
			e.IsEdit = true
			return e
		}},
		{"reaction", func() *events.Message {
			return msgEvent("X", budi, budi, &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Text: proto.String("👍")}})
		}},
		{"protocol message", func() *events.Message {
			return msgEvent("X", budi, budi, &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{}})
		}},
		{"nil message", func() *events.Message { return msgEvent("X", budi, budi, nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := startRun(t, testConfig())
			r.fake.emit(tt.evt())
			// A message sent right after must be the first to arrive.
			r.fake.emit(msgEvent("NEXT", budi, budi, textMsg("halo")))
			if got := r.next(t); got.MessageID != "NEXT" {
				t.Errorf("first message to reach the sink = %q, want NEXT (the other one ignored)", got.MessageID)
			}
		})
	}
}

// TestBacklogHandled: messages sent while the bot was down (hours before
// Run started) reach the sink with their own time, so an order or a
// payment proof is never dropped; only their count is logged.
func TestBacklogHandled(t *testing.T) {
	r := startRun(t, testConfig())
	for _, tc := range []struct {
		id  string
		age time.Duration
	}{{"RECENT", 59 * time.Second}, {"OLD", 2 * time.Hour}, {"DAYS", 72 * time.Hour}} {
		e := msgEvent(tc.id, budi, budi, textMsg("bukti transfer"))
		e.Info.Timestamp = t0.Add(-tc.age)
		if !r.fake.emit(e) {
			t.Errorf("%s: backlog message not acknowledged after the sink took it", tc.id)
		}
		got := r.next(t)
		if got.MessageID != tc.id || !got.Time.Equal(t0.Add(-tc.age)) {
			t.Errorf("sink got %s at %v, want %s at %v", got.MessageID, got.Time, tc.id, t0.Add(-tc.age))
		}
	}
	r.ch.mu.Lock()
	n := r.ch.backlog
	r.ch.mu.Unlock()
	if n != 3 {
		t.Errorf("backlog count = %d, want 3", n)
	}
	r.fake.emit(&events.OfflineSyncCompleted{Count: 3})
	r.ch.mu.Lock()
	n = r.ch.backlog
	r.ch.mu.Unlock()
	if n != 0 {
		t.Errorf("backlog count after report = %d, want 0", n)
	}
}

func TestOrderKeptWithSlowSink(t *testing.T) {
	cfg := testConfig()
	fake := newFake()
	ch := NewWithClient(cfg, fake, fake.self)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	var got []string
	done := make(chan error, 1)
	go func() {
		done <- ch.Run(ctx, func(_ context.Context, in bot.Inbound) error {
			<-release // a slow sink: HandleEvent waits, whatsmeow buffers
			got = append(got, in.MessageID)
			return nil
		})
	}()
	<-fake.connected
	const n = 100
	emitted := make(chan struct{})
	go func() {
		for i := range n {
			chat := []string{budi, group, "628999@s.whatsapp.net"}[i%3]
			fake.emit(msgEvent(fmt.Sprintf("M%03d", i), chat, budi, textMsg("x")))
		}
		close(emitted)
	}()
	for range n {
		release <- struct{}{}
	}
	<-emitted
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v, want nil after cancel", err)
	}
	if len(got) != n {
		t.Fatalf("sink got %d messages, want %d", len(got), n)
	}
	for i, id := range got {
		if want := fmt.Sprintf("M%03d", i); id != want {
			t.Fatalf("message %d = %s, want %s (arrival order)", i, id, want)
		}
	}
}

func TestRunFatalEvents(t *testing.T) {
	tests := []struct {
		evt    any
		code   string
		expire time.Duration
	}{
		{&events.LoggedOut{OnConnect: true, Reason: events.ConnectFailureLoggedOut}, CodeLoggedOut, 0},
		{&events.StreamReplaced{}, CodeStreamReplaced, 0},
		{&events.TemporaryBan{Code: events.TempBanSentToTooManyPeople, Expire: 2 * time.Hour}, CodeTemporaryBan, 2 * time.Hour},
		{&events.ClientOutdated{}, CodeClientOutdated, 0},
		{&events.ConnectFailure{Reason: events.ConnectFailureBadUserAgent}, CodeConnectFailure, 0},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			fake := newFake()
			ch := NewWithClient(testConfig(), fake, fake.self)
			done := make(chan error, 1)
			go func() { done <- ch.Run(context.Background(), func(context.Context, bot.Inbound) error { return nil }) }()
			<-fake.connected
			fake.emit(&events.Connected{})
			fake.emit(tt.evt)
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return after a fatal event")
			}
			var we *Error
			if !errors.As(err, &we) {
				t.Fatalf("Run = %v, want *Error", err)
			}
			if we.Code != tt.code || we.Expire != tt.expire || we.Detail == "" {
				t.Errorf("error = %+v, want code %s expire %v with a detail", we, tt.code, tt.expire)
			}
			if fake.disconnectCount() != 1 {
				t.Errorf("disconnects = %d, want 1", fake.disconnectCount())
			}
			// A message after the end does not block the (whatsmeow)
			// caller, and is not acknowledged: it comes again next time.
			if fake.emit(msgEvent("LATE", budi, budi, textMsg("x"))) {
				t.Error("a message after Run ended was acknowledged")
			}
		})
	}
}

func TestRunEndsWithContext(t *testing.T) {
	fake := newFake()
	ch := NewWithClient(testConfig(), fake, fake.self)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ch.Run(ctx, func(context.Context, bot.Inbound) error { return nil }) }()
	<-fake.connected
	fake.emit(&events.Disconnected{}) // not fatal: whatsmeow reconnects
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if fake.disconnectCount() != 1 {
		t.Errorf("disconnects = %d, want 1", fake.disconnectCount())
	}
	if err := ch.Run(context.Background(), nil); !errors.Is(err, ErrAlreadyRun) {
		t.Errorf("second Run = %v, want ErrAlreadyRun", err)
	}
}

func TestRunConnectError(t *testing.T) {
	fake := newFake()
	fake.connectErr = errors.New("dial failed")
	ch := NewWithClient(testConfig(), fake, fake.self)
	err := ch.Run(context.Background(), func(context.Context, bot.Inbound) error { return nil })
	if err == nil || !errors.Is(err, fake.connectErr) {
		t.Fatalf("Run = %v, want the connect error wrapped", err)
	}
}

func TestSinkErrorIsNotFatal(t *testing.T) {
	fake := newFake()
	ch := NewWithClient(testConfig(), fake, fake.self)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := make(chan string, 2)
	done := make(chan error, 1)
	go func() {
		done <- ch.Run(ctx, func(_ context.Context, in bot.Inbound) error {
			seen <- in.MessageID
			return errors.New("parked")
		})
	}()
	<-fake.connected
	// Not acknowledged, so WhatsApp sends it again on the next connection
	// (the engine's dedupe drops it if it was recorded after all).
	if fake.emit(msgEvent("A", budi, budi, textMsg("1"))) {
		t.Error("a message the sink failed on was acknowledged")
	}
	fake.emit(msgEvent("B", budi, budi, textMsg("2")))
	if a, b := <-seen, <-seen; a != "A" || b != "B" {
		t.Errorf("sink saw %s, %s; want A, B", a, b)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v, want nil", err)
	}
}

func TestErrorText(t *testing.T) {
	e := &Error{Code: CodeNoSession}
	if got, want := e.Error(), "sesi WhatsApp belum ada, jalankan: dropbot whatsapp login"; got != want {
		t.Errorf("no_session Error() = %q, want %q", got, want)
	}
	cause := errors.New("boom")
	e = &Error{Code: CodeLoginFailed, Detail: "pairing failed", Err: cause}
	if got, want := e.Error(), "whatsapp login_failed: pairing failed: boom"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, cause) {
		t.Error("Error does not unwrap to its cause")
	}
}

func TestRedactJID(t *testing.T) {
	if got, want := redactJID(jid(budi)), "628…890@s.whatsapp.net"; got != want {
		t.Errorf("redactJID = %q, want %q", got, want)
	}
}

// TestAckOnlyWhenHandled: whatsmeow acknowledges a message to WhatsApp only
// when HandleEvent returns true, so it must not before the sink has it.
func TestAckOnlyWhenHandled(t *testing.T) {
	fake := newFake()
	ch := NewWithClient(testConfig(), fake, fake.self)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	entered := make(chan string, 4)
	done := make(chan error, 1)
	go func() {
		done <- ch.Run(ctx, func(ctx context.Context, in bot.Inbound) error {
			entered <- in.MessageID
			if in.MessageID == "SLOW" {
				<-ctx.Done() // killed mid-message: never recorded
				return ctx.Err()
			}
			return nil
		})
	}()
	<-fake.connected
	if !fake.emit(msgEvent("OK", budi, budi, textMsg("halo"))) {
		t.Error("a handled message was not acknowledged")
	}
	if got := <-entered; got != "OK" {
		t.Fatalf("sink got %s, want OK", got)
	}
	own := msgEvent("OWN", budi, budi, textMsg("halo"))
	own.Info.IsFromMe = true
	if !fake.emit(own) {
		t.Error("our own message (ignored on purpose) was not acknowledged")
	}
	acked := make(chan bool, 1)
	go func() { acked <- fake.emit(msgEvent("SLOW", budi, budi, textMsg("halo"))) }()
	if got := <-entered; got != "SLOW" {
		t.Fatalf("sink got %s, want SLOW", got)
	}
	cancel() // Run stops while the sink still has SLOW
	if <-acked {
		t.Error("a message cut off by shutdown was acknowledged")
	}
	if err := <-done; err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
}

// TestWantMediaSkipsDownloads: attachments of a group the engine does not
// want (not linked to a supplier) are not downloaded; the message still
// goes on, described. Private chats and wanted groups are downloaded.
func TestWantMediaSkipsDownloads(t *testing.T) {
	const linked = "120363000000000001@g.us"
	cfg := testConfig()
	r := startRun(t, cfg)
	var asked []string
	r.ch.SetWantMedia(func(_ context.Context, chat string) bool {
		asked = append(asked, chat)
		return chat == linked
	})
	r.fake.files["/v/doc"] = []byte("%PDF-1.4 katalog")
	for _, tc := range []struct {
		chat     string
		wantData bool
	}{{group, false}, {linked, true}, {budi, true}} {
		r.fake.emit(msgEvent("D-"+tc.chat, tc.chat, budi, &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{
			DirectPath: proto.String("/v/doc"), FileLength: proto.Uint64(16), FileName: proto.String("katalog.pdf"),
		}}))
		got := r.next(t)
		if got.Media == nil || (got.Media.Data != nil) != tc.wantData || got.Media.FileName != "katalog.pdf" {
			t.Errorf("%s: media %+v, want data=%v", tc.chat, got.Media, tc.wantData)
		}
	}
	r.fake.mu.Lock()
	calls := r.fake.dlCalls
	r.fake.mu.Unlock()
	if calls != 2 {
		t.Errorf("%d downloads, want 2 (the unlinked group's skipped)", calls)
	}
	if !slices.Equal(asked, []string{group, linked}) {
		t.Errorf("asked about %v, want the two groups only", asked)
	}
}
