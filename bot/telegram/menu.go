package telegram

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dropbot/dropbot/bot"
)

var _ bot.MenuSetter = (*Channel)(nil)

// Bot API limits of a command menu.
const (
	maxCommands    = 100
	maxDescription = 256 // characters
)

var (
	commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	langCode    = regexp.MustCompile(`^[a-z]{2}$`)
)

// menuKey is one menu as Telegram keeps it: scope and language.
type menuKey struct {
	scope bot.MenuScope
	chat  int64
	lang  string
}

// narrow: a menu for one chat, which falls back to a broader one when
// removed.
func (k menuKey) narrow() bool { return k.scope == bot.ScopeChat }

// rank orders the sends: narrow scopes first, the default last.
func (k menuKey) rank() int {
	switch k.scope {
	case bot.ScopeChat:
		return 0
	case bot.ScopeGroups:
		return 1
	}
	return 2
}

func (k menuKey) apiScope() *tgbotapi.BotCommandScope {
	switch k.scope {
	case bot.ScopeChat:
		return &tgbotapi.BotCommandScope{Type: "chat", ChatID: k.chat}
	case bot.ScopeGroups:
		return &tgbotapi.BotCommandScope{Type: "all_group_chats"}
	}
	return nil // the default scope, understood by servers that know no scopes
}

// SetMenus makes Telegram show menus (setMyCommands with a scope and a
// language per menu) and removes, with deleteMyCommands, the chat menus it
// set earlier that menus no longer holds (an admin removed, a group
// unlinked). A menu already sent unchanged by this process is not sent
// again, so calling it after every change of roles or links costs only the
// menus that changed.
//
// Narrow menus go first and the default menu last, and the broad menus are
// sent again whenever a narrow one changed: a Bot API server that ignores
// scopes then still ends with the customers' menu as everyone's, rather
// than the owner's.
//
// Commands Telegram would refuse (a name outside [a-z0-9_]{1,32}, an empty
// description) are left out and longer descriptions cut, so that one bad
// entry does not cost the whole menu. A server without setMyCommands is
// logged once and never asked again; a menu it refuses with 400 (a chat it
// does not know, a scope it does not understand) is logged and skipped, and
// not sent again until that menu changes (or the process restarts), so a
// periodic refresh does not log the same refusal every time; other
// failures (5xx, network) are tried again at the next call. The error is
// only ctx's.
//
// Chat menus removed while the bot was not running are not known to a new
// process and stay until Telegram is told otherwise; the flows check roles
// on every command anyway, so a stale entry only shows a command that
// answers "not allowed".
func (c *Channel) SetMenus(ctx context.Context, menus []bot.Menu) error {
	c.menuMu.Lock()
	defer c.menuMu.Unlock()
	if c.menusOff {
		return nil
	}
	want := map[menuKey][]tgbotapi.BotCommand{}
	var keys []menuKey
	for _, m := range menus {
		k, ok := c.menuKeyOf(m)
		if !ok {
			continue
		}
		if _, dup := want[k]; !dup {
			keys = append(keys, k)
		}
		want[k] = c.apiCommands(m.Commands)
	}
	for k := range c.menus { // narrow menus set before and no longer wanted
		if _, keep := want[k]; !keep && k.narrow() {
			keys = append(keys, k)
			want[k] = nil
		}
	}
	slices.SortStableFunc(keys, func(a, b menuKey) int { return a.rank() - b.rank() })

	narrowChanged := false
	for _, k := range keys {
		cmds := want[k]
		shown, known := c.menus[k]
		if known && slices.Equal(shown, cmds) && (k.narrow() || !narrowChanged) {
			continue
		}
		if bad, refused := c.refused[k]; refused && slices.Equal(bad, cmds) {
			continue // refused as it is: asking again would only log again
		}
		if !known && len(cmds) == 0 && k.narrow() {
			continue // nothing set, nothing to remove
		}
		var req tgbotapi.Chattable = tgbotapi.SetMyCommandsConfig{Commands: cmds, Scope: k.apiScope(), LanguageCode: k.lang}
		if len(cmds) == 0 {
			req = tgbotapi.DeleteMyCommandsConfig{Scope: k.apiScope(), LanguageCode: k.lang}
		}
		_, err := c.api(ctx).Request(req)
		if err == nil {
			delete(c.refused, k)
			c.menus[k] = cmds
			if len(cmds) == 0 && k.narrow() {
				delete(c.menus, k)
			}
			narrowChanged = narrowChanged || k.narrow()
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		delete(c.menus, k) // unknown now: sent again next time
		if f, ok := failureOf(nil, err); ok && (f.Code == http.StatusNotFound ||
			strings.Contains(strings.ToLower(f.Desc), "method not found")) {
			c.log.Warn("telegram server has no setMyCommands; going on without command menus", "err", err)
			c.menusOff = true
			return nil
		}
		if f, ok := failureOf(nil, err); ok && f.Code == http.StatusBadRequest {
			c.refused[k] = cmds // not asked again until the menu changes
		}
		c.log.Warn("telegram command menu refused; skipped", "scope", string(k.scope), "lang", k.lang, "err", err)
	}
	return nil
}

// menuKeyOf checks a menu's scope; a chat id Telegram cannot have is
// logged and the menu skipped.
func (c *Channel) menuKeyOf(m bot.Menu) (menuKey, bool) {
	k := menuKey{scope: m.Scope, lang: strings.ToLower(m.Lang)}
	switch m.Scope {
	case bot.ScopeDefault, "":
		k.scope = bot.ScopeDefault
	case bot.ScopeGroups:
	case bot.ScopeChat:
		id, err := strconv.ParseInt(m.ChatID, 10, 64)
		if err != nil || id == 0 {
			c.log.Warn("telegram command menu for a chat id that is not a number; skipped")
			return menuKey{}, false
		}
		k.chat = id
	default:
		c.log.Warn("telegram command menu with an unknown scope; skipped", "scope", string(m.Scope))
		return menuKey{}, false
	}
	if k.lang != "" && !langCode.MatchString(k.lang) {
		c.log.Warn("telegram command menu with a language that is not a two-letter code; skipped", "lang", k.lang)
		return menuKey{}, false
	}
	return k, true
}

// apiCommands drops the commands Telegram would refuse and cuts long
// descriptions.
func (c *Channel) apiCommands(cmds []bot.Command) []tgbotapi.BotCommand {
	out := make([]tgbotapi.BotCommand, 0, len(cmds))
	for _, cm := range cmds {
		desc := strings.TrimSpace(cm.Description)
		if !commandName.MatchString(cm.Name) || desc == "" {
			c.log.Warn("telegram command left out of the menu: bad name or empty description", "command", cm.Name)
			continue
		}
		if utf8.RuneCountInString(desc) > maxDescription {
			desc = string([]rune(desc)[:maxDescription-1]) + "…"
		}
		out = append(out, tgbotapi.BotCommand{Command: cm.Name, Description: desc})
		if len(out) == maxCommands {
			break
		}
	}
	return out
}
