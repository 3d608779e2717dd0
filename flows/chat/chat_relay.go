package chat

import "github.com/dropbot/dropbot/store"

// tellOwners sends a text to every owner's private chat.
func (t *Turn) TellOwners(ref Ref, text string) {
	owners, err := t.Tx.Staff(store.StaffOwner)
	if err != nil {
		t.Env.Log.Warn("owner lookup failed", "err", err)
		return
	}
	for _, ow := range owners {
		t.Send(Out{To: Address{ow.Channel, ow.UserID}, Ref: ref, Text: text})
	}
}
