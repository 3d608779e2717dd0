package relay

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

// What the router and other areas call in the relay.

// ReleaseToSuppliers sends a paid order to its suppliers' groups as cards.
func ReleaseToSuppliers(ct *chat.Turn, o store.Order) error { return (&turn{ct}).releaseToSuppliers(o) }

// ConfirmReceipt is a customer saying the parcel arrived ("/terima",
// "sudah diterima"); code may be empty.
func ConfirmReceipt(ct *chat.Turn, code string) error { return (&turn{ct}).confirmReceipt(code) }

// OwnerAct is the owner acting on a card from the private chat, as a
// supplier would in the group (terima, habis, resi).
func OwnerAct(ct *chat.Turn, action, args string) error { return (&turn{ct}).ownerAct(action, args) }

// OwnerTransferProof is the owner's own transfer to a supplier: a photo
// quoting an order card.
func OwnerTransferProof(ct *chat.Turn, code string, m *chat.Media) error {
	return (&turn{ct}).ownerTransferProof(code, m)
}

// GroupReply is a quote-reply to an order card in a group.
func GroupReply(ct *chat.Turn, code, text string) error { return (&turn{ct}).groupReply(code, text) }

// GroupText reads a plain message in a group: the few words a supplier
// uses on an order ("terima K7M2P", "K7M2P 170430045644420", a bare resi
// under the one open card). Anything else, and any text in a group that
// is not a supplier's, gets no answer.
func GroupText(ct *chat.Turn, text string) error {
	t := &turn{ct}
	if t.Who.SupplierID == 0 || text == "" {
		return nil
	}
	word, rest := chat.FirstWord(text)
	switch action := groupWord(word); {
	case action != "" && rest == "":
		// "terima" alone: the one open card, or a question which.
		return t.groupPick(action, "")
	case action != "" && chat.LooksLikeCode(firstOf(rest)):
		return t.groupAct(action, rest)
	case chat.LooksLikeCode(word) && rest != "":
		// "K7M2P 170430045644420": a resi for the order named first.
		if _, ok := ParseResiText(rest); ok {
			return t.groupAct(ActResi, text)
		}
	}
	switch action, rest := politeAction(text); action {
	case ActAccept:
		if len(rest) == 0 { // "terima kak", "siap kak diproses"
			return t.groupPick(ActAccept, "")
		}
	case ActOut: // "habis kak", "serum habis kak"
		return t.outNamed(strings.Join(rest, " "))
	}
	return t.bareResi(text)
}
