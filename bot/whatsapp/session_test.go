package whatsapp

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"

	"github.com/dropbot/dropbot/locales"
)

func TestOpenStore(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data#1") // '#' must not cut the path
	c, err := OpenStore(ctx, dir, WALog(quietLog()))
	if err != nil {
		t.Fatalf("OpenStore: %v", err) // sqlstore refuses to upgrade without foreign keys
	}
	dev, err := c.GetFirstDevice(ctx)
	if err != nil || dev.ID != nil {
		t.Errorf("fresh store: device %v err %v, want an unpaired device", dev.ID, err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "whatsapp.db")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("store file: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("store mode %v, want 0600 (it holds the device keys)", st.Mode().Perm())
	}
	db, err := sql.Open("sqlite", "file:"+strings.ReplaceAll(path, "#", "%23"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'whatsmeow_device'").Scan(&n); err != nil || n != 1 {
		t.Errorf("whatsmeow_device table: n=%d err=%v, want 1", n, err)
	}
	// Reopening an existing store works.
	c, err = OpenStore(ctx, dir, nil)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	c.Close()
}

// TestRealClientKeepsDecryptedEvents: with synchronous acks, a message whose
// handling was cut off is redelivered, but the Signal ratchet already moved
// on; only whatsmeow's decrypted-event buffer lets it be read again.
func TestRealClientKeepsDecryptedEvents(t *testing.T) {
	c, err := OpenStore(context.Background(), t.TempDir(), WALog(quietLog()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w := newWAClient(c.NewDevice(), quietLog())
	if !w.cli.SynchronousAck || !w.cli.EnableDecryptedEventBuffer {
		t.Errorf("SynchronousAck=%v EnableDecryptedEventBuffer=%v, want both on", w.cli.SynchronousAck, w.cli.EnableDecryptedEventBuffer)
	}
}

func TestStoreNeedsForeignKeys(t *testing.T) {
	// The same store without the foreign_keys pragma is refused: the
	// pragma in storeDSN is what makes OpenStore work.
	path := filepath.Join(t.TempDir(), "whatsapp.db")
	_, err := sqlstore.New(context.Background(), "sqlite", "file:"+path+"?_pragma=busy_timeout(5000)", nil)
	if err == nil || !strings.Contains(err.Error(), "foreign keys") {
		t.Fatalf("sqlstore.New without foreign keys = %v, want refusal", err)
	}
	if dsn := storeDSN("data/whatsapp.db"); dsn != "file:data/whatsapp.db?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" {
		t.Errorf("storeDSN = %q", dsn)
	}
	if dsn := storeDSN("a%b?c#d/whatsapp.db"); !strings.HasPrefix(dsn, "file:a%25b%3Fc%23d/whatsapp.db?") {
		t.Errorf("storeDSN escaping = %q", dsn)
	}
}

func TestNewWithoutSession(t *testing.T) {
	dir := t.TempDir()
	_, err := New(context.Background(), Config{DataDir: dir, Log: quietLog()})
	var we *Error
	if !errors.As(err, &we) || we.Code != CodeNoSession {
		t.Fatalf("New on an empty store = %v, want *Error no_session", err)
	}
	if err.Error() != "sesi WhatsApp belum ada, jalankan: dropbot whatsapp login" {
		t.Errorf("message = %q", err.Error())
	}
	err = Logout(context.Background(), Config{DataDir: dir, Log: quietLog()})
	if !errors.As(err, &we) || we.Code != CodeNoSession {
		t.Errorf("Logout on an empty store = %v, want no_session", err)
	}
}

func TestLoginRefusesBadPhoneBeforeConnecting(t *testing.T) {
	dir := t.TempDir()
	err := Login(context.Background(), Config{DataDir: dir, Log: quietLog()}, "12ab", &bytes.Buffer{})
	var pe *locales.PhoneError
	if !errors.As(err, &pe) || pe.Code != "invalid" {
		t.Fatalf("Login with a bad phone = %v, want PhoneError invalid", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "whatsapp.db")); !os.IsNotExist(err) {
		t.Errorf("store created before the phone was checked: %v", err)
	}
}

func TestPairingPhone(t *testing.T) {
	tests := []struct{ in, want, errCode string }{
		{"081234567890", "6281234567890", ""},
		{"+62 812-3456-7890", "6281234567890", ""},
		{"6281234567890", "6281234567890", ""},
		{"81234567890", "6281234567890", ""},
		{"+60 12-345 6789", "60123456789", ""}, // another country, with "+"
		{"60123456789", "", "not_indonesian"},  // without "+" it is not guessed
		{"0812", "", "too_short"},
		{"", "", "empty"},
	}
	for _, tt := range tests {
		got, err := pairingPhone(tt.in)
		var pe *locales.PhoneError
		switch {
		case tt.errCode == "" && (err != nil || got != tt.want):
			t.Errorf("pairingPhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.errCode != "" && (!errors.As(err, &pe) || pe.Code != tt.errCode):
			t.Errorf("pairingPhone(%q) err = %v, want code %s", tt.in, err, tt.errCode)
		}
	}
}

func qrItems(items ...whatsmeow.QRChannelItem) <-chan whatsmeow.QRChannelItem {
	ch := make(chan whatsmeow.QRChannelItem, len(items))
	for _, it := range items {
		ch <- it
	}
	close(ch)
	return ch
}

func code(c string) whatsmeow.QRChannelItem {
	return whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventCode, Code: c}
}

func TestPairQR(t *testing.T) {
	var out bytes.Buffer
	noPhone := func(context.Context, string) (string, error) {
		t.Error("PairPhone called in QR mode")
		return "", nil
	}
	err := pair(context.Background(), qrItems(code("2@abc"), code("2@def"), whatsmeow.QRChannelSuccess), "", noPhone, &out)
	if err != nil {
		t.Fatalf("pair = %v, want nil on success", err)
	}
	want := "\n" + RenderQR("2@abc") + "\n" + "\n" + RenderQR("2@def") + "\n"
	if out.String() != want {
		t.Errorf("output is not the two QR codes:\n%s", out.String())
	}
	if !strings.ContainsAny(RenderQR("2@abc"), "█▀▄") {
		t.Error("RenderQR drew no blocks")
	}
}

func TestPairPhone(t *testing.T) {
	var out bytes.Buffer
	calls := 0
	pp := func(_ context.Context, n string) (string, error) {
		calls++
		if n != "6281234567890" {
			t.Errorf("PairPhone number %q", n)
		}
		return "ABCD-EFGH", nil
	}
	err := pair(context.Background(), qrItems(code("a"), code("b"), whatsmeow.QRChannelSuccess), "6281234567890", pp, &out)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("PairPhone calls = %d, want 1 (only on the first code)", calls)
	}
	if out.String() != "\nWhatsApp pairing code: ABCD-EFGH\n" {
		t.Errorf("output = %q", out.String())
	}
}

func TestPairFailures(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name  string
		items <-chan whatsmeow.QRChannelItem
		pp    func(context.Context, string) (string, error)
		phone string
		code  string
	}{
		{"timeout", qrItems(code("a"), whatsmeow.QRChannelTimeout), nil, "", CodeLoginTimeout},
		{"channel closed", qrItems(code("a")), nil, "", CodeLoginTimeout},
		{"outdated", qrItems(whatsmeow.QRChannelClientOutdated), nil, "", CodeClientOutdated},
		{"pair error", qrItems(whatsmeow.QRChannelItem{Event: whatsmeow.QRChannelEventError, Error: boom}), nil, "", CodeLoginFailed},
		{"unexpected state", qrItems(whatsmeow.QRChannelErrUnexpectedEvent), nil, "", CodeLoginFailed},
		{"multidevice off then timeout", qrItems(whatsmeow.QRChannelScannedWithoutMultidevice, whatsmeow.QRChannelTimeout), nil, "", CodeLoginTimeout},
		{"phone code refused", qrItems(code("a")), func(context.Context, string) (string, error) { return "", boom }, "628123456789", CodeLoginFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := pair(context.Background(), tt.items, tt.phone, tt.pp, &bytes.Buffer{})
			var we *Error
			if !errors.As(err, &we) || we.Code != tt.code {
				t.Errorf("pair = %v, want code %s", err, tt.code)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := pair(ctx, make(chan whatsmeow.QRChannelItem), "", nil, &bytes.Buffer{}); !errors.Is(err, context.Canceled) {
		t.Errorf("pair with canceled ctx = %v", err)
	}
}

func TestWALog(t *testing.T) {
	var b bytes.Buffer
	l := WALog(slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelInfo})))
	sub := l.Sub("Client").Sub("Recv")
	sub.Warnf("frame %d odd", 7)
	sub.Infof("chat 6281234567890 says hi") // info → debug: hidden at Info
	sub.Debugf("xml")
	got := b.String()
	if !strings.Contains(got, "level=WARN") || !strings.Contains(got, `msg="frame 7 odd"`) || !strings.Contains(got, "whatsmeow=Client/Recv") {
		t.Errorf("warn line = %q", got)
	}
	if strings.Contains(got, "6281234567890") || strings.Count(got, "\n") != 1 {
		t.Errorf("info/debug leaked at Info level: %q", got)
	}
}

// TestWALogScrubs: whatsmeow's lines reach our logs (at debug level too)
// without phones, addresses or push names, and still say what happened.
func TestWALogScrubs(t *testing.T) {
	budiJID := types.NewJID("6281234567890", types.DefaultUserServer)
	lid := types.NewADJID("123456789012345", 0, 3)
	lid.Server = types.HiddenUserServer
	tests := []struct {
		name   string
		format string
		args   []any
		keep   []string // must stay in the line
	}{
		{"decrypting", "Decrypting message from %s", []any{"6281234567890@s.whatsapp.net in 120363012345678901@g.us"},
			[]string{"Decrypting message from 628…890@s.whatsapp.net in 120…901@g.us"}},
		{"jid value", "Ignoring message %s from %v: %v", []any{"3EB0C767D26A1D8E9F", budiJID, errors.New("old counter")},
			[]string{"Ignoring message 3EB0C767D26A1D8E9F from 628…890@s.whatsapp.net: old counter"}},
		{"device and lid", "Sending retry to %s / %s", []any{types.NewADJID("6281234567890", 0, 12), lid},
			[]string{"628…890:12@s.whatsapp.net", "123…345:3@lid"}},
		{"push name change", "Push name of %s changed from %s to %s, dispatching event", []any{budiJID, "Budi Santoso", "Budi S"},
			[]string{"Push name of 628…890@s.whatsapp.net changed from [name] to [name]"}},
		{"history push name", "Got push name %s for %s in history sync", []any{"Siti", budiJID}, []string{"[name]"}},
		{"business name", "Business name of %s changed from %s to %s, dispatching event", []any{budiJID, "Toko Siti", "Siti Shop"}, []string{"changed from [name]"}},
		{"bare phone", "PN %s has no LID", []any{"+6281234567890"}, []string{"PN +62…890 has no LID"}},
		{"frame dump", "%s", []any{`<message from="6281234567890@s.whatsapp.net" notify="Budi Santoso" id="3EB0"><enc v="2"/></message>`},
			[]string{"frame <message>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			l := WALog(slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})))
			l.Sub("Client").Debugf(tt.format, tt.args...)
			got := b.String()
			for _, bad := range []string{"6281234567890", "81234567890", "123456789012345", "Budi", "Siti", "120363012345678901"} {
				if strings.Contains(got, bad) {
					t.Errorf("line leaks %q: %s", bad, got)
				}
			}
			for _, k := range tt.keep {
				if !strings.Contains(got, k) {
					t.Errorf("line lost %q: %s", k, got)
				}
			}
		})
	}
}
