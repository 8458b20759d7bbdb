//! Everything the sandbox remembers: merchants and each provider's records.

use std::collections::{HashMap, HashSet};

use desk_domain::Provider;
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::merchant::{MerchantCredentials, MonnetKeys};

/// A Monnet payout as stored; its status is derived from the clock (see `monnet`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonnetPayout {
    /// Id.
    pub id: u64,
    /// Owner.
    pub merchant_id: String,
    /// Reference.
    pub order_id: String,
    /// Country.
    pub country: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Description.
    pub description: String,
    /// Beneficiary's full name.
    pub beneficiary: String,
    /// Beneficiary's last name (drives the sandbox's bank rejection).
    pub last_name: String,
    /// CLABE.
    pub clabe: String,
    /// Created (ms).
    pub created_ms: i64,
}

/// A Mona transaction.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonaTransaction {
    /// Id.
    pub transaction_id: String,
    /// Short id.
    #[serde(rename = "friendlyID")]
    pub friendly_id: String,
    /// Owner's private key (never serialised to clients: stripped in replies).
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub owner: String,
    /// Reference.
    pub reference: String,
    /// Kobo.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Description.
    pub description: String,
    /// Customer name.
    pub customer_name: String,
    /// Customer email (binds the consent to the customer's device; never served).
    #[serde(default)]
    pub customer_email: String,
    /// The merchant's customer id (`customer.id`), when given.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// The collection that made this charge (`None` for a checkout).
    #[serde(default)]
    pub collection_id: Option<String>,
    /// `pending`, `successful`, `failed`.
    pub status: String,
    /// Why it failed.
    pub failure_reason: Option<String>,
    /// Created (ms).
    pub created_ms: i64,
    /// Updated (ms).
    pub updated_ms: i64,
}

/// The customer a Mona resource names (`customer: {name, email, id?}`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct MonaCustomer {
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// The merchant's customer id.
    pub id: Option<String>,
}

impl MonaCustomer {
    /// Who the customer is for device binding: the email in lower case, else the id; `None`
    /// for a guest (docs/provider-api.md, "Mona's consent binds a known device").
    pub fn identity(&self) -> Option<String> {
        let email = self.email.trim();
        if !email.is_empty() {
            return Some(format!("email:{}", email.to_lowercase()));
        }
        self.id
            .as_ref()
            .filter(|id| !id.is_empty())
            .map(|id| format!("id:{id}"))
    }
}

/// A Mona collection: recurring charges the customer consents to once, with SCA.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonaCollection {
    /// Id.
    pub collection_id: String,
    /// Owner's private key.
    pub owner: String,
    /// Reference (its charges are `<reference>-<n>`).
    pub reference: String,
    /// Kobo per charge.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// `weekly` or `monthly`.
    pub frequency: String,
    /// Description.
    pub description: String,
    /// The customer.
    pub customer: MonaCustomer,
    /// `pending_consent`, `active`, `refused`, `cancelled`.
    pub status: String,
    /// When the customer approved it (ms): charge 1 falls due then.
    pub consented_ms: Option<i64>,
    /// When it was cancelled (ms).
    pub cancelled_ms: Option<i64>,
    /// How many charges were made so far.
    pub charges_made: u32,
    /// Created (ms).
    pub created_ms: i64,
    /// Last status change (ms).
    pub updated_ms: i64,
}

/// A Mona verification: the customer proves with SCA that the device is theirs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonaVerification {
    /// Id.
    pub verification_id: String,
    /// Owner's private key.
    pub owner: String,
    /// Reference.
    pub reference: String,
    /// The customer.
    pub customer: MonaCustomer,
    /// `pending`, `verified`, `failed`.
    pub status: String,
    /// Created (ms).
    pub created_ms: i64,
    /// Last status change (ms).
    pub updated_ms: i64,
}

/// A device key a Mona customer registered with their first accepted consent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonaDevice {
    /// The merchant's private key.
    pub owner: String,
    /// [`MonaCustomer::identity`].
    pub customer: String,
    /// base64 of the uncompressed SEC1 point.
    pub public_key: String,
    /// Registered (ms).
    pub registered_ms: i64,
}

