package flows_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/chat"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// TestRolesCheckedByRouter walks every command the areas registered for
// the owner: an admin is refused with the owner-only words, a customer gets
// exactly the answer of a command that does not exist, and a group that is
// not a supplier's hears the same as for an unknown command (nothing).
func TestRolesCheckedByRouter(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := flows.SeedDemo(tx); err != nil {
			return err
		}
		if err := tx.SetStaff("play", "owner", store.StaffOwner, "test"); err != nil {
			return err
		}
		return tx.SetStaff("play", "admin", store.StaffAdmin, "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	say := func(user, text string, group bool) []flows.Out {
		t.Helper()
		var outs []flows.Out
		chatID := user
		if group {
			chatID = "g-unlinked"
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			outs, err = shop.Handle(context.Background(), tx, flows.Message{Channel: "play", ChatID: chatID, UserID: user, Group: group, Text: text})
			return err
		})
		if err != nil {
			t.Fatalf("%s %q: %v", user, text, err)
		}
		return outs
	}
	p := locales.Default().For(locales.ID)
	unknown := say("stranger", "/tidakada", false)
	owners := shop.Reg.CommandNames(chat.RoleOwner)
	if len(owners) < 10 {
		t.Fatalf("only %d owner commands registered: %v", len(owners), owners)
	}
	for _, name := range owners {
		if got := say("admin", "/"+name, false); len(got) != 1 || got[0].Text != p.T("access.owner_only") {
			t.Errorf("admin /%s got %+v, want the owner-only refusal", name, got)
		}
		if _, mine := shop.Reg.Command(chat.ScopeCustomer, name); mine {
			continue // the customer's own command of that name (e.g. /admin: chat with the shop)
		}
		if got := say("stranger", "/"+name, false); len(got) != 1 || got[0].Text != unknown[0].Text {
			t.Errorf("customer /%s got %+v, want the unknown-command answer", name, got)
		}
	}
	for _, name := range shop.Reg.CommandNames(chat.RoleSupplierGroup) {
		if got := say("someone", "/"+name, true); len(got) != 1 || got[0].Text != p.T("supgroup.not_linked") {
			t.Errorf("unlinked group /%s got %+v, want the not-linked answer", name, got)
		}
	}
	if got := say("someone", "/tidakada", true); len(got) != 0 {
		t.Errorf("unknown group command answered %+v", got)
	}
}

// TestUnknownDeepLinkGreets: "/start <payload>" that no area claims gets
// exactly the answer of a plain /start.
func TestUnknownDeepLinkGreets(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	say := func(user, text string) []flows.Out {
		t.Helper()
		var outs []flows.Out
		err := db.Update(ctx, func(tx *store.Tx) error {
			if _, err := flows.SeedDemo(tx); err != nil {
				return err
			}
			var err error
			outs, err = shop.Handle(context.Background(), tx, flows.Message{Channel: "play", ChatID: user, UserID: user, Text: text})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return outs
	}
	plain := say("a", "/start")
	for _, payload := range []string{"XYZ123", "a_b-c", strings.Repeat("Z", 64)} {
		got := say("b"+payload, "/start "+payload)
		if len(got) != len(plain) || len(got) == 0 || got[0].Text != plain[0].Text {
			t.Errorf("/start %s = %+v, want the greeting %+v", payload, got, plain)
		}
	}
}

// TestFailedApologyInCustomersLanguage: the apology for a message the
// engine gave up on speaks the customer's language; groups get none.
func TestFailedApologyInCustomersLanguage(t *testing.T) {
	ctx, db, shop := flowtest.OpenShop(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, c := range []struct{ user, lang string }{{"ani", "id"}, {"john", "en"}} {
			who, err := tx.Resolve("telegram", c.user, false, c.user, c.user)
			if err != nil {
				return err
			}
			if err := tx.SetCustomerLang(who.CustomerID, c.lang); err != nil {
				return err
			}
			outs := shop.Failed(ctx, tx, flows.Message{Channel: "telegram", ChatID: c.user, UserID: c.user})
			l, _ := locales.ParseLang(c.lang)
			want := locales.Default().T(l, "common.failed")
			if len(outs) != 1 || outs[0].Text != want || outs[0].To.ChatID != c.user {
				t.Errorf("%s (%s): got %+v, want %q", c.user, c.lang, outs, want)
			}
		}
		if outs := shop.Failed(ctx, tx, flows.Message{Channel: "telegram", ChatID: "-100", UserID: "ani", Group: true}); outs != nil {
			t.Errorf("a group got %+v", outs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
