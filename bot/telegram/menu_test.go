package telegram

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/bot/telegram/telegramtest"
)

func cmds(names ...string) []bot.Command {
	var out []bot.Command
	for _, n := range names {
		out = append(out, bot.Command{Name: n, Description: "tentang " + n})
	}
	return out
}

func menu(scope string, chat int64, lang string, names ...string) telegramtest.Menu {
	m := telegramtest.Menu{Scope: scope, ChatID: chat, Lang: lang}
	for _, n := range names {
		m.Commands = append(m.Commands, telegramtest.MenuCommand{Command: n, Description: "tentang " + n})
	}
	return m
}

// roleMenus is one menu per role as cmd/dropbot builds them: customers by
// default (Indonesian, and English for English-speaking Telegram apps), the
// owner and an admin in their private chats, a linked supplier group, and
// the other groups.
func roleMenus(admin bool) []bot.Menu {
	ms := []bot.Menu{
		{Scope: bot.ScopeDefault, Commands: cmds("start", "katalog", "pesanan")},
		{Scope: bot.ScopeDefault, Lang: "en", Commands: cmds("start", "katalog", "pesanan")},
		{Scope: bot.ScopeChat, ChatID: "7001", Commands: cmds("pesanan", "lunas", "laporan", "atur")},
		{Scope: bot.ScopeChat, ChatID: "-1009001", Commands: cmds("terima", "habis", "resi")},
		{Scope: bot.ScopeGroups, Commands: cmds("supplier")},
	}
	if admin {
		ms = append(ms, bot.Menu{Scope: bot.ScopeChat, ChatID: "7002", Commands: cmds("pesanan", "lunas")})
	}
	return ms
}

func TestSetMenusPerRole(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	ctx := context.Background()
	if err := c.SetMenus(ctx, roleMenus(true)); err != nil {
		t.Fatal(err)
	}
	// Narrow scopes first, the default last.
	want := []telegramtest.Menu{
		menu("chat", 7001, "", "pesanan", "lunas", "laporan", "atur"),
		menu("chat", -1009001, "", "terima", "habis", "resi"),
		menu("chat", 7002, "", "pesanan", "lunas"),
		menu("all_group_chats", 0, "", "supplier"),
		menu("default", 0, "", "start", "katalog", "pesanan"),
		menu("default", 0, "en", "start", "katalog", "pesanan"),
	}
	if got := f.Menus(); !reflect.DeepEqual(got, want) {
		t.Fatalf("menus =\n%+v\nwant\n%+v", got, want)
	}

	// The same set again: nothing is sent.
	if err := c.SetMenus(ctx, roleMenus(true)); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Calls("setMyCommands")) + len(f.Calls("deleteMyCommands")); n != len(want) {
		t.Errorf("%d calls after an unchanged refresh, want %d", n, len(want))
	}

	// The admin is removed: the admin's chat menu is deleted, and the broad
	// menus go again after the narrow change.
	if err := c.SetMenus(ctx, roleMenus(false)); err != nil {
		t.Fatal(err)
	}
	if got, want := f.DeletedMenus(), []telegramtest.Menu{{Scope: "chat", ChatID: 7002}}; !reflect.DeepEqual(got, want) {
		t.Errorf("deleted = %+v, want %+v", got, want)
	}
	after := f.Menus()[len(want):]
	if len(after) != 3 || after[0].Scope != "all_group_chats" || after[1].Scope != "default" || after[2].Lang != "en" {
		t.Errorf("after the removal sent %+v, want the group and default menus again", after)
	}
}

