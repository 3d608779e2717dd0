package playground

import (
	"os"
	"strings"
	"testing"
)

// TestMessagesToInvoice counts the customer's messages from "halo" to the
// invoice in the menus walk (issue 22: at most six).
func TestMessagesToInvoice(t *testing.T) {
	b, err := os.ReadFile("testdata/order_count.txt")
	if err != nil {
		t.Fatal(err)
	}
	sent, invoiced := 0, false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "> customer:"):
			sent++
		case strings.Contains(line, "🧾 Pesanan"):
			invoiced = true
		}
		if invoiced {
			break
		}
	}
	if !invoiced {
		t.Fatal("the walk never reaches the invoice")
	}
	if sent > 6 {
		t.Errorf("%d customer messages from halo to the invoice, want at most 6", sent)
	}
}
