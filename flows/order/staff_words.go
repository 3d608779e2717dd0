package order

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

// UnquotedProofWord answers an owner who types "lunas", "tolak …", "1" or
// "2" under a proof card without quoting it: with one proof waiting, that
// order; with several, a question which. It reports false for other text.
func UnquotedProofWord(ct *chat.Turn, text string) (bool, error) {
	word, _ := chat.FirstWord(strings.TrimSpace(text))
	switch strings.ToLower(word) {
	case "lunas", "1", "tolak", "2", "approve", "reject":
	default:
		return false, nil
	}
	t := &turn{ct}
	waiting, _, err := t.Tx.SearchOrders(store.OrderQuery{Status: store.StatusAwaitVerify, Limit: 6})
	if err != nil {
		return true, err
	}
	switch len(waiting) {
	case 0:
		t.Reply(t.P.T("staff.no_proof_waiting"))
		return true, nil
	case 1:
		return true, t.staffReplyToOrder(waiting[0].Code)
	}
	lines := []string{t.P.T("staff.which_proof")}
	for _, o := range waiting {
		lines = append(lines, t.P.T("staff.which_proof_line", "code", o.Code, "name", o.RecipientName))
	}
	t.Reply(strings.Join(lines, "\n"))
	return true, nil
}
