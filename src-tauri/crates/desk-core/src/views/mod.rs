//! What the UI receives and sends: the command-facing types, exported to TypeScript by ts-rs.
//! They carry no secret: a `Secret` cannot be put in one (it is not `Serialize`).

pub mod after_sale;
pub mod batches;
pub mod beneficiaries;
pub mod checkout;
pub mod credentials;
pub mod customers;
pub mod history;
pub mod keys;
pub mod onboarding;
pub mod payouts;
pub mod secret_store;
pub mod status;
pub mod summary;
pub mod updates;
