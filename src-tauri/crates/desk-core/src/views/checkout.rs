//! Checkout: the backend creates the resource, the UI hosts the provider's SDK with it.

use desk_domain::{Money, Provider};
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
