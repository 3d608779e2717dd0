package shipping

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
)

func TestBilledKg(t *testing.T) {
	tests := []struct{ g, from, want int }{
		{0, 300, 1}, {1, 300, 1}, {1000, 300, 1}, {1300, 300, 1}, {1301, 300, 2},
		{2000, 300, 2}, {2999, 300, 3}, {1001, 0, 2}, {1999, 999, 1}, {12500, 300, 13},
	}
	for _, tc := range tests {
		if got := BilledKg(tc.g, tc.from); got != tc.want {
			t.Errorf("BilledKg(%d, %d) = %d, want %d", tc.g, tc.from, got, tc.want)
		}
	}
}

func TestTableQuotes(t *testing.T) {
	d := decimal.RequireFromString
	table := Table{
		{Courier: "JNE", Service: "REG", FirstKg: d("25000"), NextKg: d("20000"), RoundFromG: 300, ETD: "3-5 hari"},
		{Courier: "JNE", Service: "REG", Province: "Jawa Barat", FirstKg: d("11000"), NextKg: d("9000"), RoundFromG: 300, ETD: "1-2 hari"},
		{Courier: "J&T", Service: "EZ", FirstKg: d("12000"), NextKg: d("10000"), RoundFromG: 200},
	}
	// 1.650 g: JNE rounds 650 g over (> 300) up → 2 kg; J&T too (> 200).
	// Jawa Barat JNE REG: 11.000 + 9.000 = 20.000; J&T EZ: 12.000 + 10.000 = 22.000.
	got, err := table.Quotes(context.Background(), "jawa barat", 1650)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Courier != "JNE" || !got[0].Cost.Equal(d("20000")) || got[0].ETD != "1-2 hari" ||
		got[1].Courier != "J&T" || !got[1].Cost.Equal(d("22000")) || got[0].BilledKg != 2 {
		t.Fatalf("Jawa Barat quotes = %+v", got)
	}
	// Elsewhere the "anywhere" JNE line applies: 25.000 + 20.000 = 45.000, after J&T's 22.000.
	got, _ = table.Quotes(context.Background(), "Papua", 1650)
	if len(got) != 2 || got[0].Courier != "J&T" || !got[1].Cost.Equal(d("45000")) {
		t.Fatalf("Papua quotes = %+v", got)
	}
	// 1.300 g is within JNE's tolerance → 1 kg (11.000) but over J&T's → 2 kg (22.000).
	got, _ = table.Quotes(context.Background(), "Jawa Barat", 1300)
	if !got[0].Cost.Equal(d("11000")) || !got[1].Cost.Equal(d("22000")) {
		t.Fatalf("1300 g quotes = %+v", got)
	}
	if got, _ := (Table{}).Quotes(context.Background(), "Bali", 500); len(got) != 0 {
		t.Fatalf("empty table quoted %+v", got)
	}
}
