-- Customers: the people the merchant charges again. Each is named by the desk's own id
-- (`cus_` and 32 lower-case hex digits, made once and never reused), which is also their
-- `customerId` at MonEFlow Pay and `customer.id` at Mona. One customer per email (compared in
-- lower case, as Mona binds a consent's device to it).
CREATE TABLE customers (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    email_key  TEXT NOT NULL,             -- the email in lower case
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX customers_by_email ON customers (email_key);

-- Cards a customer agreed to save (MonEFlow Pay's Vault): the provider's payment method token
-- (usable only with the merchant's server credentials; kept here, never shown whole), per
-- environment. A removed card is deleted at the provider first, then here; its id is never
-- given to another card (AUTOINCREMENT), so a page still showing it cannot charge another.
CREATE TABLE saved_cards (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    provider    TEXT NOT NULL,
    environment TEXT NOT NULL,
    token       TEXT NOT NULL,
    brand       TEXT NOT NULL,
    last4       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (provider, environment, token)
);
CREATE INDEX saved_cards_of_customer ON saved_cards (customer_id);

-- Identity verifications asked of a customer (Mona). The reference is committed before the
-- create is sent (`creating`), and a create whose answer was lost is sent again under the
-- same reference, which Mona answers with the verification it already holds.
CREATE TABLE verifications (
    id          INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    environment TEXT NOT NULL,
    reference   TEXT NOT NULL,
    remote_id   TEXT,
    status      TEXT NOT NULL,            -- creating | pending | verified | failed
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (environment, reference)
);
CREATE INDEX verifications_of_customer ON verifications (customer_id, created_at);

-- The history's link to customers: the `customerId` a record's details carry (written by the
-- desk when a checkout, a saved-card charge or a collection names a customer; or as the
-- provider reported it: a MonEFlow Pay sale, a Mona transaction or collection). A collection
-- is a history record of kind `collection`; the charges Mona makes for it carry its
-- `collectionId` in their details.
ALTER TABLE transactions ADD COLUMN customer_id TEXT
    GENERATED ALWAYS AS (json_extract(details, '$.customerId')) VIRTUAL;
CREATE INDEX transactions_of_customer ON transactions (customer_id, created_at DESC, id DESC)
    WHERE customer_id IS NOT NULL;
