//! Errors of the domain: values that are not what the merchant meant.

use std::collections::BTreeMap;

use desk_i18n::Message;
use serde::Serialize;

/// One field of a form that failed validation, with a sentence a merchant understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FieldError {
    /// The field's name as the UI knows it (`clabe`, `amount`, `beneficiary.email`, …).
    pub field: String,
    /// The message's code in the catalog (`ui/messages`), when it has one: the UI renders the
    /// code with `params` in its language. `None` for a sentence not in the catalog yet.
    pub code: Option<String>,
    /// The message's parameters, by placeholder name, rendered in the desk's language.
    pub params: BTreeMap<String, String>,
    /// What is wrong and how to fix it, in the desk's language.
    pub message: String,
}

impl FieldError {
    /// A field error for `field` with `message`, a sentence not in the catalog (prefer
    /// [`FieldError::msg`]).
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: None,
            params: BTreeMap::new(),
            message: message.into(),
        }
    }

    /// A field error for `field` with a message of the catalog, rendered in the desk's
    /// language and carried with its code and parameters.
    pub fn msg(field: impl Into<String>, message: Message) -> Self {
        Self {
            field: field.into(),
            code: Some(message.code().to_string()),
            params: message.params(),
            message: message.to_string(),
        }
    }
}

/// Why a domain value could not be built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DomainError {
    /// A currency code that is not an ISO 4217 code.
    #[error("{0:?} is not an ISO 4217 currency code")]
    UnknownCurrency(String),
    /// An amount that cannot be read as money in that currency.
    #[error("{0}")]
    InvalidAmount(Message),
    /// A CLABE that is not 18 digits with a correct check digit.
    #[error("{0}")]
    InvalidClabe(Message),
    /// A form with one or more invalid fields; nothing was stored.
    #[error("{} field(s) need attention: {}", .0.len(), .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// A name that is not one of ours (provider, environment, country…).
    #[error("{kind} {value:?} is not known")]
    Unknown {
        /// What kind of name it was.
        kind: &'static str,
        /// The name given.
        value: String,
    },
}

/// The domain's result type.
pub type Result<T> = std::result::Result<T, DomainError>;
