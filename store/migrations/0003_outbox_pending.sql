-- 0003: the dispatcher asks for pending rows in id order. With an index on
-- (next_at, id) SQLite preferred scanning the whole outbox in rowid order,
-- so every flush re-read every message ever sent. A partial index of the
-- pending ids keeps that scan to the rows still waiting.
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending_id ON outbox (id) WHERE status = 'pending';
