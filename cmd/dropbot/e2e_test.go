package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot/telegram/telegramtest"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// TestMain lets a test start this binary as `dropbot` itself (the crash
// test kills it with SIGKILL).
func TestMain(m *testing.M) {
	if os.Getenv("DROPBOT_E2E_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

const e2eToken = "4242:AAe2e-Test_token"

var (
	sari     = tgUser{ID: 5551, FirstName: "Sari"}
	budi     = tgUser{ID: 5552, FirstName: "Budi"}
	bos      = tgUser{ID: 9001, FirstName: "Bos"}
	rina     = tgUser{ID: 7001, FirstName: "Rina"}
	gmsGroup = int64(-100200)
)

const formatOrder = "Nama: Sari Wulandari\nNo HP: 0812-3456-7890\n" +
	"Alamat: Jl. Melati No. 12 RT 03/RW 05, Kel. Sukamaju, Kec. Cibeunying Kidul, Kota Bandung, Jawa Barat 40121\n" +
	"Pesanan: GMS-01 M x2\nEkspedisi: JNE REG"

// seedShop puts the demo shop into a fresh data directory.
func seedShop(t *testing.T, dir string) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(context.Background(), func(tx *store.Tx) error { _, err := flows.SeedDemo(tx); return err }); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe for the logger's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is `dropbot run` started in this process.
type running struct {
	cancel context.CancelFunc
	done   chan int
	stderr *syncBuffer
}

func mapEnv(m map[string]string) env { return func(k string) string { return m[k] } }

func startRunInProcess(t *testing.T, dir string, vars map[string]string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cancel: cancel, done: make(chan int, 1), stderr: &syncBuffer{}}
	go func() {
		r.done <- runEnv(ctx, []string{"run", "--data", dir}, strings.NewReader(""), &syncBuffer{}, r.stderr, mapEnv(vars))
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(15 * time.Second):
			t.Error("dropbot run did not stop")
		}
	})
	return r
}

// stop cancels (SIGINT) and returns the exit code and how long it took.
func (r *running) stop(t *testing.T) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	r.cancel()
	select {
	case code := <-r.done:
		r.done <- code // for the cleanup
		return code, time.Since(start)
	case <-time.After(15 * time.Second):
		t.Fatal("dropbot run did not stop within 15s")
		return 0, 0
	}
}

