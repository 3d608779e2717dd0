package main

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot/telegram/telegramtest"
)

// fakeBotAPI is telegramtest's Bot API server with the helpers the
// end-to-end tests write updates with: people typing, sending photos and
// pressing buttons.
type fakeBotAPI struct {
	*telegramtest.Server
}

type sentMsg = telegramtest.Sent

// tgUser is a person in the fake's updates.
type tgUser struct {
	ID        int64
	FirstName string
}

func (u tgUser) json() string {
	return fmt.Sprintf(`{"id":%d,"is_bot":false,"first_name":%q,"language_code":"id"}`, u.ID, u.FirstName)
}

var chatJSON = telegramtest.ChatJSON

func newFakeBotAPI(t testing.TB, token string) *fakeBotAPI {
	return &fakeBotAPI{telegramtest.NewServer(t, token, 1000)}
}

// text is a person writing in a chat (a private chat is the person's id;
// a group is negative). replyTo quotes one of the bot's messages (0 = none).
func (f *fakeBotAPI) text(chat int64, from tgUser, text string, replyTo int) int {
	return f.PushBody(fmt.Sprintf(`"message":{"message_id":%d,"from":%s,"chat":%s,"date":%d,"text":%q%s}`,
		f.NewMessageID(), from.json(), chatJSON(chat, from.FirstName), time.Now().Unix(), text, quoted(chat, replyTo)))
}

// photo is a person sending a picture (quoting replyTo, 0 = none); its
// bytes are served by getFile and the download URL.
func (f *fakeBotAPI) photo(chat int64, from tgUser, data []byte, caption string, replyTo int) int {
	fileID := f.NewFileID("AgACin")
	f.AddFile(fileID, telegramtest.File{Path: "photos/" + fileID + ".jpg", Data: data, Size: len(data)})
	return f.PushBody(fmt.Sprintf(`"message":{"message_id":%d,"from":%s,"chat":%s,"date":%d,"caption":%q,`+
		`"photo":[{"file_id":"small-%s","file_unique_id":"s","width":90,"height":90,"file_size":900},`+
		`{"file_id":%q,"file_unique_id":"l","width":800,"height":800,"file_size":%d}]%s}`,
		f.NewMessageID(), from.json(), chatJSON(chat, from.FirstName), time.Now().Unix(), caption, fileID, fileID, len(data), quoted(chat, replyTo)))
}

// quoted is the reply_to_message field quoting the bot's message id.
func quoted(chat int64, id int) string {
	if id == 0 {
		return ""
	}
	return fmt.Sprintf(`,"reply_to_message":{"message_id":%d,"date":1700000000,"chat":%s,"from":{"id":%d,"is_bot":true,"first_name":"Toko"}}`,
		id, chatJSON(chat, "x"), telegramtest.BotID)
}

// press is a person pressing an inline button of the bot's message.
func (f *fakeBotAPI) press(chat int64, from tgUser, messageID int, data string) int {
	return f.PushBody(fmt.Sprintf(`"callback_query":{"id":%q,"from":%s,"chat_instance":"ci","data":%q,`+
		`"message":{"message_id":%d,"date":1700000000,"chat":%s,"from":{"id":%d,"is_bot":true,"first_name":"Toko"},"text":"menu"}}`,
		f.NewFileID("q"), from.json(), data, messageID, chatJSON(chat, from.FirstName), telegramtest.BotID))
}

// can queues an answer for a method, used before the normal answer.
func (f *fakeBotAPI) can(method string, status int, body string) {
	f.Can(method, telegramtest.Reply{Status: status, Body: body})
}

func (f *fakeBotAPI) allSent() []sentMsg { return f.Sent() }

// callsTo lists the forms of the requests to one method.
func (f *fakeBotAPI) callsTo(method string) []url.Values {
	var out []url.Values
	for _, c := range f.Calls(method) {
		out = append(out, c.Form)
	}
	return out
}

func (f *fakeBotAPI) pending() int { return f.Pending() }

// cursor remembers, per chat, how far a test has read the bot's messages.
type cursor map[int64]int

// waitSent waits for the next message to chat (after those the cursor has
// passed) whose text contains want, and moves the cursor past it.
func (f *fakeBotAPI) waitSent(t testing.TB, cur cursor, chat int64, want string, within time.Duration) sentMsg {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		all := f.allSent()
		seen := 0
		for i, m := range all {
			if m.Chat != chat {
				continue
			}
			seen++
			if seen > cur[chat] && strings.Contains(m.Text, want) {
				cur[chat] = seen
				return all[i]
			}
		}
		if time.Now().After(deadline) {
			var to []string
			for _, m := range all {
				if m.Chat == chat {
					to = append(to, m.Text)
				}
			}
			t.Fatalf("no message to %d containing %q within %v; it got %q", chat, want, within, to)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sentTo lists the messages to chat.
func (f *fakeBotAPI) sentTo(chat int64) []sentMsg {
	var out []sentMsg
	for _, m := range f.allSent() {
		if m.Chat == chat {
			out = append(out, m)
		}
	}
	return out
}

var okJSON = telegramtest.OK
