//! Payouts as queued by the merchant.

use desk_domain::{Environment, Money};
use serde::Serialize;

/// A payout accepted into the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueuedPayout {
    /// Local id (also the history id).
    pub id: String,
    /// Monnet orderId: the key that makes a resend safe.
    pub order_id: String,
    /// Amount.
    pub amount: Money,
    /// Beneficiary's full name.
    pub beneficiary: String,
    /// CLABE masked to its last four digits.
    pub clabe_masked: String,
    /// Environment.
    pub environment: Environment,
    /// Outbox state: `queued`, `sending`, `sent`, `unknown`, `confirmed`, `failed`.
    pub state: String,
}
