// Package flows is the router of the conversations: it decides who is
// speaking (a group, the shop's staff, a customer), looks up the command or
// the saved step in the tables the areas registered, checks the speaker's
// role, and hands the message to the area that owns it. It holds no rule of
// the shop itself.
//
// The rooms, each a package:
//
//	chat/        the core every area shares: the Turn, messages, saved
//	             state per area, the registry (commands, steps, jobs,
//	             settings, help, deep links) and the small helpers
//	order/       customers: catalogue, cart, checkout, format order,
//	             payment and proof, the owner's approval, status, expiry
//	relay/       supplier groups: cards, terima / habis / resi, stock and
//	             cost, deposits and ledger, reminders
//	aftersales/  complaints, evidence, refunds, exchanges, returns, RTS
//	console/     the owner's tools: catalogue, markup, /atur, reports,
//	             broadcast, staff, backup, privacy
//
// and the pure helpers beside them (address, catalog, orderform, pricing,
// qris, report, resi, shipping, intent, commission), which hold no turn and
// no conversation state. Imports point one way: flows → console →
// aftersales → order → relay → chat → store (layout_test.go checks it).
package flows
