package chat

import "strings"

func IsNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '-' && r != '.' && r != ',' {
			return false
		}
	}
	return s != ""
}

func (t *Turn) MenuLabels() []string {
	return []string{
		t.P.T("menu.catalog"), t.P.T("menu.order"), t.P.T("menu.status"), t.P.T("menu.complaint"), t.P.T("menu.help"),
	}
}

// stay answers a message that does not fit the step the customer is in,
// without leaving it: the note, then how to carry on or go back.
func (t *Turn) Stay(note string) error {
	t.Reply(note + "\n\n" + t.P.T("customer.carry_on"))
	return nil
}

// menuOrStay is menu(note), except in the middle of a step, where it stays.
func (t *Turn) MenuOrStay(note string) error {
	if t.MidStep {
		return t.Stay(note)
	}
	return t.Menu(note)
}

// menu shows the greeting menu, optionally after a note.
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

// menuNumber reads "3", "3." or "3)" as a menu number.
func MenuNumber(norm string) (int, bool) {
	s := strings.TrimRight(norm, ".)")
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// The customer's home: the menu every flow falls back to.
const (
	FlowCustomer = "customer"
	StepMenu     = "menu"
)
