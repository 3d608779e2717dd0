package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/locales"
	"github.com/dropbot/dropbot/store"
)

// firstText is the text of the oldest pending outbox row of a chat.
func firstText(t *testing.T, db *store.DB, chat string) string {
	t.Helper()
	var text string
	err := db.View(context.Background(), func(tx *store.Tx) error {
		due, err := tx.DueOutbox(tx.Now().Add(time.Hour), 1000)
		for _, m := range due {
			if m.ChatID == chat {
				text = m.Text
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// TestLateReplyApologises: a private message handled long after it was
// sent (offline backlog) gets its reply opened with an apology for the
// wait, in the person's language; a fresh one, a group message and a
// message without a time do not.
func TestLateReplyApologises(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	idSorry := locales.Default().T(locales.ID, "robust.late_sorry")
	enSorry := locales.Default().T(locales.EN, "robust.late_sorry")
	tests := []struct {
		name  string
		age   time.Duration
		group bool
		zero  bool
		en    bool
		want  string
	}{
		{name: "fresh", age: 2 * time.Minute, want: "echo: halo"},
		{name: "just under", age: 10 * time.Minute, want: "echo: halo"},
		{name: "late", age: 11 * time.Minute, want: idSorry + "\n\necho: halo"},
		{name: "days late", age: 72 * time.Hour, want: idSorry + "\n\necho: halo"},
		{name: "late, english", age: time.Hour, en: true, want: enSorry + "\n\necho: halo"},
		{name: "late group", age: time.Hour, group: true, want: "echo: halo"},
		{name: "no time", zero: true, want: "echo: halo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t, t.TempDir(), func() time.Time { return now })
			if tt.en {
				err := db.Update(context.Background(), func(tx *store.Tx) error {
					w, err := tx.Resolve("fake", "c", false, "c", "")
					if err != nil {
						return err
					}
					return tx.SetCustomerLang(w.CustomerID, "en")
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: &echo{}, MediaDir: t.TempDir()})
			m := in("c", "m1", "halo")
			m.Time = now.Add(-tt.age)
			if tt.zero {
				m.Time = time.Time{}
			}
			if tt.group {
				m.Kind = bot.Group
			}
			if err := e.Handle(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			if got := firstText(t, db, "c"); got != tt.want {
				t.Errorf("reply %q, want %q", got, tt.want)
			}
			if !strings.HasSuffix(firstText(t, db, "c"), "echo: halo") {
				t.Error("the flow's reply itself must stay whole")
			}
		})
	}
}
