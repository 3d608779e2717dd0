package relay

import (
	"strings"
	"unicode"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// Supplier actions on a shipment.
const (
	ActAccept = "terima"
	ActOut    = "habis"
	ActResi   = "resi"
)

// groupWord reads the first word of a plain message as an action.
func groupWord(w string) string {
	switch strings.ToLower(strings.Trim(w, ".,!:")) {
	case "terima", "diterima", "accept":
		return ActAccept
	case "habis", "kosong":
		return ActOut
	case "resi", "awb":
		return ActResi
	}
	return ""
}

// politeFiller are the words people wrap an action word in: "terima
// kak", "siap kak diproses", "stoknya habis ya kak".
var politeFiller = map[string]bool{"kak": true, "ka": true, "kakak": true, "kk": true, "ya": true, "yaa": true,
	"yah": true, "siap": true, "sip": true, "ok": true, "oke": true, "okey": true, "okay": true, "baik": true,
	"bos": true, "boss": true, "min": true, "gan": true, "sis": true, "mbak": true, "mba": true, "mas": true,
	"bu": true, "pak": true, "nggih": true, "njih": true, "dong": true, "deh": true, "nih": true, "sudah": true,
	"udah": true, "sdh": true, "dah": true, "lagi": true, "lg": true, "mohon": true, "maaf": true, "stok": true,
	"stoknya": true, "barang": true, "barangnya": true, "yang": true, "yg": true, "sedang": true}

// politeAction reads a short plain message built around one action word
// (terima, proses, habis) and polite filler: the action and the other
// words (for "habis", the item named). A resi, two different actions or a
// long message give no action.
func politeAction(text string) (action string, rest []string) {
	words := strings.Fields(text)
	if len(words) > 6 {
		return "", nil
	}
	for _, w := range words {
		lw := strings.ToLower(strings.Trim(w, ".,!:?🙏"))
		if lw == "" || politeFiller[lw] {
			continue
		}
		a := groupWord(lw)
		if lw == "proses" || lw == "diproses" {
			a = ActAccept
		}
		switch {
		case a == ActResi:
			return "", nil
		case a != "" && action != "" && a != action:
			return "", nil
		case a != "":
			action = a
		default:
			rest = append(rest, lw)
		}
	}
	return action, rest
}

// outNamed is "habis" said without quoting a card: with the name of an
// item that is on exactly one open card, that item is out; otherwise the
// group is asked to quote the card, as for a bare "habis".
func (t *turn) outNamed(item string) error {
	if t.Who.SupplierID == 0 {
		return nil
	}
	hasLetter := strings.IndexFunc(item, unicode.IsLetter) >= 0
	if hasLetter {
		open, err := t.Tx.OpenShipments(t.Who.SupplierID)
		if err != nil {
			return err
		}
		var found []store.Order
		var ships []store.Shipment
		for _, s := range open {
			o, err := t.orderByID(s.OrderID)
			if err != nil {
				return err
			}
			if _, ok := pickItems(ShipmentItems(o, s.SupplierID), item); ok {
				found, ships = append(found, o), append(ships, s.Shipment)
			}
		}
		if len(found) == 1 {
			return t.markOut(found[0], ships[0], item)
		}
	}
	return t.groupPick(ActOut, "")
}

func firstOf(s string) string {
	w, _ := chat.FirstWord(s)
	return w
}

// groupHelp lists what supplier staff can do here.
func (t *turn) groupHelp() error {
	if t.Who.SupplierID == 0 {
		t.Reply(t.P.T("supgroup.not_linked"))
		return nil
	}
	sup, err := t.Tx.SupplierByID(t.Who.SupplierID)
	if err != nil {
		return err
	}
	t.Reply(t.GroupHelp(t.P.T("supgroup.help_head", "code", sup.Code, "name", sup.Name)))
	return nil
}

// linkGroup makes this group the group of the supplier with the given
// code, tells the owner, and sends the cards that waited for a group.
func (t *turn) linkGroup(code string) error {
	if code == "" {
		sups, err := t.Tx.Suppliers()
		if err != nil {
			return err
		}
		if len(sups) == 0 {
			t.Reply(t.P.T("group.no_suppliers"))
			return nil
		}
		lines := t.P.T("group.link_how")
		for _, s := range sups {
			lines += "\n" + t.P.T("group.supplier_line", "code", s.Code, "name", s.Name)
		}
		t.Reply(lines)
		return nil
	}
	s, err := t.Tx.SupplierByCode(code)
	if store.IsNotFound(err) {
		t.Reply(t.P.T("group.unknown_supplier", "code", chat.Clip(code, 20)))
		return nil
	}
	if err != nil {
		return err
	}
	relink := t.Who.SupplierID == s.ID
	if err := t.Tx.LinkGroup(t.Msg.Channel, t.Msg.ChatID, s.ID, ""); err != nil {
		return err
	}
	t.Who.SupplierID = s.ID
	t.Reply(t.P.T("group.linked", "code", s.Code, "name", s.Name))
	if relink {
		return nil
	}
	// Cards that waited for a group go to every group of the supplier; the
	// cards other groups already have come here too, so a group that was
	// re-added (or a second group) sees every open order.
	waiting, err := t.Tx.UnsentShipments(s.ID)
	if err != nil {
		return err
	}
	open, err := t.Tx.OpenShipments(s.ID)
	if err != nil {
		return err
	}
	for _, sh := range waiting {
		o, err := t.orderByID(sh.OrderID)
		if err != nil {
			return err
		}
		if _, err := t.sendCard(o, sh, s, "relay.card_head"); err != nil {
			return err
		}
	}
	for _, sh := range open {
		o, err := t.orderByID(sh.OrderID)
		if err != nil {
			return err
		}
		text, media, err := t.cardText(o, sh.Shipment, s, "relay.card_head")
		if err != nil {
			return err
		}
		t.Send(chat.Out{To: chat.Address{Channel: t.Msg.Channel, ChatID: t.Msg.ChatID}, Text: text, Options: cardOptions(t.Env.Loc.For(locales.ID)),
			MediaID: media, Ref: chat.Ref{Kind: "order", ID: o.Code}})
	}
	owner := t.OwnerPrinter()
	note := owner.T("supgroup.owner_linked", "code", s.Code, "name", s.Name, "chat", t.Msg.Channel+":"+t.Msg.ChatID)
	if n := len(waiting) + len(open); n > 0 {
		note += "\n" + owner.T("supgroup.owner_cards_sent", "count", n)
	}
	t.TellOwners(chat.Ref{}, note)
	return nil
}

// unlinkGroup removes this group's link: new cards of its supplier wait
// for another group (or go to the supplier's other groups).
func (t *turn) unlinkGroup() error {
	sid, ok, err := t.Tx.UnlinkGroup(t.Msg.Channel, t.Msg.ChatID)
	if err != nil {
		return err
	}
	if !ok {
		t.Reply(t.P.T("supgroup.not_linked"))
		return nil
	}
	s, err := t.Tx.SupplierByID(sid)
	if err != nil {
		return err
	}
	t.Reply(t.P.T("supgroup.unlinked", "code", s.Code, "name", s.Name))
	t.TellOwners(chat.Ref{}, t.OwnerPrinter().T("supgroup.owner_unlinked", "code", s.Code, "name", s.Name,
		"chat", t.Msg.Channel+":"+t.Msg.ChatID))
	return nil
}

// orderByID reads an order with its items.
func (t *turn) orderByID(id int64) (store.Order, error) {
	code, err := t.Tx.OrderCodeByID(id)
	if err != nil {
		return store.Order{}, err
	}
	return t.Tx.OrderByCode(code)
}
