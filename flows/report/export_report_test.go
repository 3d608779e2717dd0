package report_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/dropbot/dropbot/flows/report"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// readSheet returns a sheet's rows as maps from the header names to the raw
// cell values (numbers as stored, without their format).
func readSheet(t *testing.T, f *excelize.File, name string) []map[string]string {
	t.Helper()
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("sheet %s: %v", name, err)
	}
	if len(rows) == 0 {
		t.Fatalf("sheet %s has no header", name)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out = append(out, m)
	}
	return out
}

func sumCol(t *testing.T, rows []map[string]string, col string, keep func(map[string]string) bool) decimal.Decimal {
	t.Helper()
	sum := decimal.Zero
	for _, r := range rows {
		if keep != nil && !keep(r) || r[col] == "" {
			continue
		}
		d, err := decimal.NewFromString(r[col])
		if err != nil {
			t.Fatalf("%s = %q is not a number: %v", col, r[col], err)
		}
		sum = sum.Add(d)
	}
	return sum
}

func TestXLSX(t *testing.T) {
	generated := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	b, err := report.XLSX(threeDays(), fixture(), wib, generated)
	if err != nil {
		t.Fatalf("XLSX: %v", err)
	}
	again, err := report.XLSX(threeDays(), fixture(), wib, generated)
	if err != nil || !bytes.Equal(b, again) {
		t.Errorf("the same books gave different files (err %v)", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 3 || got[0] != "Orders" || got[1] != "Items" || got[2] != "Payments" {
		t.Fatalf("sheets = %v", got)
	}

	orders := readSheet(t, f, report.SheetOrders)
	// Seven orders were created in 19–21 Nov; HHHHH (18 Nov) is not exported.
	if len(orders) != 7 {
		t.Fatalf("%d order rows, want 7", len(orders))
	}
	sale := func(r map[string]string) bool { return r["sale"] == "yes" }
	// The sums of the sale rows are the report's figures (see TestBuild).
	for col, want := range map[string]string{
		"subtotal": "973000", "shipping": "52000", "cod_fee": "12030", "kode_unik": "130",
		"total": "1037160", "modal": "716499.99", "refunds": "41000", "profit": "215500.01",
	} {
		if got := sumCol(t, orders, col, sale); !got.Equal(dec(want)) {
			t.Errorf("Σ %s of sales = %s, want %s", col, got, want)
		}
	}
	// Non-sales have no profit.
	for _, r := range orders {
		if r["sale"] == "no" && r["profit"] != "" {
			t.Errorf("order %s (%s) has a profit %q", r["code"], r["status"], r["profit"])
		}
	}

	items := readSheet(t, f, report.SheetItems)
	// AAAAA 2 lines, BBBBB 1, CCCCC 2, DDDDD 1.
	if len(items) != 6 {
		t.Fatalf("%d item rows, want 6", len(items))
	}
	// Modal of sales from the items: Σ line_cost of lines not cancelled of
	// the sale orders = 716499.99 (3 × 96333.33 = 288999.99 is exact).
	saleCodes := map[string]bool{"AAAAA": true, "BBBBB": true, "CCCCC": true}
	if got := sumCol(t, items, "line_cost", func(r map[string]string) bool {
		return saleCodes[r["order_code"]] && r["item_status"] != "dibatalkan"
	}); !got.Equal(dec("716499.99")) {
		t.Errorf("Σ line_cost = %s, want 716499.99", got)
	}
	if got := sumCol(t, items, "unit_cost", func(r map[string]string) bool { return r["sku"] == "GMS-07" }); !got.Equal(dec("96333.33")) {
		t.Errorf("fractional unit cost = %s, want 96333.33", got)
	}

	pays := readSheet(t, f, report.SheetPayments)
	// AAAAA 1, CCCCC 5.
	if len(pays) != 6 {
		t.Fatalf("%d payment rows, want 6", len(pays))
	}
	if got := sumCol(t, pays, "amount", func(r map[string]string) bool {
		return r["direction"] == "out" && r["status"] == "confirmed"
	}); !got.Equal(dec("41000")) {
		t.Errorf("Σ confirmed refunds = %s, want 41000", got)
	}

	// Dates are WIB date-times: AAAAA was created 19 Nov 09:30 WIB (02:30 UTC).
	cell, err := f.GetCellValue(report.SheetOrders, "B2")
	if err != nil || cell != "2026-11-19 09:30" {
		t.Errorf("created of the first order = %q (%v), want 2026-11-19 09:30", cell, err)
	}
	// Money is a number with the Rupiah format.
	for ref, want := range map[string]string{"L2": `[$Rp-421]#,##0`} {
		style, err := f.GetCellStyle(report.SheetOrders, ref)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(style)
		if err != nil || s.CustomNumFmt == nil || *s.CustomNumFmt != want {
			t.Errorf("%s number format = %v (%v), want %s", ref, s.CustomNumFmt, err, want)
		}
		typ, _ := f.GetCellType(report.SheetOrders, ref)
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s cell type %v, want a number", ref, typ)
		}
	}
}

func TestXLSXEmpty(t *testing.T) {
	b, err := report.XLSX(threeDays(), nil, wib, now)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows := readSheet(t, f, report.SheetOrders); len(rows) != 0 {
		t.Errorf("%d rows in an empty export", len(rows))
	}
}
