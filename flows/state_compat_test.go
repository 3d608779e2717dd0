package flows_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/flows/internal/flowtest"
	"github.com/dropbot/dropbot/store"
)

// TestStateSavedByOlderBinaryContinues loads conversation rows written in
// the format of the binary before the split into areas (one flat JSON
// object for every flow) and checks each conversation carries on at its
// step, with the data typed earlier kept.
func TestStateSavedByOlderBinaryContinues(t *testing.T) {
	tests := []struct {
		name       string
		flow, step string
		data       string // exactly as the older binary wrote it
		say        string
		wantStep   string
		wantReply  string   // a piece of the reply
		wantKept   []string // JSON fragments still in the saved data
	}{
		{
			name: "checkout: the phone after the name",
			flow: "customer", step: "phone",
			data:     `{"name":"Sari Wulandari","sender_name":"Toko Sari"}`,
			say:      "0812-3456-7890",
			wantStep: "address", wantReply: "alamat",
			wantKept: []string{`"name":"Sari Wulandari"`, `"phone":"6281234567890"`, `"sender_name":"Toko Sari"`},
		},
		{
			name: "browsing: a category picked by number",
			flow: "customer", step: "categories",
			data:     `{"choices":["Gamis","Hijab","Mukena"]}`,
			say:      "2",
			wantStep: "products", wantReply: "Hijab",
		},
		{
			// The partner application's keys: a saved application carries on.
			name: "partner application: the phone after the name",
			flow: "partner_apply", step: "partner_phone",
			data:     `{"partner_kind":"affiliate","partner_name":"Sari Wulandari"}`,
			say:      "0812-3456-7890",
			wantStep: "partner_bank", wantReply: "rekening",
			wantKept: []string{`"partner_kind":"affiliate"`, `"partner_name":"Sari Wulandari"`, `"partner_phone":"6281234567890"`},
		},
		{
			name: "an unreadable state starts again from the menu",
			flow: "customer", step: "phone",
			data:     `{"name":`,
			say:      "0812-3456-7890",
			wantStep: "menu",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, db, shop := flowtest.OpenShop(t)
			var outs []flows.Out
			err := db.Update(ctx, func(tx *store.Tx) error {
				if _, err := flows.SeedDemo(tx); err != nil {
					return err
				}
				if _, err := tx.Resolve("play", "c1", false, "c1", "Sari"); err != nil {
					return err
				}
				return tx.SetConversation("play", "c1", "c1", store.Conversation{Flow: tc.flow, Step: tc.step, Data: tc.data})
			})
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(ctx, func(tx *store.Tx) error {
				var err error
				outs, err = shop.Handle(context.Background(), tx, flows.Message{Channel: "play", ChatID: "c1", UserID: "c1", Text: tc.say})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var c store.Conversation
			err = db.View(ctx, func(tx *store.Tx) error {
				var err error
				c, err = tx.Conversation("play", "c1", "c1")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if c.Step != tc.wantStep {
				t.Errorf("step = %q, want %q (replies %+v)", c.Step, tc.wantStep, outs)
			}
			if len(outs) == 0 || !strings.Contains(strings.ToLower(outs[len(outs)-1].Text), strings.ToLower(tc.wantReply)) {
				t.Errorf("reply %+v does not mention %q", outs, tc.wantReply)
			}
			if !json.Valid([]byte(c.Data)) {
				t.Errorf("saved data is not JSON: %q", c.Data)
			}
			for _, k := range tc.wantKept {
				if !strings.Contains(c.Data, k) {
					t.Errorf("saved data %s lost %s", c.Data, k)
				}
			}
		})
	}
}
