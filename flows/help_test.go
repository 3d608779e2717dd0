package flows_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// The limits of one /bantuan message: short enough to read on a phone.
const (
	helpMaxLines = 15
	helpMaxChars = 1000
)

// helpProblems checks a registry's /bantuan tables: every staff and group
// command names a page that exists, and has its line (starting with the
// command) in every language; the first page's commands have their short
// line too.
func helpProblems(r *chat.Registry, b *locales.Bundle) []string {
	var out []string
	pages := map[chat.Scope]map[string]bool{chat.ScopeGroup: {chat.GroupHelpPage: true}, chat.ScopeStaff: {}}
	for _, p := range r.HelpPages(chat.ScopeStaff) {
		pages[chat.ScopeStaff][p] = true
		for _, lang := range b.Langs() {
			if !b.Has(lang, "help.page."+p) {
				out = append(out, fmt.Sprintf("page %q has no title in %s", p, lang))
			}
		}
	}
	for _, c := range r.AllCommands() {
		sc := c.Role.Scope()
		if sc == chat.ScopeCustomer || c.Help == chat.NoHelp {
			continue
		}
		if c.Help == "" {
			out = append(out, fmt.Sprintf("/%s (role %d) names no /bantuan page", c.Name, c.Role))
			continue
		}
		if !pages[sc][c.Help] {
			out = append(out, fmt.Sprintf("/%s: page %q is not registered", c.Name, c.Help))
		}
		for _, lang := range b.Langs() {
			if !b.Has(lang, c.HelpKey()) {
				out = append(out, fmt.Sprintf("/%s: no %s in %s", c.Name, c.HelpKey(), lang))
			} else if txt := b.T(lang, c.HelpKey()); !strings.HasPrefix(txt, "/"+c.Name) {
				out = append(out, fmt.Sprintf("/%s: %s in %s does not start with the command: %q", c.Name, c.HelpKey(), lang, txt))
			}
			if c.Daily > 0 && !b.Has(lang, c.DailyKey()) {
				out = append(out, fmt.Sprintf("/%s: on the first page but no %s in %s", c.Name, c.DailyKey(), lang))
			}
		}
	}
	return out
}

// TestHelpTables: the shop's tables pass, and a command added without its
// help fails.
func TestHelpTables(t *testing.T) {
	_, _, shop := flowtest.OpenShop(t)
	b := locales.Default()
	for _, p := range helpProblems(shop.Reg, b) {
		t.Error(p)
	}
	bad := chat.NewRegistry()
	bad.HelpPage(chat.ScopeStaff, "pesanan")
	bad.Commands(
		chat.Command{Name: "baru", Role: chat.RoleOwner},                                      // no page
		chat.Command{Name: "lain", Role: chat.RoleStaff, Help: "pesanan"},                     // no text
		chat.Command{Name: "entah", Role: chat.RoleSupplierGroup, Help: "tidakada"},           // no such page
		chat.Command{Name: "pesanan", Role: chat.RoleStaff, Help: "pesanan", Daily: 1},        // fine
		chat.Command{Name: "rekap", Role: chat.RoleGroup, Help: chat.GroupHelpPage, Daily: 0}, // no group text
	)
	got := strings.Join(helpProblems(bad, b), "\n")
	for _, want := range []string{"/baru (role", "/lain: no help.staff.lain", "/entah: page \"tidakada\"", "/rekap: no help.group.rekap"} {
		if !strings.Contains(got, want) {
			t.Errorf("a broken table passes: want %q among:\n%s", want, got)
		}
	}
	if strings.Contains(got, "/pesanan") {
		t.Errorf("a good command was blamed:\n%s", got)
	}
}

// helpShop is a shop with an owner o1 and an admin a1.
func helpShop(t *testing.T, lang string) *flowtest.OwnerShop {
	s := flowtest.NewOwnerShop(t)
	s.Update(func(tx *store.Tx) error {
		if err := tx.SetStaff("telegram", "a1", store.StaffAdmin, "test"); err != nil {
			return err
		}
		if _, err := flows.SeedDemo(tx); err != nil {
			return err
		}
		return tx.SetSetting(chat.SettingOwnerLang, lang)
	})
	return s
}

// pageOf maps each "• /cmd" line start of a help message to the page title.
func linesOf(text string) (title string, cmds map[string]bool) {
	cmds = map[string]bool{}
	lines := strings.Split(text, "\n")
	for _, l := range lines[1:] {
		if rest, ok := strings.CutPrefix(l, "• /"); ok {
			name, _, _ := strings.Cut(rest, " ")
			cmds[name] = true
		}
	}
	return lines[0], cmds
}

