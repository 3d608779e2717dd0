package playground_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/bot/playground"
	"github.com/dropbot/dropbot/flows"
	"github.com/dropbot/dropbot/store"
)

// breaksOn is a shop whose flow fails on one text, like a bug would.
type breaksOn struct {
	*flows.Shop
	text string
}

func (b breaksOn) Handle(ctx context.Context, tx *store.Tx, m flows.Message) ([]flows.Out, error) {
	if m.Text == b.text {
		return nil, errors.New("a bug in a flow")
	}
	return b.Shop.Handle(ctx, tx, m)
}

// TestParkedMessageDoesNotStopScript: a message whose flow fails is parked
// (the person gets the apology) and the script goes on with the next line.
func TestParkedMessageDoesNotStopScript(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	shop := flows.NewShop(flows.Config{MediaDir: filepath.Join(dir, "media")})
	pg, err := playground.New(ctx, playground.Config{DB: db, Handler: breaksOn{shop, "boom"}, MediaDir: filepath.Join(dir, "media")})
	if err != nil {
		t.Fatal(err)
	}
	var out, errw bytes.Buffer
	script := "customer:a boom\ncustomer:a halo\n"
	if err := pg.RunScript(ctx, strings.NewReader(script), playground.Printer{W: &out}, &errw); err != nil {
		t.Fatalf("the script stopped: %v (%s)", err, errw.String())
	}
	if got := out.String(); strings.Count(got, "bot → customer:a") < 2 || !strings.Contains(got, "Selamat datang") {
		t.Errorf("want the apology and then the greeting, got:\n%s", got)
	}
}
