//! Store errors.

use desk_domain::FieldError;

/// Why a store operation failed. Nothing was half-written: each operation is one transaction.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process (a second Merchant Desk, a tool) holds this database open: two writers
    /// on one file could each act on an operation the other is also completing. Its sentence
    /// is [`StoreError::message`]'s, in the desk's language.
    #[error("{}", desk_i18n::Message::new("store.in_use"))]
    InUse,
    /// The data folder or the database's lock file could not be created or opened.
    #[error("the data folder could not be used: {0}")]
    Folder(std::io::Error),
    /// The key does not open this file (or the file is not a database).
    #[error("the database key does not open this file")]
    WrongKey,
    /// Input that failed validation.
    #[error("some fields need attention")]
    Invalid(Vec<FieldError>),
    /// A record that does not exist.
    #[error("no record {0}")]
    NotFound(String),
    /// An outbox transition that is not legal.
    #[error("an outbox item cannot go from {from} to {to}")]
    IllegalTransition {
        /// The state it is in.
        from: String,
        /// The state asked for.
        to: String,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Stored JSON could not be read.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// The sentence the merchant reads, as a message of the catalog, when it is one of
    /// theirs (the others are the desk's own failures, told in the log).
    pub fn message(&self) -> Option<desk_i18n::Message> {
        match self {
            StoreError::InUse => Some(desk_i18n::Message::new("store.in_use")),
            _ => None,
        }
    }
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, StoreError>;
