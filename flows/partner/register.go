package partner

import "github.com/dropbot/dropbot/flows/chat"

// Register adds the partner area's commands, steps, the daily job, the
// deep link of partner codes and the owner's help section. Its /atur
// lines are listed by console's settings table (SettingsLines).
func Register(r *chat.Registry) {
	r.HelpPage(chat.ScopeStaff, "mitra")
	r.Commands(
		chat.Command{Name: "daftar", Aliases: []string{"join"}, Role: chat.RoleCustomer, Run: chat.Cmd(wrap, (*turn).cmdApply)},
		chat.Command{Name: "mitra", Aliases: []string{"partner"}, Role: chat.RoleCustomer, Run: chat.Cmd(wrap, (*turn).cmdPartner)},
		chat.Command{Name: "mitra", Aliases: []string{"partner"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdOwner), Help: "mitra"},
	)
	r.Steps(
		chat.Step{Name: StepKind, Run: stepOf((*turn).onKind)},
		chat.Step{Name: StepName, Run: stepOf((*turn).onName)},
		chat.Step{Name: StepPhone, Run: stepOf((*turn).onPhone)},
		chat.Step{Name: StepBank, Run: stepOf((*turn).onBank)},
	)
	r.Job(JobDaily, dailyJob)
	r.DeepLink(linkArrival)
}
