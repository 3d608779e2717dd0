package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Supplier ledger kinds. An amount is signed from the shop's side: + the
// supplier holds more of the shop's money (a top-up, a payment, a refund of
// a deduction), - less (a deduction for an order's goods, a chargeback). A
// negative balance is what the shop owes the supplier.
const (
	LedgerTopup      = "topup"      // the owner tops up a deposit: +
	LedgerDeduction  = "deduction"  // an order's goods at the supplier's cost: -
	LedgerPayment    = "payment"    // the owner (or the customer) paid the supplier for an order: +
	LedgerRefund     = "refund"     // a deduction given back (an item cancelled): +
	LedgerChargeback = "chargeback" // the supplier charges the shop (a return, a claim): -
	LedgerAdjust     = "adjust"     // a correction either way
)

// LedgerEntry is one movement of a supplier's money.
type LedgerEntry struct {
	ID         int64
	SupplierID int64
	Kind       string
	Amount     decimal.Decimal
	OrderID    int64 // 0 when not about an order
	Note       string
	Actor      string
	MediaID    int64 // a transfer photo, 0 when none
	At         time.Time
}

// ledgerSign is the sign each kind must have: +1, -1, or 0 for either.
var ledgerSign = map[string]int{
	LedgerTopup: 1, LedgerDeduction: -1, LedgerPayment: 1, LedgerRefund: 1, LedgerChargeback: -1, LedgerAdjust: 0,
}

// checkLine is what every ledger line must be, the supplier's and the
// partner's alike: a known kind, the supplier or partner it belongs to
// (owner), an actor, and a non-zero amount with the sign its kind has (0 in
// signs: either sign).
func checkLine(ledger string, signs map[string]int, kind string, owner int64, actor string, amount decimal.Decimal) error {
	sign, ok := signs[kind]
	switch {
	case !ok:
		return Errorf(EInvalid, "unknown %s kind %q", ledger, kind)
	case owner == 0:
		return Errorf(EInvalid, "a %s line needs its supplier or partner", ledger)
	case actor == "":
		return Errorf(EInvalid, "a %s line needs an actor", ledger)
	case amount.IsZero():
		return Errorf(EInvalid, "a %s line cannot be zero", ledger)
	case sign != 0 && amount.Sign() != sign:
		return Errorf(EInvalid, "a %s has the wrong sign", kind)
	}
	return nil
}

// AddLedger records a movement. The amount must be non-zero with the sign
// its kind has.
func (tx *Tx) AddLedger(e LedgerEntry) (int64, error) {
	if err := checkLine("supplier ledger", ledgerSign, e.Kind, e.SupplierID, e.Actor, e.Amount); err != nil {
		return 0, err
	}
	res, err := tx.exec(`INSERT INTO supplier_ledger (supplier_id, kind, amount, order_id, note, actor, media_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.SupplierID, e.Kind, e.Amount.String(), nullID(e.OrderID), e.Note, e.Actor,
		nullID(e.MediaID), ms(tx.now))
	if err != nil {
		return 0, fmt.Errorf("add ledger entry: %w", err)
	}
	return res.LastInsertId()
}

const ledgerCols = `id, supplier_id, kind, amount, IFNULL(order_id, 0), note, actor, IFNULL(media_id, 0), at`

func (tx *Tx) ledger(q string, args ...any) ([]LedgerEntry, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	var out []LedgerEntry
	for rows.Next() {
		var e LedgerEntry
		var amount string
		var at int64
		if err := rows.Scan(&e.ID, &e.SupplierID, &e.Kind, &amount, &e.OrderID, &e.Note, &e.Actor, &e.MediaID, &at); err != nil {
			return nil, err
		}
		if e.Amount, err = decimal.NewFromString(amount); err != nil {
			return nil, fmt.Errorf("ledger %d amount: %w", e.ID, err)
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// SupplierBalance adds up a supplier's ledger (in Go, never in SQL).
func (tx *Tx) SupplierBalance(supplierID int64) (decimal.Decimal, error) {
	rows, err := tx.query(`SELECT amount FROM supplier_ledger WHERE supplier_id = ?`, supplierID)
	if err != nil {
		return decimal.Zero, fmt.Errorf("balance: %w", err)
	}
	defer rows.Close()
	sum := decimal.Zero
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return decimal.Zero, err
		}
		d, err := decimal.NewFromString(a)
		if err != nil {
			return decimal.Zero, fmt.Errorf("balance of supplier %d: %w", supplierID, err)
		}
		sum = sum.Add(d)
	}
	return sum, rows.Err()
}

// LedgerOf lists a supplier's latest movements, newest first.
func (tx *Tx) LedgerOf(supplierID int64, limit int) ([]LedgerEntry, error) {
	if limit <= 0 {
		limit = 10
	}
	return tx.ledger(`SELECT `+ledgerCols+` FROM supplier_ledger WHERE supplier_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
		supplierID, limit)
}

// OrderLedger lists the movements of one supplier about one order, oldest first.
func (tx *Tx) OrderLedger(orderID, supplierID int64) ([]LedgerEntry, error) {
	return tx.ledger(`SELECT `+ledgerCols+` FROM supplier_ledger WHERE order_id = ? AND supplier_id = ? ORDER BY id`,
		orderID, supplierID)
}

