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
	r.HelpGroup(chat.ScopeStaff, "supplier", "relay.owner_help")
	r.Commands(
		// A customer confirming delivery.
		chat.Command{Name: "terima", Aliases: []string{"diterima", "received"}, Role: chat.RoleCustomer,
			Run: chat.Cmd(wrap, (*turn).confirmReceipt)},

		// The owner, in private.
		chat.Command{Name: "terima", Aliases: []string{"accept"}, Role: chat.RoleStaff, Run: act(ActAccept, true)},
		chat.Command{Name: "habis", Role: chat.RoleStaff, Run: act(ActOut, true)},
		chat.Command{Name: "resi", Aliases: []string{"awb"}, Role: chat.RoleStaff, Run: act(ActResi, true)},
		chat.Command{Name: "saldo", Aliases: []string{"balance"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).ownerBalance)},
		chat.Command{Name: "topup", Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).ownerTopup)},
		chat.Command{Name: "modebayar", Aliases: []string{"paymode"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).ownerPayMode)},
		chat.Command{Name: "setujui", Aliases: []string{"approvecost"}, Role: chat.RoleOwner,
			Run: func(ct *chat.Turn, args string) error { return (&turn{ct}).ownerDecideCost(args, true) }},
		chat.Command{Name: "tolakharga", Aliases: []string{"rejectcost"}, Role: chat.RoleOwner,
			Run: func(ct *chat.Turn, args string) error { return (&turn{ct}).ownerDecideCost(args, false) }},

		// Supplier groups.
		chat.Command{Name: "supplier", Aliases: []string{"pemasok"}, Role: chat.RoleGroupOwner, Run: chat.Cmd(wrap, (*turn).linkGroup)},
		chat.Command{Name: "lepas", Aliases: []string{"unlink"}, Role: chat.RoleGroupOwner, Run: chat.Cmd0(wrap, (*turn).unlinkGroup)},
		chat.Command{Name: "bantuan", Aliases: []string{"help", "start"}, Role: chat.RoleGroup, Run: chat.Cmd0(wrap, (*turn).groupHelp)},
		chat.Command{Name: "terima", Aliases: []string{"accept"}, Role: chat.RoleGroup, Run: act(ActAccept, false)},
		chat.Command{Name: "habis", Role: chat.RoleGroup, Run: act(ActOut, false)},
		chat.Command{Name: "resi", Aliases: []string{"awb"}, Role: chat.RoleGroup, Run: act(ActResi, false)},
		chat.Command{Name: "stok", Aliases: []string{"stock"}, Role: chat.RoleSupplierGroup, Run: chat.Cmd(wrap, (*turn).supplierStock)},
		chat.Command{Name: "harga", Aliases: []string{"modal", "cost"}, Role: chat.RoleSupplierGroup, Run: chat.Cmd(wrap, (*turn).supplierCost)},
		chat.Command{Name: "saldo", Aliases: []string{"balance"}, Role: chat.RoleSupplierGroup, Run: chat.Cmd0(wrap, (*turn).groupBalance)},
		chat.Command{Name: "pesanan", Aliases: []string{"orders"}, Role: chat.RoleSupplierGroup, Run: chat.Cmd0(wrap, (*turn).groupOpenOrders)},
	)
	habis := chat.StepOf(wrap, load, (*turn).onHabis)
	r.Steps(
		chat.Step{Name: StepHabis, Run: habis},
		chat.Step{Name: StepHabisSwap, Run: habis},
	)
	for _, kind := range []string{JobCardRemind, JobResiRemind, JobAutoDone} {
		r.Job(kind, relayJob)
	}
}
