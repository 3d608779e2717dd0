// Package aftersales is what happens after delivery: a customer's
// complaint with its reason and evidence, the ticket card to the supplier
// group, the owner's resolution (refund, resend, exchange, reject), returns
// and their resi, RTS of COD parcels, and the ticket timers.
package aftersales
