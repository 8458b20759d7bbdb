-- Text search over names and references, and the append-only, hash-chained audit log.
CREATE VIRTUAL TABLE transactions_fts USING fts5 (
    counterparty, reference, description, remote_id,
    content = 'transactions', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO transactions_fts (rowid, counterparty, reference, description, remote_id)
    SELECT rowid, counterparty, reference, description, coalesce(remote_id, '') FROM transactions;
CREATE TRIGGER transactions_fts_insert AFTER INSERT ON transactions BEGIN
    INSERT INTO transactions_fts (rowid, counterparty, reference, description, remote_id)
    VALUES (new.rowid, new.counterparty, new.reference, new.description, coalesce(new.remote_id, ''));
END;
CREATE TRIGGER transactions_fts_delete AFTER DELETE ON transactions BEGIN
    INSERT INTO transactions_fts (transactions_fts, rowid, counterparty, reference, description, remote_id)
    VALUES ('delete', old.rowid, old.counterparty, old.reference, old.description, coalesce(old.remote_id, ''));
END;
CREATE TRIGGER transactions_fts_update AFTER UPDATE ON transactions BEGIN
    INSERT INTO transactions_fts (transactions_fts, rowid, counterparty, reference, description, remote_id)
    VALUES ('delete', old.rowid, old.counterparty, old.reference, old.description, coalesce(old.remote_id, ''));
    INSERT INTO transactions_fts (rowid, counterparty, reference, description, remote_id)
    VALUES (new.rowid, new.counterparty, new.reference, new.description, coalesce(new.remote_id, ''));
END;

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE (ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE (ABORT, 'the audit log is append-only');
END;
