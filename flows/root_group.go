package flows

// group handles messages in group chats. The bot stays silent in groups
// except for its commands, quote-replies to its cards, and the few plain
// words a supplier uses on an order ("terima K7M2P", a resi number), so it
// never spams a supplier's chat or answers people talking to each other.
func (t *turn) group() error {
	text := t.Msg.Text
	if name, args, ok := SplitCommand(text); ok {
		return t.groupCommand(name, args)
	}
	if t.Msg.ReplyRef.Kind == "order" {
		return t.groupReply(t.Msg.ReplyRef.ID, text)
	}
	if t.Msg.ReplyRef.Kind == "ticket" {
		return t.groupTicketReply(t.Msg.ReplyRef.ID, text)
	}
	if t.Who.SupplierID == 0 || text == "" {
		return nil
	}
	word, rest := FirstWord(text)
	switch action := GroupWord(word); {
	case action != "" && rest == "":
		// "terima" alone: the one open card, or a question which.
		return t.groupPick(action, "")
	case action != "" && LooksLikeCode(FirstOf(rest)):
		return t.groupAct(action, rest)
	case LooksLikeCode(word) && rest != "":
		// "K7M2P 170430045644420": a resi for the order named first.
		if _, ok := ParseResiText(rest); ok {
			return t.groupAct(ActResi, text)
		}
	}
	return t.bareResi(text)
}

// groupCommand runs a command typed in a group. Unknown commands get no
// answer: they may be meant for another bot in the group.
func (t *turn) groupCommand(name, args string) error {
	switch name {
	case "supplier", "pemasok":
		if !t.Who.IsOwner() {
			t.Reply(t.P.T("access.owner_only"))
			return nil
		}
		return t.linkGroup(args)
	case "lepas", "unlink":
		if !t.Who.IsOwner() {
			t.Reply(t.P.T("access.owner_only"))
			return nil
		}
		return t.unlinkGroup()
	case "bantuan", "help", "start":
		return t.groupHelp()
	case "terima", "accept":
		return t.groupAct(ActAccept, args)
	case "habis":
		return t.groupAct(ActOut, args)
	case "resi", "awb":
		return t.groupAct(ActResi, args)
	case "stok", "stock":
		if !t.linkedGroup() {
			return nil
		}
		return t.supplierStock(args)
	case "harga", "modal", "cost":
		if !t.linkedGroup() {
			return nil
		}
		return t.supplierCost(args)
	case "saldo", "balance":
		if !t.linkedGroup() {
			return nil
		}
		return t.groupBalance()
	case "rts":
		if !t.linkedGroup() {
			return nil
		}
		return t.cmdRTS(args)
	case "pesanan", "orders":
		if !t.linkedGroup() {
			return nil
		}
		return t.groupOpenOrders()
	}
	return nil
}

// linkedGroup answers (revealing nothing) and reports false when this group
// is not linked to a supplier.
func (t *turn) linkedGroup() bool {
	if t.Who.SupplierID != 0 {
		return true
	}
	t.Reply(t.P.T("supgroup.not_linked"))
	return false
}
