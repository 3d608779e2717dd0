package console

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

// cmdAdmin lists, adds and removes staff admins (owner only):
// "/admin", "/admin tambah telegram:123", "/admin hapus telegram:123".
func (t *turn) cmdAdmin(args string) error {
	verb, who := chat.FirstWord(args)
	ch, id, okID := strings.Cut(strings.TrimSpace(who), ":")
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
		if !okID || ch == "" || id == "" {
			t.Reply(t.P.T("staff.admin_how"))
			return nil
		}
		if err := t.Tx.SetStaff(ch, id, store.StaffAdmin, t.Actor()); err != nil {
			return err
		}
		t.Reply(t.P.T("staff.admin_added", "who", ch+":"+id))
		return nil
	case "hapus", "remove":
		if !okID {
			t.Reply(t.P.T("staff.admin_how"))
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

// EnsureClaimCode returns the one-time code that makes its sender the
// owner, creating it when the shop has no owner yet; "" when there is an
// owner. cmd prints it at start.
func EnsureClaimCode(tx *store.Tx) (string, error) {
	n, err := tx.OwnerCount()
	if err != nil || n > 0 {
		return "", err
	}
	code, err := tx.Setting(settingClaimCode, "")
	if err != nil || code != "" {
		return code, err
	}
	v, err := rand.Int(rand.Reader, big.NewInt(900000))
	if err != nil {
		return "", err
	}
	code = fmt.Sprint(100000 + v.Int64())
	if err := tx.SetSetting(settingClaimCode, code); err != nil {
		return "", err
	}
	return code, tx.SetSetting(settingClaimTries, "0")
}

// claim makes the sender the owner when the code matches. A wrong code is
// answered like any unknown command; after ten wrong tries the code is
// void (a new one is printed at the next start).
func (t *turn) claim(arg string) error {
	code, err := t.Tx.Setting(settingClaimCode, "")
	if err != nil {
		return err
	}
	if code == "" || strings.TrimSpace(arg) != code {
		if code != "" {
			tries, err := t.Int(claimTries)
			if err != nil {
				return err
			}
			tries++
			if tries >= maxClaimTries {
				if err := t.Tx.SetSetting(settingClaimCode, ""); err != nil {
					return err
				}
				t.Env.Log.Warn("owner claim code voided after too many wrong tries")
			}
			if err := t.Tx.SetSetting(settingClaimTries, fmt.Sprint(tries)); err != nil {
				return err
			}
		}
		t.Reply(t.P.T("customer.unknown_command"), t.MenuLabels()...)
		return nil
	}
	if err := t.Tx.SetStaff(t.Msg.Channel, t.Msg.UserID, store.StaffOwner, "claim code"); err != nil {
		return err
	}
	if err := t.Tx.SetSetting(settingClaimCode, ""); err != nil {
		return err
	}
	if err := t.Tx.SetConversation(t.Msg.Channel, t.Msg.ChatID, t.Msg.UserID, store.Conversation{}); err != nil {
		return err
	}
	t.Reply(t.P.T("staff.claimed") + "\n\n" + t.StaffHelp())
	return nil
}

// Claim code settings.
const (
	settingClaimCode  = "owner.claim_code"
	settingClaimTries = "owner.claim_tries"
	maxClaimTries     = 10
)
