package console

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

// settingBroadcastDraft holds the broadcast waiting for the owner's
// confirmation: {"text": …, "by": "channel:user", "at": unix ms}.
const settingBroadcastDraft = "broadcast.draft"

type broadcastDraft struct {
	Text string `json:"text"`
	By   string `json:"by"`
	At   int64  `json:"at"` // when it was written; a draft older than ownerWizardTTL is not sent
}

// cmdBroadcast is /siaran: "/siaran teks" shows a preview and keeps the
// text as a draft, "/siaran ya" sends the draft, "/siaran batal" drops it,
// "/siaran" alone tells how it works and how many would receive it.
//
// A broadcast goes only to customers who opted in (customers.opt_in), on
// identities that wrote to the bot themselves (the only identities the
// books hold), still reachable and not staff; each message goes through the
// outbox, which paces the sending per channel. Broadcasts are off until the
// owner turns them on (/atur siaran on): bulk messages put a WhatsApp
// number at risk.
func (t *turn) cmdBroadcast(args string) error {
	if err := t.UseOwnerLang(); err != nil {
		return err
	}
	on, err := Broadcast.Read(t.Tx)
	if err != nil {
		return err
	}
	if on != "on" {
		t.Reply(t.P.T("broadcast.disabled"))
		return nil
	}
	audience, err := t.Tx.BroadcastAudience()
	if err != nil {
		return err
	}
	switch chat.Normalize(args) {
	case "":
		t.Reply(t.P.T("broadcast.how", "count", len(audience)))
		return nil
	case "ya", "yes", "kirim", "send", "ok":
		return t.sendBroadcast(audience)
	case "batal", "cancel", "batalkan":
		if err := t.Tx.SetSetting(settingBroadcastDraft, ""); err != nil {
			return err
		}
		t.Reply(t.P.T("broadcast.cancelled"))
		return nil
	}
	if len(audience) == 0 {
		t.Reply(t.P.T("broadcast.no_audience"))
		return nil
	}
	b, err := json.Marshal(broadcastDraft{Text: strings.TrimSpace(args), By: t.Actor(), At: t.Tx.Now().UnixMilli()})
	if err != nil {
		return err
	}
	if err := t.Tx.SetSetting(settingBroadcastDraft, string(b)); err != nil {
		return err
	}
	tg, wa, other := 0, 0, 0
	for _, r := range audience {
		switch r.Channel {
		case "telegram":
			tg++
		case "whatsapp":
			wa++
		default:
			other++
		}
	}
	t.Reply(t.P.T("broadcast.preview", "count", len(audience), "telegram", tg, "whatsapp", wa, "other", other,
		"text", strings.TrimSpace(args)))
	return nil
}

// sendBroadcast queues the draft to the audience and clears it, so a second
// "/siaran ya" sends nothing.
func (t *turn) sendBroadcast(audience []store.Recipient) error {
	raw, err := t.Tx.Setting(settingBroadcastDraft, "")
	if err != nil {
		return err
	}
	var d broadcastDraft
	if raw == "" || json.Unmarshal([]byte(raw), &d) != nil || d.Text == "" {
		t.Reply(t.P.T("broadcast.no_draft"))
		return nil
	}
	if err := t.Tx.SetSetting(settingBroadcastDraft, ""); err != nil {
		return err
	}
	// A "/siaran ya" hours later is not a confirmation of a text nobody
	// has looked at since: it goes only after a fresh preview.
	if t.Tx.Now().Sub(time.UnixMilli(d.At)) > ownerWizardTTL {
		t.Reply(t.P.T("broadcast.draft_expired", "hours", int(ownerWizardTTL/time.Hour)))
		return nil
	}
	if len(audience) == 0 {
		t.Reply(t.P.T("broadcast.no_audience"))
		return nil
	}
	for _, r := range audience {
		t.Send(chat.Out{To: chat.Address{Channel: r.Channel, ChatID: r.ChatID}, Text: d.Text})
	}
	t.Reply(t.P.T("broadcast.sent", "count", len(audience)))
	return nil
}
