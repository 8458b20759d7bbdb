//! Errors of the core, each with a sentence a merchant can act on.

use desk_domain::FieldError;

/// What went wrong in a core operation. Messages never contain a secret.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The settings file could not be read or written.
    #[error("could not {action} the settings file: {source}")]
    Settings {
        /// "read" or "write".
        action: &'static str,
        /// The I/O or JSON error.
        #[source]
        source: std::io::Error,
    },
    /// Input that failed validation; nothing was stored.
    #[error("some fields need attention")]
    Invalid(Vec<FieldError>),
    /// A production action the merchant has not confirmed yet.
    #[error("{0}")]
    NeedsConfirmation(String),
    /// The OS keychain cannot be used; the message says what to install or unlock.
    #[error("{0}")]
    Keychain(String),
    /// A provider refused or could not be reached; the message is for the merchant.
    #[error("{0}")]
    Provider(String),
    /// Something the merchant asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The local database failed.
    #[error("the local database failed: {0}")]
    Storage(String),
}

impl CoreError {
    /// The stable code the UI may branch on.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Invalid(_) => "errors.validation",
            CoreError::NeedsConfirmation(_) => "errors.confirmation_required",
            CoreError::Keychain(_) => "errors.keychain",
            CoreError::Provider(_) => "errors.provider",
            CoreError::NotFound(_) => "errors.not_found",
            CoreError::Settings { .. } | CoreError::Storage(_) => "errors.internal",
        }
    }

    /// Whether the message is written for the merchant (otherwise the UI shows a generic one
    /// and the detail stays in the log).
    pub fn is_user_facing(&self) -> bool {
        !matches!(self, CoreError::Settings { .. } | CoreError::Storage(_))
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, CoreError>;
