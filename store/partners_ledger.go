package store

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Partner ledger kinds. Amounts are signed from the partner's side: + the
// shop owes the partner more.
const (
	PLCommission = "commission" // an order's commission: + (held until release)
	PLClawback   = "clawback"   // a refund, return or cancellation takes it back: -
	PLPayout     = "payout"     // the owner transferred money to the partner: -
	PLBonus      = "bonus"      // a target reached: +
	PLAdjustment = "adjustment" // the owner's correction either way
)

// partnerLineSign is the sign each kind must have: +1, -1, or 0 for either.
var partnerLineSign = map[string]int{
	PLCommission: 1, PLClawback: -1, PLPayout: -1, PLBonus: 1, PLAdjustment: 0,
}

// PartnerLine is one movement of a partner's money.
type PartnerLine struct {
	ID        int64
	PartnerID int64
	Kind      string
	Amount    decimal.Decimal
	Held      bool  // its order's return window is still open
	OrderID   int64 // 0 when not about an order
	OrderCode string
	TargetID  int64 // a bonus's target
	MediaID   int64 // a payout's transfer proof
	Note      string
	Actor     string
	At        time.Time
}

func (tx *Tx) addPartnerLine(l PartnerLine) (int64, error) {
	if err := checkLine("partner ledger", partnerLineSign, l.Kind, l.PartnerID, l.Actor, l.Amount); err != nil {
		return 0, err
	}
	res, err := tx.exec(`INSERT INTO partner_ledger (partner_id, kind, amount, held, order_id, target_id, media_id, note,
		actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.PartnerID, l.Kind, l.Amount.String(), boolInt(l.Held),
		nullID(l.OrderID), nullID(l.TargetID), nullID(l.MediaID), l.Note, l.Actor, ms(tx.now))
	if isUnique(err) {
		return 0, Errorf(EConflict, "this bonus was paid already")
	}
	if err != nil {
		return 0, fmt.Errorf("partner ledger: %w", err)
	}
	return res.LastInsertId()
}

const partnerLineCols = `l.id, l.partner_id, l.kind, l.amount, l.held, IFNULL(l.order_id, 0),
	IFNULL((SELECT code FROM orders o WHERE o.id = l.order_id), ''), IFNULL(l.target_id, 0), IFNULL(l.media_id, 0),
	l.note, l.actor, l.at`

func (tx *Tx) partnerLines(q string, args ...any) ([]PartnerLine, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("partner ledger: %w", err)
	}
	return scanAll(rows, func(r scanner) (PartnerLine, error) {
		var l PartnerLine
		var amount string
		var at int64
		if err := r.Scan(&l.ID, &l.PartnerID, &l.Kind, &amount, &l.Held, &l.OrderID, &l.OrderCode, &l.TargetID,
			&l.MediaID, &l.Note, &l.Actor, &at); err != nil {
			return l, err
		}
		l.At = fromMS(at)
		var err error
		if l.Amount, err = decimal.NewFromString(amount); err != nil {
			return l, fmt.Errorf("partner ledger %d amount: %w", l.ID, err)
		}
		return l, nil
	})
}

// readDecimals parses money and numbers stored as decimal text into dst,
// naming what in the error.
func readDecimals(what string, dst []*decimal.Decimal, src ...string) error {
	for i, text := range src {
		v, err := decimal.NewFromString(text)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		*dst[i] = v
	}
	return nil
}

func sumLines(lines []PartnerLine) decimal.Decimal {
	sum := decimal.Zero
	for _, l := range lines {
		sum = sum.Add(l.Amount)
	}
	return sum
}

// PartnerBalance is what the shop owes a partner now: Pending is held
// (return windows still open), Payable may be paid out.
type PartnerBalance struct {
	Pending decimal.Decimal
	Payable decimal.Decimal
}

// PartnerBalanceOf adds up a partner's ledger (in Go, never in SQL).
func (tx *Tx) PartnerBalanceOf(partnerID int64) (PartnerBalance, error) {
	sums, _, err := tx.balances(`SELECT partner_id, amount, held FROM partner_ledger WHERE partner_id = ?`, partnerID)
	if err != nil {
		return PartnerBalance{}, err
	}
	if b, ok := sums[partnerID]; ok {
		return *b, nil
	}
	return PartnerBalance{Pending: decimal.Zero, Payable: decimal.Zero}, nil
}

// balances sums ledger rows (partner_id, amount, held) per partner; ids
// lists the partners in the order first seen.
func (tx *Tx) balances(q string, args ...any) (sums map[int64]*PartnerBalance, ids []int64, err error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("partner balance: %w", err)
	}
	defer rows.Close()
	sums = map[int64]*PartnerBalance{}
	for rows.Next() {
		var id int64
		var text string
		var held bool
		if err := rows.Scan(&id, &text, &held); err != nil {
			return nil, nil, err
		}
		amount, err := decimal.NewFromString(text)
		if err != nil {
			return nil, nil, fmt.Errorf("partner %d ledger amount: %w", id, err)
		}
		b := sums[id]
		if b == nil {
			b = &PartnerBalance{Pending: decimal.Zero, Payable: decimal.Zero}
			sums[id] = b
			ids = append(ids, id)
		}
		if held {
			b.Pending = b.Pending.Add(amount)
		} else {
			b.Payable = b.Payable.Add(amount)
		}
	}
	return sums, ids, rows.Err()
}

// PayPartner records the owner's transfer to a partner: amount (zero =
// the whole payable balance), with the transfer proof's media id. It is
// refused above the payable balance and below the minimum payout (setting
// partner.min_payout).
func (tx *Tx) PayPartner(partnerID int64, amount decimal.Decimal, proofMediaID int64, actor string) (PartnerLine, error) {
	bal, err := tx.PartnerBalanceOf(partnerID)
	if err != nil {
		return PartnerLine{}, err
	}
	if amount.IsZero() {
		amount = bal.Payable
	}
	min, err := tx.settingMoney(SettingPartnerMinPayout)
	if err != nil {
		return PartnerLine{}, err
	}
	switch {
	case !amount.IsPositive():
		return PartnerLine{}, Errorf(EInvalid, "nothing payable")
	case amount.GreaterThan(bal.Payable):
		return PartnerLine{}, Errorf(EConflict, "the payout is more than the payable balance")
	case amount.LessThan(min):
		return PartnerLine{}, Errorf(EInvalid, "the payout is below the minimum payout")
	}
	l := PartnerLine{PartnerID: partnerID, Kind: PLPayout, Amount: amount.Neg(), MediaID: proofMediaID, Actor: actor, At: tx.now}
	l.ID, err = tx.addPartnerLine(l)
	return l, err
}

// settingMoney reads a rupiah amount from the settings; zero when unset or
// unreadable.
func (tx *Tx) settingMoney(key string) (decimal.Decimal, error) {
	v, err := tx.Setting(key, "0")
	if err != nil {
		return decimal.Zero, err
	}
	d, perr := decimal.NewFromString(v)
	if perr != nil || d.IsNegative() {
		return decimal.Zero, nil
	}
	return d, nil
}

// AdjustPartner records the owner's correction (either sign) with a note
// the partner reads.
func (tx *Tx) AdjustPartner(partnerID int64, amount decimal.Decimal, note, actor string) (int64, error) {
	if note == "" {
		return 0, Errorf(EInvalid, "an adjustment needs a note")
	}
	return tx.addPartnerLine(PartnerLine{PartnerID: partnerID, Kind: PLAdjustment, Amount: amount, Note: note, Actor: actor})
}

// PartnerStatement is a partner's account for a period: the lines written
// in it and what was paid in it, with the balance as it stands now.
type PartnerStatement struct {
	From, To       time.Time
	Lines          []PartnerLine   // oldest first
	Earned         decimal.Decimal // commissions, clawbacks, bonuses, adjustments in the period
	Paid           decimal.Decimal // payouts in the period, as a positive amount
	PartnerBalance                 // now
}

// PartnerStatementOf builds a partner's statement for [from, to).
func (tx *Tx) PartnerStatementOf(partnerID int64, from, to time.Time) (PartnerStatement, error) {
	st := PartnerStatement{From: from, To: to, Earned: decimal.Zero, Paid: decimal.Zero}
	var err error
	if st.PartnerBalance, err = tx.PartnerBalanceOf(partnerID); err != nil {
		return st, err
	}
	if st.Lines, err = tx.partnerLines(`SELECT `+partnerLineCols+` FROM partner_ledger l
		WHERE l.partner_id = ? AND l.at >= ? AND l.at < ? ORDER BY l.at, l.id`, partnerID, ms(from), ms(to)); err != nil {
		return st, err
	}
	for _, l := range st.Lines {
		if l.Kind == PLPayout {
			st.Paid = st.Paid.Sub(l.Amount)
		} else {
			st.Earned = st.Earned.Add(l.Amount)
		}
	}
	return st, nil
}

// PartnerOwed is a partner with what the shop owes them.
type PartnerOwed struct {
	Partner
	PartnerBalance
}

// PartnersOwed lists the partners the shop owes anything to (held or
// payable), by partner id, for the owner's payout list. One pass over the
// ledger, summed in Go.
func (tx *Tx) PartnersOwed() ([]PartnerOwed, error) {
	sums, ids, err := tx.balances(`SELECT partner_id, amount, held FROM partner_ledger ORDER BY partner_id`)
	if err != nil {
		return nil, err
	}
	var out []PartnerOwed
	for _, id := range ids {
		b := sums[id]
		if b.Pending.IsZero() && b.Payable.IsZero() {
			continue
		}
		p, err := tx.PartnerByID(id)
		if err != nil {
			return nil, err
		}
		out = append(out, PartnerOwed{Partner: p, PartnerBalance: *b})
	}
	return out, nil
}
