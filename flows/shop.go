package flows

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/address"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// MaxTextRunes is the longest message a flow reads; longer ones get a kind
// answer instead of being parsed.
const MaxTextRunes = 4000

// Shop is the flows' entry point: it decides who is speaking and hands the
// message to that person's flow.
type Shop struct {
	*Env
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
	return &Shop{Env: &Env{Loc: cfg.Locales, Log: cfg.Log, MediaDir: cfg.MediaDir, Backup: cfg.Backup}}
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
	t := &turn{Ctx: ctx, Tx: tx, Env: s.Env, Msg: m, Who: who, P: s.Loc.For(lang)}
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
	Quotes      []QuoteChoice    `json:"quotes,omitempty"`
	Courier     *QuoteChoice     `json:"courier,omitempty"`
	Methods     []string         `json:"methods,omitempty"`
	SenderName  string           `json:"sender_name,omitempty"`
	SenderPhone string           `json:"sender_phone,omitempty"`
	WantCourier string           `json:"want_courier,omitempty"` // named in a format order
	WantService string           `json:"want_service,omitempty"`

	// The owner's catalogue tools (flows/admin_catalog*.go): the product
	// being added, and markup rules waiting for "YA" (JSON of pricing.Rules).
	Draft *ProductDraft `json:"draft,omitempty"`
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
