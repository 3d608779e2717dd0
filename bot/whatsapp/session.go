package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/skip2/go-qrcode"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types/events"
	waLog "go.mau.fi/whatsmeow/util/log"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/dropbot/dropbot/locales"
)

// StoreFile is the session store's file name inside the data directory.
const StoreFile = "whatsapp.db"

// How long Login and Logout wait for the connection after pairing.
const connectWait = 45 * time.Second

// OpenStore opens (creating if needed) the whatsmeow session store
// dataDir/whatsapp.db with the modernc "sqlite" driver. The file holds the
// device's keys: it is created readable by the owner only. Foreign keys
// are on (whatsmeow refuses the store without them), WAL and a busy
// timeout let Login and a running bot wait for each other instead of
// failing.
func OpenStore(ctx context.Context, dataDir string, log waLog.Logger) (*sqlstore.Container, error) {
	if dataDir == "" {
		dataDir = "."
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("whatsapp store: %w", err)
	}
	path := filepath.Join(dataDir, StoreFile)
	// Create it 0600 first: SQLite gives the -wal and -shm files the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("whatsapp store: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("whatsapp store: %w", err)
	}
	c, err := sqlstore.New(ctx, "sqlite", storeDSN(path), log)
	if err != nil {
		return nil, fmt.Errorf("whatsapp store %s: %w", path, err)
	}
	return c, nil
}

// storeDSN is the modernc DSN of the session store at path. The path is
// escaped where a SQLite URI would misread it ('%', '?', '#').
func storeDSN(path string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	return "file:" + esc + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
}

