package console

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// cmdAdmin lists, adds and removes staff admins (owner only):
// "/admin", "/admin tambah telegram:123", "/admin hapus whatsapp:0812…".
// Ids are read with locales.ParseStaffID, so "wa:0812-…" names the same
// person WhatsApp reports as "62…@s.whatsapp.net".
func (t *turn) cmdAdmin(args string) error {
	verb, who := chat.FirstWord(args)
	who = strings.TrimSpace(who)
	switch strings.ToLower(verb) {
	case "":
		staff, err := t.Tx.Staff("")
		if err != nil {
			return err
		}
		lines := []string{t.P.T("staff.admin_head")}
		for _, s := range staff {
			lines = append(lines, t.P.T("staff.admin_line", "who", s.Channel+":"+s.UserID, "role", t.P.T("staff.role."+s.Role)))
		}
		t.Reply(strings.Join(lines, "\n") + "\n" + t.P.T("staff.admin_how"))
		return nil
	case "tambah", "add":
		ch, id, ok := t.staffID(who)
		if !ok {
			return nil
		}
		err := t.Tx.AddAdmin(ch, id, t.Actor())
		switch store.ErrorCode(err) {
		case "":
		case store.EConflict:
			t.Reply(t.P.T("staff.err.admin_is_owner", "who", ch+":"+id))
			return nil
		case store.EInvalid:
			t.Reply(t.P.T("staff.admin_how"))
			return nil
		default:
			return err
		}
		t.Reply(t.P.T("staff.admin_added", "who", ch+":"+id))
		return nil
	case "hapus", "remove":
		ch, id, ok := t.staffID(who)
		if !ok {
			return nil
		}
		removed, err := t.Tx.RemoveStaff(ch, id)
		if err != nil {
			return err
		}
		if !removed {
			t.Reply(t.P.T("staff.admin_not_found", "who", ch+":"+id))
			return nil
		}
		t.Reply(t.P.T("staff.admin_removed", "who", ch+":"+id))
		return nil
	}
	t.Reply(t.P.T("staff.admin_how"))
	return nil
}

// staffID reads "channel:id" as the owner typed it; on a mistake it
// answers what is wrong (with what was typed) and reports false.
func (t *turn) staffID(who string) (ch, id string, ok bool) {
	if who == "" {
		t.Reply(t.P.T("staff.admin_how"))
		return "", "", false
	}
	ch, id, err := locales.ParseStaffID(who)
	if err != nil {
		var se *locales.StaffIDError
		if errors.As(err, &se) {
			t.Reply(t.P.T("staff_id.err."+se.Code, "input", who))
		} else {
			t.Reply(t.P.T("staff.admin_how"))
		}
		return "", "", false
	}
	return ch, id, true
}

// EnsureClaimCode returns the one-time code that makes its sender the
// owner, creating it when the shop has no owner yet; "" when there is an
// owner. cmd prints it at start.
func EnsureClaimCode(tx *store.Tx) (string, error) {
	n, err := tx.OwnerCount()
	if err != nil || n > 0 {
		return "", err
	}
	code, err := tx.Setting(store.SettingClaimCode, "")
	if err != nil || code != "" {
		return code, err
	}
	v, err := rand.Int(rand.Reader, big.NewInt(900000))
	if err != nil {
		return "", err
	}
	code = fmt.Sprint(100000 + v.Int64())
	if err := tx.SetSetting(store.SettingClaimCode, code); err != nil {
		return "", err
	}
	return code, tx.SetSetting(store.SettingClaimTries, "0")
}

// claim makes the sender the owner when the code matches (store.ClaimOwner
// checks it, counts wrong tries per sender and locks a guesser out while
// the real owner can still claim). Anything but success is answered like
// any unknown command, so a guesser learns nothing.
func (t *turn) claim(arg string) error {
	c, err := t.Tx.ClaimOwner(t.Msg.Channel, t.Msg.UserID, arg)
	if err != nil {
		return err
	}
	if c.Outcome != store.ClaimOK {
		if c.Outcome == store.ClaimLocked {
			t.Env.Log.Warn("owner claim refused: sender used up their tries")
		}
		t.Reply(t.P.T("customer.unknown_command"), t.MenuLabels()...)
		return nil
	}
	announce := t.OwnerPrinter().T("security.claim_announce", "who", t.Actor())
	for _, o := range c.Notify {
		t.Send(chat.Out{To: chat.Address{Channel: o.Channel, ChatID: o.UserID}, Text: announce})
	}
	if err := t.Tx.SetConversation(t.Msg.Channel, t.Msg.ChatID, t.Msg.UserID, store.Conversation{}); err != nil {
		return err
	}
	t.Reply(t.P.T("staff.claimed") + "\n\n" + t.StaffHelp())
	return nil
}
