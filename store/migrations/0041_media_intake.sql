-- Media stored per chat and day (WIB), for the engine's daily quota: one
-- chat cannot fill the disk with attachments.
CREATE TABLE media_intake (
    channel  TEXT NOT NULL,
    chat_id  TEXT NOT NULL,
    day      TEXT NOT NULL, -- YYYY-MM-DD in WIB
    files    INTEGER NOT NULL CHECK (files >= 0),
    bytes    INTEGER NOT NULL CHECK (bytes >= 0),
    PRIMARY KEY (channel, chat_id, day)
) STRICT, WITHOUT ROWID;

-- One-time warnings to the owner that must not repeat while their cause
-- lasts (e.g. low disk space); the row goes when the cause is gone.
CREATE TABLE owner_notices (
    kind     TEXT PRIMARY KEY,
    told_at  INTEGER NOT NULL
) STRICT;
