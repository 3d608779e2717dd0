package partner

import (
	"strings"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// The enrolment: /daftar reseller|afiliasi (or /mitra for someone who is
// not a partner yet), then name, phone and payout account. The owner gets
// a card with the code to approve or decline.

// kindWord reads the kind a person typed ("reseller", "afiliasi", …).
func kindWord(w string) string {
	switch chat.Normalize(w) {
	case "reseller", "resseler", "reseler", "agen":
		return store.PartnerReseller
	case "afiliasi", "affiliate", "afiliate", "affiliasi", "mitra afiliasi":
		return store.PartnerAffiliate
	}
	return ""
}

// cmdApply is /daftar [reseller|afiliasi].
func (t *turn) cmdApply(args string) error {
	p, err := t.Tx.PartnerOfCustomer(t.Who.CustomerID)
	if err != nil && !store.IsNotFound(err) {
		return err
	}
	if err == nil && p.Status != store.PartnerDeclined {
		t.Reply(t.P.T("partner.apply.already", "kind", t.P.T("partner.kind."+p.Kind), "status", t.P.T("partner.status."+p.Status)))
		return nil
	}
	st := state{Flow: FlowApply, Step: StepKind}
	if k := kindWord(args); k != "" {
		st.Data.Kind, st.Step = k, StepName
		t.Reply(t.P.T("partner.apply.ask_name"))
		return t.save(st)
	}
	t.Reply(t.P.T("partner.apply.ask_kind"), t.kindLabels()...)
	return t.save(st)
}

func (t *turn) kindLabels() []string {
	return []string{t.P.T("partner.apply.opt_reseller"), t.P.T("partner.apply.opt_affiliate")}
}

// onKind answers "which kind?".
func (t *turn) onKind(st state, text string) error {
	k := kindWord(text)
	if k == "" {
		switch chat.Choose(text, t.kindLabels()) {
		case 0:
			k = store.PartnerReseller
		case 1:
			k = store.PartnerAffiliate
		}
	}
	if k == "" {
		t.Reply(t.P.T("partner.apply.bad_kind")+"\n\n"+t.P.T("partner.apply.ask_kind"), t.kindLabels()...)
		return nil
	}
	st.Data.Kind, st.Step = k, StepName
	t.Reply(t.P.T("partner.apply.ask_name"))
	return t.save(st)
}

// onName takes the applicant's name.
func (t *turn) onName(st state, text string) error {
	name := strings.Join(strings.Fields(text), " ")
	if n := utf8.RuneCountInString(name); n < 2 || n > 60 || chat.IsNumber(name) {
		return t.Stay(t.P.T("partner.apply.bad_name") + "\n" + t.P.T("partner.apply.ask_name"))
	}
	st.Data.Name, st.Step = name, StepPhone
	t.Reply(t.P.T("partner.apply.ask_phone"))
	return t.save(st)
}

// onPhone takes the applicant's phone.
func (t *turn) onPhone(st state, text string) error {
	ph, err := locales.NormalizePhone(text)
	if err != nil {
		return t.Stay(t.P.T("partner.apply.bad_phone", "input", chat.Clip(text, 30)) + "\n" + t.P.T("partner.apply.ask_phone"))
	}
	st.Data.Phone, st.Step = ph, StepBank
	t.Reply(t.P.T("partner.apply.ask_bank"))
	return t.save(st)
}

// parseBank reads "BCA 1234567890 Sari Wulandari": a bank word, a number
// of 5 to 20 digits (spaces and dashes inside it allowed), a holder.
func parseBank(text string) (bank, number, holder string, ok bool) {
	f := strings.Fields(text)
	if len(f) < 3 || utf8.RuneCountInString(f[0]) > 30 {
		return "", "", "", false
	}
	bank = strings.ToUpper(f[0])
	i := 1
	var digits strings.Builder
	for ; i < len(f); i++ {
		w := strings.ReplaceAll(f[i], "-", "")
		if w == "" || strings.Trim(w, "0123456789") != "" {
			break
		}
		digits.WriteString(w)
	}
	number = digits.String()
	holder = strings.Join(f[i:], " ")
	if len(number) < 5 || len(number) > 20 || holder == "" || utf8.RuneCountInString(holder) > 60 {
		return "", "", "", false
	}
	return bank, number, holder, true
}

// onBank takes the payout account and files the application.
func (t *turn) onBank(st state, text string) error {
	bank, number, holder, ok := parseBank(text)
	if !ok {
		return t.Stay(t.P.T("partner.apply.bad_bank") + "\n" + t.P.T("partner.apply.ask_bank"))
	}
	if st.Data.Kind == "" || st.Data.Name == "" || st.Data.Phone == "" {
		return t.cmdApply("") // a state from elsewhere: start again
	}
	code, err := t.Tx.SuggestPartnerCode(st.Data.Name)
	if err != nil {
		return err
	}
	p := store.Partner{CustomerID: t.Who.CustomerID, Kind: st.Data.Kind, Name: st.Data.Name, Phone: st.Data.Phone,
		BankName: bank, AccountNumber: number, AccountName: holder, Code: code}
	if err := t.Tx.ApplyPartner(&p); err != nil {
		if store.ErrorCode(err) == store.EConflict {
			t.Reply(t.P.T("partner.apply.already", "kind", t.P.T("partner.kind."+st.Data.Kind), "status", t.P.T("partner.status.pending")))
			return t.SaveMenu()
		}
		return err
	}
	kind := t.P.T("partner.kind." + p.Kind)
	t.Reply(t.P.T("partner.apply.sent", "name", p.Name, "kind", kind))
	op := t.OwnerPrinter()
	t.TellOwners(chat.Ref{Kind: RefKind, ID: p.Code}, op.T("partner.owner.new_application", "kind", op.T("partner.kind."+p.Kind),
		"name", p.Name, "phone", locales.LocalPhone(p.Phone), "code", p.Code))
	return t.SaveMenu()
}
