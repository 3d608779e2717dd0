package playground

import (
	"sync"
	"time"
)

// Clock is the playground's time: a base clock plus an offset that script
// lines like "clock +25h" move forward, so a demo or a test can watch a
// reminder or an expiry happen. Give its Now to store.Open (WithClock) so
// the books and the playground agree.
type Clock struct {
	mu     sync.Mutex
	base   func() time.Time
	offset time.Duration
}

// NewClock returns a clock over base (nil = time.Now).
func NewClock(base func() time.Time) *Clock {
	if base == nil {
		base = time.Now
	}
	return &Clock{base: base}
}

// Now is the base time plus every advance so far.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base().Add(c.offset)
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}
