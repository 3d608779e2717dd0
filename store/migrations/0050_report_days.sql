-- 0050: the owner's reports add up a period's orders. Reading every order
-- of a month (or a year) grows with the books; these tables hold the same
-- figures per WIB day, kept by triggers on every change of an order, a
-- line or a payment, so a report reads O(days) rows.
--
-- day is the WIB day of the order's creation: (created_at + 7 h) div 24 h
-- days since 1970-01-01. Carts (keranjang) are not counted.
--
-- Money is an integer number of 1/10,000 rupiah, from money_units() (a Go
-- function the store registers: it parses the stored decimal text exactly
-- and returns NULL when the amount is not a whole number of those units).
-- Only integers are added here, never money text. A NULL sum (an amount
-- finer than the unit) or a REAL one (an integer overflow) stays so, and
-- the report then adds up that period from the orders themselves.
-- The money columns are ANY so that SQLite keeps such a REAL as it is
-- instead of rounding it back into an integer.
CREATE TABLE report_days (
    day          INTEGER NOT NULL,
    channel      TEXT NOT NULL,
    status       TEXT NOT NULL,
    orders       INTEGER NOT NULL,
    unique_codes INTEGER NOT NULL, -- Σ kode unik (whole rupiah)
    units        INTEGER NOT NULL, -- Σ qty of the lines not cancelled
    subtotal     ANY,
    shipping     ANY,
    cod_fee      ANY,
    modal        ANY,              -- Σ qty × unit_cost of the lines not cancelled
    refunds      ANY,              -- Σ confirmed outgoing payments
    PRIMARY KEY (day, channel, status)
) STRICT, WITHOUT ROWID;

-- Per product (SKU and variant) and per supplier: the lines not cancelled.
-- orders counts the orders that hold at least one such line.
CREATE TABLE report_day_products (
    day          INTEGER NOT NULL,
    status       TEXT NOT NULL,
    sku          TEXT NOT NULL,
    variant_name TEXT NOT NULL,
    orders       INTEGER NOT NULL,
    units        INTEGER NOT NULL,
    omzet        ANY,
    modal        ANY,
    PRIMARY KEY (day, status, sku, variant_name)
) STRICT, WITHOUT ROWID;

-- The names a product's lines carry (a product renamed keeps its old name
-- on old lines): the report names a product by its period's first line,
-- which is this table's only name in the common case.
CREATE TABLE report_day_names (
    day          INTEGER NOT NULL,
    status       TEXT NOT NULL,
    sku          TEXT NOT NULL,
    variant_name TEXT NOT NULL,
    product_name TEXT NOT NULL,
    lines        INTEGER NOT NULL,
    PRIMARY KEY (day, status, sku, variant_name, product_name)
) STRICT, WITHOUT ROWID;

CREATE TABLE report_day_suppliers (
    day         INTEGER NOT NULL,
    status      TEXT NOT NULL,
    supplier_id INTEGER NOT NULL, -- 0 = the owner's own stock
    orders      INTEGER NOT NULL,
    units       INTEGER NOT NULL,
    omzet       ANY,
    modal       ANY,
    PRIMARY KEY (day, status, supplier_id)
) STRICT, WITHOUT ROWID;