/// A Monei payment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneiPayment {
    /// Id.
    pub id: String,
    /// Owner key.
    pub owner: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Reference.
    pub order_id: String,
    /// Description.
    pub description: String,
    /// Customer name.
    pub customer_name: String,
    /// Created (ms).
    pub created_ms: i64,
    /// `PENDING` until the customer's card step, then `SUCCEEDED` or `FAILED` (refunds and
    /// the 7-day expiry are derived when read).
    #[serde(default = "pending")]
    pub status: String,
    /// Why, when `FAILED`.
    #[serde(default)]
    pub status_reason: Option<String>,
    /// When the card step changed it (ms); 0 while pending.
    #[serde(default)]
    pub updated_ms: i64,
    /// The card that paid it (brand, last four), once the card step ran.
    #[serde(default)]
    pub card: Option<(String, String)>,
    /// Refunds, oldest first.
    #[serde(default)]
    pub refunds: Vec<MoneiRefund>,
}

fn pending() -> String {
    "PENDING".into()
}

/// A Monei `paymentToken` from the payment page's card step: it pays one payment, once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneiToken {
    /// The payment it was made for.
    pub payment_id: String,
    /// Full number (sandbox test cards only).
    pub number: String,
    /// Whether it was used.
    pub used: bool,
    /// Created (ms).
    pub created_ms: i64,
}

/// A refund of a Monei payment, under the merchant's reference (contract).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneiRefund {
    /// Id.
    pub id: String,
    /// The merchant's reference.
    pub reference: String,
    /// Minor units.
    pub amount: i64,
    /// Why.
    pub reason: String,
    /// Created (ms).
    pub created_ms: i64,
}

/// A MonEFlow transaction.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneflowTransaction {
    /// Id.
    pub id: String,
    /// Owner merchant id.
    pub merchant_id: String,
    /// Reference.
    pub order_id: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// `sale` or `credit` (a refund).
    #[serde(default = "sale")]
    pub kind: String,
    /// `sale` or `authorize`.
    #[serde(default = "sale")]
    pub intent: String,
    /// `settled`, `authorized`, `voided`, `partially_refunded`, `refunded`, `declined`
    /// (an authorisation past its lifetime reads `authorization_expired`).
    pub status: String,
    /// What a capture took.
    #[serde(default)]
    pub captured_amount: Option<i64>,
    /// What credits gave back.
    #[serde(default)]
    pub refunded_amount: i64,
    /// The credits of a sale.
    #[serde(default)]
    pub refund_ids: Vec<String>,
    /// For a credit: the sale it refunds.
    #[serde(default)]
    pub refunded_transaction_id: Option<String>,
    /// `10000` approved.
    pub response_code: String,
    /// Its text.
    pub response_message: String,
    /// Card brand.
    pub brand: String,
    /// Last four.
    pub last4: String,
    /// Vault token: the one saved by this sale, or the saved card it charged.
    pub payment_method_token: Option<String>,
    /// The merchant's customer id, as sent or the saved card's.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// Cardholder.
    pub holder: String,
    /// Created (ms).
    pub created_ms: i64,
    /// Updated (ms).
    pub updated_ms: i64,
}

fn sale() -> String {
    "sale".into()
}

/// A tokenised card behind a nonce or a vault token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CardRecord {
    /// Owner merchant id.
    pub merchant_id: String,
    /// Full number (sandbox test cards only).
    pub number: String,
    /// Holder.
    pub holder: String,
    /// Whether a nonce was used.
    pub used: bool,
    /// Created (ms).
    pub created_ms: i64,
    /// A nonce: whether the customer ticked "Save this card for next time".
    #[serde(default)]
    pub vault_consent: bool,
    /// A saved card (`pm_…`): its customer.
    #[serde(default)]
    pub customer_id: Option<String>,
}

/// What a Mona consent is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentKind {
    /// A checkout transaction.
    #[default]
    Transaction,
    /// A collection.
    Collection,
    /// A verification.
    Verification,
}

