package bot

import (
	"strings"
	"sync"
	"time"
)

// Pace is how fast the dispatcher may send through one channel, and what
// it may send at all. A channel without a Pace (the playground) is not
// held back.
type Pace struct {
	// ChatGap is the least time between two messages to one chat.
	ChatGap time.Duration
	// Jitter adds a random extra wait of up to Jitter to ChatGap, drawn
	// after each message, so a bot's messages do not tick like a machine.
	Jitter time.Duration
	// ChatPerMinute caps the messages to one chat in any 60 s window
	// (0 = no cap).
	ChatPerMinute int
	// GroupPerMinute caps the messages to one group chat in any 60 s
	// window (0 = no cap); it applies on top of ChatPerMinute.
	GroupPerMinute int
	// PerSecond caps the messages of the whole channel in any 1 s window
	// (0 = no cap).
	PerSecond int
	// IsGroup tells group chat ids from private ones; nil = all private.
	IsGroup func(chatID string) bool
	// MergeLimit lets a chat that is being held back catch up: when its
	// turn comes, the plain text messages waiting behind the first one
	// (no options, no photo, no quote, about the same thing) go out as one
	// message of at most MergeLimit characters (UTF-16 units, what Telegram
	// counts). 0 = never merge.
	MergeLimit int
	// RepliesOnly refuses messages to private chats of people who never
	// wrote to the bot (no identity in the books) unless they are staff:
	// the row is kept as failed with the reason. WhatsApp bans numbers
	// that message strangers.
	RepliesOnly bool
	// Unreachable tells, of a failed send, that the chat cannot be reached
	// any more (the person blocked the bot, the bot left the group). The
	// chat is then marked unreachable, the owner is told once, and later
	// messages to it are kept as failed without trying. nil = never.
	Unreachable func(error) bool
}

// Telegram's limits (core.telegram.org/bots/faq): about one message per
// second to a chat, 20 per minute to a group, 30 per second in all.
const (
	TelegramChatGap        = time.Second
	TelegramGroupPerMinute = 20
	TelegramPerSecond      = 30
	// TelegramMergeLimit is Telegram's longest text message.
	TelegramMergeLimit = 4096
)

// TelegramPace is Telegram's pace: ChatGap 1 s, GroupPerMinute 20,
// PerSecond 30, merging up to one full message. Group chats are the
// negative chat ids. Unreachable is left to the caller, who can read the
// adapter's errors.
func TelegramPace() Pace {
	return Pace{
		ChatGap:        TelegramChatGap,
		GroupPerMinute: TelegramGroupPerMinute,
		PerSecond:      TelegramPerSecond,
		IsGroup:        func(chatID string) bool { return strings.HasPrefix(chatID, "-") },
		MergeLimit:     TelegramMergeLimit,
	}
}

// WhatsApp defaults: conservative, since the number is what gets banned.
const (
	DefaultWhatsAppPerMinute = 6               // messages to one chat in any minute
	WhatsAppChatGap          = 2 * time.Second // between two messages to one chat
	WhatsAppJitter           = 1500 * time.Millisecond
	WhatsAppMergeLimit       = 4096
)

// WhatsAppPace is WhatsApp's pace: at most perMinute messages to one chat
// in any minute (≤0 = DefaultWhatsAppPerMinute), 2 s + up to 1.5 s between
// two messages to a chat, merging when held back, and replies only. Group
// chats end in "@g.us". The adapter itself adds a 1 s gap between any two
// messages.
func WhatsAppPace(perMinute int) Pace {
	if perMinute <= 0 {
		perMinute = DefaultWhatsAppPerMinute
	}
	return Pace{
		ChatGap:       WhatsAppChatGap,
		Jitter:        WhatsAppJitter,
		ChatPerMinute: perMinute,
		IsGroup:       func(chatID string) bool { return strings.HasSuffix(chatID, "@g.us") },
		MergeLimit:    WhatsAppMergeLimit,
		RepliesOnly:   true,
	}
}

