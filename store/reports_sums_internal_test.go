package store

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// FuzzPacked: a packed row that is not what the queries write (cut short,
// lengths that lie, stray commas) is reported malformed, never a panic,
// and a row built from any two texts and an integer reads back as them.
func FuzzPacked(f *testing.F) {
	f.Add("12,5,abcde", "x,y", int64(-3))
	f.Add("3,ab", "", int64(0))
	f.Add("-1,", "日本", int64(1<<40))
	f.Fuzz(func(t *testing.T, raw, text string, n int64) {
		p := packed{s: raw}
		for range 4 {
			p.int()
			p.text()
		}
		_ = p.err("fuzz")

		row := strconv.FormatInt(n, 10) + "," + strconv.Itoa(len(text)) + "," + text + strconv.Itoa(len(raw)) + "," + raw
		q := packed{s: row}
		gotN, gotText, gotRaw := q.int(), q.text(), q.text()
		if err := q.err("fuzz"); err != nil || gotN != n || gotText != text || gotRaw != raw {
			t.Fatalf("%q read back as %d %q %q (%v)", row, gotN, gotText, gotRaw, err)
		}
	})
}

// TestReportSumsBadMoney: a money text the books should never hold is an
// error naming the column, not a wrong sum.
func TestReportSumsBadMoney(t *testing.T) {
	db := openBooks(t)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *Tx) error {
		w, err := tx.Resolve("telegram", "m", false, "m", "M")
		if err != nil {
			return err
		}
		o := Order{CustomerID: w.CustomerID, Channel: "telegram", ChatID: "m", Status: StatusDone}
		if err := tx.CreateOrder(&o); err != nil {
			return err
		}
		_, err = tx.exec(`UPDATE orders SET shipping = '12,5' WHERE id = ?`, o.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(tx *Tx) error {
		_, err := tx.ReportSums(db.Now().Add(-time.Hour), db.Now().Add(time.Hour), 0, []string{StatusDone})
		return err
	})
	if err == nil {
		t.Fatal("a shipping of 12,5 was summed")
	}
	t.Log(err)
}
