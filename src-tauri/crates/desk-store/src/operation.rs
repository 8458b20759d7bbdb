//! What the exactly-once engine sends: one row per money movement (a payout, a checkout's
//! charge, and whatever kind joins them), with the state machine it moves through.
//!
//! `queued → sending → confirmed | unknown | failed | queued | conflict | created_earlier`,
//! `unknown → confirmed | queued | failed | sending | conflict | created_earlier`,
//! `created_earlier → confirmed`. Every state is committed before the network step that
//! follows it; an `unknown` outcome is looked up at the provider before anything is sent again.

use std::fmt;
use std::str::FromStr;

use desk_domain::{Environment, Money, Provider, ValidPayout};
use serde::{Deserialize, Serialize};

pub use crate::collections::{CancelCollection, Frequency, NewCollection};
use crate::error::{Result, StoreError};

/// Where an operation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpState {
    /// Waiting to be sent.
    Queued,
    /// Committed as being sent; the network step may or may not have happened.
    Sending,
    /// Sent, but no answer came back: looked up at the provider before any resend.
    Unknown,
    /// The provider holds it, as it was meant.
    Confirmed,
    /// The provider refused it; it will not be sent again.
    Failed,
    /// The provider holds something else under this reference: needs the merchant's attention.
    Conflict,
    /// A resend was answered "already exists" (Monnet's 2005): it went through earlier, and
    /// its provider id is not known yet.
    CreatedEarlier,
}

impl OpState {
    /// Every state.
    pub const ALL: [OpState; 7] = [
        OpState::Queued,
        OpState::Sending,
        OpState::Unknown,
        OpState::Confirmed,
        OpState::Failed,
        OpState::Conflict,
        OpState::CreatedEarlier,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OpState::Queued => "queued",
            OpState::Sending => "sending",
            OpState::Unknown => "unknown",
            OpState::Confirmed => "confirmed",
            OpState::Failed => "failed",
            OpState::Conflict => "conflict",
            OpState::CreatedEarlier => "created_earlier",
        }
    }

    /// Whether `self → to` is a legal move.
    pub fn can_become(self, to: OpState) -> bool {
        use OpState::*;
        matches!(
            (self, to),
            (Queued, Sending)
                | (
                    Sending,
                    Confirmed | Unknown | Failed | Queued | Conflict | CreatedEarlier
                )
                | (
                    Unknown,
                    Confirmed | Queued | Failed | Sending | Conflict | CreatedEarlier
                )
                | (CreatedEarlier, Confirmed)
        )
    }

    /// Whether the provider may hold it while the desk does not know (reconciled first).
    pub fn in_doubt(self) -> bool {
        matches!(self, OpState::Sending | OpState::Unknown)
    }

    /// The status the history shows for an operation in this state (a confirmed operation
    /// shows the provider's own status instead).
    pub fn shown_status(self) -> &'static str {
        match self {
            OpState::Queued => "queued",
            OpState::Sending => "sending",
            OpState::Unknown => "checking",
            OpState::Confirmed => "pending",
            OpState::Failed => "failed",
            OpState::Conflict => "attention",
            OpState::CreatedEarlier => "sent",
        }
    }
}

impl fmt::Display for OpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OpState {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self> {
        OpState::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown operation state {s:?}")))
    }
}

/// A charge the merchant asked for at checkout: created at the payment provider under the
/// operation's reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    /// The amount, as the merchant reviewed it.
    pub amount: Money,
    /// What it is for.
    pub description: String,
    /// The customer's name (may be empty).
    pub customer_name: String,
    /// The customer's email (may be empty).
    pub customer_email: String,
    /// MonEFlow Pay's one-time card nonce, when the card page gave one.
    pub nonce: Option<String>,
    /// Take the money now (`sale`, the default: charges stored before this field read so),
    /// or only authorise it, to capture later (MonEFlow Pay).
    #[serde(default)]
    pub intent: ChargeIntent,
    /// The desk's customer the charge is for, and what is done with their card; `None` when
    /// the checkout named no customer (and for charges stored before this field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<ChargeCustomer>,
}

