package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Supplier payment modes.
const (
	PayPerOrder     = "per_order"
	PayDeposit      = "deposit"
	PayCustomerPays = "customer_pays"
)

// Supplier is a business that ships the shop's products.
type Supplier struct {
	ID            int64
	Code          string
	Name          string
	PayMode       string
	Phone         string
	ReturnAddress string
	Active        bool
}

// AddSupplier creates a supplier; codes are unique regardless of case.
func (tx *Tx) AddSupplier(s Supplier) (int64, error) {
	s.Code = strings.TrimSpace(s.Code)
	if s.Code == "" || strings.TrimSpace(s.Name) == "" {
		return 0, Errorf(EInvalid, "supplier needs a code and a name")
	}
	if s.PayMode == "" {
		s.PayMode = PayPerOrder
	}
	res, err := tx.exec(`INSERT INTO suppliers (code, name, pay_mode, phone, return_address, active, created_at)
		VALUES (?, ?, ?, ?, ?, 1, ?)`, s.Code, s.Name, s.PayMode, s.Phone, s.ReturnAddress, ms(tx.now))
	if err != nil {
		if isUnique(err) {
			return 0, Errorf(EConflict, "supplier code %q exists", s.Code)
		}
		return 0, fmt.Errorf("add supplier: %w", err)
	}
	return res.LastInsertId()
}

const supplierCols = `id, code, name, pay_mode, phone, return_address, active`

func scanSupplier(r scanner) (Supplier, error) {
	var s Supplier
	err := r.Scan(&s.ID, &s.Code, &s.Name, &s.PayMode, &s.Phone, &s.ReturnAddress, &s.Active)
	return s, err
}

// SupplierByCode finds a supplier by its code, any case.
func (tx *Tx) SupplierByCode(code string) (Supplier, error) {
	s, err := scanSupplier(tx.row(`SELECT `+supplierCols+` FROM suppliers WHERE code = ?`, strings.TrimSpace(code)))
	if errors.Is(err, sql.ErrNoRows) {
		return s, Errorf(ENotFound, "supplier code")
	}
	return s, err
}

