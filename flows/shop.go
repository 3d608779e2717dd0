package flows

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/aftersales"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/console"
	"github.com/dropbot/dropbot/flows/handoff"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/flows/partner"
	"github.com/dropbot/dropbot/flows/refund"
	"github.com/dropbot/dropbot/flows/relay"
	"github.com/dropbot/dropbot/flows/shipping"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// MaxTextRunes is the longest message a flow reads; longer ones get a kind
// answer instead of being parsed.
const MaxTextRunes = 4000

// Shop is the flows' entry point: it decides who is speaking and hands the
// message to that person's flow.
type Shop struct {
	*chat.Env
	table *tableGate // Prepare's memory that ongkir comes from the owner's table
}

// register builds the registry: each area adds its commands, steps, jobs,
// settings and help sections. The order of the calls is the order of the
// owner's /bantuan and /atur.
func register() *chat.Registry {
	r := chat.NewRegistry()
	console.Register(r)
	order.Register(r)
	handoff.Register(r)
	relay.Register(r)
	aftersales.Register(r)
	partner.Register(r)
	refund.Register(r)
	return r
}

// Config configures the flows.
type Config struct {
	Locales  *locales.Bundle // nil = locales.Default()
	Log      *slog.Logger    // nil = slog.Default(); never given personal data
	MediaDir string          // where generated images (QRIS) are stored
	// Backup returns a consistent copy of the books for /cadangan (cmd
	// passes store.DB.BackupBytes); nil = not offered.
	Backup func(ctx context.Context) ([]byte, error)
	// Shipping is the live ongkir and tracking providers (cmd reads it
	// with shipping.ConfigFromEnv for run and play alike).
	Shipping shipping.Config
}

// NewShop builds the flows.
func NewShop(cfg Config) *Shop {
	if cfg.Locales == nil {
		cfg.Locales = locales.Default()
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Shop{Env: &chat.Env{Loc: cfg.Locales, Log: cfg.Log, MediaDir: cfg.MediaDir, Backup: cfg.Backup, Reg: register(),
		Shipping: cfg.Shipping}, table: &tableGate{}}
}

// Handle routes one message. Bad input is answered, never returned as an
// error; an error means the books could not be read or written.
func (s *Shop) Handle(ctx context.Context, tx *store.Tx, m chat.Message) ([]chat.Out, error) {
	who, err := tx.Resolve(m.Channel, m.ChatID, m.Group, m.UserID, m.UserName)
	if err != nil {
		return nil, fmt.Errorf("resolve: %w", err)
	}
	lang, ok := locales.ParseLang(who.Lang)
	if !ok {
		lang = locales.ID
	}
	t := &chat.Turn{Ctx: ctx, Tx: tx, Env: s.Env, Msg: m, Who: who, P: s.Loc.For(lang)}
	m.Text = strings.TrimSpace(strings.ToValidUTF8(m.Text, ""))
	t.Msg.Text = m.Text
	if utf8.RuneCountInString(m.Text) > MaxTextRunes {
		if !m.Group {
			t.Reply(t.P.T("common.too_long"))
		}
		return t.Outs, nil
	}
	if err := route(t); err != nil {
		return nil, err
	}
	// What happened, never what was said or who said it (UU PDP).
	s.Log.Debug("handled", "channel", m.Channel, "group", m.Group, "staff", who.Staff != "",
		"media", m.Media != nil, "replies", len(t.Outs))
	return t.Outs, nil
}

// Failed is the apology for a message the engine had to give up on.
func (s *Shop) Failed(ctx context.Context, tx *store.Tx, m chat.Message) []chat.Out {
	if m.Group {
		return nil
	}
	lang, err := tx.SpeakerLang(m.Channel, m.UserID)
	if err != nil {
		lang = string(locales.ID) // the apology matters more than its language
	}
	l, _ := locales.ParseLang(lang)
	return []chat.Out{{To: chat.Address{Channel: m.Channel, ChatID: m.ChatID}, Text: s.Loc.For(l).T("common.failed")}}
}

// Job runs a due timer with the handler its area registered. Each handler
// re-checks what the timer is about: one whose order moved on does nothing.
func (s *Shop) Job(ctx context.Context, tx *store.Tx, j store.Job) ([]chat.Out, error) {
	f, ok := s.Reg.JobFor(j.Kind)
	if !ok {
		s.Log.Warn("unknown job kind finished without action", "kind", j.Kind)
		return nil, nil
	}
	return f(s.Env, ctx, tx, j)
}

// The message types of the flows, for the channel-neutral edge (bot).
type (
	Message = chat.Message
	Media   = chat.Media
	Ref     = chat.Ref
	Address = chat.Address
	Out     = chat.Out
)

// Media kinds of an incoming attachment.
const (
	MediaPhoto    = chat.MediaPhoto
	MediaVideo    = chat.MediaVideo
	MediaDocument = chat.MediaDocument
	MediaSticker  = chat.MediaSticker
	MediaVoice    = chat.MediaVoice
	MediaOther    = chat.MediaOther
)

// EnsureClaimCode returns the one-time code that makes its sender the
// owner, creating it when the shop has no owner yet ("" once one exists).
func EnsureClaimCode(tx *store.Tx) (string, error) { return console.EnsureClaimCode(tx) }

// CommandNames lists the names of a role's commands as the areas register
// them (sorted), for the platforms' command menus.
func CommandNames(role chat.Role) []string { return register().CommandNames(role) }

// OwnerLang is the language the owner chose for the staff's notices
// (/atur bahasa), for the engine's own notices to owners.
func OwnerLang(tx *store.Tx) (locales.Lang, error) { return chat.OwnerLang(tx) }
