package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func TestClaimAndParkInbound(t *testing.T) {
	db, _ := openDB(t)
	claim := func(channel, id string) bool {
		t.Helper()
		var ok bool
		update(t, db, func(tx *store.Tx) error {
			var err error
			ok, err = tx.ClaimInbound(channel, id, "chat1")
			return err
		})
		return ok
	}
	status := func(channel, id string) string {
		t.Helper()
		var s string
		view(t, db, func(tx *store.Tx) error {
			var err error
			s, err = tx.InboundStatus(channel, id)
			return err
		})
		return s
	}
	if s := status("telegram", "m1"); s != "" {
		t.Errorf("unseen status = %q, want \"\"", s)
	}
	steps := []struct {
		channel, id string
		want        bool
	}{
		{"telegram", "m1", true},
		{"telegram", "m1", false}, // duplicate delivery
		{"whatsapp", "m1", true},  // same id, other channel
		{"whatsapp", "m1", false},
		{"telegram", "m2", true},
	}
	for i, s := range steps {
		if got := claim(s.channel, s.id); got != s.want {
			t.Errorf("step %d: ClaimInbound(%s, %s) = %v, want %v", i, s.channel, s.id, got, s.want)
		}
	}
	if s := status("telegram", "m1"); s != "done" {
		t.Errorf("status = %q, want done", s)
	}

	// A message that failed every try is parked and never claimed again.
	update(t, db, func(tx *store.Tx) error { return tx.ParkInbound("telegram", "m3", "chat1", 3, "flow error") })
	if claim("telegram", "m3") {
		t.Error("ClaimInbound after ParkInbound = true, want false")
	}
	if s := status("telegram", "m3"); s != "parked" {
		t.Errorf("status = %q, want parked", s)
	}
	// Parking a claimed one turns it parked.
	update(t, db, func(tx *store.Tx) error { return tx.ParkInbound("telegram", "m2", "chat1", 5, "flow error") })
	if s := status("telegram", "m2"); s != "parked" {
		t.Errorf("status = %q, want parked", s)
	}
	var attempts int
	var reason string
	if err := rawDB(t, db.Path()).QueryRow(`SELECT attempts, error FROM inbound WHERE channel = 'telegram' AND message_id = 'm2'`).
		Scan(&attempts, &reason); err != nil || attempts != 5 || reason != "flow error" {
		t.Errorf("parked row: attempts %d error %q (%v)", attempts, reason, err)
	}
}

func TestConversation(t *testing.T) {
	db, clk := openDB(t)
	get := func(user string) store.Conversation {
		t.Helper()
		var c store.Conversation
		view(t, db, func(tx *store.Tx) error {
			var err error
			c, err = tx.Conversation("telegram", "chat1", user)
			return err
		})
		return c
	}
	if c := get("u1"); c != (store.Conversation{}) {
		t.Errorf("nothing saved: %+v", c)
	}
	update(t, db, func(tx *store.Tx) error {
		return tx.SetConversation("telegram", "chat1", "u1", store.Conversation{Flow: "order", Step: "address"})
	})
	if c := get("u1"); c != (store.Conversation{Flow: "order", Step: "address", Data: "{}", UpdatedAt: t0}) {
		t.Errorf("saved = %+v", c)
	}
	// A later save moves UpdatedAt: the flows time out stale wizards by it.
	clk.Add(90 * time.Minute)
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetConversation("telegram", "chat1", "u1", store.Conversation{Flow: "order", Step: "confirm", Data: `{"sku":"A"}`}); err != nil {
			return err
		}
		return tx.SetConversation("telegram", "chat1", "u2", store.Conversation{Flow: "payment", Step: "proof"})
	})
	if c := get("u1"); c != (store.Conversation{Flow: "order", Step: "confirm", Data: `{"sku":"A"}`, UpdatedAt: t0.Add(90 * time.Minute)}) {
		t.Errorf("updated = %+v", c)
	}
	update(t, db, func(tx *store.Tx) error { return tx.SetConversation("telegram", "chat1", "u1", store.Conversation{}) })
	if c := get("u1"); c != (store.Conversation{}) {
		t.Errorf("after delete = %+v", c)
	}
	if c := get("u2"); c.Flow != "payment" {
		t.Errorf("another person's state went too: %+v", c)
	}
}

func enqueue(t *testing.T, db *store.DB, m store.OutMessage) int64 {
	t.Helper()
	var id int64
	update(t, db, func(tx *store.Tx) error {
		var err error
		id, err = tx.Enqueue(m)
		return err
	})
	return id
}

