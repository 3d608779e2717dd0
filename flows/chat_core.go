package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/pricing"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// turn is one message being handled: who spoke, in which language, and the
// replies gathered so far.
type turn struct {
	Ctx  context.Context
	Tx   *store.Tx
	Env  *Env
	Msg  Message
	Who  store.Who
	P    locales.Printer
	Outs []Out
	// note is prepended to the next reply to this chat (a hint such as
	// "that number is not on the list" travels with the list it refers to).
	note string
	// fresh is set when the person has no saved state: they have not seen
	// the greeting yet.
	Fresh bool
	// midStep is set when a customer is in the middle of a step that holds
	// something typed (checkout, a complaint): a message that does not fit
	// gets an answer there instead of the menu, so nothing typed is lost.
	MidStep bool
}

// reply queues a message to the chat the person wrote in.
func (t *turn) Reply(text string, options ...string) {
	t.Send(Out{To: Address{t.Msg.Channel, t.Msg.ChatID}, Text: text, Options: options})
}

// addNote adds a hint to the text that goes with the next reply.
func (t *turn) AddNote(note string) {
	if t.note == "" {
		t.note = note
		return
	}
	t.note += "\n\n" + note
}

// send queues a full Out.
func (t *turn) Send(o Out) {
	if t.note != "" && o.To == (Address{t.Msg.Channel, t.Msg.ChatID}) {
		o.Text = strings.TrimSpace(t.note + "\n\n" + o.Text)
		t.note = ""
	}
	t.Outs = append(t.Outs, o)
}

// state is a person's saved place in a flow, with the flow's data.
type state struct {
	Flow string
	Step string
	Data stateData

	Saved time.Time // when the state was last saved; zero for a new one
}

func (t *turn) load() (state, error) {
	c, err := t.Tx.Conversation(t.Msg.Channel, t.Msg.ChatID, t.Msg.UserID)
	if err != nil {
		return state{}, err
	}
	st := state{Flow: c.Flow, Step: c.Step, Saved: c.UpdatedAt}
	if c.Data != "" {
		if err := json.Unmarshal([]byte(c.Data), &st.Data); err != nil {
			// A state we cannot read is dropped rather than trapping the
			// person in it; they start again from the menu.
			t.Env.Log.Warn("unreadable conversation state dropped", "flow", c.Flow, "step", c.Step)
			return state{}, nil
		}
	}
	return st, nil
}

func (t *turn) save(st state) error {
	b, err := json.Marshal(st.Data)
	if err != nil {
		return err
	}
	return t.Tx.SetConversation(t.Msg.Channel, t.Msg.ChatID, t.Msg.UserID,
		store.Conversation{Flow: st.Flow, Step: st.Step, Data: string(b)})
}

// Pricing settings keys.
const (
	SettingPricing  = "pricing.rules"
	SettingShopName = "shop.name"
)

// rules returns the shop's markup rules (defaults when unset).
func (t *turn) Rules() (pricing.Rules, error) {
	raw, err := t.Tx.Setting(SettingPricing, "")
	if err != nil || raw == "" {
		return pricing.DefaultRules(), err
	}
	var r pricing.Rules
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return pricing.DefaultRules(), fmt.Errorf("pricing rules setting: %w", err)
	}
	return r, nil
}

// PriceFor is a variant's selling price for a tier: the owner's override,
// or the markup rules applied to the cost.
func PriceFor(r pricing.Rules, v store.Variant, tier string) (decimal.Decimal, error) {
	if tier == "reseller" {
		if v.ResellerPrice.Valid {
			return v.ResellerPrice.Decimal, nil
		}
		return r.Reseller.Price(v.Cost)
	}
	if v.Price.Valid {
		return v.Price.Decimal, nil
	}
	return r.Retail.Price(v.Cost)
}

// Settings of the shop's identity, read by every area.
const (
	// SettingShopPhone is the shop's phone, the sender on every label.
	SettingShopPhone = "shop.phone"
	// SettingOwnerLang is the language of the owner's texts ("id", "en").
	SettingOwnerLang = "owner.lang"
)

// Env is what every turn of one shop shares: the texts, the log, where
// generated media go, and how to take a backup.
type Env struct {
	Loc      *locales.Bundle
	Log      *slog.Logger // never given personal data
	MediaDir string
	// Backup returns a consistent copy of the books for /cadangan; nil =
	// not offered.
	Backup func(ctx context.Context) ([]byte, error)
}

// SystemTurn is a turn for a timer (a job): nobody spoke, texts default to
// Indonesian, and what it sends is in Outs.
func (e *Env) SystemTurn(ctx context.Context, tx *store.Tx) *turn {
	return &turn{Ctx: ctx, Tx: tx, Env: e, P: e.Loc.For(locales.ID), Msg: Message{Channel: "system", UserID: "jobs"}}
}
