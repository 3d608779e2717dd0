-- 0012: the owner finds an order by a piece of the recipient's name or
-- phone ("budi", "5678"). instr(lower(recipient_name), ?) read every order
-- the shop ever had, on every search. orders_search is a trigram index of
-- those two columns (FTS5, content kept in orders itself): a search of 3
-- or more characters reads only the orders that hold it. The triggers keep
-- it in step with every insert, change (checkout, anonymisation) and
-- delete of an order.
CREATE VIRTUAL TABLE orders_search USING fts5(
    recipient_name, recipient_phone,
    content = 'orders', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER orders_search_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_search (rowid, recipient_name, recipient_phone)
        VALUES (new.id, new.recipient_name, new.recipient_phone);
END;
CREATE TRIGGER orders_search_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_search (orders_search, rowid, recipient_name, recipient_phone)
        VALUES ('delete', old.id, old.recipient_name, old.recipient_phone);
END;
CREATE TRIGGER orders_search_update AFTER UPDATE OF recipient_name, recipient_phone ON orders BEGIN
    INSERT INTO orders_search (orders_search, rowid, recipient_name, recipient_phone)
        VALUES ('delete', old.id, old.recipient_name, old.recipient_phone);
    INSERT INTO orders_search (rowid, recipient_name, recipient_phone)
        VALUES (new.id, new.recipient_name, new.recipient_phone);
END;
-- A name that is erased (a privacy request, the retention period) must
-- leave the index too, not linger in an old segment until a merge.
INSERT INTO orders_search (orders_search, rank) VALUES ('secure-delete', 1);
INSERT INTO orders_search (orders_search) VALUES ('rebuild');
