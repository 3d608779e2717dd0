package partner

import "github.com/dropbot/dropbot/flows/chat"

// turn is a chat.Turn with the partner area's methods.
type turn struct{ *chat.Turn }

// FlowApply is the enrolment conversation of a customer who wants to
// become a reseller or an affiliate.
const FlowApply = "partner_apply"

// Steps of the enrolment, in order.
const (
	StepKind  = "partner_kind"
	StepName  = "partner_name"
	StepPhone = "partner_phone"
	StepBank  = "partner_bank"
)

// stateData is what an application keeps between messages: the kind
// picked, the name and phone typed. Nothing is written to the books before
// the last answer, so a person who stops half way leaves no trace.
type stateData struct {
	Kind  string `json:"partner_kind,omitempty"`
	Name  string `json:"partner_name,omitempty"`
	Phone string `json:"partner_phone,omitempty"`
}

type state = chat.State[stateData]

func (t *turn) load() (state, error) { return chat.Load[stateData](t.Turn) }
func (t *turn) save(st state) error  { return chat.Save(t.Turn, st) }

func wrap(ct *chat.Turn) *turn                                { return &turn{ct} }
func load(t *turn) (state, error)                             { return t.load() }
func stepOf(f func(*turn, state, string) error) chat.StepFunc { return chat.StepOf(wrap, load, f) }
