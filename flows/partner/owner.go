package partner

import (
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// The owner's /mitra: decide applications, take partners off and on,
// change kind, tier and code, list them. The router lets only the owner
// in (chat.RoleOwner).

// cmdOwner is the owner's /mitra <verb> ….
func (t *turn) cmdOwner(args string) error {
	verb, rest := chat.FirstWord(args)
	switch strings.ToLower(verb) {
	case "", "daftar", "list":
		return t.ownerList()
	case "terima", "setujui", "approve":
		return t.withPartner(rest, (*turn).approve)
	case "tolak", "decline":
		return t.withPartner(rest, (*turn).decline)
	case "henti", "hentikan", "suspend":
		return t.withPartner(rest, (*turn).suspend)
	case "aktifkan", "reinstate":
		return t.withPartner(rest, (*turn).reinstate)
	case "deposit", "saldo", "topup":
		return t.withPartner(rest, (*turn).topUp)
	case "tambah", "add":
		return t.add(rest)
	case "jenis", "kind":
		return t.withPartner(rest, (*turn).setKind)
	case "tier":
		return t.withPartner(rest, (*turn).setTier)
	case "kodebaru", "newcode":
		return t.withPartner(rest, (*turn).newCode)
	case "komisi", "commission":
		return t.setRule(rest)
	case "izinkan", "allow":
		return t.decideSelf(rest, true)
	case "tolakkomisi", "refuse":
		return t.decideSelf(rest, false)
	case "bayar", "pay":
		return t.payText(rest)
	case "target":
		return t.addTarget(rest)
	case "kinerja", "kpi":
		return t.kpis(rest)
	}
	t.Reply(t.P.T("partner.owner.help"))
	return nil
}

// withPartner finds the partner whose code starts args and runs f with
// the rest, answering when the code is unknown.
func (t *turn) withPartner(args string, f func(*turn, store.Partner, string) error) error {
	code, rest := chat.FirstWord(args)
	if code == "" {
		t.Reply(t.P.T("partner.owner.help"))
		return nil
	}
	p, ok, err := t.partnerByCode(code)
	if !ok || err != nil {
		return err
	}
	return f(t, p, rest)
}

func (t *turn) partnerByCode(code string) (store.Partner, bool, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if !store.ValidPartnerCode(code) {
		t.Reply(t.P.T("partner.err.unknown_code", "code", chat.Clip(code, 20)))
		return store.Partner{}, false, nil
	}
	p, err := t.Tx.PartnerByCode(code)
	if store.IsNotFound(err) {
		t.Reply(t.P.T("partner.err.unknown_code", "code", code))
		return store.Partner{}, false, nil
	}
	return p, err == nil, err
}

// tellPartner sends a text to a partner's private chat, in their language.
func (t *turn) tellPartner(p store.Partner, key string, args ...any) {
	t.tellPartnerOut(p, 0, key, args...)
}

func (t *turn) tellPartnerOut(p store.Partner, mediaID int64, key string, args ...any) {
	ch, id, ok, err := t.Tx.PartnerChat(p)
	if err != nil || !ok {
		if err != nil {
			t.Env.Log.Warn("partner chat lookup failed", "err", err)
		}
		return
	}
	pr := t.partnerTurn(p).P
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == "kind" {
			if v, ok := args[i+1].(string); ok {
				args[i+1] = pr.T("partner.kind." + v)
			}
		}
	}
	t.Send(chat.Out{To: chat.Address{Channel: ch, ChatID: id}, Text: pr.T(key, args...), MediaID: mediaID})
}

// conflict answers a decision that does not fit the partner's status.
func (t *turn) conflict(err error, p store.Partner) error {
	if store.ErrorCode(err) == store.EConflict || store.ErrorCode(err) == store.EInvalid {
		t.Reply(t.P.T("partner.owner.wrong_status", "code", p.Code, "status", t.P.T("partner.status."+p.Status)))
		return nil
	}
	return err
}

func (t *turn) approve(p store.Partner, _ string) error {
	if err := t.Tx.ApprovePartner(p.ID, t.Actor()); err != nil {
		return t.conflict(err, p)
	}
	return t.welcome(p)
}

