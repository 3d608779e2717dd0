-- 0001: the shop's books. Times are INTEGER unix milliseconds (UTC);
-- money is canonical decimal TEXT (shopspring/decimal String()), summed in Go.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE media (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL UNIQUE,
    mime       TEXT NOT NULL,
    ext        TEXT NOT NULL,
    size       INTEGER NOT NULL CHECK (size >= 0),
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE suppliers (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name           TEXT NOT NULL,
    -- per_order: the owner transfers for each order; deposit: deducted from a
    -- balance the owner tops up; customer_pays: the customer pays the supplier.
    pay_mode       TEXT NOT NULL DEFAULT 'per_order'
                   CHECK (pay_mode IN ('per_order', 'deposit', 'customer_pays')),
    phone          TEXT NOT NULL DEFAULT '',
    return_address TEXT NOT NULL DEFAULT '',
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE supplier_groups (
    channel     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    supplier_id INTEGER NOT NULL REFERENCES suppliers (id),
    title       TEXT NOT NULL DEFAULT '',
    linked_at   INTEGER NOT NULL,
    PRIMARY KEY (channel, chat_id)
) STRICT;
CREATE INDEX supplier_groups_supplier ON supplier_groups (supplier_id);

CREATE TABLE supplier_ledger (
    id          INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES suppliers (id),
    kind        TEXT NOT NULL CHECK (kind IN ('topup', 'deduction', 'payment', 'refund', 'chargeback', 'adjust')),
    amount      TEXT NOT NULL, -- signed: + the supplier holds more of ours, - less
    order_id    INTEGER REFERENCES orders (id),
    note        TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX supplier_ledger_supplier ON supplier_ledger (supplier_id, at);

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    supplier_id INTEGER REFERENCES suppliers (id),
    fulfilment  TEXT NOT NULL DEFAULT 'supplier' CHECK (fulfilment IN ('supplier', 'own')),
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK (fulfilment = 'own' OR supplier_id IS NOT NULL)
) STRICT;
CREATE INDEX products_supplier ON products (supplier_id);
CREATE INDEX products_category ON products (category);

CREATE TABLE variants (
    id             INTEGER PRIMARY KEY,
    product_id     INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name           TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    cost           TEXT NOT NULL,
    price          TEXT,          -- retail override; NULL = computed by the markup rules
    reseller_price TEXT,          -- reseller override; NULL = computed
    weight_g       INTEGER NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    stock          INTEGER CHECK (stock IS NULL OR stock >= 0), -- NULL = not counted
    reserved       INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (product_id, name)
) STRICT;

CREATE TABLE product_photos (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    media_id   INTEGER NOT NULL REFERENCES media (id),
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, media_id)
) STRICT;

CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL DEFAULT '',
    tier          TEXT NOT NULL DEFAULT 'retail' CHECK (tier IN ('retail', 'reseller')),
    lang          TEXT NOT NULL DEFAULT 'id',
    opt_in        INTEGER NOT NULL DEFAULT 0,
    rts_count     INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    anonymised_at INTEGER
) STRICT;

