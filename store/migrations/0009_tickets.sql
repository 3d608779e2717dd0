-- 0009: after-sales tickets. One ticket is one complaint about one order,
-- moving between customer, supplier and owner until it is closed. At most
-- one open ticket per order (a partial unique index). Evidence photos and
-- videos are media rows attached to the ticket.
CREATE TABLE tickets (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    reason       TEXT NOT NULL CHECK (reason IN ('rusak', 'salah_kirim', 'kurang', 'tidak_sesuai', 'belum_sampai', 'lainnya')),
    note         TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('dibuka', 'menunggu_bukti', 'menunggu_supplier',
                 'menunggu_pelanggan', 'diproses', 'selesai', 'ditolak')),
    -- the order's status before the complaint (dikirim or selesai)
    order_status TEXT NOT NULL,
    -- a proposed or agreed resolution: refund, tukar, kirim_ulang, tolak
    resolution   TEXT NOT NULL DEFAULT '',
    amount       TEXT NOT NULL DEFAULT '0',
    proposed_by  TEXT NOT NULL DEFAULT '',
    decision     TEXT NOT NULL DEFAULT '',
    -- an exchange: the resi of the item going back, when the supplier got
    -- it, and the resi of the replacement (or of a resend)
    return_resi  TEXT NOT NULL DEFAULT '',
    returned_at  INTEGER,
    new_resi     TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    closed_at    INTEGER
) STRICT;
CREATE UNIQUE INDEX tickets_one_open ON tickets (order_id) WHERE status NOT IN ('selesai', 'ditolak');
CREATE INDEX tickets_status ON tickets (status, id);

CREATE TABLE ticket_media (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    media_id   INTEGER NOT NULL REFERENCES media (id),
    kind       TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ticket_media_ticket ON ticket_media (ticket_id, id);
