package shipping

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// seedFiles adds every testdata answer as a fuzz seed.
func seedFiles(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"success":true,"history":[{"updated_at":"2025-01-01T00:00:00Z","status":"returned","note":"[x|y]"}]}`))
	f.Add([]byte(`{"meta":{"code":200},"data":{"manifest":[{"manifest_date":"2025-01-01","manifest_time":"25:00"}]}}`))
	f.Add([]byte(`{"success":true,"pricing":[{"price":"-1"}]}`))
}

var knownMilestones = []Milestone{MilestoneNone, MilestonePickedUp, MilestoneInTransit, MilestoneInCity,
	MilestoneOutForDelivery, MilestoneDelivered, MilestoneProblem, MilestoneReturning}

func checkTracking(t *testing.T, tr Tracking) {
	t.Helper()
	if !slices.IsSortedFunc(tr.Events, func(a, b Event) int { return a.At.Compare(b.At) }) {
		t.Fatal("events not oldest first")
	}
	if !slices.Contains(knownMilestones, tr.Milestone) {
		t.Fatalf("milestone %q", tr.Milestone)
	}
	for _, e := range tr.Events {
		if !slices.Contains(knownMilestones, e.Milestone) {
			t.Fatalf("event milestone %q", e.Milestone)
		}
	}
	_ = tr.WithBuyerCity("Bandung")
}

func checkQuotes(t *testing.T, qs []Quote) {
	t.Helper()
	for i, q := range qs {
		if q.Cost.IsNegative() {
			t.Fatalf("negative cost %s", q.Cost)
		}
		if i > 0 && q.Cost.LessThan(qs[i-1].Cost) {
			t.Fatal("quotes not cheapest first")
		}
	}
}

// FuzzProviderAnswers feeds any bytes to every answer reader: none may
// panic, and what they accept keeps the package's promises.
func FuzzProviderAnswers(f *testing.F) {
	seedFiles(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		var bt biteshipTrackingResponse
		if json.Unmarshal(raw, &bt) == nil {
			if tr, err := bt.tracking(); err == nil {
				checkTracking(t, tr)
			}
		}
		var kw komerceWaybill
		if json.Unmarshal(raw, &kw) == nil {
			if tr, err := kw.tracking("k"); err == nil {
				checkTracking(t, tr)
			}
		}
		var br biteshipRatesResponse
		if json.Unmarshal(raw, &br) == nil {
			if qs, err := br.quotes(1200, "k"); err == nil {
				checkQuotes(t, qs)
			}
		}
		var kc komerceCosts
		if json.Unmarshal(raw, &kc) == nil {
			if qs, err := kc.quotes(1200, "k"); err == nil {
				checkQuotes(t, qs)
			}
		}
	})
}

// FuzzCourierWords: classifying and reading places from any courier line
// never panics and gives a known milestone.
func FuzzCourierWords(f *testing.F) {
	for _, s := range []string{"DELIVERED TO [BUDI | 01-03-2025 10:00 | BANDUNG]", "Paket telah diterima oleh J&T", "[", "]", "][",
		"diterima oleh", "RETURN TO SHIPPER [BANDUNG]", "[a|]", ""} {
		f.Add(s, "Kota Bandung")
	}
	f.Fuzz(func(t *testing.T, line, city string) {
		if m := classifyText(line); !slices.Contains(knownMilestones, m) {
			t.Fatalf("classifyText(%q) = %q", line, m)
		}
		_ = bracketCity(line)
		if sameCity(line, city) != sameCity(city, line) {
			t.Fatalf("sameCity not symmetric for %q, %q", line, city)
		}
	})
}
