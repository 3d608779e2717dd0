-- 0020: resellers and affiliates (issue 20, the books half).
--
-- A partner is a customer the owner has taken on as a reseller (buys at the
-- reseller price, sells on under their own name) or an affiliate (promotes
-- with a personal code and earns a commission per sale). A customer who
-- arrives with a partner's code is attributed to that partner; an order
-- placed within the window carries the partner in partner_orders with the
-- commission and the rule it was computed by, locked at placement. Money
-- moves in partner_ledger (signed decimal TEXT, summed in Go): + the shop
-- owes the partner more. A line stays held (pending) until its order is
-- completed and the return window has closed.
CREATE TABLE partners (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL UNIQUE REFERENCES customers (id),
    kind           TEXT NOT NULL CHECK (kind IN ('reseller', 'affiliate')),
    -- the owner's partner tier name for commission rules and targets; '' = none
    tier           TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'active', 'declined', 'suspended')),
    name           TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    bank_name      TEXT NOT NULL DEFAULT '',
    account_number TEXT NOT NULL DEFAULT '',
    account_name   TEXT NOT NULL DEFAULT '',
    code           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at     INTEGER NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     INTEGER,
    decline_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX partners_status ON partners (status, id);

-- One row per arrival with a partner's code: the last one within the
-- window decides whose customer an order is.
CREATE TABLE partner_attributions (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    source      TEXT NOT NULL CHECK (source IN ('start', 'code', 'wa_text', 'owner')),
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX partner_attributions_customer ON partner_attributions (customer_id, at);
CREATE INDEX partner_attributions_partner ON partner_attributions (partner_id, at);

-- The owner's commission rules. Most specific wins per order line:
-- product (ref = sku) > category (ref = category) > tier (ref = partner
-- tier) > default (ref = ''). percent of the line's goods total, or fixed
-- per unit; cap limits what one order earns under the rule ('' = none).
CREATE TABLE commission_rules (
    id           INTEGER PRIMARY KEY,
    partner_kind TEXT NOT NULL CHECK (partner_kind IN ('reseller', 'affiliate')),
    scope        TEXT NOT NULL CHECK (scope IN ('product', 'category', 'tier', 'default')),
    ref          TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    percent      TEXT NOT NULL DEFAULT '0',
    fixed        TEXT NOT NULL DEFAULT '0',
    cap          TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (partner_kind, scope, ref)
) STRICT;

-- An order that carries a partner. status: review (self-referral: earns
-- nothing until the owner decides), pending (held), payable (released),
-- void (cancelled or refused, with a reason the partner reads).
CREATE TABLE partner_orders (
    order_id       INTEGER PRIMARY KEY REFERENCES orders (id),
    partner_id     INTEGER NOT NULL REFERENCES partners (id),
    attribution_id INTEGER REFERENCES partner_attributions (id),
    status         TEXT NOT NULL CHECK (status IN ('review', 'pending', 'payable', 'void')),
    base           TEXT NOT NULL DEFAULT '0', -- the goods subtotal the commission is on
    commission     TEXT NOT NULL DEFAULT '0', -- locked at placement
    rule           TEXT NOT NULL DEFAULT '',  -- snapshot of the rules applied (JSON)
    refunded       TEXT NOT NULL DEFAULT '0', -- goods refunded so far
    self_referral  TEXT NOT NULL DEFAULT '',  -- what matched the partner's own: customer, chat, phone, address
    void_reason    TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    released_at    INTEGER,
    updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX partner_orders_partner ON partner_orders (partner_id, created_at);
CREATE INDEX partner_orders_status ON partner_orders (status, order_id);

CREATE TABLE partner_targets (
    id            INTEGER PRIMARY KEY,
    partner_id    INTEGER REFERENCES partners (id), -- NULL: every partner of the tier
    tier          TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    metric        TEXT NOT NULL CHECK (metric IN ('orders', 'revenue')),
    goal          TEXT NOT NULL, -- an order count or a rupiah amount
    period_from   INTEGER NOT NULL,
    period_to     INTEGER NOT NULL,
    bonus_fixed   TEXT NOT NULL DEFAULT '0',
    bonus_percent TEXT NOT NULL DEFAULT '0', -- of the period's revenue
    actor         TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    CHECK (period_to > period_from),
    CHECK (partner_id IS NOT NULL OR tier <> '')
) STRICT;

CREATE TABLE partner_ledger (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    kind       TEXT NOT NULL CHECK (kind IN ('commission', 'clawback', 'payout', 'bonus', 'adjustment')),
    amount     TEXT NOT NULL, -- signed: + the shop owes the partner more
    held       INTEGER NOT NULL DEFAULT 0, -- 1 while the order's return window is open
    order_id   INTEGER REFERENCES orders (id),
    target_id  INTEGER REFERENCES partner_targets (id),
    media_id   INTEGER REFERENCES media (id), -- the transfer proof of a payout
    note       TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL,
    at         INTEGER NOT NULL
) STRICT;
CREATE INDEX partner_ledger_partner ON partner_ledger (partner_id, at);
CREATE INDEX partner_ledger_order ON partner_ledger (order_id) WHERE order_id IS NOT NULL;
-- A target pays its bonus once per partner.
CREATE UNIQUE INDEX partner_ledger_one_bonus ON partner_ledger (target_id, partner_id) WHERE kind = 'bonus';
