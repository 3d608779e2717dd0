-- How often the flow of a message was started without that message being
-- committed. The row is written and committed BEFORE the flow runs and
-- removed in the transaction that records the message (done or parked), so
-- a row that survives a restart means the process died inside that
-- message's flow. A message that has done so Attempts times is parked
-- instead of taking the process down again (bot/engine.go).
CREATE TABLE inbound_attempts (
    channel     TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    attempts    INTEGER NOT NULL CHECK (attempts >= 1),
    first_at    INTEGER NOT NULL,
    PRIMARY KEY (channel, message_id)
) STRICT, WITHOUT ROWID;