// TestSetMenusChangeOneRole: a changed owner list is the only chat menu sent.
func TestSetMenusChangeOneRole(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	ctx := context.Background()
	ms := roleMenus(false)
	if err := c.SetMenus(ctx, ms); err != nil {
		t.Fatal(err)
	}
	n := len(f.Menus())
	ms[2].Commands = cmds("pesanan", "lunas")
	if err := c.SetMenus(ctx, ms); err != nil {
		t.Fatal(err)
	}
	got := f.Menus()[n:]
	if len(got) == 0 || !reflect.DeepEqual(got[0], menu("chat", 7001, "", "pesanan", "lunas")) {
		t.Fatalf("sent %+v, want the owner's new list first", got)
	}
	for _, m := range got[1:] {
		if m.Scope == "chat" {
			t.Errorf("unchanged chat menu sent again: %+v", m)
		}
	}
}

func TestSetMenusServerWithoutMethod(t *testing.T) {
	f := newFake(t)
	f.Can("setMyCommands", errReply(404, "Not Found: method not found"))
	c := newChannel(t, f, func(cfg *Config) { cfg.Commands = cmds("start") }) // New survives it
	if err := c.SetMenus(context.Background(), roleMenus(true)); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Calls("setMyCommands")); n != 1 {
		t.Errorf("%d setMyCommands calls, want the one refused at start and no more", n)
	}
}

// TestSetMenusRefusedScope: a menu the server refuses (400) is skipped and
// the others are set; it is not sent again unchanged (a refresh every
// minute would log the same refusal), but it is once it changes. A menu
// that failed for a passing reason (500) goes again at the next call.
func TestSetMenusRefusedScope(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	f.Can("setMyCommands", errReply(400, "Bad Request: chat not found"), errReply(500, "Internal Server Error"))
	ctx := context.Background()
	ms := roleMenus(false)
	if err := c.SetMenus(ctx, ms); err != nil {
		t.Fatal(err)
	}
	// The owner's menu was refused, the group's failed: 3 of 5 set.
	if got := len(f.Menus()); got != 3 {
		t.Fatalf("%d menus set, want 3", got)
	}
	if err := c.SetMenus(ctx, ms); err != nil {
		t.Fatal(err)
	}
	got := f.Menus()[3:]
	if len(got) == 0 || !reflect.DeepEqual(got[0], menu("chat", -1009001, "", "terima", "habis", "resi")) {
		t.Fatalf("second call sent %+v, want the group's menu first", got)
	}
	for _, m := range got {
		if m.ChatID == 7001 {
			t.Errorf("the refused menu was sent again unchanged")
		}
	}
	n := len(f.Menus())
	ms[2].Commands = cmds("pesanan")
	if err := c.SetMenus(ctx, ms); err != nil {
		t.Fatal(err)
	}
	if got := f.Menus()[n:]; len(got) == 0 || !reflect.DeepEqual(got[0], menu("chat", 7001, "", "pesanan")) {
		t.Errorf("after the change sent %+v, want the owner's new menu", got)
	}
}

// TestSetMenusBadEntries: what Telegram would refuse is left out or cut,
// not sent; bad scopes are skipped.
func TestSetMenusBadEntries(t *testing.T) {
	f := newFake(t)
	c := newChannel(t, f, nil)
	long := strings.Repeat("é", 300)
	err := c.SetMenus(context.Background(), []bot.Menu{
		{Scope: bot.ScopeDefault, Commands: []bot.Command{
			{Name: "Start", Description: "x"}, {Name: "cek-resi", Description: "x"}, {Name: "kosong", Description: " "},
			{Name: "katalog", Description: long}, {Name: "batal", Description: "Batalkan"},
		}},
		{Scope: bot.ScopeChat, ChatID: "budi", Commands: cmds("x")},
		{Scope: "everyone", Commands: cmds("x")},
		{Scope: bot.ScopeDefault, Lang: "english", Commands: cmds("x")},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := f.Menus()
	if len(got) != 1 || len(got[0].Commands) != 2 || got[0].Commands[0].Command != "katalog" || got[0].Commands[1].Command != "batal" {
		t.Fatalf("menus = %+v", got)
	}
	if d := []rune(got[0].Commands[0].Description); len(d) != maxDescription || d[len(d)-1] != '…' {
		t.Errorf("long description is %d characters", len(d))
	}
}
