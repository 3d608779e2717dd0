// Package relay is the supplier side: linking a group to a supplier, the
// order cards sent there with the shop as sender, the supplier's terima /
// habis / resi (by command, word or quote-reply), the customer's choice
// when an item is sold out, stock and cost updates, the supplier deposit
// and ledger, and the card, resi and auto-complete timers.
package relay
