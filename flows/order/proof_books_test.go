package order_test

import (
	"context"
	"os"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
	"github.com/shopspring/decimal"
)

// TestProofTwiceBooksWhatTheOwnerConfirmed: a customer sends the proof
// photo twice and the owner approves once (in full, in part, or short by
// only the kode unik): the books hold exactly one confirmed payment of
// the approved amount, nothing left pending, and a cancel refunds that.
func TestProofTwiceBooksWhatTheOwnerConfirmed(t *testing.T) {
	png, err := os.ReadFile("../../bot/playground/testdata/bukti.png")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		approve func(o store.Order) string // the owner's command
		paid    func(o store.Order) decimal.Decimal
		status  string
	}{
		{"full", func(o store.Order) string { return "/lunas " + o.Code },
			func(o store.Order) decimal.Decimal { return o.Total }, store.StatusProcessing},
		{"partial", func(o store.Order) string { return "/lunas " + o.Code + " 20rb" },
			func(store.Order) decimal.Decimal { return decimal.NewFromInt(20000) }, store.StatusAwaitPay},
		{"kode unik left off", func(o store.Order) string {
			return "/lunas " + o.Code + " " + o.Total.Sub(decimal.NewFromInt(int64(o.UniqueCode))).String()
		},
			func(o store.Order) decimal.Decimal { return o.Total.Sub(decimal.NewFromInt(int64(o.UniqueCode))) }, store.StatusProcessing},
		{"short by a rupiah more than the kode unik", func(o store.Order) string {
			return "/lunas " + o.Code + " " + o.Total.Sub(decimal.NewFromInt(int64(o.UniqueCode)+1)).String()
		}, func(o store.Order) decimal.Decimal { return o.Total.Sub(decimal.NewFromInt(int64(o.UniqueCode) + 1)) }, store.StatusAwaitPay},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, db, shop := flowtest.OpenShop(t)
			var photo int64
			err := db.Update(ctx, func(tx *store.Tx) error {
				if _, err := flows.SeedDemo(tx); err != nil {
					return err
				}
				if err := tx.SetStaff("telegram", "owner", store.StaffOwner, "test"); err != nil {
					return err
				}
				m, err := tx.SaveMedia(t.TempDir(), png, "image/png")
				photo = m.ID
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			flowtest.Say(t, db, shop, "sari", "Nama: Sari\nHP: 081234567890\nAlamat: Jl. Melati 12, Kec. Coblong, Kota Bandung, Jawa Barat 40132\nPesanan: HJB-11 Navy x1\nKurir: JNE REG")
			flowtest.Say(t, db, shop, "sari", "1")
			var o store.Order
			db.View(ctx, func(tx *store.Tx) error {
				os, err := tx.OrdersWithStatus(customerOf(t, tx, "sari"), store.StatusAwaitPay)
				if err == nil && len(os) == 1 {
					o = os[0]
				}
				return err
			})
			if o.Code == "" || o.UniqueCode == 0 {
				t.Fatalf("setup: no unpaid order with a kode unik: %+v", o)
			}
			for range 2 {
				err := db.Update(ctx, func(tx *store.Tx) error {
					_, err := shop.Handle(context.Background(), tx, flows.Message{Channel: "telegram", ChatID: "sari", UserID: "sari",
						Media: &flows.Media{Kind: flows.MediaPhoto, MediaID: photo}})
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			flowtest.Say(t, db, shop, "owner", tc.approve(o))
			want := tc.paid(o)
			confirmed, pending, got := books(t, db, o)
			if confirmed != 1 || pending != 0 || !got.Equal(want) {
				t.Fatalf("books: %d confirmed, %d pending, %s in; want 1, 0, %s", confirmed, pending, got, want)
			}
			if now := orderStatus(t, db, o.Code); now != tc.status {
				t.Errorf("status %q, want %q", now, tc.status)
			}
			flowtest.Say(t, db, shop, "owner", "/batalkan "+o.Code+" tes")
			db.View(ctx, func(tx *store.Tx) error {
				pays, err := tx.PaymentsOf(o.ID)
				refund := decimal.Zero
				for _, p := range pays {
					if p.Direction == "out" {
						refund = refund.Add(p.Amount)
					}
				}
				if !refund.Equal(want) {
					t.Errorf("refund %s, want %s", refund, want)
				}
				return err
			})
		})
	}
}

func customerOf(t *testing.T, tx *store.Tx, user string) int64 {
	t.Helper()
	id, ok, err := tx.CustomerOf("telegram", user)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	return id
}

// books counts an order's incoming payments: confirmed, pending, and the
// sum confirmed.
func books(t *testing.T, db *store.DB, o store.Order) (confirmed, pending int, sum decimal.Decimal) {
	t.Helper()
	err := db.View(context.Background(), func(tx *store.Tx) error {
		pays, err := tx.PaymentsOf(o.ID)
		for _, p := range pays {
			switch {
			case p.Direction != "in":
			case p.Status == "confirmed":
				confirmed++
				sum = sum.Add(p.Amount)
			case p.Status == "pending":
				pending++
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return confirmed, pending, sum
}

func orderStatus(t *testing.T, db *store.DB, code string) string {
	t.Helper()
	var s string
	err := db.View(context.Background(), func(tx *store.Tx) error {
		o, err := tx.OrderByCode(code)
		s = o.Status
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
