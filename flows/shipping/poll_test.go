package shipping

import (
	"slices"
	"testing"
	"time"
)

// trackFile reads a testdata tracking through the provider's client.
func trackFile(t *testing.T, provider, file string) Tracking {
	t.Helper()
	api := newFakeAPI(t)
	var p Provider
	switch provider {
	case ProviderBiteship:
		api.route("GET /v1/trackings/R/couriers/jne", 200, file)
		p = NewBiteship(api.srv.URL, testBiteshipKey, time.Second, nil)
	default:
		api.route("POST /track/waybill", 200, file)
		p = NewRajaOngkir(api.srv.URL, testRajaOngkirKey, time.Second, nil)
	}
	tr, err := p.Track(t.Context(), "R", "jne")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// upTo is the tracking as it looked with only its first n events.
func upTo(tr Tracking, n int) Tracking {
	tr.Events = tr.Events[:n]
	tr.overall = MilestoneNone
	tr.finish("")
	return tr
}

var resiAt = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC) // 16:00 WIB, before the first manifest line

func TestPollJourneyToDelivered(t *testing.T) {
	p := DefaultPollPolicy()
	full := trackFile(t, ProviderRajaOngkir, "komerce_waybill_delivered.json")
	f := Followed{ShipmentID: 7, Resi: "170430045644420", Courier: "JNE", CreatedAt: resiAt, LastChangeAt: resiAt,
		NextCheckAt: p.FirstCheck(resiAt)}
	if !f.NextCheckAt.Equal(resiAt.Add(30 * time.Minute)) {
		t.Fatalf("first check %v", f.NextCheckAt)
	}
	steps := []struct {
		tr       Tracking
		at       time.Time
		customer []Milestone
	}{
		{upTo(full, 1), resiAt.Add(30 * time.Minute), []Milestone{MilestonePickedUp}},
		{upTo(full, 1), resiAt.Add(4 * time.Hour), nil},
		// Two lines at once (departed, arrived in Bandung): the customer
		// hears where the parcel is, not each step.
		{upTo(full, 3), resiAt.Add(36 * time.Hour), []Milestone{MilestoneInCity}},
		{upTo(full, 4), resiAt.Add(47 * time.Hour), []Milestone{MilestoneOutForDelivery}},
		{full, resiAt.Add(50 * time.Hour), []Milestone{MilestoneDelivered}},
	}
	for i, s := range steps {
		out := p.Step(f, s.tr, nil, s.at)
		if !slices.Equal(out.Customer, s.customer) {
			t.Errorf("step %d: customer %v, want %v", i, out.Customer, s.customer)
		}
		if out.OwnerAlert != AlertNone || out.Failure != nil {
			t.Errorf("step %d: alert %q failure %v", i, out.OwnerAlert, out.Failure)
		}
		if out.Detail != s.tr.Latest().Text {
			t.Errorf("step %d: detail %q", i, out.Detail)
		}
		f = out.Next
		if i < len(steps)-1 {
			if f.Done || f.NextCheckAt.Sub(s.at) < p.Interval {
				t.Errorf("step %d: next check %v after %v (done %v): more often than every 3 h", i, f.NextCheckAt, s.at, f.Done)
			}
		}
	}
	if !f.Done || f.Milestone != MilestoneDelivered || !f.NextCheckAt.IsZero() {
		t.Fatalf("after delivery %+v", f)
	}
}

func TestPollFirstLookAlreadyDelivered(t *testing.T) {
	p := DefaultPollPolicy()
	tr := trackFile(t, ProviderBiteship, "biteship_tracking_delivered.json")
	f := Followed{CreatedAt: resiAt, LastChangeAt: resiAt}
	out := p.Step(f, tr, nil, resiAt.Add(72*time.Hour))
	if !slices.Equal(out.Customer, []Milestone{MilestoneDelivered}) || !out.Next.Done || out.OwnerAlert != AlertNone {
		t.Fatalf("outcome %+v", out)
	}
}

