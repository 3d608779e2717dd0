package chat

import (
	"context"
	"fmt"
	"sort"

	"github.com/dropbot/dropbot/store"
)

// Role says who may run a command, and so in which table it lives: a
// customer's private chat, a staff member's private chat, or a group.
type Role int

// Roles. The router decides the speaker's role from the store (store.Who)
// and checks it before calling a handler, so handlers do not check again.
const (
	RoleCustomer      Role = iota // a private chat of someone who is not staff
	RoleStaff                     // the owner or an admin, in private
	RoleOwner                     // the owner only; an admin is told so
	RoleGroup                     // anyone in a group
	RoleSupplierGroup             // anyone in a group linked to a supplier
	RoleGroupOwner                // the owner, speaking in a group
)

// Scope is where a command is typed: each scope has its own table, so a
// customer who types an owner command gets the same answer as for a word
// that is no command at all.
type Scope int

// Scopes.
const (
	ScopeCustomer Scope = iota
	ScopeStaff
	ScopeGroup
)

// Scope is the table a role's commands live in.
func (r Role) Scope() Scope {
	switch r {
	case RoleStaff, RoleOwner:
		return ScopeStaff
	case RoleGroup, RoleSupplierGroup, RoleGroupOwner:
		return ScopeGroup
	}
	return ScopeCustomer
}

// Command is one command of an area: its name and aliases (typed after
// "/", "!" or "."), who may run it, the handler, and where /bantuan lists
// it. A staff or group command's help line is the locales text
// help.<scope>.<name> (see HelpKey); customers have no command list.
type Command struct {
	Name    string
	Aliases []string
	Role    Role
	Run     func(t *Turn, args string) error
	// Help is the /bantuan page that lists the command ("pesanan",
	// "katalog", …; "grup" in groups), or NoHelp. Every staff and group
	// command says one: a new command without it fails TestHelpTables.
	Help string
	// Daily is the command's place among the few things on the first
	// page of the owner's /bantuan (1 = top; 0 = not there). Its line
	// there is the shorter text help.daily.<name>.
	Daily int
}

// StepFunc answers a message typed while the person is at a step.
type StepFunc func(t *Turn, text string) error

// Step is one step of a conversation an area owns. Browse steps hold
// nothing the person typed and ask nothing that must be answered, so a
// message that fits none of their options may fall back to the menu.
type Step struct {
	Name   string
	Run    StepFunc // nil: no free-text answer (the router's fallbacks apply)
	Browse bool
	// Pick: the answer is a pick from a numbered list or a quantity, so
	// "2 ya kak" means 2. Steps that take a name, an address or a
	// description keep the words as typed.
	Pick bool
}

// JobFunc runs a due timer and returns what it sends.
type JobFunc func(e *Env, ctx context.Context, tx *store.Tx, j store.Job) ([]Out, error)

// Registry holds what the areas registered: commands by scope, steps,
// the staff's conversations by flow, jobs by kind and help sections. It is
// built once when the shop starts and only read afterwards.
type Registry struct {
	commands  map[Scope]map[string]Command
	steps     map[string]Step
	staffFlow map[string]StepFunc
	jobs      map[string]JobFunc
	list      []Command            // every command, in registration order
	helpPages map[Scope][]string   // the page words of /bantuan, in order
	helpLines map[Scope][]helpLine // /bantuan lines, commands' and notes', in registration order
	settings  []Setting
	links     []LinkFunc
}

// LinkFunc answers a deep link: Telegram's https://t.me/<bot>?start=<payload>
// arrives as "/start <payload>". It reports whether the payload was its own.
type LinkFunc func(t *Turn, payload string) (handled bool, err error)

// NewRegistry is an empty registry.
func NewRegistry() *Registry {
	return &Registry{
		commands:  map[Scope]map[string]Command{},
		steps:     map[string]Step{},
		staffFlow: map[string]StepFunc{},
		jobs:      map[string]JobFunc{},
		helpPages: map[Scope][]string{},
		helpLines: map[Scope][]helpLine{},
	}
}

