-- The history's most common filters (provider and status) answered from one index, newest
-- first, so a filtered page does not read the table.
CREATE INDEX transactions_provider_status ON transactions (environment, provider, status, created_at DESC, id DESC);
