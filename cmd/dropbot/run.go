package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.mau.fi/whatsmeow"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/bot/playground"
	"github.com/dropbot/dropbot/bot/telegram"
	"github.com/dropbot/dropbot/bot/whatsapp"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// Shutdown budget: channels stop polling, the engine finishes the messages
// in hand, the dispatcher the sends under way. Each step has a bound so
// that SIGTERM ends the process within a few seconds.
const (
	stopChannels = 3 * time.Second
	stopGrace    = 2 * time.Second // engine and dispatcher each
	stopWait     = 3 * time.Second // beyond the grace, before giving up on a part
	// trackEvery is how often the due resi are looked for; each resi
	// keeps its own schedule (shipping.PollPolicy).
	trackEvery = 5 * time.Minute
)

// runConfig is what `dropbot run` reads from the environment.
type runConfig struct {
	dataDir     string
	tgToken     string
	tgAPI       string
	tgWebhook   string // public URL: webhook mode instead of long polling
	listen      string // where the webhook is served
	waPerMinute int
	crashLimit  int // DROPBOT_CRASH_LIMIT: crashes before a message is parked
	owners      string
	// shipping is the live ongkir providers' base URLs, keys and timeout
	// (DROPBOT_BITESHIP_*, DROPBOT_RAJAONGKIR_*, DROPBOT_SHIPPING_TIMEOUT).
	// It prints with the keys masked.
	shipping shipping.Config
}

func readRunConfig(data string, getenv env) (runConfig, error) {
	c := runConfig{
		dataDir:   data,
		tgToken:   strings.TrimSpace(getenv("DROPBOT_TELEGRAM_TOKEN")),
		tgAPI:     strings.TrimSpace(getenv("DROPBOT_TELEGRAM_API")),
		tgWebhook: strings.TrimSpace(getenv("DROPBOT_TELEGRAM_WEBHOOK")),
		listen:    strings.TrimSpace(getenv("DROPBOT_LISTEN")),
		owners:    getenv("DROPBOT_OWNERS"),
	}
	if v := strings.TrimSpace(getenv("DROPBOT_WA_PER_MINUTE")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 60 {
			return c, fmt.Errorf("DROPBOT_WA_PER_MINUTE=%q: want a whole number from 1 to 60", v)
		}
		c.waPerMinute = n
	}
	if v := strings.TrimSpace(getenv("DROPBOT_CRASH_LIMIT")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return c, fmt.Errorf("DROPBOT_CRASH_LIMIT=%q: want a whole number from 1", v)
		}
		c.crashLimit = n
	}
	var err error
	if c.shipping, err = shipping.ConfigFromEnv(getenv); err != nil {
		return c, err
	}
	return c, nil
}

// whatsAppLinked reports whether a WhatsApp session store exists in the
// data directory (whether it holds a paired device, whatsapp.New tells).
func whatsAppLinked(dataDir string) bool {
	_, err := os.Stat(filepath.Join(dataDir, whatsapp.StoreFile))
	return err == nil
}

