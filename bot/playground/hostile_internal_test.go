package playground

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// TestMediaAndHostileText sends what a script cannot express (stickers,
// voice notes, documents, huge and binary text) and checks each gets a
// clear answer or is safely handled, and that a document is never taken as
// a payment proof.
func TestMediaAndHostileText(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clock := NewClock(func() time.Time { return time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC) })
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName), store.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(ctx, func(tx *store.Tx) error { _, err := flows.SeedDemo(tx); return err }); err != nil {
		t.Fatal(err)
	}
	media := filepath.Join(dir, "media")
	p, err := New(ctx, Config{DB: db, Handler: flows.NewShop(flows.Config{MediaDir: media}), MediaDir: media, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	send := func(chat, text string, m *bot.InMedia) []Sent {
		t.Helper()
		n++
		in := bot.Inbound{Channel: ChannelName, ChatID: chat, Kind: bot.Private, SenderID: chat, Text: text, Media: m,
			MessageID: fmt.Sprint("hostile-", n), Time: clock.Now()}
		if err := p.engine.Handle(ctx, in); err != nil {
			t.Fatalf("handle: %v", err)
		}
		out, err := p.Flush(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
	tests := []struct {
		name  string
		text  string
		media *bot.InMedia
		want  string // a phrase the single reply must hold
	}{
		{"sticker", "", &bot.InMedia{Kind: flows.MediaSticker, Size: 3000}, "stiker"},
		{"voice note", "", &bot.InMedia{Kind: flows.MediaVoice, Size: 30000}, "pesan suara"},
		{"video too big", "", &bot.InMedia{Kind: flows.MediaVideo, Size: store.MaxMediaBytes + 1}, "20 MB"},
		{"100 KB text", strings.Repeat("halo ", 20000), nil, "kepanjangan"},
		// Controls, bidi characters and stray bytes are dropped where the
		// message enters (bot.CleanText): what is left is a plain word.
		{"NUL and control characters", "ha\x00lo\x01\x02", nil, "Selamat datang"},
		{"invalid UTF-8", "\xff\xfe\xfd menu", nil, "Selamat datang"},
		{"right-to-left marks", "\u202e\u202bmenu", nil, "Selamat datang"},
		{"only whitespace", " \t\n ", nil, "Selamat datang"},
		{"format verbs", "%s %n %x %!", nil, "belum paham"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := send("customer:hostile", tc.text, tc.media)
			if len(out) != 1 || out[0].To != "customer:hostile" || !strings.Contains(out[0].Text, tc.want) {
				t.Fatalf("replies %+v, want one reply holding %q", out, tc.want)
			}
		})
	}

	// With an order waiting for payment, a PDF is not a proof: the customer
	// is asked for a photo and the order stays unpaid.
	for _, l := range []string{
		"Nama: Sinta\nHP: 081244443333\nAlamat: Jl. Braga 1, Kec. Sumur Bandung, Kota Bandung, Jawa Barat 40111\nPesanan: HJB-20 x1\nKurir: JNE REG",
		"1",
	} {
		send("customer:sinta", l, nil)
	}
	out := send("customer:sinta", "", &bot.InMedia{Kind: flows.MediaDocument, MIME: "application/pdf", FileName: "bukti.pdf", Size: int64(len(pdf)), Data: pdf})
	if len(out) != 1 || !strings.Contains(out[0].Text, "foto atau screenshot") {
		t.Fatalf("document as proof: %+v", out)
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		orders, err := tx.OrdersWithStatus(mustCustomer(t, tx, "customer:sinta"), store.StatusAwaitPay)
		if err != nil {
			return err
		}
		if len(orders) != 1 {
			t.Errorf("the order must still wait for payment, got %d waiting", len(orders))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mustCustomer(t *testing.T, tx *store.Tx, chat string) int64 {
	t.Helper()
	id, ok, err := tx.CustomerOf(ChannelName, chat)
	if err != nil || !ok {
		t.Fatalf("customer of %s: %v %v", chat, ok, err)
	}
	return id
}
