package flows

// ownerImportFile imports a CSV/XLSX catalogue the owner sent to the bot.
func (t *turn) ownerImportFile(m *Media) error {
	t.reply(t.p.T("staff.help"))
	return nil // the owner's catalogue tools (issue 6) fill this in
}
