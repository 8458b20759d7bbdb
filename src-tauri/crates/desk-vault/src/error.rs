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
    /// The file vault was chosen but its file is missing.
    #[error(
        "The passphrase-protected vault file is missing: restore it from a backup, or choose the system keychain in Settings."
    )]
    NoVault,
    /// The file vault has not been unlocked in this session.
    #[error("The credential vault is locked: enter your vault passphrase to unlock it.")]
    VaultLocked,
    /// The passphrase does not open the vault.
    #[error("That passphrase does not open the credential vault. Check it and try again.")]
    WrongPassphrase,
    /// A new vault's passphrase is too short.
    #[error("Choose a vault passphrase of at least {0} characters.")]
    WeakPassphrase(usize),
    /// Creating a vault where one already exists.
    #[error("A credential vault already exists on this computer: unlock it instead.")]
    VaultExists,
    /// The vault file was changed or damaged; nothing was decrypted.
    #[error(
        "The credential vault file has been changed or damaged ({0}): restore it from a backup or wipe it and add your credentials again."
    )]
    Damaged(String),
    /// The vault file could not be read or written.
    #[error("{0}")]
    VaultIo(String),
}

/// The vault's result type.
pub type Result<T> = std::result::Result<T, VaultError>;
