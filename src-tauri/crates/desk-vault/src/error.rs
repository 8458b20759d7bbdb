//! Vault errors, each with what the merchant can do. Never a secret in a message. Each is a
//! sentence of the message catalog ([`VaultError::message`]), told in the merchant's language
//! (docs/i18n.md).

use desk_i18n::{Message, msg};

/// Why the vault could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultError {
    /// No keychain (no Secret Service, no D-Bus session).
    NoKeychain,
    /// The keychain is locked or refused access.
    Locked,
    /// The keychain did not answer in time.
    Timeout(u64),
    /// Any other keychain failure.
    Keychain(String),
    /// Nothing is stored under that name.
    Missing(String),
    /// Stored metadata could not be read.
    Corrupt(String),
    /// The file vault was chosen but its file is missing.
    NoVault,
    /// The file vault has not been unlocked in this session.
    VaultLocked,
    /// The passphrase does not open the vault.
    WrongPassphrase,
    /// A new vault's passphrase is too short.
    WeakPassphrase(usize),
    /// Creating a vault where one already exists.
    VaultExists,
    /// The vault file was changed or damaged; nothing was decrypted.
    Damaged(String),
    /// The vault file could not be read or written.
    VaultIo(String),
}

impl VaultError {
    /// The sentence of the catalog that tells this error, or `None` for a file error, whose
    /// text (already in the merchant's language) is its own.
    pub fn message(&self) -> Option<Message> {
        Some(match self {
            VaultError::NoKeychain => Message::new("vault.no_keychain"),
            VaultError::Locked => Message::new("vault.locked"),
            VaultError::Timeout(seconds) => msg!("vault.timeout", seconds = seconds),
            VaultError::Keychain(detail) => msg!("vault.keychain_failed", detail = detail),
            VaultError::Missing(what) => msg!("vault.missing", what = what),
            VaultError::Corrupt(detail) => msg!("vault.corrupt", detail = detail),
            VaultError::NoVault => Message::new("vault.no_vault"),
            VaultError::VaultLocked => Message::new("vault.vault_locked"),
            VaultError::WrongPassphrase => Message::new("vault.wrong_passphrase"),
            VaultError::WeakPassphrase(count) => msg!("vault.weak_passphrase", count = count),
            VaultError::VaultExists => Message::new("vault.exists"),
            VaultError::Damaged(detail) => msg!("vault.damaged", detail = detail),
            VaultError::VaultIo(_) => return None,
        })
    }
}

/// The error's sentence in the desk's current language.
impl std::fmt::Display for VaultError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.message(), self) {
            (Some(m), _) => m.fmt(f),
            (_, VaultError::VaultIo(text)) => f.write_str(text),
            (None, _) => Ok(()),
        }
    }
}

impl std::error::Error for VaultError {}

/// The vault's result type.
pub type Result<T> = std::result::Result<T, VaultError>;
