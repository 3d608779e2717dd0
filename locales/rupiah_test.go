package locales

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestFormatRupiah(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"150000", "Rp150.000"},
		{"2500000", "Rp2.500.000"},
		{"0", "Rp0"},
		{"-5000", "-Rp5.000"},
		{"1", "Rp1"},
		{"999", "Rp999"},
		{"1000", "Rp1.000"},
		{"100000", "Rp100.000"},
		{"1000000000000", "Rp1.000.000.000.000"},
		{"41333.33", "Rp41.333,33"},
		{"41333.3", "Rp41.333,30"},   // always two decimals when shown
		{"10000.001", "Rp10.000"},    // 10000.001 → 10000.00: decimals hidden
		{"10000.005", "Rp10.000,01"}, // half-up: .005 → .01
		{"10000.004", "Rp10.000"},    // .004 → .00
		{"0.999", "Rp1"},             // 0.999 → 1.00
		{"-0.004", "Rp0"},            // rounds to zero: no minus
		{"-0.005", "-Rp0,01"},        // half away from zero
		{"-1234.5", "-Rp1.234,50"},   // negative with decimals
		{"150000.00", "Rp150.000"},   // trailing zeros in the decimal
		{"12345678.9", "Rp12.345.678,90"},
	}
	for _, tt := range tests {
		if got := FormatRupiah(dec(tt.in)); got != tt.want {
			t.Errorf("FormatRupiah(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseRupiah(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"150000", "150000"},
		{"150.000", "150000"},
		{"Rp150.000", "150000"},
		{"Rp 150.000", "150000"},
		{"Rp.150.000", "150000"},
		{"Rp. 150.000", "150000"},
		{"rp150.000", "150000"},
		{"RP150.000", "150000"},
		{"IDR 150000", "150000"},
		{"idr150.000", "150000"},
		{"Rp150.000,-", "150000"},
		{"Rp150.000.-", "150000"},
		{"Rp150.000,00", "150000"},
		{"  Rp150.000  ", "150000"},
		{"Rp\u00a0150.000", "150000"}, // no-break space, as pasted from a web page
		{"150rb", "150000"},           // 150 × 1.000
		{"150 rb", "150000"},
		{"150 ribu", "150000"},
		{"150RB", "150000"},
		{"150k", "150000"},
		{"150K", "150000"},
		{"Rp150rb", "150000"},
		{"150rb,-", "150000"},
		{"1,5jt", "1500000"},    // 1,5 × 1.000.000
		{"1.5 juta", "1500000"}, // dot as decimal point: allowed with a unit
		{"1,5 jt", "1500000"},
		{"2jt", "2000000"},
		{"2 JUTA", "2000000"},
		{"1,25jt", "1250000"},         // 1,25 × 1.000.000
		{"2,5k", "2500"},              // 2,5 × 1.000
		{"1,2345jt", "1234500"},       // 1,2345 × 1.000.000: four decimals are fine after the unit
		{"1.500.000rb", "1500000000"}, // several dots: thousands only; 1.500.000 × 1.000
		{"Rp41.333,33", "41333.33"},
		{"10.000,50", "10000.5"},
		{"41333,33", "41333.33"},
		{"1,5", "1.5"}, // a single comma + 1 digit is the decimal comma
		{"0", "0"},
		{"Rp0", "0"},
		{"0,000", "0"},                         // both readings are 0: nothing to ask
		{"1,500,000", "1500000"},               // several commas: thousands only
		{"1.000.000.000.000", "1000000000000"}, // exactly the maximum
		{"1jt", "1000000"},
		{"1000000jt", "1000000000000"}, // 1.000.000 × 1.000.000 = the maximum
		{"1.000,1200", "1000.12"},      // four decimals whose last two are zero
	}
	for _, tt := range tests {
		got, err := ParseRupiah(tt.in)
		if err != nil {
			t.Errorf("ParseRupiah(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(dec(tt.want)) {
			t.Errorf("ParseRupiah(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseRupiahErrors(t *testing.T) {
	tests := []struct {
		in   string
		code string
		args []any // for "ambiguous": the two readings
	}{
		{"", "empty", nil},
		{"   ", "empty", nil},
		{"\t\n", "empty", nil},
		{"-5000", "negative", nil},
		{"-Rp5.000", "negative", nil},
		{"Rp-5.000", "negative", nil},
		{"Rp -5.000", "negative", nil},
		{"minus 5rb", "negative", nil},
		{"\u22125000", "negative", nil},
		{"-150,000", "negative", nil}, // the minus is the first thing to fix
		{"1.5", "ambiguous", []any{"a", "Rp1,50", "b", "Rp15"}},
		{"150.00", "ambiguous", []any{"a", "Rp150", "b", "Rp15.000"}},
		{"150,000", "ambiguous", []any{"a", "Rp150", "b", "Rp150.000"}},
		{"Rp150,000", "ambiguous", []any{"a", "Rp150", "b", "Rp150.000"}},
		{"1,555", "ambiguous", []any{"a", "Rp1,555", "b", "Rp1.555"}}, // the decimal reading keeps all its digits
		{"1,500.50", "ambiguous", []any{"a", "Rp1.500,50", "b", "Rp150.050"}},
		{"1.500,000", "ambiguous", []any{"a", "Rp1.500", "b", "Rp1.500.000"}},
		{"1.500rb", "ambiguous", []any{"a", "Rp1.500", "b", "Rp1.500.000"}},          // 1,5 × 1.000 or 1.500 × 1.000
		{"1,250 jt", "ambiguous", []any{"a", "Rp1.250.000", "b", "Rp1.250.000.000"}}, // 1,25 jt or 1.250 jt
		{"abc", "invalid", nil},
		{"Rp", "invalid", nil},
		{"-", "invalid", nil},
		{"-abc", "invalid", nil},
		{"rb", "invalid", nil},
		{"150rbu", "invalid", nil},
		{"150 000", "invalid", nil}, // spaces inside the number
		{"1.50.000", "invalid", nil},
		{"15.0000", "invalid", nil},
		{"1500.000", "invalid", nil},
		{"1..5", "invalid", nil},
		{".5", "invalid", nil},
		{"5.", "invalid", nil},
		{"1,2,3", "invalid", nil},
		{"1,500.5.0", "invalid", nil},
		{"1.000,00,0", "invalid", nil},
		{"12e3", "invalid", nil},
		{"0x10", "invalid", nil},
		{"١٥٠", "invalid", nil}, // Arabic-Indic digits
		{"150 dolar", "invalid", nil},
		{"lima puluh ribu", "invalid", nil},
		{"2000000000000", "too_large", nil},
		{"1.000.000.000.001", "too_large", nil},
		{"1000001jt", "too_large", nil}, // 1.000.001 × 1.000.000 > 10^12
		{"1.000.000.000.000,01", "too_large", nil},
		{"1,2345", "too_precise", nil},
		{"Rp41.333,3333", "too_precise", nil},
		{"1,234567k", "too_precise", nil}, // 1,234567 × 1.000 = 1.234,567: three decimals
	}

	for _, tt := range tests {
		got, err := ParseRupiah(tt.in)
		var me *MoneyError
		if !errors.As(err, &me) {
			t.Errorf("ParseRupiah(%q) = %s, %v; want a *MoneyError %q", tt.in, got, err, tt.code)
			continue
		}
		if me.Code != tt.code || me.Input != tt.in {
			t.Errorf("ParseRupiah(%q) error = %+v, want code %q", tt.in, me, tt.code)
		}
		if !got.IsZero() {
			t.Errorf("ParseRupiah(%q) returned %s with an error", tt.in, got)
		}
		if args := me.Args(); !slices.Equal(args, tt.args) {
			t.Errorf("ParseRupiah(%q).Args() = %v, want %v", tt.in, args, tt.args)
		}
	}
}

func TestMoneyErrorArgsHandMade(t *testing.T) {
	// An error built by hand has no readings to offer; Args must not panic.
	if args := (&MoneyError{Code: "ambiguous", Input: "150000"}).Args(); args != nil {
		t.Errorf("Args() = %v, want nil", args)
	}
}

func TestAmbiguousMessage(t *testing.T) {
	_, err := ParseRupiah("150,000")
	var me *MoneyError
	if !errors.As(err, &me) {
		t.Fatal(err)
	}
	want := "Nominalnya kurang jelas, Kak 🙏 Maksudnya Rp150 atau Rp150.000?\n" +
		"Tulis angkanya lengkap tanpa titik dan koma ya, misalnya 150000."
	if got := Default().For(ID).T("money.err."+me.Code, me.Args()...); got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

// TestRupiahRoundTrip: ParseRupiah(FormatRupiah(x)) == x for amounts with at
// most two decimals in [0, 10^12].
func TestRupiahRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	maxCents := int64(100_000_000_000_000) // 10^12 rupiah = 10^14 sen
	amounts := []decimal.Decimal{decimal.Zero, decimal.New(1, -2), decimal.New(1, 12), decimal.New(99999, -2)}
	for range 5000 {
		var cents int64
		switch r.IntN(4) {
		case 0:
			cents = r.Int64N(100_000) // below Rp1.000
		case 1:
			cents = r.Int64N(1_000_000_000) * 100 // whole rupiah
		case 2:
			cents = r.Int64N(maxCents + 1)
		default:
			cents = r.Int64N(10_000_000) * 10 // one significant decimal: x,y0
		}
		amounts = append(amounts, decimal.New(cents, -2))
	}
	for _, x := range amounts {
		s := FormatRupiah(x)
		got, err := ParseRupiah(s)
		if err != nil || !got.Equal(x) {
			t.Fatalf("ParseRupiah(FormatRupiah(%s) = %q) = %s, %v", x, s, got, err)
		}
	}
}

func FuzzParseRupiah(f *testing.F) {
	for _, s := range []string{
		"150000", "150.000", "Rp150.000", "Rp 150.000", "Rp.150.000", "rp150.000", "IDR 150000",
		"Rp150.000,-", "Rp150.000,00", "150rb", "150 ribu", "150k", "1,5jt", "1.5 juta", "2jt",
		"Rp41.333,33", "10.000,50", "0", "-5000", "minus 5rb", "1.5", "150,000", "1,500.50",
		"abc", "2000000000000", "1,2345", "1.500rb", "1,500,000", "0,000", "", "   ", "1e5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseRupiah(s)
		if err != nil {
			var me *MoneyError
			if !errors.As(err, &me) {
				t.Fatalf("error %v is not a *MoneyError", err)
			}
			switch me.Code {
			case "empty", "negative", "ambiguous", "invalid", "too_large", "too_precise":
			default:
				t.Fatalf("unknown code %q", me.Code)
			}
			args := me.Args()
			if (me.Code == "ambiguous") != (len(args) == 4) {
				t.Fatalf("code %q with args %v", me.Code, args)
			}
			return
		}
		if v.IsNegative() || !v.Equal(v.Truncate(2)) || v.GreaterThan(maxRupiah) {
			t.Fatalf("ParseRupiah(%q) = %s: negative, too precise or too large", s, v)
		}
		// What FormatRupiah writes, ParseRupiah reads back to the same value.
		if back, err := ParseRupiah(FormatRupiah(v)); err != nil || !back.Equal(v) {
			t.Fatalf("round trip of %s via %q gave %s, %v", v, FormatRupiah(v), back, err)
		}
	})
}
