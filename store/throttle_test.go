package store_test

import (
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func TestThrottleNotice(t *testing.T) {
	db, clock := openDB(t)
	try := func(key string) (bool, int) {
		var send bool
		var held int
		update(t, db, func(tx *store.Tx) (err error) {
			send, held, err = tx.ThrottleNotice(key, 30*time.Minute)
			return err
		})
		return send, held
	}
	if send, held := try("help:a"); !send || held != 0 {
		t.Fatalf("first notice: send %v held %d", send, held)
	}
	for i := 1; i <= 19; i++ {
		if send, held := try("help:a"); send || held != i {
			t.Fatalf("notice %d within the window: send %v held %d", i+1, send, held)
		}
	}
	if send, _ := try("help:b"); !send {
		t.Fatal("another sender's notice was held back")
	}
	clock.Add(31 * time.Minute)
	if send, held := try("help:a"); !send || held != 19 {
		t.Fatalf("after the window: send %v held %d, want true 19", send, held)
	}
	if send, held := try("help:a"); send || held != 1 {
		t.Fatalf("right after: send %v held %d", send, held)
	}
}