func due(t *testing.T, db *store.DB, now time.Time, limit int) []int64 {
	t.Helper()
	var ids []int64
	view(t, db, func(tx *store.Tx) error {
		ms, err := tx.DueOutbox(now, limit)
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		return err
	})
	return ids
}

func TestEnqueueValidation(t *testing.T) {
	db, _ := openDB(t)
	for _, m := range []store.OutMessage{
		{ChatID: "c", Text: "x"},
		{Channel: "telegram", Text: "x"},
		{Channel: "telegram", ChatID: "c"},
	} {
		err := db.Update(t.Context(), func(tx *store.Tx) error {
			_, err := tx.Enqueue(m)
			return err
		})
		wantCode(t, err, store.EInvalid)
	}
	// Media alone is enough.
	mdb, err := saveMedia(db, t.TempDir(), pngBytes(1), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	id := enqueue(t, db, store.OutMessage{Channel: "telegram", ChatID: "c", MediaID: mdb.ID})
	var m store.OutMessage
	view(t, db, func(tx *store.Tx) error {
		var err error
		m, err = tx.OutboxByID(id)
		return err
	})
	if m.MediaID != mdb.ID || m.Text != "" || m.Status != store.OutPending {
		t.Errorf("media message = %+v", m)
	}
	view(t, db, func(tx *store.Tx) error {
		if _, err := tx.OutboxByID(id + 10); !store.IsNotFound(err) {
			t.Errorf("OutboxByID(unknown) err = %v, want not found", err)
		}
		return nil
	})
}

func TestOutboxOrderPerChat(t *testing.T) {
	db, clk := openDB(t)
	now := t0.Add(time.Second) // a1 is enqueued at t0, the rest at t0+1s
	view(t, db, func(tx *store.Tx) error {
		if _, ok, err := tx.NextOutboxAt(); ok || err != nil {
			t.Errorf("empty outbox: NextOutboxAt ok=%v err=%v", ok, err)
		}
		return nil
	})

	a1 := enqueue(t, db, store.OutMessage{Channel: "telegram", ChatID: "A", Text: "a1",
		Options: []string{"1. Ya", "2. Tidak"}, ReplyTo: "77", RefKind: "order", RefID: "K7P2X"})
	clk.Add(time.Second)
	a2 := enqueue(t, db, store.OutMessage{Channel: "telegram", ChatID: "A", Text: "a2"})
	b1 := enqueue(t, db, store.OutMessage{Channel: "telegram", ChatID: "B", Text: "b1"})
	a3 := enqueue(t, db, store.OutMessage{Channel: "telegram", ChatID: "A", Text: "a3"})
	w1 := enqueue(t, db, store.OutMessage{Channel: "whatsapp", ChatID: "A", Text: "w1"}) // same chat id, other channel
	later := enqueue(t, db, store.OutMessage{Channel: "telegram", ChatID: "C", Text: "c1", NextAt: t0.Add(time.Hour)})

	var m store.OutMessage
	view(t, db, func(tx *store.Tx) error {
		var err error
		m, err = tx.OutboxByID(a1)
		return err
	})
	if m.Channel != "telegram" || m.ChatID != "A" || m.Text != "a1" || !slices.Equal(m.Options, []string{"1. Ya", "2. Tidak"}) ||
		m.ReplyTo != "77" || m.RefKind != "order" || m.RefID != "K7P2X" || m.Status != store.OutPending ||
		m.Attempts != 0 || !m.NextAt.Equal(t0) || !m.CreatedAt.Equal(t0) {
		t.Errorf("a1 = %+v", m)
	}

	// One per chat, the oldest of each, in id order; c1 is not due yet.
	if got, want := due(t, db, now, 10), []int64{a1, b1, w1}; !slices.Equal(got, want) {
		t.Errorf("due = %v, want %v", got, want)
	}
	if got, want := due(t, db, now, 2), []int64{a1, b1}; !slices.Equal(got, want) {
		t.Errorf("due limit 2 = %v, want %v", got, want)
	}
	if got := due(t, db, now.Add(-time.Hour), 10); len(got) != 0 {
		t.Errorf("due before anything = %v", got)
	}

	// a1 fails and waits a minute: a2 must wait behind it.
	update(t, db, func(tx *store.Tx) error { return tx.MarkRetry(a1, now.Add(time.Minute), "429 retry_after 60") })
	if got, want := due(t, db, now, 10), []int64{b1, w1}; !slices.Equal(got, want) {
		t.Errorf("due while a1 waits = %v, want %v (a2 must not overtake a1)", got, want)
	}
	view(t, db, func(tx *store.Tx) error {
		next, ok, err := tx.NextOutboxAt()
		// a1 now waits until now+1m; the earliest pending is b1/a2/a3/w1 at now.
		if err != nil || !ok || !next.Equal(now) {
			t.Errorf("NextOutboxAt = %v %v %v, want %v", next, ok, err, now)
		}
		return nil
	})
	if got, want := due(t, db, now.Add(time.Minute), 10), []int64{a1, b1, w1}; !slices.Equal(got, want) {
		t.Errorf("due after the wait = %v, want %v", got, want)
	}

	update(t, db, func(tx *store.Tx) error {
		if err := tx.MarkSent(a1, "tg-555"); err != nil {
			return err
		}
		if err := tx.MarkSent(b1, "tg-556"); err != nil {
			return err
		}
		return tx.MarkSent(w1, "ABCDEF")
	})
	view(t, db, func(tx *store.Tx) error {
		var err error
		m, err = tx.OutboxByID(a1)
		return err
	})
	if m.Status != store.OutSent || m.Attempts != 2 || m.PlatformID != "tg-555" || m.LastError != "429 retry_after 60" {
		t.Errorf("a1 after sent = %+v", m)
	}
	if got, want := due(t, db, now, 10), []int64{a2}; !slices.Equal(got, want) {
		t.Errorf("due = %v, want %v", got, want)
	}

	// a2 gives up: a3 is next.
	update(t, db, func(tx *store.Tx) error { return tx.MarkFailed(a2, "403 blocked") })
	view(t, db, func(tx *store.Tx) error {
		var err error
		m, err = tx.OutboxByID(a2)
		return err
	})
	if m.Status != store.OutFailed || m.Attempts != 1 || m.LastError != "403 blocked" {
		t.Errorf("a2 after failed = %+v", m)
	}
	if got, want := due(t, db, now, 10), []int64{a3}; !slices.Equal(got, want) {
		t.Errorf("due = %v, want %v", got, want)
	}
	// Marking a message that is no longer pending changes nothing.
	update(t, db, func(tx *store.Tx) error {
		if err := tx.MarkSent(a2, "late"); err != nil {
			return err
		}
		return tx.MarkRetry(a1, now.Add(time.Hour), "late")
	})
	view(t, db, func(tx *store.Tx) error {
		a2m, _ := tx.OutboxByID(a2)
		a1m, _ := tx.OutboxByID(a1)
		if a2m.Status != store.OutFailed || a2m.PlatformID != "" || a1m.Attempts != 2 || !a1m.NextAt.Equal(now.Add(time.Minute)) {
			t.Errorf("finished rows changed: a1 %+v a2 %+v", a1m, a2m)
		}
		next, ok, err := tx.NextOutboxAt()
		// pending: a3 (due t0+1s) and c1 (due t0+1h)
		if err != nil || !ok || !next.Equal(t0.Add(time.Second)) {
			t.Errorf("NextOutboxAt = %v %v %v, want %v", next, ok, err, t0.Add(time.Second))
		}
		return nil
	})
	if got, want := due(t, db, t0.Add(time.Hour), 10), []int64{a3, later}; !slices.Equal(got, want) {
		t.Errorf("due in an hour = %v, want %v", got, want)
	}

	// Quote-replies: what was the message with this platform id about?
	tests := []struct {
		channel, chat, platformID string
		kind, id                  string
		ok                        bool
	}{
		{"telegram", "A", "tg-555", "order", "K7P2X", true},
		{"telegram", "B", "tg-556", "", "", true},  // sent, about nothing in particular
		{"telegram", "B", "tg-555", "", "", false}, // ids are per chat: tg-555 went to A
		{"telegram", "A", "tg-999", "", "", false},
		{"whatsapp", "A", "tg-555", "", "", false}, // ids are per channel
		{"telegram", "A", "", "", "", false},       // unsent rows have platform_id ''
	}
	for _, tc := range tests {
		view(t, db, func(tx *store.Tx) error {
			kind, id, ok, err := tx.OutboxRef(tc.channel, tc.chat, tc.platformID)
			if err != nil || kind != tc.kind || id != tc.id || ok != tc.ok {
				t.Errorf("OutboxRef(%s, %s, %q) = %q %q %v %v; want %q %q %v", tc.channel, tc.chat, tc.platformID, kind, id, ok, err, tc.kind, tc.id, tc.ok)
			}
			return nil
		})
	}
}
