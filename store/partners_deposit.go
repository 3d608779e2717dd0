package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// Deposit moves of a reseller.
const (
	DepositTopUp = "topup"  // the reseller paid money in: +
	DepositDraw  = "draw"   // an order was paid from it: -
	DepositBack  = "return" // a cancelled order's draw given back: +
)

// PartnerDepositOf is a reseller's deposit balance.
func (tx *Tx) PartnerDepositOf(partnerID int64) (decimal.Decimal, error) {
	rows, err := tx.query(`SELECT amount FROM partner_deposits WHERE partner_id = ? ORDER BY id`, partnerID)
	if err != nil {
		return decimal.Zero, fmt.Errorf("partner deposit: %w", err)
	}
	amounts, err := scanAll(rows, func(r scanner) (string, error) {
		var a string
		return a, r.Scan(&a)
	})
	if err != nil {
		return decimal.Zero, err
	}
	sum := decimal.Zero
	for _, a := range amounts {
		d, err := decimal.NewFromString(a)
		if err != nil {
			return decimal.Zero, fmt.Errorf("partner deposit amount %q: %w", a, err)
		}
		sum = sum.Add(d)
	}
	return sum, nil
}

// TopUpPartnerDeposit records money an active reseller paid into their
// deposit and returns the new balance.
func (tx *Tx) TopUpPartnerDeposit(partnerID int64, amount decimal.Decimal, note, actor string) (decimal.Decimal, error) {
	p, err := tx.PartnerByID(partnerID)
	if err != nil {
		return decimal.Zero, err
	}
	switch {
	case p.Kind != PartnerReseller || p.Status != PartnerActive:
		return decimal.Zero, Errorf(EConflict, "only an active reseller has a deposit")
	case !amount.IsPositive():
		return decimal.Zero, Errorf(EInvalid, "a top-up must be positive")
	case actor == "":
		return decimal.Zero, Errorf(EInvalid, "a top-up needs an actor")
	}
	if _, err := tx.exec(`INSERT INTO partner_deposits (partner_id, kind, amount, note, actor, at) VALUES (?, ?, ?, ?, ?, ?)`,
		partnerID, DepositTopUp, amount.String(), note, actor, ms(tx.now)); err != nil {
		return decimal.Zero, fmt.Errorf("top up deposit: %w", err)
	}
	return tx.PartnerDepositOf(partnerID)
}

// DrawPartnerDeposit pays an order from a reseller's deposit: refused
// (EConflict) when the balance is short or the order drew already.
// It returns the balance left.
func (tx *Tx) DrawPartnerDeposit(partnerID, orderID int64, amount decimal.Decimal, actor string) (decimal.Decimal, error) {
	if !amount.IsPositive() || actor == "" {
		return decimal.Zero, Errorf(EInvalid, "a draw needs a positive amount and an actor")
	}
	bal, err := tx.PartnerDepositOf(partnerID)
	if err != nil {
		return decimal.Zero, err
	}
	if bal.LessThan(amount) {
		return bal, Errorf(EConflict, "the deposit is short")
	}
	_, err = tx.exec(`INSERT INTO partner_deposits (partner_id, kind, amount, order_id, actor, at) VALUES (?, ?, ?, ?, ?, ?)`,
		partnerID, DepositDraw, amount.Neg().String(), orderID, actor, ms(tx.now))
	if isUnique(err) {
		return bal, Errorf(EConflict, "order %d drew from the deposit already", orderID)
	}
	if err != nil {
		return decimal.Zero, fmt.Errorf("draw deposit: %w", err)
	}
	return bal.Sub(amount), nil
}

// ReturnPartnerDeposit gives back what a cancelled order drew from a
// deposit, once. ok is false when the order drew nothing or got it back
// already.
func (tx *Tx) ReturnPartnerDeposit(orderID int64, actor string) (partnerID int64, amount decimal.Decimal, ok bool, err error) {
	var drawn string
	err = tx.row(`SELECT partner_id, amount FROM partner_deposits WHERE order_id = ? AND kind = 'draw'`, orderID).
		Scan(&partnerID, &drawn)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, decimal.Zero, false, nil
	}
	if err != nil {
		return 0, decimal.Zero, false, fmt.Errorf("deposit draw: %w", err)
	}
	d, err := decimal.NewFromString(drawn)
	if err != nil {
		return 0, decimal.Zero, false, fmt.Errorf("deposit draw amount %q: %w", drawn, err)
	}
	_, err = tx.exec(`INSERT INTO partner_deposits (partner_id, kind, amount, order_id, actor, at) VALUES (?, ?, ?, ?, ?, ?)`,
		partnerID, DepositBack, d.Neg().String(), orderID, actor, ms(tx.now))
	if isUnique(err) {
		return partnerID, decimal.Zero, false, nil
	}
	if err != nil {
		return 0, decimal.Zero, false, fmt.Errorf("return deposit: %w", err)
	}
	return partnerID, d.Neg(), true, nil
}