-- One row per person per channel. customer_id is set once the person acts as a customer.
CREATE TABLE identities (
    channel      TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    customer_id  INTEGER REFERENCES customers (id),
    display_name TEXT NOT NULL DEFAULT '',
    reachable    INTEGER NOT NULL DEFAULT 1,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    PRIMARY KEY (channel, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX identities_customer ON identities (customer_id);

CREATE TABLE staff (
    channel  TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('owner', 'admin')),
    added_at INTEGER NOT NULL,
    added_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (channel, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE bank_accounts (
    id     INTEGER PRIMARY KEY,
    bank   TEXT NOT NULL,
    number TEXT NOT NULL,
    holder TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE addresses (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    recipient    TEXT NOT NULL,
    phone        TEXT NOT NULL,
    line         TEXT NOT NULL,
    kelurahan    TEXT NOT NULL DEFAULT '',
    kecamatan    TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    province     TEXT NOT NULL DEFAULT '',
    postal_code  TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL
) STRICT;
CREATE INDEX addresses_customer ON addresses (customer_id, last_used_at);

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    channel         TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN (
                        'keranjang', 'menunggu_pembayaran', 'menunggu_verifikasi', 'diproses',
                        'dikemas', 'dikirim', 'selesai', 'dibatalkan', 'kedaluwarsa',
                        'komplain', 'retur', 'tukar', 'refund')),
    tier            TEXT NOT NULL DEFAULT 'retail',
    recipient_name  TEXT NOT NULL DEFAULT '',
    recipient_phone TEXT NOT NULL DEFAULT '',
    address_line    TEXT NOT NULL DEFAULT '',
    kelurahan       TEXT NOT NULL DEFAULT '',
    kecamatan       TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    province        TEXT NOT NULL DEFAULT '',
    postal_code     TEXT NOT NULL DEFAULT '',
    courier         TEXT NOT NULL DEFAULT '',
    service         TEXT NOT NULL DEFAULT '',
    weight_g        INTEGER NOT NULL DEFAULT 0,
    subtotal        TEXT NOT NULL DEFAULT '0',
    shipping        TEXT NOT NULL DEFAULT '0',
    cod_fee         TEXT NOT NULL DEFAULT '0',
    unique_code     INTEGER NOT NULL DEFAULT 0 CHECK (unique_code BETWEEN 0 AND 999),
    total           TEXT NOT NULL DEFAULT '0',
    payment_method  TEXT NOT NULL DEFAULT '',
    sender_name     TEXT NOT NULL DEFAULT '',
    sender_phone    TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    expires_at      INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX orders_customer ON orders (customer_id, created_at);
CREATE INDEX orders_status ON orders (status, created_at);
CREATE INDEX orders_created ON orders (created_at);
-- A kode unik identifies one open order's transfer: never two open orders with the same code.
CREATE UNIQUE INDEX orders_open_unique_code ON orders (unique_code)
    WHERE unique_code > 0 AND status IN ('menunggu_pembayaran', 'menunggu_verifikasi');

CREATE TABLE order_items (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    variant_id   INTEGER REFERENCES variants (id) ON DELETE SET NULL,
    supplier_id  INTEGER REFERENCES suppliers (id),
    sku          TEXT NOT NULL,
    product_name TEXT NOT NULL,
    variant_name TEXT NOT NULL DEFAULT '',
    qty          INTEGER NOT NULL CHECK (qty > 0),
    unit_price   TEXT NOT NULL, -- snapshot at order time
    unit_cost    TEXT NOT NULL, -- snapshot at order time
    weight_g     INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'habis', 'dibatalkan'))
) STRICT;
CREATE INDEX order_items_order ON order_items (order_id);

CREATE TABLE shipments (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    supplier_id INTEGER REFERENCES suppliers (id), -- NULL = the owner's own stock
    status      TEXT NOT NULL DEFAULT 'baru',
    courier     TEXT NOT NULL DEFAULT '',
    service     TEXT NOT NULL DEFAULT '',
    resi        TEXT NOT NULL DEFAULT '',
    resi_raw    TEXT NOT NULL DEFAULT '',
    shipped_at  INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX shipments_order_supplier ON shipments (order_id, IFNULL(supplier_id, 0));

CREATE TABLE payments (
    id             INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders (id),
    direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    method         TEXT NOT NULL,
    amount         TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
    proof_media_id INTEGER REFERENCES media (id),
    actor          TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    decided_at     INTEGER
) STRICT;
CREATE INDEX payments_order ON payments (order_id);

-- Every status change of anything, with who and when.
CREATE TABLE status_log (
    id          INTEGER PRIMARY KEY,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX status_log_entity ON status_log (entity, entity_id, at);

-- Where each person is in a conversation (survives restarts).
CREATE TABLE conversations (
    channel    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    flow       TEXT NOT NULL,
    step       TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, chat_id, user_id)
) STRICT, WITHOUT ROWID;

-- Inbound dedupe: a platform message id is processed once.
CREATE TABLE inbound (
    channel      TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    chat_id      TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('done', 'parked')),
    attempts     INTEGER NOT NULL DEFAULT 1,
    error        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (channel, message_id)
) STRICT, WITHOUT ROWID;

-- Everything the bot says, written in the same transaction as the state change.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    text        TEXT NOT NULL DEFAULT '',
    options     TEXT NOT NULL DEFAULT '[]', -- JSON array of option labels
    media_id    INTEGER REFERENCES media (id),
    reply_to    TEXT NOT NULL DEFAULT '',   -- platform message id to quote
    ref_kind    TEXT NOT NULL DEFAULT '',   -- what this message is about (e.g. 'order')
    ref_id      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    last_error  TEXT NOT NULL DEFAULT '',
    platform_id TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox (next_at, id) WHERE status = 'pending';
CREATE INDEX outbox_chat_pending ON outbox (channel, chat_id, id) WHERE status = 'pending';
CREATE INDEX outbox_platform ON outbox (channel, platform_id) WHERE platform_id <> '';

-- Persistent timers: reminders, expiry, SLA checks.
CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    ref        TEXT NOT NULL,
    run_at     INTEGER NOT NULL,
    payload    TEXT NOT NULL DEFAULT '{}',
    done_at    INTEGER,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, ref)
) STRICT;
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;
