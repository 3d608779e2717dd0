package whatsapp

import (
	"sync"
	"unicode/utf8"
)

// quoteCacheSize is how many recent messages the adapter remembers so it
// can quote them: a WhatsApp quote needs the quoted message's sender, which
// the outbox does not keep.
const quoteCacheSize = 4096

// quotedTextMax caps the text kept for a quote preview.
const quotedTextMax = 200

// quoteRef is what a quote of one message needs.
type quoteRef struct {
	chat        string // ChatID as the adapter reports it
	participant string // the sender's JID as WhatsApp addressed it (phone or lid)
	text        string // shown in the quote preview
}

// quoteCache is a fixed-size FIFO map of message id → quoteRef.
type quoteCache struct {
	mu    sync.Mutex
	max   int
	m     map[string]quoteRef
	order []string // ring of ids, oldest at head
	head  int
}

func newQuoteCache(max int) *quoteCache {
	return &quoteCache{max: max, m: make(map[string]quoteRef, max)}
}

func (q *quoteCache) put(id string, r quoteRef) {
	if id == "" || r.participant == "" {
		return
	}
	if len(r.text) > quotedTextMax {
		r.text = truncateRunes(r.text, quotedTextMax)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.m[id]; ok {
		q.m[id] = r
		return
	}
	if len(q.order) < q.max {
		q.order = append(q.order, id)
	} else {
		delete(q.m, q.order[q.head])
		q.order[q.head] = id
		q.head = (q.head + 1) % q.max
	}
	q.m[id] = r
}

// get returns the message id's quote data when it was seen in chat.
func (q *quoteCache) get(chat, id string) (quoteRef, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	r, ok := q.m[id]
	if !ok || r.chat != chat {
		return quoteRef{}, false
	}
	return r, true
}

// truncateRunes cuts s to at most n bytes without splitting a character.
func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
