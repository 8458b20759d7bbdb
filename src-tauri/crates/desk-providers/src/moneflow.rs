//! MonEFlow Pay: HTTP Basic `clientId:secret` for server calls; a client token for the UI's
//! card fields, which return a one-time payment nonce the server turns into a transaction.
//!
//! Saved cards (the Vault) are in [`vault`]: a sale saves the card only when the customer
//! ticked "Save this card for next time" in the card page ([`MoneflowClient::card_fields_page`]
//! with `offer_vault`), and a saved card is charged by its token with no card page.

mod vault;

pub use vault::PaymentMethod;

use std::sync::Arc;

use base64::Engine;
use desk_domain::{Environment, Provider, Secret};
use desk_i18n::Message;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::created::Created;
use crate::env::{KeyKind, check_key};
use crate::error::{ProviderError, Result};
use crate::http::{GET, Http, POST};
use crate::ratelimit::{EndpointClass, RateLimiter};

/// MonEFlow Pay credentials.
#[derive(Clone)]
pub struct MoneflowCredentials {
    /// Merchant id (in every path).
    pub merchant_id: String,
    /// `mfp_test_…` / `mfp_live_…`.
    pub client_id: String,
    /// The secret.
    pub secret: Secret,
}

/// A client token for the SDK (valid 8 hours).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientToken {
    /// The token the SDK is initialised with.
    pub access_token: String,
    /// Issued.
    pub issued_on: String,
    /// Expires.
    pub expires_on: String,
}

/// What pays for a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentSource {
    /// A one-time nonce from the card fields.
    Nonce(String),
    /// A vaulted payment method's token.
    Vaulted(String),
}

/// `POST …/transactions`. [`saving_card`](Self::saving_card) and
/// [`saved_card`](Self::saved_card) build the two sales of returning customers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateTransaction {
    /// What pays.
    pub source: PaymentSource,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Reference; a repeat returns the existing transaction (contract).
    pub order_id: String,
    /// Save the card for `customer_id` (a nonce whose customer ticked the box only: otherwise
    /// MonEFlow Pay refuses with 422 `vault_consent_missing` and charges nothing).
    pub vault: bool,
    /// The desk's customer id (`cus_…`): required to save the card; with a saved card, it
    /// must be the card's customer.
    pub customer_id: Option<String>,
    /// Authorise only (`intent: "authorize"`): the money is held, captured or voided later.
    pub authorize: bool,
}

impl CreateTransaction {
    /// A sale from a card-page nonce that also saves the card for `customer_id` (only when
    /// the page's message said `vaultConsent: true`); the answer's `payment_method_token` is
    /// the saved card (`None` if the sale was declined).
    pub fn saving_card(
        nonce: &str,
        customer_id: &str,
        amount: i64,
        currency: &str,
        order_id: &str,
    ) -> Self {
        Self {
            source: PaymentSource::Nonce(nonce.into()),
            amount,
            currency: currency.into(),
            order_id: order_id.into(),
            vault: true,
            customer_id: Some(customer_id.into()),
            authorize: false,
        }
    }

    /// A sale charging `customer_id`'s saved card `token`, with no card page. A removed or
    /// unknown token is refused (422 `payment_method_invalid`).
    pub fn saved_card(
        token: &str,
        customer_id: &str,
        amount: i64,
        currency: &str,
        order_id: &str,
    ) -> Self {
        Self {
            source: PaymentSource::Vaulted(token.into()),
            amount,
            currency: currency.into(),
            order_id: order_id.into(),
            vault: false,
            customer_id: Some(customer_id.into()),
            authorize: false,
        }
    }
}

/// Card summary.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Card {
    /// Brand.
    pub brand: String,
    /// Last four digits.
    pub last4: String,
}

/// A MonEFlow Pay transaction: a `sale` (a charge or an authorisation) or a `credit` (a refund
/// of a sale, as Braintree's refunds).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// Id.
    pub id: String,
    /// `sale` or `credit`.
    #[serde(rename = "type", default = "sale")]
    pub kind: String,
    /// `sale` or `authorize`.
    #[serde(default = "sale")]
    pub intent: String,
    /// What a capture took, once captured.
    #[serde(default)]
    pub captured_amount: Option<i64>,
    /// What credits gave back so far.
    #[serde(default)]
    pub refunded_amount: i64,
    /// The credits of this sale, oldest first.
    #[serde(default)]
    pub refund_ids: Vec<String>,
    /// For a credit: the sale it refunds.
    #[serde(default)]
    pub refunded_transaction_id: Option<String>,
    /// For an authorisation: when it lapses.
    #[serde(default)]
    pub authorization_expires_at: Option<String>,
    /// Reference.
    pub order_id: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// `settled`, `authorized`, `authorization_expired`, `voided`, `partially_refunded`,
    /// `refunded`, `declined`.
    pub status: String,
    /// `10000` approved.
    pub response_code: String,
    /// Text of the response code.
    pub response_message: String,
    /// Card used.
    #[serde(default)]
    pub card: Card,
    /// Cardholder's name, when given.
    #[serde(default)]
    pub holder_name: String,
    /// The saved card: the one this sale saved (`vault`), or the one it charged.
    #[serde(default)]
    pub payment_method_token: Option<String>,
    /// The desk's customer id, as sent or the saved card's.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// Created.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

fn sale() -> String {
    "sale".into()
}

/// A page of transactions.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionList {
    /// Rows.
    pub data: Vec<Transaction>,
    /// Next page.
    pub next_cursor: Option<String>,
}

