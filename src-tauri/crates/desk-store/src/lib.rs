//! Merchant Desk's store: one SQLite file, encrypted at rest with SQLCipher under a raw
//! 256-bit key from the keychain, WAL mode, one writer. It holds the history of all four
//! providers, the outbox of money movements, sync cursors and an append-only, hash-chained audit log.
//!
//! Retention (Monei guide): transaction records are kept 7 years ([`Store::prune`]); audit
//! rows are never deleted by the app.
#![deny(missing_docs)]

pub mod after_sale;
pub mod attention;
pub mod audit;
pub mod batches;
pub mod beneficiaries;
pub mod collections;
pub mod customers;
pub mod day_totals;
pub mod db;
mod enqueue;
pub mod error;
pub mod export;
pub mod history;
pub mod local_time;
pub mod notices;
pub mod operation;
pub mod outbox;
pub mod payout_news;
mod payouts;
#[cfg(test)]
mod query_plans;
pub mod records;
pub mod statement;
#[cfg(feature = "synthetic")]
pub mod synthetic;

pub use db::Store;
pub use error::{Result, StoreError};
