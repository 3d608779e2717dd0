package flows

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/dropbot/dropbot/flows/aftersales"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/console"
	"github.com/dropbot/dropbot/flows/handoff"
	"github.com/dropbot/dropbot/flows/intent"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/flows/orderform"
	"github.com/dropbot/dropbot/flows/partner"
	"github.com/dropbot/dropbot/flows/relay"
)

// The router: who is speaking (a group, staff, a customer), in which flow
// and step, decides which area's handler runs. It holds no rules of the
// shop itself; the areas registered their commands and steps in NewShop.

// route sends a message to the speaker's table.
func route(t *chat.Turn) error {
	switch {
	case t.Msg.Group:
		return group(t)
	case t.Who.IsStaff():
		return staff(t)
	}
	return customer(t)
}

// command runs a command of a scope after checking the speaker's role. It
// reports false when the scope has no such command.
func command(t *chat.Turn, sc chat.Scope, name, args string) (bool, error) {
	c, ok := t.Env.Reg.Command(sc, name)
	if !ok {
		return false, nil
	}
	switch c.Role {
	case chat.RoleOwner, chat.RoleGroupOwner:
		if !t.Who.IsOwner() {
			t.Reply(t.P.T("access.owner_only"))
			return true, nil
		}
	case chat.RoleSupplierGroup:
		if t.Who.SupplierID == 0 {
			t.Reply(t.P.T("supgroup.not_linked"))
			return true, nil
		}
	}
	return true, c.Run(t, args)
}

// customer handles a private chat of someone who is not staff (and the
// staff's own browsing of the catalogue).
func customer(t *chat.Turn) error {
	flow, step, saved, err := t.Where()
	if err != nil {
		return err
	}
	t.Fresh = flow == ""
	t.MidStep = !t.Fresh && !browseStep(t, step)
	if t.Msg.Media != nil {
		if handled, err := aftersales.TicketMedia(t); handled || err != nil {
			return err
		}
		return order.CustomerMedia(t)
	}
	text := t.Msg.Text
	if text == "" {
		if t.MidStep {
			return t.Stay(t.P.T("customer.blank"))
		}
		return t.Menu("")
	}
	if name, args, ok := chat.SplitCommand(text); ok {
		if name == "start" && args != "" {
			for _, link := range t.Env.Reg.DeepLinks() {
				if handled, err := link(t, args); handled || err != nil {
					return err
				}
			}
		}
		if found, err := command(t, chat.ScopeCustomer, name, args); found {
			return err
		}
		// Owner commands and unknown ones get the same polite answer:
		// nothing about what exists for others.
		if t.MidStep {
			return t.Stay(t.P.T("customer.unknown_command_mid"))
		}
		t.Reply(t.P.T("customer.unknown_command"), t.MenuLabels()...)
		return t.SaveMenu()
	}
	if flow == handoff.Flow {
		// A person is talking with the customer: the bot passes the text on.
		if handled, err := handoff.CustomerText(t, saved); handled || err != nil {
			return err
		}
		t.Fresh, t.MidStep, step = false, false, chat.StepMenu
	}
	// A partner's code in the text (a wa.me link's first message) is kept.
	if err := partner.TextArrival(t, text); err != nil {
		return err
	}
	if handled, err := partner.ApplyWords(t, text); handled || err != nil {
		return err
	}
	if orderform.Looks(text) {
		return order.FormOrder(t, text)
	}
	if form, ok := orderform.Unlabelled(text); ok {
		// "mau order X 1 kirim ke Joko hp 0812… alamat …" on one line.
		return order.FormOrder(t, form)
	}
	// Words that work from any step ("menu", "katalog", "cek X8QMT", …).
	if handled, err := order.AnyStepWords(t, text); handled || err != nil {
		return err
	}
	s, ok := t.Env.Reg.Step(step)
	if step == chat.StepMenu || ok && s.Browse {
		// Name, phone and address sent while browsing with a full cart:
		// the cart's checkout, as under the cart itself.
		if handled, err := order.RecipientForCart(t, text); handled || err != nil {
			return err
		}
	}
	if step == chat.StepMenu || ok && s.Pick {
		text = menuAnswer(text)
	}
	if ok && s.Run != nil {
		return s.Run(t, text)
	}
	if i := chat.Choose(text, t.MenuLabels()); i >= 0 {
		return menuChoice(t, i)
	}
	if step == chat.StepMenu {
		if _, ok := chat.MenuNumber(chat.Normalize(text)); ok {
			return t.Menu(t.P.T("customer.bad_number", "max", len(t.MenuLabels())))
		}
	}
	return order.Unclear(t)
}

