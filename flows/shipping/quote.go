package shipping

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/dropbot/dropbot/flows/resi"
)

// DefaultCacheTTL is how long a provider's quotes are reused: rates change
// rarely within a day, and a customer comparing couriers should not wait
// twice.
const DefaultCacheTTL = 24 * time.Hour

// ReasonNoOrigin and ReasonNoDestination say the live provider could not
// even be asked: the owner has set no origin, or the address has neither
// a kode pos nor a resolved area.
const (
	ReasonNoOrigin      Reason = "no_origin"
	ReasonNoDestination Reason = "no_destination"
)

// Parcel is what one supplier (or the owner's own stock) ships for an
// order: an order with items from two suppliers is two parcels.
type Parcel struct {
	SupplierID int64
	Origin     Place
	WeightG    int
	Value      decimal.Decimal
}

// Destination is where the order goes: the province for the owner's
// table, the kode pos and the provider's area id (from the saved
// address's resolved area) for a live provider.
type Destination struct {
	Province   string
	PostalCode string
	AreaID     string
}

// QuoteCache keeps provider answers; *store.Tx has these methods.
type QuoteCache interface {
	CachedQuotes(key string) (payload string, ok bool, err error)
	PutCachedQuotes(key, payload string, ttl time.Duration) error
}

// Flat is a Source with one price for any parcel anywhere: the owner's
// flat ongkir when there is no table.
type Flat struct {
	Courier string // shown to the customer, from the locales
	Cost    decimal.Decimal
}

// Quotes returns the flat price.
func (f Flat) Quotes(_ context.Context, _ string, weightG int) ([]Quote, error) {
	return []Quote{{Courier: f.Courier, Cost: f.Cost, BilledKg: BilledKg(weightG, 300)}}, nil
}

// Quoter prices an order's parcels: with the live provider when there is
// one, from the cache when it answered the same question within a day,
// else with the fallback (the owner's table or a flat rate), saying why.
type Quoter struct {
	Live     Provider      // nil = the fallback only
	Fallback Source        // the owner's table or Flat; nil = none
	Cache    QuoteCache    // nil = no cache
	CacheTTL time.Duration // 0 = DefaultCacheTTL
	Couriers []string      // couriers to ask the provider for; nil = its default list
	Log      *slog.Logger  // nil = slog.Default(); never given personal data
}

// Option is one courier service every parcel can go with: the customer
// picks it once for the whole order.
type Option struct {
	Courier   string
	Service   string
	Code      string            // the provider's courier code; "" for the table
	Total     decimal.Decimal   // the sum over the parcels
	PerParcel []decimal.Decimal // in the order of the parcels
	ETD       string            // the slowest parcel's estimate
	BilledKg  int               // summed over the parcels
	Quotes    []Quote           // each parcel's own quote of this service, in the order of the parcels
}

// Plan is the answer for one order.
type Plan struct {
	Parcels [][]Quote // each parcel's quotes, in the order given
	Options []Option  // the couriers every parcel has, cheapest total first
	// Split: the live provider priced every parcel but no courier serves
	// them all; the customer picks a courier per parcel from Parcels.
	Split  bool
	Source string // ProviderBiteship, ProviderRajaOngkir or ProviderTable
	Cached bool   // every live answer came from the cache
	// Failure is why the live provider was not used when it is set up:
	// for the owner, once, in words (see FailureText); never for the
	// customer, who simply gets the fallback's prices.
	Failure *Failure
}

// Quote prices the parcels to dest. It fails only when neither the live
// provider nor the fallback can answer.
func (q Quoter) Quote(ctx context.Context, parcels []Parcel, dest Destination) (Plan, error) {
	if len(parcels) == 0 {
		return Plan{}, errors.New("quote: no parcels")
	}
	var failure *Failure
	if q.Live != nil {
		plan, err := q.live(ctx, parcels, dest)
		if err == nil && len(plan.Options) > 0 {
			return plan, nil
		}
		if err == nil && len(parcels) > 1 && everyParcelPriced(plan.Parcels) {
			plan.Split = true // a courier per parcel, rather than the table's guess
			return plan, nil
		}
		if err == nil {
			err = &Failure{Provider: q.Live.Name(), Op: "rates", Reason: ReasonNotFound, Detail: "no courier serves every parcel"}
		}
		if !errors.As(err, &failure) {
			failure = &Failure{Provider: q.Live.Name(), Op: "rates", Reason: ReasonOf(err), Err: err}
		}
		q.log().Warn("live ongkir failed; using the fallback", "provider", failure.Provider, "reason", string(failure.Reason),
			"status", failure.Status)
	}
	if q.Fallback == nil {
		if failure != nil {
			return Plan{Failure: failure}, failure
		}
		return Plan{}, errors.New("quote: no provider and no fallback")
	}
	plan := Plan{Source: ProviderTable, Failure: failure}
	for _, p := range parcels {
		qs, err := q.Fallback.Quotes(ctx, dest.Province, p.WeightG)
		if err != nil {
			return plan, err
		}
		plan.Parcels = append(plan.Parcels, qs)
	}
	plan.Options = commonOptions(plan.Parcels)
	return plan, nil
}

func (q Quoter) log() *slog.Logger {
	if q.Log != nil {
		return q.Log
	}
	return slog.Default()
}

