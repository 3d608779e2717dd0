package console

import "github.com/dropbot/dropbot/flows/chat"

// turn is a chat.Turn with the owner console's methods.
type turn struct{ *chat.Turn }

// stateData is what the owner's tools keep between messages: the product
// being added and markup rules waiting for "YA" (JSON of pricing.Rules).
// The JSON keys are those older binaries wrote.
type stateData struct {
	Choices []string      `json:"choices,omitempty"`
	Draft   *productDraft `json:"draft,omitempty"`
	Rules   string        `json:"rules,omitempty"`
}

type state = chat.State[stateData]

func (t *turn) load() (state, error) { return chat.Load[stateData](t.Turn) }
func (t *turn) save(st state) error  { return chat.Save(t.Turn, st) }