// SetSupplierPayMode sets how a supplier is paid (PayPerOrder, PayDeposit,
// PayCustomerPays).
func (tx *Tx) SetSupplierPayMode(supplierID int64, mode string) error {
	if mode != PayPerOrder && mode != PayDeposit && mode != PayCustomerPays {
		return Errorf(EInvalid, "unknown pay mode %q", mode)
	}
	res, err := tx.exec(`UPDATE suppliers SET pay_mode = ? WHERE id = ?`, mode, supplierID)
	if err != nil {
		return fmt.Errorf("set pay mode: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(ENotFound, "supplier %d", supplierID)
	}
	return nil
}

// Cost change statuses.
const (
	CostPending  = "pending"
	CostApproved = "approved"
	CostRejected = "rejected"
	CostReplaced = "replaced" // a newer proposal for the same variant came
)

// CostChange is a supplier's new cost for a variant that waits for the
// owner because it moves more than the shop's tolerance.
type CostChange struct {
	ID         int64
	SupplierID int64
	VariantID  int64
	OldCost    decimal.Decimal
	NewCost    decimal.Decimal
	Status     string
	Actor      string
	DecidedBy  string
	CreatedAt  time.Time
}

// ProposeCostChange stores a cost change for the owner to decide; an
// earlier pending proposal for the same variant is replaced.
func (tx *Tx) ProposeCostChange(c CostChange) (int64, error) {
	if c.SupplierID == 0 || c.VariantID == 0 || c.Actor == "" {
		return 0, Errorf(EInvalid, "a cost change needs a supplier, a variant and an actor")
	}
	if c.NewCost.IsNegative() || c.OldCost.IsNegative() {
		return 0, Errorf(EInvalid, "negative cost")
	}
	if _, err := tx.exec(`UPDATE cost_changes SET status = ?, decided_by = ?, decided_at = ? WHERE variant_id = ? AND status = ?`,
		CostReplaced, c.Actor, ms(tx.now), c.VariantID, CostPending); err != nil {
		return 0, fmt.Errorf("replace cost change: %w", err)
	}
	res, err := tx.exec(`INSERT INTO cost_changes (supplier_id, variant_id, old_cost, new_cost, status, actor, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, c.SupplierID, c.VariantID, c.OldCost.String(), c.NewCost.String(), CostPending, c.Actor, ms(tx.now))
	if err != nil {
		return 0, fmt.Errorf("propose cost change: %w", err)
	}
	return res.LastInsertId()
}

const costCols = `id, supplier_id, variant_id, old_cost, new_cost, status, actor, decided_by, created_at`

func scanCost(r interface{ Scan(...any) error }) (CostChange, error) {
	var c CostChange
	var oldC, newC string
	var at int64
	if err := r.Scan(&c.ID, &c.SupplierID, &c.VariantID, &oldC, &newC, &c.Status, &c.Actor, &c.DecidedBy, &at); err != nil {
		return c, err
	}
	var err error
	if c.OldCost, err = decimal.NewFromString(oldC); err != nil {
		return c, fmt.Errorf("cost change %d: %w", c.ID, err)
	}
	if c.NewCost, err = decimal.NewFromString(newC); err != nil {
		return c, fmt.Errorf("cost change %d: %w", c.ID, err)
	}
	c.CreatedAt = fromMS(at)
	return c, nil
}

// PendingCostChanges lists the cost changes waiting for the owner, oldest first.
func (tx *Tx) PendingCostChanges() ([]CostChange, error) {
	rows, err := tx.query(`SELECT `+costCols+` FROM cost_changes WHERE status = ? ORDER BY id`, CostPending)
	if err != nil {
		return nil, fmt.Errorf("pending cost changes: %w", err)
	}
	defer rows.Close()
	var out []CostChange
	for rows.Next() {
		c, err := scanCost(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CostChangeByID returns one cost change.
func (tx *Tx) CostChangeByID(id int64) (CostChange, error) {
	c, err := scanCost(tx.row(`SELECT `+costCols+` FROM cost_changes WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, Errorf(ENotFound, "cost change %d", id)
	}
	return c, err
}

// DecideCostChange approves (the new cost applies now) or rejects a
// pending cost change. A change that is no longer pending is a conflict.
func (tx *Tx) DecideCostChange(id int64, approve bool, actor string) (CostChange, error) {
	if actor == "" {
		return CostChange{}, Errorf(EInvalid, "a decision needs an actor")
	}
	c, err := tx.CostChangeByID(id)
	if err != nil {
		return c, err
	}
	if c.Status != CostPending {
		return c, Errorf(EConflict, "cost change %d is %s", id, c.Status)
	}
	status := CostRejected
	if approve {
		status = CostApproved
	}
	if _, err := tx.exec(`UPDATE cost_changes SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
		status, actor, ms(tx.now), id); err != nil {
		return c, fmt.Errorf("decide cost change: %w", err)
	}
	c.Status, c.DecidedBy = status, actor
	if approve {
		if err := tx.SetVariantCost(c.VariantID, c.NewCost, actor); err != nil {
			return c, err
		}
	}
	return c, nil
}
