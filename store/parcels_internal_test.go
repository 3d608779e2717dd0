package store

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The per-parcel ongkir section of /laporan reads a period's parcels
// through order_parcels_report and each order by its rowid: no table is
// read whole, however many orders the books hold.
func TestParcelSumsUsesItsIndex(t *testing.T) {
	db := openBooks(t)
	from, to := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	q := fmt.Sprintf(parcelSumsQuery, "?, ?")
	plan := queryPlan(t, db, q, ms(from), ms(to), StatusProcessing, StatusDone)
	joined := strings.Join(plan, "\n")
	if !strings.Contains(joined, "USING COVERING INDEX order_parcels_report (created_at>? AND created_at<?)") {
		t.Errorf("parcels are not walked by the period's index: %q", plan)
	}
	if !strings.Contains(joined, "SEARCH o USING INTEGER PRIMARY KEY") {
		t.Errorf("orders are not reached by rowid: %q", plan)
	}
	for _, step := range plan {
		if strings.HasPrefix(step, "SCAN ") {
			t.Errorf("reads a whole table: %q (plan %q)", step, plan)
		}
	}
}
