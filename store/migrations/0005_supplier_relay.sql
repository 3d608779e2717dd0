-- 0005: the supplier relay. A shipment's card may wait for a linked group
-- (card_sent_at NULL); accepted_at starts the "no resi yet" clock. A ledger
-- row may carry the owner's transfer photo. A supplier's cost change above
-- the owner's tolerance waits in cost_changes for the owner's decision.
ALTER TABLE shipments ADD COLUMN card_sent_at INTEGER;
ALTER TABLE shipments ADD COLUMN accepted_at INTEGER;
CREATE INDEX shipments_supplier ON shipments (supplier_id, status);

ALTER TABLE supplier_ledger ADD COLUMN media_id INTEGER REFERENCES media (id);
CREATE INDEX supplier_ledger_order ON supplier_ledger (order_id, supplier_id);

CREATE TABLE cost_changes (
    id          INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES suppliers (id),
    variant_id  INTEGER NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    old_cost    TEXT NOT NULL,
    new_cost    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'replaced')),
    actor       TEXT NOT NULL,
    decided_by  TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    decided_at  INTEGER
) STRICT;
CREATE INDEX cost_changes_pending ON cost_changes (status, id);