// pngBytes is a small real PNG, standing in for a transfer screenshot.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := 0; i < 4; i++ {
		img.Set(i, i, color.RGBA{R: 200, G: 30, B: uint8(40 * i), A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var orderCode = regexp.MustCompile(`Pesanan ([A-Z0-9]{5})`)

// TestE2ETelegramOrderToResi runs the real Telegram adapter, engine,
// dispatcher and flows of `dropbot run` against a fake Bot API: the owner
// links a supplier group, a customer pastes a format order, picks bank
// transfer with an inline button, sends the proof photo, the owner
// approves it with /lunas, the supplier group gets the card and the
// owner's transfer photo, a supplier quote-replies with the resi, and the
// customer receives it.
func TestE2ETelegramOrderToResi(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: paced like real Telegram, takes several seconds")
	}
	api := newFakeBotAPI(t, e2eToken)
	dir := t.TempDir()
	seedShop(t, dir)
	r := startRunInProcess(t, dir, map[string]string{
		"DROPBOT_TELEGRAM_TOKEN": e2eToken, "DROPBOT_TELEGRAM_API": api.URL(),
		"DROPBOT_OWNERS": "telegram:9001", "DROPBOT_LOG": "warn",
	})
	const within = 15 * time.Second
	cur := cursor{}

	// The owner links the supplier group (a message from the owner inside
	// the group).
	api.text(gmsGroup, bos, "/supplier@toko_bot GMS", 0)
	api.waitSent(t, cur, gmsGroup, "GMS", within)

	// The customer pastes a filled format order, reviews it and taps
	// "Transfer bank": choosing how to pay confirms the order.
	api.text(sari.ID, sari, formatOrder, 0)
	summary := api.waitSent(t, cur, sari.ID, "pilih cara bayarnya", within)
	if len(summary.Buttons) < 1 || !strings.HasPrefix(summary.Buttons[0], "1. Transfer bank") || summary.Callbacks[0] != "1" {
		t.Fatalf("payment question buttons %q / %q, want 1. Transfer bank → \"1\"", summary.Buttons, summary.Callbacks)
	}
	api.press(sari.ID, sari, summary.ID, "1")
	invoice := api.waitSent(t, cur, sari.ID, "Silakan transfer", within)
	m := orderCode.FindStringSubmatch(invoice.Text)
	if m == nil {
		t.Fatalf("invoice without an order code: %q", invoice.Text)
	}
	code := m[1]
	// What the customer copies is code on Telegram (one tap copies it): the
	// order code, the amount and the amount as bare digits.
	var codes []string
	for _, e := range invoice.Entities {
		if e.Type == "code" {
			codes = append(codes, e.Span(invoice.Text))
		}
	}
	if len(codes) < 3 || codes[0] != code || !strings.HasPrefix(codes[1], "Rp") ||
		codes[2] != strings.NewReplacer("Rp", "", ".", "").Replace(codes[1]) || invoice.ParseMode != "" {
		t.Errorf("invoice code spans %q (parse_mode %q), want the order code, the amount and its digits", codes, invoice.ParseMode)
	}
	api.waitSent(t, cur, bos.ID, "Pesanan "+code, within)
	edits := api.callsTo("editMessageReplyMarkup")
	if len(api.callsTo("answerCallbackQuery")) != 1 || len(edits) != 1 || edits[0].Get("message_id") != strconv.Itoa(summary.ID) {
		t.Errorf("button press: answerCallbackQuery %d calls, editMessageReplyMarkup %v; want one each, on message %d",
			len(api.callsTo("answerCallbackQuery")), edits, summary.ID)
	}

	// The proof photo reaches the owner as a photo, byte for byte.
	proof := pngBytes(t)
	api.photo(sari.ID, sari, proof, "", 0)
	api.waitSent(t, cur, sari.ID, "Bukti bayar untuk pesanan "+code, within)
	card := api.waitSent(t, cur, bos.ID, "Bukti bayar pesanan "+code, within)
	if card.Method != "sendPhoto" || !bytes.Equal(card.Photo, proof) {
		t.Errorf("owner's proof card: %s with %d bytes, want sendPhoto with the customer's %d bytes", card.Method, len(card.Photo), len(proof))
	}

	// The owner approves.
	api.text(bos.ID, bos, "/lunas "+code, 0)
	api.waitSent(t, cur, sari.ID, "Pembayaran pesanan "+code+" sudah kami terima", within)
	api.waitSent(t, cur, bos.ID, code, within)

	// The paid order goes to the supplier group as a card with buttons,
	// in the shop's name.
	card = api.waitSent(t, cur, gmsGroup, "Pesanan baru "+code, within)
	if !strings.Contains(card.Text, "Pengirim: Toko Berkah Jaya") || len(card.Buttons) != 2 {
		t.Errorf("supplier card %q with buttons %q, want the shop as sender and terima/habis", card.Text, card.Buttons)
	}
	// The owner answers the relay note with the photo of the transfer to
	// the supplier (quote-reply): the group gets that photo.
	relayed := api.waitSent(t, cur, bos.ID, "Pesanan "+code+" diteruskan", within)
	transfer := pngBytes(t)
	transfer = append(transfer[:len(transfer):len(transfer)], 0) // another file than the customer's proof
	api.photo(bos.ID, bos, transfer, "", relayed.ID)
	fwd := api.waitSent(t, cur, gmsGroup, "Bukti transfer", within)
	if fwd.Method != "sendPhoto" || !bytes.Equal(fwd.Photo, transfer) {
		t.Errorf("transfer proof in the group: %s with %d bytes, want the owner's photo", fwd.Method, len(fwd.Photo))
	}
	// Rina of the supplier quote-replies to the card with the resi; the
	// customer receives it.
	api.text(gmsGroup, rina, "JNE 1704 3004 5644 420", card.ID)
	api.waitSent(t, cur, gmsGroup, "Resi pesanan "+code, within)
	shipped := api.waitSent(t, cur, sari.ID, "170430045644420", within)
	if !strings.Contains(shipped.Text, code) {
		t.Errorf("customer's shipping message %q does not name the order %s", shipped.Text, code)
	}

	// The command menus came from the locales: the customers' by default,
	// the owner's in the owner's private chat.
	var customerMenu, ownerMenu bool
	for end := time.Now().Add(within); !(customerMenu && ownerMenu) && time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		for _, m := range api.Menus() {
			has := func(name, desc string) bool {
				return slices.Contains(m.Commands, telegramtest.MenuCommand{Command: name, Description: desc})
			}
			switch {
			case m.Scope == "default" && m.Lang == "":
				customerMenu = customerMenu || has("katalog", "Lihat katalog produk")
			case m.Scope == "chat" && m.ChatID == bos.ID && m.Lang == "":
				ownerMenu = ownerMenu || has("lunas", "Setujui pembayaran, contoh: /lunas K7QX2")
			}
		}
	}
	if !customerMenu || !ownerMenu {
		t.Errorf("menus %+v: customer menu %v, owner menu %v; want both from the locales", api.Menus(), customerMenu, ownerMenu)
	}

	// SIGINT: the bot stops within a few seconds, cleanly.
	if code, took := r.stop(t); code != 0 || took > 6*time.Second {
		t.Errorf("stop: exit %d after %v, want 0 within 6s; log:\n%s", code, took, r.stderr.String())
	}

	// The books: the order is shipped; every update was
	// confirmed and the offset stored under this bot's id.
	db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(context.Background(), func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		if err != nil {
			return err
		}
		if o.Status != "dikirim" {
			t.Errorf("order %s status %s, want dikirim", code, o.Status)
		}
		off, err := tx.Setting(store.TelegramOffsetKey("4242"), "")
		if err != nil {
			return err
		}
		if want := strconv.Itoa(api.LastUpdate() + 1); off != want {
			t.Errorf("stored offset %q, want %s (past the last update)", off, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.stderr.String(), e2eToken) {
		t.Error("the log shows the bot token")
	}
}

// TestE2EBlockedCustomerTellsOwnerOnce: Telegram answers 403 to the reply
// for a customer; the owner hears of it once and later messages to that
// customer are not tried.
func TestE2EBlockedCustomerTellsOwnerOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	api := newFakeBotAPI(t, e2eToken)
	dir := t.TempDir()
	seedShop(t, dir)
	startRunInProcess(t, dir, map[string]string{
		"DROPBOT_TELEGRAM_TOKEN": e2eToken, "DROPBOT_TELEGRAM_API": api.URL(),
		"DROPBOT_OWNERS": "telegram:9001", "DROPBOT_LOG": "error",
	})
	api.can("sendMessage", 403, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`)
	api.text(budi.ID, budi, "halo", 0)
	cur := cursor{}
	notice := api.waitSent(t, cur, bos.ID, "Budi (telegram 5552)", 15*time.Second)
	if !strings.Contains(notice.Text, "memblokir") {
		t.Errorf("owner notice %q, want it to say the customer blocked the bot", notice.Text)
	}
	api.text(budi.ID, budi, "katalog", 0) // he writes again: reachable again, and answered
	api.waitSent(t, cur, budi.ID, "", 15*time.Second)
	if n := len(api.callsTo("sendMessage")); n < 3 {
		t.Errorf("%d sendMessage calls, want the blocked one, the notice and the answer", n)
	}
	time.Sleep(1500 * time.Millisecond)
	for _, m := range api.sentTo(bos.ID) {
		if m.ID != notice.ID && strings.Contains(m.Text, "Budi") {
			t.Errorf("owner told twice: %q", m.Text)
		}
	}
}

// TestRunStartsTelegramEvenIfSetMyCommandsFails and survives a rejected
// token with a plain reason.
func TestRunTokenRejected(t *testing.T) {
	api := newFakeBotAPI(t, e2eToken)
	dir := t.TempDir()
	var stderr syncBuffer
	code := runEnv(context.Background(), []string{"run", "--data", dir}, strings.NewReader(""), &syncBuffer{}, &stderr,
		mapEnv(map[string]string{"DROPBOT_TELEGRAM_TOKEN": "4242:wrong", "DROPBOT_TELEGRAM_API": api.URL()}))
	if code != 1 || !strings.Contains(stderr.String(), "token ditolak Telegram") || !strings.Contains(stderr.String(), "no channel is running") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 with \"token ditolak Telegram\" and \"no channel is running\"", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "4242:wrong") {
		t.Error("the log shows the token")
	}
}

func TestRunSurvivesMissingSetMyCommandsAndPrintsClaimCode(t *testing.T) {
	api := newFakeBotAPI(t, e2eToken)
	api.can("setMyCommands", 404, `{"ok":false,"error_code":404,"description":"Not Found"}`)
	dir := t.TempDir()
	r := startRunInProcess(t, dir, map[string]string{
		"DROPBOT_TELEGRAM_TOKEN": e2eToken, "DROPBOT_TELEGRAM_API": api.URL(), "DROPBOT_LOG": "error",
	})
	claim := regexp.MustCompile(`kirim /klaim (\d{6}) ke bot dari HP pemilik`)
	var code string
	for end := time.Now().Add(10 * time.Second); code == "" && time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if m := claim.FindStringSubmatch(r.stderr.String()); m != nil {
			code = m[1]
		}
	}
	if code == "" {
		t.Fatalf("no claim code on stderr:\n%s", r.stderr.String())
	}
	// The first person to send it becomes the owner.
	api.text(bos.ID, bos, "/klaim "+code, 0)
	api.waitSent(t, cursor{}, bos.ID, "pemilik toko", 15*time.Second)
	if ec, _ := r.stop(t); ec != 0 {
		t.Errorf("exit %d", ec)
	}
	db, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(context.Background(), func(tx *store.Tx) error {
		owners, err := tx.Staff(store.StaffOwner)
		if len(owners) != 1 || owners[0] != (store.StaffMember{Channel: "telegram", UserID: "9001", Role: "owner"}) {
			t.Errorf("owners %v, want telegram:9001", owners)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRunWithoutChannelsIsThePlayground(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr syncBuffer
	code := runEnv(context.Background(), []string{"run", "--data", dir}, strings.NewReader("customer:budi halo\n"), &stdout, &stderr, mapEnv(nil))
	if code != 0 || !strings.Contains(stderr.String(), "starting the playground") || !strings.Contains(stdout.String(), "bot → customer:budi") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
}

func TestOwnerIDs(t *testing.T) {
	tests := []struct{ ch, in, want, err string }{
		{"telegram", "123456", "123456", ""},
		{"telegram", "@bos", "", "numeric"},
		{"whatsapp", "0812-3456-7890", "6281234567890@s.whatsapp.net", ""},
		{"whatsapp", "+62 812 3456 7890", "6281234567890@s.whatsapp.net", ""},
		{"whatsapp", "6281234567890@s.whatsapp.net", "6281234567890@s.whatsapp.net", ""},
		{"whatsapp", "halo", "", "not a phone number"},
		{"play", "owner", "owner", ""},
	}
	for _, tt := range tests {
		got, err := ownerID(tt.ch, tt.in)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ownerID(%s, %q) = %q, %v; want %q, error containing %q", tt.ch, tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestReadRunConfigWAPerMinute(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want int
		ok   bool
	}{{"", 0, true}, {"4", 4, true}, {"60", 60, true}, {"0", 0, false}, {"61", 0, false}, {"banyak", 0, false}} {
		c, err := readRunConfig("d", mapEnv(map[string]string{"DROPBOT_WA_PER_MINUTE": tt.v}))
		if (err == nil) != tt.ok || tt.ok && c.waPerMinute != tt.want {
			t.Errorf("DROPBOT_WA_PER_MINUTE=%q: %d, %v; want %d ok=%v", tt.v, c.waPerMinute, err, tt.want, tt.ok)
		}
	}
}

func TestReadRunConfigCrashLimit(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want int
		ok   bool
	}{{"", 0, true}, {"5", 5, true}, {"1000", 1000, true}, {"0", 0, false}, {"-2", 0, false}, {"tiga", 0, false}} {
		c, err := readRunConfig("d", mapEnv(map[string]string{"DROPBOT_CRASH_LIMIT": tt.v}))
		if (err == nil) != tt.ok || tt.ok && c.crashLimit != tt.want {
			t.Errorf("DROPBOT_CRASH_LIMIT=%q: %d, %v; want %d ok=%v", tt.v, c.crashLimit, err, tt.want, tt.ok)
		}
	}
}

func TestTelegramCommandsAreShortAndLocalised(t *testing.T) {
	// Telegram refuses descriptions over 256 characters and names outside
	// [a-z0-9_]{1,32}.
	for _, c := range telegramCommands(locales.Default().For(locales.ID)) {
		if c.Description == "" || len([]rune(c.Description)) > 256 || strings.HasPrefix(c.Description, "channels.") {
			t.Errorf("command %s: description %q", c.Name, c.Description)
		}
		if !regexp.MustCompile(`^[a-z0-9_]{1,32}$`).MatchString(c.Name) {
			t.Errorf("command name %q", c.Name)
		}
	}
}

// TestTelegramMenusPerRole: the menus built from the books give each role
// its list, in both languages, and every description is in the locales.
func TestTelegramMenusPerRole(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(ctx, func(tx *store.Tx) error {
		for _, s := range []struct{ ch, id, role string }{
			{"telegram", "9001", store.StaffOwner}, {"telegram", "9002", store.StaffAdmin}, {"whatsapp", "6281234567890", store.StaffAdmin},
		} {
			if err := tx.SetStaff(s.ch, s.id, s.role, "test"); err != nil {
				return err
			}
		}
		id, err := tx.AddSupplier(store.Supplier{Code: "GMS", Name: "Gamis Jaya"})
		if err != nil {
			return err
		}
		if err := tx.LinkGroup("telegram", "-100200", id, "Gudang"); err != nil {
			return err
		}
		return tx.LinkGroup("whatsapp", "1203@g.us", id, "Gudang WA")
	})
	if err != nil {
		t.Fatal(err)
	}
	menus, err := telegramMenus(ctx, db, menusFromTables())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{} // scope/chat/lang → command names
	for _, m := range menus {
		key := string(m.Scope) + "/" + m.ChatID + "/" + m.Lang
		var names []string
		for _, c := range m.Commands {
			names = append(names, c.Name)
			if c.Description == "" || strings.Contains(c.Description, "⟦") || len([]rune(c.Description)) > 256 {
				t.Errorf("%s: command %s has description %q", key, c.Name, c.Description)
			}
			if !regexp.MustCompile(`^[a-z0-9_]{1,32}$`).MatchString(c.Name) {
				t.Errorf("%s: command name %q", key, c.Name)
			}
		}
		got[key] = names
	}
	customer := []string{"start", "katalog", "cari", "keranjang", "pesanan", "batal", "bantuan", "bahasa"}
	for _, lang := range []string{"", "en"} {
		want := map[string][]string{
			"default//" + lang:     customer,
			"groups//" + lang:      menusFromTables().Groups,
			"chat/9001/" + lang:    menusFromTables().Owner,
			"chat/9002/" + lang:    menusFromTables().Admin,
			"chat/-100200/" + lang: menusFromTables().Group,
		}
		for k, w := range want {
			if !slices.Equal(got[k], w) {
				t.Errorf("menu %s = %v, want %v", k, got[k], w)
			}
		}
	}
	if len(got) != 10 { // WhatsApp staff and groups get no Telegram menu
		t.Errorf("%d menus: %v", len(got), got)
	}
	en := locales.Default().For(locales.EN)
	for _, m := range menus {
		if m.Lang == "en" && m.Scope == "chat" && m.ChatID == "9001" && m.Commands[0].Description != en.T("menus.owner."+m.Commands[0].Name) {
			t.Errorf("English owner menu in %q", m.Commands[0].Description)
		}
	}
}
