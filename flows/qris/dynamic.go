package qris

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// maxAmountDigits is the longest Transaction Amount (id 54) EMVCo allows:
// format ans, variable length up to 13.
const maxAmountDigits = 13

// Dynamic turns the shop's STATIC QRIS payload into a DYNAMIC one that asks
// for exactly amount rupiah.
//
// The static payload must pass Parse (its CRC included) and be static: a
// point of initiation (01) of "11", or none. The result
//   - sets 01 to "12" (inserted right after 00 when absent);
//   - sets the Transaction Amount (54) to amount as plain digits ("150000"):
//     an existing 54 is replaced where it stands, otherwise 54 is inserted
//     right after the currency (53), the ascending-id convention;
//   - drops the Tip or Convenience Indicator (55) and the convenience fee
//     values (56, 57): with them the payer's app would prompt for a tip or
//     add a fee on top, and the money received would not equal the order
//     total the payment is matched by;
//   - keeps every other object, in order and unchanged;
//   - ends with a freshly computed CRC (63).
//
// amount must be a whole number of rupiah greater than zero with at most 13
// digits, else the error is an *Error with CodeBadAmount. Rupiah amounts in
// QRIS carry no decimals; 150000.00 is accepted as 150000, 150000.50 is not.
// Errors from Parse are returned wrapped; errors.As finds the *Error.
func Dynamic(static string, amount decimal.Decimal) (string, error) {
	digits, aerr := amountDigits(amount)
	if aerr != nil {
		return "", aerr
	}
	fields, err := Parse(static)
	if err != nil {
		return "", fmt.Errorf("qris: static payload: %w", err)
	}
	if v, _ := lookup(fields, idInit); v == initDynamic {
		return "", errorf(CodeNotStatic, "point of initiation is already 12 (dynamic)")
	}
	_, hasInit := lookup(fields, idInit)
	_, hasAmount := lookup(fields, idAmount)

	out := make([]Field, 0, len(fields)+2)
	for _, f := range fields {
		switch f.ID {
		case idCRC, idTip, idFeeFixed, idFeePct:
			continue
		case idInit:
			f.Value = initDynamic
		case idAmount:
			f.Value = digits
		}
		out = append(out, f)
		switch {
		case f.ID == idFormat && !hasInit:
			out = append(out, Field{ID: idInit, Value: initDynamic})
		case f.ID == idCurrency && !hasAmount:
			out = append(out, Field{ID: idAmount, Value: digits})
		}
	}
	body := encode(out) + idCRC + "04"
	return body + CRC16(body), nil
}

// amountDigits checks amount and writes it as the value of id 54.
func amountDigits(amount decimal.Decimal) (string, *Error) {
	if amount.Sign() <= 0 {
		return "", errorf(CodeBadAmount, "amount %s is not above zero", amount)
	}
	if !amount.Equal(amount.Truncate(0)) {
		return "", errorf(CodeBadAmount, "amount %s has a fraction of a rupiah", amount)
	}
	s := amount.Truncate(0).String()
	if len(s) > maxAmountDigits {
		return "", errorf(CodeBadAmount, "amount %s has more than %d digits", amount, maxAmountDigits)
	}
	return s, nil
}
