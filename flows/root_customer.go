package flows

import (
	"strings"

	"github.com/dropbot/dropbot/flows/orderform"
)

// greetings open the menu from anywhere, like "menu" and "batal".
var greetings = map[string]bool{
	"menu": true, "halo": true, "hallo": true, "hai": true, "hi": true, "hello": true, "p": true,
	"start": true, "mulai": true, "batal": true, "cancel": true, "assalamualaikum": true, "permisi": true,
}

func (t *turn) customer() error {
	st, err := t.load()
	if err != nil {
		return err
	}
	t.Fresh = st.Flow == ""
	t.MidStep = !t.Fresh && !browseSteps[st.Step]
	if m := t.Msg.Media; m != nil {
		if handled, err := t.ticketMedia(st, m); handled || err != nil {
			return err
		}
		return t.customerMedia(st, m)
	}
	text := t.Msg.Text
	if text == "" {
		if t.MidStep {
			return t.Stay(t.P.T("customer.blank"))
		}
		return t.Menu("")
	}
	if name, args, ok := SplitCommand(text); ok {
		switch name {
		case "start", "menu":
			return t.Menu("")
		case "batal", "cancel", "batalkan":
			if args != "" {
				return t.cancelOrder(args)
			}
			return t.Menu("")
		case "keranjang", "cart":
			return t.showCart()
		case "katalog", "catalog":
			return t.categories()
		case "cari", "search":
			return t.search(args)
		case "pesanan", "cek", "status":
			return t.myOrders(args)
		case "bantuan", "help", "admin":
			return t.askAdmin("help")
		case "bahasa", "lang", "language":
			return t.setLang(args)
		case "klaim", "claim":
			return t.claim(args)
		case "terima", "diterima", "received":
			return t.confirmReceipt(args)
		case "komplain", "complaint", "retur":
			return t.cmdComplaint(args)
		case "setuju", "accept":
			return t.ticketAnswer(args, true)
		case "tidaksetuju", "decline":
			return t.ticketAnswer(args, false)
		case "dataku", "mydata":
			return t.myData()
		case "hapusdata", "deletemydata":
			return t.eraseRequest()
		case "langganan", "subscribe":
			off := Normalize(args) == "off" || Normalize(args) == "stop" || Normalize(args) == "berhenti"
			return t.subscribe(!off)
		case "berhenti", "unsubscribe", "stop":
			return t.subscribe(false)
		default:
			// Owner commands and unknown ones get the same polite answer:
			// nothing about what exists for others.
			if t.MidStep {
				return t.Stay(t.P.T("customer.unknown_command_mid"))
			}
			t.Reply(t.P.T("customer.unknown_command"), t.MenuLabels()...)
			return t.save(state{Flow: FlowCustomer, Step: StepMenu})
		}
	}
	if orderform.Looks(text) {
		return t.formOrder(text)
	}
	norm := Normalize(text)
	if greetings[norm] || strings.HasPrefix(norm, "halo ") || strings.HasPrefix(norm, "hai ") {
		return t.Menu("")
	}
	// Like "menu", these words work from any step.
	switch norm {
	case "katalog", "catalog", "catalogue":
		return t.categories()
	case "keranjang", "cart":
		return t.showCart()
	}
	if ReceivedText(norm) {
		return t.confirmReceipt("")
	}
	if rest, ok := strings.CutPrefix(norm, "batalkan "); ok {
		return t.cancelOrder(rest)
	}
	// "cek X8QMT", "status pesanan X8QMT": one order, like /cek X8QMT.
	if code, ok, err := t.typedOrderCheck(norm); err != nil || ok {
		if err != nil {
			return err
		}
		return t.myOrder(code)
	}
	for _, w := range []string{"cari", "search"} {
		if rest, ok := strings.CutPrefix(norm, w+" "); ok || norm == w {
			return t.search(rest)
		}
	}
	switch st.Step {
	case StepCategories:
		if k, ok := MenuNumber(norm); ok {
			if k < 1 || k > len(st.Data.Choices) {
				t.AddNote(t.P.T("customer.bad_number", "max", len(st.Data.Choices)))
				return t.categories()
			}
			c := st.Data.Choices[k-1]
			return t.products(&c, "", 0)
		}
		if i := Choose(text, st.Data.Choices); i >= 0 {
			c := st.Data.Choices[i]
			return t.products(&c, "", 0)
		}
	case StepProducts:
		return t.onProducts(st, text)
	case StepMenu:
		if i := Choose(text, t.MenuLabels()); i >= 0 {
			return t.menuChoice(i)
		}
		if _, ok := MenuNumber(norm); ok {
			return t.Menu(t.P.T("customer.bad_number", "max", len(t.MenuLabels())))
		}
	case StepProduct:
		return t.onProduct(st, text)
	case StepQty:
		return t.onQty(st, text)
	case StepCart:
		return t.onCart(text)
	case StepEditPick:
		return t.onEditPick(st, text)
	case StepEditQty:
		return t.onEditQty(st, text)
	case StepAddrConfirm:
		return t.onAddrConfirm(text)
	case StepName:
		return t.onName(st, text)
	case StepPhone:
		return t.onPhone(st, text)
	case StepAddress:
		return t.onAddress(st, text)
	case StepCourier:
		return t.onCourier(st, text)
	case StepPayment:
		return t.onPayment(st, text)
	case StepErase:
		return t.onErase(text)
	case StepHabis, StepHabisSwap:
		return t.onHabis(st, text)
	case StepTicketOrder:
		return t.onTicketOrder(st, text)
	case StepTicketReason:
		return t.onTicketReason(st, text)
	case StepTicketNote:
		return t.onTicketNote(st, text)
	case StepTicketEvidence:
		return t.onTicketEvidence(st, text)
	case StepTicketAnswer:
		return t.onTicketAnswer(st, text)
	case StepTicketReturn:
		return t.onTicketReturn(st, text)
	default:
		if i := Choose(text, t.MenuLabels()); i >= 0 {
			return t.menuChoice(i)
		}
	}
	return t.unclear()
}

// browseSteps hold nothing the customer typed and ask nothing that must be
// answered (browsing, or a ticket that is with the shop): a message that
// fits none of their options may fall back to the menu.
var browseSteps = map[string]bool{"": true, StepMenu: true, StepCategories: true, StepProducts: true, StepProduct: true,
	StepTicketSent: true}

func (t *turn) menuChoice(i int) error {
	switch i {
	case 0:
		return t.categories()
	case 1:
		cart, ok, err := t.Tx.CartOf(t.Who.CustomerID)
		if err != nil {
			return err
		}
		if ok && len(cart.Items) > 0 {
			return t.showCart()
		}
		t.AddNote(t.P.T("order.how"))
		return t.categories()
	case 2:
		return t.myOrders("")
	case 3:
		return t.complaintStart()
	default:
		return t.askAdmin("help")
	}
}
