// Package shipping prices delivery and follows parcels: the owner's rate
// table (Table, a Source), live providers (Biteship, RajaOngkir by
// Komerce) behind Provider, the per-parcel quoting with a cache and a
// fallback (Quoter), and the tracking milestones and poll plan. It holds
// no conversation state: the flows call it with what they know.
package shipping

import (
	"context"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Quote is one courier service's price for one parcel.
type Quote struct {
	Courier  string
	Service  string
	Cost     decimal.Decimal
	ETD      string // e.g. "2-3 hari"
	BilledKg int
	Code     string `json:",omitempty"` // the provider's courier code ("jne", "jnt"); "" for the table
}

// Source gives the quotes for a parcel to a province.
type Source interface {
	Quotes(ctx context.Context, province string, weightG int) ([]Quote, error)
}

// Rate is one line of a rate table: a courier service to a province ("" =
// anywhere not listed), first kg and each further kg.
type Rate struct {
	Courier, Service, Province string
	FirstKg, NextKg            decimal.Decimal
	RoundFromG                 int // grams over a whole kg that still round down (JNE-style tolerance)
	ETD                        string
}

// BilledKg is the weight a courier bills: at least 1 kg, and a remainder of
// more than roundFromG grams over a whole kg counts as one more kg.
func BilledKg(weightG, roundFromG int) int {
	if weightG <= 1000 {
		return 1
	}
	kg, rest := weightG/1000, weightG%1000
	if rest > roundFromG {
		kg++
	}
	return max(kg, 1)
}

// Table is a Source over a fixed list of rates.
type Table []Rate

// Quotes prices the parcel with every service that reaches the province; a
// province-specific line wins over the "anywhere" line of the same service.
func (t Table) Quotes(_ context.Context, province string, weightG int) ([]Quote, error) {
	type key struct{ c, s string }
	chosen := map[key]Rate{}
	for _, r := range t {
		k := key{r.Courier, r.Service}
		switch {
		case r.Province != "" && strings.EqualFold(r.Province, province):
			chosen[k] = r
		case r.Province == "":
			if cur, ok := chosen[k]; !ok || cur.Province == "" {
				chosen[k] = r
			}
		}
	}
	out := make([]Quote, 0, len(chosen))
	for _, r := range chosen {
		kg := BilledKg(weightG, r.RoundFromG)
		cost := r.FirstKg.Add(r.NextKg.Mul(decimal.NewFromInt(int64(kg - 1))))
		out = append(out, Quote{Courier: r.Courier, Service: r.Service, Cost: cost, ETD: r.ETD, BilledKg: kg})
	}
	sortQuotes(out)
	return out, nil
}

// sortQuotes orders quotes cheapest first, then by courier and service.
func sortQuotes(qs []Quote) {
	sort.Slice(qs, func(i, j int) bool {
		if !qs[i].Cost.Equal(qs[j].Cost) {
			return qs[i].Cost.LessThan(qs[j].Cost)
		}
		return qs[i].Courier+qs[i].Service < qs[j].Courier+qs[j].Service
	})
}
