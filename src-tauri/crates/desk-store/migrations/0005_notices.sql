-- Money that did not go as meant (a refused or reversed payout, a conflict at a provider)
-- raises a notice that stays until the merchant opens the record.
CREATE TABLE notices (
    id             INTEGER PRIMARY KEY,
    transaction_id TEXT NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,        -- refused | reversed | attention
    message        TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    opened_at      INTEGER,
    UNIQUE (transaction_id, kind)
);
CREATE INDEX notices_unopened ON notices (opened_at, created_at);
