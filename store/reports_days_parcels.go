package store

import (
	"fmt"
	"time"
)

// dayParcelSumsQuery reads report_day_parcels (migration 0056) for the
// days [?1, ?2) and the statuses after them: one row per supplier and
// courier service, with a count of the day rows whose ongkir is not an
// exact integer (NULL: an amount finer than the unit; REAL: an overflow).
const dayParcelSumsQuery = `SELECT r.supplier_id, IFNULL(s.code, ''), IFNULL(s.name, ''), r.courier, r.service,
		SUM(r.parcels), SUM(r.ongkir), ` + `SUM(typeof(r.ongkir) <> 'integer')` + `
	FROM report_day_parcels r LEFT JOIN suppliers s ON s.id = r.supplier_id
	WHERE r.day >= ? AND r.day < ? AND r.status IN (%s)
	GROUP BY r.supplier_id, r.courier, r.service HAVING SUM(r.parcels) <> 0`

// dayParcelSums is ParcelSums from the per-day summary, unsorted; ok is
// false when the summary cannot answer exactly: [from, to) is not a run
// of whole WIB days, or an ongkir in it is not a whole number of units.
func (tx *Tx) dayParcelSums(from, to time.Time, statuses []string) (out []ParcelSum, ok bool, err error) {
	first, ok1 := wibDay(from)
	last, ok2 := wibDay(to)
	if !ok1 || !ok2 || last < first {
		return nil, false, nil
	}
	marks, args := statusArgs([]any{first, last}, statuses)
	rows, err := tx.query(fmt.Sprintf(dayParcelSumsQuery, marks), args...)
	if err != nil {
		return nil, false, fmt.Errorf("report day parcels: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r ParcelSum
		var ongkir any
		var bad int64
		if err := rows.Scan(&r.SupplierID, &r.SupplierCode, &r.SupplierName, &r.Courier, &r.Service,
			&r.Parcels, &ongkir, &bad); err != nil {
			return nil, false, fmt.Errorf("report day parcels: %w", err)
		}
		units, exact := ongkir.(int64)
		if bad != 0 || !exact {
			return nil, false, nil
		}
		r.Ongkir = fromUnits(units)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("report day parcels: %w", err)
	}
	return out, true, nil
}
