package console

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/order"
	"github.com/dropbot/dropbot/flows/qris"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// setBank lists, adds and removes bank accounts:
// "/atur bank", "/atur bank tambah BCA 1234567890 Siti Rahma",
// "/atur bank hapus 1234567890".
func (t *turn) setBank(args string) error {
	verb, rest := chat.FirstWord(args)
	switch strings.ToLower(verb) {
	case "":
		s, err := t.settingItem("bank")
		if err != nil {
			return err
		}
		t.Reply(s + "\n" + t.P.T("settings.bank_how"))
		return nil
	case "tambah", "add":
		return t.addBank(rest)
	case "hapus", "remove", "delete":
		number := bankNumber(rest)
		if number == "" {
			t.Reply(t.P.T("settings.bank_how"))
			return nil
		}
		removed, err := t.Tx.RemoveBankAccount(number)
		if err != nil {
			return err
		}
		if !removed {
			t.Reply(t.P.T("settings.bank_not_found", "number", number))
			return nil
		}
		banks, err := t.Tx.BankAccounts()
		if err != nil {
			return err
		}
		msg := t.P.T("settings.bank_removed", "number", number)
		if len(banks) == 0 {
			msg += "\n" + t.P.T("settings.bank_none_left")
		}
		s, err := t.settingItem("bank")
		if err != nil {
			return err
		}
		t.Reply(msg + "\n" + s)
		return nil
	}
	t.Reply(t.P.T("settings.bank_how"))
	return nil
}

// bankNumber keeps the digits of an account number typed with spaces,
// dashes or dots; "" when anything else is in it.
func bankNumber(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.':
		default:
			return ""
		}
	}
	return b.String()
}

func (t *turn) addBank(args string) error {
	words := strings.Fields(args)
	if len(words) < 2 {
		t.Reply(t.P.T("settings.bank_how"))
		return nil
	}
	bank := words[0]
	if utf8.RuneCountInString(bank) > 20 || !isBankName(bank) || isWordOfLetters(words[1]) {
		// "Bank Rakyat 123…": the bank name is one word.
		t.Reply(t.P.T("settings.bank_bad_bank"))
		return nil
	}
	// The number may be typed in groups ("123 456 7890"): digits and
	// separators up to the first word with a letter.
	i := 1
	for i < len(words) && bankNumber(words[i]) != "" {
		i++
	}
	number := bankNumber(strings.Join(words[1:i], " "))
	if len(number) < 5 || len(number) > 20 {
		t.Reply(t.P.T("settings.bank_bad_number"))
		return nil
	}
	holder := strings.Join(words[i:], " ")
	if holder == "" || utf8.RuneCountInString(holder) > maxBankHolder {
		t.Reply(t.P.T("settings.bank_bad_holder"))
		return nil
	}
	banks, err := t.Tx.BankAccounts()
	if err != nil {
		return err
	}
	for _, a := range banks {
		if a.Number == number {
			t.Reply(t.P.T("settings.bank_exists", "number", number))
			return nil
		}
	}
	if _, err := t.Tx.AddBankAccount(store.BankAccount{Bank: bank, Number: number, Holder: holder, Active: true}); err != nil {
		return err
	}
	s, err := t.settingItem("bank")
	if err != nil {
		return err
	}
	t.Reply(t.P.T("settings.bank_added", "bank", bank, "number", number, "holder", holder) + "\n" + s)
	return nil
}

// isWordOfLetters reports whether s is made of letters only.
func isWordOfLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

func isBankName(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '&' && r != '-' {
			return false
		}
	}
	return s != ""
}

// setQRIS stores the shop's static QRIS after checking it can become a
// dynamic one (the invoice needs that), or turns QRIS off.
func (t *turn) setQRIS(payload string) error {
	payload = strings.TrimSpace(payload)
	if payload == "" {
		s, err := t.settingItem("qris")
		if err != nil {
			return err
		}
		t.Reply(s + "\n" + t.P.T("settings.qris_how"))
		return nil
	}
	if on, ok := onOff(payload); ok && !on {
		if err := t.Tx.SetSetting(order.SettingQRIS, ""); err != nil {
			return err
		}
		t.Reply(t.P.T("settings.qris_off"))
		return nil
	}
	_, err := qris.Parse(payload)
	if err == nil {
		_, err = qris.Dynamic(payload, decimal.NewFromInt(10000))
	}
	if err != nil {
		code := qris.CodeMalformed
		var qe *qris.Error
		if errors.As(err, &qe) {
			code = qe.Code
		}
		t.Reply(t.P.T("settings.qris_err."+code) + "\n" + t.P.T("settings.qris_how"))
		return nil
	}
	if err := t.Tx.SetSetting(order.SettingQRIS, payload); err != nil {
		return err
	}
	t.Reply(t.P.T("settings.qris_saved", "merchant", qris.MerchantName(payload)))
	return nil
}

// setCOD is "/atur cod on|off" or "/atur cod biaya 3% min 5000".
func (t *turn) setCOD(args string) error {
	verb, rest := chat.FirstWord(args)
	switch strings.ToLower(verb) {
	case "":
		return t.showItem("cod")
	case "biaya", "fee", "ongkos":
		return t.setCODFee(rest)
	case "min", "minimal", "minimum":
		return t.setCODFee("min " + rest)
	}
	return t.setOnOff(order.SettingCOD, args, "/atur cod on", "cod")
}

func (t *turn) setCODFee(args string) error {
	words := strings.Fields(strings.ToLower(args))
	var pct, min *decimal.Decimal
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "min" || w == "minimal" || w == "minimum":
			if i+1 >= len(words) {
				t.Reply(t.P.T("settings.cod_fee_how"))
				return nil
			}
			i++
			v, err := locales.ParseRupiah(words[i])
			if err != nil {
				t.Reply(t.moneyErrText(err) + "\n" + t.P.T("settings.cod_fee_how"))
				return nil
			}
			min = &v
		case pct == nil:
			v, ok := parsePercentArg(w)
			if !ok {
				t.Reply(t.P.T("settings.cod_fee_how"))
				return nil
			}
			pct = &v
		default:
			t.Reply(t.P.T("settings.cod_fee_how"))
			return nil
		}
	}
	if pct == nil && min == nil {
		t.Reply(t.P.T("settings.cod_fee_how"))
		return nil
	}
	if pct != nil {
		if err := t.Tx.SetSetting(order.SettingCODPercent, pct.String()); err != nil {
			return err
		}
	}
	if min != nil {
		if err := t.Tx.SetSetting(order.SettingCODMin, min.String()); err != nil {
			return err
		}
	}
	return t.saved("cod")
}

// parsePercentArg reads "3", "3%", "2,5%" or "2.5": 0 to 100 with at most
// two decimals.
func parsePercentArg(s string) (decimal.Decimal, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	s = strings.Replace(s, ",", ".", 1)
	if s == "" || strings.ContainsAny(s, "+-eE") {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(s)
	if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(100)) || !d.Equal(d.Truncate(2)) {
		return decimal.Zero, false
	}
	return d, true
}

// moneyErrText is the message of a locales.ParseRupiah error.
func (t *turn) moneyErrText(err error) string {
	code, args := "invalid", []any(nil)
	var me *locales.MoneyError
	if errors.As(err, &me) {
		code, args = me.Code, me.Args()
	}
	return t.P.T("money.err."+code, args...)
}
