package shipping

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/dropbot/dropbot/store"
)

// AreaCacheTTL is how long an area search's answer is reused: areas
// (kecamatan, kode pos) change far more rarely than rates.
const AreaCacheTTL = 7 * 24 * time.Hour

// CachedAreas is a Provider whose area searches are kept in the books'
// cache (beside the quotes), so that the search the engine makes before a
// message's transaction (PrefetchAreas) is found again inside it without
// a network call. Rates and tracking go straight to the provider.
type CachedAreas struct {
	Provider
	Cache QuoteCache
}

// WithAreaCache wraps p so that its area searches use cache (nil p or
// cache: p as it is).
func WithAreaCache(p Provider, cache QuoteCache) Provider {
	if p == nil || cache == nil {
		return p
	}
	return CachedAreas{Provider: p, Cache: cache}
}

func areaKey(provider, query string, limit int) string {
	return strings.Join([]string{"areas1", provider, strings.ToLower(strings.TrimSpace(query)), strconv.Itoa(limit)}, "|")
}

// Areas answers from the cache when the same search was made lately, else
// asks the provider and keeps a non-empty answer.
func (c CachedAreas) Areas(ctx context.Context, query string, limit int) ([]Area, error) {
	key := areaKey(c.Name(), query, limit)
	if payload, ok, err := c.Cache.CachedQuotes(key); err == nil && ok {
		var areas []Area
		if json.Unmarshal([]byte(payload), &areas) == nil {
			return areas, nil
		}
	}
	areas, err := c.Provider.Areas(ctx, query, limit)
	if err != nil || len(areas) == 0 {
		return areas, err
	}
	if b, err := json.Marshal(areas); err == nil {
		_ = c.Cache.PutCachedQuotes(key, string(b), AreaCacheTTL) // a cache that cannot keep it costs a call next time
	}
	return areas, nil
}

// DBCache is a QuoteCache on the books for code outside any transaction:
// each read and write is its own short transaction.
type DBCache struct {
	Ctx context.Context
	DB  *store.DB
}

// CachedQuotes reads a cached payload in a read-only transaction.
func (c DBCache) CachedQuotes(key string) (payload string, ok bool, err error) {
	err = c.DB.View(c.Ctx, func(tx *store.Tx) error {
		payload, ok, err = tx.CachedQuotes(key)
		return err
	})
	return payload, ok, err
}

// PutCachedQuotes keeps a payload in a short write transaction.
func (c DBCache) PutCachedQuotes(key, payload string, ttl time.Duration) error {
	return c.DB.Update(c.Ctx, func(tx *store.Tx) error { return tx.PutCachedQuotes(key, payload, ttl) })
}
