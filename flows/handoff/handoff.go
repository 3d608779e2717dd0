// Package handoff puts a customer in touch with a person: the owner or an
// admin answers through the bot (a quote-reply to the notice, or "/balas
// KODE teks"), the bot stays quiet in that chat while a person talks, and
// everything the customer types meanwhile reaches the staff. The hand-off
// ends with "/selesai KODE" or when nobody wrote for a while.
//
// It sits just above the core: order (the menu's "Chat admin", checkout
// dead ends, text nobody understood) and aftersales start hand-offs, the
// router sends the customer's text and the staff's replies here.
package handoff

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// Flow is the customer's flow while a person talks with them.
const Flow = "handoff"

// stepHuman is the one step of the flow.
const stepHuman = "human"

// RefKind marks the notices staff quote to answer a customer.
const RefKind = "handoff"

// data is the hand-off's saved state.
type data struct {
	Reason string `json:"handoff_reason,omitempty"`
}

// Code is the short name of a customer's chat the staff type ("C12").
func Code(customerID int64) string { return "C" + strconv.FormatInt(customerID, 10) }

// parseCode reads a chat code ("C12", "c12", "12").
func parseCode(s string) (int64, bool) {
	s = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "C")
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// tellStaff sends a notice about a customer's chat to every owner and
// admin, quotable to answer.
func tellStaff(t *chat.Turn, text string) error {
	staff, err := t.Tx.Staff("")
	if err != nil {
		return err
	}
	ref := chat.Ref{Kind: RefKind, ID: Code(t.Who.CustomerID)}
	for _, s := range staff {
		if s.Role != store.StaffOwner && s.Role != store.StaffAdmin {
			continue
		}
		t.Send(chat.Out{To: chat.Address{Channel: s.Channel, ChatID: s.UserID}, Ref: ref, Text: text})
	}
	return nil
}

// customerName is how the staff's notices name the customer.
func customerName(t *chat.Turn) string {
	if t.Msg.UserName != "" {
		return t.Msg.UserName
	}
	return t.OwnerPrinter().T("common.a_customer")
}

// NoticeWindow is how often one customer's "needs a person" reaches the
// staff at most.
const NoticeWindow = 30 * time.Minute

// Start hands the customer to the staff: the staff get a notice with the
// reason (a "staff.reason.*" key) and what the customer typed, the
// customer is told a person will answer, and the bot stays quiet in the
// chat until the hand-off ends.
//
// One customer asking again and again (twenty /bantuan) is one notice per
// NoticeWindow: the requests held back are counted in the next notice, so
// a real proof or a real question is not buried.
func Start(t *chat.Turn, reason, typed string) error {
	send, held, err := t.Tx.ThrottleNotice("help:"+t.Msg.Channel+":"+t.Msg.UserID, NoticeWindow)
	if err != nil {
		return err
	}
	if send {
		op := t.OwnerPrinter()
		text := op.T("handoff.notice", "name", customerName(t), "code", Code(t.Who.CustomerID),
			"reason", op.T("staff.reason."+reason))
		if typed = strings.TrimSpace(typed); typed != "" {
			text += "\n" + op.T("handoff.typed", "text", typed)
		}
		if held > 0 {
			text += "\n" + op.T("owner.held_help", "count", held)
		}
		if err := tellStaff(t, text+"\n"+op.T("handoff.how", "code", Code(t.Who.CustomerID))); err != nil {
			return err
		}
	}
	t.Reply(t.P.T("handoff.started"))
	return chat.Save(t, chat.State[data]{Flow: Flow, Step: stepHuman, Data: data{Reason: reason}})
}

// Unclear passes text nothing understood to the staff, without stopping
// the bot: a person may answer it by quoting the notice.
func Unclear(t *chat.Turn, typed string) error {
	op := t.OwnerPrinter()
	return tellStaff(t, op.T("handoff.unclear", "name", customerName(t), "code", Code(t.Who.CustomerID), "text", typed)+
		"\n"+op.T("handoff.how", "code", Code(t.Who.CustomerID)))
}

// CustomerText handles a customer's text during a hand-off: it goes to
// the staff and the bot says nothing. It reports false when the hand-off
// has run out (the text is then for the bot).
func CustomerText(t *chat.Turn, saved time.Time) (bool, error) {
	mins, err := t.Int(Minutes)
	if err != nil {
		return false, err
	}
	if !saved.IsZero() && t.Tx.Now().Sub(saved) > time.Duration(mins)*time.Minute {
		return false, t.SaveMenu()
	}
	op := t.OwnerPrinter()
	if err := tellStaff(t, op.T("handoff.from_customer", "name", customerName(t), "code", Code(t.Who.CustomerID), "text", t.Msg.Text)); err != nil {
		return false, err
	}
	st, err := chat.Load[data](t)
	if err != nil {
		return false, err
	}
	return true, chat.Save(t, st) // the hand-off lasts from the last message
}

