// Command dropbot runs a dropship or reseller shop inside Telegram and
// WhatsApp. This file only reads configuration, wires the parts together
// and dispatches subcommands; the shop's rules live in flows.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/dropbot/dropbot/bot/playground"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/catalog"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

const usage = `dropbot — a dropship shop in Telegram and WhatsApp

Usage:
  dropbot [run]                 run the bot (the playground when no channel is configured)
  dropbot play [--json]         the playground: interactive, or a script on stdin
  dropbot import FILE           load a catalogue from CSV or XLSX
  dropbot whatsapp login [--phone 62…]
                                link WhatsApp: scan the QR, or type the pairing code
  dropbot whatsapp logout       unlink WhatsApp and delete its session
  dropbot backup FILE           write a copy of the books (safe while the bot runs)
  dropbot restore FILE          replace the books with a backup (the bot must be stopped)
  dropbot version               print the version

Every command takes --data DIR (env DROPBOT_DATA, default ./data).
`

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env is the environment as a lookup function, so tests can supply their own.
type env func(string) string

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(ctx, args, stdin, stdout, stderr, os.Getenv)
}

func runEnv(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) int {
	cmd := "run"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "run":
		err = cmdRun(ctx, args, stdin, stdout, stderr, getenv)
	case "play":
		err = cmdPlay(ctx, args, stdin, stdout, stderr, getenv)
	case "import":
		err = cmdImport(ctx, args, stdout, stderr, getenv)
	case "whatsapp":
		err = cmdWhatsApp(ctx, args, stdout, stderr, getenv)
	case "backup":
		err = cmdBackup(ctx, args, stdout, stderr, getenv)
	case "restore":
		err = cmdRestore(ctx, args, stdout, stderr, getenv)
	case "version":
		fmt.Fprintf(stdout, "dropbot %s (schema %d)\n", version, store.SchemaVersion())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "dropbot: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "dropbot %s: %v\n", cmd, err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

var errUsage = errors.New("usage")

// common holds what every subcommand shares.
type common struct {
	dataDir string
	log     *slog.Logger
}

func newFlags(name string, stderr io.Writer, getenv env) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := getenv("DROPBOT_DATA")
	if def == "" {
		def = "data"
	}
	data := fs.String("data", def, "data directory (env DROPBOT_DATA)")
	return fs, data
}

