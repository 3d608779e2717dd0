package bot

import (
	"context"
	"log/slog"
	"time"
)

// Command is one entry of a command menu: the name without the slash
// ([a-z0-9_]{1,32} on Telegram) and a short description in the menu's
// language.
type Command struct {
	Name        string
	Description string
}

// MenuScope tells who sees a menu.
type MenuScope string

// Menu scopes, from the broadest to the narrowest. A chat sees the menu of
// the narrowest scope that has one.
const (
	// ScopeDefault is everyone without a narrower menu: the customers.
	ScopeDefault MenuScope = "default"
	// ScopeGroups is every group chat without a narrower menu (groups not
	// linked to a supplier).
	ScopeGroups MenuScope = "groups"
	// ScopeChat is one chat (Menu.ChatID): the private chat of the owner or
	// an admin, or a linked supplier group.
	ScopeChat MenuScope = "chat"
)

// Menu is the command menu of one scope and language.
type Menu struct {
	Scope  MenuScope
	ChatID string // the chat, for ScopeChat
	// Lang is the ISO 639-1 code of the people it is for ("en"); "" is
	// everyone whose language has no menu of its own.
	Lang string
	// Commands in the order shown. Empty removes the scope's menu, so the
	// chat falls back to a broader one.
	Commands []Command
}

// MenuSetter is a channel that shows a command menu (Telegram). SetMenus
// takes the whole set wanted and makes the platform show it: menus that
// changed are sent, and the narrow menus it set earlier that are no longer
// in the set are removed. It logs what the platform refuses and goes on;
// the error is only ctx's.
type MenuSetter interface {
	SetMenus(ctx context.Context, menus []Menu) error
}

// MenuSource builds the whole set of menus from the books: the customers'
// default, one per owner or admin, one per linked group.
type MenuSource func(ctx context.Context) ([]Menu, error)

// RefreshMenus keeps s's menus in step with the books until ctx ends: it
// sets them at once, again after every signal on changed (roles or group
// links changed; a send that does not block is enough), and every `every`
// in case a change came without a signal (0 = only on signals). Signals
// that arrive while a refresh runs fold into one more refresh. A failed
// build is logged and tried again at the next signal or tick.
func RefreshMenus(ctx context.Context, s MenuSetter, build MenuSource, changed <-chan struct{}, every time.Duration, log *slog.Logger) {
	if log == nil {
		log = slog.Default()
	}
	var tick <-chan time.Time
	if every > 0 {
		t := time.NewTicker(every)
		defer t.Stop()
		tick = t.C
	}
	for {
		menus, err := build(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Warn("command menus not refreshed", "err", err)
		default:
			if err := s.SetMenus(ctx, menus); err != nil && ctx.Err() == nil {
				log.Warn("command menus not refreshed", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
		case <-tick:
		}
	}
}
