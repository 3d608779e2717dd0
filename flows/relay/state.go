package relay

import "github.com/dropbot/dropbot/flows/chat"

// turn is a chat.Turn with the supplier relay's methods.
type turn struct{ *chat.Turn }

// stateData is what the relay keeps in a customer's conversation: the
// order whose sold-out items the customer is deciding about. The JSON keys
// are those older binaries wrote.
type stateData struct {
	Choices    []string `json:"choices,omitempty"`
	Item       int64    `json:"item,omitempty"`
	HabisOrder string   `json:"habis_order,omitempty"`
}

type state = chat.State[stateData]

func (t *turn) load() (state, error) { return chat.Load[stateData](t.Turn) }
func (t *turn) save(st state) error  { return chat.Save(t.Turn, st) }
