package flows

// staff handles the owner's and admins' private chat: one command switch,
// each command checking the role it needs. Customers who type these
// commands never reach this file (the router sends them to the customer
// flow, which answers "unknown command" and reveals nothing).
func (t *turn) staff() error {
	// The shop's staff read the owner's chosen language (/atur bahasa).
	if err := t.UseOwnerLang(); err != nil {
		return err
	}
	if t.Msg.Media != nil {
		return t.staffMedia()
	}
	name, args, ok := SplitCommand(t.Msg.Text)
	if !ok {
		return t.staffText()
	}
	switch name {
	case "bantuan", "help", "start", "menu":
		t.Reply(t.StaffHelp())
		return nil
	case "katalog", "catalog":
		return t.categories()
	case "lunas", "paid", "approve":
		return t.cmdApprove(args)
	case "tolak", "reject":
		return t.cmdReject(args)
	case "pesanan", "orders":
		return t.cmdOrders(args)
	case "cek", "order":
		return t.cmdOrderDetail(args)
	case "admin":
		return t.cmdAdmin(args)
	case "produk", "products", "product":
		return t.cmdProducts(args)
	case "tambahproduk", "addproduct":
		return t.cmdAddProduct(args)
	case "ubah", "edit":
		return t.cmdEdit(args)
	case "markup":
		return t.cmdMarkup(args)
	case "retensi", "retention":
		return t.cmdRetention(args)
	case "cadangan", "backup":
		return t.cmdBackup()
	case "refundterkirim", "refundsent":
		return t.cmdRefundSent(args)
	case "status":
		return t.cmdSetStatus(args)
	case "batalkan", "cancel":
		return t.cmdCancel(args)
	case "tiket", "tickets", "komplain":
		return t.cmdTickets(args)
	case "refund":
		return t.cmdTicketRefund(args)
	case "rts":
		return t.cmdRTS(args)
	case "mintabukti", "askevidence":
		return t.cmdTicketEvidence(args)
	case "tolakkomplain", "rejectcomplaint":
		return t.cmdTicketReject(args)
	case "kirimulang", "resend":
		return t.cmdTicketSimple(args, ResolveResend)
	case "tukar", "exchange":
		return t.cmdTicketSimple(args, ResolveSwap)
	case "saldo", "balance":
		return t.ownerBalance(args)
	case "topup":
		return t.ownerTopup(args)
	case "modebayar", "paymode":
		return t.ownerPayMode(args)
	case "setujui", "approvecost":
		return t.ownerDecideCost(args, true)
	case "tolakharga", "rejectcost":
		return t.ownerDecideCost(args, false)
	case "terima", "accept":
		return t.ownerAct(ActAccept, args)
	case "habis":
		return t.ownerAct(ActOut, args)
	case "resi", "awb":
		return t.ownerAct(ActResi, args)
	case "atur", "settings", "pengaturan":
		return t.cmdSettings(args)
	case "laporan", "report":
		return t.cmdReport(args)
	case "ekspor", "export":
		return t.cmdExport(args)
	case "rekap", "recap":
		return t.cmdRecap(args)
	case "siaran", "broadcast":
		return t.cmdBroadcast(args)
		// Commands of other areas are added here, one case each.
	}
	t.Reply(t.P.T("staff.unknown_command", "command", name))
	return nil
}

// staffText handles plain text from staff: a quote-reply to an order card
// ("lunas", "tolak <alasan>"), or browsing the catalogue like a customer.
func (t *turn) staffText() error {
	if t.Msg.ReplyRef.Kind == "order" {
		return t.staffReplyToOrder(t.Msg.ReplyRef.ID)
	}
	st, err := t.load()
	if err != nil {
		return err
	}
	if st.Flow == FlowOwnerCatalog {
		return t.ownerCatalogText(st)
	}
	if st.Flow == FlowCustomer && st.Step != "" && st.Step != StepMenu {
		// The owner is browsing the catalogue: let the customer flow answer.
		return t.customer()
	}
	t.Reply(t.StaffHelp())
	return nil
}

// staffMedia handles a file or photo from staff: a photo quoting an order
// card is the owner's own transfer proof for the supplier; a CSV/XLSX file
// is a catalogue to import.
func (t *turn) staffMedia() error {
	m := t.Msg.Media
	switch {
	case m.Kind == MediaPhoto && t.Msg.ReplyRef.Kind == "order":
		return t.ownerTransferProof(t.Msg.ReplyRef.ID, m)
	case m.Kind == MediaPhoto && t.Msg.ReplyRef.Kind == "ticket":
		return t.refundSentPhoto(t.Msg.ReplyRef.ID, m)
	case m.Kind == MediaDocument:
		return t.ownerImportFile(m)
	case m.Kind == MediaPhoto:
		return t.ownerCatalogPhoto(m)
	}
	t.Reply(t.StaffHelp())
	return nil
}