// pacer keeps one channel's recent sends and says when the next one to a
// chat may go. Times come from the dispatcher's clock, so tests drive it.
type pacer struct {
	p      Pace
	jitter func(time.Duration) time.Duration

	mu     sync.Mutex
	chats  map[string]*chatPace
	recent []time.Time // the channel's sends of the last second, oldest first
	sends  int         // since the last prune
}

type chatPace struct {
	sends []time.Time // sends of the last minute, oldest first
	next  time.Time   // earliest next send by ChatGap + jitter
	held  bool        // a message was held back since the last send
}

func newPacer(p Pace, jitter func(time.Duration) time.Duration) *pacer {
	return &pacer{p: p, jitter: jitter, chats: map[string]*chatPace{}}
}

// perMinute is the tightest per-minute cap of a chat, 0 = none.
func (pc *pacer) perMinute(chatID string) int {
	n := pc.p.ChatPerMinute
	if pc.p.GroupPerMinute > 0 && pc.p.IsGroup != nil && pc.p.IsGroup(chatID) && (n == 0 || pc.p.GroupPerMinute < n) {
		n = pc.p.GroupPerMinute
	}
	return n
}

// wait returns how long a message to chatID must still wait at now (0 =
// it may go). A positive wait marks the chat as held back.
func (pc *pacer) wait(chatID string, now time.Time) time.Duration {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	at := now
	if c := pc.chats[chatID]; c != nil {
		at = later(at, c.next)
		if n := pc.perMinute(chatID); n > 0 {
			c.sends = since(c.sends, now.Add(-time.Minute))
			if len(c.sends) >= n {
				at = later(at, c.sends[len(c.sends)-n].Add(time.Minute))
			}
		}
	}
	if n := pc.p.PerSecond; n > 0 {
		pc.recent = since(pc.recent, now.Add(-time.Second))
		if len(pc.recent) >= n {
			at = later(at, pc.recent[len(pc.recent)-n].Add(time.Second))
		}
	}
	w := at.Sub(now)
	if w > 0 {
		c := pc.chat(chatID)
		c.held = true
	}
	return max(w, 0)
}

// held reports whether chatID was held back since its last send.
func (pc *pacer) held(chatID string) bool {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	c := pc.chats[chatID]
	return c != nil && c.held
}

// sent records a message to chatID that reached the platform at now
// (accepted or not: every call counts against the limits).
func (pc *pacer) sent(chatID string, now time.Time) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	c := pc.chat(chatID)
	c.held = false
	c.sends = append(c.sends, now)
	gap := pc.p.ChatGap
	if pc.p.Jitter > 0 && pc.jitter != nil {
		gap += pc.jitter(pc.p.Jitter)
	}
	c.next = now.Add(gap)
	if pc.p.PerSecond > 0 {
		pc.recent = append(pc.recent, now)
	}
	pc.sends++
	if pc.sends >= 512 {
		pc.sends = 0
		pc.prune(now)
	}
}

func (pc *pacer) chat(chatID string) *chatPace {
	c := pc.chats[chatID]
	if c == nil {
		c = &chatPace{}
		pc.chats[chatID] = c
	}
	return c
}

// prune forgets chats that cannot hold anything back any more.
func (pc *pacer) prune(now time.Time) {
	for id, c := range pc.chats {
		c.sends = since(c.sends, now.Add(-time.Minute))
		if len(c.sends) == 0 && !c.next.After(now) && !c.held {
			delete(pc.chats, id)
		}
	}
}

// since drops the times before cut from a sorted slice.
func since(ts []time.Time, cut time.Time) []time.Time {
	i := 0
	for i < len(ts) && ts[i].Before(cut) {
		i++
	}
	if i == 0 {
		return ts
	}
	return append(ts[:0], ts[i:]...)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