// menuAnswer turns the words people wrap around a menu number ("2 ya
// kak", "nomor 1") into the number. Other text is returned as it is for
// the step to judge: bare signs and digits ("-1", "0"), and numbers in
// words ("dua"), which are too easily a slip at the payment step.
func menuAnswer(text string) string {
	if _, ok := chat.MenuNumber(chat.Normalize(text)); ok {
		return text
	}
	words := strings.IndexFunc(text, unicode.IsLetter) >= 0 && strings.IndexFunc(text, unicode.IsDigit) >= 0
	if in := intent.Classify(text, nil); words && in.Kind == intent.Number {
		return strconv.Itoa(in.Number)
	}
	return text
}

// browseStep reports whether a step holds nothing the customer typed (no
// saved step, the menu, or a step an area registered as browsing).
func browseStep(t *chat.Turn, step string) bool {
	if step == "" || step == chat.StepMenu {
		return true
	}
	s, ok := t.Env.Reg.Step(step)
	return ok && s.Browse
}

// menuChoice opens the area behind an item of the customer's menu.
func menuChoice(t *chat.Turn, i int) error {
	switch i {
	case 0:
		return order.Categories(t)
	case 1:
		return order.StartOrder(t)
	case 2:
		return order.MyOrders(t, "")
	case 3:
		return aftersales.ComplaintStart(t)
	default:
		return order.AskAdmin(t, "help")
	}
}

// staff handles the owner's and admins' private chat. Customers who type
// these commands never reach it: they are routed to the customer's table,
// which answers "unknown command" and reveals nothing.
func staff(t *chat.Turn) error {
	// The shop's staff read the owner's chosen language (/atur bahasa).
	if err := t.UseOwnerLang(); err != nil {
		return err
	}
	// A shop that cannot take an order to the end yet: say what is missing, once.
	if err := console.FirstRunChecklist(t); err != nil {
		return err
	}
	if m := t.Msg.Media; m != nil {
		switch {
		case m.Kind == chat.MediaPhoto && t.Msg.ReplyRef.Kind == "order":
			return relay.OwnerTransferProof(t, t.Msg.ReplyRef.ID, m)
		case m.Kind == chat.MediaPhoto && t.Msg.ReplyRef.Kind == "ticket":
			return order.RefundSentPhoto(t, t.Msg.ReplyRef.ID, m)
		case m.Kind == chat.MediaDocument:
			return console.OwnerImportFile(t, m)
		case m.Kind == chat.MediaPhoto:
			return console.OwnerCatalogPhoto(t, m)
		}
		t.Reply(t.StaffHelp())
		return nil
	}
	name, args, ok := chat.SplitCommand(t.Msg.Text)
	if ok {
		if found, err := command(t, chat.ScopeStaff, name, args); found {
			return err
		}
		t.Reply(t.P.T("staff.unknown_command", "command", name))
		return nil
	}
	// Plain text: a quote-reply to an order card ("lunas", "tolak
	// <alasan>"), an answer inside an owner's flow, or browsing the
	// catalogue like a customer.
	switch t.Msg.ReplyRef.Kind {
	case "order":
		return order.StaffReplyToOrder(t, t.Msg.ReplyRef.ID)
	case handoff.RefKind:
		return handoff.StaffReply(t, t.Msg.ReplyRef.ID, t.Msg.Text)
	case partner.RefKind:
		return partner.StaffReplyToCard(t, t.Msg.ReplyRef.ID, t.Msg.Text)
	}
	flow, step, _, err := t.Where()
	if err != nil {
		return err
	}
	if f, ok := t.Env.Reg.StaffFlowFor(flow); ok {
		return f(t, t.Msg.Text)
	}
	if flow == chat.FlowCustomer && step != "" && step != chat.StepMenu {
		return customer(t)
	}
	// "Lunas" or "1" typed under a proof card without quoting it.
	if handled, err := order.UnquotedProofWord(t, t.Msg.Text); handled || err != nil {
		return err
	}
	t.Reply(t.StaffHelp())
	return nil
}

// group handles messages in group chats. The bot stays silent in groups
// except for its commands, quote-replies to its cards, and the few plain
// words a supplier uses on an order ("terima K7M2P", a resi number), so it
// never spams a supplier's chat or answers people talking to each other.
// Unknown commands get no answer: they may be meant for another bot.
func group(t *chat.Turn) error {
	text := t.Msg.Text
	if name, args, ok := chat.SplitCommand(text); ok {
		_, err := command(t, chat.ScopeGroup, name, args)
		return err
	}
	switch t.Msg.ReplyRef.Kind {
	case "order":
		return relay.GroupReply(t, t.Msg.ReplyRef.ID, text)
	case "ticket":
		return aftersales.GroupTicketReply(t, t.Msg.ReplyRef.ID, text)
	}
	return relay.GroupText(t, text)
}
