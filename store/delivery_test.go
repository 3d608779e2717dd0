package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dropbot/dropbot/store"
)

func TestDueOutboxForAndPendingChat(t *testing.T) {
	db, clk := openDB(t)
	update(t, db, func(tx *store.Tx) error {
		for _, r := range []store.OutMessage{
			{Channel: "telegram", ChatID: "1", Text: "a"},                              // 1
			{Channel: "whatsapp", ChatID: "1", Text: "b"},                              // 2
			{Channel: "telegram", ChatID: "1", Text: "c"},                              // 3: behind 1
			{Channel: "telegram", ChatID: "2", Text: "d"},                              // 4
			{Channel: "telegram", ChatID: "3", Text: "e", NextAt: t0.Add(time.Minute)}, // 5: later
		} {
			if _, err := tx.Enqueue(r); err != nil {
				return err
			}
		}
		return nil
	})
	ids := func(ms []store.OutMessage) string {
		var out []int64
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return fmt.Sprint(out)
	}
	err := db.View(context.Background(), func(tx *store.Tx) error {
		due, err := tx.DueOutboxFor("telegram", clk.Now(), 10)
		if err != nil {
			return err
		}
		if got := ids(due); got != "[1 4]" {
			t.Errorf("DueOutboxFor(telegram) = %s, want [1 4] (one head per chat, due only, no whatsapp)", got)
		}
		chat, err := tx.PendingChat("telegram", "1", 10)
		if err != nil {
			return err
		}
		if got := ids(chat); got != "[1 3]" {
			t.Errorf("PendingChat = %s, want [1 3]", got)
		}
		next, ok, err := tx.NextOutboxAtFor("whatsapp")
		if err != nil || !ok || !next.Equal(t0) {
			t.Errorf("NextOutboxAtFor(whatsapp) = %v %v %v, want %v", next, ok, err, t0)
		}
		if _, ok, err := tx.NextOutboxAtFor("play"); ok || err != nil {
			t.Errorf("NextOutboxAtFor(play) = %v %v, want nothing", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestUnreachableOncePersonAndGroup(t *testing.T) {
	db, _ := openDB(t)
	update(t, db, func(tx *store.Tx) error {
		if _, err := tx.Resolve("telegram", "5551", false, "5551", "Budi"); err != nil {
			return err
		}
		sid, err := tx.AddSupplier(store.Supplier{Code: "GMS", Name: "Grosir Muslim Solo", Active: true})
		if err != nil {
			return err
		}
		return tx.LinkGroup("telegram", "-100", sid, "Supplier GMS")
	})
	check := func(step string, person, group bool) {
		t.Helper()
		err := db.View(context.Background(), func(tx *store.Tx) error {
			p, err := tx.ChatUnreachable("telegram", "5551")
			if err != nil {
				return err
			}
			g, err := tx.ChatUnreachable("telegram", "-100")
			if err != nil {
				return err
			}
			if p != person || g != group {
				t.Errorf("%s: person unreachable %v, group %v; want %v, %v", step, p, g, person, group)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	mark := func(chat string) (first bool) {
		update(t, db, func(tx *store.Tx) error {
			var err error
			first, err = tx.MarkUnreachable("telegram", chat)
			return err
		})
		return first
	}
	check("start", false, false)
	if !mark("5551") || mark("5551") {
		t.Error("MarkUnreachable(person): want first true, then false")
	}
	if !mark("-100") || mark("-100") {
		t.Error("MarkUnreachable(group): want first true, then false")
	}
	check("marked", true, true)
	update(t, db, func(tx *store.Tx) error {
		c, ok, err := tx.ContactOf("telegram", "5551")
		if !ok || c.Reachable || c.DisplayName != "Budi" {
			t.Errorf("ContactOf = %+v %v, want Budi unreachable", c, ok)
		}
		return err
	})
	// Budi writes in the group: he and the group are reachable again.
	update(t, db, func(tx *store.Tx) error { return tx.MarkReachable("telegram", "-100", "5551", true) })
	check("wrote again", false, false)
	if !mark("5551") {
		t.Error("MarkUnreachable after writing again: want first true")
	}
}

func TestGroupLabelAndIsStaff(t *testing.T) {
	db, _ := openDB(t)
	update(t, db, func(tx *store.Tx) error {
		sid, err := tx.AddSupplier(store.Supplier{Code: "HJB", Name: "Hijab Bandung", Active: true})
		if err != nil {
			return err
		}
		if err := tx.LinkGroup("whatsapp", "1@g.us", sid, ""); err != nil {
			return err
		}
		return tx.SetStaff("whatsapp", "62811@s.whatsapp.net", store.StaffAdmin, "test")
	})
	err := db.View(context.Background(), func(tx *store.Tx) error {
		for _, tt := range []struct{ chat, want string }{{"1@g.us", "HJB — Hijab Bandung"}, {"2@g.us", ""}} {
			got, err := tx.GroupLabel("whatsapp", tt.chat)
			if err != nil || got != tt.want {
				t.Errorf("GroupLabel(%s) = %q %v, want %q", tt.chat, got, err, tt.want)
			}
		}
		for _, tt := range []struct {
			ch, id string
			want   bool
		}{{"whatsapp", "62811@s.whatsapp.net", true}, {"telegram", "62811@s.whatsapp.net", false}, {"whatsapp", "62812@s.whatsapp.net", false}} {
			got, err := tx.IsStaff(tt.ch, tt.id)
			if err != nil || got != tt.want {
				t.Errorf("IsStaff(%s, %s) = %v %v, want %v", tt.ch, tt.id, got, err, tt.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
