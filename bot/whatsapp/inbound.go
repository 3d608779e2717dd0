package whatsapp

import (
	"context"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/flows"
)

// downloadAttempts is how often a media download is tried before the
// message is handed on without the data.
const downloadAttempts = 3

// inbound turns an accepted message event into a bot.Inbound. ok is false
// for messages with nothing dropbot reads (reactions, protocol messages,
// key distribution, …).
func (c *Channel) inbound(ctx context.Context, e *events.Message) (in bot.Inbound, ok bool) {
	info := e.Info
	sender := c.senderID(ctx, info.Sender, info.SenderAlt)
	in = bot.Inbound{
		Channel:    ChannelName,
		Kind:       bot.Private,
		SenderID:   sender,
		SenderName: info.PushName,
		MessageID:  info.ID,
		Time:       info.Timestamp,
	}
	chat := info.Chat.ToNonAD()
	switch chat.Server {
	case types.GroupServer:
		in.Kind, in.ChatID = bot.Group, chat.String()
	case types.DefaultUserServer:
		in.ChatID = chat.String()
	default:
		// A private chat addressed by lid, or a broadcast list (shown in
		// the private chat with its sender): the chat is the sender, by
		// phone when known, so one person is one chat in the books.
		in.ChatID = sender
	}
	if in.ChatID == "" || in.SenderID == "" || in.MessageID == "" {
		return in, false
	}

	fetch := c.wantMedia(ctx, in.ChatID, in.Kind)
	m := e.Message
	var ci *waE2E.ContextInfo
	switch {
	case m.GetConversation() != "":
		in.Text = m.GetConversation()
	case m.GetExtendedTextMessage() != nil:
		x := m.GetExtendedTextMessage()
		in.Text, ci = x.GetText(), x.GetContextInfo()
	case m.GetImageMessage() != nil:
		x := m.GetImageMessage()
		in.Text, ci = x.GetCaption(), x.GetContextInfo()
		in.Media = c.media(ctx, x, flows.MediaPhoto, x.GetMimetype(), "", x.GetFileLength(), fetch)
	case m.GetDocumentMessage() != nil:
		x := m.GetDocumentMessage()
		in.Text, ci = x.GetCaption(), x.GetContextInfo()
		in.Media = c.media(ctx, x, flows.MediaDocument, x.GetMimetype(), x.GetFileName(), x.GetFileLength(), fetch)
	case m.GetVideoMessage() != nil:
		x := m.GetVideoMessage()
		in.Text, ci = x.GetCaption(), x.GetContextInfo()
		in.Media = c.media(ctx, x, flows.MediaVideo, x.GetMimetype(), "", x.GetFileLength(), fetch)
	case m.GetStickerMessage() != nil:
		x := m.GetStickerMessage()
		ci = x.GetContextInfo()
		in.Media = c.media(ctx, x, flows.MediaSticker, x.GetMimetype(), "", x.GetFileLength(), false)
	case m.GetAudioMessage() != nil:
		x := m.GetAudioMessage()
		ci = x.GetContextInfo()
		in.Media = c.media(ctx, x, flows.MediaVoice, x.GetMimetype(), "", x.GetFileLength(), false)
	case m.GetLocationMessage() != nil, m.GetLiveLocationMessage() != nil, m.GetContactMessage() != nil,
		m.GetContactsArrayMessage() != nil, m.GetPollCreationMessage() != nil:
		in.Media = &bot.InMedia{Kind: flows.MediaOther}
	default:
		return in, false
	}
	in.ReplyTo = ci.GetStanzaID()
	c.quotes.put(info.ID, quoteRef{chat: in.ChatID, participant: info.Sender.ToNonAD().String(), text: in.Text})
	return in, true
}

// senderID is the person's id: the phone JID ("62…@s.whatsapp.net")
// whenever it is known, else the lid as it came. A phone is never read out
// of a lid.
func (c *Channel) senderID(ctx context.Context, sender, alt types.JID) string {
	if sender.Server != types.HiddenUserServer {
		if sender.User == "" {
			return ""
		}
		return sender.ToNonAD().String()
	}
	if alt.Server == types.DefaultUserServer && alt.User != "" {
		return alt.ToNonAD().String()
	}
	pn, err := c.client.PNForLID(ctx, sender.ToNonAD())
	if err != nil {
		c.log.Debug("whatsapp lid lookup failed", "err", err)
	} else if pn.Server == types.DefaultUserServer && pn.User != "" {
		return pn.ToNonAD().String()
	}
	if sender.User == "" {
		return ""
	}
	return sender.ToNonAD().String()
}

// media describes an attachment and downloads it when fetch is set and it
// fits the cap. A failed download leaves Data nil: the message still goes
// on (the flow can ask for the file again).
func (c *Channel) media(ctx context.Context, msg whatsmeow.DownloadableMessage, kind, mime, name string, size uint64, fetch bool) *bot.InMedia {
	md := &bot.InMedia{Kind: kind, MIME: mime, FileName: name, Size: clampSize(size)}
	if !fetch || md.Size > c.cfg.MaxDownload {
		return md
	}
	for attempt := 1; ; attempt++ {
		data, err := c.client.Download(ctx, msg)
		if err == nil {
			if int64(len(data)) > c.cfg.MaxDownload {
				md.Size = int64(len(data))
				return md
			}
			md.Data, md.Size = data, int64(len(data))
			return md
		}
		if attempt >= downloadAttempts || ctx.Err() != nil {
			c.log.Warn("whatsapp media download failed", "kind", kind, "err", err)
			return md
		}
		select {
		case <-ctx.Done():
			return md
		case <-time.After(time.Duration(attempt) * c.retryDelay):
		}
	}
}

func clampSize(n uint64) int64 {
	const maxInt64 = 1<<63 - 1
	if n > maxInt64 {
		return maxInt64
	}
	return int64(n)
}
