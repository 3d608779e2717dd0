package console

import (
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

// cmdBackup sends the owner a backup of the books (/cadangan). It holds
// every customer's personal data, so it goes only to the owner's private
// chat, and only when it fits the chat's file limit.
func (t *turn) cmdBackup() error {
	if t.Env.Backup == nil {
		t.Reply(t.P.T("staff.backup_unavailable"))
		return nil
	}
	data, err := t.Env.Backup(t.Ctx)
	if err != nil {
		return err
	}
	if len(data) > store.MaxMediaBytes {
		t.Reply(t.P.T("staff.backup_too_big", "mb", len(data)>>20))
		return nil
	}
	m, err := t.Tx.SaveMedia(t.Env.MediaDir, data, "application/x-sqlite3")
	if err != nil {
		return err
	}
	t.Send(chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, MediaID: m.ID,
		Text: t.P.T("staff.backup_sent", "date", t.P.DateTime(t.Tx.Now()))})
	return nil
}
