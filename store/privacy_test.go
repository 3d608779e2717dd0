package store_test

import (
	"bytes"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// TestAnonymiseKeepsTheMoney: erasing a customer removes names, phones and
// addresses but not orders, items, totals or payments; an order still on
// its way keeps its address; retention only touches old finished orders.
func TestAnonymiseKeepsTheMoney(t *testing.T) {
	db, clock := openDB(t)
	var done, open, old store.Order
	update(t, db, func(tx *store.Tx) error {
		who, err := tx.Resolve("telegram", "42", false, "42", "Sari Wulandari")
		if err != nil {
			return err
		}
		if err := tx.SaveAddress(store.Address{CustomerID: who.CustomerID, Recipient: "Sari", Phone: "6281234567890", Line: "Jl. Melati 12", Zip: "40121"}); err != nil {
			return err
		}
		mk := func(status string) store.Order {
			o := store.Order{CustomerID: who.CustomerID, Channel: "telegram", ChatID: "42", Status: status,
				RecipientName: "Sari", RecipientPhone: "6281234567890", AddressLine: "Jl. Melati 12", Province: "Jawa Barat",
				Total: decimal.RequireFromString("93440"),
				Items: []store.OrderItem{{SKU: "A", ProductName: "A", Qty: 2, UnitPrice: decimal.RequireFromString("41000"), UnitCost: decimal.RequireFromString("31500")}}}
			if err := tx.CreateOrder(&o); err != nil {
				t.Fatal(err)
			}
			return o
		}
		done, open = mk(store.StatusDone), mk(store.StatusShipped)
		if _, err := tx.AddPayment(store.Payment{OrderID: done.ID, Direction: "in", Method: "transfer", Amount: done.Total, Status: "confirmed"}); err != nil {
			return err
		}
		if codes, err := tx.OpenOrdersOf(who.CustomerID); err != nil || len(codes) != 1 || codes[0] != open.Code {
			t.Errorf("open orders %v %v, want only %s", codes, err, open.Code)
		}
		return tx.AnonymiseCustomer(who.CustomerID, "")
	})
	update(t, db, func(tx *store.Tx) error {
		d, err := tx.OrderByCode(done.Code)
		if err != nil {
			return err
		}
		if d.RecipientName != "" || d.RecipientPhone != "" || d.AddressLine != "" {
			t.Errorf("finished order kept personal data: %+v", d)
		}
		if !d.Total.Equal(decimal.RequireFromString("93440")) || len(d.Items) != 1 || !d.Subtotal.Equal(decimal.RequireFromString("82000")) {
			t.Errorf("money or items lost: total %s subtotal %s items %d", d.Total, d.Subtotal, len(d.Items))
		}
		if p, err := tx.PaymentsOf(done.ID); err != nil || len(p) != 1 {
			t.Errorf("payments lost: %v %v", p, err)
		}
		o, _ := tx.OrderByCode(open.Code)
		if o.AddressLine == "" {
			t.Error("an order still on its way lost its address")
		}
		data, err := tx.CustomerDataOf(d.CustomerID)
		if err != nil {
			return err
		}
		if data.Name != "" || len(data.Addresses) != 0 {
			t.Errorf("customer data left: %+v", data)
		}
		// Retention: an old finished order of someone else.
		who, err := tx.Resolve("telegram", "43", false, "43", "Budi")
		if err != nil {
			return err
		}
		old = store.Order{CustomerID: who.CustomerID, Channel: "telegram", ChatID: "43", Status: store.StatusExpired, RecipientName: "Budi", RecipientPhone: "6281111111111"}
		return tx.CreateOrder(&old)
	})
	clock.Add(40 * 24 * time.Hour)
	update(t, db, func(tx *store.Tx) error {
		n, err := tx.AnonymiseOrdersBefore(tx.Now().Add(-30 * 24 * time.Hour))
		if err != nil {
			return err
		}
		// Budi's expired order only: Sari's finished one is already blank and
		// the shipped one is not finished.
		if n != 1 {
			t.Errorf("retention touched %d orders, want 1", n)
		}
		o, _ := tx.OrderByCode(old.Code)
		if o.RecipientName != "" || o.RecipientPhone != "" {
			t.Errorf("retention kept %+v", o)
		}
		if o2, _ := tx.OrderByCode(open.Code); o2.RecipientName == "" {
			t.Error("retention erased an order still on its way")
		}
		return nil
	})
}

// Retention clears the texts about an old finished order and those
// showing its recipient, not only the order row; other texts stay.
func TestRetentionClearsTexts(t *testing.T) {
	db, _ := openDB(t)
	update(t, db, func(tx *store.Tx) error {
		who, err := tx.Resolve("telegram", "c9", false, "c9", "")
		if err != nil {
			return err
		}
		o := store.Order{CustomerID: who.CustomerID, Channel: "telegram", ChatID: "c9", Status: store.StatusCart, Tier: "retail"}
		if err := tx.CreateOrder(&o); err != nil {
			return err
		}
		o.RecipientName, o.RecipientPhone, o.AddressLine, o.Province = "Ani Retensi", "6281399990000", "Jl. Lama Sekali 9", "Jawa Barat"
		if err := tx.SaveCheckout(o); err != nil {
			return err
		}
		if err := tx.SetOrderStatus(o.ID, store.StatusCart, store.StatusCancelled, "test", "test"); err != nil {
			return err
		}
		for _, m := range []store.OutMessage{
			{Channel: "telegram", ChatID: "c9", Text: "Pesanan dikirim ke Jl. Lama Sekali 9", RefKind: "order", RefID: o.Code},
			{Channel: "telegram", ChatID: "owner", Text: "Pesanan a.n. Ani Retensi, HP 081399990000"},
			{Channel: "telegram", ChatID: "owner", Text: "tidak ada hubungannya"},
		} {
			id, err := tx.Enqueue(m)
			if err != nil {
				return err
			}
			if err := tx.MarkSent(id, "p"+strconv.FormatInt(id, 10)); err != nil {
				return err
			}
		}
		return nil
	})
	update(t, db, func(tx *store.Tx) error {
		n, err := tx.AnonymiseOrdersBefore(tx.Now().Add(time.Hour))
		if n != 1 {
			t.Errorf("anonymised %d orders, want 1", n)
		}
		return err
	})
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Ani Retensi", "081399990000", "6281399990000", "Lama Sekali"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("%q is still in the database file after retention", s)
		}
	}
	if !bytes.Contains(raw, []byte("tidak ada hubungannya")) {
		t.Error("an unrelated text was erased")
	}
}
