//! The unified history across the four providers.

use desk_domain::{Environment, FieldError, Money, Provider};
use serde::{Deserialize, Serialize};

/// Filters of the history list; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct HistoryQuery {
    /// Only this provider.
    pub provider: Option<Provider>,
    /// Only this normalised status (`queued`, `pending`, `succeeded`, `failed`, `reversed`…).
    pub status: Option<String>,
    /// Only this environment (default: the active one).
    pub environment: Option<Environment>,
    /// From this day (RFC 3339 date or date-time), inclusive.
    pub from: Option<String>,
    /// Until this day, inclusive.
    pub to: Option<String>,
    /// Minimum amount, in minor units.
    #[ts(type = "number | null")]
    pub min_minor: Option<i64>,
    /// Maximum amount, in minor units.
    #[ts(type = "number | null")]
    pub max_minor: Option<i64>,
    /// Words to find in names, references and descriptions.
    pub text: Option<String>,
    /// The page's size (default 50, at most 500).
    pub limit: Option<u32>,
    /// Where the previous page ended (`nextCursor` of the last page).
    pub cursor: Option<String>,
}

/// One row of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryItem {
    /// Local id.
    pub id: String,
    /// Provider.
    pub provider: Provider,
    /// Environment.
    pub environment: Environment,
    /// `checkout`, `collection`, `payment` or `payout`.
    pub kind: String,
    /// Amount (negative for money leaving: payouts).
    pub amount: Money,
    /// Normalised status.
    pub status: String,
    /// Customer or beneficiary.
    pub counterparty: String,
    /// Merchant reference / orderId.
    pub reference: String,
    /// Description.
    pub description: String,
    /// Provider's id, once known.
    pub remote_id: Option<String>,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last change (RFC 3339).
    pub updated_at: String,
}

/// A page of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryPage {
    /// The rows, newest first.
    pub items: Vec<HistoryItem>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// How many rows match in all.
    #[ts(type = "number")]
    pub total: u64,
}

/// One step of a record's status timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatusStep {
    /// The status reached.
    pub status: String,
    /// When (RFC 3339).
    pub at: String,
    /// Why, when the provider said (rejections, reversals).
    pub note: Option<String>,
}

/// A record with its timeline and details, for the detail view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryDetail {
    /// The row.
    pub item: HistoryItem,
    /// Status changes, oldest first.
    pub timeline: Vec<StatusStep>,
    /// Extra labelled facts (bank, masked CLABE, card, email…), already masked.
    pub facts: Vec<(String, String)>,
}

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
    /// The bank the CLABE belongs to, when known.
    pub bank_name: Option<String>,
    /// The environment it would be sent in.
    pub environment: Environment,
}
