-- What the merchant sees across the four providers, the payout outbox and sync cursors.
CREATE TABLE transactions (
    id            TEXT PRIMARY KEY,
    provider      TEXT NOT NULL,
    environment   TEXT NOT NULL,
    kind          TEXT NOT NULL,          -- checkout | collection | payment | payout
    remote_id     TEXT,
    reference     TEXT NOT NULL,          -- merchant reference / orderId
    amount_minor  INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    status        TEXT NOT NULL,
    counterparty  TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    details       TEXT NOT NULL DEFAULT '{}', -- JSON: beneficiary, bank, card (encrypted with the file)
    created_at    INTEGER NOT NULL,       -- ms since epoch
    updated_at    INTEGER NOT NULL,
    UNIQUE (provider, environment, kind, reference)
);
CREATE INDEX transactions_recent ON transactions (environment, created_at DESC, id DESC);
CREATE INDEX transactions_provider ON transactions (environment, provider, created_at DESC);
CREATE INDEX transactions_status ON transactions (environment, status, created_at DESC);

CREATE TABLE status_history (
    id             INTEGER PRIMARY KEY,
    transaction_id TEXT NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
    status         TEXT NOT NULL,
    at             INTEGER NOT NULL,
    note           TEXT
);
CREATE INDEX status_history_tx ON status_history (transaction_id, at);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    transaction_id  TEXT NOT NULL UNIQUE REFERENCES transactions (id),
    order_id        TEXT NOT NULL,
    environment     TEXT NOT NULL,
    payload         TEXT NOT NULL,        -- the validated payout, JSON
    state           TEXT NOT NULL,        -- queued | sending | unknown | confirmed | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at INTEGER NOT NULL,
    remote_id       TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (environment, order_id)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);

CREATE TABLE sync_cursors (
    provider    TEXT NOT NULL,
    environment TEXT NOT NULL,
    stream      TEXT NOT NULL,
    cursor      TEXT NOT NULL,
    PRIMARY KEY (provider, environment, stream)
);
