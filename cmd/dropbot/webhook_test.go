package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// freeAddr is a 127.0.0.1 address nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// rawUpdate is the JSON of an update pushed to the fake, to post it as
// Telegram would.
func (f *fakeBotAPI) rawUpdate(t *testing.T, id int) string {
	t.Helper()
	u, ok := f.Update(id)
	if !ok {
		t.Fatalf("no update %d", id)
	}
	return u
}

func postUpdate(t *testing.T, url, secret, body string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// TestE2ETelegramWebhook runs `dropbot run` in webhook mode against the
// fake Bot API: setWebhook gets the public URL and a secret, a posted
// update is answered through the flows, Telegram's redelivery of the same
// update changes nothing, and stopping leaves the webhook set.
func TestE2ETelegramWebhook(t *testing.T) {
	api := newFakeBotAPI(t, e2eToken)
	api.can("setWebhook", 200, okJSON(`true`))
	dir := t.TempDir()
	seedShop(t, dir)
	addr := freeAddr(t)
	r := startRunInProcess(t, dir, map[string]string{
		"DROPBOT_TELEGRAM_TOKEN": e2eToken, "DROPBOT_TELEGRAM_API": api.URL(),
		"DROPBOT_TELEGRAM_WEBHOOK": "https://toko.example.com/tg/hook", "DROPBOT_LISTEN": addr,
		"DROPBOT_OWNERS": "telegram:9001", "DROPBOT_LOG": "warn",
	})
	var secret string
	for end := time.Now().Add(10 * time.Second); secret == "" && time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if sw := api.callsTo("setWebhook"); len(sw) > 0 {
			if sw[0].Get("url") != "https://toko.example.com/tg/hook" {
				t.Errorf("setWebhook url %q", sw[0].Get("url"))
			}
			secret = sw[0].Get("secret_token")
		}
	}
	if secret == "" {
		t.Fatalf("setWebhook not called with a secret; log:\n%s", r.stderr.String())
	}
	hook := "http://" + addr + "/tg/hook"

	if got := postUpdate(t, hook, "not-the-secret", api.rawUpdate(t, api.text(sari.ID, sari, "halo", 0))); got != http.StatusUnauthorized {
		t.Errorf("wrong secret: status %d, want 401", got)
	}
	raw := api.rawUpdate(t, api.text(sari.ID, sari, "katalog", 0))
	if got := postUpdate(t, hook, secret, raw); got != http.StatusOK {
		t.Fatalf("update: status %d, want 200; log:\n%s", got, r.stderr.String())
	}
	api.waitSent(t, cursor{}, sari.ID, "", 15*time.Second)
	// Telegram did not get the answer and sends the update again: the
	// engine knows its id.
	if got := postUpdate(t, hook, secret, raw); got != http.StatusOK {
		t.Errorf("redelivery: status %d, want 200", got)
	}
	time.Sleep(1500 * time.Millisecond) // the dispatcher's pace is 1/s per chat
	if n := len(api.sentTo(sari.ID)); n != 1 {
		t.Errorf("%d messages to the customer, want 1 (the refused and the repeated update answer nothing)", n)
	}
	if n := len(api.callsTo("getUpdates")); n != 0 {
		t.Errorf("getUpdates called %d times in webhook mode", n)
	}

	if code, took := r.stop(t); code != 0 || took > 6*time.Second {
		t.Errorf("stop: exit %d after %v, want 0 within 6s; log:\n%s", code, took, r.stderr.String())
	}
	if n := len(api.callsTo("deleteWebhook")); n != 0 {
		t.Errorf("deleteWebhook called %d times on stop; updates must wait at Telegram", n)
	}
	if strings.Contains(r.stderr.String(), e2eToken) || strings.Contains(r.stderr.String(), secret) {
		t.Error("the log shows the bot token or the webhook secret")
	}
}

func TestRunWebhookBadURLStopsTelegram(t *testing.T) {
	api := newFakeBotAPI(t, e2eToken)
	dir := t.TempDir()
	var stderr syncBuffer
	code := runEnv(context.Background(), []string{"run", "--data", dir}, strings.NewReader(""), &syncBuffer{}, &stderr,
		mapEnv(map[string]string{"DROPBOT_TELEGRAM_TOKEN": e2eToken, "DROPBOT_TELEGRAM_API": api.URL(),
			"DROPBOT_TELEGRAM_WEBHOOK": "toko.example.com/tg", "DROPBOT_LISTEN": freeAddr(t)}))
	if code != 1 || !strings.Contains(stderr.String(), "DROPBOT_TELEGRAM_WEBHOOK bukan URL https") ||
		!strings.Contains(stderr.String(), "no channel is running") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1, the reason and \"no channel is running\"", code, stderr.String())
	}
	if n := len(api.callsTo("setWebhook")) + len(api.callsTo("getUpdates")); n != 0 {
		t.Errorf("%d setWebhook/getUpdates calls, want none", n)
	}
}

func TestRunWebhookRefusedStopsTelegram(t *testing.T) {
	api := newFakeBotAPI(t, e2eToken)
	api.can("setWebhook", 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad webhook: Failed to resolve host: Name or service not known"}`)
	dir := t.TempDir()
	var stderr syncBuffer
	code := runEnv(context.Background(), []string{"run", "--data", dir}, strings.NewReader(""), &syncBuffer{}, &stderr,
		mapEnv(map[string]string{"DROPBOT_TELEGRAM_TOKEN": e2eToken, "DROPBOT_TELEGRAM_API": api.URL(),
			"DROPBOT_TELEGRAM_WEBHOOK": "https://nowhere.invalid/tg", "DROPBOT_LISTEN": freeAddr(t)}))
	log := stderr.String()
	if code != 1 || !strings.Contains(log, "webhook ditolak Telegram") || !strings.Contains(log, "Failed to resolve host") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 with \"webhook ditolak Telegram\" and Telegram's reason", code, log)
	}
	if n := len(api.callsTo("getUpdates")); n != 0 {
		t.Errorf("fell back to polling (%d getUpdates)", n)
	}
}