func cmdRun(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) error {
	fs, data := newFlags("run", stderr, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := readRunConfig(*data, getenv)
	if err != nil {
		return err
	}
	log := logger(stderr, getenv, slog.LevelInfo)
	if cfg.shipping.BiteshipKey != "" || cfg.shipping.RajaOngkirKey != "" {
		log.Info("ongkir providers from the environment", "shipping", cfg.shipping) // keys masked
	}
	// The lock comes first: the WhatsApp session must not be opened beside
	// a running bot.
	lock, err := lockData(cfg.dataDir)
	if err != nil {
		return err
	}
	defer lock.release()

	var wa *whatsapp.Channel
	if whatsAppLinked(cfg.dataDir) {
		wa, err = whatsapp.New(ctx, whatsapp.Config{DataDir: cfg.dataDir, Log: log})
		var we *whatsapp.Error
		switch {
		case err == nil:
		case errors.As(err, &we) && we.Code == whatsapp.CodeNoSession:
			if cfg.tgToken != "" {
				log.Warn("sesi WhatsApp belum ada, jalankan: dropbot whatsapp login")
			}
		default:
			log.Error("WhatsApp tidak bisa dibuka; jalan tanpa WhatsApp", "err", err)
		}
	}
	if wa != nil {
		defer wa.Close()
	}
	if cfg.tgToken == "" && wa == nil {
		lock.release() // the playground takes it again
		fmt.Fprintln(stderr, "No channel is configured (DROPBOT_TELEGRAM_TOKEN, WhatsApp login): starting the playground.")
		return cmdPlay(ctx, args, stdin, stdout, stderr, getenv)
	}
	return runChannels(ctx, cfg, wa, log, stderr)
}

// runChannels runs the configured channels side by side on one engine and
// one dispatcher until ctx ends or no channel is left.
// The caller holds the data directory's lock.
func runChannels(ctx context.Context, cfg runConfig, wa *whatsapp.Channel, log *slog.Logger, stderr io.Writer) error {
	// The playground's owner (channel "play") exists only for `dropbot
	// play`: it must not count as the shop's owner here, nor collect notices.
	db, _, err := openBooks(ctx, cfg.dataDir, store.WithHiddenStaff(playground.ChannelName))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := setOwners(ctx, db, cfg.owners); err != nil {
		return err
	}
	if err := warnClaimedOwners(ctx, db, cfg.owners, stderr); err != nil {
		return err
	}
	var claim string
	if err := db.Update(ctx, func(tx *store.Tx) error {
		var err error
		claim, err = flows.EnsureClaimCode(tx)
		return err
	}); err != nil {
		return fmt.Errorf("owner claim code: %w", err)
	}
	if claim != "" {
		fmt.Fprintln(stderr, locales.Default().T(locales.ID, "channels.claim_code", "code", claim))
	}

	mediaDir := filepath.Join(cfg.dataDir, "media")
	tgPace := bot.TelegramPace()
	tgPace.Unreachable = telegramUnreachable
	waPace := bot.WhatsAppPace(cfg.waPerMinute)
	waPace.Unreachable = whatsAppUnreachable
	disp := bot.NewDispatcher(bot.DispatcherConfig{
		DB: db, MediaDir: mediaDir, Log: log, Grace: stopGrace,
		Pace: map[string]bot.Pace{telegram.Name: tgPace, whatsapp.ChannelName: waPace},
	})
	shop := flows.NewShop(flows.Config{Log: log, MediaDir: mediaDir, Backup: db.BackupBytes, Shipping: cfg.shipping})
	eng := bot.NewEngine(bot.EngineConfig{
		DB: db, Handler: shop, MediaDir: mediaDir,
		Log: log, Wake: disp.Wake, Grace: stopGrace, CrashLimit: cfg.crashLimit,
	})

	// The engine and the dispatcher outlive the channels: they stop only
	// after the channels stopped delivering, so what was handed over is
	// committed and what was committed has its chance to be sent.
	engCtx, stopEng := context.WithCancel(context.WithoutCancel(ctx))
	defer stopEng()
	dispCtx, stopDisp := context.WithCancel(context.WithoutCancel(ctx))
	defer stopDisp()
	engDone, dispDone := make(chan struct{}), make(chan struct{})
	go func() { defer close(engDone); eng.Run(engCtx) }()
	go func() { defer close(dispDone); disp.Run(dispCtx) }()
	// Parcel tracking: follows the resi recorded with shipping.Follow,
	// with the owner's provider (idle while none has a key).
	trkCtx, stopTrk := context.WithCancel(ctx)
	defer stopTrk()
	trkDone := make(chan struct{})
	trk := shop.Tracker(db, log, disp.Wake)
	go func() { defer close(trkDone); trk.Run(trkCtx, trackEvery) }()
	// Copies of the books sent by /cadangan leave the media folder once
	// delivered (or after a day): at start, then every hour.
	purgeDone := make(chan struct{})
	go func() { defer close(purgeDone); purgeBackupsEvery(dispCtx, db, mediaDir, time.Hour, log) }()

	var chans sync.WaitGroup
	ended := make(chan string, 2)
	live := 0
	if cfg.tgToken != "" {
		live++
		chans.Add(1)
		go func() {
			defer chans.Done()
			defer func() { ended <- telegram.Name }()
			runTelegram(ctx, cfg, db, disp, eng, log)
		}()
	}
	if wa != nil {
		live++
		chans.Add(1)
		disp.Register(wa)
		// Attachments of groups not linked to a supplier are not even downloaded.
		wa.SetWantMedia(func(ctx context.Context, chat string) bool {
			return eng.WantsMedia(ctx, whatsapp.ChannelName, chat, bot.Group)
		})
		go func() {
			defer chans.Done()
			defer func() { ended <- whatsapp.ChannelName }()
			err := wa.Run(ctx, eng.Submit)
			if err == nil || ctx.Err() != nil {
				return
			}
			logWhatsAppStop(log, err)
			disp.Unregister(whatsapp.ChannelName)
			if nerr := notifyOwnersWhatsAppStopped(context.WithoutCancel(ctx), db, err); nerr != nil {
				log.Error("owner not told that WhatsApp stopped", "err", nerr)
			}
			disp.Wake()
		}()
	}

	var runErr error
	for live > 0 && ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-ended:
			live--
		}
	}
	if ctx.Err() == nil {
		runErr = errors.New("no channel is running; see the log above")
	} else {
		log.Info("stopping: finishing the messages in hand")
	}

	// Shutdown: channels (polling stops, WhatsApp disconnects), then the
	// engine, then the dispatcher, each bounded.
	waitFor(log, "channels", stopChannels, chans.Wait)
	stopTrk()
	waitFor(log, "tracking", stopWait, func() { <-trkDone })
	stopEng()
	waitFor(log, "engine", stopGrace+stopWait, func() { <-engDone })
	stopDisp()
	waitFor(log, "dispatcher", stopGrace+stopWait, func() { <-dispDone })
	waitFor(log, "backup cleanup", stopWait, func() { <-purgeDone })
	return runErr
}

