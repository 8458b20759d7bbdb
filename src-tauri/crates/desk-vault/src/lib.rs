//! The credential vault. Secrets live only in a [`SecretStore`]: the OS keychain (Secret
//! Service on Linux, Keychain on macOS, Credential Manager on Windows) in the app, an
//! in-memory store in unit tests. On a computer without a usable keychain the merchant may
//! opt into a passphrase-protected file vault instead; nothing secret is written anywhere else.
//!
//! Layout: one keychain service, one entry per provider + environment + secret kind
//! (`monnet/sandbox/api_secret`), one entry `meta/<provider>/<environment>` with the
//! non-secret facts (public id, fingerprint, rotation dates), and `db/key` for the database.
#![deny(missing_docs)]

pub mod backend;
pub mod credentials;
pub mod error;
pub mod file_vault;
pub mod keychain;
pub mod memory;
pub mod meta;
mod meta_cache;
pub mod store;

pub use backend::{SelectedStore, StoreKind};
pub use credentials::{CredentialSet, CredentialVault};
pub use error::{Result, VaultError};
pub use file_vault::{FileVault, KdfParams, MIN_PASSPHRASE_CHARS};
pub use keychain::KeychainStore;
pub use memory::MemoryStore;
pub use meta::{ROTATION_DAYS, StoredMeta};
pub use store::SecretStore;
