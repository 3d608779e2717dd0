-- 0021: a reseller's deposit (saldo), money the reseller paid in ahead that
-- orders draw from. Its own ledger, like supplier_ledger: the partner
-- ledger is what the shop owes as earnings (payouts, statements, targets
-- read it), and prepaid money for goods is not an earning.
-- amount is a signed decimal TEXT, summed in Go: + a top-up, - a draw,
-- + a draw given back when its order is cancelled.
CREATE TABLE partner_deposits (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    kind       TEXT NOT NULL CHECK (kind IN ('topup', 'draw', 'return')),
    amount     TEXT NOT NULL,
    order_id   INTEGER REFERENCES orders (id),
    note       TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL,
    at         INTEGER NOT NULL
) STRICT;
CREATE INDEX partner_deposits_partner ON partner_deposits (partner_id, id);
-- an order draws from a deposit once, and gets it back once
CREATE UNIQUE INDEX partner_deposits_draw ON partner_deposits (order_id, kind) WHERE kind IN ('draw', 'return');
