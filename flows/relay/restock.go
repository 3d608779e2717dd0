package relay

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/store"
)

// A paid order whose customer chose to wait for a restock must not be
// forgotten: a restock of its variant names it (and holds its quantity),
// and while it waits the group and the owner are reminded.
const (
	// JobRestockRemind reminds about an order still waiting for a
	// restock. ref: "CODE/n", n the reminder's number (1…restockReminders).
	JobRestockRemind = "supplier.restock_remind"

	restockFirstRemind = 48 * time.Hour // after the customer chose to wait
	restockNextRemind  = 24 * time.Hour // between the later reminders
	restockReminders   = 3              // at most this many
)

// waitingLine is one out-of-stock line of a variant that a restock is for.
type waitingLine struct {
	order store.Order
	item  store.OrderItem
	held  bool // the restock covers it: its quantity is kept out of the stock for sale
}

// restockFor reads the orders waiting for a variant and holds, oldest
// first, the quantity of each line the counted stock covers. It returns
// the lines and the stock left for sale.
func (t *turn) restockFor(variantID, count int64) ([]waitingLine, int64, error) {
	codes, err := t.Tx.OrdersWaitingForVariant(variantID)
	if err != nil {
		return nil, count, err
	}
	var lines []waitingLine
	left := count
	for _, code := range codes {
		o, err := t.Tx.OrderByCode(code)
		if err != nil {
			return nil, count, err
		}
		for _, it := range o.Items {
			if it.VariantID != variantID || it.Status != store.ItemOut {
				continue
			}
			l := waitingLine{order: o, item: it}
			if q := int64(it.Qty); q <= left {
				l.held, left = true, left-q
			}
			lines = append(lines, l)
		}
	}
	return lines, left, nil
}

// restockNotes are the lines under a /stok answer that name the waiting
// orders, and the owner's notice; both are empty when nobody waits.
func (t *turn) restockNotes(name string, count, left int64, lines []waitingLine) (group string, err error) {
	if len(lines) == 0 {
		return "", nil
	}
	owner := t.OwnerPrinter()
	var rows, codes, ownerRows []string
	seen := map[string]bool{}
	for _, l := range lines {
		key := "relay.restock_line_wait"
		if l.held {
			key = "relay.restock_line_held"
		}
		items := ItemNames([]store.OrderItem{l.item})
		rows = append(rows, t.P.T(key, "code", l.order.Code, "items", items))
		ownerRows = append(ownerRows, owner.T(key, "code", l.order.Code, "items", items))
		if !seen[l.order.Code] {
			seen[l.order.Code] = true
			codes = append(codes, l.order.Code)
		}
	}
	sup, err := t.Tx.SupplierByID(t.Who.SupplierID)
	if err != nil {
		return "", err
	}
	t.TellOwners(chat.Ref{Kind: "order", ID: codes[0]}, owner.T("relay.owner_restock", "supplier", sup.Code, "name", name,
		"count", count, "left", left, "lines", strings.Join(ownerRows, "\n")))
	return t.P.T("relay.group_restock", "count", count, "left", left, "lines", strings.Join(rows, "\n"),
		"code", codes[0]), nil
}

// scheduleRestockReminder plans reminder n about an order waiting for a
// restock.
func (t *turn) scheduleRestockReminder(code string, n int) error {
	after := restockNextRemind
	if n == 1 {
		after = restockFirstRemind
	}
	return t.Tx.ScheduleJob(JobRestockRemind, fmt.Sprintf("%s/%d", code, n), t.Tx.Now().Add(after))
}

// restockReminder: an order still waiting for a restock is brought up in
// its suppliers' groups and to the owner; the next one is planned until the
// last.
func (t *turn) restockReminder(ref string) error {
	code, num, ok := strings.Cut(ref, "/")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 1 || n > restockReminders {
		return nil
	}
	o, err := t.Tx.OrderByCode(code)
	if store.IsNotFound(err) || (err == nil && !released(o.Status)) {
		return nil
	}
	if err != nil {
		return err
	}
	out := outItems(o)
	if len(out) == 0 {
		return nil // shipped, swapped or cancelled meanwhile
	}
	names := ItemNames(out)
	if err := t.tellShippers(o, out, "relay.remind_restock", "items", names); err != nil {
		return err
	}
	key := "relay.owner_remind_restock"
	if n == restockReminders {
		key = "relay.owner_remind_restock_last"
	}
	t.TellOwners(chat.Ref{Kind: "order", ID: o.Code}, t.OwnerPrinter().T(key, "code", o.Code, "items", names, "n", n, "max", restockReminders))
	if n < restockReminders {
		return t.scheduleRestockReminder(o.Code, n+1)
	}
	return nil
}
