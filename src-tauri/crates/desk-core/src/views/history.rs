//! The unified history across the four providers (types from the store) and the payout
//! review.

use desk_domain::{Environment, FieldError, Money};
use serde::Serialize;

pub use desk_store::history::{HistoryDetail, HistoryItem, HistoryPage, HistoryQuery, StatusStep};
pub use desk_store::notices::Notice;

/// A payout's review before it is queued: what will happen, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PayoutReview {
    /// Whether the draft is valid.
    pub valid: bool,
    /// Problems per field (empty when valid).
    pub fields: Vec<FieldError>,
    /// The amount in minor units, when it parsed.
    pub amount: Option<Money>,
    /// The amount as read, in the merchant's locale with its currency ("= 1.250,50 MXN").
    pub amount_text: Option<String>,
    /// The sentence the merchant confirms in production, naming amount and environment.
    pub confirmation: Option<String>,
    /// The second question, when the amount is above the merchant's limit.
    pub above_limit: Option<String>,
    /// The bank the CLABE belongs to, when known.
    pub bank_name: Option<String>,
    /// The environment it would be sent in.
    pub environment: Environment,
}
