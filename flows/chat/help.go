package chat

import (
	"slices"
	"strings"
)

// /bantuan is built from the command tables: each staff or group command
// names its page (Command.Help) and its line is the locales text
// help.<scope>.<name>; the few lines that are not commands (a quote-reply,
// a file to send) are HelpNotes. What the speaker may not run is not shown:
// an admin sees no owner-only line, a group that is not a supplier's sees
// no supplier line.

// NoHelp is the page of a command /bantuan does not list (/bantuan itself).
const NoHelp = "-"

// GroupHelpPage is the one page of a group's /bantuan.
const GroupHelpPage = "grup"

// HelpNote is a line of a /bantuan page that is not a command.
type HelpNote struct {
	Page  string // the page word
	Key   string // its locales text
	Role  Role   // who sees it
	Daily int    // its place on the owner's first page (see Command.Daily); the same text
}

// HelpPage registers a page of a scope's /bantuan, "/bantuan <word>"; its
// title is the locales text help.page.<word>. Pages are listed in
// registration order.
func (r *Registry) HelpPage(sc Scope, words ...string) {
	r.helpPages[sc] = append(r.helpPages[sc], words...)
}

// HelpPages are the page words of a scope, in order.
func (r *Registry) HelpPages(sc Scope) []string { return r.helpPages[sc] }

// HelpNotes registers help lines that are not commands; a page shows its
// lines in registration order, commands' and notes' alike.
func (r *Registry) HelpNotes(sc Scope, ns ...HelpNote) {
	for _, n := range ns {
		r.helpLines[sc] = append(r.helpLines[sc], helpLine{page: n.Page, key: n.Key, dailyKey: n.Key, role: n.Role, daily: n.Daily})
	}
}

// scopeWord names a scope in help keys.
func scopeWord(sc Scope) string {
	switch sc {
	case ScopeStaff:
		return "staff"
	case ScopeGroup:
		return "group"
	}
	return "customer"
}

// HelpKey is the locales key of the command's /bantuan line.
func (c Command) HelpKey() string { return "help." + scopeWord(c.Role.Scope()) + "." + c.Name }

// DailyKey is the locales key of the command's line on the first page.
func (c Command) DailyKey() string { return "help.daily." + c.Name }

// helpLine is one line of a page: a command's or a note's.
type helpLine struct {
	page     string
	key      string
	dailyKey string
	role     Role
	daily    int
}

// mayRun reports whether the speaker may run what a line of a role
// describes, the way the router checks it.
func (t *Turn) mayRun(role Role) bool {
	switch role {
	case RoleOwner, RoleGroupOwner:
		return t.Who.IsOwner()
	case RoleSupplierGroup:
		return t.Who.SupplierID != 0
	}
	return true
}

// HelpPageLines are the lines of one page the speaker may use, each a
// bullet; a line's text may hold several lines (one command's forms).
func (t *Turn) HelpPageLines(sc Scope, page string) []string {
	var out []string
	for _, l := range t.Env.Reg.helpLines[sc] {
		if l.page != page || !t.mayRun(l.role) {
			continue
		}
		for _, s := range strings.Split(t.P.T(l.key), "\n") {
			out = append(out, "• "+s)
		}
	}
	return out
}

// staffPage is one page of the staff's /bantuan with its title, "" when
// the speaker may use nothing on it.
func (t *Turn) staffPage(page string) string {
	lines := t.HelpPageLines(ScopeStaff, page)
	if len(lines) == 0 {
		return ""
	}
	return t.P.T("help.page."+page) + "\n" + strings.Join(lines, "\n")
}

// StaffHelp is the first page of the staff's /bantuan: the few things an
// owner does every day, and the words of the other pages.
func (t *Turn) StaffHelp() string {
	var daily []helpLine
	for _, l := range t.Env.Reg.helpLines[ScopeStaff] {
		if l.daily > 0 && t.mayRun(l.role) {
			daily = append(daily, l)
		}
	}
	slices.SortStableFunc(daily, func(a, b helpLine) int { return a.daily - b.daily })
	lines := []string{t.P.T("help.first_head")}
	for _, l := range daily {
		lines = append(lines, "• "+t.P.T(l.dailyKey))
	}
	var pages []string
	for _, p := range t.Env.Reg.HelpPages(ScopeStaff) {
		if len(t.HelpPageLines(ScopeStaff, p)) > 0 {
			pages = append(pages, "/bantuan "+p)
		}
	}
	pages = append(pages, "/bantuan semua")
	lines = append(lines, t.P.T("help.first_pages", "pages", strings.Join(pages, " · ")))
	return strings.Join(lines, "\n")
}

// StaffHelpCommand answers the staff's /bantuan [page]: the first page, one
// page, or every page ("semua") as one message each, so none grows long.
func StaffHelpCommand(t *Turn, args string) error {
	topic := Normalize(args)
	switch topic {
	case "":
		t.Reply(t.StaffHelp())
		return nil
	case "semua", "all", "lengkap":
		for _, p := range t.Env.Reg.HelpPages(ScopeStaff) {
			if s := t.staffPage(p); s != "" {
				t.Reply(s)
			}
		}
		return nil
	}
	if slices.Contains(t.Env.Reg.HelpPages(ScopeStaff), topic) {
		if s := t.staffPage(topic); s != "" {
			t.Reply(s)
			return nil
		}
		t.Reply(t.P.T("access.owner_only"))
		return nil
	}
	t.Reply(t.P.T("help.unknown_page", "topic", Clip(topic, 30)) + "\n\n" + t.StaffHelp())
	return nil
}

// GroupHelp is a group's /bantuan after its head line: what the people of
// this group may do here.
func (t *Turn) GroupHelp(head string) string {
	return head + "\n" + strings.Join(t.HelpPageLines(ScopeGroup, GroupHelpPage), "\n")
}
