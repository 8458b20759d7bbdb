//! Monei: `x-api-key` with `sk_test_…` (sandbox) or `sk_live_…` (production).

use std::sync::Arc;

use desk_domain::{Environment, Provider, Secret};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::created::Created;
use crate::env::{KeyKind, check_key};
use crate::error::Result;
use crate::http::{GET, Http, POST};
use crate::mona::Customer;
use crate::ratelimit::{EndpointClass, RateLimiter};

/// `POST /v1/payments`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CreatePayment {
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Merchant reference; a repeat returns the existing payment (contract).
    pub order_id: String,
    /// Description.
    pub description: String,
    /// Customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
}

/// A Monei payment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// Id.
    pub id: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Reference.
    pub order_id: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Customer's name, when given.
    #[serde(default)]
    pub customer_name: String,
    /// `PENDING`, `SUCCEEDED`, `FAILED`, `CANCELED`, `PARTIALLY_REFUNDED`, `REFUNDED`.
    pub status: String,
    /// What refunds gave back so far.
    #[serde(default)]
    pub refunded_amount: i64,
    /// The refunds, oldest first, each with the reference it was sent under.
    #[serde(default)]
    pub refunds: Vec<Refund>,
    /// Why, when failed.
    #[serde(default)]
    pub status_reason: Option<String>,
    /// Created.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

/// A refund as the payment read back lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Refund {
    /// Id.
    pub id: String,
    /// The desk's reference for this refund (contract).
    pub reference: String,
    /// Minor units.
    pub amount: i64,
    /// `requested_by_customer`, `duplicated`, `fraudulent`.
    #[serde(default)]
    pub reason: String,
    /// Created.
    pub created_at: String,
}

/// `POST /v1/payments/{id}/refund`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RefundPayment {
    /// Minor units.
    pub amount: i64,
    /// `requested_by_customer`, `duplicated`, `fraudulent`.
    pub refund_reason: String,
    /// The desk's own reference for this refund (contract): a repeat answers 200 with the
    /// payment unchanged.
    pub reference: String,
}

/// A page of payments.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentList {
    /// Rows.
    pub data: Vec<Payment>,
    /// Next page.
    pub next_cursor: Option<String>,
}

/// Calls to Monei.
#[derive(Clone)]
pub struct MoneiClient {
    http: Http,
    api_key: Secret,
}

impl MoneiClient {
    /// A client; the key is checked against `env` first.
    pub fn new(
        base: Url,
        env: Environment,
        api_key: Secret,
        limiter: Arc<RateLimiter>,
    ) -> Result<Self> {
        check_key(KeyKind::Monei, api_key.expose(), env)?;
        Ok(Self {
            http: Http::new(Provider::Monei, base, limiter)?,
            api_key,
        })
    }

    fn req(&self, method: reqwest::Method, path: &str) -> Result<reqwest::RequestBuilder> {
        Ok(self
            .http
            .request(method, path)?
            .header("x-api-key", self.api_key.expose()))
    }

    /// Verifies the key (an authentication-class request).
    pub async fn verify(&self) -> Result<serde_json::Value> {
        self.http
            .send_json(EndpointClass::Auth, true, || self.req(GET, "/v1/account"))
            .await
    }

    /// Creates a payment; sent once, never retried. A repeated `orderId` answers 200 with
    /// the existing payment (`existed: true`; contract: MONEI documents no idempotency).
    pub async fn create_payment(&self, body: &CreatePayment) -> Result<Created<Payment>> {
        self.http
            .send_created(|| Ok(self.req(POST, "/v1/payments")?.json(body)))
            .await
    }

    /// Refunds (part of) a payment under the refund's own reference; sent once, never
    /// retried. A reference the payment already lists answers 200 with the payment
    /// (`existed: true`, contract). The refund is found again in the payment read back
    /// ([`get_payment`](Self::get_payment), `refunds[].reference`).
    pub async fn refund(&self, id: &str, body: &RefundPayment) -> Result<Created<Payment>> {
        let path = format!("/v1/payments/{id}/refund");
        self.http
            .send_created(|| Ok(self.req(POST, &path)?.json(body)))
            .await
    }

    /// The payments holding `order_id`, oldest first (`GET /v1/payments?orderId=`, contract):
    /// empty if Monei never received it. What to read after an unknown outcome, before any
    /// resend. MONEI's public REST API has no list: before going live, point this at MONEI's
    /// GraphQL API (`charges` filtered by `orderId`), see `docs/provider-api.md`.
    pub async fn find_by_order_id(&self, order_id: &str) -> Result<Vec<Payment>> {
        let q = [("orderId", order_id)];
        let list: PaymentList = self
            .http
            .send_json(EndpointClass::Read, true, || {
                Ok(self.req(GET, "/v1/payments")?.query(&q))
            })
            .await?;
        Ok(list
            .data
            .into_iter()
            .filter(|p| p.order_id == order_id)
            .collect())
    }

    /// Reads a payment.
    pub async fn get_payment(&self, id: &str) -> Result<Payment> {
        let path = format!("/v1/payments/{id}");
        self.http
            .send_json(EndpointClass::Read, true, || self.req(GET, &path))
            .await
    }

    /// Payments changed since `updated_since`.
    pub async fn list_payments(
        &self,
        updated_since: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<PaymentList> {
        let mut q = vec![("limit", "200".to_string())];
        if let Some(s) = updated_since {
            q.push(("updated_since", s.to_string()));
        }
        if let Some(c) = cursor {
            q.push(("cursor", c.to_string()));
        }
        self.http
            .send_json(EndpointClass::Read, true, || {
                Ok(self.req(GET, "/v1/payments")?.query(&q))
            })
            .await
    }
}
