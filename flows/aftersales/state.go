package aftersales

import "github.com/dropbot/dropbot/flows/chat"

// turn is a chat.Turn with the after-sales methods.
type turn struct{ *chat.Turn }

// stateData is what a complaint keeps between messages: the order
// complained about, the reason picked and the ticket opened. The JSON keys
// are those older binaries wrote.
type stateData struct {
	Choices      []string `json:"choices,omitempty"`
	TicketOrder  string   `json:"ticket_order,omitempty"`
	TicketReason string   `json:"ticket_reason,omitempty"`
	TicketCode   string   `json:"ticket_code,omitempty"`
}

type state = chat.State[stateData]

func (t *turn) load() (state, error) { return chat.Load[stateData](t.Turn) }
func (t *turn) save(st state) error  { return chat.Save(t.Turn, st) }
