package qris

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestDynamic(t *testing.T) {
	tests := []struct {
		name   string
		static string
		amount decimal.Decimal
		want   string
	}{
		// 01: 11 -> 12; "5406150000" inserted after "5303360"; CRC BE0E -> 362A.
		{"basic Rp150.000", staticBasic, decimal.NewFromInt(150000), dynamic150k},
		// 150000.00 is a whole rupiah amount: written as "150000".
		{"trailing zero decimals", staticBasic, decimal.RequireFromString("150000.00"), dynamic150k},
		// 15 × 10^4 (positive exponent) is 150000 too.
		{"positive exponent", staticBasic, decimal.New(15, 4), dynamic150k},
		{"Rp1", staticBasic, decimal.NewFromInt(1), dynamic1},
		// 13 digits, the longest id 54 value.
		{"13 digits", staticBasic, decimal.RequireFromString("9999999999999"), dynamic13},
		// Existing "540510000" replaced in place by "5406150000".
		{"replace 54", staticWithAmount, decimal.NewFromInt(150000), dynamic150k},
		// "550202" + "56041000" dropped.
		{"drop fixed fee 55/56", staticFeeFixed, decimal.NewFromInt(150000), dynamic150k},
		// "550203" + "57042.50" dropped.
		{"drop percentage fee 55/57", staticFeePct, decimal.NewFromInt(150000), dynamic150k},
		// "550201" (prompt for tip) dropped.
		{"drop tip prompt 55", staticTipPrompt, decimal.NewFromInt(150000), dynamic150k},
		// No 01: "010212" inserted right after "000201".
		{"insert 01", staticNoInit, decimal.NewFromInt(150000), dynamic150k},
		// 54 after 58 stays after 58, only its value changes.
		{"54 out of order kept in place", staticAmountLate, decimal.NewFromInt(150000), dynamicAmountLate},
		// White space around the pasted static payload is ignored.
		{"padded input", "  " + staticBasic + "\n", decimal.NewFromInt(150000), dynamic150k},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Dynamic(tt.static, tt.amount)
			if err != nil {
				t.Fatalf("Dynamic: %v", err)
			}
			if got != tt.want {
				t.Errorf("Dynamic\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestDynamicErrors(t *testing.T) {
	tests := []struct {
		name   string
		static string
		amount decimal.Decimal
		code   string
	}{
		{"amount 0", staticBasic, decimal.Zero, CodeBadAmount},
		{"negative amount", staticBasic, decimal.NewFromInt(-150000), CodeBadAmount},
		{"half a rupiah", staticBasic, decimal.RequireFromString("150000.50"), CodeBadAmount},
		{"tiny fraction", staticBasic, decimal.RequireFromString("0.01"), CodeBadAmount},
		// 10^13 has 14 digits.
		{"14 digits", staticBasic, decimal.RequireFromString("10000000000000"), CodeBadAmount},

		{"empty static", "", decimal.NewFromInt(150000), CodeEmpty},
		{"bad CRC", staticBasic[:len(staticBasic)-1] + "F", decimal.NewFromInt(150000), CodeBadCRC},
		{"truncated", staticBasic[:len(staticBasic)-10], decimal.NewFromInt(150000), CodeMalformed},
		{"not IDR", currencyUSD, decimal.NewFromInt(150000), CodeNotQRIS},
		{"already dynamic", alreadyDynamic, decimal.NewFromInt(150000), CodeNotStatic},
		{"our own output", dynamic150k, decimal.NewFromInt(150000), CodeNotStatic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Dynamic(tt.static, tt.amount)
			if got != "" {
				t.Errorf("Dynamic returned %q with an error", got)
			}
			if code := errCode(t, err); code != tt.code {
				t.Errorf("Dynamic code = %q (%v), want %q", code, err, tt.code)
			}
		})
	}
}