/// The desk's customer a charge is for, and what is done with their card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeCustomer {
    /// The desk's customer id (`cus_…`): `customerId` at MonEFlow Pay, `customer.id` at Mona.
    pub id: String,
    /// What the charge does with the card (MonEFlow Pay's Vault).
    #[serde(default)]
    pub card: CardUse,
}

/// What a charge does with the customer's card (MonEFlow Pay's Vault).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "use")]
pub enum CardUse {
    /// Pays with the card page's nonce and keeps nothing.
    #[default]
    Once,
    /// Pays with the card page's nonce and saves the card for the customer (`vault: true`):
    /// only when the customer ticked "Save this card" in the card page.
    Save,
    /// Pays with a saved card's payment method token, with no card page.
    Saved {
        /// The payment method token (not shown whole anywhere).
        token: String,
    },
}

/// Whether a charge takes the money now or only authorises it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChargeIntent {
    /// Take the money now.
    #[default]
    Sale,
    /// Authorise only: the money is held, and captured (or voided) later.
    Authorize,
}

impl ChargeIntent {
    /// The name the provider's contract uses (`sale`, `authorize`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChargeIntent::Sale => "sale",
            ChargeIntent::Authorize => "authorize",
        }
    }
}

/// A refund of (part of) a payment the provider holds, under the refund's own reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    /// The payment's id at the provider.
    pub payment_remote_id: String,
    /// The payment's history record.
    pub payment_record: String,
    /// How much goes back.
    pub amount: Money,
    /// Why (`requested_by_customer`, `duplicated`, `fraudulent`).
    pub reason: String,
}

/// The capture of (part of) an authorisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capture {
    /// The authorised transaction's id at the provider.
    pub remote_id: String,
    /// The authorisation's history record.
    pub payment_record: String,
    /// How much is taken (at most what was authorised).
    pub amount: Money,
}

/// The release of an authorisation: nothing is taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Void {
    /// The authorised transaction's id at the provider.
    pub remote_id: String,
    /// The authorisation's history record.
    pub payment_record: String,
    /// What was authorised (released, not moved).
    pub amount: Money,
}

/// What an operation is meant to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// A payout to a CLABE (Monnet).
    Payout(ValidPayout),
    /// A checkout's charge (Mona, Monei, MonEFlow Pay).
    Charge(Charge),
    /// A refund of a payment (Monei, MonEFlow Pay).
    Refund(Refund),
    /// The capture of an authorisation (MonEFlow Pay).
    Capture(Capture),
    /// The void of an authorisation (MonEFlow Pay).
    Void(Void),
    /// A recurring collection for a customer (Mona), consented to once in Mona's page.
    Collection(NewCollection),
    /// The cancellation of a collection (Mona): a state change, read back after a doubt.
    Cancel(CancelCollection),
}

