package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// PaymentsOf lists an order's payments, oldest first.
func (tx *Tx) PaymentsOf(orderID int64) ([]Payment, error) {
	rows, err := tx.query(`SELECT id, order_id, direction, method, amount, status, IFNULL(proof_media_id, 0), actor, note, created_at,
		dest_bank, dest_number, dest_holder
		FROM payments WHERE order_id = ? ORDER BY id`, orderID)
	if err != nil {
		return nil, fmt.Errorf("payments: %w", err)
	}
	defer rows.Close()
	var out []Payment
	for rows.Next() {
		var p Payment
		var amount string
		var created int64
		if err := rows.Scan(&p.ID, &p.OrderID, &p.Direction, &p.Method, &amount, &p.Status, &p.ProofMediaID, &p.Actor, &p.Note, &created,
			&p.Dest.Bank, &p.Dest.Number, &p.Dest.Holder); err != nil {
			return nil, err
		}
		if p.Amount, err = decimal.NewFromString(amount); err != nil {
			return nil, fmt.Errorf("payment %d amount: %w", p.ID, err)
		}
		p.CreatedAt = fromMS(created)
		out = append(out, p)
	}
	return out, rows.Err()
}

// DecidePendingPayments moves an order's pending incoming payments to
// status ("confirmed" or "rejected"), recording who decided and why. It
// returns how many were decided.
func (tx *Tx) DecidePendingPayments(orderID int64, status, actor, note string) (int, error) {
	if status != "confirmed" && status != "rejected" {
		return 0, Errorf(EInvalid, "a payment is confirmed or rejected, not %q", status)
	}
	res, err := tx.exec(`UPDATE payments SET status = ?, actor = ?, note = CASE WHEN ? <> '' THEN ? ELSE note END, decided_at = ?
		WHERE order_id = ? AND direction = 'in' AND status = 'pending'`, status, actor, note, note, ms(tx.now), orderID)
	if err != nil {
		return 0, fmt.Errorf("decide payments: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// SetPaymentAmount corrects the amount of a payment (the owner read the
// real transferred amount off the bank statement).
func (tx *Tx) SetPaymentAmount(paymentID int64, amount decimal.Decimal) error {
	if amount.IsNegative() {
		return Errorf(EInvalid, "negative payment")
	}
	_, err := tx.exec(`UPDATE payments SET amount = ? WHERE id = ?`, amount.String(), paymentID)
	return err
}

// CommitReserved turns a reservation into a sale: stock and reserved both
// go down by qty (stock only when counted).
func (tx *Tx) CommitReserved(variantID int64, qty int) error {
	_, err := tx.exec(`UPDATE variants SET stock = CASE WHEN stock IS NULL THEN NULL ELSE max(stock - ?, 0) END,
		reserved = max(reserved - ?, 0) WHERE id = ?`, qty, qty, variantID)
	if err != nil {
		return fmt.Errorf("commit stock: %w", err)
	}
	return nil
}

// SetOrderExpiry moves an unpaid order's deadline.
func (tx *Tx) SetOrderExpiry(orderID int64, at time.Time) error {
	_, err := tx.exec(`UPDATE orders SET expires_at = ?, updated_at = ? WHERE id = ?`, ms(at), ms(tx.now), orderID)
	return err
}

// OrderQuery selects orders for the owner's list.
type OrderQuery struct {
	Status string // "" = any
	Text   string // matches the code, the recipient's name or phone (case-insensitive); "" = any
	Offset int
	Limit  int // 0 = 10
}

// SearchOrders lists orders newest first (carts are never listed) and
// whether there are more.
func (tx *Tx) SearchOrders(q OrderQuery) ([]Order, bool, error) {
	if q.Limit <= 0 {
		q.Limit = 10
	}
	where := []string{"status <> 'keranjang'"}
	var args []any
	if q.Status != "" {
		where = append(where, "status = ?")
		args = append(args, q.Status)
	}
	query := searchOrdersQuery
	if t := strings.TrimSpace(q.Text); useIndex(t) {
		args = searchTextArgs(t, args)
		query = searchTextQuery
	} else if t != "" {
		w, a := orderTextFilter(t)
		where = append(where, w)
		args = append(args, a...)
	}
	args = append(args, q.Limit+1, q.Offset)
	rows, err := tx.query(query(where), args...)
	if err != nil {
		return nil, false, fmt.Errorf("search orders: %w", err)
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	more := len(out) > q.Limit
	if more {
		out = out[:q.Limit]
	}
	return out, more, nil
}

func searchOrdersQuery(where []string) string {
	return `SELECT ` + orderCols + ` FROM orders WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`
}

// OwnerCount tells whether the shop has an owner yet. Owners on a channel
// hidden by WithHiddenStaff do not count.
func (tx *Tx) OwnerCount() (int, error) {
	var n int
	err := tx.row(`SELECT count(*) FROM staff WHERE role = 'owner'
		AND channel NOT IN (SELECT value FROM json_each(?))`, tx.hidden).Scan(&n)
	return n, err
}

// RemoveStaff takes a staff role away.
func (tx *Tx) RemoveStaff(channel, userID string) (bool, error) {
	res, err := tx.exec(`DELETE FROM staff WHERE channel = ? AND user_id = ? AND role = 'admin'`, channel, userID)
	if err != nil {
		return false, fmt.Errorf("remove staff: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Restock gives sold pieces back to a counted variant (an order cancelled
// after payment).
func (tx *Tx) Restock(variantID int64, qty int) error {
	if qty <= 0 {
		return Errorf(EInvalid, "restock needs a positive quantity")
	}
	_, err := tx.exec(`UPDATE variants SET stock = CASE WHEN stock IS NULL THEN NULL ELSE stock + ? END WHERE id = ?`, qty, variantID)
	if err != nil {
		return fmt.Errorf("restock: %w", err)
	}
	return nil
}

// ConfirmRefunds marks an order's pending refunds (payments out) as sent,
// with the owner's transfer photo when there is one, and returns how much
// was confirmed.
func (tx *Tx) ConfirmRefunds(orderID, proofMediaID int64, actor string) (decimal.Decimal, error) {
	pays, err := tx.PaymentsOf(orderID)
	if err != nil {
		return decimal.Zero, err
	}
	total := decimal.Zero
	for _, p := range pays {
		if p.Direction == "out" && p.Status == "pending" {
			total = total.Add(p.Amount)
		}
	}
	if total.IsZero() {
		return total, nil
	}
	var proof any
	if proofMediaID != 0 {
		proof = proofMediaID
	}
	_, err = tx.exec(`UPDATE payments SET status = 'confirmed', actor = ?, decided_at = ?,
		proof_media_id = COALESCE(?, proof_media_id) WHERE order_id = ? AND direction = 'out' AND status = 'pending'`,
		actor, ms(tx.now), proof, orderID)
	if err != nil {
		return decimal.Zero, fmt.Errorf("confirm refunds: %w", err)
	}
	return total, nil
}

// SetRefundDestination records where an order's pending refunds (payments
// out not yet sent) go, and returns how many refunds it was written on.
func (tx *Tx) SetRefundDestination(orderID int64, d RefundDest) (int, error) {
	if strings.TrimSpace(d.Bank) == "" || strings.TrimSpace(d.Number) == "" || strings.TrimSpace(d.Holder) == "" {
		return 0, Errorf(EInvalid, "a refund destination needs bank, number and holder")
	}
	res, err := tx.exec(`UPDATE payments SET dest_bank = ?, dest_number = ?, dest_holder = ?
		WHERE order_id = ? AND direction = 'out' AND status = 'pending'`, d.Bank, d.Number, d.Holder, orderID)
	if err != nil {
		return 0, fmt.Errorf("refund destination: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// DecidePayment moves one pending incoming payment to status
// ("confirmed" or "rejected") with who decided and why; false when it was
// not pending.
func (tx *Tx) DecidePayment(paymentID int64, status, actor, note string) (bool, error) {
	if status != "confirmed" && status != "rejected" {
		return false, Errorf(EInvalid, "a payment is confirmed or rejected, not %q", status)
	}
	res, err := tx.exec(`UPDATE payments SET status = ?, actor = ?, note = CASE WHEN ? <> '' THEN ? ELSE note END, decided_at = ?
		WHERE id = ? AND direction = 'in' AND status = 'pending'`, status, actor, note, note, ms(tx.now), paymentID)
	if err != nil {
		return false, fmt.Errorf("decide payment: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// AddProofEvidence keeps a further proof photo on a payment still being
// checked: the photo is named in the payment's note, and no second
// payment is booked for the same money.
func (tx *Tx) AddProofEvidence(paymentID, mediaID int64) error {
	_, err := tx.exec(`UPDATE payments SET note = ltrim(note || ' ' || ?) WHERE id = ? AND status = 'pending'`,
		fmt.Sprintf("extra proof media %d;", mediaID), paymentID)
	if err != nil {
		return fmt.Errorf("proof evidence: %w", err)
	}
	return nil
}
