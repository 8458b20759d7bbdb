//! The port through which the engine reaches the providers.

use std::future::Future;
use std::time::Duration;

use desk_store::operation::Operation;

/// A money movement as the provider holds it, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// The provider's id.
    pub remote_id: String,
    /// The reference it is held under.
    pub reference: String,
    /// Normalised status (`pending`, `succeeded`, `paid`, `failed`, …).
    pub status: String,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// The beneficiary's name, where the provider reports it (payouts).
    pub beneficiary: Option<String>,
    /// The destination CLABE, where the provider reports it (payouts).
    pub clabe: Option<String>,
    /// Why the status is what it is (rejections, reversals).
    pub note: Option<String>,
}

/// What a create answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// The provider created it now (201).
    Created(Remote),
    /// The provider already held this reference and answered with what it holds (200).
    AlreadyExisted(Remote),
    /// The provider already holds this reference and says only that (Monnet's 2005
    /// "Duplicated orderId"): nothing to compare.
    DuplicateReference,
}

/// What the provider holds under an operation's reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Everything held under the reference, oldest first (empty: it never arrived).
    Found(Vec<Remote>),
    /// The provider documents no lookup: the only way to learn is to resend under the same
    /// reference once `wait` has passed since the outcome became unknown (Monnet: 30 s).
    ResendToLearn {
        /// How long after the unknown outcome the resend may go.
        wait: Duration,
    },
}

/// How a call to the provider failed. Each carries why as stored text: the provider's words,
/// or a message of the catalog in its stored form (`Message::to_stored`), which becomes the
/// operation's note and is rendered when read; `Display` renders it now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// The provider refused it (4xx): it will not be sent again.
    #[error("{}", desk_i18n::render_stored(.0))]
    Refused(String),
    /// The request surely did not reach the provider (no connection, 429, no credentials):
    /// send later.
    #[error("{}", desk_i18n::render_stored(.reason))]
    NotSent {
        /// Why.
        reason: String,
        /// When to try again, if the provider said.
        retry_after: Option<Duration>,
    },
    /// The request may have reached the provider (timeout, dropped reply, 5xx).
    #[error("{}", desk_i18n::render_stored(.0))]
    Unknown(String),
}

impl GatewayError {
    /// Why, as stored text (to keep as a note, rendered when read).
    pub fn stored(&self) -> &str {
        match self {
            GatewayError::Refused(why)
            | GatewayError::NotSent { reason: why, .. }
            | GatewayError::Unknown(why) => why,
        }
    }
}

/// Creates operations at their provider and finds them again.
pub trait Gateway: Send + Sync {
    /// Sends `op` under its own reference.
    fn send(&self, op: &Operation) -> impl Future<Output = Result<Sent, GatewayError>> + Send;
    /// What the provider holds under `op`'s reference, or how to learn it.
    fn lookup(&self, op: &Operation) -> impl Future<Output = Result<Lookup, GatewayError>> + Send;
}
