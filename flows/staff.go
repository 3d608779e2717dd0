package flows

// staff handles the owner's and admins' private chat. The full owner
// console (approvals, catalogue, settings, recap) grows here; for now the
// owner can browse the catalogue as customers see it and read the help.
func (t *turn) staff() error {
	if t.msg.Media != nil {
		t.reply(t.p.T("staff.help"))
		return nil
	}
	name, _, ok := command(t.msg.Text)
	if ok && (name == "katalog" || name == "catalog") {
		return t.categories()
	}
	st, err := t.load()
	if err != nil {
		return err
	}
	if !ok && st.Flow == flowCustomer && st.Step != "" && st.Step != stepMenu {
		// The owner is browsing the catalogue: let the customer flow answer.
		return t.customer()
	}
	t.reply(t.p.T("staff.help"))
	return nil
}
