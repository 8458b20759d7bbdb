//! Mona: the private key in `x-api-key` for server calls; the public key only ever goes to the
//! UI, which hosts Mona's checkout SDK with it and a resource id.
//!
//! Checkouts are here; collections (recurring charges a customer consents to once with SCA)
//! and verifications are in [`collections`], and the SDK page of each in [`MonaClient::sdk_page`].

mod collections;

pub use collections::{
    Collection, CollectionList, ConsentSubject, CreateCollection, CustomerDetails, Frequency,
    Verification,
};

use std::sync::Arc;

use desk_domain::{Environment, Provider, Secret};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::created::Created;
use crate::env::{KeyKind, check_key};
use crate::error::Result;
use crate::http::{GET, Http, POST};
use crate::ratelimit::{EndpointClass, RateLimiter};

/// Mona's two keys.
#[derive(Clone)]
pub struct MonaCredentials {
    /// `mona_sk_sandbox_…` / `mona_sk_prod_…`: backend only.
    pub private_key: Secret,
    /// `mona_pub_…`: safe for the UI.
    pub public_key: String,
}

/// A customer, optional on a transaction.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Customer {
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
}

/// `POST /pay/create`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CreateTransaction {
    /// Kobo.
    pub amount: i64,
    /// `NGN`.
    pub currency: String,
    /// Merchant reference; a repeat returns the existing transaction (contract).
    pub reference: String,
    /// Description.
    pub description: String,
    /// Customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
}

/// A Mona checkout transaction.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// Handed to the SDK.
    pub transaction_id: String,
    /// Short id for people.
    #[serde(rename = "friendlyID")]
    pub friendly_id: String,
    /// Reference.
    pub reference: String,
    /// Kobo.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Customer's name, when given.
    #[serde(default)]
    pub customer_name: String,
    /// The desk's customer id (`customer.id`, or the collection's customer), when given.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// The collection that took this charge; `None` for a checkout.
    #[serde(default)]
    pub collection_id: Option<String>,
    /// `pending`, `successful`, `failed`.
    pub status: String,
    /// Why it failed.
    #[serde(default)]
    pub failure_reason: Option<String>,
    /// Created.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
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

/// The merchant a key belongs to.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Merchant {
    /// Id.
    pub merchant_id: String,
    /// Name.
    pub name: String,
}

/// Calls to Mona with the private key.
#[derive(Clone)]
pub struct MonaClient {
    http: Http,
    creds: MonaCredentials,
}

impl MonaClient {
    /// A client; both keys are checked against `env` first.
    pub fn new(
        base: Url,
        env: Environment,
        creds: MonaCredentials,
        limiter: Arc<RateLimiter>,
    ) -> Result<Self> {
        check_key(KeyKind::MonaPrivate, creds.private_key.expose(), env)?;
        check_key(KeyKind::MonaPublic, &creds.public_key, env)?;
        Ok(Self {
            http: Http::new(Provider::Mona, base, limiter)?,
            creds,
        })
    }

    /// The public key, for the UI's SDK.
    pub fn public_key(&self) -> &str {
        &self.creds.public_key
    }

    /// The base URL (the SDK page is served from the same origin).
    pub fn base(&self) -> &Url {
        self.http.base()
    }

    fn req(&self, method: reqwest::Method, path: &str) -> Result<reqwest::RequestBuilder> {
        Ok(self
            .http
            .request(method, path)?
            .header("x-api-key", self.creds.private_key.expose()))
    }

    /// Verifies the key with a harmless call.
    pub async fn verify(&self) -> Result<Merchant> {
        self.http
            .send_json(EndpointClass::Auth, true, || self.req(GET, "/merchant"))
            .await
    }

    /// Creates a checkout transaction; sent once, never retried. A repeated reference answers
    /// 200 with the existing one (`existed: true`; contract, see `docs/provider-api.md`).
    pub async fn create_transaction(
        &self,
        body: &CreateTransaction,
    ) -> Result<Created<Transaction>> {
        self.http
            .send_created(|| Ok(self.req(POST, "/pay/create")?.json(body)))
            .await
    }

    /// As [`create_transaction`](Self::create_transaction), for the desk's customer
    /// `customer_id` (`customer.id`, with `body.customer`'s name and email): the transaction
    /// then reads back with `customer_id` set.
    pub async fn create_transaction_for_customer(
        &self,
        body: &CreateTransaction,
        customer_id: &str,
    ) -> Result<Created<Transaction>> {
        let mut json = serde_json::to_value(body)
            .map_err(|e| crate::error::ProviderError::Decode(e.to_string()))?;
        let customer = body.customer.clone().unwrap_or_default();
        json["customer"] = serde_json::json!({
            "name": customer.name, "email": customer.email, "id": customer_id,
        });
        self.http
            .send_created(|| Ok(self.req(POST, "/pay/create")?.json(&json)))
            .await
    }

    /// The transactions holding `reference`, oldest first (`GET /pay?reference=`, contract):
    /// empty if Mona never received it; more than one only from a provider that does not
    /// deduplicate. What to read after an unknown outcome, before any resend.
    pub async fn find_by_reference(&self, reference: &str) -> Result<Vec<Transaction>> {
        let q = [("reference", reference)];
        let list: TransactionList = self
            .http
            .send_json(EndpointClass::Read, true, || {
                Ok(self.req(GET, "/pay")?.query(&q))
            })
            .await?;
        Ok(list
            .data
            .into_iter()
            .filter(|t| t.reference == reference)
            .collect())
    }

    /// Reads a transaction.
    pub async fn get_transaction(&self, id: &str) -> Result<Transaction> {
        let path = format!("/pay/{id}");
        self.http
            .send_json(EndpointClass::Read, true, || self.req(GET, &path))
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
                Ok(self.req(GET, "/pay")?.query(&q))
            })
            .await
    }
}
