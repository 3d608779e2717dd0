package console

import (
	"strconv"
	"time"

	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// recapHour is the hour of the daily recap and whether it is on.
func recapHour(tx *store.Tx) (int, bool, error) {
	v, err := tx.Setting(SettingRecapHour, "")
	if err != nil {
		return 0, false, err
	}
	if v == "off" {
		return 0, false, nil
	}
	h, err := strconv.Atoi(v)
	if err != nil || h < 0 || h > 23 {
		return DefaultRecapHour, true, nil
	}
	return h, true, nil
}

// nextRecapAt is the first hh:00 WIB strictly after now.
func nextRecapAt(now time.Time, hour int) time.Time {
	w := now.In(locales.WIB)
	at := time.Date(w.Year(), w.Month(), w.Day(), hour, 0, 0, 0, locales.WIB)
	if !at.After(now) {
		at = at.AddDate(0, 0, 1)
	}
	return at
}

// recapRef is the job ref of the recap of the WIB day of t.
func recapRef(t time.Time) string { return t.In(locales.WIB).Format("2006-01-02") }

// EnsureRecapJob schedules the next daily recap unless one is pending or
// the owner turned the recap off. cmd calls it at start; the owner's
// commands call it too, so the recap runs from the first use on.
func EnsureRecapJob(tx *store.Tx) error {
	hour, on, err := recapHour(tx)
	if err != nil || !on {
		return err
	}
	jobs, err := tx.PendingJobsOf(JobRecap)
	if err != nil || len(jobs) > 0 {
		return err
	}
	at := nextRecapAt(tx.Now(), hour)
	return tx.ScheduleJob(JobRecap, recapRef(at), at)
}