/// Calls to MonEFlow Pay.
#[derive(Clone)]
pub struct MoneflowClient {
    http: Http,
    creds: MoneflowCredentials,
}

impl MoneflowClient {
    /// A client; the client id is checked against `env` first.
    pub fn new(
        base: Url,
        env: Environment,
        creds: MoneflowCredentials,
        limiter: Arc<RateLimiter>,
    ) -> Result<Self> {
        check_key(KeyKind::MoneflowClientId, &creds.client_id, env)?;
        if creds.merchant_id.is_empty() || creds.secret.is_empty() {
            return Err(ProviderError::InvalidKey(Message::new(
                "provider.moneflow_credentials_required",
            )));
        }
        Ok(Self {
            http: Http::new(Provider::Moneflow, base, limiter)?,
            creds,
        })
    }

    /// The base URL (the SDK page is served from the same origin).
    pub fn base(&self) -> &Url {
        self.http.base()
    }

    fn req(&self, method: reqwest::Method, rest: &str) -> Result<reqwest::RequestBuilder> {
        let path = format!("/v1/merchants/{}{rest}", self.creds.merchant_id);
        let basic = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            self.creds.client_id,
            self.creds.secret.expose()
        ));
        Ok(self
            .http
            .request(method, &path)?
            .header("authorization", format!("Basic {basic}")))
    }

    /// A client token for the SDK; also how credentials are verified.
    pub async fn client_token(&self) -> Result<ClientToken> {
        self.http
            .send_json(EndpointClass::Auth, false, || {
                self.req(POST, "/client_token")
            })
            .await
    }

    /// Creates a transaction from a nonce or a vaulted method; sent once, never retried. A
    /// repeated `orderId` answers 200 with the existing transaction (`existed: true`; contract).
    pub async fn create_transaction(&self, t: &CreateTransaction) -> Result<Created<Transaction>> {
        let mut body = serde_json::json!({
            "amount": t.amount, "currency": t.currency, "orderId": t.order_id,
            "intent": if t.authorize { "authorize" } else { "sale" }, "vault": t.vault,
        });
        match &t.source {
            PaymentSource::Nonce(n) => body["paymentNonce"] = n.clone().into(),
            PaymentSource::Vaulted(tok) => body["paymentMethodToken"] = tok.clone().into(),
        }
        if let Some(c) = &t.customer_id {
            body["customerId"] = c.clone().into();
        }
        self.http
            .send_created(|| Ok(self.req(POST, "/transactions")?.json(&body)))
            .await
    }

    /// The transactions holding `order_id`, oldest first (`GET …/transactions?orderId=`,
    /// contract; Braintree's transaction search by order id): empty if MonEFlow Pay never
    /// received it. What to read after an unknown outcome, before any resend.
    pub async fn find_by_order_id(&self, order_id: &str) -> Result<Vec<Transaction>> {
        let q = [("orderId", order_id)];
        let list: TransactionList = self
            .http
            .send_json(EndpointClass::Read, true, || {
                Ok(self.req(GET, "/transactions")?.query(&q))
            })
            .await?;
        Ok(list
            .data
            .into_iter()
            .filter(|t| t.order_id == order_id)
            .collect())
    }

    /// Reads a transaction.
    pub async fn get_transaction(&self, id: &str) -> Result<Transaction> {
        let rest = format!("/transactions/{id}");
        self.http
            .send_json(EndpointClass::Read, true, || self.req(GET, &rest))
            .await
    }

    /// Transactions changed since `updated_since`.
    pub async fn list_transactions(
        &self,
        updated_since: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<TransactionList> {
        let mut q = vec![("limit", "200".to_string())];
        if let Some(s) = updated_since {
            q.push(("updated_since", s.to_string()));
        }
        if let Some(c) = cursor {
            q.push(("cursor", c.to_string()));
        }
        self.http
            .send_json(EndpointClass::Read, true, || {
                Ok(self.req(GET, "/transactions")?.query(&q))
            })
            .await
    }

    /// Captures (part of) an authorisation (`POST …/transactions/{id}/capture`, contract);
    /// sent once, never retried: after an unknown outcome the sale is read back.
    pub async fn capture(&self, id: &str, amount: i64) -> Result<Transaction> {
        let rest = format!("/transactions/{id}/capture");
        let body = serde_json::json!({ "amount": amount });
        self.http
            .send_json(EndpointClass::Write, false, || {
                Ok(self.req(POST, &rest)?.json(&body))
            })
            .await
    }

    /// Voids an authorisation (`POST …/transactions/{id}/void`, contract); sent once.
    pub async fn void(&self, id: &str) -> Result<Transaction> {
        let rest = format!("/transactions/{id}/void");
        self.http
            .send_json(EndpointClass::Write, false, || {
                Ok(self.req(POST, &rest)?.json(&serde_json::json!({})))
            })
            .await
    }

    /// Refunds (part of) a settled sale under the refund's own `order_id`: a new credit
    /// transaction (contract, as Braintree). Sent once, never retried; a repeated `order_id`
    /// answers 200 with the existing credit (`existed: true`). The credit is found again by
    /// [`find_by_order_id`](Self::find_by_order_id).
    pub async fn refund(
        &self,
        id: &str,
        amount: i64,
        order_id: &str,
    ) -> Result<Created<Transaction>> {
        let rest = format!("/transactions/{id}/refund");
        let body = serde_json::json!({ "amount": amount, "orderId": order_id });
        self.http
            .send_created(|| Ok(self.req(POST, &rest)?.json(&body)))
            .await
    }
}
