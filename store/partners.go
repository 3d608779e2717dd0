package store

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Partner kinds.
const (
	PartnerReseller  = "reseller"  // buys at the reseller price, sells on under their own name
	PartnerAffiliate = "affiliate" // promotes with a personal code, earns a commission per sale
)

// Partner statuses.
const (
	PartnerPending   = "pending"   // applied, waiting for the owner
	PartnerActive    = "active"    // taken on
	PartnerDeclined  = "declined"  // the owner said no, with a reason
	PartnerSuspended = "suspended" // taken off for now: the code no longer attributes
)

// Attribution sources: how a customer arrived with a partner's code.
const (
	ArrivedStart  = "start"   // Telegram /start CODE from the partner's link
	ArrivedCode   = "code"    // typed the code
	ArrivedWAText = "wa_text" // the wa.me link's prefilled text holding the code
	ArrivedOwner  = "owner"   // the owner assigned the customer
)

// Settings the partner books read (the chat layer registers them for /atur).
const (
	SettingPartnerWindowDays = "partner.window_days" // attribution window, default 30
	SettingPartnerHoldDays   = "partner.hold_days"   // days after completion a commission is held, default 7
	SettingPartnerMinPayout  = "partner.min_payout"  // the smallest payout in rupiah, default 0
)

// PartnerCodeLength is the length of a generated partner code.
const PartnerCodeLength = 6

// Partner is a reseller or affiliate of the shop. Name, phone and bank
// details are personal data: never log them.
type Partner struct {
	ID            int64
	CustomerID    int64
	Kind          string
	Tier          string
	Status        string
	Name          string
	Phone         string
	BankName      string
	AccountNumber string
	AccountName   string
	Code          string
	CreatedAt     time.Time
	DecidedBy     string
	DecidedAt     time.Time
	DeclineReason string
}

// ValidPartnerCode reports whether code may be a partner's code: 3 to 64
// characters of A-Z a-z 0-9 _ -, so it travels as a Telegram start payload
// and survives being typed.
func ValidPartnerCode(code string) bool {
	if len(code) < 3 || len(code) > 64 {
		return false
	}
	for _, r := range code {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
		default:
			return false
		}
	}
	return true
}

// NewPartnerCode draws a random code of PartnerCodeLength characters of the
// order-code alphabet from r.
func NewPartnerCode(r io.Reader) (string, error) {
	code, err := randomCode(r, PartnerCodeLength)
	if err != nil {
		return "", fmt.Errorf("partner code: %w", err)
	}
	return code, nil
}

func validKind(kind string) bool { return kind == PartnerReseller || kind == PartnerAffiliate }

// ApplyPartner records a customer's application (status pending) and gives
// it a fresh code, or p.Code when the owner chose one. A customer has at
// most one partner row: applying again after a decline reopens it.
func (tx *Tx) ApplyPartner(p *Partner) error {
	p.Status = PartnerPending
	return tx.insertPartner(p)
}

// AddPartner is the owner taking someone on directly: the row is active at
// once, decided by actor; a reseller's customer tier becomes reseller.
func (tx *Tx) AddPartner(p *Partner, actor string) error {
	if actor == "" {
		return Errorf(EInvalid, "adding a partner needs an actor")
	}
	p.Status = PartnerActive
	p.DecidedBy, p.DecidedAt = actor, tx.now
	if err := tx.insertPartner(p); err != nil {
		return err
	}
	if err := tx.logStatus("partner", p.ID, "", PartnerActive, actor, ""); err != nil {
		return err
	}
	return tx.syncResellerTier(p.CustomerID, p.Kind, p.Status)
}

