package store

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The per-parcel ongkir section of /laporan reads the per-day summary by
// its key's day range; when it must walk, it reaches the period's orders
// through orders_report and each order's parcels by their key: no table
// is read whole, however many orders the books hold.
func TestParcelSumsUsesItsIndex(t *testing.T) {
	db := openBooks(t)
	from, to := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, query string
		args        []any
		want        []string
	}{
		{"summary", fmt.Sprintf(dayParcelSumsQuery, "?, ?"), []any{20400, 20430, StatusProcessing, StatusDone},
			[]string{"SEARCH r USING PRIMARY KEY (day>? AND day<?)", "SEARCH s USING INTEGER PRIMARY KEY (rowid=?)"}},
		{"walk", fmt.Sprintf(parcelSumsQuery, "?, ?"), []any{ms(from), ms(to), StatusProcessing, StatusDone},
			[]string{"SEARCH o USING COVERING INDEX orders_report (created_at>? AND created_at<?)",
				"SEARCH p USING PRIMARY KEY (order_id=?)"}},
	} {
		plan := queryPlan(t, db, c.query, c.args...)
		joined := strings.Join(plan, "\n")
		for _, w := range c.want {
			if !strings.Contains(joined, w) {
				t.Errorf("%s: no %q in %q", c.name, w, plan)
			}
		}
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN ") {
				t.Errorf("%s reads a whole table: %q (plan %q)", c.name, step, plan)
			}
		}
	}
}
