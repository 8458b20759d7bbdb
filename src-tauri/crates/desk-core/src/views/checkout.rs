//! Checkout: the backend creates the resource, the UI hosts the provider's SDK with it.

use desk_domain::{Environment, Money, Provider};
use serde::{Deserialize, Serialize};

/// What the merchant asks for when starting a checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckoutRequest {
    /// `mona` (checkout with SCA), `moneflow` (card fields) or `monei` (server-side payment).
    pub provider: Provider,
    /// Amount as typed, in major units ("250.00").
    pub amount: String,
    /// ISO 4217 code.
    pub currency: String,
    /// What the customer pays for.
    pub description: String,
    /// Customer's name, optional.
    pub customer_name: String,
    /// Customer's email, optional.
    pub customer_email: String,
    /// Authorise only (MonEFlow Pay): the card is held for the amount, captured or voided
    /// later from the payment's detail.
    #[serde(default)]
    pub authorize_only: bool,
    /// Offer the customer to save their card for next time (MonEFlow Pay, a customer named
    /// by email): the card page shows the box, and the card is saved only if they tick it.
    #[serde(default)]
    pub save_card: bool,
}

/// Everything the UI needs to host the provider's client SDK: public values only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckoutSession {
    /// The local history id of this checkout.
    pub local_id: String,
    /// Provider.
    pub provider: Provider,
    /// Amount.
    pub amount: Money,
    /// The merchant's reference for this checkout.
    pub reference: String,
    /// The provider's resource id (Mona transactionId, Monei payment id), if created already.
    pub resource_id: Option<String>,
    /// The URL of the SDK page to host in an iframe (loopback sandbox or provider origin), if
    /// this provider's flow has a client step.
    pub sdk_url: Option<String>,
    /// The origin the SDK page posts its messages from; the UI accepts messages only from it.
    pub sdk_origin: Option<String>,
    /// `ready` (the SDK page can open, or the payment exists), `checking` (the desk is
    /// finding out whether the provider received it), `queued` (it goes out when the provider
    /// is reachable), or `attention` (the provider holds something else under the reference).
    pub state: String,
    /// A sentence about the state, when it is not `ready`.
    pub note: Option<String>,
}

/// What the desk read from a checkout form, shown before anything is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckoutReview {
    /// The amount as read.
    pub amount: Money,
    /// The amount written in the merchant's locale, with its currency ("12,50 EUR").
    pub amount_text: String,
    /// Provider.
    pub provider: Provider,
    /// The customer, as it will be sent ("" when none).
    pub customer: String,
    /// What the customer pays for.
    pub description: String,
    /// Whether the card is only authorised (captured or voided later).
    pub authorize_only: bool,
    /// Whether the card page offers the customer to save their card.
    pub save_card: bool,
    /// Where it would be created.
    pub environment: Environment,
    /// The sentence the merchant confirms in production, naming amount and environment.
    pub confirmation: Option<String>,
    /// The sentence of the second question, when the amount is above the merchant's limit.
    pub above_limit: Option<String>,
}

/// What the merchant confirmed on the review.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Confirmation {
    /// The merchant confirmed the review's sentence (needed in production).
    pub confirmed: bool,
    /// The merchant answered the second question for an amount above their limit.
    pub above_limit: bool,
    /// The amount the review showed: refused if the form now reads another.
    pub amount_shown: Option<Money>,
}

/// An amount field as the desk reads it while the merchant types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AmountReading {
    /// The amount read, when the text is a valid amount.
    pub amount: Option<Money>,
    /// The amount written back in the merchant's locale with its currency ("= 12,50 EUR").
    pub text: Option<String>,
    /// Why the text is not an amount, as a sentence that says how to write it.
    pub problem: Option<String>,
}

/// The MonEFlow card fields returned a one-time nonce: the backend turns it into a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NonceSubmission {
    /// The checkout's local id.
    pub local_id: String,
    /// The nonce from the SDK.
    pub nonce: String,
    /// Whether the customer ticked "Save this card for next time" in the card page (its
    /// message's `vaultConsent`); the card is saved only when the checkout offered it.
    #[serde(default)]
    pub vault_consent: bool,
}

/// The outcome of a checkout, for the result screen and receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckoutResult {
    /// The checkout's local id.
    pub local_id: String,
    /// Provider.
    pub provider: Provider,
    /// Amount.
    pub amount: Money,
    /// Merchant reference.
    pub reference: String,
    /// Provider's id for the payment.
    pub remote_id: Option<String>,
    /// Normalised status: `succeeded`, `pending`, `failed`.
    pub status: String,
    /// Why it failed, as a sentence, when it did.
    pub failure: Option<String>,
    /// Card brand and last 4, when a card was used ("Visa •••• 4242").
    pub card: Option<String>,
    /// When it completed (RFC 3339).
    pub completed_at: String,
}
