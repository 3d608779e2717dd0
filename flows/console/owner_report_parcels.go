package console

import (
	"github.com/dropbot/dropbot/flows/report"
	"github.com/dropbot/dropbot/locales"
)

// parcelSection is /laporan's "Ongkir per paket": the period's parcels
// priced on their own (live ongkir, or a courier per parcel), how many
// and their ongkir per supplier and courier service. Empty when there
// are none (a shop on the owner's table prices carts, not parcels).
func (t *turn) parcelSection(per report.Period) ([]string, error) {
	sums, err := t.Tx.ParcelSums(per.From, per.To, report.SaleStatuses())
	if err != nil {
		return nil, err
	}
	if len(sums) == 0 {
		return nil, nil
	}
	lines := []string{"", t.P.T("shipping.report_head")}
	for i, s := range sums {
		if i == reportTopLines {
			lines = append(lines, t.P.T("shipping.report_more", "count", len(sums)-reportTopLines))
			break
		}
		name := s.SupplierCode
		if s.SupplierID == 0 {
			name = t.P.T("report.own_stock")
		}
		lines = append(lines, t.P.T("shipping.report_line", "supplier", name, "courier", s.Courier+" "+s.Service,
			"count", s.Parcels, "amount", locales.FormatRupiah(s.Ongkir)))
	}
	return lines, nil
}
