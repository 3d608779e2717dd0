package console

import (
	"strconv"
	"strings"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// readCost reads a supplier cost; note is the answer to a bad one.
func (t *turn) readCost(text string) (decimal.Decimal, string) {
	v, err := locales.ParseRupiah(text)
	if err != nil {
		return decimal.Zero, t.moneyProblem(err)
	}
	if v.IsZero() {
		return decimal.Zero, t.P.T("prod.cost_zero")
	}
	return v, ""
}

// moneyProblem is the kind answer to a ParseRupiah error.
func (t *turn) moneyProblem(err error) string {
	code, args := "invalid", []any(nil)
	if me, ok := err.(*locales.MoneyError); ok {
		code, args = me.Code, me.Args()
	}
	return t.P.T("money.err."+code, args...)
}

// parseGrams reads a weight: whole grams ("250", "250 gr", "1.200 g") or
// kilograms with the unit ("0,25kg", "1.5 kg"), between 1 g and 100 kg.
func parseGrams(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	var g int64
	if m := gramsRE.FindStringSubmatch(s); m != nil {
		n, err := strconv.ParseInt(strings.ReplaceAll(m[1], ".", ""), 10, 64)
		if err != nil {
			return 0, false
		}
		g = n
	} else if m := kiloRE.FindStringSubmatch(s); m != nil {
		whole, _ := strconv.ParseInt(m[1], 10, 64)
		frac := m[2]
		g = whole * 1000
		if frac != "" {
			f, _ := strconv.ParseInt((frac + "00")[:3], 10, 64) // "25" → 250 g
			g += f
		}
	} else {
		return 0, false
	}
	if g < 1 || g > maxWeightG {
		return 0, false
	}
	return int(g), true
}

// parseStockAnswer reads a stock: a whole number ("12", "1.000", "12 pcs"),
// "habis"/"kosong" for 0, or "-" (and a few words) for "not counted".
func parseStockAnswer(s string) (n int64, counted, ok bool) {
	norm := chat.Normalize(s)
	switch norm {
	case "habis", "kosong", "sold out":
		return 0, true, true
	case "-", "tidak dihitung", "gak dihitung", "ikut supplier", "tak terbatas", "unlimited", "not counted":
		return 0, false, true
	}
	norm = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(norm, "pcs"), "pc"))
	if m := gramsRE.FindStringSubmatch(norm); m != nil && m[2] == "" {
		v, err := strconv.ParseInt(strings.ReplaceAll(m[1], ".", ""), 10, 64)
		if err == nil && v <= maxStock {
			return v, true, true
		}
	}
	return 0, false, false
}

// variantName shows a variant's name, "(tanpa varian)" for the unnamed one.
func (t *turn) variantName(name string) string {
	if name == "" {
		return t.P.T("prod.no_variant")
	}
	return name
}

// findVariant finds a product's variant by name, the way the books compare
// them (ASCII case folded).
func findVariant(p store.Product, name string) (store.Variant, bool) {
	for _, v := range p.Variants {
		if foldASCII(v.Name) == foldASCII(strings.TrimSpace(name)) {
			return v, true
		}
	}
	return store.Variant{}, false
}

// foldASCII folds ASCII letters as SQLite's NOCASE does.
func foldASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// supplierLabel names a product's supplier: its code, or "stok sendiri".
func (t *turn) supplierLabel(id int64) (string, error) {
	if id == 0 {
		return t.P.T("prod.own_stock"), nil
	}
	s, err := t.Tx.SupplierByID(id)
	if store.IsNotFound(err) {
		return "?", nil
	}
	if err != nil {
		return "", err
	}
	return s.Code, nil
}
