package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Target metrics.
const (
	MetricOrders  = "orders"  // number of orders
	MetricRevenue = "revenue" // goods sold, less refunds
)

// PartnerTarget is a goal for one partner (PartnerID) or every active
// partner of a tier, over [From, To), with a bonus when reached.
type PartnerTarget struct {
	ID           int64
	PartnerID    int64 // 0: every partner of Tier
	Tier         string
	Metric       string
	Goal         decimal.Decimal // an order count or rupiah
	From, To     time.Time
	BonusFixed   decimal.Decimal
	BonusPercent decimal.Decimal // of the period's revenue
	Actor        string
	CreatedAt    time.Time
}

// AddPartnerTarget stores a target.
func (tx *Tx) AddPartnerTarget(t PartnerTarget) (int64, error) {
	t.Tier = strings.TrimSpace(t.Tier)
	switch {
	case t.PartnerID == 0 && t.Tier == "":
		return 0, Errorf(EInvalid, "a target is for a partner or a tier")
	case t.Metric != MetricOrders && t.Metric != MetricRevenue:
		return 0, Errorf(EInvalid, "unknown target metric %q", t.Metric)
	case !t.Goal.IsPositive():
		return 0, Errorf(EInvalid, "a target needs a positive goal")
	case t.Metric == MetricOrders && !t.Goal.Equal(t.Goal.Truncate(0)):
		return 0, Errorf(EInvalid, "an order count is a whole number")
	case !t.To.After(t.From):
		return 0, Errorf(EInvalid, "a target's period ends after it starts")
	case t.BonusFixed.IsNegative() || t.BonusPercent.IsNegative() || (t.BonusFixed.IsZero() && t.BonusPercent.IsZero()):
		return 0, Errorf(EInvalid, "a target needs a positive bonus")
	case t.Actor == "":
		return 0, Errorf(EInvalid, "a target needs an actor")
	}
	if t.PartnerID != 0 {
		if _, err := tx.PartnerByID(t.PartnerID); err != nil {
			return 0, err
		}
	}
	res, err := tx.exec(`INSERT INTO partner_targets (partner_id, tier, metric, goal, period_from, period_to, bonus_fixed,
		bonus_percent, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, nullID(t.PartnerID), t.Tier, t.Metric,
		t.Goal.String(), ms(t.From), ms(t.To), t.BonusFixed.String(), t.BonusPercent.String(), t.Actor, ms(tx.now))
	if err != nil {
		return 0, fmt.Errorf("add partner target: %w", err)
	}
	return res.LastInsertId()
}

const targetCols = `id, IFNULL(partner_id, 0), tier, metric, goal, period_from, period_to, bonus_fixed, bonus_percent,
	actor, created_at`

func scanTarget(r scanner) (PartnerTarget, error) {
	var t PartnerTarget
	var goal, fixed, pct string
	var from, to, created int64
	if err := r.Scan(&t.ID, &t.PartnerID, &t.Tier, &t.Metric, &goal, &from, &to, &fixed, &pct, &t.Actor, &created); err != nil {
		return t, err
	}
	t.From, t.To, t.CreatedAt = fromMS(from), fromMS(to), fromMS(created)
	err := readDecimals(fmt.Sprintf("target %d", t.ID), []*decimal.Decimal{&t.Goal, &t.BonusFixed, &t.BonusPercent},
		goal, fixed, pct)
	return t, err
}

// PartnerTargetByID returns one target.
func (tx *Tx) PartnerTargetByID(id int64) (PartnerTarget, error) {
	return oneRow(tx.row(`SELECT `+targetCols+` FROM partner_targets WHERE id = ?`, id), scanTarget, fmt.Sprintf("target %d", id))
}

// TargetsOfPartner lists the targets that apply to a partner (their own
// and their tier's) whose period has not ended before since.
func (tx *Tx) TargetsOfPartner(partnerID int64, since time.Time) ([]PartnerTarget, error) {
	rows, err := tx.query(`SELECT `+targetCols+` FROM partner_targets
		WHERE (partner_id = ?1 OR (partner_id IS NULL AND tier <> '' AND tier = (SELECT tier FROM partners WHERE id = ?1)))
		AND period_to > ?2 ORDER BY period_from, id`, partnerID, ms(since))
	if err != nil {
		return nil, fmt.Errorf("targets of partner: %w", err)
	}
	return scanAll(rows, scanTarget)
}

// TargetProgress is how far a partner is towards a target. Orders and
// Revenue count the period's orders that still earn (pending or payable);
// the Confirmed figures count only released ones, and decide Reached.
type TargetProgress struct {
	Target           PartnerTarget
	PartnerID        int64
	Orders           int
	Revenue          decimal.Decimal
	ConfirmedOrders  int
	ConfirmedRevenue decimal.Decimal
	Unsettled        int  // the period's orders still pending or in review
	Reached          bool // on confirmed figures
	Paid             bool // the bonus line exists
}

// TargetProgressOf measures a partner against a target.
func (tx *Tx) TargetProgressOf(targetID, partnerID int64) (TargetProgress, error) {
	t, err := tx.PartnerTargetByID(targetID)
	if err != nil {
		return TargetProgress{}, err
	}
	return tx.progress(t, partnerID)
}

// periodOrder is one of a partner's orders placed in a period that is not
// void, with its goods less refunds.
type periodOrder struct {
	orderID int64
	status  string
	net     decimal.Decimal // goods less refunds, never below zero
	refund  bool            // something was refunded
}

func (tx *Tx) periodOrders(partnerID int64, from, to time.Time) ([]periodOrder, error) {
	rows, err := tx.query(`SELECT order_id, status, base, refunded FROM partner_orders
		WHERE partner_id = ? AND created_at >= ? AND created_at < ? AND status <> 'void' ORDER BY order_id`,
		partnerID, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("partner orders of a period: %w", err)
	}
	return scanAll(rows, func(r scanner) (periodOrder, error) {
		var x periodOrder
		var baseText, refundedText string
		if err := r.Scan(&x.orderID, &x.status, &baseText, &refundedText); err != nil {
			return x, err
		}
		var base, refunded decimal.Decimal
		if err := readDecimals(fmt.Sprintf("partner order %d", x.orderID), []*decimal.Decimal{&base, &refunded},
			baseText, refundedText); err != nil {
			return x, err
		}
		x.net, x.refund = decimal.Max(base.Sub(refunded), decimal.Zero), refunded.IsPositive()
		return x, nil
	})
}

func (tx *Tx) progress(t PartnerTarget, partnerID int64) (TargetProgress, error) {
	pr := TargetProgress{Target: t, PartnerID: partnerID, Revenue: decimal.Zero, ConfirmedRevenue: decimal.Zero}
	list, err := tx.periodOrders(partnerID, t.From, t.To)
	if err != nil {
		return pr, err
	}
	for _, x := range list {
		if x.status == POReview || x.status == POPending {
			pr.Unsettled++
		}
		if x.status == POReview || (x.refund && x.net.IsZero()) {
			continue // earns nothing (yet), or was refunded in full
		}
		pr.Orders++
		pr.Revenue = pr.Revenue.Add(x.net)
		if x.status == POPayable {
			pr.ConfirmedOrders++
			pr.ConfirmedRevenue = pr.ConfirmedRevenue.Add(x.net)
		}
	}
	switch t.Metric {
	case MetricOrders:
		pr.Reached = decimal.NewFromInt(int64(pr.ConfirmedOrders)).GreaterThanOrEqual(t.Goal)
	case MetricRevenue:
		pr.Reached = pr.ConfirmedRevenue.GreaterThanOrEqual(t.Goal)
	}
	var n int
	if err := tx.row(`SELECT count(*) FROM partner_ledger WHERE target_id = ? AND partner_id = ? AND kind = 'bonus'`,
		t.ID, partnerID).Scan(&n); err != nil {
		return pr, fmt.Errorf("target bonus: %w", err)
	}
	pr.Paid = n > 0
	return pr, nil
}

// TargetBonus computes a bonus from a target's fixed amount, percent and
// the period's revenue (flows/commission.Bonus).
type TargetBonus func(fixed, percent, revenue decimal.Decimal) decimal.Decimal

// AwardDueBonuses writes a bonus line (payable at once, once per target and
// partner) for every partner who reached a target on released orders. A
// bonus with a percent waits until the period has ended and none of its
// orders is still pending, so the percent is of the final revenue. The
// jobs loop calls it after ReleaseDueCommissions; it returns the lines, so
// the partners can be told.
func (tx *Tx) AwardDueBonuses(bonus TargetBonus) ([]PartnerLine, error) {
	targets, err := tx.query(`SELECT `+targetCols+` FROM partner_targets WHERE period_from <= ? ORDER BY id`, ms(tx.now))
	if err != nil {
		return nil, fmt.Errorf("due bonuses: %w", err)
	}
	list, err := scanAll(targets, scanTarget)
	if err != nil {
		return nil, err
	}
	var out []PartnerLine
	for _, t := range list {
		partners := []int64{t.PartnerID}
		if t.PartnerID == 0 {
			rows, err := tx.query(`SELECT id FROM partners WHERE tier = ? AND status = 'active' ORDER BY id`, t.Tier)
			if err != nil {
				return nil, fmt.Errorf("due bonuses: %w", err)
			}
			if partners, err = scanAll(rows, func(r scanner) (int64, error) {
				var id int64
				return id, r.Scan(&id)
			}); err != nil {
				return nil, err
			}
		}
		for _, pid := range partners {
			pr, err := tx.progress(t, pid)
			if err != nil {
				return nil, err
			}
			if !pr.Reached || pr.Paid {
				continue
			}
			if t.BonusPercent.IsPositive() && (tx.now.Before(t.To) || pr.Unsettled > 0) {
				continue
			}
			amount := bonus(t.BonusFixed, t.BonusPercent, pr.ConfirmedRevenue)
			if !amount.IsPositive() {
				continue
			}
			l := PartnerLine{PartnerID: pid, Kind: PLBonus, Amount: amount, TargetID: t.ID, Actor: "system", At: tx.now}
			if l.ID, err = tx.addPartnerLine(l); err != nil {
				return nil, err
			}
			out = append(out, l)
		}
	}
	return out, nil
}

// PartnerKPI is one partner's figures for a period.
type PartnerKPI struct {
	PartnerID  int64
	Arrivals   int             // arrivals with the partner's code in the period
	Visitors   int             // distinct customers among them
	Converted  int             // of those visitors, how many placed an order carrying the partner
	Conversion decimal.Decimal // Converted / Visitors in percent, one decimal place
	Orders     int             // orders placed in the period that still earn or wait (not void)
	Revenue    decimal.Decimal // their goods, less refunds
	Commission decimal.Decimal // what they net the partner now
}

// PartnerKPIOf computes a partner's figures for [from, to).
func (tx *Tx) PartnerKPIOf(partnerID int64, from, to time.Time) (PartnerKPI, error) {
	k := PartnerKPI{PartnerID: partnerID, Conversion: decimal.Zero, Revenue: decimal.Zero, Commission: decimal.Zero}
	err := tx.row(`SELECT count(*), count(DISTINCT customer_id),
		(SELECT count(DISTINCT a.customer_id) FROM partner_attributions a WHERE a.partner_id = ?1 AND a.at >= ?2 AND a.at < ?3
			AND EXISTS (SELECT 1 FROM partner_orders po JOIN orders o ON o.id = po.order_id
				WHERE po.partner_id = ?1 AND o.customer_id = a.customer_id AND po.created_at >= a.at AND po.created_at < ?3))
		FROM partner_attributions WHERE partner_id = ?1 AND at >= ?2 AND at < ?3`, partnerID, ms(from), ms(to)).
		Scan(&k.Arrivals, &k.Visitors, &k.Converted)
	if err != nil {
		return k, fmt.Errorf("partner kpi: %w", err)
	}
	if k.Visitors > 0 {
		k.Conversion = decimal.NewFromInt(int64(k.Converted * 100)).Div(decimal.NewFromInt(int64(k.Visitors))).Round(1)
	}
	list, err := tx.periodOrders(partnerID, from, to)
	if err != nil {
		return k, err
	}
	for _, x := range list {
		k.Orders++
		k.Revenue = k.Revenue.Add(x.net)
		net, err := tx.orderNet(PartnerOrder{OrderID: x.orderID, PartnerID: partnerID})
		if err != nil {
			return k, err
		}
		k.Commission = k.Commission.Add(net)
	}
	return k, nil
}

// PartnerKPIs computes the figures of every partner that is active or had
// arrivals or orders in [from, to), by partner id.
func (tx *Tx) PartnerKPIs(from, to time.Time) ([]PartnerKPI, error) {
	rows, err := tx.query(`SELECT id FROM partners WHERE status = 'active'
		UNION SELECT partner_id FROM partner_attributions WHERE at >= ?1 AND at < ?2
		UNION SELECT partner_id FROM partner_orders WHERE created_at >= ?1 AND created_at < ?2 ORDER BY 1`, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("partner kpis: %w", err)
	}
	ids, err := scanAll(rows, func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil {
		return nil, err
	}
	out := make([]PartnerKPI, 0, len(ids))
	for _, id := range ids {
		k, err := tx.PartnerKPIOf(id, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}
