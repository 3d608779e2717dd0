package flows

import (
	"github.com/dropbot/dropbot/store"
)

// group handles messages in group chats. The bot stays silent in groups
// except for commands meant for it, so it never spams a supplier's chat.
func (t *turn) group() error {
	name, args, ok := command(t.msg.Text)
	if !ok {
		return nil
	}
	switch name {
	case "supplier", "pemasok":
		if !t.who.IsOwner() {
			t.reply(t.p.T("access.owner_only"))
			return nil
		}
		return t.linkGroup(args)
	}
	return nil
}

// linkGroup makes this group the group of the supplier with the given code.
func (t *turn) linkGroup(code string) error {
	if code == "" {
		sups, err := t.tx.Suppliers()
		if err != nil {
			return err
		}
		if len(sups) == 0 {
			t.reply(t.p.T("group.no_suppliers"))
			return nil
		}
		lines := t.p.T("group.link_how")
		for _, s := range sups {
			lines += "\n" + t.p.T("group.supplier_line", "code", s.Code, "name", s.Name)
		}
		t.reply(lines)
		return nil
	}
	s, err := t.tx.SupplierByCode(code)
	if store.IsNotFound(err) {
		t.reply(t.p.T("group.unknown_supplier", "code", code))
		return nil
	}
	if err != nil {
		return err
	}
	if err := t.tx.LinkGroup(t.msg.Channel, t.msg.ChatID, s.ID, ""); err != nil {
		return err
	}
	t.reply(t.p.T("group.linked", "code", s.Code, "name", s.Name))
	return nil
}
