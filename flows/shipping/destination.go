package shipping

import (
	"context"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/store"
)

// SearchAreas finds the provider's candidates for an address, for the
// customer to pick from a short numbered list: by kode pos first (the
// candidates with that kode pos, when any), else by "kecamatan, kota".
// At most n (default 5).
func SearchAreas(ctx context.Context, p Provider, kecamatan, city, postalCode string, n int) ([]Area, error) {
	if n <= 0 {
		n = 5
	}
	postalCode = strings.TrimSpace(postalCode)
	if postalCode != "" {
		found, err := p.Areas(ctx, postalCode, n)
		if err != nil {
			return nil, err
		}
		var same []Area
		for _, a := range found {
			if a.PostalCode == postalCode {
				same = append(same, a)
			}
		}
		if len(same) > 0 {
			return same, nil
		}
	}
	var parts []string
	for _, s := range []string{kecamatan, city} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return p.Areas(ctx, strings.Join(parts, ", "), n)
}

// KeepArea keeps the area the customer picked beside the saved address.
func KeepArea(tx *store.Tx, addressID int64, provider string, a Area) error {
	return tx.SetAddressArea(store.AddressArea{AddressID: addressID, Provider: provider, AreaID: a.ID, Label: a.Label})
}

// DestinationOf is where an order to a saved address goes, for provider:
// the province for the table, the kode pos, and the area the customer
// picked for that provider (if any).
func DestinationOf(tx *store.Tx, a store.Address, provider string) (Destination, error) {
	d := Destination{Province: a.Province, PostalCode: strings.TrimSpace(a.Zip)}
	if a.ID == 0 || provider == "" || provider == ProviderTable {
		return d, nil
	}
	area, ok, err := tx.AddressAreaOf(a.ID, provider)
	if err != nil {
		return d, err
	}
	if ok {
		d.AreaID = area.AreaID
	}
	return d, nil
}

// ParcelsOf splits an order's lines into one parcel per supplier (0 =
// the owner's own stock), in the order the suppliers first appear, with
// each parcel's weight, worth (what the customer pays for its lines) and
// origin for provider. Cancelled lines ship nothing.
func ParcelsOf(tx *store.Tx, items []store.OrderItem, provider string) ([]Parcel, error) {
	var out []Parcel
	index := map[int64]int{}
	for _, it := range items {
		if it.Status == store.ItemCancelled || it.Qty <= 0 {
			continue
		}
		i, ok := index[it.SupplierID]
		if !ok {
			o, _, err := tx.OriginFor(it.SupplierID, provider)
			if err != nil {
				return nil, err
			}
			i = len(out)
			index[it.SupplierID] = i
			out = append(out, Parcel{SupplierID: it.SupplierID, Origin: PlaceOf(o), Value: decimal.Zero})
		}
		out[i].WeightG += it.WeightG * it.Qty
		out[i].Value = out[i].Value.Add(it.LineTotal())
	}
	return out, nil
}

// TableOf is the owner's rate table from the books.
func TableOf(rates []store.ShippingRate) Table {
	t := make(Table, len(rates))
	for i, r := range rates {
		t[i] = Rate{Courier: r.Courier, Service: r.Service, Province: r.Province, FirstKg: r.FirstKg, NextKg: r.NextKg,
			RoundFromG: r.RoundFromG, ETD: r.ETD}
	}
	return t
}

// QuoterFromSettings is the checkout's quoter: the owner's chosen live
// provider (none for "tabel"), the books' cache (the caller's
// transaction), and fallback (TableOf the rates, or Flat when the table
// is empty).
func (c Config) QuoterFromSettings(tx *store.Tx, fallback Source) (Quoter, error) {
	live, err := c.ProviderFromSettings(tx)
	if err != nil {
		return Quoter{}, err
	}
	return Quoter{Live: live, Fallback: fallback, Cache: tx}, nil
}

// LiveName is the live provider's name, or ProviderTable without one: the
// name origins and address areas are looked up under.
func (q Quoter) LiveName() string {
	if q.Live == nil {
		return ProviderTable
	}
	return q.Live.Name()
}

// ValidPostalCode tells whether s is an Indonesian kode pos: five digits,
// not starting with 0.
func ValidPostalCode(s string) bool {
	return len(s) == 5 && strings.Trim(s, "0123456789") == "" && s[0] != '0'
}
