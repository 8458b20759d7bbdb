-- The day at a glance: what was taken, refunded and paid out, kept per 15 minutes of UTC time
-- (every time zone's offset in use is a whole number of quarter hours, +05:30 and +05:45
-- included, so a merchant's local day is a whole number of these buckets), per environment,
-- provider and currency. Triggers keep it as the history is written, so the summary sums at
-- most 30 days of buckets instead of reading the records.
--
-- What counts (desk-store's `day_totals` module says it in full):
--   taken     a payment (no parent, not a payout, refund, capture or void) whose money was
--             received: succeeded, captured, partially_refunded or refunded; what a capture
--             took, else the amount; at the payment's creation time. Refunds do not lower it.
--   refunded  a refund record the provider confirmed (status refunded), at its creation time.
--   paid out  a payout the provider paid (status paid); a reversed one is not paid out.
CREATE TABLE day_totals (
    environment    TEXT NOT NULL,
    bucket         INTEGER NOT NULL,         -- created_at / 900000 (15 minutes of UTC time)
    provider       TEXT NOT NULL,
    currency       TEXT NOT NULL,
    taken_minor    INTEGER NOT NULL DEFAULT 0,
    taken_count    INTEGER NOT NULL DEFAULT 0,
    refunded_minor INTEGER NOT NULL DEFAULT 0,
    refunded_count INTEGER NOT NULL DEFAULT 0,
    paid_out_minor INTEGER NOT NULL DEFAULT 0,
    paid_out_count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (environment, bucket, provider, currency)
) WITHOUT ROWID;

INSERT INTO day_totals (environment, bucket, provider, currency, taken_minor, taken_count,
                        refunded_minor, refunded_count, paid_out_minor, paid_out_count)
    SELECT environment, created_at / 900000, provider, currency,
           sum(CASE WHEN parent_id IS NULL AND kind NOT IN ('payout', 'refund', 'capture', 'void')
                         AND status IN ('succeeded', 'captured', 'partially_refunded', 'refunded')
                    THEN coalesce(captured_minor, amount_minor) ELSE 0 END),
           sum(CASE WHEN parent_id IS NULL AND kind NOT IN ('payout', 'refund', 'capture', 'void')
                         AND status IN ('succeeded', 'captured', 'partially_refunded', 'refunded')
                    THEN 1 ELSE 0 END),
           sum(CASE WHEN kind = 'refund' AND status = 'refunded' THEN amount_minor ELSE 0 END),
           sum(CASE WHEN kind = 'refund' AND status = 'refunded' THEN 1 ELSE 0 END),
           sum(CASE WHEN kind = 'payout' AND status = 'paid' THEN amount_minor ELSE 0 END),
           sum(CASE WHEN kind = 'payout' AND status = 'paid' THEN 1 ELSE 0 END)
    FROM transactions
    WHERE (parent_id IS NULL AND kind NOT IN ('payout', 'refund', 'capture', 'void')
           AND status IN ('succeeded', 'captured', 'partially_refunded', 'refunded'))
       OR (kind = 'refund' AND status = 'refunded')
       OR (kind = 'payout' AND status = 'paid')
    GROUP BY 1, 2, 3, 4;

CREATE TRIGGER day_totals_insert AFTER INSERT ON transactions
WHEN (new.parent_id IS NULL AND new.kind NOT IN ('payout', 'refund', 'capture', 'void')
      AND new.status IN ('succeeded', 'captured', 'partially_refunded', 'refunded'))
  OR (new.kind = 'refund' AND new.status = 'refunded')
  OR (new.kind = 'payout' AND new.status = 'paid')
BEGIN
    INSERT INTO day_totals (environment, bucket, provider, currency, taken_minor, taken_count,
                            refunded_minor, refunded_count, paid_out_minor, paid_out_count)
    VALUES (new.environment, new.created_at / 900000, new.provider, new.currency,
            CASE WHEN new.kind IN ('refund', 'payout') THEN 0 ELSE coalesce(new.captured_minor, new.amount_minor) END,
            CASE WHEN new.kind IN ('refund', 'payout') THEN 0 ELSE 1 END,
            CASE WHEN new.kind = 'refund' THEN new.amount_minor ELSE 0 END,
            CASE WHEN new.kind = 'refund' THEN 1 ELSE 0 END,
            CASE WHEN new.kind = 'payout' THEN new.amount_minor ELSE 0 END,
            CASE WHEN new.kind = 'payout' THEN 1 ELSE 0 END)
    ON CONFLICT (environment, bucket, provider, currency) DO UPDATE SET
        taken_minor = taken_minor + excluded.taken_minor,
        taken_count = taken_count + excluded.taken_count,
        refunded_minor = refunded_minor + excluded.refunded_minor,
        refunded_count = refunded_count + excluded.refunded_count,
        paid_out_minor = paid_out_minor + excluded.paid_out_minor,
        paid_out_count = paid_out_count + excluded.paid_out_count;
END;

-- What a row counted for goes when it is deleted, or before it changes (the next trigger adds
-- what it counts for after the change); a bucket left with nothing is dropped.
CREATE TRIGGER day_totals_delete AFTER DELETE ON transactions
WHEN (old.parent_id IS NULL AND old.kind NOT IN ('payout', 'refund', 'capture', 'void')
      AND old.status IN ('succeeded', 'captured', 'partially_refunded', 'refunded'))
  OR (old.kind = 'refund' AND old.status = 'refunded')
  OR (old.kind = 'payout' AND old.status = 'paid')
BEGIN
    UPDATE day_totals SET
        taken_minor = taken_minor - CASE WHEN old.kind IN ('refund', 'payout') THEN 0 ELSE coalesce(old.captured_minor, old.amount_minor) END,
        taken_count = taken_count - CASE WHEN old.kind IN ('refund', 'payout') THEN 0 ELSE 1 END,
        refunded_minor = refunded_minor - CASE WHEN old.kind = 'refund' THEN old.amount_minor ELSE 0 END,
        refunded_count = refunded_count - CASE WHEN old.kind = 'refund' THEN 1 ELSE 0 END,
        paid_out_minor = paid_out_minor - CASE WHEN old.kind = 'payout' THEN old.amount_minor ELSE 0 END,
        paid_out_count = paid_out_count - CASE WHEN old.kind = 'payout' THEN 1 ELSE 0 END
    WHERE environment = old.environment AND bucket = old.created_at / 900000
      AND provider = old.provider AND currency = old.currency;
    DELETE FROM day_totals
    WHERE environment = old.environment AND bucket = old.created_at / 900000
      AND provider = old.provider AND currency = old.currency
      AND taken_count = 0 AND refunded_count = 0 AND paid_out_count = 0;
END;

CREATE TRIGGER day_totals_update_old
AFTER UPDATE OF environment, provider, kind, amount_minor, currency, status, created_at, parent_id, captured_minor ON transactions
WHEN (old.parent_id IS NULL AND old.kind NOT IN ('payout', 'refund', 'capture', 'void')
      AND old.status IN ('succeeded', 'captured', 'partially_refunded', 'refunded'))
  OR (old.kind = 'refund' AND old.status = 'refunded')
  OR (old.kind = 'payout' AND old.status = 'paid')
BEGIN
    UPDATE day_totals SET
        taken_minor = taken_minor - CASE WHEN old.kind IN ('refund', 'payout') THEN 0 ELSE coalesce(old.captured_minor, old.amount_minor) END,
        taken_count = taken_count - CASE WHEN old.kind IN ('refund', 'payout') THEN 0 ELSE 1 END,
        refunded_minor = refunded_minor - CASE WHEN old.kind = 'refund' THEN old.amount_minor ELSE 0 END,
        refunded_count = refunded_count - CASE WHEN old.kind = 'refund' THEN 1 ELSE 0 END,
        paid_out_minor = paid_out_minor - CASE WHEN old.kind = 'payout' THEN old.amount_minor ELSE 0 END,
        paid_out_count = paid_out_count - CASE WHEN old.kind = 'payout' THEN 1 ELSE 0 END
    WHERE environment = old.environment AND bucket = old.created_at / 900000
      AND provider = old.provider AND currency = old.currency;
    DELETE FROM day_totals
    WHERE environment = old.environment AND bucket = old.created_at / 900000
      AND provider = old.provider AND currency = old.currency
      AND taken_count = 0 AND refunded_count = 0 AND paid_out_count = 0;
END;

CREATE TRIGGER day_totals_update_new
AFTER UPDATE OF environment, provider, kind, amount_minor, currency, status, created_at, parent_id, captured_minor ON transactions
WHEN (new.parent_id IS NULL AND new.kind NOT IN ('payout', 'refund', 'capture', 'void')
      AND new.status IN ('succeeded', 'captured', 'partially_refunded', 'refunded'))
  OR (new.kind = 'refund' AND new.status = 'refunded')
  OR (new.kind = 'payout' AND new.status = 'paid')
BEGIN
    INSERT INTO day_totals (environment, bucket, provider, currency, taken_minor, taken_count,
                            refunded_minor, refunded_count, paid_out_minor, paid_out_count)
    VALUES (new.environment, new.created_at / 900000, new.provider, new.currency,
            CASE WHEN new.kind IN ('refund', 'payout') THEN 0 ELSE coalesce(new.captured_minor, new.amount_minor) END,
            CASE WHEN new.kind IN ('refund', 'payout') THEN 0 ELSE 1 END,
            CASE WHEN new.kind = 'refund' THEN new.amount_minor ELSE 0 END,
            CASE WHEN new.kind = 'refund' THEN 1 ELSE 0 END,
            CASE WHEN new.kind = 'payout' THEN new.amount_minor ELSE 0 END,
            CASE WHEN new.kind = 'payout' THEN 1 ELSE 0 END)
    ON CONFLICT (environment, bucket, provider, currency) DO UPDATE SET
        taken_minor = taken_minor + excluded.taken_minor,
        taken_count = taken_count + excluded.taken_count,
        refunded_minor = refunded_minor + excluded.refunded_minor,
        refunded_count = refunded_count + excluded.refunded_count,
        paid_out_minor = paid_out_minor + excluded.paid_out_minor,
        paid_out_count = paid_out_count + excluded.paid_out_count;
END;

-- Rejected and reversed payouts are few among a history's records: the summary finds the
-- recent ones through this small index instead of reading every failed payment.
CREATE INDEX transactions_payout_trouble ON transactions (environment, updated_at)
    WHERE kind = 'payout' AND status IN ('failed', 'reversed');
