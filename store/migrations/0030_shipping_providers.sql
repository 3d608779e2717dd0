-- 0030: live ongkir and parcel tracking (Biteship, RajaOngkir/Komerce).
--
-- shipping_origins: where parcels leave from. supplier_id 0 is the shop's
-- default origin (the owner's own stock, and any supplier without one).
-- provider '' holds the kode pos, valid for every provider; a provider's
-- row holds that provider's own area id (Biteship area id, Komerce
-- destination id), which is meaningless to the other provider.
CREATE TABLE shipping_origins (
    supplier_id INTEGER NOT NULL CHECK (supplier_id >= 0),
    provider    TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    area_id     TEXT NOT NULL DEFAULT '',
    label       TEXT NOT NULL DEFAULT '',
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (supplier_id, provider)
) STRICT, WITHOUT ROWID;

-- address_areas: the provider area a saved address resolved to (picked by
-- the customer from a short list). Goes with the address when it is
-- deleted (privacy erasure deletes addresses).
CREATE TABLE address_areas (
    address_id INTEGER NOT NULL REFERENCES addresses (id) ON DELETE CASCADE,
    provider   TEXT NOT NULL,
    area_id    TEXT NOT NULL,
    label      TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (address_id, provider)
) STRICT, WITHOUT ROWID;

-- shipping_quote_cache: a provider's answer for (provider, origin,
-- destination, weight band, couriers), kept for a day so that a restart
-- or the next customer to the same city does not wait on the provider.
-- payload is the shipping package's own JSON; the store does not read it.
CREATE TABLE shipping_quote_cache (
    key        TEXT PRIMARY KEY,
    payload    TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX shipping_quote_cache_expiry ON shipping_quote_cache (expires_at);

-- shipment_tracking: shipments whose resi is being followed. The poller
-- takes the due ones (next_check_at), asks the provider, and writes back
-- the milestone reached, the courier's last words, when something last
-- changed and when to look again. done = 1 stops following.
CREATE TABLE shipment_tracking (
    shipment_id    INTEGER PRIMARY KEY REFERENCES shipments (id) ON DELETE CASCADE,
    resi           TEXT NOT NULL,
    courier        TEXT NOT NULL,
    milestone      TEXT NOT NULL DEFAULT '',
    last_event     TEXT NOT NULL DEFAULT '',
    last_event_at  INTEGER,
    last_change_at INTEGER NOT NULL,
    next_check_at  INTEGER NOT NULL,
    failures       INTEGER NOT NULL DEFAULT 0,
    alert          TEXT NOT NULL DEFAULT '',
    done           INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX shipment_tracking_due ON shipment_tracking (next_check_at) WHERE done = 0;
