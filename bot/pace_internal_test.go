package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

// FuzzPacer drives a Telegram pacer with arbitrary traffic: each input
// byte picks a chat (private or group) and how far the clock moves. A
// message goes whenever the pacer allows it. Whatever the traffic, no chat
// gets two messages within a second, no group more than 20 in a minute,
// and the channel no more than 30 in a second.
func FuzzPacer(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte(strings.Repeat("\x80", 200)))                    // one group, no time passing
	f.Add([]byte(strings.Repeat("\x00\x01\x02\x03\x84\x85", 60))) // many chats
	f.Add([]byte{0x80, 0x7f, 0x80, 0x7f, 0x81, 0x10, 0x82})
	f.Fuzz(func(t *testing.T, data []byte) {
		p := newPacer(TelegramPace(), nil)
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		sends := map[string][]time.Time{}
		var all []time.Time
		for _, b := range data {
			chat := fmt.Sprint(b & 0x0f) // private 0..15
			if b&0x80 != 0 {
				chat = "-" + chat // group
			}
			now = now.Add(time.Duration(b&0x70) * 25 * time.Millisecond) // 0..2.8 s
			for tries := 0; tries < 3; tries++ {
				w := p.wait(chat, now)
				if w < 0 {
					t.Fatalf("negative wait %v", w)
				}
				if w == 0 {
					p.sent(chat, now)
					sends[chat] = append(sends[chat], now)
					all = append(all, now)
					break
				}
				now = now.Add(w) // wait exactly as told, then it must go
				if tries == 2 {
					t.Fatalf("chat %s still held after waiting twice", chat)
				}
			}
		}
		for chat, ts := range sends {
			for i := 1; i < len(ts); i++ {
				if ts[i].Sub(ts[i-1]) < time.Second {
					t.Fatalf("chat %s: two messages %v apart", chat, ts[i].Sub(ts[i-1]))
				}
				if strings.HasPrefix(chat, "-") && i >= 20 && ts[i].Sub(ts[i-20]) < time.Minute {
					t.Fatalf("group %s: 21 messages within %v", chat, ts[i].Sub(ts[i-20]))
				}
			}
		}
		for i := 30; i < len(all); i++ {
			if all[i].Sub(all[i-30]) < time.Second {
				t.Fatalf("31 messages within %v", all[i].Sub(all[i-30]))
			}
		}
	})
}

func TestMergeRunRules(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	row := func(id int64, text string, mod func(*store.OutMessage)) store.OutMessage {
		m := store.OutMessage{ID: id, Text: text, NextAt: now}
		if mod != nil {
			mod(&m)
		}
		return m
	}
	later := func(m *store.OutMessage) { m.NextAt = now.Add(time.Second) }
	photo := func(m *store.OutMessage) { m.MediaID = 7 }
	quote := func(m *store.OutMessage) { m.ReplyTo = "55" }
	tests := []struct {
		name  string
		rows  []store.OutMessage
		limit int
		want  int
	}{
		{"all plain", []store.OutMessage{row(1, "a", nil), row(2, "b", nil), row(3, "c", nil)}, 100, 3},
		// "aaaa" + "\n\n" + "bbbb" = 10 ≤ 10; + "\n\n" + "c" = 13 > 10.
		{"limit", []store.OutMessage{row(1, "aaaa", nil), row(2, "bbbb", nil), row(3, "c", nil)}, 10, 2},
		{"not due yet", []store.OutMessage{row(1, "a", nil), row(2, "b", later), row(3, "c", nil)}, 100, 1},
		{"photo stops", []store.OutMessage{row(1, "a", nil), row(2, "b", photo)}, 100, 1},
		{"quote stops", []store.OutMessage{row(1, "a", nil), row(2, "b", quote)}, 100, 1},
		{"head may quote", []store.OutMessage{row(1, "a", quote), row(2, "b", nil)}, 100, 2},
		{"emoji count twice", []store.OutMessage{row(1, "😀😀", nil), row(2, "x", nil)}, 6, 1}, // 4 + 2 + 1 = 7 > 6
	}
	for _, tt := range tests {
		if got := mergeRun(tt.rows, now, tt.limit); len(got) != tt.want {
			t.Errorf("%s: merged %d rows, want %d", tt.name, len(got), tt.want)
		}
	}
}
