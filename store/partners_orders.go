package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Commission rule scopes, most specific first.
const (
	ScopeProduct  = "product"  // ref = the product's SKU
	ScopeCategory = "category" // ref = the product's category
	ScopeTier     = "tier"     // ref = the partner's tier name
	ScopeDefault  = "default"  // ref = ''
)

// CommissionRule is one of the owner's commission rules. Percent is of a
// line's goods total, Fixed is per unit; Cap (when Valid) limits what one
// order earns under the rule.
type CommissionRule struct {
	ID          int64
	PartnerKind string
	Scope       string
	Ref         string
	Percent     decimal.Decimal
	Fixed       decimal.Decimal
	Cap         decimal.NullDecimal
	Actor       string
	UpdatedAt   time.Time
}

// SetCommissionRule stores a rule, replacing the one with the same kind,
// scope and ref. Orders already placed keep the rule they were placed under.
func (tx *Tx) SetCommissionRule(r CommissionRule) (int64, error) {
	r.Ref = strings.TrimSpace(r.Ref)
	switch {
	case !validKind(r.PartnerKind):
		return 0, Errorf(EInvalid, "unknown partner kind %q", r.PartnerKind)
	case r.Scope != ScopeProduct && r.Scope != ScopeCategory && r.Scope != ScopeTier && r.Scope != ScopeDefault:
		return 0, Errorf(EInvalid, "unknown rule scope %q", r.Scope)
	case (r.Scope == ScopeDefault) != (r.Ref == ""):
		return 0, Errorf(EInvalid, "a default rule has no ref and every other rule has one")
	case r.Actor == "":
		return 0, Errorf(EInvalid, "a commission rule needs an actor")
	case r.Percent.IsNegative() || r.Fixed.IsNegative() || (r.Cap.Valid && r.Cap.Decimal.IsNegative()):
		return 0, Errorf(EInvalid, "a commission rule cannot be negative")
	case r.Percent.GreaterThan(decimal.NewFromInt(100)):
		return 0, Errorf(EInvalid, "a commission above 100 %% of the goods")
	}
	var cap string
	if r.Cap.Valid {
		cap = r.Cap.Decimal.String()
	}
	var id int64
	err := tx.row(`INSERT INTO commission_rules (partner_kind, scope, ref, percent, fixed, cap, actor, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partner_kind, scope, ref) DO UPDATE SET percent = excluded.percent, fixed = excluded.fixed,
			cap = excluded.cap, actor = excluded.actor, updated_at = excluded.updated_at
		RETURNING id`, r.PartnerKind, r.Scope, r.Ref, r.Percent.String(), r.Fixed.String(), cap, r.Actor, ms(tx.now)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("set commission rule: %w", err)
	}
	return id, nil
}

