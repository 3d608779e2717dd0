-- 0011: the owner's reports and exports walk every order of a period. The
-- walks read each order through orders_created and then its table row,
-- and each line through order_items_order and then its row: a page jump
-- per row. These two indexes hold what the reports read (ReportSums, the
-- export), so a month of orders is read from the indexes alone, in order.
-- Each starts with the column of the index it replaces, so every other
-- query that used the old one (a period's orders, an order's lines) uses
-- the new one the same way; both keep the old one's order (then by id),
-- which the export walks without a sort.
CREATE INDEX orders_report ON orders (created_at, id, status, channel, subtotal, shipping, cod_fee, unique_code);
DROP INDEX orders_created;
CREATE INDEX order_items_report ON order_items (order_id, id, status, sku, variant_name, supplier_id, qty, unit_price, unit_cost);
DROP INDEX order_items_order;