/// A Mona SCA challenge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Challenge {
    /// What it is for.
    #[serde(default)]
    pub kind: ConsentKind,
    /// The id of the transaction, collection or verification it answers.
    #[serde(alias = "transaction_id")]
    pub resource_id: String,
    /// The merchant's private key.
    #[serde(default)]
    pub owner: String,
    /// Whether the customer refuses (`decision: "refuse"`: collections and verifications).
    #[serde(default)]
    pub refuse: bool,
    /// The exact text to sign.
    pub payload: String,
    /// Whether an authorize answered it already.
    pub used: bool,
    /// Made (ms).
    #[serde(default)]
    pub created_ms: i64,
}

/// The sandbox's whole state.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct World {
    /// Merchants.
    pub merchants: Vec<MerchantCredentials>,
    /// Extra Monnet merchants (the document's example).
    pub monnet_extra: Vec<MonnetKeys>,
    /// Monnet payouts.
    pub payouts: Vec<MonnetPayout>,
    /// Monnet signatures already used.
    pub used_signatures: HashSet<String>,
    /// Mona transactions.
    pub mona: Vec<MonaTransaction>,
    /// Mona collections.
    #[serde(default)]
    pub mona_collections: Vec<MonaCollection>,
    /// Mona verifications.
    #[serde(default)]
    pub mona_verifications: Vec<MonaVerification>,
    /// Device keys Mona customers registered.
    #[serde(default)]
    pub mona_devices: Vec<MonaDevice>,
    /// Mona challenges by id.
    pub challenges: HashMap<String, Challenge>,
    /// Monei payments.
    pub monei: Vec<MoneiPayment>,
    /// Monei payment tokens by token.
    #[serde(default)]
    pub monei_tokens: HashMap<String, MoneiToken>,
    /// MonEFlow transactions.
    pub moneflow: Vec<MoneflowTransaction>,
    /// MonEFlow nonces and vault tokens.
    pub cards: HashMap<String, CardRecord>,
    /// Next numeric id (Monnet payouts, friendly ids).
    pub next_id: u64,
}

impl World {
    /// A fresh numeric id.
    pub fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The Monnet merchant with `merchant_id`.
    pub fn monnet_keys(&self, merchant_id: &str) -> Option<MonnetKeys> {
        self.merchants
            .iter()
            .map(|m| &m.monnet)
            .chain(self.monnet_extra.iter())
            .find(|k| k.merchant_id == merchant_id)
            .cloned()
    }

    /// Rolls `provider`'s secret of the merchant whose current secret is `current`: new
    /// secrets replace the old at once (the old one is refused from now on, like a dashboard's
    /// "roll key now") and the merchant's records stay theirs. `None` if no merchant has it.
    pub fn roll_secret(
        &mut self,
        provider: Provider,
        current: &str,
        rng: &mut impl Rng,
    ) -> Option<MerchantCredentials> {
        let merchant = self
            .merchants
            .iter_mut()
            .find(|m| m.secret(provider) == current)?;
        merchant.reissue(provider, rng);
        let rolled = merchant.clone();
        let new = rolled.secret(provider).to_string();
        match provider {
            Provider::Mona => {
                let owned = self.mona.iter_mut().map(|t| &mut t.owner);
                let collections = self.mona_collections.iter_mut().map(|c| &mut c.owner);
                let verifications = self.mona_verifications.iter_mut().map(|v| &mut v.owner);
                let devices = self.mona_devices.iter_mut().map(|d| &mut d.owner);
                let challenges = self.challenges.values_mut().map(|c| &mut c.owner);
                for owner in owned
                    .chain(collections)
                    .chain(verifications)
                    .chain(devices)
                    .chain(challenges)
                    .filter(|o| *o == current)
                {
                    owner.clone_from(&new);
                }
            }
            Provider::Monei => {
                for p in self.monei.iter_mut().filter(|p| p.owner == current) {
                    p.owner.clone_from(&new);
                }
            }
            // Records are owned by merchant id, which stays.
            Provider::Moneflow | Provider::Monnet => {}
        }
        Some(rolled)
    }
}
