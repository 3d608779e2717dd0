package chat

import "strings"

// OwnerOnly answers a refusal (revealing nothing) unless the speaker is the
// owner; admins manage payments and orders but not settings or reports.
func (t *Turn) OwnerOnly() bool {
	if t.Who.IsOwner() {
		return true
	}
	t.Reply(t.P.T("access.owner_only"))
	return false
}

// StaffHelp is the owner's /bantuan: the sections the areas registered,
// in order.
func (t *Turn) StaffHelp() string {
	var parts []string
	for _, k := range t.Env.Reg.HelpKeys(ScopeStaff) {
		parts = append(parts, t.P.T(k))
	}
	return strings.Join(parts, "\n\n")
}