// Login pairs dropbot as a linked device of the shop's phone. Without
// phone it prints a QR code to out (a new one every 20 s or so: scan it in
// WhatsApp → Linked devices → Link a device). With phone ("0812…",
// "62812…", "+62 812…") it prints an 8-character pairing code to type on
// the phone instead (Link with phone number). It returns nil once paired
// and connected, an *Error with Code "login_timeout" when the codes ran
// out (about 2.5 minutes), "session_exists" when a device is already
// paired, or a *locales.PhoneError for a phone number it cannot read.
func Login(ctx context.Context, cfg Config, phone string, out io.Writer) error {
	lg := logger(cfg.Log)
	number := ""
	if phone != "" {
		var err error
		if number, err = pairingPhone(phone); err != nil {
			return err
		}
	}
	container, err := OpenStore(ctx, cfg.DataDir, WALog(lg))
	if err != nil {
		return err
	}
	defer container.Close()
	device, err := container.GetFirstDevice(ctx)
	if err != nil {
		return fmt.Errorf("whatsapp: read session: %w", err)
	}
	if device.ID != nil {
		return &Error{Code: CodeSessionExists, Detail: "a device is already paired; log out first with: dropbot whatsapp logout"}
	}
	cli := whatsmeow.NewClient(device, WALog(lg))
	connected := make(chan struct{}, 1)
	cli.AddEventHandler(func(evt any) {
		if _, ok := evt.(*events.Connected); ok {
			select {
			case connected <- struct{}{}:
			default:
			}
		}
	})
	items, err := cli.GetQRChannel(ctx)
	if err != nil {
		return fmt.Errorf("whatsapp login: %w", err)
	}
	if err := cli.ConnectContext(ctx); err != nil {
		return fmt.Errorf("whatsapp login: connect: %w", err)
	}
	defer cli.Disconnect()
	pairPhone := func(ctx context.Context, number string) (string, error) {
		return cli.PairPhone(ctx, number, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
	}
	if err := pair(ctx, items, number, pairPhone, out); err != nil {
		return err
	}
	// Pairing is followed by a reconnect; let it finish so the keys are
	// uploaded before the process exits.
	t := time.NewTimer(connectWait)
	defer t.Stop()
	select {
	case <-connected:
	case <-t.C:
		lg.Warn("whatsapp paired but the first connection did not complete; dropbot run will retry")
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// pair follows the QR channel until pairing succeeds or fails. Without a
// number each code is printed as a terminal QR; with one, the first code
// (the socket is ready) triggers the phone-code request, done once.
func pair(ctx context.Context, items <-chan whatsmeow.QRChannelItem, number string,
	pairPhone func(context.Context, string) (string, error), out io.Writer) error {
	asked := false
	for {
		var it whatsmeow.QRChannelItem
		var ok bool
		select {
		case <-ctx.Done():
			return ctx.Err()
		case it, ok = <-items:
		}
		if !ok {
			return &Error{Code: CodeLoginTimeout, Detail: "pairing ended without success"}
		}
		switch it.Event {
		case whatsmeow.QRChannelEventCode:
			if number == "" {
				if _, err := io.WriteString(out, "\n"+RenderQR(it.Code)+"\n"); err != nil {
					return fmt.Errorf("whatsapp login: %w", err)
				}
				continue
			}
			if asked {
				continue
			}
			asked = true
			code, err := pairPhone(ctx, number)
			if err != nil {
				return &Error{Code: CodeLoginFailed, Detail: "WhatsApp refused the pairing-code request", Err: err}
			}
			if _, err := fmt.Fprintf(out, "\nWhatsApp pairing code: %s\n", code); err != nil {
				return fmt.Errorf("whatsapp login: %w", err)
			}
		case whatsmeow.QRChannelSuccess.Event:
			return nil
		case whatsmeow.QRChannelTimeout.Event:
			return &Error{Code: CodeLoginTimeout, Detail: "nobody linked the device in time; run the login again"}
		case whatsmeow.QRChannelClientOutdated.Event:
			return &Error{Code: CodeClientOutdated, Detail: "WhatsApp rejected this client version; update dropbot"}
		case whatsmeow.QRChannelScannedWithoutMultidevice.Event:
			// The same code still works once multi-device is on.
			continue
		case whatsmeow.QRChannelEventError:
			return &Error{Code: CodeLoginFailed, Detail: "pairing failed", Err: it.Error}
		default:
			return &Error{Code: CodeLoginFailed, Detail: "unexpected pairing state " + it.Event}
		}
	}
}

// RenderQR draws a QR code of code with half-block characters, small
// enough for an 80-column terminal.
func RenderQR(code string) string {
	q, err := qrcode.New(code, qrcode.Low)
	if err != nil {
		return code // too long for a QR: show the raw code rather than nothing
	}
	return q.ToSmallString(false)
}

// pairingPhone turns the --phone argument into the international digits
// PairPhone wants. Indonesian numbers may be typed any usual way; another
// country's number must start with "+".
func pairingPhone(s string) (string, error) {
	n, err := locales.NormalizePhone(s)
	if err == nil {
		return n, nil
	}
	var pe *locales.PhoneError
	if errors.As(err, &pe) && pe.Code == "not_indonesian" && strings.HasPrefix(strings.TrimSpace(s), "+") {
		var digits strings.Builder
		for _, r := range s {
			if '0' <= r && r <= '9' {
				digits.WriteRune(r)
			}
		}
		if d := digits.String(); len(d) >= 8 && len(d) <= 15 && d[0] != '0' {
			return d, nil
		}
	}
	return "", err
}

// Logout unlinks the device from the phone and deletes the local session.
// When WhatsApp cannot be told (offline, already unlinked), the local
// session is deleted anyway and an *Error with Code "logout_local_only"
// says so: remove the device on the phone (Linked devices) if it is still
// listed. Stop `dropbot run` first: both at once replace each other.
func Logout(ctx context.Context, cfg Config) error {
	lg := logger(cfg.Log)
	container, err := OpenStore(ctx, cfg.DataDir, WALog(lg))
	if err != nil {
		return err
	}
	defer container.Close()
	device, err := container.GetFirstDevice(ctx)
	if err != nil {
		return fmt.Errorf("whatsapp: read session: %w", err)
	}
	if device.ID == nil {
		return &Error{Code: CodeNoSession, Detail: "nothing to log out"}
	}
	cli := whatsmeow.NewClient(device, WALog(lg))
	state := make(chan bool, 1) // true: connected; false: WhatsApp says we are logged out
	cli.AddEventHandler(func(evt any) {
		var v bool
		switch evt.(type) {
		case *events.Connected:
			v = true
		case *events.LoggedOut:
		default:
			return
		}
		select {
		case state <- v:
		default:
		}
	})
	cause := cli.ConnectContext(ctx)
	if cause == nil {
		t := time.NewTimer(connectWait)
		select {
		case ok := <-state:
			if !ok { // already unlinked; whatsmeow deletes the session itself
				t.Stop()
				cli.Disconnect()
				return nil
			}
			cause = cli.Logout(ctx) // unlinks, disconnects, deletes the session
		case <-t.C:
			cause = errors.New("connection timed out")
		case <-ctx.Done():
			cause = ctx.Err()
		}
		t.Stop()
	}
	if cause == nil {
		return nil
	}
	cli.Disconnect()
	err = device.Delete(context.WithoutCancel(ctx))
	if err != nil && !errors.Is(err, sqlstore.ErrDeviceIDMustBeSet) {
		return fmt.Errorf("whatsapp logout: delete local session after %w: %v", cause, err)
	}
	return &Error{Code: CodeLogoutLocalOnly, Detail: "could not unlink on WhatsApp; the local session is deleted, remove the device on the phone if it is still listed", Err: cause}
}

// WALog adapts slog to whatsmeow's logger. whatsmeow's info and debug
// lines (which name chats and dump frames) go to slog's Debug level;
// warnings and errors keep their level. Every line is scrubbed of personal
// data first, as dropbot's own logs are (scrubWA).
func WALog(l *slog.Logger) waLog.Logger { return waLogger{l: logger(l)} }

type waLogger struct {
	l   *slog.Logger
	mod string
}

func (w waLogger) logf(level slog.Level, msg string, args []any) {
	if !w.l.Enabled(context.Background(), level) {
		return
	}
	w.l.Log(context.Background(), level, scrubWA(msg, args), "whatsmeow", w.mod)
}

var (
	// waJIDRE is a WhatsApp address: user (phone or lid), optional agent
	// and device, server.
	waJIDRE = regexp.MustCompile(`([0-9A-Za-z]+)((?:[.:][0-9]+)*)@(s\.whatsapp\.net|c\.us|lid|hosted(?:\.lid)?|g\.us|broadcast|newsletter|bot)`)
	// waDigitsRE is a bare phone number (whatsmeow also logs the user part
	// alone); letters or digits around it make it part of an id instead.
	waDigitsRE = regexp.MustCompile(`\+?\b[0-9]{8,}\b`)
	// waFrameRE is the opening tag of an XML frame dump.
	waFrameRE = regexp.MustCompile(`^\s*<([a-z_]+)`)
)

// scrubWA formats one whatsmeow log line without personal data: frame
// dumps (which carry addresses, push names in notify="…" and contact
// cards) shrink to their tag; the string arguments of lines about names
// (push names, business names) are dropped; addresses and bare phone
// numbers keep only their first and last three digits, as redactJID does.
func scrubWA(format string, args []any) string {
	if strings.Contains(strings.ToLower(format), "name") {
		args = slices.Clone(args)
		for i, a := range args {
			if _, ok := a.(string); ok {
				args[i] = "[name]"
			}
		}
	}
	msg := fmt.Sprintf(format, args...)
	if m := waFrameRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("frame <%s> (%d bytes, not logged: personal data)", m[1], len(msg))
	}
	msg = waJIDRE.ReplaceAllStringFunc(msg, func(j string) string {
		m := waJIDRE.FindStringSubmatch(j)
		return redactUser(m[1]) + m[2] + "@" + m[3]
	})
	return waDigitsRE.ReplaceAllStringFunc(msg, redactUser)
}

// redactUser keeps the first and last three characters of a phone or lid.
func redactUser(u string) string {
	if len(u) > 6 {
		return u[:3] + "…" + u[len(u)-3:]
	}
	return u
}

func (w waLogger) Errorf(msg string, args ...any) { w.logf(slog.LevelError, msg, args) }
func (w waLogger) Warnf(msg string, args ...any)  { w.logf(slog.LevelWarn, msg, args) }
func (w waLogger) Infof(msg string, args ...any)  { w.logf(slog.LevelDebug, msg, args) }
func (w waLogger) Debugf(msg string, args ...any) { w.logf(slog.LevelDebug, msg, args) }

func (w waLogger) Sub(module string) waLog.Logger {
	if w.mod != "" {
		module = w.mod + "/" + module
	}
	return waLogger{l: w.l, mod: module}
}