// purgeBackupsEvery removes delivered or stale backup copies from the media
// folder now and then every period, until ctx ends.
func purgeBackupsEvery(ctx context.Context, db *store.DB, mediaDir string, period time.Duration, log *slog.Logger) {
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		if n, err := db.PurgeBackupMedia(ctx, mediaDir); err != nil && ctx.Err() == nil {
			log.Warn("backup copies not cleaned up", "err", err)
		} else if n > 0 {
			log.Info("backup copies removed from media", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// waitFor runs wait, giving up after d with a log line.
func waitFor(log *slog.Logger, what string, d time.Duration, wait func()) {
	done := make(chan struct{})
	go func() { wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		log.Warn("stopping: gave up waiting", "part", what, "after", d)
	}
}

// runTelegram connects (retrying while the Bot API server cannot be
// reached) and polls, or serves the webhook when DROPBOT_TELEGRAM_WEBHOOK
// is set, until ctx ends. A rejected token, a bad setting or a refused
// webhook stops only this channel.
func runTelegram(ctx context.Context, cfg runConfig, db *store.DB, disp *bot.Dispatcher, eng *bot.Engine, log *slog.Logger) {
	tc := telegram.Config{
		Token:   cfg.tgToken,
		APIBase: cfg.tgAPI,
		Log:     log,
		Offsets: db.Offset(store.TelegramOffsetKey(botIDOf(cfg.tgToken))),
		// Attachments of groups not linked to a supplier are not even downloaded.
		WantMedia: func(ctx context.Context, chat string) bool {
			return eng.WantsMedia(ctx, telegram.Name, chat, bot.Group)
		},
	}
	wait := 2 * time.Second
	var ch *telegram.Channel
	for {
		var err error
		ch, err = telegram.New(ctx, tc)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return
		}
		var te *telegram.Error
		if !errors.As(err, &te) {
			log.Error("Telegram tidak bisa dimulai", "err", err)
			return
		}
		switch te.Code {
		case telegram.CodeTokenRejected:
			log.Error("token ditolak Telegram: cek DROPBOT_TELEGRAM_TOKEN (dari @BotFather); Telegram tidak dijalankan")
			return
		case telegram.CodeBadConfig:
			log.Error("pengaturan Telegram salah; Telegram tidak dijalankan", "err", err)
			return
		}
		log.Warn("server Telegram tidak terjangkau, dicoba lagi", "retry_in", wait, "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
	// The command menus of every role, kept in step with the books.
	// No change signal yet (nil): a role or link change shows within
	// menuRefresh. Once the flows report such commits, pass their signal
	// here for an instant refresh.
	menusCtx, stopMenus := context.WithCancel(ctx)
	menusDone := make(chan struct{})
	go func() {
		defer close(menusDone)
		lists := menusFromTables()
		build := func(ctx context.Context) ([]bot.Menu, error) { return telegramMenus(ctx, db, lists) }
		bot.RefreshMenus(menusCtx, ch, build, nil, menuRefresh, log)
	}()
	defer func() { stopMenus(); <-menusDone }()

	if cfg.tgWebhook != "" {
		runTelegramWebhook(ctx, cfg, ch, disp, eng, log)
		return
	}
	disp.Register(ch)
	if err := ch.Run(ctx, eng.Submit); err != nil {
		log.Error("Telegram berhenti", "err", err)
	}
}

// runTelegramWebhook sets the webhook (retrying while the Bot API server
// cannot be reached) and serves it until ctx ends. The webhook is left set
// at the end, so Telegram keeps the updates until the next start.
func runTelegramWebhook(ctx context.Context, cfg runConfig, ch *telegram.Channel, disp *bot.Dispatcher, eng *bot.Engine, log *slog.Logger) {
	wc := telegram.WebhookConfig{URL: cfg.tgWebhook, Listen: cfg.listen}
	wait := 2 * time.Second
	var wh *telegram.Webhook
	for {
		var err error
		wh, err = ch.StartWebhook(ctx, wc)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return
		}
		var te *telegram.Error
		code := ""
		if errors.As(err, &te) {
			code = te.Code
		}
		switch code {
		case telegram.CodeUnreachable:
			log.Warn("server Telegram tidak terjangkau untuk setWebhook, dicoba lagi", "retry_in", wait, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(2*wait, time.Minute)
			continue
		case telegram.CodeBadConfig:
			log.Error("DROPBOT_TELEGRAM_WEBHOOK bukan URL https yang lengkap (mis. https://toko.example.com/tg); Telegram tidak dijalankan")
		case telegram.CodeListen:
			log.Error("DROPBOT_LISTEN tidak bisa dipakai (port sudah terpakai?); Telegram tidak dijalankan",
				"listen", cmp.Or(wc.Listen, telegram.DefaultListen), "err", err)
		case telegram.CodeWebhookRefused:
			log.Error("webhook ditolak Telegram (URL harus https dengan sertifikat yang sah, port 443, 80, 88 atau 8443); Telegram tidak dijalankan", "err", err)
		default:
			log.Error("webhook Telegram tidak bisa dimulai; Telegram tidak dijalankan", "err", err)
		}
		return
	}
	disp.Register(ch)
	if err := wh.Serve(ctx, eng.Submit); err != nil {
		disp.Unregister(telegram.Name)
		log.Error("webhook Telegram berhenti", "err", err)
	}
}

// botIDOf is the bot id of a token: the number before the colon.
func botIDOf(token string) string {
	id, _, _ := strings.Cut(token, ":")
	return id
}

// telegramCommands is the command menu customers see in Telegram.
func telegramCommands(p locales.Printer) []telegram.Command {
	return []telegram.Command{
		{Name: "start", Description: p.T("channels.cmd.start")},
		{Name: "katalog", Description: p.T("channels.cmd.katalog")},
		{Name: "cari", Description: p.T("channels.cmd.cari")},
		{Name: "keranjang", Description: p.T("channels.cmd.keranjang")},
		{Name: "pesanan", Description: p.T("channels.cmd.pesanan")},
		{Name: "batal", Description: p.T("channels.cmd.batal")},
		{Name: "bantuan", Description: p.T("channels.cmd.bantuan")},
		{Name: "bahasa", Description: p.T("channels.cmd.bahasa")},
	}
}

// telegramUnreachable: 403 (blocked by the user, kicked from the group) or
// 400 "chat not found". Other 400s are about the message, not the chat.
func telegramUnreachable(err error) bool {
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		return false
	}
	desc := strings.ToLower(te.Message)
	switch {
	case te.Code == http.StatusForbidden, te.Code == 0 && strings.HasPrefix(desc, "forbidden"):
		return true
	case te.Code == http.StatusBadRequest || te.Code == 0 && strings.HasPrefix(desc, "bad request"):
		return strings.Contains(desc, "chat not found") || strings.Contains(desc, "user not found")
	}
	return false
}

// whatsAppUnreachable: the bot left or lost the group, or the number is
// not on WhatsApp.
func whatsAppUnreachable(err error) bool {
	return errors.Is(err, whatsmeow.ErrNotInGroup) || errors.Is(err, whatsmeow.ErrGroupNotFound) ||
		strings.Contains(err.Error(), "no LID found for")
}

func logWhatsAppStop(log *slog.Logger, err error) {
	var we *whatsapp.Error
	code := ""
	if errors.As(err, &we) {
		code = we.Code
	}
	switch code {
	case whatsapp.CodeLoggedOut:
		log.Error("sesi WhatsApp kedaluwarsa atau dihapus dari HP, jalankan: dropbot whatsapp login", "err", err)
	case whatsapp.CodeStreamReplaced:
		log.Error("sesi WhatsApp dipakai dropbot lain; jalankan hanya satu", "err", err)
	case whatsapp.CodeTemporaryBan:
		log.Error("nomor WhatsApp diblokir sementara; tunggu lalu kurangi pesan", "expire", we.Expire, "err", err)
	default:
		log.Error("WhatsApp berhenti", "code", code, "err", err)
	}
}

// settingClaimsToldAt is when (Unix ms) the owners were last told, in
// chat, of owners who came in by the claim code.
const settingClaimsToldAt = "owner.claims_told_at"

// warnClaimedOwners tells, at every start with DROPBOT_OWNERS set, which
// other owners took the shop with the claim code (stderr), and tells the
// other owners in chat, once per claim, so that a stranger who got in
// before the owners were configured does not stay unnoticed.
func warnClaimedOwners(ctx context.Context, db *store.DB, spec string, stderr io.Writer) error {
	if strings.TrimSpace(spec) == "" {
		return nil
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		claimed, err := tx.ClaimedOwners()
		if err != nil || len(claimed) == 0 {
			return err
		}
		lang, err := chat.OwnerLang(tx)
		if err != nil {
			return err
		}
		p := locales.Default().For(lang)
		told, err := tx.Setting(settingClaimsToldAt, "0")
		if err != nil {
			return err
		}
		toldAt, _ := strconv.ParseInt(told, 10, 64)
		isClaimed := map[string]bool{}
		var news []string
		last := toldAt
		for _, c := range claimed {
			who := c.Channel + ":" + c.UserID
			isClaimed[who] = true
			fmt.Fprintln(stderr, p.T("security.claimed_owner", "who", who))
			if at := c.At.UnixMilli(); at > toldAt {
				news = append(news, who)
				last = max(last, at)
			}
		}
		if len(news) == 0 {
			return nil
		}
		owners, err := tx.Staff(store.StaffOwner)
		if err != nil {
			return err
		}
		for _, o := range owners {
			if isClaimed[o.Channel+":"+o.UserID] {
				continue
			}
			for _, who := range news {
				if _, err := tx.Enqueue(store.OutMessage{Channel: o.Channel, ChatID: o.UserID,
					Text: p.T("security.claim_announce", "who", who)}); err != nil {
					return err
				}
			}
		}
		return tx.SetSetting(settingClaimsToldAt, strconv.FormatInt(last, 10))
	})
	if err != nil {
		return fmt.Errorf("owners by claim code: %w", err)
	}
	return nil
}

// notifyOwnersWhatsAppStopped tells the owners on their other channels.
func notifyOwnersWhatsAppStopped(ctx context.Context, db *store.DB, err error) error {
	p := locales.Default().For(locales.ID)
	var we *whatsapp.Error
	code := "error"
	if errors.As(err, &we) {
		code = we.Code
	}
	var text string
	switch code {
	case whatsapp.CodeLoggedOut:
		text = p.T("channels.whatsapp_logged_out")
	case whatsapp.CodeStreamReplaced:
		text = p.T("channels.whatsapp_stream_replaced")
	case whatsapp.CodeTemporaryBan:
		text = p.T("channels.whatsapp_temporary_ban")
	case whatsapp.CodeClientOutdated:
		text = p.T("channels.whatsapp_client_outdated")
	default:
		text = p.T("channels.whatsapp_stopped", "code", code)
	}
	return db.Update(ctx, func(tx *store.Tx) error {
		owners, err := tx.Staff(store.StaffOwner)
		if err != nil {
			return err
		}
		for _, o := range owners {
			if o.Channel == whatsapp.ChannelName {
				continue
			}
			if _, err := tx.Enqueue(store.OutMessage{Channel: o.Channel, ChatID: o.UserID, Text: text}); err != nil {
				return err
			}
		}
		return nil
	})
}

// fileExists reports whether path exists (anything but "not found" counts).
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
