package order

import (
	"github.com/dropbot/dropbot/flows/chat"
)

func wrap(ct *chat.Turn) *turn                                { return &turn{ct} }
func load(t *turn) (state, error)                             { return t.load() }
func stepOf(f func(*turn, state, string) error) chat.StepFunc { return chat.StepOf(wrap, load, f) }

// Register adds the order area's commands, steps and timers.
func Register(r *chat.Registry) {
	r.Commands(
		// Customers.
		chat.Command{Name: "start", Aliases: []string{"menu"}, Role: chat.RoleCustomer,
			Run: func(t *chat.Turn, _ string) error { return t.Menu("") }},
		chat.Command{Name: "batal", Aliases: []string{"cancel", "batalkan"}, Role: chat.RoleCustomer,
			Run: chat.Cmd(wrap, (*turn).cmdCustomerCancel)},
		chat.Command{Name: "keranjang", Aliases: []string{"cart"}, Role: chat.RoleCustomer, Run: chat.Cmd0(wrap, (*turn).showCart)},
		chat.Command{Name: "katalog", Aliases: []string{"catalog"}, Role: chat.RoleCustomer, Run: chat.Cmd0(wrap, (*turn).categories)},
		chat.Command{Name: "cari", Aliases: []string{"search"}, Role: chat.RoleCustomer, Run: chat.Cmd(wrap, (*turn).search)},
		chat.Command{Name: "pesanan", Aliases: []string{"cek", "status"}, Role: chat.RoleCustomer, Run: chat.Cmd(wrap, (*turn).ordersOrResi)},
		chat.Command{Name: "lacak", Aliases: []string{"resi", "track"}, Role: chat.RoleCustomer, Run: chat.Cmd(wrap, (*turn).trackOrder)},
		chat.Command{Name: "bantuan", Aliases: []string{"help", "admin"}, Role: chat.RoleCustomer,
			Run: func(t *chat.Turn, _ string) error { return AskAdmin(t, "help") }},
		chat.Command{Name: "bahasa", Aliases: []string{"lang", "language"}, Role: chat.RoleCustomer, Run: chat.Cmd(wrap, (*turn).setLang)},

		// Staff: payments and orders.
		chat.Command{Name: "pesanan", Aliases: []string{"orders"}, Role: chat.RoleStaff, Run: chat.Cmd(wrap, (*turn).cmdOrders), Help: "pesanan", Daily: 1},
		chat.Command{Name: "cek", Aliases: []string{"order"}, Role: chat.RoleStaff, Run: chat.Cmd(wrap, (*turn).cmdOrderDetail), Help: "pesanan"},
		chat.Command{Name: "lunas", Aliases: []string{"paid", "approve"}, Role: chat.RoleStaff, Run: chat.Cmd(wrap, (*turn).cmdApprove), Help: "pesanan"},
		chat.Command{Name: "tolak", Aliases: []string{"reject"}, Role: chat.RoleStaff, Run: chat.Cmd(wrap, (*turn).cmdReject), Help: "pesanan"},
		chat.Command{Name: "status", Role: chat.RoleStaff, Run: chat.Cmd(wrap, (*turn).cmdSetStatus), Help: "pesanan"},
		chat.Command{Name: "batalkan", Aliases: []string{"cancel"}, Role: chat.RoleStaff, Run: chat.Cmd(wrap, (*turn).cmdCancel), Help: "pesanan"},
		chat.Command{Name: "refundterkirim", Aliases: []string{"refundsent"}, Role: chat.RoleStaff, Run: chat.Cmd(wrap, (*turn).cmdRefundSent), Help: "komplain"},
		chat.Command{Name: "katalog", Aliases: []string{"catalog"}, Role: chat.RoleStaff, Run: chat.Cmd0(wrap, (*turn).categories), Help: "katalog"},
	)
	r.HelpNotes(chat.ScopeStaff, chat.HelpNote{Page: "pesanan", Key: "help.note.quote_proof", Role: chat.RoleStaff, Daily: 2})
	r.Steps(
		chat.Step{Name: StepCategories, Pick: true, Browse: true, Run: stepOf((*turn).onCategories)},
		chat.Step{Name: StepProducts, Pick: true, Browse: true, Run: stepOf((*turn).onProducts)},
		chat.Step{Name: StepProduct, Pick: true, Browse: true, Run: stepOf((*turn).onProduct)},
		chat.Step{Name: StepQty, Pick: true, Run: stepOf((*turn).onQty)},
		chat.Step{Name: StepCart, Pick: true, Run: chat.TextStep(wrap, (*turn).onCart)},
		chat.Step{Name: StepEditPick, Pick: true, Run: stepOf((*turn).onEditPick)},
		chat.Step{Name: StepEditQty, Pick: true, Run: stepOf((*turn).onEditQty)},
		chat.Step{Name: StepAddrConfirm, Run: chat.TextStep(wrap, (*turn).onAddrConfirm)},
		chat.Step{Name: StepName, Run: stepOf((*turn).onName)},
		chat.Step{Name: StepPhone, Run: stepOf((*turn).onPhone)},
		chat.Step{Name: StepAddress, Run: stepOf((*turn).onAddress)},
		chat.Step{Name: StepCourier, Pick: true, Run: stepOf((*turn).onCourier)},
		chat.Step{Name: StepArea, Run: stepOf((*turn).onArea)},
		chat.Step{Name: StepParcelCourier, Pick: true, Run: stepOf((*turn).onParcelCourier)},
		chat.Step{Name: StepPayment, Pick: true, Run: stepOf((*turn).onPayment)},
		chat.Step{Name: StepConfirm, Pick: true, Run: stepOf((*turn).onConfirm)},
		chat.Step{Name: StepCancelAsk, Pick: true, Run: stepOf((*turn).onCancelAsk)},
	)
	r.Job(JobRemindPayment, paymentJob)
	r.Job(JobExpireOrder, paymentJob)
}

// cmdCustomerCancel is a customer's /batal: with an order code it cancels
// that order, without one it goes back to the menu.
func (t *turn) cmdCustomerCancel(args string) error {
	if args != "" {
		return t.cancelOrder(args)
	}
	return t.Menu("")
}

// onCategories reads the customer's pick from the list of categories.
func (t *turn) onCategories(st state, text string) error {
	norm := chat.Normalize(text)
	if k, ok := chat.MenuNumber(norm); ok {
		if k < 1 || k > len(st.Data.Choices) {
			t.AddNote(t.P.T("customer.bad_number", "max", len(st.Data.Choices)))
			return t.categories()
		}
		c := st.Data.Choices[k-1]
		return t.products(&c, "", 0)
	}
	if i := chat.Choose(text, st.Data.Choices); i >= 0 {
		c := st.Data.Choices[i]
		return t.products(&c, "", 0)
	}
	return t.unclear()
}