func TestPollStuck(t *testing.T) {
	p := DefaultPollPolicy()
	full := trackFile(t, ProviderRajaOngkir, "komerce_waybill_delivered.json")
	two := upTo(full, 2) // departed from transit, 2025-03-01 23:50 WIB
	last := two.Latest().At
	f := Followed{CreatedAt: resiAt, LastChangeAt: resiAt}
	out := p.Step(f, two, nil, last.Add(time.Hour))
	if out.OwnerAlert != AlertNone {
		t.Fatalf("alert an hour after the last event: %q", out.OwnerAlert)
	}
	f = out.Next
	// Polls go on quietly; the one 3 days after the last event alerts, once.
	var alerts []Alert
	at := last.Add(time.Hour)
	for range 20 {
		at = f.NextCheckAt
		out = p.Step(f, two, nil, at)
		if out.OwnerAlert != AlertNone {
			alerts = append(alerts, out.OwnerAlert)
			if at.Sub(last) < p.Stuck {
				t.Errorf("stuck alert %v after the last event", at.Sub(last))
			}
		}
		if d := out.Next.NextCheckAt.Sub(at); d < p.Interval || d > p.Quiet {
			t.Errorf("next check in %v", d)
		}
		f = out.Next
	}
	if !slices.Equal(alerts, []Alert{AlertStuck}) {
		t.Fatalf("alerts %v, want one stuck", alerts)
	}
	// It moves again: the alert is cleared and the customer hears of it.
	out = p.Step(f, upTo(full, 3), nil, at.Add(3*time.Hour))
	if out.Next.Alert != AlertNone || !slices.Equal(out.Customer, []Milestone{MilestoneInCity}) {
		t.Fatalf("after moving again %+v", out)
	}
	// A resi that never shows a single event is stuck too.
	out = p.Step(Followed{CreatedAt: resiAt, LastChangeAt: resiAt}, Tracking{}, nil, resiAt.Add(p.Stuck))
	if out.OwnerAlert != AlertStuck || len(out.Customer) != 0 {
		t.Fatalf("never moved %+v", out)
	}
}

func TestPollReturning(t *testing.T) {
	p := DefaultPollPolicy()
	for _, tc := range []struct{ provider, file string }{
		{ProviderRajaOngkir, "komerce_waybill_rts.json"},
		{ProviderBiteship, "biteship_tracking_returned.json"},
	} {
		full := trackFile(t, tc.provider, tc.file)
		f := Followed{CreatedAt: resiAt, LastChangeAt: resiAt}
		// A failed attempt first: a problem for the owner and the customer.
		out := p.Step(f, upTo(full, 3), nil, resiAt.Add(60*time.Hour))
		if out.OwnerAlert != AlertProblem || !slices.Equal(out.Customer, []Milestone{MilestoneProblem}) {
			t.Errorf("%s: problem step %+v", tc.file, out)
		}
		out = p.Step(out.Next, full, nil, resiAt.Add(100*time.Hour))
		if out.OwnerAlert != AlertReturning || !slices.Equal(out.Customer, []Milestone{MilestoneReturning}) || out.Next.Done {
			t.Errorf("%s: returning step %+v", tc.file, out)
		}
		// Told once; a returning parcel is not "stuck" either.
		out = p.Step(out.Next, full, nil, resiAt.Add(300*time.Hour))
		if out.OwnerAlert != AlertNone || len(out.Customer) != 0 {
			t.Errorf("%s: repeated %+v", tc.file, out)
		}
	}
}

func TestPollFailures(t *testing.T) {
	p := DefaultPollPolicy()
	f := Followed{CreatedAt: resiAt, LastChangeAt: resiAt}
	now := resiAt.Add(30 * time.Minute)
	var waits []time.Duration
	var alerts []Alert
	for range 6 {
		out := p.Step(f, Tracking{}, &Failure{Provider: ProviderBiteship, Op: "track", Reason: ReasonQuota, Status: 429}, now)
		if out.Failure == nil || out.Failure.Reason != ReasonQuota || len(out.Customer) != 0 {
			t.Fatalf("failure outcome %+v", out)
		}
		if out.OwnerAlert != AlertNone {
			alerts = append(alerts, out.OwnerAlert)
		}
		waits = append(waits, out.Next.NextCheckAt.Sub(now))
		now, f = out.Next.NextCheckAt, out.Next
	}
	h := time.Hour
	if want := []time.Duration{3 * h, 6 * h, 12 * h, 12 * h, 12 * h, 12 * h}; !slices.Equal(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
	if !slices.Equal(alerts, []Alert{AlertFailing}) {
		t.Errorf("alerts %v", alerts)
	}
	// A success resets the count and the alert.
	out := p.Step(f, Tracking{}, nil, now)
	if out.Next.Failures != 0 || out.Next.Alert != AlertNone {
		t.Errorf("after success %+v", out.Next)
	}
}

func TestPollGivesUp(t *testing.T) {
	p := DefaultPollPolicy()
	out := p.Step(Followed{CreatedAt: resiAt, LastChangeAt: resiAt, Alert: AlertStuck}, Tracking{}, nil, resiAt.Add(p.GiveUp))
	if !out.Next.Done {
		t.Fatalf("still following after %v: %+v", p.GiveUp, out.Next)
	}
}