-- report_touch is the one place that knows an order's figures: inserting
-- (order_id, sign) adds (sign = 1) or takes away (sign = -1) everything
-- that order contributes, read from its rows as they are at that moment.
-- Every trigger below takes an order away BEFORE a change and adds it back
-- AFTER, so the summary follows any change without knowing what changed.
CREATE VIEW report_touch (order_id, sign) AS SELECT NULL, NULL WHERE 0;
CREATE TRIGGER report_touch INSTEAD OF INSERT ON report_touch BEGIN
    INSERT INTO report_days (day, channel, status, orders, unique_codes, units, subtotal, shipping, cod_fee, modal, refunds)
    SELECT (o.created_at + 25200000) / 86400000, o.channel, o.status, NEW.sign, NEW.sign * o.unique_code,
        NEW.sign * i.units, NEW.sign * money_units(o.subtotal), NEW.sign * money_units(o.shipping),
        NEW.sign * money_units(o.cod_fee), NEW.sign * i.modal, NEW.sign * p.refunds
    FROM orders o,
        (SELECT IFNULL(SUM(qty), 0) AS units,
            CASE WHEN COUNT(*) = COUNT(money_units(unit_cost)) THEN IFNULL(SUM(qty * money_units(unit_cost)), 0) END AS modal
         FROM order_items WHERE order_id = NEW.order_id AND status <> 'dibatalkan') i,
        (SELECT CASE WHEN COUNT(*) = COUNT(money_units(amount)) THEN IFNULL(SUM(money_units(amount)), 0) END AS refunds
         FROM payments WHERE order_id = NEW.order_id AND direction = 'out' AND status = 'confirmed') p
    WHERE o.id = NEW.order_id AND o.status <> 'keranjang'
    ON CONFLICT (day, channel, status) DO UPDATE SET orders = orders + excluded.orders,
        unique_codes = unique_codes + excluded.unique_codes, units = units + excluded.units,
        subtotal = subtotal + excluded.subtotal, shipping = shipping + excluded.shipping,
        cod_fee = cod_fee + excluded.cod_fee, modal = modal + excluded.modal, refunds = refunds + excluded.refunds;

    INSERT INTO report_day_products (day, status, sku, variant_name, orders, units, omzet, modal)
    SELECT (o.created_at + 25200000) / 86400000, o.status, i.sku, i.variant_name, NEW.sign, NEW.sign * SUM(i.qty),
        NEW.sign * CASE WHEN COUNT(*) = COUNT(money_units(i.unit_price)) THEN SUM(i.qty * money_units(i.unit_price)) END,
        NEW.sign * CASE WHEN COUNT(*) = COUNT(money_units(i.unit_cost)) THEN SUM(i.qty * money_units(i.unit_cost)) END
    FROM orders o JOIN order_items i ON i.order_id = o.id
    WHERE o.id = NEW.order_id AND o.status <> 'keranjang' AND i.status <> 'dibatalkan'
    GROUP BY i.sku, i.variant_name
    ON CONFLICT (day, status, sku, variant_name) DO UPDATE SET orders = orders + excluded.orders,
        units = units + excluded.units, omzet = omzet + excluded.omzet, modal = modal + excluded.modal;

    INSERT INTO report_day_names (day, status, sku, variant_name, product_name, lines)
    SELECT (o.created_at + 25200000) / 86400000, o.status, i.sku, i.variant_name, i.product_name, NEW.sign * COUNT(*)
    FROM orders o JOIN order_items i ON i.order_id = o.id
    WHERE o.id = NEW.order_id AND o.status <> 'keranjang' AND i.status <> 'dibatalkan'
    GROUP BY i.sku, i.variant_name, i.product_name
    ON CONFLICT (day, status, sku, variant_name, product_name) DO UPDATE SET lines = lines + excluded.lines;

    INSERT INTO report_day_suppliers (day, status, supplier_id, orders, units, omzet, modal)
    SELECT (o.created_at + 25200000) / 86400000, o.status, IFNULL(i.supplier_id, 0), NEW.sign, NEW.sign * SUM(i.qty),
        NEW.sign * CASE WHEN COUNT(*) = COUNT(money_units(i.unit_price)) THEN SUM(i.qty * money_units(i.unit_price)) END,
        NEW.sign * CASE WHEN COUNT(*) = COUNT(money_units(i.unit_cost)) THEN SUM(i.qty * money_units(i.unit_cost)) END
    FROM orders o JOIN order_items i ON i.order_id = o.id
    WHERE o.id = NEW.order_id AND o.status <> 'keranjang' AND i.status <> 'dibatalkan'
    GROUP BY IFNULL(i.supplier_id, 0)
    ON CONFLICT (day, status, supplier_id) DO UPDATE SET orders = orders + excluded.orders,
        units = units + excluded.units, omzet = omzet + excluded.omzet, modal = modal + excluded.modal;
END;

-- Orders: only the columns the reports read.
CREATE TRIGGER report_orders_insert AFTER INSERT ON orders WHEN NEW.status <> 'keranjang' BEGIN
    INSERT INTO report_touch VALUES (NEW.id, 1);
END;
CREATE TRIGGER report_orders_before_update
BEFORE UPDATE OF status, channel, created_at, subtotal, shipping, cod_fee, unique_code ON orders
WHEN OLD.status <> 'keranjang' BEGIN
    INSERT INTO report_touch VALUES (OLD.id, -1);
END;
CREATE TRIGGER report_orders_after_update
AFTER UPDATE OF status, channel, created_at, subtotal, shipping, cod_fee, unique_code ON orders
WHEN NEW.status <> 'keranjang' BEGIN
    INSERT INTO report_touch VALUES (NEW.id, 1);