// DeleteCommissionRule removes a rule; ok is false when there was none.
func (tx *Tx) DeleteCommissionRule(id int64) (bool, error) {
	res, err := tx.exec(`DELETE FROM commission_rules WHERE id = ?`, id)
	if err != nil {
		return false, fmt.Errorf("delete commission rule: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// CommissionRules lists the rules for a partner kind ("" = both).
func (tx *Tx) CommissionRules(kind string) ([]CommissionRule, error) {
	rows, err := tx.query(`SELECT id, partner_kind, scope, ref, percent, fixed, cap, actor, updated_at
		FROM commission_rules WHERE ?1 = '' OR partner_kind = ?1 ORDER BY partner_kind, scope, ref`, kind)
	if err != nil {
		return nil, fmt.Errorf("commission rules: %w", err)
	}
	return scanAll(rows, func(r scanner) (CommissionRule, error) {
		var c CommissionRule
		var pct, fixed, cap string
		var at int64
		if err := r.Scan(&c.ID, &c.PartnerKind, &c.Scope, &c.Ref, &pct, &fixed, &cap, &c.Actor, &at); err != nil {
			return c, err
		}
		c.UpdatedAt = fromMS(at)
		if err := readDecimals(fmt.Sprintf("rule %d", c.ID), []*decimal.Decimal{&c.Percent, &c.Fixed}, pct, fixed); err != nil {
			return c, err
		}
		if cap != "" {
			d, err := decimal.NewFromString(cap)
			if err != nil {
				return c, fmt.Errorf("rule %d cap: %w", c.ID, err)
			}
			c.Cap = decimal.NewNullDecimal(d)
		}
		return c, nil
	})
}

// CommissionLine is one order line as the commission rules see it.
type CommissionLine struct {
	SKU      string
	Category string // the product's category now ('' when the product is gone)
	Qty      int
	Total    decimal.Decimal // qty × unit price at order time
}

// CommissionQuote is what a commission is computed from: the partner, the
// order's goods (never ongkir, COD fee or kode unik) and the rules in force.
type CommissionQuote struct {
	PartnerKind string
	PartnerTier string
	Lines       []CommissionLine
	Rules       []CommissionRule // of the partner's kind
}

// CommissionQuoter turns a quote into the commission and a snapshot of the
// rules it applied (flows/commission.Quote).
type CommissionQuoter func(CommissionQuote) (amount decimal.Decimal, snapshot string, err error)

// Partner order statuses.
const (
	POReview  = "review"  // self-referral: earns nothing until the owner decides
	POPending = "pending" // held until completed and the return window closed
	POPayable = "payable" // released into the payable balance
	POVoid    = "void"    // cancelled or refused; VoidReason says why
)

// PartnerOrder is an order that carries a partner, with its locked
// commission. It holds no buyer data.
type PartnerOrder struct {
	OrderID      int64
	PartnerID    int64
	Status       string
	Base         decimal.Decimal // the goods subtotal
	Commission   decimal.Decimal // locked at placement
	Rule         string          // snapshot of the rules applied
	Refunded     decimal.Decimal // goods refunded so far
	SelfReferral string          // empty, or what matched: customer, chat, phone, address
	VoidReason   string
	CreatedAt    time.Time
	ReleasedAt   time.Time
}

const partnerOrderCols = `order_id, partner_id, status, base, commission, rule, refunded, self_referral, void_reason,
	created_at, released_at`

func scanPartnerOrder(r scanner) (PartnerOrder, error) {
	var po PartnerOrder
	var base, comm, refunded string
	var created int64
	var released sql.NullInt64
	if err := r.Scan(&po.OrderID, &po.PartnerID, &po.Status, &base, &comm, &po.Rule, &refunded, &po.SelfReferral,
		&po.VoidReason, &created, &released); err != nil {
		return po, err
	}
	po.CreatedAt, po.ReleasedAt = fromMS(created), nullMS(released)
	err := readDecimals(fmt.Sprintf("partner order %d", po.OrderID),
		[]*decimal.Decimal{&po.Base, &po.Commission, &po.Refunded}, base, comm, refunded)
	return po, err
}

// PartnerOrderOf returns the partner record of an order (ENotFound when the
// order carries no partner).
func (tx *Tx) PartnerOrderOf(orderID int64) (PartnerOrder, error) {
	return oneRow(tx.row(`SELECT `+partnerOrderCols+` FROM partner_orders WHERE order_id = ?`, orderID),
		scanPartnerOrder, fmt.Sprintf("partner of order %d", orderID))
}

// AttributeOrder is called by checkout when the order is placed (the cart
// leaves keranjang): when its customer arrived with an active partner's
// code within the window before now, the order carries that partner, with
// the commission quote computes locked on it. An order whose buyer is the partner, or whose recipient phone or
// address is the partner's own, is flagged (review) and earns nothing until
// the owner decides. ok is false when no partner is in force, and for an
// order at the reseller price (a reseller's own stock). Calling it
// again returns what the first call stored.
func (tx *Tx) AttributeOrder(orderID int64, quote CommissionQuoter) (po PartnerOrder, ok bool, err error) {
	if po, err := tx.PartnerOrderOf(orderID); err == nil {
		return po, true, nil
	} else if !IsNotFound(err) {
		return po, false, err
	}
	o, err := scanOrder(tx.row(`SELECT `+orderCols+` FROM orders WHERE id = ?`, orderID))
	if errors.Is(err, sql.ErrNoRows) {
		return po, false, Errorf(ENotFound, "order %d", orderID)
	}
	if err != nil {
		return po, false, fmt.Errorf("attribute order: %w", err)
	}
	if o.Tier == PriceTierReseller {
		// Bought at the reseller price: a reseller's stock, not a referred sale.
		return po, false, nil
	}
	attrID, partnerID, found, err := tx.attributionAt(o.CustomerID, tx.now)
	if err != nil || !found {
		return po, false, err
	}
	p, err := tx.PartnerByID(partnerID)
	if err != nil {
		return po, false, err
	}
	q := CommissionQuote{PartnerKind: p.Kind, PartnerTier: p.Tier}
	if q.Lines, err = tx.commissionLines(orderID); err != nil {
		return po, false, err
	}
	if q.Rules, err = tx.CommissionRules(p.Kind); err != nil {
		return po, false, err
	}
	amount, snapshot, err := quote(q)
	if err != nil {
		return po, false, fmt.Errorf("commission of order %d: %w", orderID, err)
	}
	if amount.IsNegative() {
		return po, false, Errorf(EInvalid, "a negative commission")
	}
	po = PartnerOrder{OrderID: orderID, PartnerID: p.ID, Status: POPending, Commission: amount, Rule: snapshot,
		Refunded: decimal.Zero, CreatedAt: tx.now}
	for _, l := range q.Lines {
		po.Base = po.Base.Add(l.Total)
	}
	if po.SelfReferral, err = tx.selfReferral(p, o); err != nil {
		return po, false, err
	}
	if po.SelfReferral != "" {
		po.Status = POReview
	}
	_, err = tx.exec(`INSERT INTO partner_orders (order_id, partner_id, attribution_id, status, base, commission, rule,
		refunded, self_referral, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '0', ?, ?, ?)`,
		orderID, p.ID, attrID, po.Status, po.Base.String(), amount.String(), snapshot, po.SelfReferral, ms(tx.now), ms(tx.now))
	if err != nil {
		return po, false, fmt.Errorf("attribute order: %w", err)
	}
	if po.Status == POPending {
		if err := tx.holdCommission(po, "system"); err != nil {
			return po, false, err
		}
	}
	return po, true, nil
}

// holdCommission writes an order's commission as a held ledger line.
func (tx *Tx) holdCommission(po PartnerOrder, actor string) error {
	if po.Commission.IsZero() {
		return nil
	}
	_, err := tx.addPartnerLine(PartnerLine{PartnerID: po.PartnerID, Kind: PLCommission, Amount: po.Commission,
		Held: true, OrderID: po.OrderID, Actor: actor})
	return err
}

// commissionLines lists an order's lines that still count, with each
// product's category.
func (tx *Tx) commissionLines(orderID int64) ([]CommissionLine, error) {
	rows, err := tx.query(`SELECT i.sku, IFNULL(p.category, ''), i.qty, i.unit_price FROM order_items i
		LEFT JOIN variants v ON v.id = i.variant_id LEFT JOIN products p ON p.id = v.product_id
		WHERE i.order_id = ? AND i.status <> 'dibatalkan' ORDER BY i.id`, orderID)
	if err != nil {
		return nil, fmt.Errorf("commission lines: %w", err)
	}
	return scanAll(rows, func(r scanner) (CommissionLine, error) {
		var l CommissionLine
		var price string
		if err := r.Scan(&l.SKU, &l.Category, &l.Qty, &price); err != nil {
			return l, err
		}
		unit, err := decimal.NewFromString(price)
		if err != nil {
			return l, fmt.Errorf("commission line price: %w", err)
		}
		l.Total = unit.Mul(decimal.NewFromInt(int64(l.Qty)))
		return l, nil
	})
}

// selfReferral says what of the order is the partner's own: the buyer
// ("customer"), the WhatsApp chat it came from ("chat"), the recipient
// phone ("phone") or the delivery address ("address"); empty when nothing
// is. The partner's phones are the one they gave, their saved addresses'
// and their WhatsApp numbers.
func (tx *Tx) selfReferral(p Partner, o Order) (string, error) {
	if o.CustomerID == p.CustomerID {
		return "customer", nil
	}
	phones := map[string]bool{}
	if d := phoneDigits(p.Phone); d != "" {
		phones[d] = true
	}
	addrs := map[string]bool{}
	rows, err := tx.query(`SELECT phone, line, postal_code FROM addresses WHERE customer_id = ?`, p.CustomerID)
	if err != nil {
		return "", fmt.Errorf("partner addresses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var phone, line, postal string
		if err := rows.Scan(&phone, &line, &postal); err != nil {
			return "", err
		}
		if d := phoneDigits(phone); d != "" {
			phones[d] = true
		}
		if k := addressKey(line, postal); k != "" {
			addrs[k] = true
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	// The partner's own WhatsApp numbers (phone ids only: a lid holds none).
	rows, err = tx.query(`SELECT user_id FROM identities WHERE customer_id = ? AND channel = 'whatsapp'
		AND user_id LIKE '%@s.whatsapp.net'`, p.CustomerID)
	if err != nil {
		return "", fmt.Errorf("partner identities: %w", err)
	}
	ids, err := scanAll(rows, func(r scanner) (string, error) {
		var id string
		return id, r.Scan(&id)
	})
	if err != nil {
		return "", err
	}
	for _, id := range ids {
		if d := whatsappPhone(id); d != "" {
			phones[d] = true
		}
	}
	if d := whatsappPhone(o.ChatID); o.Channel == "whatsapp" && d != "" && phones[d] {
		return "chat", nil
	}
	if d := phoneDigits(o.RecipientPhone); d != "" && phones[d] {
		return "phone", nil
	}
	if k := addressKey(o.AddressLine, o.PostalCode); k != "" && addrs[k] {
		return "address", nil
	}
	return "", nil
}

// phoneDigits is a phone number reduced to its digits in the 62… form, so
// 0812…, +62 812… and 62812… compare equal; empty when too short to mean one.
func phoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0"):
		d = "62" + d[1:]
	case strings.HasPrefix(d, "8"):
		d = "62" + d
	}
	if len(d) < 9 {
		return ""
	}
	return d
}

// whatsappPhone is the phone of a WhatsApp phone id ("62…@s.whatsapp.net"),
// empty for any other id (a lid, a group).
func whatsappPhone(id string) string {
	user, ok := strings.CutSuffix(id, "@s.whatsapp.net")
	if !ok {
		return ""
	}
	user, _, _ = strings.Cut(user, ":") // a device suffix
	return phoneDigits(user)
}

// addressKey is an address line and postal code reduced to lower-case
// letters and digits, so spacing and punctuation do not hide a match.
func addressKey(line, postal string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(line + "|" + postal) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '|' {
			b.WriteRune(r)
		}
	}
	k := b.String()
	if len(k) < 8 {
		return ""
	}
	return k
}

// DecideSelfReferral is the owner's word on a flagged order: allow lets it
// earn its locked commission like any other (less what refunds made while
// it waited take back, by claw); otherwise it is void with reason.
func (tx *Tx) DecideSelfReferral(orderID int64, allow bool, actor, reason string, claw CommissionClawback) error {
	po, err := tx.PartnerOrderOf(orderID)
	if err != nil {
		return err
	}
	if po.Status != POReview {
		return Errorf(EConflict, "order %d is %s, not waiting for review", orderID, po.Status)
	}
	if !allow {
		return tx.setPartnerOrderStatus(po, POVoid, actor, reason)
	}
	if err := tx.setPartnerOrderStatus(po, POPending, actor, reason); err != nil {
		return err
	}
	if err := tx.holdCommission(po, actor); err != nil {
		return err
	}
	if !po.Refunded.IsPositive() {
		return nil
	}
	back := decimal.Min(claw(po.Commission, po.Base, decimal.Zero, po.Refunded), po.Commission)
	if !back.IsPositive() {
		return nil
	}
	_, err = tx.addPartnerLine(PartnerLine{PartnerID: po.PartnerID, Kind: PLClawback, Amount: back.Neg(), Held: true,
		OrderID: orderID, Note: reason, Actor: actor})
	return err
}

func (tx *Tx) setPartnerOrderStatus(po PartnerOrder, to, actor, reason string) error {
	if actor == "" {
		return Errorf(EInvalid, "a partner order change needs an actor")
	}
	voidReason := ""
	if to == POVoid {
		voidReason = reason
	}
	var released any
	if to == POPayable {
		released = ms(tx.now)
	}
	res, err := tx.exec(`UPDATE partner_orders SET status = ?, void_reason = ?, released_at = COALESCE(?, released_at),
		updated_at = ? WHERE order_id = ? AND status = ?`, to, voidReason, released, ms(tx.now), po.OrderID, po.Status)
	if err != nil {
		return fmt.Errorf("partner order status: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Errorf(EConflict, "partner order %d is no longer %s", po.OrderID, po.Status)
	}
	return tx.logStatus("partner_order", po.OrderID, po.Status, to, actor, reason)
}

// VoidPartnerOrder takes back the commission of an order that will not be
// completed (a held negative line, so the order nets zero); reason is what
// the partner reads. SetOrderStatus calls it by itself when an order is
// cancelled or expires, with the new status (dibatalkan, kedaluwarsa) as
// the reason, so the chat shows that status's label. ok is false when
// the order carries no partner or is void already.
func (tx *Tx) VoidPartnerOrder(orderID int64, reason, actor string) (bool, error) {
	if strings.TrimSpace(reason) == "" {
		return false, Errorf(EInvalid, "voiding a commission needs a reason")
	}
	po, err := tx.PartnerOrderOf(orderID)
	if IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	switch po.Status {
	case POVoid:
		return false, nil
	case POPayable:
		return false, Errorf(EConflict, "order %d's commission is released: claw it back instead", orderID)
	}
	net, err := tx.orderNet(po)
	if err != nil {
		return false, err
	}
	if err := tx.setPartnerOrderStatus(po, POVoid, actor, reason); err != nil {
		return false, err
	}
	if net.IsZero() {
		return true, nil
	}
	_, err = tx.addPartnerLine(PartnerLine{PartnerID: po.PartnerID, Kind: PLClawback, Amount: net.Neg(), Held: true,
		OrderID: orderID, Note: reason, Actor: actor})
	return true, err
}

// orderNet adds up an order's ledger lines (its commission less clawbacks).
func (tx *Tx) orderNet(po PartnerOrder) (decimal.Decimal, error) {
	lines, err := tx.partnerLines(`SELECT `+partnerLineCols+` FROM partner_ledger l WHERE l.order_id = ? AND l.partner_id = ?
		AND l.kind IN ('commission', 'clawback') ORDER BY l.id`, po.OrderID, po.PartnerID)
	if err != nil {
		return decimal.Zero, err
	}
	return sumLines(lines), nil
}

// CommissionClawback computes how much of a commission a refund takes back
// (flows/commission.Clawback): the commission, the goods base, the goods
// refunded before and now; the answer is ≥ 0.
type CommissionClawback func(commission, base, refundedBefore, refundedNow decimal.Decimal) decimal.Decimal

// ClawbackOrder records a refund or return of goods worth refundedGoods on
// an order that carries a partner: the commission shrinks in proportion (a
// negative line, held while the commission is, with reason for the
// partner). ok is false when the order carries no partner. Refunds on a
// void order change nothing; on an order in review they are remembered for
// the owner's decision.
func (tx *Tx) ClawbackOrder(orderID int64, refundedGoods decimal.Decimal, reason, actor string, claw CommissionClawback) (amount decimal.Decimal, ok bool, err error) {
	if !refundedGoods.IsPositive() {
		return decimal.Zero, false, Errorf(EInvalid, "a refund must be positive")
	}
	if actor == "" {
		return decimal.Zero, false, Errorf(EInvalid, "a clawback needs an actor")
	}
	po, err := tx.PartnerOrderOf(orderID)
	if IsNotFound(err) {
		return decimal.Zero, false, nil
	}
	if err != nil {
		return decimal.Zero, false, err
	}
	if po.Status == POVoid {
		return decimal.Zero, true, nil
	}
	amount = claw(po.Commission, po.Base, po.Refunded, refundedGoods)
	net, err := tx.orderNet(po)
	if err != nil {
		return decimal.Zero, false, err
	}
	if po.Status != POReview && amount.GreaterThan(net) {
		amount = net // never take back more than the order earned
	}
	if amount.IsNegative() {
		return decimal.Zero, false, Errorf(EInvalid, "a negative clawback")
	}
	if _, err := tx.exec(`UPDATE partner_orders SET refunded = ?, updated_at = ? WHERE order_id = ?`,
		po.Refunded.Add(refundedGoods).String(), ms(tx.now), orderID); err != nil {
		return decimal.Zero, false, fmt.Errorf("clawback: %w", err)
	}
	if po.Status == POReview || amount.IsZero() {
		return decimal.Zero, true, nil
	}
	_, err = tx.addPartnerLine(PartnerLine{PartnerID: po.PartnerID, Kind: PLClawback, Amount: amount.Neg(),
		Held: po.Status == POPending, OrderID: orderID, Note: reason, Actor: actor})
	return amount, true, err
}

// Released is one order whose commission became payable.
type Released struct {
	PartnerID int64
	OrderID   int64
	OrderCode string
	Amount    decimal.Decimal // what the order nets after clawbacks
}

// ReleaseDueCommissions makes payable the held commissions of orders that
// are completed (selesai) and have been for the hold (setting
// partner.hold_days, default 7), with no complaint open. The jobs loop
// calls it; it releases at most limit orders and returns them, so the
// partners can be told.
func (tx *Tx) ReleaseDueCommissions(limit int) ([]Released, error) {
	if limit <= 0 {
		limit = 100
	}
	hold, err := tx.settingDays(SettingPartnerHoldDays, 7)
	if err != nil {
		return nil, err
	}
	cutoff := ms(tx.now.Add(-hold))
	rows, err := tx.query(`SELECT `+prefixCols("po.", partnerOrderCols)+`, o.code FROM partner_orders po
		JOIN orders o ON o.id = po.order_id
		WHERE po.status = 'pending' AND o.status = 'selesai'
		AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.order_id = o.id AND t.status NOT IN ('selesai', 'ditolak'))
		AND (SELECT max(at) FROM status_log l WHERE l.entity = 'order' AND l.entity_id = o.id AND l.to_status = 'selesai') <= ?
		ORDER BY po.order_id LIMIT ?`, cutoff, limit)
	if err != nil {
		return nil, fmt.Errorf("due commissions: %w", err)
	}
	type due struct {
		po   PartnerOrder
		code string
	}
	dues, err := scanAll(rows, func(r scanner) (due, error) {
		var d due
		var code string
		po, err := scanPartnerOrder(scanFunc(func(dst ...any) error { return r.Scan(append(dst, &code)...) }))
		d.po, d.code = po, code
		return d, err
	})
	if err != nil {
		return nil, err
	}
	var out []Released
	for _, d := range dues {
		if err := tx.setPartnerOrderStatus(d.po, POPayable, "system", ""); err != nil {
			return nil, err
		}
		if _, err := tx.exec(`UPDATE partner_ledger SET held = 0 WHERE order_id = ? AND partner_id = ? AND held = 1`,
			d.po.OrderID, d.po.PartnerID); err != nil {
			return nil, fmt.Errorf("release: %w", err)
		}
		net, err := tx.orderNet(d.po)
		if err != nil {
			return nil, err
		}
		out = append(out, Released{PartnerID: d.po.PartnerID, OrderID: d.po.OrderID, OrderCode: d.code, Amount: net})
	}
	return out, nil
}

// prefixCols puts a table alias before each column of a column list.
func prefixCols(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// PartnerSale is an order as its partner may see it: no buyer, no phone,
// no address.
type PartnerSale struct {
	OrderCode        string
	Date             time.Time
	OrderStatus      string
	Subtotal         decimal.Decimal // the goods
	Commission       decimal.Decimal // what it nets now (after clawbacks)
	CommissionStatus string          // POReview, POPending, POPayable, POVoid
	VoidReason       string
}

// PartnerSales lists a partner's orders placed in [from, to), newest first.
func (tx *Tx) PartnerSales(partnerID int64, from, to time.Time) ([]PartnerSale, error) {
	rows, err := tx.query(`SELECT o.code, po.created_at, o.status, po.base, po.status, po.void_reason, po.order_id
		FROM partner_orders po JOIN orders o ON o.id = po.order_id
		WHERE po.partner_id = ? AND po.created_at >= ? AND po.created_at < ? ORDER BY po.created_at DESC, po.order_id DESC`,
		partnerID, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("partner sales: %w", err)
	}
	type row struct {
		s       PartnerSale
		orderID int64
	}
	list, err := scanAll(rows, func(r scanner) (row, error) {
		var x row
		var at int64
		var base string
		if err := r.Scan(&x.s.OrderCode, &at, &x.s.OrderStatus, &base, &x.s.CommissionStatus, &x.s.VoidReason,
			&x.orderID); err != nil {
			return x, err
		}
		x.s.Date = fromMS(at)
		var err error
		x.s.Subtotal, err = decimal.NewFromString(base)
		return x, err
	})
	if err != nil {
		return nil, err
	}
	out := make([]PartnerSale, 0, len(list))
	for _, x := range list {
		// Lines only: an order in review or void earns nothing, so nets 0.
		if x.s.Commission, err = tx.orderNet(PartnerOrder{OrderID: x.orderID, PartnerID: partnerID}); err != nil {
			return nil, err
		}
		out = append(out, x.s)
	}
	return out, nil
}

// PartnerOrderReview is a flagged order as the owner sees it.
type PartnerOrderReview struct {
	PartnerOrder
	OrderCode   string
	PartnerCode string
}

// PartnerOrdersInReview lists the orders waiting for the owner's word on a
// self-referral, oldest first.
func (tx *Tx) PartnerOrdersInReview() ([]PartnerOrderReview, error) {
	rows, err := tx.query(`SELECT ` + prefixCols("po.", partnerOrderCols) + `, o.code, p.code FROM partner_orders po
		JOIN orders o ON o.id = po.order_id JOIN partners p ON p.id = po.partner_id
		WHERE po.status = 'review' ORDER BY po.created_at, po.order_id`)
	if err != nil {
		return nil, fmt.Errorf("partner orders in review: %w", err)
	}
	return scanAll(rows, func(r scanner) (PartnerOrderReview, error) {
		var x PartnerOrderReview
		po, err := scanPartnerOrder(scanFunc(func(dst ...any) error {
			return r.Scan(append(dst, &x.OrderCode, &x.PartnerCode)...)
		}))
		x.PartnerOrder = po
		return x, err
	})
}
