//! Where the merchant's secrets are kept, as the UI sees it.

use serde::Serialize;

/// The secret store in use and, for the file vault, whether it is unlocked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SecretStoreView {
    /// `keychain` (the system keychain) or `fileVault` (the passphrase-protected file).
    #[ts(type = "\"keychain\" | \"fileVault\"")]
    pub kind: desk_vault::StoreKind,
    /// Whether a vault file exists on this computer.
    pub file_vault_exists: bool,
    /// Whether the file vault is unlocked in this session.
    pub file_vault_unlocked: bool,
    /// The shortest passphrase a new vault accepts.
    pub min_passphrase_chars: u32,
}
