//! Errors of the domain: values that are not what the merchant meant.

use serde::Serialize;

/// One field of a form that failed validation, with a sentence a merchant understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FieldError {
    /// The field's name as the UI knows it (`clabe`, `amount`, `beneficiary.email`, …).
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl FieldError {
    /// A field error for `field` with `message`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
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
    InvalidAmount(String),
    /// A CLABE that is not 18 digits with a correct check digit.
    #[error("{0}")]
    InvalidClabe(String),
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
