package flows_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// speakers the router fuzz picks from: two customers, the owner, a linked
// supplier group member, and someone in an unlinked group.
var speakers = []struct {
	chat, user string
	group      bool
}{
	{"c1", "c1", false}, {"c2", "c2", false}, {"owner", "owner", false},
	{"g-gms", "sari", true}, {"g-x", "orang", true},
}

// FuzzRouter feeds random messages from random roles through the real
// flows on real books and checks that nothing fails and the books stay
// consistent. Input: messages separated by '\n\n', each starting with a
// byte that picks the speaker.
func FuzzRouter(f *testing.F) {
	for _, seed := range []string{
		"\x00halo\n\n\x001\n\n\x001\n\n\x001\n\n\x001\n\n\x002\n\n\x001",
		"\x00Nama: Sari\nHP: 081234567890\nAlamat: Jl. Melati 12, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: HJB-11 Navy x2\nKurir: JNE REG\n\n\x001\n\n\x02/pesanan\n\n\x02/lunas X8QMT\n\n\x03/resi X8QMT JP1234567890",
		"\x01cari voal\n\n\x011\n\n\x012\n\n\x0199\n\n\x01batal\n\n\x01/batal ZZZZZ\n\n\x02/tolak\n\n\x04/supplier GMS",
		"\x00%s %n\x00\n\n\x02/admin tambah play:c2\n\n\x01/lunas X\n\n\x00/hapusdata\n\n\x00HAPUS",
		"\x00min, harga hijab brp\n\n\x00ready kak?\n\n\x00navy\n\n\x00ongkir ke bekasi berapa\n\n\x00mau order gamis busui 2\n\n\x00mau order hijab voal hitam 3\n\n\x00ga jadi kak\n\n\x02/bantuan semua\n\n\x03/bantuan",
		"\x00/daftar afiliasi\n\n\x00Sari\n\n\x00081298765432\n\n\x00BCA 1234567890 Sari\n\n\x02/mitra\n\n\x02/mitra terima SARI78\n\n\x01/start SARI78\n\n\x01/mitra bayar SARI78\n\n\x02/mitra bayar SARI78 1jt\n\n\x02/mitra kinerja\n\n\x00/mitra penjualan",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4000 {
			return
		}
		ctx, db, shop := flowtest.OpenShop(t)
		err := db.Update(ctx, func(tx *store.Tx) error {
			if _, err := flows.SeedDemo(tx); err != nil {
				return err
			}
			if err := tx.SetStaff("play", "owner", store.StaffOwner, "fuzz"); err != nil {
				return err
			}
			s, err := tx.SupplierByCode("GMS")
			if err != nil {
				return err
			}
			return tx.LinkGroup("play", "g-gms", s.ID, "")
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range strings.Split(string(data), "\n\n") {
			if part == "" {
				continue
			}
			sp := speakers[int(part[0])%len(speakers)]
			m := flows.Message{Channel: "play", ChatID: sp.chat, UserID: sp.user, Group: sp.group, Text: part[1:]}
			err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := shop.Handle(ctx, tx, m)
				return err
			})
			if err != nil {
				t.Fatalf("message %q from %s: %v", part[1:], sp.user, err)
			}
		}
		checkBooks(t, db)
	})
}

// checkBooks asserts the invariants of the books.
func checkBooks(t *testing.T, db *store.DB) {
	t.Helper()
	err := db.View(context.Background(), func(tx *store.Tx) error {
		orders, _, err := tx.SearchOrders(store.OrderQuery{Limit: 1000})
		if err != nil {
			return err
		}
		for _, o := range orders {
			items, err := tx.OrderItems(o.ID)
			if err != nil {
				return err
			}
			sub, _ := store.SumItems(items)
			if !sub.Equal(o.Subtotal) {
				t.Errorf("order %s: subtotal %s, lines sum to %s", o.Code, o.Subtotal, sub)
			}
			want := o.Subtotal.Add(o.Shipping).Add(o.CODFee).Add(decimal.NewFromInt(int64(o.UniqueCode)))
			if !want.Equal(o.Total) {
				t.Errorf("order %s: total %s, parts add to %s", o.Code, o.Total, want)
			}
			hist, err := tx.StatusHistory("order", o.ID)
			if err != nil {
				return err
			}
			for i, h := range hist {
				if i == 0 {
					continue
				}
				if !store.CanTransition(h.From, h.To) {
					t.Errorf("order %s moved %s → %s, which the lifecycle forbids", o.Code, h.From, h.To)
				}
			}
			if len(hist) > 0 && hist[len(hist)-1].To != o.Status {
				t.Errorf("order %s is %s but its log ends at %s", o.Code, o.Status, hist[len(hist)-1].To)
			}
		}
		ps, _, err := tx.Products(store.ProductFilter{Limit: 1000})
		if err != nil {
			return err
		}
		for _, p := range ps {
			for _, v := range p.Variants {
				if v.Reserved < 0 || (v.Stock.Valid && (v.Stock.Int64 < 0 || v.Reserved > v.Stock.Int64)) {
					t.Errorf("%s %s: stock %v reserved %d", p.SKU, v.Name, v.Stock, v.Reserved)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
