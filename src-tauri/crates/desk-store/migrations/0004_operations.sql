-- One table for every money movement the desk sends (payouts, checkout creates, and what is
-- still to come), replacing the payout-only outbox. A reference is unique per provider and
-- environment (the provider deduplicates on it), not across providers.
CREATE TABLE operations (
    id              INTEGER PRIMARY KEY,
    transaction_id  TEXT NOT NULL UNIQUE REFERENCES transactions (id),
    kind            TEXT NOT NULL,        -- payout | charge
    provider        TEXT NOT NULL,
    environment     TEXT NOT NULL,
    reference       TEXT NOT NULL,        -- orderId / reference sent to the provider
    payload         TEXT NOT NULL,        -- what the merchant meant, JSON
    state           TEXT NOT NULL,        -- queued | sending | unknown | confirmed | failed | conflict | created_earlier
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at INTEGER NOT NULL,
    remote_id       TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (provider, environment, reference)
);
INSERT INTO operations (id, transaction_id, kind, provider, environment, reference, payload, state,
                        attempts, last_error, next_attempt_at, remote_id, created_at, updated_at)
    SELECT id, transaction_id, 'payout', 'monnet', environment, order_id, payload, state,
           attempts, last_error, next_attempt_at, remote_id, created_at, updated_at
    FROM outbox;
DROP TABLE outbox;
CREATE INDEX operations_due ON operations (environment, state, next_attempt_at, id);
