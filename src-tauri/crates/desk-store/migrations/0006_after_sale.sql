-- After the sale: refunds, captures and voids are operations with their own history rows,
-- attached to the payment they follow (`parent_id`); the payment keeps its net figures as
-- columns updated on write (never summed at read time), so the history stays one index scan.
ALTER TABLE transactions ADD COLUMN parent_id TEXT;
ALTER TABLE transactions ADD COLUMN refunded_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transactions ADD COLUMN captured_minor INTEGER;
CREATE INDEX transactions_parent ON transactions (parent_id) WHERE parent_id IS NOT NULL;
