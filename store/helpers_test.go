package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

// t0 is the fixed start of every test clock: 2025-03-01 10:00:00 UTC.
var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

// testClock is a settable clock safe for concurrent use.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *testClock { return &testClock{t: t0} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openDB opens a fresh database in a temp dir with a fixed clock.
func openDB(t testing.TB) (*store.DB, *testClock) {
	t.Helper()
	clk := newClock()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName), store.WithClock(clk.Now))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db, clk
}

func update(t testing.TB, db *store.DB, fn func(*store.Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func view(t testing.TB, db *store.DB, fn func(*store.Tx) error) {
	t.Helper()
	if err := db.View(context.Background(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// rawDB opens the file with plain database/sql on the modernc driver, for
// looking at columns the API does not show.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", store.DSN(path, false))
	if err != nil {
		t.Fatalf("raw open: %v", err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// closedBooks makes a file with dropbot's schema and closes it, for tests
// that then work on the raw file; it returns the file's path.
func closedBooks(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// holdWriter starts a write of key = value that holds the writer until
// release is called; it returns once the row is written, and done gets
// the write's result.
func holdWriter(db *store.DB, key, value string) (release func(), done <-chan error) {
	inTx, rel := make(chan struct{}), make(chan struct{})
	res := make(chan error, 1)
	go func() {
		res <- db.Update(context.Background(), func(tx *store.Tx) error {
			err := tx.SetSetting(key, value)
			close(inTx)
			if err != nil {
				return err
			}
			<-rel
			return nil
		})
	}()
	<-inTx
	return func() { close(rel) }, res
}

// wantCode fails unless err carries the store error code want.
func wantCode(t testing.TB, err error, want string) {
	t.Helper()
	if got := store.ErrorCode(err); got != want {
		t.Fatalf("error code = %q (err %v), want %q", got, err, want)
	}
	var se *store.Error
	if !errors.As(err, &se) {
		t.Fatalf("err %v is not a *store.Error", err)
	}
}

// newCustomer resolves a private-chat person and returns their customer id.
func newCustomer(t testing.TB, db *store.DB, user string) int64 {
	t.Helper()
	var id int64
	update(t, db, func(tx *store.Tx) error {
		w, err := tx.Resolve("telegram", user, false, user, "Budi "+user)
		id = w.CustomerID
		return err
	})
	if id == 0 {
		t.Fatalf("customer for %s not created", user)
	}
	return id
}

func ptr[T any](v T) *T { return &v }

func contextBG() context.Context { return context.Background() }