// welcome sends a partner just taken on their code and links, and tells
// the owner it is done.
func (t *turn) welcome(p store.Partner) error {
	tg, wa, err := t.linksFor(p)
	if err != nil {
		return err
	}
	t.tellPartner(p, "partner.approved", "name", p.Name, "kind", p.Kind, "code", p.Code, "tg_link", tg, "wa_link", wa)
	t.Reply(t.P.T("partner.owner.approved", "code", p.Code, "name", p.Name))
	return ensureDaily(t.Tx)
}

// linksFor are a partner's links as the partner reads them (Indonesian
// text in the wa.me link: buyers write to an Indonesian shop).
func (t *turn) linksFor(p store.Partner) (string, string, error) {
	pt := &turn{&chat.Turn{Ctx: t.Ctx, Tx: t.Tx, Env: t.Env, P: t.Env.Loc.For(locales.ID), Msg: t.Msg, Who: t.Who}}
	return pt.links(p)
}

func (t *turn) decline(p store.Partner, reason string) error {
	if strings.TrimSpace(reason) == "" {
		t.Reply(t.P.T("partner.owner.need_reason", "example", "/mitra tolak "+p.Code+" "+t.P.T("partner.owner.reason_example")))
		return nil
	}
	if err := t.Tx.DeclinePartner(p.ID, t.Actor(), reason); err != nil {
		return t.conflict(err, p)
	}
	t.tellPartner(p, "partner.declined", "name", p.Name, "kind", p.Kind, "reason", reason)
	t.Reply(t.P.T("partner.owner.declined", "code", p.Code))
	return nil
}

func (t *turn) suspend(p store.Partner, reason string) error {
	if strings.TrimSpace(reason) == "" {
		t.Reply(t.P.T("partner.owner.need_reason", "example", "/mitra henti "+p.Code+" "+t.P.T("partner.owner.reason_example")))
		return nil
	}
	if err := t.Tx.SuspendPartner(p.ID, t.Actor(), reason); err != nil {
		return t.conflict(err, p)
	}
	t.tellPartner(p, "partner.suspended", "name", p.Name, "reason", reason)
	t.Reply(t.P.T("partner.owner.suspended", "code", p.Code))
	return nil
}

func (t *turn) reinstate(p store.Partner, _ string) error {
	if err := t.Tx.ReinstatePartner(p.ID, t.Actor()); err != nil {
		return t.conflict(err, p)
	}
	t.tellPartner(p, "partner.reinstated", "name", p.Name, "code", p.Code)
	t.Reply(t.P.T("partner.owner.reinstated", "code", p.Code))
	return nil
}

func (t *turn) setKind(p store.Partner, rest string) error {
	k := kindWord(rest)
	if k == "" {
		t.Reply(t.P.T("partner.owner.kind_how", "code", p.Code))
		return nil
	}
	if err := t.Tx.SetPartnerKind(p.ID, k, t.Actor()); err != nil {
		return err
	}
	t.Reply(t.P.T("partner.owner.kind_set", "code", p.Code, "kind", t.P.T("partner.kind."+k)))
	return nil
}

func (t *turn) setTier(p store.Partner, rest string) error {
	tier := strings.TrimSpace(rest)
	if tier == "-" {
		tier = ""
	}
	if len(tier) > 32 {
		t.Reply(t.P.T("partner.owner.tier_how", "code", p.Code))
		return nil
	}
	if err := t.Tx.SetPartnerTier(p.ID, tier, t.Actor()); err != nil {
		return err
	}
	t.Reply(t.P.T("partner.owner.tier_set", "code", p.Code, "tier", tier))
	return nil
}

func (t *turn) newCode(p store.Partner, rest string) error {
	code := strings.ToUpper(strings.TrimSpace(rest))
	if !store.ValidPartnerCode(code) {
		t.Reply(t.P.T("partner.err.code_invalid"))
		return nil
	}
	if err := t.Tx.SetPartnerCode(p.ID, code); store.ErrorCode(err) == store.EConflict {
		suggest, serr := t.Tx.SuggestPartnerCode(p.Name)
		if serr != nil {
			return serr
		}
		t.Reply(t.P.T("partner.err.code_taken", "code", code, "suggest", suggest))
		return nil
	} else if err != nil {
		return err
	}
	p.Code = code
	if p.Status == store.PartnerActive {
		tg, wa, err := t.linksFor(p)
		if err != nil {
			return err
		}
		t.tellPartner(p, "partner.new_code", "code", code, "tg_link", tg, "wa_link", wa)
	}
	t.Reply(t.P.T("partner.owner.code_set", "code", code))
	return nil
}