// Commands registers commands. A name or alias registered twice in one
// scope is a programming error, reported when the shop is built.
func (r *Registry) Commands(cs ...Command) {
	for _, c := range cs {
		sc := c.Role.Scope()
		if r.commands[sc] == nil {
			r.commands[sc] = map[string]Command{}
		}
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			if _, dup := r.commands[sc][n]; dup {
				panic(fmt.Sprintf("chat: command %q registered twice", n))
			}
			r.commands[sc][n] = c
		}
		r.list = append(r.list, c)
		if c.Help != "" && c.Help != NoHelp {
			r.helpLines[sc] = append(r.helpLines[sc], helpLine{page: c.Help, key: c.HelpKey(), dailyKey: c.DailyKey(), role: c.Role, daily: c.Daily})
		}
	}
}

// AllCommands is every registered command, in registration order.
func (r *Registry) AllCommands() []Command { return r.list }

// Command finds the command typed as name in a scope.
func (r *Registry) Command(sc Scope, name string) (Command, bool) {
	c, ok := r.commands[sc][name]
	return c, ok
}

// CommandNames lists the names (not aliases) of a role's commands, sorted.
func (r *Registry) CommandNames(role Role) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range r.commands[role.Scope()] {
		if c.Role == role && !seen[c.Name] {
			seen[c.Name] = true
			out = append(out, c.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Steps registers conversation steps. Step names are unique across areas.
func (r *Registry) Steps(ss ...Step) {
	for _, s := range ss {
		if _, dup := r.steps[s.Name]; dup {
			panic(fmt.Sprintf("chat: step %q registered twice", s.Name))
		}
		r.steps[s.Name] = s
	}
}

// Step finds a registered step.
func (r *Registry) Step(name string) (Step, bool) {
	s, ok := r.steps[name]
	return s, ok
}

// StaffFlow registers the handler of a staff member's free text while they
// are in one of an area's flows (e.g. the product wizard).
func (r *Registry) StaffFlow(flow string, f StepFunc) { r.staffFlow[flow] = f }

// StaffFlowFor finds the handler of a staff flow.
func (r *Registry) StaffFlowFor(flow string) (StepFunc, bool) {
	f, ok := r.staffFlow[flow]
	return f, ok
}

// Job registers the handler of a timer kind.
func (r *Registry) Job(kind string, f JobFunc) {
	if _, dup := r.jobs[kind]; dup {
		panic(fmt.Sprintf("chat: job %q registered twice", kind))
	}
	r.jobs[kind] = f
}

// JobFor finds the handler of a timer kind.
func (r *Registry) JobFor(kind string) (JobFunc, bool) {
	f, ok := r.jobs[kind]
	return f, ok
}

// Setting is one line of the owner's /atur: its name in the list, the
// words after /atur that pick it, how its value is shown and how a new
// value is read and saved.
type Setting struct {
	Item  string
	Words []string
	Show  func(t *Turn) (string, error)
	Set   func(t *Turn, args string) error
}

// Settings registers /atur lines; they are listed in registration order.
func (r *Registry) Settings(ss ...Setting) { r.settings = append(r.settings, ss...) }

// SettingsList is every /atur line, in order.
func (r *Registry) SettingsList() []Setting { return r.settings }

// SettingFor finds the /atur line a word picks.
func (r *Registry) SettingFor(word string) (Setting, bool) {
	for _, s := range r.settings {
		for _, w := range s.Words {
			if w == word {
				return s, true
			}
		}
	}
	return Setting{}, false
}

// DeepLink registers a handler of "/start <payload>"; handlers are asked in
// registration order, and a payload nobody claims greets like /start.
func (r *Registry) DeepLink(f LinkFunc) { r.links = append(r.links, f) }

// DeepLinks are the registered deep-link handlers, in order.
func (r *Registry) DeepLinks() []LinkFunc { return r.links }
