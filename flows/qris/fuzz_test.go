package qris

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

var fuzzSeeds = []string{
	staticBasic, dynamic150k, staticWithAmount, staticFeeFixed, staticFeePct,
	staticTipPrompt, staticNoInit, staticAmountLate, alreadyDynamic,
	currencyUSD, formatNotFirst, duplicateName, brokenTemplate,
	"", "000201", "6304FFFF", "0000", "99", staticBasic[:len(staticBasic)-3],
}

// FuzzParse: Parse never panics; what it accepts re-encodes to the (trimmed)
// input, ends with a CRC that verifies, and is QRIS.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		fields, err := Parse(payload)
		if err != nil {
			errCode(t, err) // must be a *Error
			if fields != nil {
				t.Fatalf("fields with error %v", err)
			}
			return
		}
		p := strings.TrimSpace(payload)
		if got := encode(fields); got != p {
			t.Fatalf("encode(Parse(p)) = %q, want %q", got, p)
		}
		last := fields[len(fields)-1]
		if last.ID != "63" || !strings.EqualFold(last.Value, CRC16(p[:len(p)-4])) {
			t.Fatalf("accepted payload without a valid trailing CRC: %q", p)
		}
		if fields[0] != (Field{"00", "01"}) {
			t.Fatalf("accepted payload not starting with 000201: %q", p)
		}
	})
}

// FuzzDynamic: Dynamic never panics; when it succeeds its result parses,
// carries an upper-case CRC that verifies, 01 = "12", 54 = the amount, no
// tip or fee objects, and every other object of the input in the same order.
func FuzzDynamic(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "150000")
		f.Add(s, "1")
	}
	f.Add(staticBasic, "0")
	f.Add(staticBasic, "-5")
	f.Add(staticBasic, "150000.50")
	f.Add(staticBasic, "150000.00")
	f.Add(staticBasic, "1e3")
	f.Add(staticBasic, "99999999999999")
	f.Fuzz(func(t *testing.T, static, amountText string) {
		amount, err := decimal.NewFromString(amountText)
		if err != nil {
			return
		}
		out, err := Dynamic(static, amount)
		if err != nil {
			errCode(t, err)
			if out != "" {
				t.Fatalf("output %q with error %v", out, err)
			}
			return
		}
		fields, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(Dynamic(...)) = %v\nout %q", err, out)
		}
		if crc := out[len(out)-4:]; crc != CRC16(out[:len(out)-4]) {
			t.Fatalf("CRC %s is not the upper-case CRC16", crc)
		}
		if v, _ := lookup(fields, "01"); v != "12" {
			t.Fatalf("01 = %q, want 12", v)
		}
		v, _ := lookup(fields, "54")
		got, err := decimal.NewFromString(v)
		if err != nil || !got.Equal(amount) || strings.ContainsAny(v, ".-+eE") {
			t.Fatalf("54 = %q, amount %s", v, amount)
		}
		for _, id := range []string{"55", "56", "57"} {
			if _, ok := lookup(fields, id); ok {
				t.Fatalf("tip/fee object %s survived", id)
			}
		}
		// Every input object other than 01/54/55/56/57/63 is kept, in order.
		in, _ := Parse(static)
		keep := func(fs []Field) []Field {
			var k []Field
			for _, f := range fs {
				switch f.ID {
				case "01", "54", "55", "56", "57", "63":
				default:
					k = append(k, f)
				}
			}
			return k
		}
		a, b := keep(in), keep(fields)
		if len(a) != len(b) {
			t.Fatalf("kept objects differ: %q vs %q", a, b)
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("object %d: %q became %q", i, a[i], b[i])
			}
		}
	})
}
