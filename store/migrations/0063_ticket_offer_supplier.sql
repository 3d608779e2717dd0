-- 0063: whose offer a ticket carries. A supplier's refund covers and bills
-- only that supplier's goods, so the ticket remembers which supplier made
-- the offer (0 = the owner, or an offer made before this column).
ALTER TABLE tickets ADD COLUMN offer_supplier INTEGER NOT NULL DEFAULT 0;
