//! The port to the payout provider.

use std::future::Future;
use std::time::Duration;

use desk_domain::ValidPayout;

/// A payout as the provider reports it, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemotePayout {
    /// The provider's id.
    pub remote_id: String,
    /// The merchant's orderId.
    pub order_id: String,
    /// Normalised status: `pending`, `processing`, `paid`, `failed`, `reversed`.
    pub status: String,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: String,
    /// Beneficiary, when the provider says.
    pub beneficiary: String,
    /// Description, when the provider says.
    pub description: String,
    /// Why (rejections, reversals).
    pub note: Option<String>,
    /// When the status last changed (ms).
    pub changed_at: i64,
    /// Created (ms).
    pub created_at: i64,
}

/// How a call to the provider failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// The provider refused the payout (4xx): it will not be sent again.
    #[error("refused: {0}")]
    Refused(String),
    /// The request surely did not reach the provider (no connection, 429): resend later.
    #[error("not sent: {reason}")]
    NotSent {
        /// Why.
        reason: String,
        /// When to try again, if the provider said.
        retry_after: Option<Duration>,
    },
    /// The request may have reached the provider (timeout, dropped reply, 5xx).
    #[error("outcome unknown: {0}")]
    Unknown(String),
}

/// Sends payouts and reads them back.
pub trait PayoutGateway: Send + Sync {
    /// Sends `payout` (with its own `orderId`).
    fn send(
        &self,
        payout: &ValidPayout,
    ) -> impl Future<Output = Result<RemotePayout, GatewayError>> + Send;
    /// The payout with `order_id`, if the provider has one.
    fn find_by_order_id(
        &self,
        order_id: &str,
    ) -> impl Future<Output = Result<Option<RemotePayout>, GatewayError>> + Send;
    /// Payouts changed after `cursor` (an RFC 3339 time), and the cursor to continue from.
    fn changed_since(
        &self,
        cursor: Option<String>,
    ) -> impl Future<Output = Result<(Vec<RemotePayout>, Option<String>), GatewayError>> + Send;
}
