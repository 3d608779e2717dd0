package aftersales

import "github.com/dropbot/dropbot/flows/chat"

func wrap(ct *chat.Turn) *turn                                { return &turn{ct} }
func load(t *turn) (state, error)                             { return t.load() }
func stepOf(f func(*turn, state, string) error) chat.StepFunc { return chat.StepOf(wrap, load, f) }

// resolve is an owner's command that settles a ticket one way.
func resolve(resolution string) func(*chat.Turn, string) error {
	return func(ct *chat.Turn, args string) error { return (&turn{ct}).cmdTicketSimple(args, resolution) }
}

// answer is a customer's yes or no to what the shop offered on a ticket.
func answer(yes bool) func(*chat.Turn, string) error {
	return func(ct *chat.Turn, args string) error { return (&turn{ct}).ticketAnswer(args, yes) }
}

// Register adds after-sales' commands, steps, timers and help.
func Register(r *chat.Registry) {
	r.HelpPage(chat.ScopeStaff, "komplain")
	r.Commands(
		chat.Command{Name: "komplain", Aliases: []string{"complaint", "retur"}, Role: chat.RoleCustomer, Run: chat.Cmd(wrap, (*turn).cmdComplaint)},
		chat.Command{Name: "setuju", Aliases: []string{"accept"}, Role: chat.RoleCustomer, Run: answer(true)},
		chat.Command{Name: "tidaksetuju", Aliases: []string{"decline"}, Role: chat.RoleCustomer, Run: answer(false)},

		chat.Command{Name: "tiket", Aliases: []string{"tickets", "komplain"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdTickets), Help: "komplain"},
		chat.Command{Name: "refund", Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdTicketRefund), Help: "komplain"},
		chat.Command{Name: "mintabukti", Aliases: []string{"askevidence"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdTicketEvidence), Help: "komplain"},
		chat.Command{Name: "tolakkomplain", Aliases: []string{"rejectcomplaint"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdTicketReject), Help: "komplain"},
		chat.Command{Name: "kirimulang", Aliases: []string{"resend"}, Role: chat.RoleOwner, Run: resolve(resolveResend), Help: "komplain"},
		chat.Command{Name: "tukar", Aliases: []string{"exchange"}, Role: chat.RoleOwner, Run: resolve(resolveSwap), Help: "komplain"},
		chat.Command{Name: "rts", Role: chat.RoleStaff, Run: chat.Cmd(wrap, (*turn).cmdRTS), Help: "komplain"},
		chat.Command{Name: "rts", Role: chat.RoleSupplierGroup, Run: chat.Cmd(wrap, (*turn).cmdRTS), Help: chat.GroupHelpPage},
	)
	r.Steps(
		chat.Step{Name: StepTicketOrder, Run: stepOf((*turn).onTicketOrder)},
		chat.Step{Name: StepTicketReason, Run: stepOf((*turn).onTicketReason)},
		chat.Step{Name: StepTicketNote, Run: stepOf((*turn).onTicketNote)},
		chat.Step{Name: StepTicketEvidence, Run: stepOf((*turn).onTicketEvidence)},
		chat.Step{Name: StepTicketAnswer, Run: stepOf((*turn).onTicketAnswer)},
		chat.Step{Name: StepTicketReturn, Run: stepOf((*turn).onTicketReturn)},
		chat.Step{Name: StepTicketSent, Browse: true},
	)
	r.Job(JobTicketRemind, ticketJob)
	r.Job(JobTicketEscalate, ticketJob)
}