// live asks the provider for every parcel at once (each bounded by the
// client's timeout) and waits for all of them.
func (q Quoter) live(ctx context.Context, parcels []Parcel, dest Destination) (Plan, error) {
	name := q.Live.Name()
	to := Place{AreaID: dest.AreaID, PostalCode: dest.PostalCode}
	if to.empty() {
		return Plan{}, &Failure{Provider: name, Op: "rates", Reason: ReasonNoDestination}
	}
	for _, p := range parcels {
		if p.Origin.empty() {
			return Plan{}, &Failure{Provider: name, Op: "rates", Reason: ReasonNoOrigin}
		}
	}
	plan := Plan{Source: name, Parcels: make([][]Quote, len(parcels)), Cached: true}
	errs := make([]error, len(parcels))
	hits := make([]bool, len(parcels))
	var wg sync.WaitGroup
	for i, p := range parcels {
		band := WeightBand(p.WeightG)
		key := q.cacheKey(name, p.Origin, to, band)
		if qs, ok := q.cached(key); ok {
			plan.Parcels[i], hits[i] = qs, true
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			plan.Parcels[i], errs[i] = q.Live.Rates(ctx, p.Origin, to, band, p.Value, q.Couriers)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return Plan{}, err // the first failing parcel's reason is the one to tell
		}
	}
	for i, p := range parcels {
		if hits[i] {
			continue
		}
		plan.Cached = false
		if len(plan.Parcels[i]) > 0 {
			q.store(q.cacheKey(name, p.Origin, to, WeightBand(p.WeightG)), plan.Parcels[i])
		}
	}
	plan.Options = commonOptions(plan.Parcels)
	return plan, nil
}

// WeightBand is the weight a provider is asked for: the parcel's weight
// rounded up to 100 g. Couriers round in whole kg with a tolerance in
// hundreds of grams, so the band never crosses a billing step the real
// weight did not, and parcels within a band share a cache entry.
func WeightBand(weightG int) int {
	if weightG <= 100 {
		return 100
	}
	return (weightG + 99) / 100 * 100
}

func (q Quoter) cacheKey(provider string, from, to Place, band int) string {
	couriers := courierCodes(provider, q.Couriers)
	return strings.Join([]string{"v1", provider, from.key(), to.key(), strconv.Itoa(band), strings.Join(couriers, ",")}, "|")
}

func (q Quoter) cached(key string) ([]Quote, bool) {
	if q.Cache == nil {
		return nil, false
	}
	payload, ok, err := q.Cache.CachedQuotes(key)
	if err != nil {
		q.log().Warn("quote cache read failed", "err", err)
		return nil, false
	}
	if !ok {
		return nil, false
	}
	var qs []Quote
	if err := json.Unmarshal([]byte(payload), &qs); err != nil || len(qs) == 0 {
		return nil, false
	}
	return qs, true
}

func (q Quoter) store(key string, qs []Quote) {
	if q.Cache == nil {
		return
	}
	b, err := json.Marshal(qs)
	if err != nil {
		return
	}
	ttl := q.CacheTTL
	if ttl == 0 {
		ttl = DefaultCacheTTL
	}
	if err := q.Cache.PutCachedQuotes(key, string(b), ttl); err != nil {
		q.log().Warn("quote cache write failed", "err", err)
	}
}

// optionKey matches one courier service across parcels: the provider's
// code (or the courier's known code, or its name) and the service.
func optionKey(q Quote) string {
	c := q.Code
	if c == "" {
		if rc, ok := resi.ParseCourier(q.Courier); ok {
			c = string(rc)
		} else {
			c = strings.ToLower(strings.TrimSpace(q.Courier))
		}
	}
	return c + "/" + strings.ToUpper(strings.TrimSpace(q.Service))
}

// commonOptions returns the courier services every parcel has, with the
// per-parcel costs and their sum, cheapest total first.
func commonOptions(parcels [][]Quote) []Option {
	if len(parcels) == 0 {
		return nil
	}
	var out []Option
	for _, first := range parcels[0] {
		k := optionKey(first)
		o := Option{Courier: first.Courier, Service: first.Service, Code: first.Code}
		ok := true
		for _, qs := range parcels {
			found := false
			for _, x := range qs {
				if optionKey(x) == k {
					o.PerParcel = append(o.PerParcel, x.Cost)
					o.Quotes = append(o.Quotes, x)
					o.Total = o.Total.Add(x.Cost)
					o.BilledKg += x.BilledKg
					o.ETD = slowerETD(o.ETD, x.ETD)
					found = true
					break
				}
			}
			if !found {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Total.Equal(out[j].Total) {
			return out[i].Total.LessThan(out[j].Total)
		}
		return out[i].Courier+out[i].Service < out[j].Courier+out[j].Service
	})
	return out
}

// everyParcelPriced tells whether each parcel has at least one quote.
func everyParcelPriced(parcels [][]Quote) bool {
	for _, qs := range parcels {
		if len(qs) == 0 {
			return false
		}
	}
	return len(parcels) > 0
}

// slowerETD returns the estimate with the later upper bound ("2-3 hari"
// over "1-2 hari"); an unknown estimate makes the whole unknown only when
// nothing is known.
func slowerETD(a, b string) string {
	ua, ub := etdUpperHours(a), etdUpperHours(b)
	switch {
	case ua < 0:
		return b
	case ub < 0:
		return a
	case ub > ua:
		return b
	}
	return a
}

// etdUpperHours reads a normalised estimate's upper bound in hours; -1 when
// there is none.
func etdUpperHours(s string) int {
	f := strings.Fields(s)
	if len(f) != 2 {
		return -1
	}
	nums := strings.Split(f[0], "-")
	n, err := strconv.Atoi(nums[len(nums)-1])
	if err != nil {
		return -1
	}
	switch f[1] {
	case "jam":
		return n
	case "minggu":
		return n * 24 * 7
	}
	return n * 24
}
