package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// The owner's catalogue tools: listing every product (active or not),
// editing one variant's money and stock, switching products on and off.
// Each change is written to status_log (entity "variant" or "product") with
// the old and new value, so the owner can see who changed what.

// Price tiers of SetVariantPrice.
const (
	PriceTierRetail   = "retail"
	PriceTierReseller = "reseller"
)

// AdminProducts returns one page of every product, active or not (with all
// variants and photos), ordered by SKU, and whether there are more. Each
// word must appear in the name, SKU, category or a variant name
// (case-insensitive).
func (tx *Tx) AdminProducts(words []string, offset, limit int) ([]Product, bool, error) {
	if limit <= 0 {
		limit = 10
	}
	if offset < 0 {
		offset = 0
	}
	where := []string{"1 = 1"}
	var args []any
	for _, w := range words {
		where = append(where, `(instr(lower(name), ?) > 0 OR instr(lower(sku), ?) > 0 OR instr(lower(category), ?) > 0
			OR EXISTS (SELECT 1 FROM variants v WHERE v.product_id = products.id AND instr(lower(v.name), ?) > 0))`)
		lw := strings.ToLower(w)
		args = append(args, lw, lw, lw, lw)
	}
	return tx.productPage(where, args, "sku, id", offset, limit)
}

// CatalogVariant is a variant with the product it belongs to.
type CatalogVariant struct {
	SKU         string
	ProductName string
	Variant
}

// ActiveVariants lists the variants customers can see (active variants of
// active products), ordered by product name, SKU and variant id.
func (tx *Tx) ActiveVariants() ([]CatalogVariant, error) {
	rows, err := tx.query(`SELECT p.sku, p.name, v.id, v.product_id, v.name, v.cost, v.price, v.reseller_price,
			v.weight_g, v.stock, v.reserved, v.active
		FROM variants v JOIN products p ON p.id = v.product_id
		WHERE p.active = 1 AND v.active = 1 ORDER BY p.name, p.sku, v.id`)
	if err != nil {
		return nil, fmt.Errorf("active variants: %w", err)
	}
	defer rows.Close()
	var out []CatalogVariant
	for rows.Next() {
		var cv CatalogVariant
		var cost string
		var price, rprice sql.NullString
		if err := rows.Scan(&cv.SKU, &cv.ProductName, &cv.ID, &cv.ProductID, &cv.Name, &cost, &price, &rprice,
			&cv.WeightG, &cv.Stock, &cv.Reserved, &cv.Active); err != nil {
			return nil, err
		}
		if cv.Cost, err = decimal.NewFromString(cost); err != nil {
			return nil, fmt.Errorf("variant %d cost: %w", cv.ID, err)
		}
		if cv.Price, err = nullDecimal(price); err != nil {
			return nil, fmt.Errorf("variant %d price: %w", cv.ID, err)
		}
		if cv.ResellerPrice, err = nullDecimal(rprice); err != nil {
			return nil, fmt.Errorf("variant %d reseller price: %w", cv.ID, err)
		}
		out = append(out, cv)
	}
	return out, rows.Err()
}

