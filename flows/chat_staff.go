package flows

// ownerOnly answers a refusal (revealing nothing) unless the speaker is the
// owner; admins manage payments and orders but not settings or reports.
func (t *turn) OwnerOnly() bool {
	if t.Who.IsOwner() {
		return true
	}
	t.Reply(t.P.T("access.owner_only"))
	return false
}

// staffHelp is the owner's /bantuan: the console, then each area's part.
func (t *turn) StaffHelp() string {
	return t.P.T("staff.help") + "\n\n" + t.P.T("prod.help") + "\n\n" + t.P.T("relay.owner_help") + "\n\n" + t.P.T("ticket.owner_help")
}
