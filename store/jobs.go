package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Job is a persistent timer: a reminder, an expiry, an SLA check. It
// survives restarts because it lives in the books.
type Job struct {
	ID       int64
	Kind     string
	Ref      string
	RunAt    time.Time
	Attempts int
	Done     bool
}

// ScheduleJob sets the (kind, ref) timer to fire at runAt, replacing an
// earlier schedule of the same timer. A job that repeats must use a new ref
// for each run (e.g. the date): the engine finishes the row that ran, so
// rescheduling the same (kind, ref) from its own handler would be undone.
func (tx *Tx) ScheduleJob(kind, ref string, runAt time.Time) error {
	if kind == "" || ref == "" {
		return Errorf(EInvalid, "a job needs a kind and a ref")
	}
	_, err := tx.exec(`INSERT INTO jobs (kind, ref, run_at) VALUES (?, ?, ?)
		ON CONFLICT (kind, ref) DO UPDATE SET run_at = excluded.run_at, done_at = NULL, attempts = 0, last_error = ''`,
		kind, ref, ms(runAt))
	if err != nil {
		return fmt.Errorf("schedule job: %w", err)
	}
	return nil
}

const jobCols = `id, kind, ref, run_at, attempts, done_at IS NOT NULL`

func scanJob(r scanner) (Job, error) {
	var j Job
	var at int64
	err := r.Scan(&j.ID, &j.Kind, &j.Ref, &at, &j.Attempts, &j.Done)
	j.RunAt = fromMS(at)
	return j, err
}

// DueJobs lists jobs due at now, oldest first.
func (tx *Tx) DueJobs(now time.Time, limit int) ([]Job, error) {
	rows, err := tx.query(`SELECT `+jobCols+` FROM jobs WHERE done_at IS NULL AND run_at <= ? ORDER BY run_at, id LIMIT ?`,
		ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("due jobs: %w", err)
	}
	return scanAll(rows, scanJob)
}

// JobByID reads one job (to re-check it inside the transaction that runs it).
func (tx *Tx) JobByID(id int64) (Job, error) {
	j, err := scanJob(tx.row(`SELECT `+jobCols+` FROM jobs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return j, Errorf(ENotFound, "job %d", id)
	}
	return j, err
}

// FinishJob marks a job done.
func (tx *Tx) FinishJob(id int64) error {
	_, err := tx.exec(`UPDATE jobs SET done_at = ? WHERE id = ?`, ms(tx.now), id)
	return err
}

// RetryJob records a failed run and when to try again; after the given
// number of attempts the job is finished with its error kept.
func (tx *Tx) RetryJob(id int64, next time.Time, reason string, maxAttempts int) error {
	_, err := tx.exec(`UPDATE jobs SET attempts = attempts + 1, run_at = ?, last_error = ?,
		done_at = CASE WHEN attempts + 1 >= ? THEN ? ELSE NULL END WHERE id = ?`,
		ms(next), reason, maxAttempts, ms(tx.now), id)
	return err
}

// NextJobAt is when the earliest pending job is due.
func (tx *Tx) NextJobAt() (time.Time, bool, error) {
	var v sql.NullInt64
	if err := tx.row(`SELECT min(run_at) FROM jobs WHERE done_at IS NULL`).Scan(&v); err != nil {
		return time.Time{}, false, fmt.Errorf("next job: %w", err)
	}
	return nullMS(v), v.Valid, nil
}

// CustomerLang is a customer's language ("id" when unknown).
func (tx *Tx) CustomerLang(customerID int64) (string, error) {
	var lang string
	err := tx.row(`SELECT lang FROM customers WHERE id = ?`, customerID).Scan(&lang)
	if errors.Is(err, sql.ErrNoRows) {
		return "id", nil
	}
	return lang, err
}