// NextSKU returns "PREFIX-NN": the prefix (letters and digits of prefix,
// upper case; "P" when none are left) and one more than the highest number
// already used after "PREFIX-" (any case), at least two digits wide and as
// wide as the widest number in use. It is free at the time of the call.
func (tx *Tx) NextSKU(prefix string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(prefix) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	p := b.String()
	if len(p) > 12 {
		p = p[:12]
	}
	if p == "" {
		p = "P"
	}
	head := p + "-"
	rows, err := tx.query(`SELECT sku FROM products WHERE lower(substr(sku, 1, ?)) = lower(?)`, len(head), head)
	if err != nil {
		return "", fmt.Errorf("next sku: %w", err)
	}
	defer rows.Close()
	var high uint64
	width := 2
	for rows.Next() {
		var sku string
		if err := rows.Scan(&sku); err != nil {
			return "", err
		}
		digits := sku[len(head):]
		n, err := strconv.ParseUint(digits, 10, 32)
		if err != nil || digits == "" {
			continue // "GMS-A1" and the like are not numbered
		}
		if n > high {
			high = n
		}
		width = max(width, len(digits))
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	for n := high + 1; ; n++ {
		sku := fmt.Sprintf("%s%0*d", head, width, n)
		var taken int
		if err := tx.row(`SELECT count(*) FROM products WHERE sku = ?`, sku).Scan(&taken); err != nil {
			return "", fmt.Errorf("next sku: %w", err)
		}
		if taken == 0 {
			return sku, nil
		}
	}
}

// variantField reads one column of a variant before an edit by actor,
// answering ENotFound (and EInvalid when nobody answers for the edit).
func (tx *Tx) variantField(id int64, col, actor string) (sql.NullString, error) {
	var v sql.NullString
	if actor == "" {
		return v, Errorf(EInvalid, "a catalogue edit needs an actor")
	}
	err := tx.row(`SELECT `+col+` FROM variants WHERE id = ?`, id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return v, Errorf(ENotFound, "variant %d", id)
	}
	if err != nil {
		return v, fmt.Errorf("variant %d: %w", id, err)
	}
	return v, nil
}

func catalogShowNull(v sql.NullString) string {
	if !v.Valid {
		return "-"
	}
	return v.String
}

// SetVariantCost records a new supplier cost for one variant.
func (tx *Tx) SetVariantCost(id int64, cost decimal.Decimal, actor string) error {
	if cost.IsNegative() {
		return Errorf(EInvalid, "negative cost")
	}
	old, err := tx.variantField(id, "cost", actor)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE variants SET cost = ?, updated_at = ? WHERE id = ?`, cost.String(), ms(tx.now), id); err != nil {
		return fmt.Errorf("set cost: %w", err)
	}
	return tx.logStatus("variant", id, "cost="+catalogShowNull(old), "cost="+cost.String(), actor, "catalogue edit")
}

// SetVariantPrice sets (valid) or clears (invalid: computed by the markup
// rules again) the price override of one tier, PriceTierRetail or PriceTierReseller.
func (tx *Tx) SetVariantPrice(id int64, tier string, price decimal.NullDecimal, actor string) error {
	col := "price"
	switch tier {
	case PriceTierRetail:
	case PriceTierReseller:
		col = "reseller_price"
	default:
		return Errorf(EInvalid, "unknown price tier %q", tier)
	}
	if price.Valid && !price.Decimal.IsPositive() {
		return Errorf(EInvalid, "a price must be above zero")
	}
	old, err := tx.variantField(id, col, actor)
	if err != nil {
		return err
	}
	var v any
	show := "-"
	if price.Valid {
		v, show = price.Decimal.String(), price.Decimal.String()
	}
	if _, err := tx.exec(`UPDATE variants SET `+col+` = ?, updated_at = ? WHERE id = ?`, v, ms(tx.now), id); err != nil {
		return fmt.Errorf("set price: %w", err)
	}
	return tx.logStatus("variant", id, col+"="+catalogShowNull(old), col+"="+show, actor, "catalogue edit")
}

// SetVariantStock sets one variant's stock; an invalid stock means "not
// counted". Reservations of unpaid orders are kept as they are.
func (tx *Tx) SetVariantStock(id int64, stock sql.NullInt64, actor string) error {
	if stock.Valid && stock.Int64 < 0 {
		return Errorf(EInvalid, "negative stock")
	}
	old, err := tx.variantField(id, "stock", actor)
	if err != nil {
		return err
	}
	var v any
	show := "-"
	if stock.Valid {
		v, show = stock.Int64, strconv.FormatInt(stock.Int64, 10)
	}
	if _, err := tx.exec(`UPDATE variants SET stock = ?, updated_at = ? WHERE id = ?`, v, ms(tx.now), id); err != nil {
		return fmt.Errorf("set stock: %w", err)
	}
	return tx.logStatus("variant", id, "stock="+catalogShowNull(old), "stock="+show, actor, "catalogue edit")
}

func catalogActiveWord(b bool) string {
	if b {
		return "active"
	}
	return "inactive"
}

// SetVariantActive switches one variant on or off. changed is false when
// it already was so (nothing is written then).
func (tx *Tx) SetVariantActive(id int64, active bool, actor string) (changed bool, err error) {
	old, err := tx.variantField(id, "active", actor)
	if err != nil {
		return false, err
	}
	was := old.String == "1"
	if was == active {
		return false, nil
	}
	if _, err := tx.exec(`UPDATE variants SET active = ?, updated_at = ? WHERE id = ?`, active, ms(tx.now), id); err != nil {
		return false, fmt.Errorf("set variant active: %w", err)
	}
	return true, tx.logStatus("variant", id, catalogActiveWord(was), catalogActiveWord(active), actor, "catalogue edit")
}

// SetProductActive shows (active) or hides a product from the catalogue.
// changed is false when it already was so.
func (tx *Tx) SetProductActive(id int64, active bool, actor string) (changed bool, err error) {
	if actor == "" {
		return false, Errorf(EInvalid, "a catalogue edit needs an actor")
	}
	var was bool
	err = tx.row(`SELECT active FROM products WHERE id = ?`, id).Scan(&was)
	if errors.Is(err, sql.ErrNoRows) {
		return false, Errorf(ENotFound, "product %d", id)
	}
	if err != nil {
		return false, fmt.Errorf("product %d: %w", id, err)
	}
	if was == active {
		return false, nil
	}
	if _, err := tx.exec(`UPDATE products SET active = ?, updated_at = ? WHERE id = ?`, active, ms(tx.now), id); err != nil {
		return false, fmt.Errorf("set product active: %w", err)
	}
	return true, tx.logStatus("product", id, catalogActiveWord(was), catalogActiveWord(active), actor, "catalogue edit")
}

// AddProductPhoto adds a stored image to a product's photos, after the
// ones it has (a photo it already has stays where it is).
func (tx *Tx) AddProductPhoto(productID, mediaID int64) error {
	if _, err := tx.exec(`INSERT INTO product_photos (product_id, media_id, position)
		VALUES (?, ?, (SELECT IFNULL(max(position), -1) + 1 FROM product_photos WHERE product_id = ?))
		ON CONFLICT DO NOTHING`, productID, mediaID, productID); err != nil {
		return fmt.Errorf("product photo: %w", err)
	}
	return nil
}

// LogCatalogChange writes one catalogue change that is not a column of a
// product or variant (e.g. entity "setting" for the markup rules) to the
// audit log.
func (tx *Tx) LogCatalogChange(entity string, id int64, from, to, actor, reason string) error {
	return tx.logStatus(entity, id, from, to, actor, reason)
}
