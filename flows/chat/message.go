package chat

import "time"

// Media kinds of an incoming attachment.
const (
	MediaPhoto    = "photo"
	MediaVideo    = "video"
	MediaDocument = "document"
	MediaSticker  = "sticker"
	MediaVoice    = "voice"
	MediaOther    = "other"
)

// Media is an attachment as the flows see it: already stored (MediaID) or
// refused for size (TooBig), never a path chosen by the sender.
type Media struct {
	Kind     string
	MediaID  int64 // store.Media id; 0 when not stored
	MIME     string
	FileName string // as the sender named it: for display only, never a path
	Size     int64
	TooBig   bool
}

// Ref names what a message of the bot was about (e.g. kind "order", id "K7M2P").
type Ref struct {
	Kind string
	ID   string
}

// Message is one incoming message, channel-neutral.
type Message struct {
	Channel  string
	ChatID   string
	UserID   string
	UserName string
	Group    bool
	Text     string
	Media    *Media
	// ReplyRef is what the quoted message was about, when the person quoted
	// a message of the bot; QuotedUnknown is set when they quoted something
	// the bot never sent.
	ReplyRef      Ref
	QuotedUnknown bool
	At            time.Time
}

// Address is where a reply goes.
type Address struct {
	Channel string
	ChatID  string
}

// Out is one message the bot will send.
type Out struct {
	To      Address
	Text    string
	Options []string // numbered choices; Telegram also shows them as buttons
	MediaID int64    // a stored photo or file to send with Text as caption
	Ref     Ref      // what this message is about, so a quote-reply can name it
}
