package catalog

import (
	"slices"
	"strings"
)

// field is a column the import understands.
type field int

const (
	fSKU field = iota
	fName
	fVariant
	fSupplier
	fCost
	fPrice
	fWeight
	fStock
	fCategory
	fDescription
	fPhoto
	fOrigin
	numFields
)

// fieldNames are the canonical column names, as the contract spells them.
var fieldNames = [numFields]string{"sku", "name", "variant", "supplier", "cost", "price", "weight_g", "stock", "category", "description", "photo",
	"origin_postal_code"}

var requiredFields = []field{fSKU, fName, fSupplier, fCost}

// aliases maps a normalised header (see normHeader) to its column. The
// second value marks a weight column in kilograms.
var aliases = map[string]struct {
	f  field
	kg bool
}{
	"sku": {f: fSKU}, "kode sku": {f: fSKU}, "kode produk": {f: fSKU}, "kode barang": {f: fSKU},

	"name": {f: fName}, "nama": {f: fName}, "nama produk": {f: fName}, "nama barang": {f: fName}, "product name": {f: fName},

	"variant": {f: fVariant}, "varian": {f: fVariant}, "variasi": {f: fVariant},

	"supplier": {f: fSupplier}, "pemasok": {f: fSupplier}, "kode supplier": {f: fSupplier},
	"supplier code": {f: fSupplier}, "kode pemasok": {f: fSupplier},

	"cost": {f: fCost}, "harga modal": {f: fCost}, "modal": {f: fCost}, "harga beli": {f: fCost},

	"price": {f: fPrice}, "harga": {f: fPrice}, "harga jual": {f: fPrice},

	"weight g": {f: fWeight}, "weight": {f: fWeight}, "weight gram": {f: fWeight}, "weight gr": {f: fWeight},
	"berat": {f: fWeight}, "berat g": {f: fWeight}, "berat gram": {f: fWeight}, "berat gr": {f: fWeight},
	"weight kg": {f: fWeight, kg: true}, "berat kg": {f: fWeight, kg: true}, "berat kilogram": {f: fWeight, kg: true},

	"stock": {f: fStock}, "stok": {f: fStock},

	"category": {f: fCategory}, "kategori": {f: fCategory},

	"description": {f: fDescription}, "deskripsi": {f: fDescription}, "keterangan": {f: fDescription},

	"photo": {f: fPhoto}, "foto": {f: fPhoto}, "gambar": {f: fPhoto}, "image": {f: fPhoto},

	"origin postal code": {f: fOrigin}, "origin zip": {f: fOrigin}, "kode pos asal": {f: fOrigin},
	"kodepos asal": {f: fOrigin}, "asal kode pos": {f: fOrigin}, "kode pos gudang": {f: fOrigin},
}

// noiseSuffixes may end a header without changing its meaning:
// "Harga Modal (Rp)", "stok (pcs)".
var noiseSuffixes = map[string]bool{"rp": true, "idr": true, "pcs": true}

// normHeader lowercases h, drops a byte-order mark, and turns brackets,
// "_", "-", "." and "*" into single spaces: "Harga_Modal (Rp)*" → "harga modal rp".
func normHeader(h string) string {
	h = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "\uFEFF"))
	h = strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', '.', '*', '(', ')', '[', ']', ':', '/':
			return ' '
		}
		return r
	}, h)
	return strings.Join(strings.Fields(h), " ")
}

// lookupHeader finds the column a header cell names.
func lookupHeader(h string) (f field, kg, found bool) {
	n := normHeader(h)
	if a, ok := aliases[n]; ok {
		return a.f, a.kg, true
	}
	if i := strings.LastIndexByte(n, ' '); i > 0 && noiseSuffixes[n[i+1:]] {
		if a, ok := aliases[n[:i]]; ok {
			return a.f, a.kg, true
		}
	}
	return 0, false, false
}

// columns is a header mapped to fields.
type columns struct {
	header    []string
	idx       [numFields]int // cell index per field, -1 = absent
	weightKg  bool           // the weight column is in kilograms
	ignored   []string       // header cells naming no column
	missing   []string       // required fields absent
	duplicate []string       // fields named by more than one header cell
}

func (c columns) has(f field) bool { return c.idx[f] >= 0 }

func mapHeader(header []string) columns {
	c := columns{header: header}
	for f := range c.idx {
		c.idx[f] = -1
	}
	for i, h := range header {
		f, kg, found := lookupHeader(h)
		if !found {
			if t := strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")); t != "" {
				c.ignored = append(c.ignored, cut(t))
			}
			continue
		}
		if c.idx[f] >= 0 {
			if !slices.Contains(c.duplicate, fieldNames[f]) {
				c.duplicate = append(c.duplicate, fieldNames[f])
			}
			continue
		}
		c.idx[f] = i
		if f == fWeight {
			c.weightKg = kg
		}
	}
	for _, f := range requiredFields {
		if c.idx[f] < 0 {
			c.missing = append(c.missing, fieldNames[f])
		}
	}
	return c
}

// numericColumns marks the header cells whose XLSX numbers should be read
// raw (cost, price, weight, stock).
func numericColumns(header []string) []bool {
	out := make([]bool, len(header))
	for i, h := range header {
		if f, _, found := lookupHeader(h); found {
			switch f {
			case fCost, fPrice, fWeight, fStock:
				out[i] = true
			}
		}
	}
	return out
}