END;
-- An order that goes takes its lines first (each line's triggers take it
-- away), then whatever is left of it; the cascade then finds no lines.
CREATE TRIGGER report_orders_delete BEFORE DELETE ON orders WHEN OLD.status <> 'keranjang' BEGIN
    DELETE FROM order_items WHERE order_id = OLD.id;
    INSERT INTO report_touch VALUES (OLD.id, -1);
END;

-- Lines and payments: their order, before and after (both orders when a
-- row moves to another order). A cart's lines change with every tap of
-- the customer and count for nothing: one lookup and nothing more.
CREATE TRIGGER report_items_before_insert BEFORE INSERT ON order_items
WHEN (SELECT status FROM orders WHERE id = NEW.order_id) IS NOT 'keranjang' BEGIN
    INSERT INTO report_touch VALUES (NEW.order_id, -1);
END;
CREATE TRIGGER report_items_after_insert AFTER INSERT ON order_items
WHEN (SELECT status FROM orders WHERE id = NEW.order_id) IS NOT 'keranjang' BEGIN
    INSERT INTO report_touch VALUES (NEW.order_id, 1);
END;
CREATE TRIGGER report_items_before_update
BEFORE UPDATE OF order_id, status, sku, variant_name, product_name, supplier_id, qty, unit_price, unit_cost ON order_items
WHEN EXISTS (SELECT 1 FROM orders WHERE id IN (OLD.order_id, NEW.order_id) AND status <> 'keranjang') BEGIN
    INSERT INTO report_touch SELECT OLD.order_id, -1 UNION SELECT NEW.order_id, -1;
END;
CREATE TRIGGER report_items_after_update
AFTER UPDATE OF order_id, status, sku, variant_name, product_name, supplier_id, qty, unit_price, unit_cost ON order_items
WHEN EXISTS (SELECT 1 FROM orders WHERE id IN (OLD.order_id, NEW.order_id) AND status <> 'keranjang') BEGIN
    INSERT INTO report_touch SELECT OLD.order_id, 1 UNION SELECT NEW.order_id, 1;
END;
CREATE TRIGGER report_items_before_delete BEFORE DELETE ON order_items
WHEN (SELECT status FROM orders WHERE id = OLD.order_id) IS NOT 'keranjang' BEGIN
    INSERT INTO report_touch VALUES (OLD.order_id, -1);
END;
CREATE TRIGGER report_items_after_delete AFTER DELETE ON order_items
WHEN (SELECT status FROM orders WHERE id = OLD.order_id) IS NOT 'keranjang' BEGIN
    INSERT INTO report_touch VALUES (OLD.order_id, 1);
END;

CREATE TRIGGER report_payments_before_insert BEFORE INSERT ON payments WHEN NEW.direction = 'out' BEGIN
    INSERT INTO report_touch VALUES (NEW.order_id, -1);
END;
CREATE TRIGGER report_payments_after_insert AFTER INSERT ON payments WHEN NEW.direction = 'out' BEGIN
    INSERT INTO report_touch VALUES (NEW.order_id, 1);
END;
CREATE TRIGGER report_payments_before_update BEFORE UPDATE OF order_id, direction, status, amount ON payments
WHEN OLD.direction = 'out' OR NEW.direction = 'out' BEGIN
    INSERT INTO report_touch SELECT OLD.order_id, -1 UNION SELECT NEW.order_id, -1;
END;
CREATE TRIGGER report_payments_after_update AFTER UPDATE OF order_id, direction, status, amount ON payments
WHEN OLD.direction = 'out' OR NEW.direction = 'out' BEGIN
    INSERT INTO report_touch SELECT OLD.order_id, 1 UNION SELECT NEW.order_id, 1;
END;
CREATE TRIGGER report_payments_before_delete BEFORE DELETE ON payments WHEN OLD.direction = 'out' BEGIN
    INSERT INTO report_touch VALUES (OLD.order_id, -1);
END;
CREATE TRIGGER report_payments_after_delete AFTER DELETE ON payments WHEN OLD.direction = 'out' BEGIN
    INSERT INTO report_touch VALUES (OLD.order_id, 1);
END;

-- The books so far, through the same trigger.
INSERT INTO report_touch SELECT id, 1 FROM orders WHERE status <> 'keranjang' ORDER BY id;
