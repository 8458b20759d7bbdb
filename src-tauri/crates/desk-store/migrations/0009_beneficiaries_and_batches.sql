-- Saved beneficiaries, and payout batches imported from a file. A beneficiary is what the
-- payout form fills in (every field still editable per payout); the file is encrypted as a
-- whole, and lists mask the document and email. A batch's payouts are ordinary operations
-- (the one engine sends them) that carry the batch and the file row they came from.
CREATE TABLE beneficiaries (
    id              INTEGER PRIMARY KEY,
    first_name      TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    email           TEXT NOT NULL,
    document_type   TEXT NOT NULL,        -- Ine | Curp | Rfc | Passport
    document_number TEXT NOT NULL,
    clabe           TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX beneficiaries_by_name ON beneficiaries (last_name COLLATE NOCASE, first_name COLLATE NOCASE);

CREATE TABLE batches (
    id          INTEGER PRIMARY KEY,
    environment TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    row_count   INTEGER NOT NULL,
    totals      TEXT NOT NULL,            -- JSON [{"currency": "MXN", "minor": 123}]
    created_at  INTEGER NOT NULL
);
ALTER TABLE operations ADD COLUMN batch_id INTEGER REFERENCES batches (id);
ALTER TABLE operations ADD COLUMN batch_row INTEGER;
CREATE INDEX operations_in_batch ON operations (batch_id, batch_row) WHERE batch_id IS NOT NULL;
