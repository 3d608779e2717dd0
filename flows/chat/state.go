package chat

import (
	"encoding/json"
	"time"

	"github.com/dropbot/dropbot/store"
)

// State is a person's saved place in a flow, with the data of the area
// that owns the flow. Each area declares its own D: one struct with the
// JSON keys it reads and writes, so the keys of conversations saved by
// older binaries keep decoding (they were all one flat object, and still
// are).
type State[D any] struct {
	Flow string
	Step string
	Data D

	Saved time.Time // when the state was last saved; zero for a new one
}

// conversation reads the saved conversation once per turn.
func (t *Turn) conversation() (store.Conversation, error) {
	if t.loaded {
		return t.conv, nil
	}
	c, err := t.Tx.Conversation(t.Msg.Channel, t.Msg.ChatID, t.Msg.UserID)
	if err != nil {
		return store.Conversation{}, err
	}
	t.conv, t.loaded = c, true
	return c, nil
}

// Load reads the person's saved state, decoding the data into the area's
// struct D. A state that cannot be read is dropped rather than trapping the
// person in it: they start again from the menu.
func Load[D any](t *Turn) (State[D], error) {
	c, err := t.conversation()
	if err != nil {
		return State[D]{}, err
	}
	st := State[D]{Flow: c.Flow, Step: c.Step, Saved: c.UpdatedAt}
	if c.Data != "" {
		if err := json.Unmarshal([]byte(c.Data), &st.Data); err != nil {
			t.Env.Log.Warn("unreadable conversation state dropped", "flow", c.Flow, "step", c.Step)
			return State[D]{}, nil
		}
	}
	return st, nil
}

// Save writes the person's state; the area's data replaces whatever data
// was saved before.
func Save[D any](t *Turn, st State[D]) error {
	b, err := json.Marshal(st.Data)
	if err != nil {
		return err
	}
	c := store.Conversation{Flow: st.Flow, Step: st.Step, Data: string(b)}
	if err := t.Tx.SetConversation(t.Msg.Channel, t.Msg.ChatID, t.Msg.UserID, c); err != nil {
		return err
	}
	c.UpdatedAt = t.Tx.Now()
	t.conv, t.loaded = c, true
	return nil
}

// Where is the flow and step the person is in ("" for none).
func (t *Turn) Where() (flow, step string, saved time.Time, err error) {
	st, err := Load[struct{}](t)
	return st.Flow, st.Step, st.Saved, err
}

// SaveMenu puts the person back at the customer's menu.
func (t *Turn) SaveMenu() error {
	return Save(t, State[struct{}]{Flow: FlowCustomer, Step: StepMenu})
}
