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
    /// The embedded sandbox could not start.
    #[error("the embedded sandbox could not start: {0}")]
    Sandbox(String),
    /// Another desk process holds this data folder.
    #[error("{0}")]
    InUse(String),
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
            CoreError::InUse(_) => "errors.in_use",
            CoreError::Settings { .. } | CoreError::Storage(_) | CoreError::Sandbox(_) => {
                "errors.internal"
            }
        }
    }

    /// Whether the message is written for the merchant (otherwise the UI shows a generic one
    /// and the detail stays in the log).
    pub fn is_user_facing(&self) -> bool {
        !matches!(
            self,
            CoreError::Settings { .. } | CoreError::Storage(_) | CoreError::Sandbox(_)
        )
    }

    /// A single-field validation error.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        CoreError::Invalid(vec![FieldError::new(field, message)])
    }
}

impl From<desk_vault::VaultError> for CoreError {
    fn from(e: desk_vault::VaultError) -> Self {
        match e {
            desk_vault::VaultError::Missing(what) => CoreError::NotFound(format!(
                "No {what} credentials are stored: add them in Settings."
            )),
            other => CoreError::Keychain(other.to_string()),
        }
    }
}

impl From<desk_sync::PullError> for CoreError {
    fn from(e: desk_sync::PullError) -> Self {
        match e {
            desk_sync::PullError::Provider(e) => e.into(),
            desk_sync::PullError::Store(e) => e.into(),
        }
    }
}

impl From<desk_providers::ProviderError> for CoreError {
    fn from(e: desk_providers::ProviderError) -> Self {
        use desk_providers::ProviderError as P;
        CoreError::Provider(match e {
            P::WrongEnvironment(m) | P::InvalidKey(m) => m,
            // A refused timestamp (Monnet 1002, 1003) is the computer's clock, not the keys.
            e @ P::ClockSkew { .. } => e.to_string(),
            e if e.clock_refused() => "Monnet refused the time the desk signed with, not the credentials: check that this computer's clock is right (automatic time).".into(),
            P::Rejected { status: 401, .. } => {
                "The provider did not accept these credentials.".into()
            }
            P::Rejected { message, .. } if !message.is_empty() => {
                format!("The provider refused: {message}")
            }
            P::RateLimited { retry_after } => {
                format!(
                    "The provider asks the desk to slow down; it asks again by itself in {} s.",
                    retry_after.as_secs().max(1)
                )
            }
            P::Unreachable(_) => {
                "The provider could not be reached; nothing was sent. Check the connection.".into()
            }
            // Money may have moved: the merchant is told it is being checked, never to retry.
            P::UnknownOutcome(_) => {
                "The provider did not answer; the desk is checking with it whether anything went through.".into()
            }
            other => other.to_string(),
        })
    }
}

impl From<desk_store::StoreError> for CoreError {
    fn from(e: desk_store::StoreError) -> Self {
        match e {
            desk_store::StoreError::Invalid(fields) => CoreError::Invalid(fields),
            desk_store::StoreError::NotFound(id) => CoreError::NotFound(format!("No record {id} in the history.")),
            desk_store::StoreError::WrongKey => CoreError::Keychain(
                "The database key in the keychain does not open the local database. If the keychain was wiped, move the old database aside to start fresh."
                    .into(),
            ),
            e @ desk_store::StoreError::InUse => CoreError::InUse(e.to_string()),
            other => CoreError::Storage(other.to_string()),
        }
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, CoreError>;

#[cfg(test)]
mod tests {
    use super::*;
    use desk_providers::ProviderError;

    fn sentence(e: ProviderError) -> String {
        match CoreError::from(e) {
            CoreError::Provider(s) => s,
            other => panic!("not a provider error: {other:?}"),
        }
    }

    fn refused(code: &str) -> ProviderError {
        ProviderError::Rejected {
            status: 401,
            code: code.into(),
            message: "The timestamp is outside the accepted window.".into(),
        }
    }

    #[test]
    fn monnets_clock_refusals_are_not_told_as_bad_credentials() {
        let credentials = sentence(refused("1001"));
        assert!(credentials.contains("did not accept these credentials"));
        for told in [
            sentence(refused("1002")),
            sentence(refused("1003")),
            sentence(ProviderError::ClockSkew {
                offset_seconds: 600,
            }),
        ] {
            assert!(!told.contains("credentials") || told.contains("not the credentials"));
            assert_ne!(told, credentials);
            assert!(told.contains("clock"), "{told}");
        }
        assert!(
            sentence(ProviderError::ClockSkew {
                offset_seconds: 600
            })
            .starts_with("Your computer's clock is 10 minutes behind Monnet's.")
        );
    }
}
