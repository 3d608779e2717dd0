package main

import (
	"context"
	"fmt"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/bot/telegram"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// menuRefresh is how often the Telegram menus are compared with the books,
// for role and link changes that came without a signal. An unchanged
// comparison costs one read and no request.
const menuRefresh = time.Minute

// menuLists are the commands of each role's Telegram menu, in the order
// shown; their descriptions are "menus.<role>.<command>" in the locales
// (role: owner, admin, group, groups). The customers' menu is
// telegramCommands.
type menuLists struct {
	Owner  []string // the owner's private chat
	Admin  []string // an admin's private chat
	Group  []string // a group linked to a supplier
	Groups []string // the other groups
}

// interimMenus are the lists until the flows' command tables supply them
// (see the branch's report): the commands of today's staff and group
// switches that are worth a tap.
var interimMenus = menuLists{
	Owner:  []string{"pesanan", "cek", "lunas", "tolak", "resi", "tiket", "produk", "laporan", "rekap", "atur", "admin", "siaran", "bantuan"},
	Admin:  []string{"pesanan", "cek", "lunas", "tolak", "resi", "tiket", "bantuan"},
	Group:  []string{"pesanan", "terima", "habis", "resi", "stok", "harga", "saldo", "bantuan"},
	Groups: []string{"supplier", "bantuan"},
}

// menuLangs are the catalogue languages of the menus and the Telegram
// language each is shown for ("" = everyone else).
var menuLangs = []struct {
	lang locales.Lang
	code string
}{{locales.ID, ""}, {locales.EN, "en"}}

// telegramMenus builds every Telegram command menu from the books: the
// customers' by default, the owners' and admins' in their private chats,
// the supplier groups' in each linked group, and a short one for the other
// groups; each in Indonesian and in English.
func telegramMenus(ctx context.Context, db *store.DB, lists menuLists) ([]bot.Menu, error) {
	var staff []store.StaffMember
	var groups []store.GroupLink
	err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		if staff, err = tx.Staff(""); err != nil {
			return err
		}
		sups, err := tx.Suppliers()
		if err != nil {
			return err
		}
		for _, s := range sups {
			gs, err := tx.SupplierGroups(s.ID)
			if err != nil {
				return err
			}
			groups = append(groups, gs...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("telegram menus: %w", err)
	}
	b := locales.Default()
	var menus []bot.Menu
	for _, l := range menuLangs {
		p := b.For(l.lang)
		menus = append(menus,
			bot.Menu{Scope: bot.ScopeDefault, Lang: l.code, Commands: telegramCommands(p)},
			bot.Menu{Scope: bot.ScopeGroups, Lang: l.code, Commands: roleCommands(p, "groups", lists.Groups)})
		for _, s := range staff {
			if s.Channel != telegram.Name {
				continue
			}
			cmds := roleCommands(p, "admin", lists.Admin)
			if s.Role == store.StaffOwner {
				cmds = roleCommands(p, "owner", lists.Owner)
			}
			// A private chat's id is the person's user id.
			menus = append(menus, bot.Menu{Scope: bot.ScopeChat, ChatID: s.UserID, Lang: l.code, Commands: cmds})
		}
		for _, g := range groups {
			if g.Channel == telegram.Name {
				menus = append(menus, bot.Menu{Scope: bot.ScopeChat, ChatID: g.ChatID, Lang: l.code, Commands: roleCommands(p, "group", lists.Group)})
			}
		}
	}
	return menus, nil
}

// roleCommands is one role's menu in p's language.
func roleCommands(p locales.Printer, role string, names []string) []bot.Command {
	out := make([]bot.Command, len(names))
	for i, n := range names {
		out[i] = bot.Command{Name: n, Description: p.T("menus." + role + "." + n)}
	}
	return out
}
