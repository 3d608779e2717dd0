package commission

import (
	"encoding/json"
	"fmt"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// This file adapts the rules to the store's types, so checkout and the
// after-sales code hand the rules to the books in one call:
//
//	tx.AttributeOrder(orderID, commission.Quote)
//	tx.ClawbackOrder(orderID, goods, reason, actor, commission.Clawback)

// snapshotVersion marks the shape of a stored snapshot.
const snapshotVersion = 1

// Snapshot is what an order keeps of the rules it was placed under.
type Snapshot struct {
	Version int `json:"v"`
	Result
}

// Quote is a store.CommissionQuoter: it computes the commission of a quote
// and returns it with the JSON snapshot of the rules applied.
func Quote(q store.CommissionQuote) (decimal.Decimal, string, error) {
	lines := make([]Line, len(q.Lines))
	for i, l := range q.Lines {
		lines[i] = Line{SKU: l.SKU, Category: l.Category, Qty: l.Qty, Total: l.Total}
	}
	rules := make([]Rule, 0, len(q.Rules))
	for _, r := range q.Rules {
		if r.PartnerKind != q.PartnerKind {
			continue
		}
		rules = append(rules, Rule{ID: r.ID, Scope: r.Scope, Ref: r.Ref, Percent: r.Percent, Fixed: r.Fixed, Cap: r.Cap})
	}
	res, err := Compute(q.PartnerKind, q.PartnerTier, lines, rules)
	if err != nil {
		return decimal.Zero, "", err
	}
	b, err := json.Marshal(Snapshot{Version: snapshotVersion, Result: res})
	if err != nil {
		return decimal.Zero, "", fmt.Errorf("commission snapshot: %w", err)
	}
	return res.Amount, string(b), nil
}

// ReadSnapshot decodes an order's stored snapshot, for showing the owner
// which rule an order earned under.
func ReadSnapshot(s string) (Snapshot, error) {
	var snap Snapshot
	if err := json.Unmarshal([]byte(s), &snap); err != nil {
		return snap, fmt.Errorf("commission snapshot: %w", err)
	}
	return snap, nil
}

var _ store.CommissionQuoter = Quote
var _ store.CommissionClawback = Clawback
var _ store.TargetBonus = Bonus
