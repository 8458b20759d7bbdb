//! Customers as the UI sends and shows them: the list (email masked), a customer's page (the
//! providers that know them, saved cards, collections, verification, history), and the
//! requests and reviews of a saved-card charge, a collection and a verification. No payment
//! method token reaches the UI: a card is named by its local id and shown masked.

use desk_domain::{Environment, Money, Provider};
use serde::{Deserialize, Serialize};

pub use desk_store::collections::Frequency;
use desk_store::history::HistoryPage;

/// A customer as typed into the "New customer" form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CustomerDraft {
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
}

/// A customer in the list: the email masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerItem {
    /// The desk's customer id (`cus_…`).
    pub id: String,
    /// Name (may be empty: a checkout named them by email).
    pub name: String,
    /// The email masked (`a•••@example.com`).
    pub email_masked: String,
    /// When they were first recorded (RFC 3339, in the merchant's time zone).
    pub created_at: String,
}

/// One page of customers, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerPage {
    /// The page, by name then email.
    pub items: Vec<CustomerItem>,
    /// How many customers match.
    pub total: u32,
}

/// A saved card on the customer's page: its token never leaves Rust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedCardView {
    /// The card's local id (what a charge or a removal names).
    #[ts(type = "number")]
    pub id: i64,
    /// The provider holding it.
    pub provider: Provider,
    /// Brand.
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// The provider's token masked to its last four (`••••9f2c`), to tell cards apart.
    pub token_masked: String,
    /// When it was saved (RFC 3339, in the merchant's time zone).
    pub saved_at: String,
}

/// A collection on the customer's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CollectionView {
    /// Its history id.
    pub id: String,
    /// The desk's reference.
    pub reference: String,
    /// What each charge takes.
    pub amount: Money,
    /// Weekly or monthly.
    pub frequency: Option<Frequency>,
    /// `queued`, `sending` or `checking` (the create on its way), `pending_consent`,
    /// `active`, `refused`, `cancelled`, `failed` (Mona refused the create) or `attention`.
    pub status: String,
    /// What it is for.
    pub description: String,
    /// When the customer consented (RFC 3339).
    pub consented_at: Option<String>,
    /// When the next charge falls due (RFC 3339), while active.
    pub next_charge_at: Option<String>,
    /// When it was cancelled (RFC 3339).
    pub cancelled_at: Option<String>,
    /// The charges Mona made for it so far (in the history).
    pub charges: u32,
    /// How many of them failed.
    pub failed_charges: u32,
    /// Whether the merchant may cancel it now.
    pub can_cancel: bool,
    /// Whether a cancellation is on its way.
    pub cancelling: bool,
}

/// The customer's identity verification, as last read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VerificationView {
    /// The desk's reference.
    pub reference: String,
    /// `creating` (asked, Mona's answer not received yet), `pending` (waiting for the
    /// customer), `verified` or `failed`.
    pub status: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// A customer's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerDetail {
    /// The desk's customer id (`cus_…`), their id at the providers.
    pub id: String,
    /// Name.
    pub name: String,
    /// Email, whole (the merchant opened this customer).
    pub email: String,
    /// When they were first recorded (RFC 3339).
    pub created_at: String,
    /// The providers that know them in this environment.
    pub providers: Vec<Provider>,
    /// Their saved cards in this environment.
    pub cards: Vec<SavedCardView>,
    /// Their collections in this environment, newest first.
    pub collections: Vec<CollectionView>,
    /// Their latest identity verification in this environment.
    pub verification: Option<VerificationView>,
    /// Their history in this environment, newest first (emails masked as in every list).
    pub history: HistoryPage,
    /// The environment shown.
    pub environment: Environment,
    /// What could not be read from a provider just now (the page shows what was last read).
    pub note: Option<String>,
}

/// A charge of a saved card, as the merchant fills it in on the customer's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CardChargeRequest {
    /// The customer.
    pub customer_id: String,
    /// The saved card's local id.
    #[ts(type = "number")]
    pub card_id: i64,
    /// The amount as typed, in the merchant's locale.
    pub amount: String,
    /// ISO 4217 code.
    pub currency: String,
    /// What it is for.
    pub description: String,
}

/// What the desk read from a saved-card charge, shown before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CardChargeReview {
    /// The amount as read.
    pub amount: Money,
    /// The amount in the merchant's locale with its currency.
    pub amount_text: String,
    /// The card charged ("Visa •••• 4242").
    pub card: String,
    /// Provider.
    pub provider: Provider,
    /// The customer ("Ana Gómez <ana@example.com>").
    pub customer: String,
    /// What it is for.
    pub description: String,
    /// Where it would be charged.
    pub environment: Environment,
    /// The sentence the merchant confirms in production, naming amount and environment.
    pub confirmation: Option<String>,
    /// The second question, when the amount is above the merchant's limit.
    pub above_limit: Option<String>,
}

/// A recurring collection, as the merchant fills it in on the customer's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CollectionRequest {
    /// The customer.
    pub customer_id: String,
    /// What each charge takes, as typed in the merchant's locale.
    pub amount: String,
    /// ISO 4217 code (Mona: NGN).
    pub currency: String,
    /// Weekly or monthly.
    pub frequency: Frequency,
    /// What it is for (the customer reads it in Mona's page).
    pub description: String,
}

/// What the desk read from a collection form, shown before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CollectionReview {
    /// What each charge takes.
    pub amount: Money,
    /// The amount in the merchant's locale with its currency.
    pub amount_text: String,
    /// Weekly or monthly.
    pub frequency: Frequency,
    /// The customer.
    pub customer: String,
    /// What it is for.
    pub description: String,
    /// Where it would be created.
    pub environment: Environment,
    /// The sentence the merchant confirms in production, naming amount and environment.
    pub confirmation: Option<String>,
    /// The second question, when the amount is above the merchant's limit.
    pub above_limit: Option<String>,
}

/// A collection as it stands, with Mona's consent page while it waits for the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CollectionSession {
    /// The collection's history id.
    pub id: String,
    /// The desk's reference.
    pub reference: String,
    /// As [`CollectionView::status`].
    pub status: String,
    /// A sentence about the status when the desk is still checking, or it failed.
    pub note: Option<String>,
    /// Mona's consent page to frame while the collection is pending consent (public values
    /// only).
    pub sdk_url: Option<String>,
    /// The origin that page posts its messages from.
    pub sdk_origin: Option<String>,
}

/// A verification as it stands, with Mona's page while it waits for the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VerificationSession {
    /// The customer.
    pub customer_id: String,
    /// The desk's reference.
    pub reference: String,
    /// As [`VerificationView::status`].
    pub status: String,
    /// A sentence when Mona could not be reached.
    pub note: Option<String>,
    /// Mona's page to frame while the verification is pending (public values only).
    pub sdk_url: Option<String>,
    /// The origin that page posts its messages from.
    pub sdk_origin: Option<String>,
}

/// What cancelling a collection did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CancelResult {
    /// The collection's history id.
    pub id: String,
    /// The cancellation's reference.
    pub reference: String,
    /// `done`, `queued` (sent when Mona can be reached), `checking` (nothing is sent twice),
    /// `failed` or `attention`.
    pub state: String,
    /// A sentence about the state, when it is not `done`.
    pub note: Option<String>,
}
