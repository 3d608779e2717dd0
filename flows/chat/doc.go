// Package chat is the small core every area of the flows shares: the Turn
// (one message being handled: who spoke, the books' transaction, the
// replies), the message types, each area's saved state (State[D], one
// struct per area over the same flat JSON older binaries wrote), the
// Registry the areas fill (commands with the role that may run them, steps,
// staff flows, jobs, /atur lines, help sections, deep links), settings
// declared once with their defaults, and the helpers every area borrows
// (menus, printers in the owner's or a customer's language, order codes).
//
// chat imports no area; every area imports chat.
package chat
