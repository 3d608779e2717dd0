package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	"github.com/dropbot/dropbot/flows/pricing"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// Turn is one message being handled: who spoke, in which language, and the
// replies gathered so far. Every area works on a Turn (each wraps it in its
// own small type to hang its methods on).
type Turn struct {
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
	// Again asks the question of the step the customer is in once more
	// (nil: none). Stay ends its answer with it, so a question typed at a
	// step ("ongkir ke bekasi?" while asked how many) is answered and the
	// step's own question follows in the same message.
	Again func() error

	// conv is the saved conversation, read once per turn (see state.go).
	conv   store.Conversation
	loaded bool
}

// Reply queues a message to the chat the person wrote in.
func (t *Turn) Reply(text string, options ...string) {
	t.Send(Out{To: Address{t.Msg.Channel, t.Msg.ChatID}, Text: text, Options: options})
}

// AddNote adds a hint to the text that goes with the next reply.
func (t *Turn) AddNote(note string) {
	if t.note == "" {
		t.note = note
		return
	}
	t.note += "\n\n" + note
}

// Send queues a full Out.
func (t *Turn) Send(o Out) {
	if t.note != "" && o.To == (Address{t.Msg.Channel, t.Msg.ChatID}) {
		o.Text = strings.TrimSpace(t.note + "\n\n" + o.Text)
		t.note = ""
	}
	t.Outs = append(t.Outs, o)
}

// Settings keys every area reads.
const (
	SettingPricing  = "pricing.rules"
	SettingShopName = "shop.name"
)

// Rules returns the shop's markup rules (defaults when unset).
func (t *Turn) Rules() (pricing.Rules, error) {
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
	// Reg is what the areas registered: commands, steps, jobs, settings.
	Reg *Registry
	// Shipping is the live ongkir providers' base URLs, keys and timeout
	// (the owner's pick and key come from the settings); the zero value
	// prices from the owner's table only.
	Shipping shipping.Config
}

// SystemTurn is a turn for a timer (a job): nobody spoke, texts default to
// Indonesian, and what it sends is in Outs.
func (e *Env) SystemTurn(ctx context.Context, tx *store.Tx) *Turn {
	return &Turn{Ctx: ctx, Tx: tx, Env: e, P: e.Loc.For(locales.ID), Msg: Message{Channel: "system", UserID: "jobs"}}
}
