//! Errors of the core, each with a sentence a merchant can act on.
//!
//! A sentence of the message catalog is a [`CoreError::Told`], made with [`CoreError::not_found`],
//! [`CoreError::provider`] and the like: the UI receives its code and parameters and renders it
//! in the merchant's language (docs/i18n.md). The variants that carry a `String` are the
//! sentences not in the catalog yet.

use desk_domain::FieldError;
use desk_i18n::{Message, msg};

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
    /// A sentence of the message catalog, of one of the kinds above.
    #[error("{message}")]
    Told {
        /// Which kind of error it is (its code for the UI).
        kind: Kind,
        /// The sentence: a code of the catalog and its parameters.
        message: Message,
    },
}

/// The kind of a [`CoreError::Told`]: the variant of the same name, with a catalog sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// As [`CoreError::NeedsConfirmation`].
    NeedsConfirmation,
    /// As [`CoreError::Keychain`].
    Keychain,
    /// As [`CoreError::Provider`].
    Provider,
    /// As [`CoreError::NotFound`].
    NotFound,
    /// As [`CoreError::InUse`].
    InUse,
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
            CoreError::Told { kind, .. } => match kind {
                Kind::NeedsConfirmation => "errors.confirmation_required",
                Kind::Keychain => "errors.keychain",
                Kind::Provider => "errors.provider",
                Kind::NotFound => "errors.not_found",
                Kind::InUse => "errors.in_use",
            },
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

    /// A single-field validation error, with a sentence not in the catalog (prefer
    /// [`CoreError::field_msg`]).
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        CoreError::Invalid(vec![FieldError::new(field, message)])
    }

    /// A single-field validation error with a message of the catalog.
    pub fn field_msg(field: &str, message: Message) -> Self {
        CoreError::Invalid(vec![FieldError::msg(field, message)])
    }

    /// A production action the merchant has not confirmed yet, told with a catalog sentence.
    pub fn needs_confirmation(message: Message) -> Self {
        Self::Told {
            kind: Kind::NeedsConfirmation,
            message,
        }
    }

    /// The keychain cannot be used, told with a catalog sentence.
    pub fn keychain(message: Message) -> Self {
        Self::Told {
            kind: Kind::Keychain,
            message,
        }
    }

    /// A provider refused or could not be reached, told with a catalog sentence.
    pub fn provider(message: Message) -> Self {
        Self::Told {
            kind: Kind::Provider,
            message,
        }
    }

    /// Something the merchant asked for does not exist, told with a catalog sentence.
    pub fn not_found(message: Message) -> Self {
        Self::Told {
            kind: Kind::NotFound,
            message,
        }
    }

    /// Another desk process holds the data folder, told with a catalog sentence.
    pub fn in_use(message: Message) -> Self {
        Self::Told {
            kind: Kind::InUse,
            message,
        }
    }

    /// The catalog sentence of the error, when it has one: what the UI renders itself.
    pub fn message(&self) -> Option<&Message> {
        match self {
            CoreError::Told { message, .. } => Some(message),
            _ => None,
        }
    }
}

impl From<desk_vault::VaultError> for CoreError {
    fn from(e: desk_vault::VaultError) -> Self {
        match e {
            desk_vault::VaultError::Missing(what) => {
                CoreError::not_found(msg!("errors.credentials_missing", what = what))
            }
            other => match other.message() {
                Some(message) => CoreError::keychain(message),
                None => CoreError::Keychain(other.to_string()),
            },
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
        CoreError::provider(match e {
            P::WrongEnvironment(m) | P::InvalidKey(m) => m,
            // A refused timestamp (Monnet 1002, 1003) is the computer's clock, not the keys.
            e @ P::ClockSkew { .. } => e.message(),
            e if e.clock_refused() => Message::new("errors.clock_refused"),
            P::Rejected { status: 401, .. } => Message::new("errors.provider_credentials_refused"),
            P::Rejected { message, .. } if !message.is_empty() => {
                msg!("errors.provider_refused", message = message)
            }
            P::RateLimited { retry_after } => msg!(
                "errors.provider_rate_limited",
                seconds = retry_after.as_secs().max(1)
            ),
            P::Unreachable(_) => Message::new("errors.provider_unreachable"),
            // Money may have moved: the merchant is told it is being checked, never to retry.
            P::UnknownOutcome(_) => Message::new("errors.provider_unknown_outcome"),
            other => other.message(),
        })
    }
}

impl From<desk_store::StoreError> for CoreError {
    fn from(e: desk_store::StoreError) -> Self {
        match e {
            desk_store::StoreError::Invalid(fields) => CoreError::Invalid(fields),
            desk_store::StoreError::NotFound(id) => {
                CoreError::not_found(msg!("errors.record_not_found", id = id))
            }
            desk_store::StoreError::WrongKey => {
                CoreError::keychain(Message::new("errors.database_wrong_key"))
            }
            desk_store::StoreError::InUse => CoreError::in_use(Message::new("store.in_use")),
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
        let e = CoreError::from(e);
        assert_eq!(e.code(), "errors.provider", "{e:?}");
        e.to_string()
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

    #[test]
    fn catalog_sentences_carry_their_code_and_read_in_spanish() {
        let e = CoreError::from(ProviderError::Unreachable("connection refused".into()));
        let m = e.message().expect("a catalog sentence");
        assert_eq!(m.code(), "errors.provider_unreachable");
        assert_eq!(
            m.render(desk_i18n::Language::Es),
            "No se pudo contactar con el proveedor; no se envió nada. Revisa la conexión."
        );
        let e = CoreError::from(desk_store::StoreError::NotFound("tx_1".into()));
        assert_eq!(e.code(), "errors.not_found");
        assert_eq!(e.message().unwrap().params()["id"], "tx_1");
    }
}
