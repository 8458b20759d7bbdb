//! Merchant Desk's domain types: money in integer minor units with an ISO 4217 currency, the
//! four providers and their environments, secrets that cannot leak by `Debug` or `Serialize`,
//! and the validation of a manually entered payout (CLABE check digit and registered bank,
//! documents, amounts).
//!
//! This crate does no I/O; every other crate builds on it.
#![deny(missing_docs)]

pub mod amount_error;
pub mod amount_locale;
pub mod amount_text;
pub mod batch;
pub mod clabe;
pub mod clabe_banks;
pub mod currency;
pub mod environment;
pub mod error;
pub mod money;
pub mod payout;
pub mod personal;
pub mod provider;
pub mod secret;

pub use amount_error::AmountError;
pub use amount_locale::AmountLocale;
pub use clabe::Clabe;
pub use environment::Environment;
pub use error::{DomainError, FieldError, Result};
pub use money::{Currency, Money};
pub use payout::{AccountType, Beneficiary, Country, DocumentType, PayoutDraft, ValidPayout};
pub use provider::Provider;
pub use secret::Secret;
