//! After the sale: what the merchant asks for (refund, capture, void), what the desk read
//! before anything is sent, and what a payment's detail offers.

use desk_domain::{Environment, Money, Provider};
use serde::{Deserialize, Serialize};

/// Which operation follows the sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum AfterSaleAction {
    /// Give (part of) a payment back.
    Refund,
    /// Take (part of) an authorisation.
    Capture,
    /// Release an authorisation: nothing is taken.
    Void,
}

impl AfterSaleAction {
    /// The stored kind (`refund`, `capture`, `void`).
    pub fn as_str(self) -> &'static str {
        match self {
            AfterSaleAction::Refund => "refund",
            AfterSaleAction::Capture => "capture",
            AfterSaleAction::Void => "void",
        }
    }
}

/// A refund, capture or void the merchant asks for from a payment's detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AfterSaleRequest {
    /// The payment's history id.
    pub payment_id: String,
    /// Refund, capture or void.
    pub action: AfterSaleAction,
    /// The amount as typed, in the merchant's locale; empty means all that may be refunded
    /// or captured (a void takes none).
    pub amount: String,
    /// Why (refunds): `requested_by_customer` (the default), `duplicated` or `fraudulent`.
    #[serde(default)]
    pub reason: String,
}

/// What the desk read, shown before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AfterSaleReview {
    /// Refund, capture or void.
    pub action: AfterSaleAction,
    /// The amount as read (for a void: what is released).
    pub amount: Money,
    /// The amount in the merchant's locale with its currency ("12,50 EUR").
    pub amount_text: String,
    /// Provider.
    pub provider: Provider,
    /// The payment's reference.
    pub payment_reference: String,
    /// The reason sent with a refund.
    pub reason: Option<String>,
    /// What may still be refunded or captured after this one, in the merchant's locale.
    pub remaining_after_text: String,
    /// Where it would be sent.
    pub environment: Environment,
    /// The sentence the merchant confirms in production, naming amount and environment.
    pub confirmation: Option<String>,
    /// The second question, when the amount is above the merchant's limit.
    pub above_limit: Option<String>,
}

/// A refund, capture or void as it stands after it was committed (and sent, if online).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AfterSaleResult {
    /// The operation's own history id (its receipt is made from it).
    pub id: String,
    /// The payment's history id.
    pub payment_id: String,
    /// Refund, capture or void.
    pub action: AfterSaleAction,
    /// The operation's reference at the provider.
    pub reference: String,
    /// The amount.
    pub amount: Money,
    /// `done`, `queued` (sent when the provider is reachable), `checking` (the desk is finding
    /// out whether the provider received it; nothing is sent twice), `failed` or `attention`.
    pub state: String,
    /// A sentence about the state, when it is not `done`.
    pub note: Option<String>,
}

/// What a payment's detail offers after the sale, with its net figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaymentActions {
    /// The payment's history id.
    pub payment_id: String,
    /// What was taken (the capture, or the charge once it succeeded).
    pub taken: Money,
    /// What confirmed refunds gave back.
    pub refunded: Money,
    /// What refunds still on their way would give back.
    pub refunds_pending: Money,
    /// What the merchant keeps: taken less confirmed refunds.
    pub remaining: Money,
    /// What may still be refunded (taken less every refund not refused).
    pub refundable: Money,
    /// Whether a refund can be asked for now.
    pub can_refund: bool,
    /// Whether the authorisation can be captured now.
    pub can_capture: bool,
    /// Whether the authorisation can be voided now.
    pub can_void: bool,
    /// For an authorisation: `active`, `expiring` (its last day) or `expired`.
    pub authorization: Option<String>,
    /// When the authorisation lapses (RFC 3339).
    pub authorization_expires_at: Option<String>,
    /// When the desk cannot refund through the provider (Mona): how to refund outside it.
    pub refund_outside: Option<String>,
}
