package order

import (
	"strings"

	"github.com/dropbot/dropbot/store"
)

// COD return to sender (RTS): the owner or the supplier marks a shipped COD
// order as returned; the order goes to retur, the return shipping cost is
// recorded (in the supplier's ledger when a supplier shipped it), and the
// customer's RTS count grows. SettingCODMaxRTS is the prepayment rule:
// customers with at least that many RTS should be offered no COD (0 = off).
const SettingCODMaxRTS = "cod.max_rts"

// CODAllowed reports whether COD may be offered to a customer under the
// prepayment rule (for the checkout to call).
func CODAllowed(tx *store.Tx, customerID int64) (bool, error) {
	raw, err := tx.Setting(SettingCODMaxRTS, "0")
	if err != nil {
		return false, err
	}
	limit, ok := parsePositiveInt(raw)
	if !ok {
		return true, nil
	}
	n, err := tx.RTSCount(customerID)
	if err != nil {
		return false, err
	}
	return n < limit, nil
}

func parsePositiveInt(s string) (int, bool) {
	n := 0
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 6 {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, n > 0
}
