-- 0055: each parcel's ongkir and courier, kept on the order when the
-- customer confirms it. An order with items from two suppliers ships as
-- two parcels (seq 1, 2 in the order the suppliers first appear in the
-- cart), each priced from its own origin by a live provider, or each with
-- its own courier when no courier serves both. supplier_id 0 is the
-- owner's own stock. origin is the kode pos (or the provider's area id)
-- the parcel was priced from; weight_g the goods' weight and billed_kg
-- what the courier bills. ongkir is money as text (decimal), never summed
-- in SQL. source is the provider that priced it (biteship, rajaongkir)
-- or 'tabel'. pooled = 1: the owner's table (or flat rate) priced the
-- cart as a whole, as it always did; the whole ongkir is on parcel 1 and
-- the others carry 0, so no parcel's figure is its own.
CREATE TABLE order_parcels (
    order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    supplier_id  INTEGER NOT NULL DEFAULT 0 CHECK (supplier_id >= 0),
    origin       TEXT NOT NULL DEFAULT '',
    weight_g     INTEGER NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    billed_kg    INTEGER NOT NULL DEFAULT 0 CHECK (billed_kg >= 0),
    courier      TEXT NOT NULL,
    service      TEXT NOT NULL DEFAULT '',
    courier_code TEXT NOT NULL DEFAULT '',
    ongkir       TEXT NOT NULL,
    etd          TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    pooled       INTEGER NOT NULL DEFAULT 0 CHECK (pooled IN (0, 1)),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (order_id, seq)
) STRICT, WITHOUT ROWID;
-- /laporan's "Ongkir per paket" walks a period's parcels by when they
-- were confirmed, reading what it groups from the index alone.
CREATE INDEX order_parcels_report ON order_parcels (created_at, order_id, supplier_id, courier, service, ongkir, pooled);
