package store

import (
	"fmt"
	"time"
)

// Final order statuses: nothing more will be shipped, so a recipient's
// details are no longer needed to deliver.
var finalStatuses = []any{StatusDone, StatusCancelled, StatusExpired, StatusRefund}

// CustomerData is everything the books hold about one customer, for the
// customer's own request (UU PDP: the right to access).
type CustomerData struct {
	Name       string
	Tier       string
	Lang       string
	Identities []string // "channel:user"
	Addresses  []Address
	Orders     []Order // without items
}

// CustomerDataOf collects a customer's data.
func (tx *Tx) CustomerDataOf(customerID int64) (CustomerData, error) {
	var d CustomerData
	if err := tx.row(`SELECT name, tier, lang FROM customers WHERE id = ?`, customerID).Scan(&d.Name, &d.Tier, &d.Lang); err != nil {
		return d, fmt.Errorf("customer: %w", err)
	}
	rows, err := tx.query(`SELECT channel, user_id FROM identities WHERE customer_id = ? ORDER BY channel, user_id`, customerID)
	if err != nil {
		return d, fmt.Errorf("identities: %w", err)
	}
	for rows.Next() {
		var ch, id string
		if err := rows.Scan(&ch, &id); err != nil {
			rows.Close()
			return d, err
		}
		d.Identities = append(d.Identities, ch+":"+id)
	}
	rows.Close()
	rows, err = tx.query(`SELECT id, customer_id, recipient, phone, line, kelurahan, kecamatan, city, province, postal_code
		FROM addresses WHERE customer_id = ? ORDER BY last_used_at DESC`, customerID)
	if err != nil {
		return d, fmt.Errorf("addresses: %w", err)
	}
	for rows.Next() {
		var a Address
		if err := rows.Scan(&a.ID, &a.CustomerID, &a.Recipient, &a.Phone, &a.Line, &a.Kelurahan, &a.Kecamatan, &a.City, &a.Province, &a.Zip); err != nil {
			rows.Close()
			return d, err
		}
		d.Addresses = append(d.Addresses, a)
	}
	rows.Close()
	d.Orders, err = tx.OrdersOfCustomer(customerID, 1000)
	return d, err
}

// OpenOrdersOf counts a customer's orders still on their way (not in a
// final status and not a cart): their address is still needed.
func (tx *Tx) OpenOrdersOf(customerID int64) ([]string, error) {
	rows, err := tx.query(`SELECT code FROM orders WHERE customer_id = ? AND status NOT IN (?, ?, ?, ?, ?) ORDER BY id`,
		append([]any{customerID, StatusCart}, finalStatuses...)...)
	if err != nil {
		return nil, fmt.Errorf("open orders: %w", err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		codes = append(codes, c)
	}
	return codes, rows.Err()
}

// AnonymiseCustomer erases a customer's personal data (UU PDP: the right to
// erasure) while keeping the money records: names, phones and addresses on
// the customer, the identities' display names, saved addresses, the
// conversation states and the recipient details of finished orders. The
// identity rows stay (without names) so the books can still tell who
// paid for what.
func (tx *Tx) AnonymiseCustomer(customerID int64) error {
	now := ms(tx.now)
	stmts := []struct {
		q    string
		args []any
	}{
		{`UPDATE customers SET name = '', anonymised_at = ? WHERE id = ?`, []any{now, customerID}},
		{`UPDATE identities SET display_name = '' WHERE customer_id = ?`, []any{customerID}},
		{`DELETE FROM addresses WHERE customer_id = ?`, []any{customerID}},
		{`DELETE FROM conversations WHERE (channel, user_id) IN (SELECT channel, user_id FROM identities WHERE customer_id = ?)`, []any{customerID}},
		{`UPDATE orders SET recipient_name = '', recipient_phone = '', address_line = '', kelurahan = '', kecamatan = '',
			city = '', postal_code = '', notes = '', sender_name = '', sender_phone = '', updated_at = ?
			WHERE customer_id = ? AND status IN (?, ?, ?, ?)`, append([]any{now, customerID}, finalStatuses...)},
		{`DELETE FROM orders WHERE customer_id = ? AND status = ?`, []any{customerID, StatusCart}},
	}
	for _, s := range stmts {
		if _, err := tx.exec(s.q, s.args...); err != nil {
			return fmt.Errorf("anonymise customer: %w", err)
		}
	}
	return nil
}

// AnonymiseOrdersBefore erases recipient details of finished orders
// created before cutoff (the owner's retention period) and returns how
// many orders it touched. Money and items stay.
func (tx *Tx) AnonymiseOrdersBefore(cutoff time.Time) (int, error) {
	res, err := tx.exec(`UPDATE orders SET recipient_name = '', recipient_phone = '', address_line = '', kelurahan = '',
		kecamatan = '', city = '', postal_code = '', notes = '', sender_name = '', sender_phone = '', updated_at = ?
		WHERE created_at < ? AND status IN (?, ?, ?, ?) AND (recipient_name <> '' OR recipient_phone <> '' OR address_line <> '')`,
		append([]any{ms(tx.now), ms(cutoff)}, finalStatuses...)...)
	if err != nil {
		return 0, fmt.Errorf("anonymise orders: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
