package order

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/intent"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/flows/shipping"
)

// What the router and other areas call in the order area.

// Categories shows the catalogue's categories (the first menu item).
func Categories(ct *chat.Turn) error { return (&turn{ct}).categories() }

// MyOrders lists the customer's orders, or one order when args names it.
func MyOrders(ct *chat.Turn, args string) error { return (&turn{ct}).myOrders(args) }

// AskAdmin hands the customer to the shop's staff, with the reason.
func AskAdmin(ct *chat.Turn, reason string) error { return (&turn{ct}).askAdmin(reason) }

// FormOrder reads a pasted "format order".
func FormOrder(ct *chat.Turn, text string) error { return (&turn{ct}).formOrder(text) }

// Unclear answers free text nothing understood: a search when it finds
// something, otherwise the menu with a hint.
func Unclear(ct *chat.Turn) error { return (&turn{ct}).unclear() }

// OngkirTo prices a parcel of weightG grams to a province with the shop's
// ongkir source (the couriers a checkout would offer).
func OngkirTo(ct *chat.Turn, province string, weightG int) ([]shipping.Quote, error) {
	return (&turn{ct}).quotes(province, weightG)
}

// StaffReplyToOrder reads a staff member's quote-reply to an order card.
func StaffReplyToOrder(ct *chat.Turn, code string) error { return (&turn{ct}).staffReplyToOrder(code) }

// RefundSentPhoto is the owner's transfer proof for a refund (a photo
// quoting a ticket's card).
func RefundSentPhoto(ct *chat.Turn, ticketCode string, m *chat.Media) error {
	return (&turn{ct}).refundSentPhoto(ticketCode, m)
}

// CustomerMedia handles a photo or file from a customer: a payment proof,
// or a kind word about what the shop can read.
func CustomerMedia(ct *chat.Turn) error {
	t := &turn{ct}
	st, err := t.load()
	if err != nil {
		return err
	}
	return t.customerMedia(st, ct.Msg.Media)
}

// StartOrder is the menu's "Pesan": the cart when it holds something,
// otherwise the catalogue with a word on how to order.
func StartOrder(ct *chat.Turn) error { return (&turn{ct}).startOrder() }

// greetings open the menu from anywhere, like "menu" and "batal".
var greetings = map[string]bool{
	"menu": true, "halo": true, "hallo": true, "hai": true, "hi": true, "hello": true, "p": true,
	"start": true, "mulai": true, "batal": true, "cancel": true, "assalamualaikum": true, "permisi": true,
}

// AnyStepWords answers the words that work from any step, like "menu":
// greetings, "katalog", "keranjang", "sudah diterima", "batalkan X",
// "cek X", "cari X". It reports whether the text was one of them.
func AnyStepWords(ct *chat.Turn, text string) (bool, error) {
	t := &turn{ct}
	norm := chat.Normalize(text)
	if greetings[norm] || ((strings.HasPrefix(norm, "halo ") || strings.HasPrefix(norm, "hai ")) &&
		intent.Classify(text, nil).Kind == intent.Salam) {
		if intent.Classify(text, nil).Greeting == intent.GreetSalam {
			return true, t.Menu(t.P.T("intent.salam_reply"))
		}
		return true, t.Menu("")
	}
	switch norm {
	case "katalog", "catalog", "catalogue":
		return true, t.categories()
	case "keranjang", "cart":
		return true, t.showCart()
	}
	if relay.ReceivedText(norm) {
		return true, relay.ConfirmReceipt(ct, "")
	}
	if rest, ok := strings.CutPrefix(norm, "batalkan "); ok {
		return true, t.cancelOrder(rest)
	}
	// "cek X8QMT", "status pesanan X8QMT": one order, like /cek X8QMT.
	if code, ok, err := t.typedOrderCheck(norm); err != nil || ok {
		if err != nil {
			return true, err
		}
		return true, t.myOrder(code)
	}
	for _, w := range []string{"cari", "search"} {
		if rest, ok := strings.CutPrefix(norm, w+" "); ok || norm == w {
			return true, t.search(rest)
		}
	}
	return false, nil
}

// TrackOrder shows where the parcels of one of the customer's own orders
// are ("cek resi KODE"); the router can send intent.Track here.
func TrackOrder(ct *chat.Turn, code string) error { return (&turn{ct}).trackOrder(code) }

// RecipientForCart checks out the customer's cart with a recipient block
// (name, phone and address, one a line or comma-separated) sent from the
// menu or while browsing. It reports false, doing nothing, when the text is
// no such block or the cart is empty.
func RecipientForCart(ct *chat.Turn, text string) (bool, error) {
	lines, ok := recipientLines(text)
	if !ok || !hasPhoneLine(lines) {
		// Two lines of chat ("kak\nada warna lain?") are no recipient.
		return false, nil
	}
	t := &turn{ct}
	cart, found, err := t.Tx.CartOf(t.Who.CustomerID)
	if err != nil || !found || len(cart.Items) == 0 {
		return false, err
	}
	return true, t.checkoutWith(text, lines)
}
