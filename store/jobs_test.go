package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func TestJobsScheduleDueRetryFinish(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.ScheduleJob("order.expire", "AAAAA", t0.Add(24*time.Hour)); err != nil {
			return err
		}
		if err := tx.ScheduleJob("order.remind", "AAAAA", t0.Add(6*time.Hour)); err != nil {
			return err
		}
		// Rescheduling the same timer replaces it rather than adding one.
		if err := tx.ScheduleJob("order.remind", "AAAAA", t0.Add(7*time.Hour)); err != nil {
			return err
		}
		if err := tx.ScheduleJob("", "x", t0); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("job without kind: %v", err)
		}
		due, err := tx.DueJobs(t0.Add(6*time.Hour+59*time.Minute), 10)
		if err != nil || len(due) != 0 {
			t.Errorf("due before 7h: %v %v", due, err)
		}
		due, err = tx.DueJobs(t0.Add(24*time.Hour), 10)
		if err != nil {
			return err
		}
		if len(due) != 2 || due[0].Kind != "order.remind" || due[1].Kind != "order.expire" {
			t.Fatalf("due at 24h = %+v, want remind then expire", due)
		}
		// Two failures with max 2 attempts: the second finishes it.
		if err := tx.RetryJob(due[0].ID, t0.Add(8*time.Hour), "boom", 2); err != nil {
			return err
		}
		if j, _ := tx.JobByID(due[0].ID); j.Done || j.Attempts != 1 {
			t.Errorf("after one failure: %+v", j)
		}
		if err := tx.RetryJob(due[0].ID, t0.Add(9*time.Hour), "boom", 2); err != nil {
			return err
		}
		if j, _ := tx.JobByID(due[0].ID); !j.Done {
			t.Errorf("after max attempts the job must be finished: %+v", j)
		}
		if err := tx.FinishJob(due[1].ID); err != nil {
			return err
		}
		if _, ok, err := tx.NextJobAt(); err != nil || ok {
			t.Errorf("no job should be pending: ok=%v err=%v", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
