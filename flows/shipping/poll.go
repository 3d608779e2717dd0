package shipping

import (
	"errors"
	"time"
)

// Alert is something about a followed parcel the owner should hear of.
type Alert string

const (
	AlertNone      Alert = ""
	AlertStuck     Alert = "stuck"     // no new courier event for PollPolicy.Stuck
	AlertProblem   Alert = "problem"   // held, failed attempt, bad address
	AlertReturning Alert = "returning" // on its way back to the sender (RTS)
	AlertFailing   Alert = "failing"   // the provider keeps failing for this resi
)

// PollPolicy is how often a resi is checked and when the owner is told.
type PollPolicy struct {
	// First is the wait between the resi and its first check: soon, so a
	// wrong resi is caught while the supplier is still at hand.
	First time.Duration
	// Interval is the shortest time between two checks ("at most every
	// 3 h"): tracking calls count against the provider's quota.
	Interval time.Duration
	// Quiet is the longest time between two checks, reached when nothing
	// has changed for two days; it stays well under Stuck.
	Quiet time.Duration
	// Stuck is how long without anything new from the courier before
	// the owner is told.
	Stuck time.Duration
	// FailAlert is the number of provider failures in a row that is worth
	// telling the owner about.
	FailAlert int
	// GiveUp stops following a resi this long after it was given.
	GiveUp time.Duration
}

// DefaultPollPolicy: first check 30 min after the resi, then every 3 h
// while things move, backing off to 12 h when quiet; stuck after 3 days;
// the owner hears of a provider failing 4 times in a row; followed for 30
// days at most.
func DefaultPollPolicy() PollPolicy {
	return PollPolicy{First: 30 * time.Minute, Interval: 3 * time.Hour, Quiet: 12 * time.Hour,
		Stuck: 72 * time.Hour, FailAlert: 4, GiveUp: 30 * 24 * time.Hour}
}

// FirstCheck is when a resi given at resiAt is first checked.
func (p PollPolicy) FirstCheck(resiAt time.Time) time.Time { return resiAt.Add(p.First) }

// Followed is a resi being followed, as kept in the books (store.Tracked
// carries the same fields; the milestone and alert are their strings).
type Followed struct {
	ShipmentID   int64
	Resi         string
	Courier      string
	Milestone    Milestone
	LastEvent    string
	LastEventAt  time.Time
	LastChangeAt time.Time
	NextCheckAt  time.Time
	Failures     int
	Alert        Alert
	Done         bool
	CreatedAt    time.Time
}

// PollOutcome is what one check means: what to save, what to tell whom.
type PollOutcome struct {
	Next       Followed    // save this (NextCheckAt set; Done when finished)
	Customer   []Milestone // milestones to tell the customer, in order
	Detail     string      // the courier's words of the newest event, as detail
	OwnerAlert Alert       // a new alert for the owner; AlertNone = nothing to say
	Failure    *Failure    // the provider failed this time
	At         time.Time   // when the check was made
}

// Step is one check of a followed resi, done at now: the provider's
// answer (t) or its failure (err) becomes the new state, the milestones
// the customer has not heard yet, an owner alert when one is due, and the
// next check with backoff. It is pure: the caller reads the due rows,
// asks the provider, and saves and sends what Step says.
func (p PollPolicy) Step(f Followed, t Tracking, err error, now time.Time) PollOutcome {
	out := PollOutcome{Next: f, At: now}
	n := &out.Next
	if err != nil {
		n.Failures++
		out.Failure = asFailure(err)
		backoff := p.Interval << min(n.Failures-1, 8)
		n.NextCheckAt = now.Add(min(backoff, p.Quiet))
		if n.Failures >= p.FailAlert && f.Alert != AlertFailing {
			n.Alert, out.OwnerAlert = AlertFailing, AlertFailing
		}
		p.giveUp(n, now)
		return out
	}
	n.Failures = 0
	if n.Alert == AlertFailing {
		n.Alert = AlertNone
	}
	latest := t.Latest()
	if !latest.At.IsZero() && (latest.At.After(f.LastEventAt) || latest.Text != f.LastEvent) {
		n.LastEvent, n.LastEventAt, n.LastChangeAt = latest.Text, latest.At, now
		if n.Alert == AlertStuck {
			n.Alert = AlertNone // it moves again; a later stall is news again
		}
	}
	out.Detail = n.LastEvent
	if news := NewMilestones(f.Milestone, t.Milestone); len(news) > 0 {
		out.Customer = news
		n.Milestone = t.Milestone
		n.LastChangeAt = now
	}
	switch {
	case n.Milestone == MilestoneDelivered:
		n.Done = true
		n.NextCheckAt = time.Time{}
		return out
	case n.Milestone == MilestoneReturning && f.Alert != AlertReturning:
		n.Alert, out.OwnerAlert = AlertReturning, AlertReturning
	case n.Milestone == MilestoneProblem && f.Milestone != MilestoneProblem:
		n.Alert, out.OwnerAlert = AlertProblem, AlertProblem
	}
	// Stuck counts from the last time something new was seen (a new
	// event or milestone, or the resi itself), not from the courier's
	// timestamp: a courier that posts an old-dated line late has still
	// moved, and must not set off the alert again at once.
	if out.OwnerAlert == AlertNone && n.Alert != AlertStuck && n.Milestone != MilestoneReturning && now.Sub(n.LastChangeAt) >= p.Stuck {
		n.Alert, out.OwnerAlert = AlertStuck, AlertStuck
	}
	n.NextCheckAt = now.Add(p.interval(now.Sub(n.LastChangeAt)))
	p.giveUp(n, now)
	return out
}

// interval backs off with quiet: every Interval while something changed
// in the last day, twice that after a day, Quiet after two days.
func (p PollPolicy) interval(quiet time.Duration) time.Duration {
	switch {
	case quiet < 24*time.Hour:
		return p.Interval
	case quiet < 48*time.Hour:
		return min(2*p.Interval, p.Quiet)
	}
	return max(p.Quiet, p.Interval)
}

// giveUp ends following a resi past GiveUp.
func (p PollPolicy) giveUp(n *Followed, now time.Time) {
	if p.GiveUp > 0 && !n.CreatedAt.IsZero() && now.Sub(n.CreatedAt) >= p.GiveUp {
		n.Done, n.NextCheckAt = true, time.Time{}
	}
}

func asFailure(err error) *Failure {
	var f *Failure
	if errors.As(err, &f) {
		return f
	}
	return &Failure{Op: "track", Reason: ReasonOf(err), Err: err}
}
