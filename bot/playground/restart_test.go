package playground_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dropbot/dropbot/bot/playground"
)

func say(t *testing.T, pg *playground.Playground, line string) []playground.Sent {
	t.Helper()
	l, ok, err := playground.ParseLine(line)
	if err != nil || !ok {
		t.Fatalf("%q: %v", line, err)
	}
	msgs, err := pg.Say(context.Background(), l)
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	return msgs
}

// TestRestartMidCheckout: the bot stops between two messages of a checkout
// (the books are closed and opened again); the customer's next message
// continues exactly where they were, with the cart and answers kept.
func TestRestartMidCheckout(t *testing.T) {
	dir := t.TempDir()
	pg, db := openShop(t, dir, true)
	for _, l := range []string{"halo", "cari voal", "3", "2", "1", "Rina Marlina", "0813 2222 3333"} {
		say(t, pg, "customer:rina "+l)
	}
	db.Close()

	pg2, _ := openShop(t, dir, false)
	got := say(t, pg2, "customer:rina Jl. Mawar No. 3 RT 1 RW 2, Kec. Coblong, Kota Bandung, Jawa Barat 40132")
	// The cheapest courier is chosen for the review; paying confirms.
	if len(got) != 1 || !strings.Contains(got[0].Text, "Cek pesanannya") || len(got[0].Options) == 0 {
		t.Fatalf("after restart the address step did not continue to the review: %+v", got)
	}
	inv := say(t, pg2, "customer:rina 1")
	if len(inv) == 0 || !strings.Contains(inv[0].Text, "2 × Rp41.000") || !strings.Contains(inv[0].Text, "Rina Marlina (081322223333)") {
		t.Fatalf("invoice lost the cart or the recipient across the restart: %+v", inv)
	}
}

// TestDuplicateBurstIsOrderedAndOnce: a quick burst from one customer is
// answered in order, once per message.
func TestDuplicateBurstIsOrderedAndOnce(t *testing.T) {
	pg, _, _ := newShop(t)
	var all []playground.Sent
	for _, l := range []string{"halo", "1", "1", "1"} {
		all = append(all, say(t, pg, "customer:cepat "+l)...)
	}
	if len(all) != 4 || !strings.Contains(all[3].Text, "Gamis Polos Busui") {
		t.Fatalf("burst answered out of order or not once each: %d replies, last %q", len(all), all[len(all)-1].Text)
	}
}
