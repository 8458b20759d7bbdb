-- The history lists payments and payouts, not the refunds, captures and voids that follow them
-- (`parent_id IS NULL`). The list's indexes carry that condition as partial indexes, so a page
-- and its count are read from the index alone, as before 0006, instead of looking up every row
-- to learn whether it has a parent (the trailing `parent_id`, always NULL in these indexes, is
-- what lets SQLite see that the count needs nothing else).
DROP INDEX transactions_recent;
DROP INDEX transactions_status;
DROP INDEX transactions_provider_status;
CREATE INDEX transactions_list_recent ON transactions (environment, created_at DESC, id DESC, parent_id) WHERE parent_id IS NULL;
CREATE INDEX transactions_list_status ON transactions (environment, status, created_at DESC, id DESC, parent_id) WHERE parent_id IS NULL;
CREATE INDEX transactions_list_provider ON transactions (environment, provider, created_at DESC, id DESC, parent_id) WHERE parent_id IS NULL;
CREATE INDEX transactions_list_provider_status ON transactions (environment, provider, status, created_at DESC, id DESC, parent_id) WHERE parent_id IS NULL;
-- Retention deletes by age alone.
CREATE INDEX transactions_created ON transactions (created_at);
