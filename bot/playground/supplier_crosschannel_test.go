package playground

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// capture is a bot.Channel that keeps what it is asked to send.
type capture struct {
	name string
	mu   sync.Mutex
	n    int
	sent []bot.Outgoing
	ids  []string
}

func (c *capture) Name() string { return c.name }

func (c *capture) Send(_ context.Context, m bot.Outgoing) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	id := fmt.Sprintf("%s-%d", c.name, c.n)
	c.sent = append(c.sent, m)
	c.ids = append(c.ids, id)
	return id, nil
}

// take returns what was sent since the last call, with the platform ids.
func (c *capture) take() ([]bot.Outgoing, []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ids := c.sent, c.ids
	c.sent, c.ids = nil, nil
	return s, ids
}

// TestCrossChannelRelay: the customer orders on Telegram, the supplier's
// group is on WhatsApp. The card goes to the WhatsApp group, the supplier's
// quote-reply with the resi there reaches the customer's Telegram chat, and
// nothing crosses to the wrong channel.
func TestCrossChannelRelay(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clock := NewClock(func() time.Time { return time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC) })
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName), store.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const (
		ownerTG  = "100200300"
		ownerWA  = "6281234567890@s.whatsapp.net"
		staffWA  = "6282222222222@s.whatsapp.net"
		groupWA  = "120363025555555555@g.us"
		customer = "987654321"
	)
	err = db.Update(ctx, func(tx *store.Tx) error {
		if _, err := flows.SeedDemo(tx); err != nil {
			return err
		}
		if err := tx.SetStaff("telegram", ownerTG, store.StaffOwner, "test"); err != nil {
			return err
		}
		return tx.SetStaff("whatsapp", ownerWA, store.StaffOwner, "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	media := filepath.Join(dir, "media")
	engine := bot.NewEngine(bot.EngineConfig{DB: db, Handler: flows.NewShop(flows.Config{MediaDir: media}), MediaDir: media})
	disp := bot.NewDispatcher(bot.DispatcherConfig{DB: db, MediaDir: media, Now: clock.Now})
	tg, wa := &capture{name: "telegram"}, &capture{name: "whatsapp"}
	disp.Register(tg)
	disp.Register(wa)
	n := 0
	say := func(in bot.Inbound) {
		t.Helper()
		n++
		in.MessageID, in.Time = fmt.Sprint("m", n), clock.Now()
		if err := engine.Handle(ctx, in); err != nil {
			t.Fatalf("%q: %v", in.Text, err)
		}
		if _, err := disp.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	find := func(sent []bot.Outgoing, chat, phrase string) (int, bool) {
		for i, m := range sent {
			if m.ChatID == chat && strings.Contains(m.Text, phrase) {
				return i, true
			}
		}
		return -1, false
	}

	// The owner links the WhatsApp group from WhatsApp.
	say(bot.Inbound{Channel: "whatsapp", ChatID: groupWA, Kind: bot.Group, SenderID: ownerWA, Text: "/supplier GMS"})
	waSent, _ := wa.take()
	if _, ok := find(waSent, groupWA, "GMS"); !ok {
		t.Fatalf("no link confirmation in the WhatsApp group: %+v", waSent)
	}
	tg.take()

	// The customer orders and pays on Telegram; the owner approves there.
	say(bot.Inbound{Channel: "telegram", ChatID: customer, Kind: bot.Private, SenderID: customer, SenderName: "Sari",
		Text: "Nama: Sari\nHP: 081234567890\nAlamat: Jl. Melati 12, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: GMS-02 x1\nKurir: JNE REG"})
	say(bot.Inbound{Channel: "telegram", ChatID: customer, Kind: bot.Private, SenderID: customer, Text: "1"})
	photo, err := os.ReadFile("testdata/bukti.png")
	if err != nil {
		t.Fatal(err)
	}
	say(bot.Inbound{Channel: "telegram", ChatID: customer, Kind: bot.Private, SenderID: customer,
		Media: &bot.InMedia{Kind: flows.MediaPhoto, Size: int64(len(photo)), Data: photo}})
	var code string
	err = db.View(ctx, func(tx *store.Tx) error {
		cid, _, err := tx.CustomerOf("telegram", customer)
		if err != nil {
			return err
		}
		waiting, err := tx.OrdersWithStatus(cid, store.StatusAwaitVerify)
		if err != nil || len(waiting) != 1 {
			return fmt.Errorf("orders waiting: %d, %v", len(waiting), err)
		}
		code = waiting[0].Code
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tg.take()
	say(bot.Inbound{Channel: "telegram", ChatID: ownerTG, Kind: bot.Private, SenderID: ownerTG, Text: "/lunas " + code})

	waSent, waIDs := wa.take()
	card, ok := find(waSent, groupWA, "Pesanan baru "+code)
	if !ok {
		t.Fatalf("the card did not reach the WhatsApp group: %+v", waSent)
	}
	if c := waSent[card].Text; !strings.Contains(c, "Pengirim: Toko Berkah Jaya") || !strings.Contains(c, "Rp118.000") ||
		len(waSent[card].Options) != 2 {
		t.Errorf("card = %q, options %v", c, waSent[card].Options)
	}
	tgSent, _ := tg.take()
	if _, ok := find(tgSent, groupWA, code); ok {
		t.Errorf("the card was sent through Telegram too: %+v", tgSent)
	}
	if _, ok := find(tgSent, customer, "Pembayaran pesanan "+code); !ok {
		t.Errorf("the customer was not told on Telegram: %+v", tgSent)
	}

	// A supplier staff member quote-replies to the card on WhatsApp.
	say(bot.Inbound{Channel: "whatsapp", ChatID: groupWA, Kind: bot.Group, SenderID: staffWA, SenderName: "Dewi",
		Text: "JNE 1704 3004 5644 420", ReplyTo: waIDs[card]})
	waSent, _ = wa.take()
	if _, ok := find(waSent, groupWA, "170430045644420"); !ok {
		t.Errorf("no resi confirmation in the group: %+v", waSent)
	}
	if _, ok := find(waSent, customer, code); ok {
		t.Errorf("the customer's message went to WhatsApp: %+v", waSent)
	}
	tgSent, _ = tg.take()
	i, ok := find(tgSent, customer, "170430045644420")
	if !ok {
		t.Fatalf("the resi did not reach the customer on Telegram: %+v", tgSent)
	}
	if m := tgSent[i].Text; !strings.Contains(m, "JNE") || !strings.Contains(m, "https://www.jne.co.id") {
		t.Errorf("resi message = %q", m)
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		if err == nil && o.Status != store.StatusShipped {
			t.Errorf("order status %s, want dikirim", o.Status)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
