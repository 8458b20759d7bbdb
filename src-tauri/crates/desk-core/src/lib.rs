//! Merchant Desk's core: the operations behind each Tauri command, written against plain
//! library types and a small [`Host`] trait, so they are tested without a window, and with
//! the keychain and the network replaced by an in-memory store and the embedded sandbox.
#![deny(missing_docs)]

pub mod abandoned;
pub mod after_sale;
pub mod amounts;
mod batch_files;
pub mod batches;
pub mod beneficiaries;
pub mod checkout;
pub mod clients;
pub mod credentials;
pub mod customers;
pub mod desk;
pub mod error;
mod file_names;
pub mod frames;
pub mod history;
pub mod host;
pub mod info;
pub mod input;
pub mod keys;
pub mod notifications;
pub mod onboarding;
pub mod paths;
pub mod payouts;
pub mod receipt;
pub mod receipts;
pub mod redact;
pub mod sandbox_host;
pub mod secret_store;
pub mod settings;
pub mod statement_pdf;
pub mod statements;
pub mod summary;
pub mod sync;
pub mod update_check;
pub mod views;

pub use desk::Desk;
/// The lowest TLS version every HTTPS client of the desk accepts (providers and updates).
pub use desk_providers::http::MIN_TLS;
pub use error::{CoreError, Result};
pub use host::Host;
pub use info::AppInfo;
pub use paths::DeskPaths;
pub use settings::{Settings, SettingsView};
