-- 0046: a refund owed (a payment out) keeps where the customer asked it to
-- go: bank (or e-wallet), account number and account holder. Personal
-- data: /hapusdata and retention clear them.
ALTER TABLE payments ADD COLUMN dest_bank TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN dest_number TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN dest_holder TEXT NOT NULL DEFAULT '';
