package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// queryPlan is the EXPLAIN QUERY PLAN of a query, one detail per step.
func queryPlan(t *testing.T, db *DB, query string, args ...any) []string {
	t.Helper()
	var plan []string
	err := db.View(context.Background(), func(tx *Tx) error {
		rows, err := tx.q.QueryContext(tx.ctx, "EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return err
			}
			plan = append(plan, detail)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatalf("plan of %q: %v", query, err)
	}
	return plan
}

// bigTables grow with the books: a hot query must never read one whole.
var bigTable = regexp.MustCompile(`^(SCAN|SEARCH) (orders|order_items|payments|status_log|orders_search)\b(?: AS \w+)?|^(SCAN|SEARCH) (o|i|p|l|j)\b`)

// TestHotQueriesUseIndexes: each query the chat runs on a path that a
// shop with a million orders walks every day reaches the orders, their
// lines and payments through an index (or the rowid), never by reading
// the table; the walks of the reports and the export need no sort either.
func TestHotQueriesUseIndexes(t *testing.T) {
	db := openBooks(t)
	from, to := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	sales, err := statusList([]string{StatusProcessing, StatusDone})
	if err != nil {
		t.Fatal(err)
	}
	open := []string{"status <> 'keranjang'"}
	text := func(t string) []any { return append(searchTextArgs(t, nil), 11, 0) }
	status := []any{StatusAwaitPay, StatusAwaitVerify, StatusProcessing, StatusPacked, StatusShipped,
		StatusComplaint, StatusReturn, StatusExchange, StatusRefund}
	queries := []struct {
		name, query string
		args        []any
		sortOK      bool // a sort of the few rows found is fine
	}{
		{"customer's orders (cek)", ordersOfCustomerQuery, []any{1, 10}, false},
		{"order by code", orderByCodeQuery, []any{"ABCDE"}, false},
		{"order's lines", orderItemsQuery, []any{1}, false},
		// Newest first without sorting the matches: the index is walked
		// from its highest rowid (a common name matches thousands).
		{"search by name", searchTextQuery(open), text("wulan"), false},
		{"search by phone", searchTextQuery(open), text("5678"), false},
		{"search by code", searchTextQuery(open), text("ABCDE"), false},
		{"search by name and status", searchTextQuery(append(open, "status = ?")), append(searchTextArgs("sari", []any{StatusDone}), 11, 0), false},
		{"list by status", searchOrdersQuery([]string{"status <> 'keranjang'", "status = ?"}), []any{StatusAwaitPay, 11, 0}, false},
		{"daily recap, open orders", recapOpenQuery, status, true},
		{"report orders", sumOrdersQuery, []any{ms(from), int64(86400000), ms(to)}, false},
		{"report lines", sumLinesQuery, []any{1, 100000}, false},
		{"report refunds", fmt.Sprintf(sumRefundsQuery, sales), []any{ms(from), int64(86400000), ms(to)}, true},
		{"export orders", eachOrderQuery, []any{ms(from), ms(to)}, false},
		{"export lines", eachItemQuery, []any{ms(from), ms(to)}, false},
		{"export payments", eachPaymentQuery, []any{ms(from), ms(to)}, false},
		{"report parcels, summary", fmt.Sprintf(dayParcelSumsQuery, "?, ?"), []any{20400, 20430, StatusProcessing, StatusDone}, true},
		{"report parcels, walk", fmt.Sprintf(parcelSumsQuery, "?, ?"), []any{ms(from), ms(to), StatusProcessing, StatusDone}, false},
	}
	for _, q := range queries {
		plan := queryPlan(t, db, q.query, q.args...)
		if len(plan) == 0 {
			t.Errorf("%s: empty plan", q.name)
		}
		for _, p := range planProblems(plan, q.sortOK) {
			t.Errorf("%s %s (plan %q)", q.name, p, plan)
		}
	}
	// The checker sees a scan: a text of two characters is still compared
	// with every order (orderTextFilter).
	short, shortArgs := orderTextFilter("ab")
	if p := planProblems(queryPlan(t, db, searchOrdersQuery([]string{short}), append(shortArgs, 11, 0)...), true); len(p) == 0 {
		t.Errorf("a two-letter search reads no whole table? %q", p)
	}
}

// planProblems lists what a query plan does that a hot query must not.
func planProblems(plan []string, sortOK bool) []string {
	var out []string
	for _, step := range plan {
		switch {
		case strings.Contains(step, "VIRTUAL TABLE"):
			// A virtual table's step is always a SCAN; ":M" says the FTS5
			// index answers a MATCH rather than reading it all.
			if !strings.Contains(step, ":M") {
				out = append(out, fmt.Sprintf("reads the whole search index: %q", step))
			}
		case bigTable.MatchString(step) && (strings.HasPrefix(step, "SCAN ") || !strings.Contains(step, " USING ")):
			out = append(out, fmt.Sprintf("reads a whole table: %q", step))
		case !sortOK && strings.Contains(step, "TEMP B-TREE"):
			out = append(out, fmt.Sprintf("sorts what it walks: %q", step))
		}
	}
	return out
}
