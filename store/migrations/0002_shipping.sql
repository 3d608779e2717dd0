-- 0002: the owner's ongkir table. A row prices one courier service to one
-- province ('' = anywhere not listed): first kg, each further kg, with the
-- courier's rounding rule (weight over a whole kg by more than round_from_g
-- grams counts as the next kg).
CREATE TABLE shipping_rates (
    id           INTEGER PRIMARY KEY,
    courier      TEXT NOT NULL,
    service      TEXT NOT NULL,
    province     TEXT NOT NULL DEFAULT '',
    first_kg     TEXT NOT NULL,
    next_kg      TEXT NOT NULL,
    round_from_g INTEGER NOT NULL DEFAULT 300 CHECK (round_from_g BETWEEN 0 AND 999),
    etd          TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (courier, service, province)
) STRICT;
