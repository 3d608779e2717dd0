package bot

import (
	"context"
	"fmt"

	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// parkCrashed records a message that crashed the process crashes times as
// parked without running its flow again, tells its sender (private chats
// only) that the admin knows, and tells every owner once (the message is
// parked, so a redelivery is a duplicate and tells nobody again). The
// message counts as handled: nil lets the platform forget it.
func (e *Engine) parkCrashed(ctx context.Context, in Inbound, crashes int) error {
	e.log.Error("message parked: its flow crashed the process", "channel", in.Channel, "message", in.MessageID, "crashes", crashes)
	err := e.cfg.DB.Update(ctx, func(tx *store.Tx) error {
		reason := fmt.Sprintf("the flow crashed the process %d times", crashes)
		if err := tx.ParkInbound(in.Channel, in.MessageID, in.ChatID, crashes, reason); err != nil {
			return err
		}
		if in.Kind != Group {
			lang, err := tx.SpeakerLang(in.Channel, in.SenderID)
			if err != nil {
				return err
			}
			if _, err := tx.Enqueue(store.OutMessage{Channel: in.Channel, ChatID: in.ChatID, Text: text(lang, "robust.parked_sender")}); err != nil {
				return err
			}
		}
		return tellOwners(tx, text("id", "robust.parked_owner", "channel", in.Channel, "ref", in.MessageID))
	})
	if err != nil {
		return fmt.Errorf("park crashed message: %w", err)
	}
	if e.cfg.Wake != nil {
		e.cfg.Wake()
	}
	return nil
}

// text is a catalogue text in a stored language code ("id", "en").
func text(lang, key string, args ...any) string {
	l, _ := locales.ParseLang(lang)
	return locales.Default().For(l).T(key, args...)
}

// tellOwners queues msg for every owner of the shop.
func tellOwners(tx *store.Tx, msg string) error {
	owners, err := tx.Staff(store.StaffOwner)
	if err != nil {
		return err
	}
	for _, o := range owners {
		if _, err := tx.Enqueue(store.OutMessage{Channel: o.Channel, ChatID: o.UserID, Text: msg}); err != nil {
			return err
		}
	}
	return nil
}
