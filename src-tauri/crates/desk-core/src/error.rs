//! Errors of the core, each with a sentence a merchant can act on.

use desk_domain::FieldError;

/// What went wrong in a core operation.
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
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, CoreError>;
