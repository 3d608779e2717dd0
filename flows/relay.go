package flows

import "github.com/dropbot/dropbot/store"

// releaseToSuppliers hands a paid (or COD-confirmed) order to its
// suppliers: one order card per supplier group, or the owner's packing
// list for own-stock items. It is called in the transaction that moved the
// order to diproses.
func (t *turn) releaseToSuppliers(o store.Order) error {
	return nil // the supplier relay (issue 4) fills this in
}

// ownerTransferProof attaches the owner's own transfer photo (to the
// supplier) to an order and forwards it to the supplier's group.
func (t *turn) ownerTransferProof(code string, m *Media) error {
	t.reply(t.p.T("staff.help"))
	return nil // the supplier relay (issue 4) fills this in
}