// customerChat finds the chat of a customer's code and the language they
// read; ok is false (and the staff member was told) for a code of no chat.
func customerChat(t *chat.Turn, code string) (chat.Address, string, locales.Printer, bool, error) {
	id, ok := parseCode(code)
	var channel, user string
	var err error
	if ok {
		channel, user, ok, err = t.Tx.CustomerChat(id)
	}
	if err != nil || !ok {
		if err == nil {
			t.Reply(t.P.T("handoff.unknown_code", "code", code))
		}
		return chat.Address{}, "", locales.Printer{}, false, err
	}
	lang, err := t.Tx.CustomerLang(id)
	if err != nil {
		return chat.Address{}, "", locales.Printer{}, false, fmt.Errorf("customer language: %w", err)
	}
	l, _ := locales.ParseLang(lang)
	return chat.Address{Channel: channel, ChatID: user}, user, t.Env.Loc.For(l), true, nil
}

// setCustomerState writes the state of a customer's chat from a staff turn.
func setCustomerState(t *chat.Turn, to chat.Address, user, flow, step string) error {
	b, err := json.Marshal(data{})
	if err != nil {
		return err
	}
	return t.Tx.SetConversation(to.Channel, to.ChatID, user, store.Conversation{Flow: flow, Step: step, Data: string(b)})
}

// StaffReply sends a staff member's words to the customer of code and
// keeps (or starts) the hand-off: the bot stays quiet in that chat.
// "selesai" alone ends it.
func StaffReply(t *chat.Turn, code, text string) error {
	text = strings.TrimSpace(text)
	if strings.EqualFold(text, "selesai") {
		return End(t, code)
	}
	if text == "" {
		t.Reply(t.P.T("handoff.balas_how"))
		return nil
	}
	to, user, cp, ok, err := customerChat(t, code)
	if err != nil || !ok {
		return err
	}
	t.Send(chat.Out{To: to, Text: cp.T("handoff.from_admin", "text", text)})
	if err := setCustomerState(t, to, user, Flow, stepHuman); err != nil {
		return err
	}
	t.Reply(t.P.T("handoff.sent", "code", strings.ToUpper(code)))
	return nil
}

// End gives the customer of code back to the bot.
func End(t *chat.Turn, code string) error {
	to, user, cp, ok, err := customerChat(t, code)
	if err != nil || !ok {
		return err
	}
	if err := setCustomerState(t, to, user, chat.FlowCustomer, chat.StepMenu); err != nil {
		return err
	}
	labels := []string{cp.T("menu.catalog"), cp.T("menu.order"), cp.T("menu.status"), cp.T("menu.complaint"), cp.T("menu.help")}
	t.Send(chat.Out{To: to, Text: cp.T("handoff.ended"), Options: labels})
	t.Reply(t.P.T("handoff.closed", "code", strings.ToUpper(code)))
	return nil
}

// cmdBalas is "/balas KODE teks".
func cmdBalas(t *chat.Turn, args string) error {
	code, rest := chat.FirstWord(args)
	if code == "" || rest == "" {
		t.Reply(t.P.T("handoff.balas_how"))
		return nil
	}
	return StaffReply(t, code, rest)
}

// cmdSelesai is "/selesai KODE".
func cmdSelesai(t *chat.Turn, args string) error {
	code, _ := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("handoff.selesai_how"))
		return nil
	}
	return End(t, code)
}

// Register adds the staff's commands of the hand-off.
func Register(r *chat.Registry) {
	r.HelpPage(chat.ScopeStaff, "chat")
	r.HelpNotes(chat.ScopeStaff, chat.HelpNote{Page: "chat", Key: "help.note.handoff", Role: chat.RoleStaff})
	r.Commands(
		chat.Command{Name: "balas", Aliases: []string{"reply"}, Role: chat.RoleStaff, Run: cmdBalas, Help: "chat", Daily: 3},
		chat.Command{Name: "selesai", Aliases: []string{"done"}, Role: chat.RoleStaff, Run: cmdSelesai, Help: "chat"},
	)
}
