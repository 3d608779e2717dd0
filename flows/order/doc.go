// Package order is the customers' side of the shop: the menu's catalogue
// and search, the cart, checkout (recipient, address, courier, payment),
// pasted "format order" messages, the invoice, payment proofs and the
// staff's approval of them (/lunas, /tolak), order status (/cek), cancel,
// and the payment reminder and expiry timers. A paid order goes to the
// suppliers through relay.ReleaseToSuppliers.
package order