impl Intent {
    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Intent::Payout(_) => "payout",
            Intent::Charge(_) => "charge",
            Intent::Refund(_) => "refund",
            Intent::Capture(_) => "capture",
            Intent::Void(_) => "void",
            Intent::Collection(_) => "collection",
            Intent::Cancel(_) => "cancel",
        }
    }

    /// The amount meant (for a void, the authorisation it releases).
    pub fn amount(&self) -> Money {
        match self {
            Intent::Payout(p) => p.amount,
            Intent::Charge(c) => c.amount,
            Intent::Refund(r) => r.amount,
            Intent::Capture(c) => c.amount,
            Intent::Void(v) => v.amount,
            Intent::Collection(c) => c.amount,
            Intent::Cancel(c) => c.amount,
        }
    }

    /// The history record of the payment this operation follows (refund, capture, void), or
    /// of the collection a cancellation ends.
    pub fn payment_record(&self) -> Option<&str> {
        match self {
            Intent::Refund(r) => Some(&r.payment_record),
            Intent::Capture(c) => Some(&c.payment_record),
            Intent::Void(v) => Some(&v.payment_record),
            Intent::Cancel(c) => Some(&c.collection_record),
            Intent::Payout(_) | Intent::Charge(_) | Intent::Collection(_) => None,
        }
    }

    pub(crate) fn to_json(&self) -> Result<String> {
        match self {
            Intent::Payout(p) => serde_json::to_string(p),
            Intent::Charge(c) => serde_json::to_string(c),
            Intent::Refund(r) => serde_json::to_string(r),
            Intent::Capture(c) => serde_json::to_string(c),
            Intent::Void(v) => serde_json::to_string(v),
            Intent::Collection(c) => serde_json::to_string(c),
            Intent::Cancel(c) => serde_json::to_string(c),
        }
        .map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    pub(crate) fn from_json(kind: &str, payload: &str) -> Result<Self> {
        let corrupt = |e: serde_json::Error| StoreError::Corrupt(e.to_string());
        match kind {
            "payout" => Ok(Intent::Payout(
                serde_json::from_str(payload).map_err(corrupt)?,
            )),
            "charge" => Ok(Intent::Charge(
                serde_json::from_str(payload).map_err(corrupt)?,
            )),
            "refund" => Ok(Intent::Refund(
                serde_json::from_str(payload).map_err(corrupt)?,
            )),
            "capture" => Ok(Intent::Capture(
                serde_json::from_str(payload).map_err(corrupt)?,
            )),
            "void" => Ok(Intent::Void(
                serde_json::from_str(payload).map_err(corrupt)?,
            )),
            "collection" => Ok(Intent::Collection(
                serde_json::from_str(payload).map_err(corrupt)?,
            )),
            "cancel" => Ok(Intent::Cancel(
                serde_json::from_str(payload).map_err(corrupt)?,
            )),
            other => Err(StoreError::Corrupt(format!(
                "unknown operation kind {other:?}"
            ))),
        }
    }
}

/// One money movement as stored.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Row id.
    pub id: i64,
    /// The history record's id.
    pub transaction_id: String,
    /// Who it is sent to.
    pub provider: Provider,
    /// Sandbox or production.
    pub environment: Environment,
    /// The idempotency reference sent to the provider (orderId / reference).
    pub reference: String,
    /// What it is meant to do.
    pub intent: Intent,
    /// Where it is.
    pub state: OpState,
    /// Sends so far.
    pub attempts: i64,
    /// The provider's id, once known.
    pub remote_id: Option<String>,
    /// The last problem, as a sentence.
    pub last_error: Option<String>,
    /// When the state last changed (ms).
    pub updated_at: i64,
}

/// How many operations are in each group of states, for the status bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Waiting to be sent.
    pub queued: u32,
    /// Sending, or being checked at the provider.
    pub in_flight: u32,
    /// Refused by the provider.
    pub failed: u32,
    /// Needing the merchant's attention (a conflict at the provider).
    pub attention: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_and_only_legal_moves_are_allowed() {
        for s in OpState::ALL {
            assert_eq!(s.as_str().parse::<OpState>().unwrap(), s);
        }
        assert!(OpState::Queued.can_become(OpState::Sending));
        assert!(!OpState::Queued.can_become(OpState::Confirmed));
        assert!(!OpState::Conflict.can_become(OpState::Confirmed));
        assert!(!OpState::Confirmed.can_become(OpState::Sending));
        assert!(!OpState::Failed.can_become(OpState::Queued));
    }

    #[test]
    fn a_charge_stored_before_the_intent_field_reads_as_a_sale() {
        let old = r#"{"amount":{"minor":1250,"currency":"EUR"},"description":"","customer_name":"","customer_email":"","nonce":null}"#;
        match Intent::from_json("charge", old) {
            Ok(Intent::Charge(c)) => assert_eq!(c.intent, ChargeIntent::Sale),
            other => panic!("{other:?}"),
        }
        let refund = Intent::Refund(Refund {
            payment_remote_id: "mft_1".into(),
            payment_record: "moneflow_ab".into(),
            amount: Money::new(500, desk_domain::Currency::USD),
            reason: "requested_by_customer".into(),
        });
        let json = refund.to_json().unwrap_or_default();
        assert_eq!(Intent::from_json("refund", &json).ok(), Some(refund));
    }
}
