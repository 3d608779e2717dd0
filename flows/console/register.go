package console

import (
	"context"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

func wrap(ct *chat.Turn) *turn    { return &turn{ct} }
func load(t *turn) (state, error) { return t.load() }

// subscribeCmd is /langganan [off|stop|berhenti].
func (t *turn) subscribeCmd(args string) error {
	switch chat.Normalize(args) {
	case "off", "stop", "berhenti":
		return t.subscribe(false)
	}
	return t.subscribe(true)
}

// Register adds the console's commands, steps, timers, settings and help.
func Register(r *chat.Registry) {
	r.HelpPage(chat.ScopeStaff, "pesanan", "katalog", "toko")
	r.Commands(
		chat.Command{Name: "bantuan", Aliases: []string{"help", "start", "menu"}, Role: chat.RoleStaff,
			Run: chat.StaffHelpCommand, Help: chat.NoHelp},
		chat.Command{Name: "admin", Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdAdmin), Help: "toko"},
		chat.Command{Name: "mulai", Aliases: []string{"checklist", "cekliste"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdStart), Help: "toko", Daily: 6},
		chat.Command{Name: "produk", Aliases: []string{"products", "product"}, Role: chat.RoleStaff, Run: chat.Cmd(wrap, (*turn).cmdProducts), Help: "katalog"},
		chat.Command{Name: "tambahproduk", Aliases: []string{"addproduct"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdAddProduct), Help: "katalog"},
		chat.Command{Name: "ubah", Aliases: []string{"edit"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdEdit), Help: "katalog", Daily: 4},
		chat.Command{Name: "markup", Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdMarkup), Help: "katalog"},
		chat.Command{Name: "retensi", Aliases: []string{"retention"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdRetention), Help: "toko"},
		chat.Command{Name: "cadangan", Aliases: []string{"backup"}, Role: chat.RoleOwner, Run: chat.Cmd0(wrap, (*turn).cmdBackup), Help: "toko"},
		chat.Command{Name: "atur", Aliases: []string{"settings", "pengaturan"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdSettings), Help: "toko"},
		chat.Command{Name: "laporan", Aliases: []string{"report"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdReport), Help: "toko"},
		chat.Command{Name: "ekspor", Aliases: []string{"export"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdExport), Help: "toko"},
		chat.Command{Name: "rekap", Aliases: []string{"recap"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdRecap), Help: "toko", Daily: 5},
		chat.Command{Name: "siaran", Aliases: []string{"broadcast"}, Role: chat.RoleOwner, Run: chat.Cmd(wrap, (*turn).cmdBroadcast), Help: "toko"},

		// Customers: the owner's claim, and their own data (UU PDP).
		chat.Command{Name: "klaim", Aliases: []string{"claim"}, Role: chat.RoleCustomer, Run: chat.Cmd(wrap, (*turn).claim)},
		chat.Command{Name: "dataku", Aliases: []string{"mydata"}, Role: chat.RoleCustomer, Run: chat.Cmd0(wrap, (*turn).myData)},
		chat.Command{Name: "hapusdata", Aliases: []string{"deletemydata"}, Role: chat.RoleCustomer, Run: chat.Cmd0(wrap, (*turn).eraseRequest)},
		chat.Command{Name: "langganan", Aliases: []string{"subscribe"}, Role: chat.RoleCustomer, Run: chat.Cmd(wrap, (*turn).subscribeCmd)},
		chat.Command{Name: "berhenti", Aliases: []string{"unsubscribe", "stop"}, Role: chat.RoleCustomer,
			Run: func(ct *chat.Turn, _ string) error { return (&turn{ct}).subscribe(false) }},
	)
	r.HelpNotes(chat.ScopeStaff,
		chat.HelpNote{Page: "katalog", Key: "help.note.photo", Role: chat.RoleOwner},
		chat.HelpNote{Page: "katalog", Key: "help.note.import", Role: chat.RoleOwner},
	)
	r.Settings(settingsTable()...)
	r.Steps(chat.Step{Name: StepErase, Run: chat.TextStep(wrap, (*turn).onErase)})
	r.StaffFlow(FlowOwnerCatalog, func(ct *chat.Turn, _ string) error {
		t := &turn{ct}
		st, err := t.load()
		if err != nil {
			return err
		}
		return t.ownerCatalogText(st)
	})
	r.Job(JobRecap, recapJob)
	r.Job(JobRetention, func(e *chat.Env, _ context.Context, tx *store.Tx, _ store.Job) ([]chat.Out, error) {
		return nil, retention(e, tx)
	})
}