func logger(w io.Writer, getenv env, def slog.Level) *slog.Logger {
	level := def
	switch strings.ToLower(getenv("DROPBOT_LOG")) {
	case "debug":
		level = slog.LevelDebug
	case "info":
		level = slog.LevelInfo
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// openBooks opens the database in dataDir; fresh reports whether the file
// did not exist before.
func openBooks(ctx context.Context, dataDir string, opts ...store.Option) (db *store.DB, fresh bool, err error) {
	path := filepath.Join(dataDir, store.FileName)
	_, statErr := os.Stat(path)
	fresh = errors.Is(statErr, os.ErrNotExist)
	db, err = store.Open(ctx, path, opts...)
	if err != nil {
		return nil, false, err
	}
	return db, fresh, nil
}

// setOwners applies DROPBOT_OWNERS ("telegram:123,whatsapp:62812…").
func setOwners(ctx context.Context, db *store.DB, spec string) error {
	if strings.TrimSpace(spec) == "" {
		return nil
	}
	return db.Update(ctx, func(tx *store.Tx) error {
		for _, part := range strings.Split(spec, ",") {
			ch, id, ok := strings.Cut(strings.TrimSpace(part), ":")
			if !ok || ch == "" || id == "" {
				return fmt.Errorf("DROPBOT_OWNERS: %q is not channel:id (e.g. telegram:123456)", part)
			}
			ch = strings.TrimSpace(ch)
			id, err := ownerID(ch, strings.TrimSpace(id))
			if err != nil {
				return err
			}
			if err := tx.SetStaff(ch, id, store.StaffOwner, "DROPBOT_OWNERS"); err != nil {
				return err
			}
		}
		return nil
	})
}

// ownerID turns an owner's id as people write it into the id the channel
// reports: Telegram's numeric user id as is, a WhatsApp phone number
// ("0812…", "62812…", "+62 812…") as its JID "62812…@s.whatsapp.net".
func ownerID(channel, id string) (string, error) {
	_, norm, err := locales.ParseStaffID(channel + ":" + id)
	var se *locales.StaffIDError
	switch {
	case err == nil:
		return norm, nil
	case errors.As(err, &se) && se.Code == "telegram":
		return "", fmt.Errorf("DROPBOT_OWNERS: telegram:%s is not a numeric Telegram user id (ask @userinfobot for yours)", id)
	case errors.As(err, &se) && se.Code == "whatsapp":
		return "", fmt.Errorf("DROPBOT_OWNERS: whatsapp:%s is not a phone number: %w", id, err)
	}
	return "", fmt.Errorf("DROPBOT_OWNERS: %s:%s: %w", channel, id, err)
}

func cmdPlay(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) error {
	fs, data := newFlags("play", stderr, getenv)
	jsonOut := fs.Bool("json", false, "print every message the bot sends as one JSON line")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := logger(stderr, getenv, slog.LevelWarn)
	// The same ongkir and tracking providers as run: a playground with
	// DROPBOT_BITESHIP_API/_KEY set quotes and tracks through them.
	shipCfg, err := shipping.ConfigFromEnv(getenv)
	if err != nil {
		return err
	}
	lock, err := lockData(*data)
	if err != nil {
		return err
	}
	defer lock.release()
	// One clock for the books and the playground, so "clock +25h" in a
	// script moves both.
	clock := playground.NewClock(nil)
	db, fresh, err := openBooks(ctx, *data, store.WithClock(clock.Now))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := setOwners(ctx, db, getenv("DROPBOT_OWNERS")); err != nil {
		return err
	}
	if fresh {
		if err := db.Update(ctx, func(tx *store.Tx) error { _, err := flows.SeedDemo(tx); return err }); err != nil {
			return fmt.Errorf("seed demo shop: %w", err)
		}
		fmt.Fprintf(stderr, "New data directory %s: seeded a demo shop.\n", *data)
	}
	shop := flows.NewShop(flows.Config{Log: log, MediaDir: filepath.Join(*data, "media"), Backup: db.BackupBytes, Shipping: shipCfg})
	trk := shop.Tracker(db, log, nil)
	pg, err := playground.New(ctx, playground.Config{
		DB: db, Handler: shop, MediaDir: filepath.Join(*data, "media"), Clock: clock,
		Track: func(ctx context.Context) error { _, err := trk.RunOnce(ctx); return err },
	})
	if err != nil {
		return err
	}
	pr := playground.Printer{W: stdout, JSON: *jsonOut}
	if isTerminal(stdin) {
		return pg.Interactive(ctx, stdin, pr, stdout)
	}
	return pg.RunScript(ctx, stdin, pr, stderr)
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) error {
	fs, data := newFlags("import", stderr, getenv)
	create := fs.Bool("create-suppliers", false, "create suppliers whose code is not known yet")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: dropbot import [--data DIR] [--create-suppliers] FILE", errUsage)
	}
	name := fs.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", name, err)
	}
	defer f.Close()
	db, _, err := openBooks(ctx, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	var lang locales.Lang
	if err := db.View(ctx, func(tx *store.Tx) (err error) { lang, err = chat.OwnerLang(tx); return err }); err != nil {
		return err
	}
	p := locales.Default().For(lang) // the owner's language (/atur bahasa), Indonesian by default
	rep, err := catalog.Import(ctx, db, name, f, catalog.Options{
		MediaDir: filepath.Join(*data, "media"), PhotoRoot: filepath.Dir(name), CreateSuppliers: *create,
	})
	var fe *catalog.Error
	if errors.As(err, &fe) {
		return errors.New(fe.Message(p))
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, p.T("import.cli.summary", "file", name, "rows", rep.Rows, "created", rep.Created,
		"updated", rep.Updated, "skipped", rep.Skipped()))
	unknownSupplier := false
	for _, e := range rep.Errors {
		fmt.Fprintln(stdout, "  "+e.Message(p))
		unknownSupplier = unknownSupplier || e.Code == catalog.CodeUnknownSupplier
	}
	if len(rep.IgnoredColumns) > 0 {
		fmt.Fprintln(stdout, "  "+p.T("import.ignored", "columns", strings.Join(rep.IgnoredColumns, ", ")))
	}
	if unknownSupplier {
		fmt.Fprintln(stdout, p.T("import.cli.create_suppliers"))
	}
	if len(rep.Errors) > 0 {
		return errors.New(p.T("import.cli.skipped", "count", rep.Skipped()))
	}
	return nil
}
