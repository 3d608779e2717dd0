-- 0045: wrong owner claim codes are counted per sender, durably, so that a
-- stranger guessing is locked out after ten tries without voiding the code
-- for the real owner.
CREATE TABLE claim_attempts (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    tries   INTEGER NOT NULL DEFAULT 0,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (channel, user_id)
) STRICT, WITHOUT ROWID;