// SupplierByID finds a supplier by id.
func (tx *Tx) SupplierByID(id int64) (Supplier, error) {
	s, err := scanSupplier(tx.row(`SELECT `+supplierCols+` FROM suppliers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, Errorf(ENotFound, "supplier %d", id)
	}
	return s, err
}

// Suppliers lists every supplier by code.
func (tx *Tx) Suppliers() ([]Supplier, error) {
	rows, err := tx.query(`SELECT ` + supplierCols + ` FROM suppliers ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("suppliers: %w", err)
	}
	return scanAll(rows, scanSupplier)
}

// LinkGroup makes a group chat the supplier's group (replacing an earlier link of that chat).
func (tx *Tx) LinkGroup(channel, chatID string, supplierID int64, title string) error {
	_, err := tx.exec(`INSERT INTO supplier_groups (channel, chat_id, supplier_id, title, linked_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (channel, chat_id) DO UPDATE SET supplier_id = excluded.supplier_id, title = excluded.title, linked_at = excluded.linked_at`,
		channel, chatID, supplierID, title, ms(tx.now))
	if err != nil {
		return fmt.Errorf("link group: %w", err)
	}
	return nil
}

// Fulfilment kinds.
const (
	FulfilSupplier = "supplier" // the supplier packs and ships
	FulfilOwn      = "own"      // the owner's own stock (reseller mode)
)

// Product is one catalogue entry; the variants carry cost, price and stock.
type Product struct {
	ID          int64
	SKU         string
	Name        string
	Category    string
	Description string
	SupplierID  int64 // 0 for own stock
	Fulfilment  string
	Active      bool
	Variants    []Variant
	PhotoIDs    []int64
}

// Variant is a sellable version of a product (size, colour) with its money.
type Variant struct {
	ID            int64
	ProductID     int64
	Name          string
	Cost          decimal.Decimal
	Price         decimal.NullDecimal // retail override; invalid = computed by markup rules
	ResellerPrice decimal.NullDecimal // reseller override
	WeightG       int
	Stock         sql.NullInt64 // invalid = not counted
	Reserved      int64
	Active        bool
}

// Available returns how many can still be ordered and whether stock is counted.
func (v Variant) Available() (n int64, counted bool) {
	if !v.Stock.Valid {
		return 0, false
	}
	n = v.Stock.Int64 - v.Reserved
	if n < 0 {
		n = 0
	}
	return n, true
}

// SoldOut reports whether a counted variant has nothing left.
func (v Variant) SoldOut() bool {
	n, counted := v.Available()
	return counted && n == 0
}

// CatalogRow is one product variant as the import and the owner give it.
// Nil pointers mean "keep what is there" (or the default for a new row).
type CatalogRow struct {
	SKU          string
	Name         string
	Variant      string
	SupplierID   int64 // 0 = own stock
	Cost         decimal.Decimal
	Price        decimal.NullDecimal // invalid = computed by the markup rules
	WeightG      *int
	Stock        *int64
	Category     *string
	Description  *string
	PhotoMediaID int64 // 0 = keep
}

// PlainSKU reports whether s is printable ASCII only, as every SKU must be.
func PlainSKU(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// UpsertCatalogRow creates or updates the product (by SKU) and the variant
// (by SKU + variant name). created is true when the variant is new. A SKU
// must be printable ASCII (EInvalid otherwise).
func (tx *Tx) UpsertCatalogRow(r CatalogRow) (created bool, err error) {
	r.SKU, r.Name, r.Variant = strings.TrimSpace(r.SKU), strings.TrimSpace(r.Name), strings.TrimSpace(r.Variant)
	switch {
	case r.SKU == "" || r.Name == "":
		return false, Errorf(EInvalid, "sku and name are required")
	case !PlainSKU(r.SKU):
		// "GМS-01" with a Cyrillic М looks like GMS-01 but would be another
		// product.
		return false, Errorf(EInvalid, "sku %q is not plain ASCII", r.SKU)
	case r.Cost.IsNegative():
		return false, Errorf(EInvalid, "negative cost")
	case r.Price.Valid && r.Price.Decimal.IsNegative():
		return false, Errorf(EInvalid, "negative price")
	case r.WeightG != nil && *r.WeightG < 0:
		return false, Errorf(EInvalid, "negative weight")
	case r.Stock != nil && *r.Stock < 0:
		return false, Errorf(EInvalid, "negative stock")
	}
	fulfil := FulfilSupplier
	var supplier any = r.SupplierID
	if r.SupplierID == 0 {
		fulfil, supplier = FulfilOwn, nil
	}
	now := ms(tx.now)
	var pid int64
	err = tx.row(`INSERT INTO products (sku, name, category, description, supplier_id, fulfilment, created_at, updated_at)
		VALUES (?, ?, IFNULL(?, ''), IFNULL(?, ''), ?, ?, ?, ?)
		ON CONFLICT (sku) DO UPDATE SET name = excluded.name,
			category = IFNULL(?, category), description = IFNULL(?, description),
			supplier_id = excluded.supplier_id, fulfilment = excluded.fulfilment, updated_at = excluded.updated_at
		RETURNING id`,
		r.SKU, r.Name, r.Category, r.Description, supplier, fulfil, now, now, r.Category, r.Description).Scan(&pid)
	if err != nil {
		return false, fmt.Errorf("upsert product: %w", err)
	}
	var price any
	if r.Price.Valid {
		price = r.Price.Decimal.String()
	}
	var existed int
	if err := tx.row(`SELECT count(*) FROM variants WHERE product_id = ? AND name = ?`, pid, r.Variant).Scan(&existed); err != nil {
		return false, fmt.Errorf("find variant: %w", err)
	}
	var vid int64
	err = tx.row(`INSERT INTO variants (product_id, name, cost, price, weight_g, stock, created_at, updated_at)
		VALUES (?, ?, ?, ?, IFNULL(?, 0), ?, ?, ?)
		ON CONFLICT (product_id, name) DO UPDATE SET cost = excluded.cost, price = excluded.price,
			weight_g = IFNULL(?, weight_g), stock = CASE WHEN ? THEN excluded.stock ELSE stock END,
			active = 1, updated_at = excluded.updated_at
		RETURNING id`,
		pid, r.Variant, r.Cost.String(), price, r.WeightG, r.Stock, now, now, r.WeightG, r.Stock != nil).Scan(&vid)
	if err != nil {
		return false, fmt.Errorf("upsert variant: %w", err)
	}
	if r.PhotoMediaID != 0 {
		if _, err := tx.exec(`INSERT INTO product_photos (product_id, media_id, position)
			VALUES (?, ?, (SELECT IFNULL(max(position), -1) + 1 FROM product_photos WHERE product_id = ?))
			ON CONFLICT DO NOTHING`, pid, r.PhotoMediaID, pid); err != nil {
			return false, fmt.Errorf("product photo: %w", err)
		}
	}
	return existed == 0, nil
}

// Categories lists the categories that have active products, with counts.
func (tx *Tx) Categories() ([]Category, error) {
	rows, err := tx.query(`SELECT category, count(*) FROM products WHERE active = 1 GROUP BY category ORDER BY category`)
	if err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.Name, &c.Products); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Category is a catalogue section.
type Category struct {
	Name     string
	Products int
}

// ProductFilter selects products for a catalogue page.
type ProductFilter struct {
	Category *string  // nil = any
	Words    []string // every word must appear in the name, sku or a variant name (case-insensitive)
	Offset   int
	Limit    int // 0 = 10
}

// Products returns one page of active products (with variants and photos)
// ordered by name, and whether there are more.
func (tx *Tx) Products(f ProductFilter) ([]Product, bool, error) {
	if f.Limit <= 0 {
		f.Limit = 10
	}
	where := []string{"active = 1"}
	var args []any
	if f.Category != nil {
		where = append(where, "category = ?")
		args = append(args, *f.Category)
	}
	for _, w := range f.Words {
		// A word may name the product, its SKU or one of its variants
		// ("voal navy" finds Hijab Voal Polos, variant Navy).
		where = append(where, `(instr(lower(name), ?) > 0 OR instr(lower(sku), ?) > 0 OR EXISTS (
			SELECT 1 FROM variants v WHERE v.product_id = products.id AND v.active = 1 AND instr(lower(v.name), ?) > 0))`)
		lw := strings.ToLower(w)
		args = append(args, lw, lw, lw)
	}
	return tx.productPage(where, args, "name, id", f.Offset, f.Limit)
}

// productPage runs one page of a product list: the products matching
// every condition of where, in order, with their variants and photos, and
// whether there are more.
func (tx *Tx) productPage(where []string, args []any, order string, offset, limit int) ([]Product, bool, error) {
	args = append(args, limit+1, offset)
	rows, err := tx.query(`SELECT `+productCols+` FROM products WHERE `+strings.Join(where, " AND ")+
		` ORDER BY `+order+` LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, false, fmt.Errorf("products: %w", err)
	}
	out, err := scanAll(rows, scanProduct)
	if err != nil {
		return nil, false, fmt.Errorf("products: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	if err := tx.fillVariants(out); err != nil {
		return nil, false, err
	}
	return out, more, nil
}

// productCols are a product's columns and its photos in order, as
// comma-separated media ids.
const productCols = `id, sku, name, category, description, IFNULL(supplier_id, 0), fulfilment, active,
	IFNULL((SELECT group_concat(ph.media_id, ',' ORDER BY ph.position) FROM product_photos ph WHERE ph.product_id = products.id), '')`

func scanProduct(r scanner) (Product, error) {
	var p Product
	var photos string
	if err := r.Scan(&p.ID, &p.SKU, &p.Name, &p.Category, &p.Description, &p.SupplierID, &p.Fulfilment, &p.Active, &photos); err != nil {
		return p, err
	}
	for _, f := range strings.Split(photos, ",") {
		if f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return p, fmt.Errorf("product %d photo %q: %w", p.ID, f, err)
		}
		p.PhotoIDs = append(p.PhotoIDs, id)
	}
	return p, nil
}

// ProductByID returns a product with its variants and photos.
func (tx *Tx) ProductByID(id int64) (Product, error) {
	p, err := scanProduct(tx.row(`SELECT `+productCols+` FROM products WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, Errorf(ENotFound, "product %d", id)
	}
	if err != nil {
		return p, fmt.Errorf("product %d: %w", id, err)
	}
	ps := []Product{p}
	err = tx.fillVariants(ps)
	return ps[0], err
}

// ProductBySKU returns a product by SKU, any case.
func (tx *Tx) ProductBySKU(sku string) (Product, error) {
	p, err := scanProduct(tx.row(`SELECT `+productCols+` FROM products WHERE sku = ?`, strings.TrimSpace(sku)))
	if errors.Is(err, sql.ErrNoRows) {
		return p, Errorf(ENotFound, "sku")
	}
	if err != nil {
		return p, fmt.Errorf("product by sku: %w", err)
	}
	ps := []Product{p}
	err = tx.fillVariants(ps)
	return ps[0], err
}

// fillVariants reads the variants of every product in ps with one query
// (a catalogue page would otherwise cost one query per product).
func (tx *Tx) fillVariants(ps []Product) error {
	if len(ps) == 0 {
		return nil
	}
	at := make(map[int64]int, len(ps))
	ids := make([]int64, len(ps))
	for i := range ps {
		at[ps[i].ID] = i
		ids[i] = ps[i].ID
		ps[i].Variants = ps[i].Variants[:0]
	}
	idsJSON, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := tx.query(`SELECT id, product_id, name, cost, price, reseller_price, weight_g, stock, reserved, active
		FROM variants WHERE product_id IN (SELECT value FROM json_each(?)) ORDER BY product_id, id`, string(idsJSON))
	if err != nil {
		return fmt.Errorf("variants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v Variant
		var cost string
		var price, rprice sql.NullString
		if err := rows.Scan(&v.ID, &v.ProductID, &v.Name, &cost, &price, &rprice, &v.WeightG, &v.Stock, &v.Reserved, &v.Active); err != nil {
			return err
		}
		if v.Cost, err = decimal.NewFromString(cost); err != nil {
			return fmt.Errorf("variant %d cost: %w", v.ID, err)
		}
		if v.Price, err = nullDecimal(price); err != nil {
			return fmt.Errorf("variant %d price: %w", v.ID, err)
		}
		if v.ResellerPrice, err = nullDecimal(rprice); err != nil {
			return fmt.Errorf("variant %d reseller price: %w", v.ID, err)
		}
		p := &ps[at[v.ProductID]]
		p.Variants = append(p.Variants, v)
	}
	return rows.Err()
}

func nullDecimal(s sql.NullString) (decimal.NullDecimal, error) {
	if !s.Valid {
		return decimal.NullDecimal{}, nil
	}
	d, err := decimal.NewFromString(s.String)
	if err != nil {
		return decimal.NullDecimal{}, err
	}
	return decimal.NewNullDecimal(d), nil
}

func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
