-- Text search reads its matches newest first and stops after a page, instead of reading every
-- match and sorting it: a row's rowid is its creation time in ms × 4096 plus its place among
-- the rows of that millisecond (by id), so the text index, which is kept in rowid order, is in
-- time order too. New rows get their rowid the same way when they are inserted. A row that
-- cannot have one (more than 4096 rows in one millisecond, or a time outside 1970–17800) keeps
-- a negative rowid and sorts as the oldest.
DROP TRIGGER transactions_fts_update;
CREATE TEMP TABLE transactions_renumber (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO transactions_renumber (old, new)
    SELECT rowid,
           CASE WHEN place < 4096 AND created_at BETWEEN 0 AND 2000000000000000
                THEN created_at * 4096 + place ELSE -rowid END
    FROM (SELECT rowid, created_at,
                 row_number() OVER (PARTITION BY created_at ORDER BY id) - 1 AS place
          FROM transactions);
UPDATE transactions SET rowid = -rowid;
UPDATE transactions SET rowid = (SELECT new FROM transactions_renumber WHERE old = -transactions.rowid);
DROP TABLE transactions_renumber;
INSERT INTO transactions_fts (transactions_fts) VALUES ('rebuild');
-- The text index changes only when the text does (a status change no longer rewrites it).
CREATE TRIGGER transactions_fts_update AFTER UPDATE OF counterparty, reference, description, remote_id ON transactions BEGIN
    INSERT INTO transactions_fts (transactions_fts, rowid, counterparty, reference, description, remote_id)
    VALUES ('delete', old.rowid, old.counterparty, old.reference, old.description, coalesce(old.remote_id, ''));
    INSERT INTO transactions_fts (rowid, counterparty, reference, description, remote_id)
    VALUES (new.rowid, new.counterparty, new.reference, new.description, coalesce(new.remote_id, ''));
END;
