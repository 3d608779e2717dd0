package store

import "fmt"

// RemoveBankAccount takes the active accounts with this number off the
// invoices. The rows are kept (inactive) for the history; it reports whether
// there was one.
func (tx *Tx) RemoveBankAccount(number string) (bool, error) {
	res, err := tx.exec(`UPDATE bank_accounts SET active = 0 WHERE number = ? AND active = 1`, number)
	if err != nil {
		return false, fmt.Errorf("remove bank account: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RemoveShippingRate takes one line off the ongkir table (kept inactive; a
// later AddShippingRate of the same courier, service and province brings it
// back with the new prices). It reports whether the line was active.
func (tx *Tx) RemoveShippingRate(id int64) (bool, error) {
	res, err := tx.exec(`UPDATE shipping_rates SET active = 0 WHERE id = ? AND active = 1`, id)
	if err != nil {
		return false, fmt.Errorf("remove rate: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
