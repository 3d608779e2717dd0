package relay

import "github.com/dropbot/dropbot/flows/chat"

func wrap(ct *chat.Turn) *turn    { return &turn{ct} }
func load(t *turn) (state, error) { return t.load() }

// act is a command that acts on a card: terima, habis, resi.
func act(action string, owner bool) func(*chat.Turn, string) error {
	return func(ct *chat.Turn, args string) error {
		if owner {
			return (&turn{ct}).ownerAct(action, args)
		}
		return (&turn{ct}).groupAct(action, args)
	}
}

// Register adds the relay's commands, steps, timers and help.
func Register(r *chat.Registry) {
	r.HelpPage(chat.ScopeStaff, "supplier")
	r.HelpNotes(chat.ScopeGroup, chat.HelpNote{Page: chat.GroupHelpPage, Key: "help.note.quote_card", Role: chat.RoleGroup})
	r.Commands(
		// A customer confirming delivery.
		chat.Command{Name: "terima", Aliases: []string{"diterima", "received"}, Role: chat.RoleCustomer,
			Run: chat.Cmd(wrap, (*turn).confirmReceipt)},

		// The owner, in private.
		chat.Command{Name: "terima", Aliases: []string{"accept"}, Role: chat.RoleStaff, Run: act(ActAccept, true), Help: "supplier"},
		chat.Command{Name: "habis", Role: chat.RoleStaff, Run: act(ActOut, true), Help: "supplier"},
		chat.Command{Name: "resi", Aliases: []string{"awb"}, Role: chat.RoleStaff, Run: act(ActResi, true), Help: "supplier"},
		chat.Command{Name: "saldo", Aliases: []string{"balance"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).ownerBalance), Help: "supplier"},
		chat.Command{Name: "topup", Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).ownerTopup), Help: "supplier"},
		chat.Command{Name: "modebayar", Aliases: []string{"paymode"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).ownerPayMode), Help: "supplier"},
		chat.Command{Name: "setujui", Aliases: []string{"approvecost"}, Role: chat.RoleOwner,
			Run: func(ct *chat.Turn, args string) error { return (&turn{ct}).ownerDecideCost(args, true) }, Help: "supplier"},
		chat.Command{Name: "tolakharga", Aliases: []string{"rejectcost"}, Role: chat.RoleOwner,
			Run: func(ct *chat.Turn, args string) error { return (&turn{ct}).ownerDecideCost(args, false) }, Help: "supplier"},

		// Supplier groups.
		chat.Command{Name: "supplier", Aliases: []string{"pemasok"}, Role: chat.RoleGroupOwner, Run: chat.Cmd(wrap, (*turn).linkGroup), Help: chat.GroupHelpPage},
		chat.Command{Name: "lepas", Aliases: []string{"unlink"}, Role: chat.RoleGroupOwner, Run: chat.Cmd0(wrap, (*turn).unlinkGroup), Help: chat.GroupHelpPage},
		chat.Command{Name: "bantuan", Aliases: []string{"help", "start"}, Role: chat.RoleGroup, Run: chat.Cmd0(wrap, (*turn).groupHelp), Help: chat.NoHelp},
		chat.Command{Name: "terima", Aliases: []string{"accept"}, Role: chat.RoleGroup, Run: act(ActAccept, false), Help: chat.GroupHelpPage},
		chat.Command{Name: "habis", Role: chat.RoleGroup, Run: act(ActOut, false), Help: chat.GroupHelpPage},
		chat.Command{Name: "resi", Aliases: []string{"awb"}, Role: chat.RoleGroup, Run: act(ActResi, false), Help: chat.GroupHelpPage},
		chat.Command{Name: "stok", Aliases: []string{"stock"}, Role: chat.RoleSupplierGroup, Run: chat.Cmd(wrap, (*turn).supplierStock), Help: chat.GroupHelpPage},
		chat.Command{Name: "harga", Aliases: []string{"modal", "cost"}, Role: chat.RoleSupplierGroup, Run: chat.Cmd(wrap, (*turn).supplierCost), Help: chat.GroupHelpPage},
		chat.Command{Name: "saldo", Aliases: []string{"balance"}, Role: chat.RoleSupplierGroup, Run: chat.Cmd0(wrap, (*turn).groupBalance), Help: chat.GroupHelpPage},
		chat.Command{Name: "pesanan", Aliases: []string{"orders"}, Role: chat.RoleSupplierGroup, Run: chat.Cmd0(wrap, (*turn).groupOpenOrders), Help: chat.GroupHelpPage},
	)
	r.HelpNotes(chat.ScopeStaff,
		chat.HelpNote{Page: "supplier", Key: "help.note.transfer_proof", Role: chat.RoleOwner},
		chat.HelpNote{Page: "supplier", Key: "help.note.link_group", Role: chat.RoleOwner},
	)
	habis := chat.StepOf(wrap, load, (*turn).onHabis)
	r.Steps(
		chat.Step{Name: StepHabis, Run: habis},
		chat.Step{Name: StepHabisSwap, Run: habis},
	)
	for _, kind := range []string{JobCardRemind, JobResiRemind, JobAutoDone, JobRestockRemind} {
		r.Job(kind, relayJob)
	}
}
