package whatsapp

import (
	"context"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/dropbot/dropbot/bot"
)

// FuzzInbound feeds arbitrary chat/sender/alt ids and text through the
// conversion and checks the identity rules: a phone id is only ever taken
// from a phone JID (alt or the store's mapping), never read out of a lid.
func FuzzInbound(f *testing.F) {
	f.Add(budi, budi, "", "halo", false)
	f.Add(group, "123456789012345:3@lid", "6281234567890:3@s.whatsapp.net", "ok", false)
	f.Add(group, budiLID, "", "ok", true)
	f.Add(budiLID, budiLID, "999@lid", "x", false)
	f.Add("123@broadcast", budi, "", "promo", false)
	f.Add("", "", "", "", false)
	f.Add("a@b@c", "6281.0:1@s.whatsapp.net", "@", "\x00", true)
	f.Fuzz(func(t *testing.T, chat, sender, alt, text string, mapped bool) {
		cj, err1 := types.ParseJID(chat)
		sj, err2 := types.ParseJID(sender)
		aj, err3 := types.ParseJID(alt)
		if err1 != nil || err2 != nil || err3 != nil {
			return
		}
		fake := newFake()
		mappedPN := types.NewJID("6280000000001", types.DefaultUserServer)
		if mapped {
			fake.lids[sj.ToNonAD()] = mappedPN
		}
		ch := NewWithClient(testConfig(), fake, fake.self)
		e := &events.Message{
			Info: types.MessageInfo{
				MessageSource: types.MessageSource{Chat: cj, Sender: sj, SenderAlt: aj, IsGroup: cj.Server == types.GroupServer},
				ID:            "ID1", Timestamp: t0,
			},
			Message: textMsg(text),
		}
		_ = ch.accept(e)
		in, ok := ch.inbound(context.Background(), e)
		if !ok {
			return
		}
		if in.ChatID == "" || in.SenderID == "" || in.MessageID != "ID1" || in.Channel != ChannelName {
			t.Fatalf("incomplete inbound %+v", in)
		}
		if in.Text != text {
			t.Fatalf("text %q, want %q", in.Text, text)
		}
		if in.Kind == bot.Group && !strings.HasSuffix(in.ChatID, "@g.us") {
			t.Fatalf("group kind for chat %q", in.ChatID)
		}
		if sj.Server == types.HiddenUserServer {
			switch {
			case aj.Server == types.DefaultUserServer && aj.User != "":
				if in.SenderID != aj.ToNonAD().String() {
					t.Fatalf("sender %q, want the alt %q", in.SenderID, aj.ToNonAD())
				}
			case mapped:
				if in.SenderID != mappedPN.String() {
					t.Fatalf("sender %q, want the mapped %q", in.SenderID, mappedPN)
				}
			default:
				if in.SenderID != sj.ToNonAD().String() {
					t.Fatalf("sender %q, want the lid %q kept", in.SenderID, sj.ToNonAD())
				}
			}
		} else if in.SenderID != sj.ToNonAD().String() {
			t.Fatalf("sender %q, want %q", in.SenderID, sj.ToNonAD())
		}
	})
}

// FuzzChatJID: an accepted chat id is exactly one JID of a person or a
// group, written the canonical way.
func FuzzChatJID(f *testing.F) {
	for _, s := range []string{budi, group, budiLID, "62812:1@s.whatsapp.net", "a@b@c", "@g.us", "status@broadcast", "1.2:3@lid", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		j, err := chatJID(s)
		if err != nil {
			return
		}
		if j.String() != s || j.User == "" || j.Device != 0 {
			t.Fatalf("chatJID(%q) = %v", s, j)
		}
		switch j.Server {
		case types.DefaultUserServer, types.HiddenUserServer, types.GroupServer:
		default:
			t.Fatalf("chatJID(%q) accepted server %q", s, j.Server)
		}
	})
}

// FuzzRenderText: the text comes first, the options follow numbered in
// order, and nothing is lost.
func FuzzRenderText(f *testing.F) {
	f.Add("Mau apa?", "Katalog", "Pesan")
	f.Add("", "Ya", "")
	f.Add("a\n\n", "1. x", "\n")
	f.Fuzz(func(t *testing.T, text, o1, o2 string) {
		got := RenderText(text, []string{o1, o2})
		head := strings.TrimRight(text, " \t\r\n")
		if !strings.HasPrefix(got, head) {
			t.Fatalf("text not first: %q", got)
		}
		tail := "1. " + o1 + "\n2. " + o2
		if !strings.HasSuffix(got, tail) {
			t.Fatalf("options not last: %q", got)
		}
		if head != "" && got != head+"\n\n"+tail || head == "" && got != tail {
			t.Fatalf("RenderText = %q", got)
		}
		if RenderText(text, nil) != text {
			t.Fatal("text without options changed")
		}
	})
}
