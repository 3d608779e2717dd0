package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestErasureLeavesNoPhoneBehind: on WhatsApp a person's chat id is their
// phone number. After AnonymiseCustomer, no text column of any table holds
// it (or its local 08… form) except the goodbye still waiting in the
// outbox, which needs the address to be delivered, and a bare identity row
// linked to nobody (WhatsApp lets the bot answer only people who wrote).
// The money stays linked to the (now nameless) customer.
func TestErasureLeavesNoPhoneBehind(t *testing.T) {
	ctx := context.Background()
	db := openBooks(t)
	const phone, local = "6281299990001", "081299990001"
	var custID int64
	var orderCode string
	err := db.Update(ctx, func(tx *Tx) error {
		who, err := tx.Resolve("whatsapp", phone, false, phone, "Dewi")
		if err != nil {
			return err
		}
		custID = who.CustomerID
		if err := tx.SaveAddress(Address{CustomerID: custID, Recipient: "Dewi", Phone: phone, Line: "Jl. Mawar 3", Zip: "17421"}); err != nil {
			return err
		}
		o := Order{CustomerID: custID, Channel: "whatsapp", ChatID: phone, Status: StatusDone,
			RecipientName: "Dewi", RecipientPhone: phone, AddressLine: "Jl. Mawar 3", Total: decimal.RequireFromString("50000"),
			Items: []OrderItem{{SKU: "A", ProductName: "A", Qty: 1, UnitPrice: decimal.RequireFromString("50000"), UnitCost: decimal.RequireFromString("40000")}}}
		if err := tx.CreateOrder(&o); err != nil {
			return err
		}
		orderCode = o.Code
		if _, err := tx.AddPayment(Payment{OrderID: o.ID, Direction: "in", Method: "transfer", Amount: o.Total, Status: "confirmed"}); err != nil {
			return err
		}
		if _, err := tx.ClaimInbound("whatsapp", "wamid-1", phone); err != nil {
			return err
		}
		if _, _, err := tx.StartInbound("whatsapp", "wamid-2", phone); err != nil {
			return err
		}
		if err := tx.ParkInbound("whatsapp", "wamid-2", phone, 3, "boom"); err != nil {
			return err
		}
		if err := tx.AddMediaIntake("whatsapp", phone, 1000); err != nil {
			return err
		}
		if _, _, err := tx.ThrottleNotice("help:whatsapp:"+phone, time.Hour); err != nil {
			return err
		}
		if err := tx.SetConversation("whatsapp", phone, phone, Conversation{Flow: "customer", Step: "menu"}); err != nil {
			return err
		}
		sent, err := tx.Enqueue(OutMessage{Channel: "whatsapp", ChatID: phone, Text: "Halo Kak", RefKind: "order", RefID: o.Code})
		if err != nil {
			return err
		}
		if err := tx.MarkSent(sent, "wamid-out-1"); err != nil {
			return err
		}
		if err := tx.AnonymiseCustomer(custID, ""); err != nil {
			return err
		}
		// The goodbye goes out after the erasure, to the same chat.
		_, err = tx.Enqueue(OutMessage{Channel: "whatsapp", ChatID: phone, Text: "Data Kakak sudah kami hapus."})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(tx *Tx) error {
		for _, hit := range textColumnsHolding(t, tx, phone, local) {
			if hit != "outbox.chat_id (pending)" && hit != "identities.user_id" {
				t.Errorf("after erasure the phone is still in %s", hit)
			}
		}
		var linked int
		if err := tx.row(`SELECT count(*) FROM identities WHERE instr(user_id, ?) > 0 AND (customer_id IS NOT NULL OR display_name <> '')`, phone).Scan(&linked); err != nil || linked != 0 {
			t.Errorf("%d identities of the phone still linked or named (%v)", linked, err)
		}
		o, err := tx.OrderByCode(orderCode)
		if err != nil {
			return err
		}
		if o.CustomerID != custID || !o.Total.Equal(decimal.RequireFromString("50000")) {
			t.Errorf("the money lost its customer: %+v", o)
		}
		if p, err := tx.PaymentsOf(o.ID); err != nil || len(p) != 1 {
			t.Errorf("payments lost: %v %v", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The same phone writing again is a stranger: a new customer, not the
	// erased one brought back.
	if err := db.Update(ctx, func(tx *Tx) error {
		who, err := tx.Resolve("whatsapp", phone, false, phone, "Dewi")
		if err != nil {
			return err
		}
		if who.CustomerID == custID {
			t.Errorf("the erased customer %d came back with the phone", custID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// textColumnsHolding lists "table.column" for every text column of every
// table where one of the values occurs; outbox rows still pending are
// reported apart.
func textColumnsHolding(t *testing.T, tx *Tx, values ...string) []string {
	t.Helper()
	rows, err := tx.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var hits []string
	for _, table := range tables {
		cols, err := tx.query(fmt.Sprintf(`SELECT name, type FROM pragma_table_info('%s')`, table))
		if err != nil {
			t.Fatal(err)
		}
		var text []string
		for cols.Next() {
			var name, typ string
			if err := cols.Scan(&name, &typ); err != nil {
				t.Fatal(err)
			}
			if strings.EqualFold(typ, "TEXT") || typ == "" {
				text = append(text, name)
			}
		}
		cols.Close()
		for _, col := range text {
			for _, v := range values {
				q := fmt.Sprintf(`SELECT count(*) FROM "%s" WHERE instr("%s", ?) > 0`, table, col)
				if table == "outbox" {
					var pending int
					if err := tx.row(q+` AND status = 'pending'`, v).Scan(&pending); err != nil {
						t.Fatal(err)
					}
					if pending > 0 {
						hits = append(hits, table+"."+col+" (pending)")
					}
					q += ` AND status <> 'pending'`
				}
				var n int
				if err := tx.row(q, v).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n > 0 {
					hits = append(hits, table+"."+col)
				}
			}
		}
	}
	return hits
}

// TestErasureRemovesEveryProofPhoto: a second proof photo is not a
// payment's proof (it is noted on the payment being checked) but it reached
// the owners in a notice about the order. Erasure removes it with the
// first one, file and row.
func TestErasureRemovesEveryProofPhoto(t *testing.T) {
	ctx := context.Background()
	db := openBooks(t)
	dir := t.TempDir()
	png := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("a", 64))
	png2 := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("b", 64))
	var first, second Media
	err := db.Update(ctx, func(tx *Tx) error {
		who, err := tx.Resolve("whatsapp", "6281299990002", false, "6281299990002", "Rina")
		if err != nil {
			return err
		}
		o := Order{CustomerID: who.CustomerID, Channel: "whatsapp", ChatID: "6281299990002", Status: StatusDone,
			Total: decimal.RequireFromString("50000")}
		if err := tx.CreateOrder(&o); err != nil {
			return err
		}
		if first, err = tx.SaveMedia(dir, png, "image/png"); err != nil {
			return err
		}
		if second, err = tx.SaveMedia(dir, png2, "image/png"); err != nil {
			return err
		}
		pid, err := tx.AddPayment(Payment{OrderID: o.ID, Direction: "in", Method: "transfer", Amount: o.Total, Status: "pending", ProofMediaID: first.ID})
		if err != nil {
			return err
		}
		if err := tx.AddProofEvidence(pid, second.ID); err != nil {
			return err
		}
		sent, err := tx.Enqueue(OutMessage{Channel: "telegram", ChatID: "owner", Text: "Bukti bayar kedua", MediaID: second.ID, RefKind: "order", RefID: o.Code})
		if err != nil {
			return err
		}
		if err := tx.MarkSent(sent, "p1"); err != nil {
			return err
		}
		return tx.AnonymiseCustomer(who.CustomerID, dir)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(tx *Tx) error {
		for _, m := range []Media{first, second} {
			if _, err := tx.MediaByID(m.ID); !IsNotFound(err) {
				t.Errorf("media %d kept after erasure (%v)", m.ID, err)
			}
			if _, err := os.Stat(filepath.Join(dir, m.RelPath())); !os.IsNotExist(err) {
				t.Errorf("file of media %d kept after erasure (%v)", m.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
