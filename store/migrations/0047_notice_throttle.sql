-- 0047: owner notices of one kind about one sender or order ("needs
-- help", "payment proof") are sent at most once per window; the ones held
-- back are counted and named in the next notice, so twenty /bantuan from
-- one stranger do not bury a real payment proof.
CREATE TABLE notice_throttle (
    key        TEXT PRIMARY KEY,
    last_at    INTEGER NOT NULL,
    held       INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0)
) STRICT, WITHOUT ROWID;
