//! Errors of provider calls. Messages never contain a key, a secret, a signature or a
//! response body that could echo one.

use std::time::Duration;

/// Why a provider call failed.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// A key of one environment aimed at the other; refused before any request was built.
    #[error("{0}")]
    WrongEnvironment(String),
    /// A key that does not have the provider's documented format.
    #[error("{0}")]
    InvalidKey(String),
    /// Plain http to a host that is not this computer.
    #[error("refusing plain http to {0}: provider traffic must use https (TLS 1.3)")]
    InsecureUrl(String),
    /// The request could not be sent: the provider never saw it.
    #[error("could not reach the provider: {0}")]
    Unreachable(String),
    /// The request may have reached the provider but no answer came back (timeout, dropped
    /// connection, 5xx): the outcome is unknown and must be reconciled before a resend.
    #[error("no answer from the provider (the request may have been processed): {0}")]
    UnknownOutcome(String),
    /// Too many requests; try again after the given delay.
    #[error("the provider's rate limit was reached; retry in {} s", retry_after.as_secs())]
    RateLimited {
        /// How long to wait.
        retry_after: Duration,
    },
    /// The provider refused the request.
    #[error("the provider refused the request ({status} {code}): {message}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// The provider's error code.
        code: String,
        /// The provider's message.
        message: String,
    },
    /// Monnet refused a create because the merchant already holds a payout with its
    /// `orderId` (error 2005 "Duplicated orderId"): an earlier request with it did arrive.
    #[error(
        "the provider already has a request with this reference (Monnet 2005 \"Duplicated orderId\"): an earlier send arrived"
    )]
    DuplicateReference,
    /// The provider's answer was not what the contract says.
    #[error("unexpected answer from the provider: {0}")]
    Decode(String),
}

impl ProviderError {
    /// Whether the request may have taken effect at the provider.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, ProviderError::UnknownOutcome(_))
    }
}

/// The result of a provider call.
pub type Result<T> = std::result::Result<T, ProviderError>;
