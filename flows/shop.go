package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/flows/pricing"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// MaxTextRunes is the longest message a flow reads; longer ones get a kind
// answer instead of being parsed.
const MaxTextRunes = 4000

// Shop is the flows' entry point: it decides who is speaking and hands the
// message to that person's flow.
type Shop struct {
	Loc      *locales.Bundle
	Log      *slog.Logger
	MediaDir string
	Backup   func(ctx context.Context) ([]byte, error)
}

// Config configures the flows.
type Config struct {
	Locales  *locales.Bundle // nil = locales.Default()
	Log      *slog.Logger    // nil = slog.Default(); never given personal data
	MediaDir string          // where generated images (QRIS) are stored
	// Backup returns a consistent copy of the books for /cadangan (cmd
	// passes store.DB.BackupBytes); nil = not offered.
	Backup func(ctx context.Context) ([]byte, error)
}

// NewShop builds the flows.
func NewShop(cfg Config) *Shop {
	if cfg.Locales == nil {
		cfg.Locales = locales.Default()
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Shop{Loc: cfg.Locales, Log: cfg.Log, MediaDir: cfg.MediaDir, Backup: cfg.Backup}
}

// turn is one message being handled: who spoke, in which language, and the
// replies gathered so far.
type turn struct {
	Ctx  context.Context
	Tx   *store.Tx
	Env  *Shop
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

// Handle routes one message. Bad input is answered, never returned as an
// error; an error means the books could not be read or written.
func (s *Shop) Handle(ctx context.Context, tx *store.Tx, m Message) ([]Out, error) {
	who, err := tx.Resolve(m.Channel, m.ChatID, m.Group, m.UserID, m.UserName)
	if err != nil {
		return nil, fmt.Errorf("resolve: %w", err)
	}
	lang, ok := locales.ParseLang(who.Lang)
	if !ok {
		lang = locales.ID
	}
	t := &turn{Ctx: ctx, Tx: tx, Env: s, Msg: m, Who: who, P: s.Loc.For(lang)}
	m.Text = strings.TrimSpace(strings.ToValidUTF8(m.Text, ""))
	t.Msg.Text = m.Text
	if utf8.RuneCountInString(m.Text) > MaxTextRunes {
		if !m.Group {
			t.Reply(t.P.T("common.too_long"))
		}
		return t.Outs, nil
	}
	switch {
	case m.Group:
		err = t.group()
	case who.IsStaff():
		err = t.staff()
	default:
		err = t.customer()
	}
	if err != nil {
		return nil, err
	}
	// What happened, never what was said or who said it (UU PDP).
	s.Log.Debug("handled", "channel", m.Channel, "group", m.Group, "staff", who.Staff != "",
		"media", m.Media != nil, "replies", len(t.Outs))
	return t.Outs, nil
}

// Failed is the apology for a message the engine had to give up on.
func (s *Shop) Failed(ctx context.Context, tx *store.Tx, m Message) []Out {
	if m.Group {
		return nil
	}
	return []Out{{To: Address{m.Channel, m.ChatID}, Text: s.Loc.For(locales.ID).T("common.failed")}}
}

// state is a person's saved place in a flow, with the flow's data.
type state struct {
	Flow string
	Step string
	Data stateData

	Saved time.Time // when the state was last saved; zero for a new one
}

// stateData is everything a flow keeps between messages. One struct for all
// flows keeps the JSON explicit and versionable.
type stateData struct {
	Category *string `json:"category,omitempty"`
	Query    string  `json:"query,omitempty"`
	Offset   int     `json:"offset,omitempty"`
	Product  int64   `json:"product,omitempty"`
	// Choices maps the numbers of the last menu to ids (products, categories).
	Choices []string `json:"choices,omitempty"`
	// Nav holds the navigation options after the choices ("next", "prev", "back").
	Nav []string `json:"nav,omitempty"`

	// Ordering.
	Variant     int64            `json:"variant,omitempty"`
	Item        int64            `json:"item,omitempty"`
	Name        string           `json:"name,omitempty"`
	Phone       string           `json:"phone,omitempty"`
	Addr        *address.Address `json:"addr,omitempty"`
	Quotes      []quoteChoice    `json:"quotes,omitempty"`
	Courier     *quoteChoice     `json:"courier,omitempty"`
	Methods     []string         `json:"methods,omitempty"`
	SenderName  string           `json:"sender_name,omitempty"`
	SenderPhone string           `json:"sender_phone,omitempty"`
	WantCourier string           `json:"want_courier,omitempty"` // named in a format order
	WantService string           `json:"want_service,omitempty"`

	// The owner's catalogue tools (flows/admin_catalog*.go): the product
	// being added, and markup rules waiting for "YA" (JSON of pricing.Rules).
	Draft *productDraft `json:"draft,omitempty"`
	Rules string        `json:"rules,omitempty"`

	// The supplier relay: the order whose out-of-stock items the customer
	// is deciding about (flows/supplier_customer.go).
	HabisOrder string `json:"habis_order,omitempty"`

	// After-sales (flows/aftersales*.go): the order complained about, the
	// reason picked, and the ticket opened.
	TicketOrder  string `json:"ticket_order,omitempty"`
	TicketReason string `json:"ticket_reason,omitempty"`
	TicketCode   string `json:"ticket_code,omitempty"`
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