// ownerList lists the partners, those waiting first, then who is owed.
func (t *turn) ownerList() error {
	var b strings.Builder
	all, err := t.Tx.Partners("", "")
	if err != nil {
		return err
	}
	b.WriteString(t.P.T("partner.owner.list_head", "count", len(all)))
	for _, p := range all {
		b.WriteString("\n" + t.P.T("partner.owner.list_line", "code", p.Code, "name", p.Name,
			"kind", t.P.T("partner.kind."+p.Kind), "status", t.P.T("partner.status."+p.Status)))
	}
	owed, err := t.Tx.PartnersOwed()
	if err != nil {
		return err
	}
	if len(owed) > 0 {
		b.WriteString("\n\n" + t.P.T("partner.owner.owed_head"))
		for _, o := range owed {
			b.WriteString("\n" + t.P.T("partner.owner.payable_line", "code", o.Partner.Code, "name", o.Partner.Name,
				"payable", locales.FormatRupiah(o.Payable), "bank", o.Partner.BankName, "account", o.Partner.AccountNumber,
				"holder", o.Partner.AccountName))
		}
	}
	review, err := t.Tx.PartnerOrdersInReview()
	if err != nil {
		return err
	}
	if len(review) > 0 {
		b.WriteString("\n\n" + t.P.T("partner.owner.review_head"))
		for _, r := range review {
			b.WriteString("\n" + t.P.T("partner.owner.review_line", "order", r.OrderCode, "code", r.PartnerCode,
				"commission", locales.FormatRupiah(r.Commission)))
		}
	}
	b.WriteString("\n\n" + t.P.T("partner.owner.help"))
	t.Reply(b.String())
	return nil
}

// add is /mitra tambah <reseller|afiliasi> <id> <HP> <nama…>: the owner
// takes on someone who has chatted with the shop, without an application
// (id as for /admin: telegram:123…, whatsapp:0812…). The payout account
// can follow with the partner's /mitra.
func (t *turn) add(args string) error {
	f := strings.Fields(args)
	if len(f) < 4 || kindWord(f[0]) == "" {
		t.Reply(t.P.T("partner.owner.add_how"))
		return nil
	}
	ch, id, err := locales.ParseStaffID(f[1])
	if c, raw, ok := strings.Cut(f[1], ":"); err != nil && ok && c == t.Msg.Channel && raw != "" {
		ch, id, err = c, raw, nil // a raw id of the owner's own channel, as /admin takes it
	}
	if err != nil {
		t.Reply(t.P.T("partner.owner.add_bad_id", "input", chat.Clip(f[1], 40)) + "\n" + t.P.T("partner.owner.add_how"))
		return nil
	}
	phone, err := locales.NormalizePhone(f[2])
	if err != nil {
		t.Reply(t.P.T("partner.apply.bad_phone", "input", chat.Clip(f[2], 30)) + "\n" + t.P.T("partner.owner.add_how"))
		return nil
	}
	name := strings.Join(f[3:], " ")
	if len([]rune(name)) > 60 {
		t.Reply(t.P.T("partner.apply.bad_name"))
		return nil
	}
	cid, ok, err := t.Tx.CustomerOf(ch, id)
	if err != nil {
		return err
	}
	if !ok {
		t.Reply(t.P.T("partner.owner.add_unknown"))
		return nil
	}
	code, err := t.Tx.SuggestPartnerCode(name)
	if err != nil {
		return err
	}
	p := store.Partner{CustomerID: cid, Kind: kindWord(f[0]), Name: name, Phone: phone, Code: code}
	if err := t.Tx.AddPartner(&p, t.Actor()); store.ErrorCode(err) == store.EConflict {
		old, oerr := t.Tx.PartnerOfCustomer(cid)
		if oerr != nil {
			return oerr
		}
		t.Reply(t.P.T("partner.owner.wrong_status", "code", old.Code, "status", t.P.T("partner.status."+old.Status)))
		return nil
	} else if err != nil {
		return err
	}
	return t.welcome(p)
}
