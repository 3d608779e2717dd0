-- 0056: /laporan's "Ongkir per paket" on the per-day summary of 0050.
-- (0056, not 0051: migrations run by number, and on a fresh file 0051
-- would run before 0055 creates order_parcels.)
--
-- report_day_parcels holds, per WIB day of the ORDER's creation (the day
-- formula of 0050, so a parcel counts on the day its order counts) and the
-- order's status, the parcels priced on their own (pooled = 0) per
-- supplier and courier service: how many and their ongkir in money units
-- (money_units(), 1/10,000 rupiah; NULL or REAL when not exact, and the
-- report then walks that period's parcels). Carts are not counted.
CREATE TABLE report_day_parcels (
    day         INTEGER NOT NULL,
    status      TEXT NOT NULL,
    supplier_id INTEGER NOT NULL, -- 0 = the owner's own stock
    courier     TEXT NOT NULL,
    service     TEXT NOT NULL,
    parcels     INTEGER NOT NULL,
    ongkir      ANY,
    PRIMARY KEY (day, status, supplier_id, courier, service)
) STRICT, WITHOUT ROWID;

-- report_parcel_touch adds (sign = 1) or takes away (sign = -1) an
-- order's parcels as they are at that moment, like report_touch does for
-- the rest of the order.
CREATE VIEW report_parcel_touch (order_id, sign) AS SELECT NULL, NULL WHERE 0;
CREATE TRIGGER report_parcel_touch INSTEAD OF INSERT ON report_parcel_touch BEGIN
    INSERT INTO report_day_parcels (day, status, supplier_id, courier, service, parcels, ongkir)
    SELECT (o.created_at + 25200000) / 86400000, o.status, p.supplier_id, p.courier, p.service, NEW.sign * COUNT(*),
        NEW.sign * CASE WHEN COUNT(*) = COUNT(money_units(p.ongkir)) THEN SUM(money_units(p.ongkir)) END
    FROM orders o JOIN order_parcels p ON p.order_id = o.id
    WHERE o.id = NEW.order_id AND o.status <> 'keranjang' AND p.pooled = 0
    GROUP BY p.supplier_id, p.courier, p.service
    ON CONFLICT (day, status, supplier_id, courier, service) DO UPDATE SET parcels = parcels + excluded.parcels,
        ongkir = ongkir + excluded.ongkir;
END;

-- report_touch (0050) also takes away and adds back the order's parcels,
-- so a change of the order's status or day moves them too. Every
-- statement of 0050 stays as it was; one INSERT is added at the end.
DROP TRIGGER report_touch;
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

    INSERT INTO report_parcel_touch VALUES (NEW.order_id, NEW.sign);
END;

-- An order that goes: report_orders_delete (0050) takes it away, its
-- parcels with it; the cascade then deletes the parcels of an order no
-- longer there, which report_parcel_touch finds nothing of.

-- Parcels: their order's parcels, before and after (both orders when a
-- row moves to another order). A cart's parcels count for nothing.
CREATE TRIGGER report_parcels_before_insert BEFORE INSERT ON order_parcels
WHEN (SELECT status FROM orders WHERE id = NEW.order_id) IS NOT 'keranjang' BEGIN
    INSERT INTO report_parcel_touch VALUES (NEW.order_id, -1);
END;
CREATE TRIGGER report_parcels_after_insert AFTER INSERT ON order_parcels
WHEN (SELECT status FROM orders WHERE id = NEW.order_id) IS NOT 'keranjang' BEGIN
    INSERT INTO report_parcel_touch VALUES (NEW.order_id, 1);
END;
CREATE TRIGGER report_parcels_before_update
BEFORE UPDATE OF order_id, supplier_id, courier, service, ongkir, pooled ON order_parcels
WHEN EXISTS (SELECT 1 FROM orders WHERE id IN (OLD.order_id, NEW.order_id) AND status <> 'keranjang') BEGIN
    INSERT INTO report_parcel_touch SELECT OLD.order_id, -1 UNION SELECT NEW.order_id, -1;
END;
CREATE TRIGGER report_parcels_after_update
AFTER UPDATE OF order_id, supplier_id, courier, service, ongkir, pooled ON order_parcels
WHEN EXISTS (SELECT 1 FROM orders WHERE id IN (OLD.order_id, NEW.order_id) AND status <> 'keranjang') BEGIN
    INSERT INTO report_parcel_touch SELECT OLD.order_id, 1 UNION SELECT NEW.order_id, 1;
END;
CREATE TRIGGER report_parcels_before_delete BEFORE DELETE ON order_parcels
WHEN (SELECT status FROM orders WHERE id = OLD.order_id) IS NOT 'keranjang' BEGIN
    INSERT INTO report_parcel_touch VALUES (OLD.order_id, -1);
END;
CREATE TRIGGER report_parcels_after_delete AFTER DELETE ON order_parcels
WHEN (SELECT status FROM orders WHERE id = OLD.order_id) IS NOT 'keranjang' BEGIN
    INSERT INTO report_parcel_touch VALUES (OLD.order_id, 1);
END;

-- The report now reads parcels by their order's day (the orders' own
-- index, then each order's parcels by its key); the parcels' walk by
-- their own date is gone, and so is its index.
DROP INDEX order_parcels_report;

-- The parcels so far, through the same trigger.
INSERT INTO report_parcel_touch SELECT DISTINCT p.order_id, 1 FROM order_parcels p JOIN orders o ON o.id = p.order_id
    WHERE o.status <> 'keranjang' ORDER BY p.order_id;
