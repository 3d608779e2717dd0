package store

import "fmt"

// OrdersWaitingForVariant lists the codes of the orders being processed
// (diproses or dikemas) that have a line of a variant marked out of stock:
// the orders a restock of that variant is for, oldest first.
func (tx *Tx) OrdersWaitingForVariant(variantID int64) ([]string, error) {
	rows, err := tx.query(`SELECT DISTINCT o.code, o.id FROM order_items i JOIN orders o ON o.id = i.order_id
		WHERE i.variant_id = ? AND i.status = ? AND o.status IN (?, ?) ORDER BY o.id`,
		variantID, ItemOut, StatusProcessing, StatusPacked)
	if err != nil {
		return nil, fmt.Errorf("orders waiting for variant: %w", err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			return nil, fmt.Errorf("orders waiting for variant: %w", err)
		}
		codes = append(codes, code)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orders waiting for variant: %w", err)
	}
	return codes, nil
}
