package playground_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dropbot/dropbot/bot"
	"github.com/dropbot/dropbot/bot/playground"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// BenchmarkEngineMessage is one customer message through the engine on a
// real SQLite file: dedupe + role lookup + flow + state + outbox, one
// IMMEDIATE transaction. Compare with store's BenchmarkBaselineImmediateWrite
// in the same run:
//
//	go test -run=^$ -bench='Baseline|EngineMessage|PlaygroundSay' ./store ./bot/playground
func BenchmarkEngineMessage(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(ctx, func(tx *store.Tx) error { _, err := flows.SeedDemo(tx); return err }); err != nil {
		b.Fatal(err)
	}
	e := bot.NewEngine(bot.EngineConfig{DB: db, Handler: flows.NewShop(flows.Config{MediaDir: filepath.Join(dir, "media")}), MediaDir: filepath.Join(dir, "media")})
	// 50 customers take turns so state rows and identities are realistic.
	texts := []string{"halo", "1", "2", "1", "menu"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		chat := fmt.Sprintf("customer:c%d", i%50)
		in := bot.Inbound{Channel: "play", ChatID: chat, Kind: bot.Private, SenderID: chat,
			MessageID: fmt.Sprint("m", i), Text: texts[(i/50)%len(texts)]}
		if err := e.Handle(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlaygroundSay adds delivery: the message, then the dispatcher
// sending the reply and marking it sent (a second write transaction).
func BenchmarkPlaygroundSay(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(ctx, func(tx *store.Tx) error { _, err := flows.SeedDemo(tx); return err }); err != nil {
		b.Fatal(err)
	}
	pg, err := playground.New(ctx, playground.Config{DB: db, Handler: flows.NewShop(flows.Config{MediaDir: filepath.Join(dir, "media")}), MediaDir: filepath.Join(dir, "media")})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l, _, err := playground.ParseLine(fmt.Sprintf("customer:c%d halo", i%50))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := pg.Say(ctx, l); err != nil {
			b.Fatal(err)
		}
	}
}
