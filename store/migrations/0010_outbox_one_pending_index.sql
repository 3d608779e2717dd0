-- 0010: every message the bot sends used to write three B-tree pages for
-- its outbox row: the table, outbox_chat_pending and outbox_pending_id,
-- and to delete from both indexes again once sent. Each page is a WAL
-- frame of the message's commit, and on raw SQLite one such index was an
-- eighth of a message's cost. The dispatcher now finds each chat's head as
-- min(id) per (channel, chat_id) over outbox_chat_pending, so that index
-- alone serves the pending queue.
DROP INDEX outbox_pending_id;