func checkShort(t *testing.T, who, text string) {
	t.Helper()
	if n := strings.Count(text, "\n") + 1; n > helpMaxLines {
		t.Errorf("%s: %d lines (max %d):\n%s", who, n, helpMaxLines, text)
	}
	if n := utf8.RuneCountInString(text); n > helpMaxChars {
		t.Errorf("%s: %d characters (max %d):\n%s", who, n, helpMaxChars, text)
	}
}

// TestHelpPages: every staff command is on exactly its page; every page is
// short; an admin sees no owner-only command; the first page lists only the
// pages the speaker can use.
func TestHelpPages(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		t.Run(lang, func(t *testing.T) {
			s := helpShop(t, lang)
			b := locales.Default()
			l, _ := locales.ParseLang(lang)
			titles := map[string]string{} // title → page word
			for _, p := range s.Shop.Reg.HelpPages(chat.ScopeStaff) {
				titles[b.T(l, "help.page."+p)] = p
			}
			for _, who := range []string{"o1", "a1"} {
				first := s.Reply(who, "/bantuan")
				checkShort(t, who+" first page", first)
				seen := map[string]string{} // command → page
				outs := s.Say(who, "/bantuan semua")
				for _, o := range outs {
					checkShort(t, who+" page", o.Text)
					title, cmds := linesOf(o.Text)
					page, ok := titles[title]
					if !ok {
						t.Errorf("%s: a page with an unknown title %q", who, title)
						continue
					}
					if !strings.Contains(first, "/bantuan "+page) {
						t.Errorf("%s: page %s is not offered on the first page:\n%s", who, page, first)
					}
					if one := s.Reply(who, "/bantuan "+page); one != o.Text {
						t.Errorf("%s: /bantuan %s differs from its part of /bantuan semua", who, page)
					}
					for c := range cmds {
						if prev, dup := seen[c]; dup && prev != page {
							t.Errorf("%s: /%s on pages %s and %s", who, c, prev, page)
						}
						seen[c] = page
					}
				}
				for _, c := range s.Shop.Reg.AllCommands() {
					if c.Role.Scope() != chat.ScopeStaff || c.Help == chat.NoHelp {
						continue
					}
					hidden := who == "a1" && c.Role == chat.RoleOwner
					switch page, ok := seen[c.Name]; {
					case hidden && ok:
						t.Errorf("admin sees the owner's /%s on page %s", c.Name, page)
					case !hidden && page != c.Help:
						t.Errorf("%s: /%s is on page %q, want %q", who, c.Name, page, c.Help)
					}
					if hidden && strings.Contains(first, "/"+c.Name+" ") {
						t.Errorf("admin's first page shows the owner's /%s:\n%s", c.Name, first)
					}
				}
			}
			if got := s.Reply("a1", "/bantuan toko"); got != b.T(l, "access.owner_only") {
				t.Errorf("admin /bantuan toko = %q", got)
			}
			if got := s.Reply("o1", "/bantuan apa<script>"); !strings.Contains(got, "/bantuan semua") {
				t.Errorf("an unknown page gives no way on: %q", got)
			}
		})
	}
}

// TestGroupHelp: a supplier group's /bantuan lists what its people may do;
// the owner in the group also sees linking and unlinking.
func TestGroupHelp(t *testing.T) {
	e := flowtest.NewSupEnv(t)
	text := func(user string) map[string]bool {
		outs := e.Group(t, flowtest.SupGMS, user, "/bantuan", flows.Ref{})
		if len(outs) != 1 {
			t.Fatalf("%s /bantuan: %d messages", user, len(outs))
		}
		checkShort(t, "group "+user, outs[0].Text)
		_, cmds := linesOf(outs[0].Text)
		return cmds
	}
	staff, owner := text("gudang1"), text(flowtest.SupOwner)
	for _, c := range e.Shop.Reg.AllCommands() {
		if c.Role.Scope() != chat.ScopeGroup || c.Help == chat.NoHelp {
			continue
		}
		ownerOnly := c.Role == chat.RoleGroupOwner
		if !owner[c.Name] {
			t.Errorf("the owner's group help lacks /%s", c.Name)
		}
		if staff[c.Name] == ownerOnly {
			t.Errorf("supplier staff: /%s shown=%v, owner only=%v", c.Name, staff[c.Name], ownerOnly)
		}
	}
}
