//! Vault errors, each with what the merchant can do. Never a secret in a message.

/// Why the vault could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// No keychain (no Secret Service, no D-Bus session).
    #[error(
        "No keychain is available on this computer. Install and start a Secret Service such as gnome-keyring (package gnome-keyring) or KeePassXC, then open Merchant Desk again."
    )]
    NoKeychain,
    /// The keychain is locked or refused access.
    #[error("The keychain is locked or refused access: unlock your keyring and try again.")]
    Locked,
    /// The keychain did not answer in time.
    #[error(
        "The keychain did not answer within {0} s: check that your keyring is unlocked and not waiting for a password."
    )]
    Timeout(u64),
    /// Any other keychain failure.
    #[error("The keychain failed: {0}")]
    Keychain(String),
    /// Nothing is stored under that name.
    #[error("No {0} credentials are stored.")]
    Missing(String),
    /// Stored metadata could not be read.
    #[error("Stored credential details are damaged: {0}")]
    Corrupt(String),
}

/// The vault's result type.
pub type Result<T> = std::result::Result<T, VaultError>;
