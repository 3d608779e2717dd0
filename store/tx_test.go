package store_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func setting(t *testing.T, db *store.DB, key string) string {
	t.Helper()
	var v string
	view(t, db, func(tx *store.Tx) error {
		var err error
		v, err = tx.Setting(key, "<none>")
		return err
	})
	return v
}

// 8 writers × 50 read-then-write transactions: with IMMEDIATE transactions on
// one writer connection none fails with SQLITE_BUSY and no increment is lost.
func TestConcurrentReadModifyWrite(t *testing.T) {
	db, _ := openDB(t)
	const workers, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				errs <- db.Update(context.Background(), func(tx *store.Tx) error {
					v, err := tx.Setting("counter", "0")
					if err != nil {
						return err
					}
					n, err := strconv.Atoi(v)
					if err != nil {
						return err
					}
					return tx.SetSetting("counter", strconv.Itoa(n+1))
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := setting(t, db, "counter"); got != "400" { // 8 × 50
		t.Errorf("counter = %s, want 400", got)
	}
}

// Readers are not blocked by a writer that holds its transaction open, and
// they see the last committed state, not the writer's uncommitted one.
func TestViewRunsBesideUpdate(t *testing.T) {
	db, _ := openDB(t)
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting("k", "committed") })

	release, done := holdWriter(db, "k", "uncommitted")

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := db.View(ctx, func(tx *store.Tx) error {
				v, err := tx.Setting("k", "")
				if err == nil && v != "committed" {
					t.Errorf("reader saw %q, want committed", v)
				}
				return err
			})
			if err != nil {
				t.Errorf("View while a writer waits: %v", err)
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-done:
		t.Fatalf("the writer finished early: %v", err)
	default:
	}
	release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := setting(t, db, "k"); got != "uncommitted" {
		t.Errorf("after commit k = %q", got)
	}
}

func TestUpdateErrorRollsBack(t *testing.T) {
	db, _ := openDB(t)
	boom := errors.New("boom")
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		if err := tx.SetSetting("k", "v"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if got := setting(t, db, "k"); got != "<none>" {
		t.Errorf("k = %q after rollback", got)
	}
	// The single writer connection is free again.
	update(t, db, func(tx *store.Tx) error { return tx.SetSetting("after", "1") })
}

func TestUpdatePanicRollsBackAndRepanics(t *testing.T) {
	db, _ := openDB(t)
	func() {
		defer func() {
			if p := recover(); p != "kaboom" {
				t.Errorf("recovered %v, want kaboom", p)
			}
		}()
		db.Update(context.Background(), func(tx *store.Tx) error {
			if err := tx.SetSetting("k", "v"); err != nil {
				return err
			}
			panic("kaboom")
		})
		t.Error("Update returned instead of panicking")
	}()
	if got := setting(t, db, "k"); got != "<none>" {
		t.Errorf("k = %q after panic", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SetSetting("after", "1") }); err != nil {
		t.Fatalf("writer stuck after a panic: %v", err)
	}
}

func TestViewRefusesWrites(t *testing.T) {
	db, _ := openDB(t)
	err := db.View(context.Background(), func(tx *store.Tx) error { return tx.SetSetting("k", "v") })
	if err == nil {
		t.Fatal("a write inside View succeeded")
	}
	if got := setting(t, db, "k"); got != "<none>" {
		t.Errorf("k = %q after a refused write", got)
	}
	// Even when fn swallows the error, nothing is written.
	if err := db.View(context.Background(), func(tx *store.Tx) error {
		_, _ = tx.ClaimInbound("telegram", "m1", "c")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var st string
	view(t, db, func(tx *store.Tx) error {
		var err error
		st, err = tx.InboundStatus("telegram", "m1")
		return err
	})
	if st != "" {
		t.Errorf("inbound status = %q after a write inside View", st)
	}
	// Reading is fine.
	view(t, db, func(tx *store.Tx) error {
		_, err := tx.Settings()
		return err
	})
}

func TestTxNowIsFixedPerTransaction(t *testing.T) {
	local := time.FixedZone("WIB", 7*3600)
	clk := t0.In(local)
	db, err := store.Open(context.Background(), t.TempDir()+"/"+store.FileName, store.WithClock(func() time.Time { return clk }))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.Now().Equal(t0) {
		t.Errorf("db.Now() = %v", db.Now())
	}
	update(t, db, func(tx *store.Tx) error {
		if tx.Now() != t0 || tx.Now().Location() != time.UTC {
			t.Errorf("tx.Now() = %v, want %v in UTC", tx.Now(), t0)
		}
		return nil
	})
}

func TestCancelledContext(t *testing.T) {
	db, _ := openDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SetSetting("k", "v") }); err == nil {
		t.Error("Update with a cancelled context succeeded")
	}
	if got := setting(t, db, "k"); got != "<none>" {
		t.Errorf("k = %q", got)
	}
}

// A context that ends inside the transaction ends it: the statements after
// it fail, nothing is committed even when fn swallows the errors, and the
// writer is free for the next transaction.
func TestUpdateContextEndsMidTransaction(t *testing.T) {
	for _, swallow := range []bool{false, true} {
		t.Run("swallow="+strconv.FormatBool(swallow), func(t *testing.T) {
			db, _ := openDB(t)
			ctx, cancel := context.WithCancel(context.Background())
			var later error
			err := db.Update(ctx, func(tx *store.Tx) error {
				if err := tx.SetSetting("before", "v"); err != nil {
					return err
				}
				cancel()
				later = tx.SetSetting("after", "v")
				if swallow {
					return nil
				}
				return later
			})
			if !errors.Is(later, context.Canceled) {
				t.Errorf("statement after cancel: %v, want context.Canceled", later)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Update = %v, want context.Canceled", err)
			}
			for _, k := range []string{"before", "after"} {
				if got := setting(t, db, k); got != "<none>" {
					t.Errorf("%s = %q, want nothing committed", k, got)
				}
			}
			update(t, db, func(tx *store.Tx) error { return tx.SetSetting("next", "1") })
			if got := setting(t, db, "next"); got != "1" {
				t.Errorf("next = %q", got)
			}
		})
	}
}

// A writer waiting for the connection gives up when its context ends.
func TestUpdateWaitHonoursContext(t *testing.T) {
	db, _ := openDB(t)
	release, done := holdWriter(db, "k", "first")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := db.Update(ctx, func(tx *store.Tx) error { return tx.SetSetting("k", "second") })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting Update = %v, want its deadline", err)
	}
	release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := setting(t, db, "k"); got != "first" {
		t.Errorf("k = %q, want first", got)
	}
}

// Close waits for the write in progress, and a write waiting behind it, or
// coming after, fails instead of hanging or using a closed connection.
func TestCloseEndsWaitingWriters(t *testing.T) {
	path := t.TempDir() + "/" + store.FileName
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	release, first := holdWriter(db, "k", "first")
	waiting := make(chan error, 1)
	go func() {
		waiting <- db.Update(context.Background(), func(tx *store.Tx) error { return tx.SetSetting("k", "second") })
	}()
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	time.Sleep(20 * time.Millisecond) // let both reach their wait
	release()
	if err := <-first; err != nil {
		t.Fatalf("the write in progress: %v", err)
	}
	if err := <-waiting; err == nil {
		t.Error("a write waiting behind Close succeeded")
	}
	if err := <-closed; err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := db.Update(context.Background(), func(tx *store.Tx) error { return nil }); err == nil {
		t.Error("Update after Close succeeded")
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	db2, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if got := setting(t, db2, "k"); got != "first" {
		t.Errorf("k = %q, want first", got)
	}
}
