package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/bot/telegram"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/chat"
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

// menusFromTables builds each role's menu from the flows' command tables:
// a command is in a role's menu when the role may run it and the locales
// describe it as "menus.<role>.<command>" (so the menu stays short: the
// commands worth a tap). Owners see their own commands and the staff's;
// a linked group sees the supplier commands and those of any group.
func menusFromTables() menuLists {
	pick := func(role string, roles ...chat.Role) []string {
		b := locales.Default()
		var out []string
		seen := map[string]bool{}
		for _, r := range roles {
			for _, n := range flows.CommandNames(r) {
				if !seen[n] && b.Has(locales.ID, "menus."+role+"."+n) {
					seen[n] = true
					out = append(out, n)
				}
			}
		}
		// Help last: the menu starts with what is done every day.
		slices.SortStableFunc(out, func(a, b string) int {
			switch {
			case a == b:
				return 0
			case a == "bantuan":
				return 1
			case b == "bantuan":
				return -1
			}
			return strings.Compare(a, b)
		})
		return out
	}
	return menuLists{
		Owner:  pick("owner", chat.RoleOwner, chat.RoleStaff),
		Admin:  pick("admin", chat.RoleStaff),
		Group:  pick("group", chat.RoleSupplierGroup, chat.RoleGroup),
		Groups: pick("groups", chat.RoleGroupOwner, chat.RoleGroup),
	}
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