func (tx *Tx) insertPartner(p *Partner) error {
	switch {
	case p.CustomerID == 0:
		return Errorf(EInvalid, "a partner needs a customer")
	case !validKind(p.Kind):
		return Errorf(EInvalid, "unknown partner kind %q", p.Kind)
	case p.Code != "" && !ValidPartnerCode(p.Code):
		return Errorf(EInvalid, "a partner code is 3-64 characters of A-Z, 0-9, _ and -")
	}
	old, err := tx.PartnerOfCustomer(p.CustomerID)
	switch {
	case err == nil && old.Status != PartnerDeclined:
		return Errorf(EConflict, "customer %d is a partner already (%s)", p.CustomerID, old.Status)
	case err == nil:
		// Reapplying after a decline: the same row, the same code.
		p.ID, p.Code, p.CreatedAt = old.ID, old.Code, tx.now
		_, err := tx.exec(`UPDATE partners SET kind = ?, tier = ?, status = ?, name = ?, phone = ?, bank_name = ?,
			account_number = ?, account_name = ?, created_at = ?, decided_by = ?, decided_at = ?, decline_reason = ''
			WHERE id = ?`, p.Kind, p.Tier, p.Status, p.Name, p.Phone, p.BankName, p.AccountNumber, p.AccountName,
			ms(tx.now), p.DecidedBy, nullTime(p.DecidedAt), p.ID)
		if err != nil {
			return fmt.Errorf("reapply partner: %w", err)
		}
		return nil
	case !IsNotFound(err):
		return err
	}
	chosen := p.Code != ""
	for attempt := 0; ; attempt++ {
		if !chosen {
			if p.Code, err = NewPartnerCode(tx.rand); err != nil {
				return err
			}
		}
		res, err := tx.exec(`INSERT INTO partners (customer_id, kind, tier, status, name, phone, bank_name,
			account_number, account_name, code, created_at, decided_by, decided_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.CustomerID, p.Kind, p.Tier, p.Status, p.Name, p.Phone,
			p.BankName, p.AccountNumber, p.AccountName, p.Code, ms(tx.now), p.DecidedBy, nullTime(p.DecidedAt))
		if isUnique(err) && !chosen && attempt < 10 {
			continue // the code was taken: draw again
		}
		if isUnique(err) {
			return Errorf(EConflict, "partner code %q is taken", p.Code)
		}
		if err != nil {
			return fmt.Errorf("add partner: %w", err)
		}
		p.CreatedAt = tx.now
		p.ID, err = res.LastInsertId()
		return err
	}
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ms(t)
}

// ApprovePartner takes a pending applicant on; a reseller's customer tier
// becomes reseller.
func (tx *Tx) ApprovePartner(id int64, actor string) error {
	p, err := tx.decidePartner(id, PartnerPending, PartnerActive, actor, "")
	if err != nil {
		return err
	}
	return tx.syncResellerTier(p.CustomerID, p.Kind, p.Status)
}

// DeclinePartner turns an application down with a reason the applicant reads.
func (tx *Tx) DeclinePartner(id int64, actor, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return Errorf(EInvalid, "declining needs a reason")
	}
	_, err := tx.decidePartner(id, PartnerPending, PartnerDeclined, actor, reason)
	return err
}

// SuspendPartner takes an active partner off (their code stops
// attributing; commissions already earned stay); a suspended reseller goes
// back to retail prices.
func (tx *Tx) SuspendPartner(id int64, actor, reason string) error {
	p, err := tx.decidePartner(id, PartnerActive, PartnerSuspended, actor, reason)
	if err != nil {
		return err
	}
	return tx.syncResellerTier(p.CustomerID, p.Kind, p.Status)
}

// ReinstatePartner makes a suspended partner active again.
func (tx *Tx) ReinstatePartner(id int64, actor string) error {
	p, err := tx.decidePartner(id, PartnerSuspended, PartnerActive, actor, "")
	if err != nil {
		return err
	}
	return tx.syncResellerTier(p.CustomerID, p.Kind, p.Status)
}

func (tx *Tx) decidePartner(id int64, from, to, actor, reason string) (Partner, error) {
	if actor == "" {
		return Partner{}, Errorf(EInvalid, "a partner decision needs an actor")
	}
	reasonCol := ""
	if to == PartnerDeclined {
		reasonCol = reason
	}
	res, err := tx.exec(`UPDATE partners SET status = ?, decided_by = ?, decided_at = ?, decline_reason = ?
		WHERE id = ? AND status = ?`, to, actor, ms(tx.now), reasonCol, id, from)
	if err != nil {
		return Partner{}, fmt.Errorf("decide partner: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		p, err := tx.PartnerByID(id)
		if err != nil {
			return Partner{}, err
		}
		return Partner{}, Errorf(EConflict, "partner %d is %s, not %s", id, p.Status, from)
	}
	if err := tx.logStatus("partner", id, from, to, actor, reason); err != nil {
		return Partner{}, err
	}
	return tx.PartnerByID(id)
}

// syncResellerTier gives an active reseller the reseller price tier and
// everyone else on the partner books the retail one (a suspended reseller,
// a reseller turned affiliate).
func (tx *Tx) syncResellerTier(customerID int64, kind, status string) error {
	if kind == PartnerReseller && status == PartnerActive {
		return tx.SetCustomerTier(customerID, PriceTierReseller)
	}
	return tx.SetCustomerTier(customerID, "retail")
}

// SetPartnerKind changes a partner between reseller and affiliate (the
// price tier follows).
func (tx *Tx) SetPartnerKind(id int64, kind, actor string) error {
	if !validKind(kind) {
		return Errorf(EInvalid, "unknown partner kind %q", kind)
	}
	p, err := tx.PartnerByID(id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE partners SET kind = ? WHERE id = ?`, kind, id); err != nil {
		return fmt.Errorf("set partner kind: %w", err)
	}
	if err := tx.logStatus("partner_kind", id, p.Kind, kind, actor, ""); err != nil {
		return err
	}
	return tx.syncResellerTier(p.CustomerID, kind, p.Status)
}

// SetPartnerTier sets the owner's tier name for a partner (empty = none).
func (tx *Tx) SetPartnerTier(id int64, tier, actor string) error {
	tier = strings.TrimSpace(tier)
	if len(tier) > 32 {
		return Errorf(EInvalid, "a partner tier name is at most 32 characters")
	}
	p, err := tx.PartnerByID(id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE partners SET tier = ? WHERE id = ?`, tier, id); err != nil {
		return fmt.Errorf("set partner tier: %w", err)
	}
	return tx.logStatus("partner_tier", id, p.Tier, tier, actor, "")
}

// SetPartnerCode gives a partner a code of the owner's choice (e.g. SARI25).
func (tx *Tx) SetPartnerCode(id int64, code string) error {
	if !ValidPartnerCode(code) {
		return Errorf(EInvalid, "a partner code is 3-64 characters of A-Z, 0-9, _ and -")
	}
	_, err := tx.exec(`UPDATE partners SET code = ? WHERE id = ?`, code, id)
	if isUnique(err) {
		return Errorf(EConflict, "partner code %q is taken", code)
	}
	if err != nil {
		return fmt.Errorf("set partner code: %w", err)
	}
	return nil
}

// SetPartnerBank stores where a partner's payouts go.
func (tx *Tx) SetPartnerBank(id int64, bank, number, holder string) error {
	if strings.TrimSpace(bank) == "" || strings.TrimSpace(number) == "" || strings.TrimSpace(holder) == "" {
		return Errorf(EInvalid, "a payout account needs bank, number and holder")
	}
	res, err := tx.exec(`UPDATE partners SET bank_name = ?, account_number = ?, account_name = ? WHERE id = ?`,
		bank, number, holder, id)
	if err != nil {
		return fmt.Errorf("set partner bank: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(ENotFound, "partner %d", id)
	}
	return nil
}

const partnerCols = `id, customer_id, kind, tier, status, name, phone, bank_name, account_number, account_name,
	code, created_at, decided_by, decided_at, decline_reason`

func scanPartner(r scanner) (Partner, error) {
	var p Partner
	var created int64
	var decided sql.NullInt64
	err := r.Scan(&p.ID, &p.CustomerID, &p.Kind, &p.Tier, &p.Status, &p.Name, &p.Phone, &p.BankName,
		&p.AccountNumber, &p.AccountName, &p.Code, &created, &p.DecidedBy, &decided, &p.DeclineReason)
	p.CreatedAt, p.DecidedAt = fromMS(created), nullMS(decided)
	return p, err
}

func (tx *Tx) partner(what, q string, args ...any) (Partner, error) {
	return oneRow(tx.row(`SELECT `+partnerCols+` FROM partners WHERE `+q, args...), scanPartner, "partner by "+what)
}

// oneRow scans the one row a lookup expects: ENotFound (naming what) when
// there is none.
func oneRow[T any](r *sql.Row, scan func(scanner) (T, error), what string) (T, error) {
	v, err := scan(r)
	if errors.Is(err, sql.ErrNoRows) {
		return v, Errorf(ENotFound, "%s", what)
	}
	if err != nil {
		return v, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// PartnerByID returns one partner.
func (tx *Tx) PartnerByID(id int64) (Partner, error) { return tx.partner("id", `id = ?`, id) }

// PartnerByCode finds a partner by code, any case, whatever the status.
func (tx *Tx) PartnerByCode(code string) (Partner, error) {
	return tx.partner("code", `code = ?`, strings.TrimSpace(code))
}

// PartnerOfCustomer returns the partner row of a customer.
func (tx *Tx) PartnerOfCustomer(customerID int64) (Partner, error) {
	return tx.partner("customer", `customer_id = ?`, customerID)
}

// Partners lists partners with a status and kind ("" = any), oldest first.
func (tx *Tx) Partners(status, kind string) ([]Partner, error) {
	rows, err := tx.query(`SELECT `+partnerCols+` FROM partners WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR kind = ?2)
		ORDER BY id`, status, kind)
	if err != nil {
		return nil, fmt.Errorf("partners: %w", err)
	}
	return scanAll(rows, scanPartner)
}

// maxCodeTokens bounds how many words of a message are looked up as codes.
const maxCodeTokens = 20

// ActivePartnerIn finds the first word of text that is an active partner's
// code, e.g. in "Halo kak, saya dapat kode SARI25 dari Instagram" (the
// wa.me link's text, or a first message). ok is false when none is. Free
// text is read strictly, so that a code which is also a word ("KAKAK")
// does not claim everyone who greets the shop: a word counts only when it
// holds a digit, or is written in capitals and at least 5 long. Exact
// codes (/start CODE, a code command) go to Attribute, any case.
func (tx *Tx) ActivePartnerIn(text string) (p Partner, ok bool, err error) {
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	})
	for i, w := range words {
		if i >= maxCodeTokens {
			break
		}
		if !ValidPartnerCode(w) || !codeLike(w) {
			continue
		}
		p, err := tx.PartnerByCode(w)
		if IsNotFound(err) || (err == nil && p.Status != PartnerActive) {
			continue
		}
		if err != nil {
			return Partner{}, false, err
		}
		return p, true, nil
	}
	return Partner{}, false, nil
}

// codeLike reports whether a word of free text looks like a code rather
// than a word: it holds a digit, or is in capitals and at least 5 long.
func codeLike(w string) bool {
	if strings.ContainsAny(w, "0123456789") {
		return true
	}
	return len(w) >= 5 && strings.ToUpper(w) == w && strings.ToLower(w) != w
}

// Attribute records that a customer arrived with an active partner's code.
// A partner's own code does not attribute them to themselves (ok false);
// an unknown or inactive code is ENotFound.
func (tx *Tx) Attribute(customerID int64, code, source string) (p Partner, ok bool, err error) {
	switch source {
	case ArrivedStart, ArrivedCode, ArrivedWAText, ArrivedOwner:
	default:
		return Partner{}, false, Errorf(EInvalid, "unknown attribution source %q", source)
	}
	p, err = tx.PartnerByCode(code)
	if err != nil {
		return Partner{}, false, err
	}
	if p.Status != PartnerActive {
		return Partner{}, false, Errorf(ENotFound, "partner code is not active")
	}
	if p.CustomerID == customerID {
		return p, false, nil
	}
	if _, err := tx.exec(`INSERT INTO partner_attributions (customer_id, partner_id, source, at) VALUES (?, ?, ?, ?)`,
		customerID, p.ID, source, ms(tx.now)); err != nil {
		return Partner{}, false, fmt.Errorf("attribute: %w", err)
	}
	return p, true, nil
}

// settingDays reads a whole number of days from the settings, def when unset
// or unreadable.
func (tx *Tx) settingDays(key string, def int) (time.Duration, error) {
	v, err := tx.Setting(key, "")
	if err != nil {
		return 0, err
	}
	n := def
	if _, perr := fmt.Sscanf(strings.TrimSpace(v), "%d", &n); perr != nil || n < 0 {
		n = def
	}
	return time.Duration(n) * 24 * time.Hour, nil
}

// attributionAt returns the attribution in force for a customer at t: the
// last one within the window before t whose partner is still active.
func (tx *Tx) attributionAt(customerID int64, t time.Time) (attrID, partnerID int64, ok bool, err error) {
	window, err := tx.settingDays(SettingPartnerWindowDays, 30)
	if err != nil {
		return 0, 0, false, err
	}
	err = tx.row(`SELECT a.id, a.partner_id FROM partner_attributions a JOIN partners p ON p.id = a.partner_id
		WHERE a.customer_id = ? AND a.at <= ? AND a.at >= ? AND p.status = 'active'
		ORDER BY a.at DESC, a.id DESC LIMIT 1`, customerID, ms(t), ms(t.Add(-window))).Scan(&attrID, &partnerID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, false, nil
	}
	if err != nil {
		return 0, 0, false, fmt.Errorf("attribution: %w", err)
	}
	return attrID, partnerID, true, nil
}

// SuggestPartnerCode proposes a free, readable code from a name: the
// letters A-Z of its first word (3 to 8 of them) and two digits, e.g.
// "Sari Wulandari" → SARI25; a random code when the name has too few
// letters or every try is taken.
func (tx *Tx) SuggestPartnerCode(name string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(strings.TrimSpace(name)) {
		if r == ' ' || b.Len() == 8 {
			break
		}
		if r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	if base := b.String(); len(base) >= 3 {
		for range 10 {
			digits, err := randomCode(tx.rand, 2)
			if err != nil {
				return "", fmt.Errorf("partner code: %w", err)
			}
			code := base + digitsOnly(digits)
			if _, err := tx.PartnerByCode(code); IsNotFound(err) {
				return code, nil
			} else if err != nil {
				return "", err
			}
		}
	}
	for range 10 {
		code, err := NewPartnerCode(tx.rand)
		if err != nil {
			return "", err
		}
		if _, err := tx.PartnerByCode(code); IsNotFound(err) {
			return code, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", Errorf(EConflict, "no free partner code found")
}

// digitsOnly maps each character of the code alphabet onto a digit 2-9, so
// two random characters make a two-digit suffix.
func digitsOnly(s string) string {
	out := []byte(s)
	for i, c := range out {
		out[i] = '2' + byte(strings.IndexByte(codeAlphabet, c)%8)
	}
	return string(out)
}

// AnonymisePartner erases a partner's personal data (UU PDP: the right to
// erasure) — name, phone, payout account, a decline reason that may quote
// them — while the code, the partner orders and the ledger stay, so the
// books still add up. ok is false when the customer is no partner. The
// privacy flow calls it beside AnonymiseCustomer.
func (tx *Tx) AnonymisePartner(customerID int64) (bool, error) {
	res, err := tx.exec(`UPDATE partners SET name = '', phone = '', bank_name = '', account_number = '', account_name = '',
		decline_reason = '' WHERE customer_id = ?`, customerID)
	if err != nil {
		return false, fmt.Errorf("anonymise partner: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// PartnerChat is where a partner is told things: the private chat of the
// partner's customer (their first identity by channel). ok is false when
// the customer has none left (erased).
func (tx *Tx) PartnerChat(p Partner) (channel, chatID string, ok bool, err error) {
	err = tx.row(`SELECT channel, user_id FROM identities WHERE customer_id = ? ORDER BY channel, user_id LIMIT 1`,
		p.CustomerID).Scan(&channel, &chatID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("partner chat: %w", err)
	}
	return channel, chatID, true, nil
}
