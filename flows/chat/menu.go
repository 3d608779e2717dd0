package chat

func (t *Turn) MenuLabels() []string {
	return []string{
		t.P.T("menu.catalog"), t.P.T("menu.order"), t.P.T("menu.status"), t.P.T("menu.complaint"), t.P.T("menu.help"),
	}
}

// Stay answers a message that does not fit the step the customer is in,
// without leaving it: the note, then the step's question (Again) or how to
// carry on or go back.
func (t *Turn) Stay(note string) error {
	if t.Again != nil {
		t.AddNote(note)
		return t.Again()
	}
	t.Reply(note + "\n\n" + t.P.T("customer.carry_on"))
	return nil
}

// MenuOrStay is menu(note), except in the middle of a step, where it stays.
func (t *Turn) MenuOrStay(note string) error {
	if t.MidStep {
		return t.Stay(note)
	}
	return t.Menu(note)
}

// Menu shows the greeting menu, optionally after a note.
func (t *Turn) Menu(note string) error {
	name, err := t.Tx.Setting(SettingShopName, t.P.T("shop.default_name"))
	if err != nil {
		return err
	}
	text := t.P.T("menu.greeting", "shop", name)
	if note != "" {
		if !t.Fresh {
			text = "" // the person has seen the greeting: the note and the options are enough
		}
		t.AddNote(note)
	}
	t.Reply(text, t.MenuLabels()...)
	return t.SaveMenu()
}

// The customer's home: the menu every flow falls back to.
const (
	FlowCustomer = "customer"
	StepMenu     = "menu"
)
