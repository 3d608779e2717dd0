package pricing

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseRoundingRoundTrip(t *testing.T) {
	tests := []struct {
		in   string
		mode RoundMode
		step string // "" = zero step
	}{
		{"none", RoundNone, ""},
		{"nearest100", RoundNearest, "100"},
		{"nearest500", RoundNearest, "500"},
		{"nearest1000", RoundNearest, "1000"},
		{"up100", RoundUp, "100"},
		{"up500", RoundUp, "500"},
		{"up1000", RoundUp, "1000"},
		{"900", RoundEnding900, ""},
	}
	for _, tc := range tests {
		r, err := ParseRounding(tc.in)
		if err != nil {
			t.Fatalf("ParseRounding(%q): %v", tc.in, err)
		}
		wantStep := decimal.Zero
		if tc.step != "" {
			wantStep = d(tc.step)
		}
		if r.Mode != tc.mode || !r.Step.Equal(wantStep) {
			t.Errorf("ParseRounding(%q) = %+v", tc.in, r)
		}
		if got := r.String(); got != tc.in {
			t.Errorf("String() = %q, want %q", got, tc.in)
		}
	}
	// Forgiving about case and surrounding space.
	if r, err := ParseRounding("  UP500 \n"); err != nil || r.String() != "up500" {
		t.Errorf("ParseRounding(UP500) = %v, %v", r, err)
	}
}

func TestParseRoundingRejects(t *testing.T) {
	for _, in := range []string{"", "up", "nearest", "up250", "up 500", "nearest10", "999", "round", "up500x", "-up500"} {
		r, err := ParseRounding(in)
		if code(err) != CodeBadRounding {
			t.Errorf("ParseRounding(%q) = %+v, %v; want bad_rounding", in, r, err)
		}
	}
}

func TestRoundingStringInvalid(t *testing.T) {
	// An invalid rounding's text does not parse back as something valid.
	r := Rounding{Mode: RoundUp, Step: d("250")}
	if _, err := ParseRounding(r.String()); err == nil {
		t.Fatalf("%q parsed", r.String())
	}
}

func TestApply(t *testing.T) {
	tests := []struct {
		rounding, x, want string
	}{
		{"none", "55799.9955", "55799.9955"},
		{"none", "-3.5", "-3.5"},

		// up: ceiling to the step.
		{"up500", "55799.9955", "56000"},
		{"up500", "56000", "56000"},    // already on the grid
		{"up500", "56000.01", "56500"}, // one cent over
		{"up500", "0", "0"},
		{"up100", "0.01", "100"},
		{"up1000", "55000", "55000"},
		{"up1000", "55000.0001", "56000"},
		{"up100", "-150", "-100"}, // ceiling of a negative: toward +∞

		// nearest: half up. 55.750 mod 500 = 250 = half → 56.000; 55.749,99 → 55.500.
		{"nearest500", "55750", "56000"},
		{"nearest500", "55749.99", "55500"},
		{"nearest100", "150", "200"}, // half
		{"nearest100", "149.99", "100"},
		{"nearest1000", "55799.9955", "56000"},
		{"nearest1000", "55499.99", "55000"},
		{"nearest1000", "-500", "0"}, // half goes toward +∞
		{"nearest1000", "-501", "-1000"},

		// 900: smallest value >= x with x mod 1000 = 900.
		{"900", "55799.99", "55900"}, // 55.000 + 900
		{"900", "55900", "55900"},    // already ends in 900
		{"900", "55900.01", "56900"}, // 55.900 < x → 56.900
		{"900", "55901", "56900"},
		{"900", "0", "900"},
		{"900", "899.99", "900"},
		{"900", "900.01", "1900"},
		{"900", "56000", "56900"},
		{"900", "-50", "900"},   // −50 mod 1.000 = 950 → base −1.000 + 900 = −100 < −50 → 900
		{"900", "-100", "-100"}, // −100 mod 1.000 = 900
	}
	for _, tc := range tests {
		r, err := ParseRounding(tc.rounding)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Apply(d(tc.x)); !got.Equal(d(tc.want)) {
			t.Errorf("%s.Apply(%s) = %s, want %s", tc.rounding, tc.x, got, tc.want)
		}
	}
}

func TestApplyInvalidRoundingUnchanged(t *testing.T) {
	for _, r := range []Rounding{{}, {Mode: "ceil"}, {Mode: RoundUp}, {Mode: RoundNearest, Step: d("250")}} {
		if got := r.Apply(d("55799.9955")); !got.Equal(d("55799.9955")) {
			t.Errorf("%+v.Apply = %s", r, got)
		}
	}
}

func TestCeil(t *testing.T) {
	tests := []struct {
		rounding, x, want string
	}{
		// nearest500 → up500: 55.501 → 56.000 (Apply would give 55.500).
		{"nearest500", "55501", "56000"},
		{"nearest100", "12001", "12100"},
		{"nearest1000", "12000", "12000"},
		{"up500", "55501", "56000"},
		{"up100", "12001", "12100"},
		{"900", "55901", "56900"},
		{"900", "55000", "55900"},
		{"none", "55799.9955", "55799.9955"},
	}
	for _, tc := range tests {
		r, err := ParseRounding(tc.rounding)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Ceil(d(tc.x)); !got.Equal(d(tc.want)) {
			t.Errorf("%s.Ceil(%s) = %s, want %s", tc.rounding, tc.x, got, tc.want)
		}
	}
	// Ceil does not change its receiver.
	r, _ := ParseRounding("nearest500")
	_ = r.Ceil(d("1"))
	if r.Mode != RoundNearest {
		t.Fatal("Ceil mutated the rounding")
	}
}
